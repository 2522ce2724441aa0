"""What a review decision makes of a testimony's accepted mentions beyond their own claims (`review.py`):

- **coreference**: an accepted person mention that the extractor put in one entity with mentions already
  accepted ("Davood Lashgari", "Lashgari", "he") is linked to them: an identity link (origin "model", the
  extractor's version and confidence, action `COREFERENCE`) to the entity's smallest accepted record, and
  the record joins that record's person (made now if there is none). Linkage keeps such links as must-links
  (`testament.link.decisions.latest_decisions`) until a reviewer decides otherwise on the pair (an unlink,
  or a split of the person), so the testimony's person is counted once wherever persons are counted.
- **acts**: each accepted act mention is an `acts` row per accepted victim record it is linked to (one
  without a victim when there is none), typed by the act term, dated and placed by its linked date and
  place mentions (unless rejected), attested by the act claim (`acts.claim_id`), with an involvement
  (`perpetrator_type` "person_record", degree "unspecified", the position the text gives the person) per
  accepted perpetrator record linked to it. The rows are worked out again from the artifact's mentions at
  every decision, so the order of decisions does not matter: a victim accepted after the act is filled in,
  a rejected act or person takes its rows away (deleted and sealed as deleted, like withdrawn candidates).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from testament.extract._store import Ids
from testament.store.acts import act_row, involvement_row
from testament.store.custody import utc_now
from testament.store.facts import FactWriter
from testament.store.records import COREFERENCE, coreference_links
from testament.store.schema import (
    acts,
    attestations,
    claims,
    identity_links,
    involvements,
    mentions,
    person_records,
    persons,
)

__all__ = ["Mention", "join_coreferent", "read_mentions", "sync_acts"]

_KEPT = ("accepted", "edited")
_ACT_FIELDS = (
    "act_type", "victim_record_id", "place_id", "date_start", "date_end", "date_precision", "date_original",
    "sensitivity",
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One mention of a text artifact with its claim and review status, as the decisions here need it."""

    id: int
    type: str
    start: int
    end: int
    detail: dict[str, Any]
    record_id: int | None
    claim_id: int
    value: str | None
    date_start: Any
    date_end: Any
    date_precision: str | None
    date_original: str | None
    sensitivity: str
    status: str
    confidence: float | None
    version: str

    @property
    def kept(self) -> bool:
        return self.status in _KEPT


def read_mentions(conn: Connection, artifact_id: int) -> list[Mention]:
    """Every mention of the text artifact, in text order."""
    rows = conn.execute(
        select(
            mentions.c.id, mentions.c.mention_type, mentions.c.char_start, mentions.c.char_end,
            mentions.c.detail, mentions.c.person_record_id, mentions.c.claim_id, claims.c.value,
            claims.c.date_start, claims.c.date_end, claims.c.date_precision, claims.c.date_original,
            claims.c.sensitivity, attestations.c.review_status, attestations.c.confidence,
            attestations.c.extractor_version,
        )
        .join(claims, claims.c.id == mentions.c.claim_id)
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .where(mentions.c.artifact_id == artifact_id)
        .order_by(mentions.c.char_start, mentions.c.id)
    ).all()  # fmt: skip
    return [
        Mention(
            int(r.id), str(r.mention_type), int(r.char_start), int(r.char_end), json.loads(r.detail),
            r.person_record_id, int(r.claim_id), r.value, r.date_start, r.date_end, r.date_precision,
            r.date_original, str(r.sensitivity), str(r.review_status), r.confidence, str(r.extractor_version),
        )
        for r in rows
    ]  # fmt: skip


# --- coreference -------------------------------------------------------------------------------------------


def _same_entity(a: Mention, b: Mention) -> bool:
    """Whether the extractor put both mentions in one entity. Entity numbers are those of one extraction
    run: a reviewed mention keeps its detail when the testimony is extracted again and the unreviewed ones
    are refreshed, so only mentions proposed by the same extractor version (the same rules on the same
    text number entities alike) are compared."""
    entity = a.detail.get("entity")
    return entity is not None and b.detail.get("entity") == entity and a.version == b.version


def join_coreferent(
    conn: Connection, facts: FactWriter, ids: Ids, found: Sequence[Mention], me: Mention
) -> None:
    """Link the accepted person mention `me` (its record made) to the accepted mentions of its entity."""
    if me.record_id is None:
        return
    rid = int(me.record_id)
    mates = [
        m
        for m in found
        if m.type == "person" and m.id != me.id and m.kept and m.record_id is not None and _same_entity(me, m)
    ]
    if not mates or any(rid in pair for pair in coreference_links(conn)):
        return  # alone so far, or linked at an earlier acceptance (a rejection undone)
    anchor = min(mates, key=lambda m: int(m.record_id or 0))
    a = int(anchor.record_id or 0)
    scores = [c for c in (me.confidence, anchor.confidence) if c is not None]
    facts.insert_mappings(
        identity_links,
        [
            {
                "id": ids.take(identity_links), "record_a": min(a, rid), "record_b": max(a, rid),
                "decision": "same", "origin": "model", "score": min(scores) if scores else None,
                "model_version": me.version, "reviewer": None, "reason": None, "supersedes": None,
                "created_at": utc_now(), "run_id": None, "action": COREFERENCE,
            }
        ],
    )  # fmt: skip
    held: dict[int, int | None] = {
        int(r): p
        for r, p in conn.execute(
            select(person_records.c.id, person_records.c.person_id).where(
                person_records.c.id.in_([rid, *(int(m.record_id or 0) for m in mates)])
            )
        )
    }
    target = held.get(a)
    moving = [rid]
    if target is None:  # the entity's first link: its records without a person become one
        target = ids.take(persons)
        facts.insert_mappings(persons, [{"id": target, "kind": "individual", "sensitivity": "internal"}])
        moving += [r for r, p in held.items() if p is None and r != rid]
    # the new record only: mates a reviewer has split off keep the person the reviewer gave them
    facts.written(person_records, moving, column="person_id")
    conn.execute(
        update(person_records).where(person_records.c.id.in_(sorted(set(moving)))).values(person_id=target)
    )


# --- acts --------------------------------------------------------------------------------------------------


def _at(found: Sequence[Mention], kind: str, ref: Any) -> Mention | None:
    if not isinstance(ref, dict) or ref.get("type", kind) != kind:
        return None
    return next(
        (m for m in found if m.type == kind and (m.start, m.end) == (ref.get("start"), ref.get("end"))), None
    )


def _records(found: Sequence[Mention], refs: Any) -> list[Mention]:
    """The persons the refs point at, once per person, each as the first accepted mention (with its record)
    of its coreference entity in the text: "Reza Karimi ... he was hanged" is one victim, whichever of
    the entity's mentions the act names and whichever was accepted first."""
    out: list[Mention] = []
    for ref in refs or ():
        m = _at(found, "person", ref)
        if m is None:
            continue
        same = [x for x in found if x.type == "person" and (x.id == m.id or _same_entity(m, x))]
        first = next((x for x in same if x.kept and x.record_id is not None), None)
        if first is not None and first not in out:
            out.append(first)
    return out


def _position(m: Mention) -> str | None:
    positions = m.detail.get("positions") or []
    if positions and isinstance(positions[0], dict) and positions[0].get("value"):
        return str(positions[0]["value"])
    return str(m.detail["position"]) if m.detail.get("position") else None


_ORDER = ("public", "internal", "restricted", "sealed")


def _closed(*labels: str) -> str:
    """The most closed of the labels: an act is as closed as the claims it is made of."""
    return max(labels, key=lambda label: _ORDER.index(label) if label in _ORDER else len(_ORDER))


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _touches(act: Mention, decided: Mention, found: Sequence[Mention]) -> bool:
    """Whether a decision on `decided` can change what `act` makes: the act itself, its date or place, or
    a person of the entity of a victim or perpetrator it names."""
    if decided.type == "act":
        return act.id == decided.id
    if decided.type in ("date", "place"):
        ref = act.detail.get(decided.type)
        return isinstance(ref, dict) and (ref.get("start"), ref.get("end")) == (decided.start, decided.end)
    if decided.type != "person":
        return False
    for ref in [*(act.detail.get("victims") or ()), *(act.detail.get("perpetrators") or ())]:
        named = _at(found, "person", ref)
        if named is not None and (named.id == decided.id or _same_entity(named, decided)):
            return True
    return False


def sync_acts(
    conn: Connection,
    facts: FactWriter,
    ids: Ids,
    found: Sequence[Mention],
    place_row: Any,
    decided: Mention | None = None,
) -> None:
    """Make the artifact's acts and involvements what its act mentions and their links say now (see the
    module doc); with `decided`, only the acts a decision on that mention can change. `place_row(name)`
    gives the case's place row of a place name."""
    act_mentions = [m for m in found if m.type == "act" and (decided is None or _touches(m, decided, found))]
    if not act_mentions:
        return
    existing: dict[int, list[Any]] = {}
    for row in conn.execute(
        select(acts).where(acts.c.claim_id.in_([m.claim_id for m in act_mentions])).order_by(acts.c.id)
    ).mappings():
        existing.setdefault(int(row["claim_id"]), []).append(row)
    for m in act_mentions:
        if not m.kept and m.claim_id not in existing:
            continue
        _sync_act(conn, facts, ids, found, m, existing.get(m.claim_id, []), place_row)


def _sync_act(
    conn: Connection,
    facts: FactWriter,
    ids: Ids,
    found: Sequence[Mention],
    m: Mention,
    rows: list[Any],
    place_row: Any,
) -> None:
    wanted: dict[int | None, dict[str, Any]] = {}
    perpetrators: list[Mention] = []
    if m.kept and m.value:
        date, place = _at(found, "date", m.detail.get("date")), _at(found, "place", m.detail.get("place"))
        date = date if date is not None and date.status != "rejected" else None
        place = place if place is not None and place.status != "rejected" and place.value else None
        common = {
            "act_type": str(m.value), "place_id": place_row(str(place.value)) if place else None,
            "date_start": _day(date.date_start) if date else None,
            "date_end": _day(date.date_end) if date else None,
            "date_precision": date.date_precision if date else None,
            "date_original": date.date_original if date else None, "sensitivity": m.sensitivity,
        }  # fmt: skip
        victims = _records(found, m.detail.get("victims"))
        each: list[Mention | None] = [*victims] or [None]
        for v in each:
            key = None if v is None else int(v.record_id or 0)
            label = m.sensitivity if v is None else _closed(m.sensitivity, v.sensitivity)
            wanted[key] = {**common, "victim_record_id": key, "sensitivity": label}
        perpetrators = [p for p in _records(found, m.detail.get("perpetrators")) if p not in victims]
    have = {r["victim_record_id"]: r for r in rows}
    spare = [r for k, r in have.items() if k not in wanted]
    for wanted_key, values in wanted.items():
        row = have.get(wanted_key)
        if row is None and spare:  # a victim accepted after the act: its victimless row takes the victim
            row = spare.pop(0)
        if row is None:
            aid = ids.take(acts)
            facts.insert_mappings(
                acts,
                [act_row(f"act {aid}", aid, values["act_type"], victim_record_id=wanted_key,
                         claim_id=m.claim_id, place_id=values["place_id"], start=values["date_start"],
                         end=values["date_end"],
                         precision=values["date_precision"], date_original=values["date_original"],
                         sensitivity=values["sensitivity"])],
            )  # fmt: skip
        else:
            aid = int(row["id"])
            if any(row[f] != values[f] for f in _ACT_FIELDS):
                facts.written(acts, [aid])
                conn.execute(update(acts).where(acts.c.id == aid).values(**values))
        _sync_involvements(conn, facts, ids, aid, perpetrators, m.sensitivity)
    gone = [int(r["id"]) for r in spare]
    if gone:
        inv = list(conn.execute(select(involvements.c.id).where(involvements.c.act_id.in_(gone))).scalars())
        facts.delete(involvements, inv)
        facts.delete(acts, gone)


def _sync_involvements(
    conn: Connection, facts: FactWriter, ids: Ids, act_id: int, people: Sequence[Mention], sensitivity: str
) -> None:
    have = {
        int(r.perpetrator_id): r
        for r in conn.execute(
            select(involvements).where(
                involvements.c.act_id == act_id, involvements.c.perpetrator_type == "person_record"
            )
        )
    }
    wanted = {int(p.record_id or 0): p for p in people}
    for record, person in wanted.items():
        row, position = have.get(record), _position(person)
        if row is None:
            iid = ids.take(involvements)
            label = _closed(sensitivity, person.sensitivity)
            facts.insert_mappings(
                involvements,
                [involvement_row(f"act {act_id}", iid, act_id, "person_record", record, "unspecified",
                                 position, label)],
            )  # fmt: skip
        elif row.position != position:
            facts.written(involvements, [int(row.id)])
            conn.execute(update(involvements).where(involvements.c.id == row.id).values(position=position))
    facts.delete(involvements, [int(r.id) for k, r in have.items() if k not in wanted])
