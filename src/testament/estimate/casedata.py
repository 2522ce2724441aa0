"""Capture histories from a case: which lists each linked person appears on."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
from sqlalchemy import select

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.store.case import Case
from testament.store.schema import artifacts, claims, person_records, sources
from testament.vocab import FIELD_PREDICATES, RecordField

__all__ = ["STRATA_FIELDS", "history_from_case"]

STRATA_FIELDS = ("prison", "city", "affiliation", "sex", "burial_place", "fate")


def history_from_case(case: Case, *, stratum_field: str | None = None) -> dict[str | None, CaptureHistory]:
    """One history (or one per stratum) from the persons linkage made: list j caught person p when a record
    of p comes from list source j. A person's stratum is the value most of their records give."""
    if stratum_field is not None and stratum_field not in STRATA_FIELDS:
        raise InputError(
            f"--strata {stratum_field}: not a stratum field", hint=f"use one of: {', '.join(STRATA_FIELDS)}"
        )
    with case.read() as conn:
        rows = conn.execute(
            select(person_records.c.person_id, sources.c.title, person_records.c.id)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(sources.c.kind == "list", person_records.c.person_id.is_not(None))
        ).all()
        if not rows:
            raise InputError(
                f"{case.path}: no linked persons on any list yet",
                hint="run `testament link CASE` first, or estimate from a pattern CSV",
            )
        strata: dict[int, str] = {}
        if stratum_field is not None:
            predicate = FIELD_PREDICATES[RecordField(stratum_field)]
            votes: dict[int, Counter[str]] = defaultdict(Counter)
            record_person = {r.id: r.person_id for r in rows}
            for subject, value in conn.execute(
                select(claims.c.subject_id, claims.c.value).where(
                    claims.c.subject_type == "person_record", claims.c.predicate == predicate
                )
            ):
                person = record_person.get(subject)
                if person is not None and value:
                    votes[person][value] += 1
            strata = {p: c.most_common(1)[0][0] for p, c in votes.items()}
    lists = sorted({r.title for r in rows})
    if len(lists) < 2:
        raise InputError(
            f"{case.path}: linked persons come from {len(lists)} list(s)", hint="MSE needs two or more lists"
        )
    bit = {name: 1 << j for j, name in enumerate(lists)}
    pattern: dict[int, int] = defaultdict(int)
    for r in rows:
        pattern[r.person_id] |= bit[r.title]
    tables: dict[str | None, np.ndarray] = {}
    for person, index in pattern.items():
        key = None if stratum_field is None else strata.get(person, "unknown")
        tables.setdefault(key, np.zeros(2 ** len(lists), dtype=np.int64))[index] += 1
    return {k: CaptureHistory(tuple(lists), t, stratum=k, source=str(case.path)) for k, t in tables.items()}
