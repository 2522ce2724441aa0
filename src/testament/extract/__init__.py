"""Extraction from testimony: people, dates in both calendars, places, organisations, acts and reported
counts, proposed with their spans for a person to accept, correct or reject.

    from testament.extract import extract_mentions
    for m in extract_mentions(text):            # pure: text in, mentions out (offline rules + gazetteer)
        print(m.type, m.start, m.end, m.value, m.role)

    from testament.extract import extract_artifact, accept_candidate
    report = extract_artifact(case, artifact_id)  # candidate claims with attestations, status "proposed"

See docs/extraction.md for the rules, the annotation conventions and the scores.
"""

from __future__ import annotations

from testament.extract.evaluation import TypeScore, load_annotations, role_accuracy, score_mentions
from testament.extract.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch, load_gazetteer
from testament.extract.mention import (
    ACT_TERMS,
    EXTRACTOR,
    EXTRACTOR_VERSION,
    MENTION_TYPES,
    ROLES,
    Context,
    Mention,
    MentionType,
)
from testament.extract.pipeline import extract_mentions
from testament.extract.proposal import (
    PREDICATES,
    ExtractReport,
    export_mentions,
    extract_artifact,
    extract_case,
    testimony_artifacts,
)
from testament.extract.review import (
    REVIEW_STATUSES,
    Candidate,
    accept_candidate,
    candidate_context,
    edit_candidate,
    get_candidate,
    list_candidates,
    reject_candidate,
)

__all__ = [
    "ACT_TERMS",
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "MENTION_TYPES",
    "PREDICATES",
    "REVIEW_STATUSES",
    "ROLES",
    "Candidate",
    "Context",
    "ExtractReport",
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerMatch",
    "Mention",
    "MentionType",
    "TypeScore",
    "accept_candidate",
    "candidate_context",
    "edit_candidate",
    "export_mentions",
    "extract_artifact",
    "extract_case",
    "extract_mentions",
    "get_candidate",
    "list_candidates",
    "load_annotations",
    "load_gazetteer",
    "reject_candidate",
    "role_accuracy",
    "score_mentions",
    "testimony_artifacts",
]
