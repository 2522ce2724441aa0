"""The command line's listings through the gate, at the library level and on every backend: each role gets
only the canaries it is cleared for, the owner gets them all with a `disclosed` event, decisions and hidden
persons are refused as on the pages. (tests/cli/test_access.py runs every command end to end.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from testament.errors import AccessDenied, NotFoundError
from testament.extract import list_candidates
from testament.store.custody import read_events
from testament.views import listings
from tests.views.conftest import CANARIES, CLEARED, ROLES, Planted


def _text(value: Any) -> str:
    def plain(v: Any) -> Any:
        return asdict(v) if is_dataclass(v) and not isinstance(v, type) else str(v)

    return json.dumps(value, ensure_ascii=False, default=plain)


def _explain(planted: Planted, viewer: Any, person: int) -> Any:
    return listings.explain(planted.case, viewer, person).items


def _seen(planted: Planted, viewer: Any, tmp_path: Path) -> str:
    """Everything the listings give `viewer` (what an error would say included)."""
    case, parts = planted.case, []
    calls: list[Callable[[], Any]] = [
        lambda: listings.records(case, viewer).items,
        lambda: listings.artifact_rows(case, viewer).items,
        lambda: listings.candidates(case, viewer, list_candidates(case, statuses=None)).items,
        lambda: [listings.candidate_context(case, viewer, c) for c in list_candidates(case, statuses=None)],
        lambda: listings.link_queue(case, viewer, action="read").items,
        lambda: [
            listings.export_mentions(case, viewer, tmp_path / "m.jsonl"),
            (tmp_path / "m.jsonl").read_text(),
        ],
        lambda: [listings.export_persons(case, viewer, tmp_path / "p.csv"), (tmp_path / "p.csv").read_text()],
    ]
    for person in (planted.victim_person, planted.witness_person, planted.relative_person):
        calls.append(partial(_explain, planted, viewer, person))
    for call in calls:
        try:
            parts.append(_text(call()))
        except (AccessDenied, NotFoundError) as refused:
            parts.append(refused.message)
    return "\n".join(parts)


def _events(planted: Planted) -> list[Any]:
    with planted.case.read() as conn:
        return list(read_events(conn))


def test_listings_give_each_role_only_its_canaries(planted: Planted, tmp_path: Path) -> None:
    for role in ROLES:
        seen = _seen(planted, planted.viewers[role], tmp_path)
        got = {key for key, canary in CANARIES.items() if canary in seen}
        assert got <= CLEARED[role], f"{role} got {sorted(got - CLEARED[role])}"
        assert got == CLEARED[role], f"{role} misses {sorted(CLEARED[role] - got)}"  # the test can fail
    owner = listings.viewer_for(planted.case, None)
    assert (owner.role, owner.username) == ("admin", planted.case.settings.actor)
    before = len(_events(planted))
    assert all(canary in _seen(planted, owner, tmp_path) for canary in CANARIES.values())
    disclosed = [e for e in _events(planted)[before:] if e.event_type == "disclosed"]
    assert disclosed and all(e.actor == owner.username for e in disclosed)
    logged = " ".join(e.details for e in disclosed)
    assert '["claims",' in logged and not any(canary in logged for canary in CANARIES.values())


def test_decisions_and_hidden_persons_are_refused(planted: Planted) -> None:
    investigator, viewer = planted.viewers["investigator"], planted.viewers["viewer"]
    with pytest.raises(NotFoundError, match=f"claim {planted.sealed_claim}: no such claim"):
        listings.deciding_as(planted.case, investigator, [planted.sealed_claim])
    with pytest.raises(AccessDenied, match="the viewer role may not review claims"):
        listings.deciding_as(planted.case, viewer, [])
    acting = listings.deciding_as(planted.case, investigator, [planted.open_claim])
    assert acting.settings.actor == "investigator1"
    with pytest.raises(NotFoundError, match=f"person {planted.witness_person}: no such person"):
        listings.explain(planted.case, viewer, planted.witness_person)
    with pytest.raises(AccessDenied, match="may not verify"):
        listings.custody_log(planted.case, investigator)
