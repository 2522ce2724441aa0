"""Consent of witnesses, per use: what they allowed Testament to do with their testimony and identity.

A witness (a person) grants or refuses each **use**: `archive` (keep it in the case at all), `publish`
(memorials, public exports), `share` with a named organisation (the `recipient`), `prosecutor` (give it to a
prosecutor or court). One row per person, use and recipient (the `consents` table of migration 0001): a
change of mind updates that row, and every grant, refusal and withdrawal is a `consent` custody event that
seals the row as written (`store.facts`, so `verify` names an edited consent), keeping the history in the
hash-chained log (person id, use, recipient, granted or withdrawn; never a name or the note).

`consent_allows` is the one rule: the access gate (`store.access`) and every export ask it, so a withdrawal
takes effect in the next page, export and bundle alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from testament.errors import InputError
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import consents, persons
from testament.vocab import CustodyEventType

__all__ = [
    "USES",
    "ConsentRow",
    "consent_allows",
    "consents_by_person",
    "list_consents",
    "record_consent",
    "withdraw_consent",
]

USES: tuple[str, ...] = ("archive", "publish", "share", "prosecutor")


@dataclass(frozen=True)
class ConsentRow:
    """One person's answer for one use (and, for `share`, one recipient)."""

    id: int
    person_id: int
    use: str
    recipient: str | None
    granted: bool
    recorded_at: str
    withdrawn_at: str | None
    note: str | None

    @property
    def in_force(self) -> bool:
        return self.granted and self.withdrawn_at is None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def consent_allows(rows: Iterable[ConsentRow], use: str, recipient: str | None = None) -> bool:
    """Whether `rows` (one person's consents) allow `use` (for `share`: with `recipient`): a grant of that
    use, for that recipient when one is named, that was not withdrawn. No answer on file allows nothing;
    refusing or withdrawing `archive` withdraws every other use too."""
    rows = list(rows)
    if any(r.use == "archive" and not r.in_force for r in rows):
        return False
    return any(
        r.use == use and r.in_force and (use != "share" or _same(r.recipient, recipient)) for r in rows
    )


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def _check(use: str, recipient: str | None) -> str | None:
    if use not in USES:
        raise InputError(f"consent use {use!r}: unknown", hint=f"use one of: {', '.join(USES)}")
    if use == "share":
        if not recipient or not recipient.strip():
            raise InputError(
                "consent to share needs --recipient", hint="name the organisation it is shared with"
            )
        return recipient.strip()
    if recipient:
        raise InputError(f"consent use {use}: takes no recipient", hint="only `share` names a recipient")
    return None


def _rows(conn: Connection, person_id: int | None = None) -> list[ConsentRow]:
    query = select(consents).order_by(consents.c.person_id, consents.c.id)
    if person_id is not None:
        query = query.where(consents.c.person_id == person_id)
    return [
        ConsentRow(
            int(r.id), int(r.person_id), str(r.use), r.recipient, bool(r.granted), str(r.recorded_at),
            r.withdrawn_at, r.note,
        )
        for r in conn.execute(query)
    ]  # fmt: skip


def list_consents(conn: Connection, person_id: int | None = None) -> list[ConsentRow]:
    """Every consent on file (of one person when `person_id` is given)."""
    return _rows(conn, person_id)


def consents_by_person(conn: Connection) -> dict[int, list[ConsentRow]]:
    out: dict[int, list[ConsentRow]] = {}
    for row in _rows(conn):
        out.setdefault(row.person_id, []).append(row)
    return out


def _find(conn: Connection, person_id: int, use: str, recipient: str | None) -> ConsentRow | None:
    for row in _rows(conn, person_id):
        if row.use == use and (row.recipient == recipient or _same(row.recipient, recipient)):
            return row
    return None


def record_consent(
    case: Case,
    person_id: int,
    use: str,
    *,
    granted: bool = True,
    recipient: str | None = None,
    note: str | None = None,
) -> ConsentRow:
    """Record that person `person_id` granted (or refused) `use`. Replaces their earlier answer for that use
    and recipient (a withdrawn grant can be granted again); the custody log keeps every answer."""
    recipient = _check(use, recipient)
    now = utc_now()
    with case.write() as conn:
        if conn.execute(select(persons.c.id).where(persons.c.id == person_id)).first() is None:
            raise InputError(
                f"person {person_id}: no such person in this case",
                hint="person ids: `testament export persons CASE --out FILE.csv`",
            )
        old = _find(conn, person_id, use, recipient)
        values = {"granted": granted, "recorded_at": now, "withdrawn_at": None, "note": note}
        facts = FactWriter(conn)
        if old is None:
            cid = Ids(conn).take(consents)
            row = {"id": cid, "person_id": person_id, "use": use, "recipient": recipient, **values}
            facts.insert_mappings(consents, [row])
        else:
            cid = old.id
            facts.written(consents, [cid])  # sealed again, as changed by this event
            conn.execute(update(consents).where(consents.c.id == cid).values(**values))
        details = {"consent_id": cid, "person_id": person_id, "use": use, "recipient": recipient,
                   "granted": granted, "action": "granted" if granted else "refused"}  # fmt: skip
        append_events(
            conn, case.settings.actor, [NewEvent(CustodyEventType.CONSENT, {**details, **facts.details()})]
        )
        found = _find(conn, person_id, use, recipient)
    assert found is not None
    return found


def withdraw_consent(case: Case, person_id: int, use: str, *, recipient: str | None = None) -> ConsentRow:
    """Withdraw person `person_id`'s consent to `use`: every later page, export and bundle leaves out what it
    covered. InputError when there is no grant in force to withdraw."""
    recipient = _check(use, recipient)
    now = utc_now()
    with case.write() as conn:
        old = _find(conn, person_id, use, recipient)
        if old is None or not old.in_force:
            raise InputError(
                f"person {person_id}: no {use} consent in force to withdraw",
                hint="list consents with `testament consent list CASE`",
            )
        facts = FactWriter(conn)
        facts.written(consents, [old.id])
        conn.execute(update(consents).where(consents.c.id == old.id).values(withdrawn_at=now))
        details = {"consent_id": old.id, "person_id": person_id, "use": use, "recipient": recipient,
                   "action": "withdrawn", **facts.details()}  # fmt: skip
        append_events(conn, case.settings.actor, [NewEvent(CustodyEventType.CONSENT, details)])
        row = _find(conn, person_id, use, recipient)
    assert row is not None
    return row
