"""Consents on every backend: grant, refuse, withdraw and grant again, each a `consent` custody event; the
one rule (`consent_allows`) that the access gate and every export follow."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert, update

from testament.errors import InputError
from testament.store.case import Case
from testament.store.consents import (
    ConsentRow,
    consent_allows,
    list_consents,
    record_consent,
    withdraw_consent,
)
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import consents, persons


def _person(case: Case) -> int:
    with case.write() as conn:
        conn.execute(insert(persons), [{"id": 1, "kind": "individual", "sensitivity": "internal"}])
    return 1


def _row(use: str, granted: bool = True, withdrawn: bool = False, recipient: str | None = None) -> ConsentRow:
    return ConsentRow(1, 1, use, recipient, granted, "t", "w" if withdrawn else None, None)


def test_consent_allows_the_use_granted_and_nothing_else() -> None:
    assert not consent_allows([], "publish")
    assert consent_allows([_row("publish")], "publish")
    assert not consent_allows([_row("publish")], "prosecutor")
    assert not consent_allows([_row("publish", withdrawn=True)], "publish")
    assert not consent_allows([_row("publish", granted=False)], "publish")
    assert not consent_allows([_row("publish"), _row("archive", withdrawn=True)], "publish")
    assert consent_allows([_row("share", recipient="Amnesty")], "share", " amnesty ")
    assert not consent_allows([_row("share", recipient="Amnesty")], "share", "Other NGO")
    assert not consent_allows([_row("share", recipient="Amnesty")], "share", None)


def test_grant_withdraw_and_grant_again(fresh_case: Case) -> None:
    person = _person(fresh_case)
    record_consent(fresh_case, person, "publish", note="signed form 12")
    row = withdraw_consent(fresh_case, person, "publish")
    assert row.withdrawn_at is not None and not row.in_force
    with pytest.raises(InputError, match="no publish consent in force"):
        withdraw_consent(fresh_case, person, "publish")
    again = record_consent(fresh_case, person, "publish")
    assert again.id == row.id and again.in_force
    record_consent(fresh_case, person, "share", recipient="Amnesty International")
    record_consent(fresh_case, person, "prosecutor", granted=False)
    with fresh_case.read() as conn:
        rows = list_consents(conn, person)
        events = [json.loads(ev.details) for ev in read_events(conn) if ev.event_type == "consent"]
    assert [(r.use, r.recipient, r.in_force) for r in rows] == [
        ("publish", None, True), ("share", "Amnesty International", True), ("prosecutor", None, False),
    ]  # fmt: skip
    assert [e["action"] for e in events] == ["granted", "withdrawn", "granted", "granted", "refused"]
    assert all("note" not in e for e in events)  # the note may name someone: it stays in the row
    # every answer seals the row as it left it: verify passes, and names a consent edited behind its back
    assert verify_case(fresh_case, record=False).ok
    with fresh_case.write() as conn:
        conn.execute(update(consents).where(consents.c.use == "prosecutor").values(granted=True))
    findings = verify_case(fresh_case, record=False).findings
    assert findings and all("consents" in f.where for f in findings), [f.to_dict() for f in findings]
    # bad input is refused, naming what is wrong
    with pytest.raises(InputError, match="unknown"):
        record_consent(fresh_case, person, "broadcast")
    with pytest.raises(InputError, match="needs --recipient"):
        record_consent(fresh_case, person, "share")
    with pytest.raises(InputError, match="takes no recipient"):
        record_consent(fresh_case, person, "publish", recipient="X")
    with pytest.raises(InputError, match="no such person"):
        record_consent(fresh_case, 99, "publish")


def test_a_consent_planted_behind_the_log_is_named_by_verify(fresh_case: Case) -> None:
    # consent decides disclosure: a grant inserted without its `consent` event must not pass as real
    person = _person(fresh_case)
    record_consent(fresh_case, person, "prosecutor")
    assert verify_case(fresh_case, record=False).ok
    with fresh_case.write() as conn:
        conn.execute(
            insert(consents),
            [{"id": 99, "person_id": person, "use": "publish", "recipient": None, "granted": True,
              "recorded_at": "2025-01-01T00:00:00Z", "withdrawn_at": None, "note": None}],
        )  # fmt: skip
    findings = verify_case(fresh_case, record=False).findings
    assert [f.where for f in findings] == ["consents 99"], [f.to_dict() for f in findings]


def test_consent_label_follows_the_use_asked_for() -> None:
    from testament.store.access import _consent_label

    rows = [_row("prosecutor")]
    assert _consent_label(rows) == "restricted"  # pages and public exports ask for publish
    assert _consent_label(rows, "prosecutor") is None
    assert _consent_label([*rows, _row("archive", granted=False)], "prosecutor") == "sealed"
