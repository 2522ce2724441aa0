"""The access gate: role clearances and actions, effective labels (row, predicate, person, file, witness
consent), acting on a user's behalf."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from testament.errors import AccessDenied
from testament.settings import Settings
from testament.store.access import (
    Gate,
    Labeller,
    Viewer,
    acting_as,
    may,
    most_closed,
    readable_labels,
    require,
)
from testament.store.case import Case
from testament.store.consents import record_consent, withdraw_consent
from testament.store.schema import attestations, claims
from testament.store.users import User
from tests.conftest import copied_case
from tests.views.conftest import CANARY_LATIN, Planted, build_planted


@pytest.fixture(scope="module")
def _planted_cases() -> tuple[dict[str, Path], dict[str, Planted]]:
    """tests/views/conftest.py's planted case per file backend, made once per module (see `planted`): its
    folder, and what was planted in it."""
    return {}, {}


@pytest.fixture
def planted(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _planted_cases: tuple[dict[str, Path], dict[str, Planted]],
) -> Iterator[Planted]:
    """tests/views/conftest.py's `planted`, each test's own (`copied_case`: on SQLite and SQLCipher a copy of
    one planted once per module, on PostgreSQL planted per test)."""
    folders, records = _planted_cases

    def plant(case: Case, folder: Path) -> Case:
        records[backend] = build_planted(case, folder)
        return case

    cases = copied_case(backend, case_options, settings, tmp_path, tmp_path_factory, folders, plant)
    try:
        case = next(cases)  # plants first, on a template or on a PostgreSQL case
        yield dataclasses.replace(records[backend], case=case)
    finally:
        cases.close()


def test_readable_labels_per_role() -> None:
    assert readable_labels("viewer") == readable_labels("analyst") == {"public", "internal"}
    assert readable_labels("investigator") == {"public", "internal", "restricted"}
    assert readable_labels("admin") == {"public", "internal", "restricted", "sealed"}
    assert readable_labels("root") == frozenset()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"read"}),
        ("analyst", {"read", "review_links", "estimate"}),
        ("investigator", {"read", "review_links", "estimate", "ingest", "review_claims", "download"}),
        (
            "admin",
            {"read", "review_links", "estimate", "ingest", "review_claims", "download", "verify", "admin"},
        ),
    ],
)
def test_may_and_require_per_role(role: str, allowed: set[str]) -> None:
    viewer = Viewer.from_user(User(1, "u", role, False))
    actions = ("read", "review_links", "estimate", "ingest", "review_claims", "download", "verify", "admin")
    assert {a for a in actions if may(viewer, a)} == allowed
    for action in set(actions) - allowed:
        with pytest.raises(AccessDenied, match=role):
            require(viewer, action)
    with pytest.raises(ValueError):
        require(viewer, "fly")


def test_most_closed_and_gate_notes_disclosures() -> None:
    assert most_closed("public", None, "restricted", "internal") == "restricted"
    assert most_closed() == "public"
    gate = Gate(Viewer(None, "me", "investigator"))
    assert gate.see("claims", 3, "value", "restricted") and gate.see("claims", 4, "value", "internal")
    assert not gate.see("claims", 5, "value", "sealed")
    assert gate.disclosed == [("claims", 3, "value")] and gate.withheld == 1
    gate.hide("Zohreh", "1340", "m")
    assert gate.scrub("Zohreh was born in 1340") == "[withheld] was born in 1340"
    text, move = gate.redact("I, Zohreh, saw him")
    assert text == "I, [withheld], saw him" and text[move(11, False) : move(18, True)] == "saw him"
    assert (move(4, False), move(6, True)) == (3, 13)  # inside a withheld string: around its mark


def test_acting_as_changes_only_the_actor(planted: Planted) -> None:
    acting = acting_as(planted.case, planted.viewers["analyst"])
    assert acting.settings.actor == "analyst1" and planted.case.settings.actor == "tester"
    assert acting.backend is planted.case.backend and acting.blobs is planted.case.blobs


def test_labels_follow_predicate_row_witness_and_relative(planted: Planted) -> None:
    with planted.case.read() as conn:
        labels = Labeller(conn).claim_labels(
            [planted.open_claim, planted.sealed_claim, planted.address_claim, *planted.witness_claims]
        )
    assert labels[planted.open_claim] == "internal"
    assert labels[planted.sealed_claim] == "sealed"
    assert labels[planted.address_claim] == "restricted"
    assert {labels[c] for c in planted.witness_claims} == {"restricted"}  # a witness without consent


@pytest.mark.parametrize(
    ("granted", "expected"),
    [
        ([("publish", True, None)], "internal"),  # consented to publication: their own labels apply
        ([("publish", True, "2026-01-01")], "restricted"),  # withdrawn
        ([("archive", False, None)], "sealed"),  # refused the archive
        ([("share", True, None)], "restricted"),
    ],
)
def test_witness_consent_decides_protection(
    planted: Planted,
    granted: list[tuple[str, bool, str | None]],
    expected: str,
) -> None:
    for use, ok, gone in granted:  # through the writers, so each answer is a sealed `consent` event
        recipient = "Amnesty" if use == "share" else None
        record_consent(planted.case, planted.witness_person, use, granted=ok, recipient=recipient)
        if gone:
            withdraw_consent(planted.case, planted.witness_person, use, recipient=recipient)
    with planted.case.read() as conn:
        labeller = Labeller(conn)
        witness = conn.execute(
            select(claims.c.subject_id).where(claims.c.id == planted.witness_claims[0])
        ).scalar_one()
        record = labeller.record_labels([witness])[witness]
        labels = labeller.claim_labels(planted.witness_claims[:2])  # the two name claims
        narrator = conn.execute(  # the extractor's unreviewed narrator candidate over the same words
            select(claims.c.sensitivity)
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .where(claims.c.subject_type == "mention", attestations.c.original_text == CANARY_LATIN)
        ).scalar_one()
    assert record == expected
    # The Latin name claim stands on the passage of the testimony that the narrator candidate (restricted
    # until a reviewer decides it) withholds, so it is no more open than that passage, whatever the consent
    # says; the Persian name, which no candidate covers, follows the consent.
    assert narrator == "restricted"
    latin, persian = planted.witness_claims[:2]
    assert labels == {latin: most_closed(expected, narrator), persian: expected}
