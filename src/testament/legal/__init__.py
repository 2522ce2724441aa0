"""Legal mapping: frameworks of crimes and their elements as data files, evidence linked to elements,
positions held over time, independence of sources, and the case file per accused (HTML and PDF).

The names below are loaded on first use, so `import testament.legal` stays cheap."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "CaseFile",
    "CitedArtifact",
    "Evidence",
    "FrameworkError",
    "Frameworks",
    "OverlapSuggestion",
    "add_act",
    "add_acts",
    "add_organisation",
    "add_person",
    "add_place",
    "add_position",
    "correct_position",
    "derive_source",
    "evidence_at",
    "link_element",
    "linked_acts",
    "load_frameworks",
    "overlap_suggestions",
    "positions_of",
    "render_case_file",
    "review_claim",
    "source_groups",
    "write_case_file",
]

_HOMES = {
    "CaseFile": "casefile",
    "CitedArtifact": "casefile",
    "render_case_file": "casefile",
    "Evidence": "records",
    "add_act": "records",
    "add_acts": "records",
    "add_organisation": "records",
    "add_person": "records",
    "add_place": "records",
    "add_position": "records",
    "correct_position": "records",
    "derive_source": "records",
    "evidence_at": "records",
    "write_case_file": "casefile",
    "link_element": "records",
    "review_claim": "records",
    "FrameworkError": "frameworks",
    "Frameworks": "frameworks",
    "load_frameworks": "frameworks",
    "OverlapSuggestion": "independence",
    "overlap_suggestions": "independence",
    "source_groups": "independence",
    "linked_acts": "positions",
    "positions_of": "positions",
}

if TYPE_CHECKING:
    from testament.legal.casefile import CaseFile, CitedArtifact, render_case_file, write_case_file
    from testament.legal.frameworks import FrameworkError, Frameworks, load_frameworks
    from testament.legal.independence import OverlapSuggestion, overlap_suggestions, source_groups
    from testament.legal.positions import linked_acts, positions_of
    from testament.legal.records import (
        Evidence,
        add_act,
        add_acts,
        add_organisation,
        add_person,
        add_place,
        add_position,
        correct_position,
        derive_source,
        evidence_at,
        link_element,
        review_claim,
    )


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"testament.legal.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'testament.legal' has no attribute {name!r}")
