"""Positions held over time (`held_position` claims) and the acts they link a person to.

A position links its holder to an act when the act happened at the position's place and inside its dates
(an open end is open): a member of the Gohardasht commission in the summer of 1988 is linked to the
executions at Gohardasht that summer. Explicit involvements (`involvements` rows) link a person directly,
with their degree. Functions here read rows as they are; the case file passes them through the access gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from testament.store.schema import acts, attestations, claims, involvements, person_records

__all__ = ["LinkedAct", "Position", "linked_acts", "positions_of"]


@dataclass
class Position:
    claim_id: int
    position: str
    organisation_id: int | None
    place_id: int | None
    start: dt.date | None
    end: dt.date | None
    date_original: str | None
    stance: str
    sensitivity: str
    review: list[str] = field(default_factory=list)  # the review status of each attestation

    @property
    def reviewed(self) -> bool:
        return any(s in ("accepted", "edited") for s in self.review)

    def covers(self, place_id: int | None, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether an act at `place_id` between `start` and `end` falls inside this position."""
        if self.place_id is None or place_id != self.place_id or self.stance == "denies":
            return False
        if start is None and end is None:
            return False  # an undated act is linked by an explicit involvement only
        a_start, a_end = start or end, end or start
        return (self.end is None or a_start <= self.end) and (self.start is None or a_end >= self.start)  # type: ignore[operator]


@dataclass
class LinkedAct:
    act_id: int
    act_type: str
    victim_person_id: int | None  # the act's victim, or the person of its victim record (testimony acts)
    place_id: int | None
    start: dt.date | None
    end: dt.date | None
    date_original: str | None
    sensitivity: str
    victim_record_id: int | None = None  # a testimony act's victim as the record of the accepted mention
    claim_id: int | None = None  # a testimony act: the act claim it was accepted from, which attests it
    degrees: list[str] = field(default_factory=list)  # explicit involvements
    involvement_ids: list[int] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # held_position claims that link it


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def positions_of(conn: Connection, person_id: int) -> list[Position]:
    """The person's `held_position` claims (on the person, or on records linked to them), dated, earliest
    first. Claims every attestation of which was rejected are left out."""
    records = select(person_records.c.id).where(person_records.c.person_id == person_id).scalar_subquery()
    rows = conn.execute(
        select(
            claims.c.id, claims.c.value, claims.c.object_type, claims.c.object_id, claims.c.place_id,
            claims.c.date_start, claims.c.date_end, claims.c.date_original, claims.c.stance,
            claims.c.sensitivity,
        ).where(
            claims.c.predicate == "held_position",
            or_(
                and_(claims.c.subject_type == "person", claims.c.subject_id == person_id),
                and_(claims.c.subject_type == "person_record", claims.c.subject_id.in_(records)),
            ),
        )
    ).all()  # fmt: skip
    out = {
        int(r.id): Position(
            claim_id=int(r.id), position=str(r.value or ""),
            organisation_id=int(r.object_id) if r.object_type == "organisation" and r.object_id else None,
            place_id=r.place_id, start=_date(r.date_start), end=_date(r.date_end),
            date_original=r.date_original, stance=str(r.stance), sensitivity=str(r.sensitivity),
        )
        for r in rows
    }  # fmt: skip
    if out:
        for cid, status in conn.execute(
            select(attestations.c.claim_id, attestations.c.review_status).where(
                attestations.c.claim_id.in_(list(out))
            )
        ):
            out[int(cid)].review.append(str(status))
    kept = [p for p in out.values() if not p.review or any(s != "rejected" for s in p.review)]
    return sorted(kept, key=lambda p: (p.start or dt.date.min, p.claim_id))


def linked_acts(conn: Connection, person_id: int, positions: Sequence[Position]) -> list[LinkedAct]:
    """Acts the person is linked to: by an explicit involvement (with its degree) of the person or of one
    of their records (an act accepted from a testimony) or through a position held at the act's place and
    time."""
    found: dict[int, LinkedAct] = {}

    def take(r: Any) -> LinkedAct:
        act = found.get(int(r.id))
        if act is None:
            act = found[int(r.id)] = LinkedAct(
                act_id=int(r.id), act_type=str(r.act_type),
                victim_person_id=r.victim_person_id or r.victim_of_record, place_id=r.place_id,
                start=_date(r.date_start), end=_date(r.date_end), date_original=r.date_original,
                sensitivity=str(r.sensitivity), victim_record_id=r.victim_record_id, claim_id=r.claim_id,
            )  # fmt: skip
        return act

    victim = person_records.alias("victim")
    cols = (
        acts.c.id, acts.c.act_type, acts.c.victim_person_id, acts.c.place_id, acts.c.date_start,
        acts.c.date_end, acts.c.date_original, acts.c.sensitivity, acts.c.victim_record_id, acts.c.claim_id,
        victim.c.person_id.label("victim_of_record"),
    )  # fmt: skip
    with_victim = acts.outerjoin(victim, victim.c.id == acts.c.victim_record_id)
    records = select(person_records.c.id).where(person_records.c.person_id == person_id).scalar_subquery()
    for r in conn.execute(
        select(*cols, involvements.c.id.label("inv_id"), involvements.c.degree)
        .select_from(with_victim)
        .join(involvements, involvements.c.act_id == acts.c.id)
        .where(
            or_(
                and_(involvements.c.perpetrator_type == "person", involvements.c.perpetrator_id == person_id),
                and_(
                    involvements.c.perpetrator_type == "person_record",
                    involvements.c.perpetrator_id.in_(records),
                ),
            )
        )
    ):
        act = take(r)
        act.involvement_ids.append(int(r.inv_id))
        if r.degree not in act.degrees:
            act.degrees.append(str(r.degree))
    places = {p.place_id for p in positions if p.place_id is not None and p.stance != "denies"}
    if places:
        for r in conn.execute(
            select(*cols).select_from(with_victim).where(acts.c.place_id.in_(sorted(places)))
        ):
            start, end = _date(r.date_start), _date(r.date_end)
            holders = [p.claim_id for p in positions if p.covers(r.place_id, start, end)]
            if holders:
                take(r).positions.extend(holders)
    return sorted(found.values(), key=lambda a: (a.start or dt.date.min, a.act_id))
