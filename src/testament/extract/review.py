"""Reviewing candidates: accept, edit or reject. The terminal (`testament review claims`) and the web UI call
these same functions. A decision is recorded on the candidate's attestation (status and reviewer);
the value the rules first proposed is kept on the mention, so re-extraction recognises the candidate.

Accepting (or editing) a person mention makes it a person record, with the mention's span as its locator
and its name claim moved onto the record, so linkage can join it to list records. Rejecting it later
keeps the record (records are never deleted); its name claim then says `rejected`.

Every decision is followed through the testimony (`_accepted.py`): an accepted person joins the accepted
mentions the extractor put in its coreference entity (an identity link and one person), and the accepted
act mentions are acts with their victims and involvements, whatever the order of the decisions. Positions
proposed with an accepted person are candidates too (type "position"), decided on like the others."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import aliased

from testament.dates import parse_date
from testament.errors import DateParseError, InputError
from testament.extract._accepted import join_coreferent, read_mentions, sync_acts
from testament.extract._store import Ids
from testament.extract.gazetteer import load_gazetteer
from testament.extract.mention import ACT_TERMS, EXTRACTOR, EXTRACTOR_VERSION, MENTION_TYPES, ROLES
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.places import place_for
from testament.store.schema import artifacts, attestations, claims, mentions, person_records
from testament.vocab import CustodyEventType

__all__ = [
    "CANDIDATE_TYPES",
    "REVIEW_STATUSES",
    "Candidate",
    "accept_candidate",
    "candidate_context",
    "edit_candidate",
    "get_candidate",
    "list_candidates",
    "reject_candidate",
]

REVIEW_STATUSES = ("proposed", "accepted", "edited", "rejected")
# What a reviewer decides on: the mentions extraction proposes, and the positions accepting a person
# proposes (accepting the name is not accepting the office: each is reviewed on its own).
CANDIDATE_TYPES: tuple[str, ...] = (*MENTION_TYPES, "position")

_INTERVAL = re.compile(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})")
_HINT = "list the candidates waiting for review"


@dataclass(frozen=True)
class Candidate:
    claim_id: int
    mention_id: int
    artifact: str  # the ingested file's name
    text_artifact_id: int
    type: str
    start: int
    end: int
    page: int | None
    text: str
    value: str | None
    proposed_value: str
    role: str | None
    status: str
    confidence: float | None
    reviewer: str | None
    person_record_id: int | None
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _query() -> Any:
    original = aliased(artifacts)
    return (
        select(
            mentions.c.claim_id,
            mentions.c.id.label("mention_id"),
            mentions.c.artifact_id,
            mentions.c.mention_type,
            mentions.c.char_start,
            mentions.c.char_end,
            mentions.c.proposed_value,
            mentions.c.role,
            mentions.c.detail,
            mentions.c.person_record_id,
            claims.c.value,
            attestations.c.page,
            attestations.c.original_text,
            attestations.c.review_status,
            attestations.c.confidence,
            attestations.c.reviewer,
            original.c.filename.label("original_name"),
            artifacts.c.filename,
        )
        .join(claims, claims.c.id == mentions.c.claim_id)
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .join(artifacts, artifacts.c.id == mentions.c.artifact_id)
        .outerjoin(original, original.c.id == artifacts.c.derived_from)
    )


def _position_query() -> Any:
    """Positions proposed with accepted person mentions (`_propose_position`): held_position claims on the
    holder's record, attested in the text by the extractor. They have no mention of their own: the holder's
    mention stands for it (its id, role and record), the attestation gives the span."""
    original = aliased(artifacts)
    return (
        select(
            claims.c.id.label("claim_id"),
            mentions.c.id.label("mention_id"),
            attestations.c.artifact_id,
            attestations.c.char_start,
            attestations.c.char_end,
            mentions.c.role,
            mentions.c.detail,
            mentions.c.person_record_id,
            claims.c.value,
            attestations.c.page,
            attestations.c.original_text,
            attestations.c.review_status,
            attestations.c.confidence,
            attestations.c.reviewer,
            original.c.filename.label("original_name"),
            artifacts.c.filename,
        )
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .join(mentions, mentions.c.person_record_id == claims.c.subject_id)
        .join(artifacts, artifacts.c.id == attestations.c.artifact_id)
        .outerjoin(original, original.c.id == artifacts.c.derived_from)
        .where(
            claims.c.predicate == "held_position",
            claims.c.subject_type == "person_record",
            attestations.c.extractor == EXTRACTOR,
            mentions.c.mention_type == "person",
        )
    )


def _position_candidate(r: Any) -> Candidate:
    """A position candidate: the proposed value and its links (date, place) are the holder's detail's entry
    of the same span."""
    holder = json.loads(r.detail)
    entries = holder.get("positions") or []
    entry = next(
        (q for q in entries if (q.get("start"), q.get("end")) == (r.char_start, r.char_end)),
        {"value": holder.get("position") or r.value},
    )
    return Candidate(
        claim_id=int(r.claim_id), mention_id=int(r.mention_id), artifact=str(r.original_name or r.filename),
        text_artifact_id=int(r.artifact_id), type="position", start=int(r.char_start), end=int(r.char_end),
        page=r.page, text=str(r.original_text), value=r.value, proposed_value=str(entry.get("value") or ""),
        role=r.role, status=str(r.review_status), confidence=r.confidence, reviewer=r.reviewer,
        person_record_id=r.person_record_id, detail=dict(entry),
    )  # fmt: skip


def _candidate(r: Any) -> Candidate:
    return Candidate(
        claim_id=int(r.claim_id),
        mention_id=int(r.mention_id),
        artifact=str(r.original_name or r.filename),
        text_artifact_id=int(r.artifact_id),
        type=str(r.mention_type),
        start=int(r.char_start),
        end=int(r.char_end),
        page=r.page,
        text=str(r.original_text),
        value=r.value,
        proposed_value=str(r.proposed_value),
        role=r.role,
        status=str(r.review_status),
        confidence=r.confidence,
        reviewer=r.reviewer,
        person_record_id=r.person_record_id,
        detail=json.loads(r.detail),
    )


def list_candidates(
    case: Case,
    *,
    statuses: Sequence[str] | None = ("proposed",),
    types: Sequence[str] | None = None,
    artifact_id: int | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """Candidates in text order, by default the ones still waiting for review: the mentions extraction
    proposed and the positions acceptance proposed with their holders (type "position")."""
    check_statuses(statuses)
    for kind in types or ():
        if kind not in CANDIDATE_TYPES:
            raise InputError(
                f"mention type {kind!r} is not known", hint=f"use one of {', '.join(CANDIDATE_TYPES)}"
            )
    query = _query().order_by(mentions.c.artifact_id, mentions.c.char_start, mentions.c.char_end)
    held = _position_query().order_by(attestations.c.artifact_id, attestations.c.char_start, claims.c.id)
    if statuses:
        query = query.where(attestations.c.review_status.in_(list(statuses)))
        held = held.where(attestations.c.review_status.in_(list(statuses)))
    if types:
        query = query.where(mentions.c.mention_type.in_(list(types)))
    if artifact_id is not None:
        query = query.where((artifacts.c.id == artifact_id) | (artifacts.c.derived_from == artifact_id))
        held = held.where((artifacts.c.id == artifact_id) | (artifacts.c.derived_from == artifact_id))
    if limit is not None:
        query, held = query.limit(limit), held.limit(limit)
    with case.read() as conn:
        found = (
            [_candidate(r) for r in conn.execute(query)] if set(types or MENTION_TYPES) - {"position"} else []
        )
        if types is None or "position" in types:
            found += [_position_candidate(r) for r in conn.execute(held)]
    found.sort(key=lambda c: (c.text_artifact_id, c.start, c.end, c.type == "position"))
    return found if limit is None else found[:limit]


def check_statuses(statuses: Sequence[str] | None) -> None:
    """Refuse a review status that does not exist (a typo would otherwise select nothing)."""
    for status in statuses or ():
        if status not in REVIEW_STATUSES:
            raise InputError(
                f"review status {status!r} is not known", hint=f"use one of {', '.join(REVIEW_STATUSES)}"
            )


def _get(conn: Connection, claim_id: int) -> Candidate:
    row = conn.execute(_query().where(mentions.c.claim_id == claim_id)).first()
    if row is not None:
        return _candidate(row)
    held = conn.execute(_position_query().where(claims.c.id == claim_id)).first()
    if held is None:
        raise InputError(f"claim {claim_id}: not an extraction candidate", hint=_HINT)
    return _position_candidate(held)


def get_candidate(case: Case, claim_id: int) -> Candidate:
    with case.read() as conn:
        return _get(conn, claim_id)


def candidate_context(case: Case, candidate: Candidate, width: int = 90) -> tuple[str, str, str]:
    """The candidate's span in its text with up to `width` characters either side, line breaks as spaces:
    (before, span, after), for a reviewer to read it in place."""
    with case.read() as conn:
        sha = conn.execute(
            select(artifacts.c.sha256).where(artifacts.c.id == candidate.text_artifact_id)
        ).scalar_one()
    text = case.blobs.get(sha).decode("utf-8")
    start, end = candidate.start, candidate.end
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width].replace("\n", " ")
    return before, text[start:end], after


def _decide(
    case: Case, claim_id: int, status: str, reviewer: str | None, changes: dict[str, Any] | None = None
) -> Candidate:
    who = reviewer or case.settings.actor
    edited = sorted(changes or {})  # field names only, never the values
    with case.write() as conn:
        current = _get(conn, claim_id)
        facts = FactWriter(conn)  # a decision changes sealed rows: they are sealed again, as they are now
        if changes:
            if "role" in changes:
                facts.written(mentions, [current.mention_id])
                conn.execute(
                    update(mentions)
                    .where(mentions.c.id == current.mention_id)
                    .values(role=changes.pop("role"))
                )
            if changes:
                facts.written(claims, [claim_id])
                conn.execute(update(claims).where(claims.c.id == claim_id).values(**changes))
        facts.written(
            attestations,
            conn.execute(select(attestations.c.id).where(attestations.c.claim_id == claim_id)).scalars(),
        )
        conn.execute(
            update(attestations)
            .where(attestations.c.claim_id == claim_id)
            .values(review_status=status, reviewer=who)
        )
        ids = Ids(conn)
        if current.type == "person" and status in ("accepted", "edited") and current.person_record_id is None:
            _make_record(conn, facts, ids, current)
        _follow(conn, facts, ids, current, status)
        sha = conn.execute(
            select(artifacts.c.sha256).where(artifacts.c.id == current.text_artifact_id)
        ).scalar_one()
        details = {"claim_id": claim_id, "decision": status, "edited": edited, **facts.details(always=True)}
        append_events(conn, who, [NewEvent(CustodyEventType.REVIEWED, details, str(sha))])
        return _get(conn, claim_id)


def _follow(conn: Connection, facts: FactWriter, ids: Ids, c: Candidate, status: str) -> None:
    """What the decision makes of the testimony's other accepted mentions (`_accepted.py`): an accepted
    person joins the accepted mentions of its entity; the artifact's acts follow its mentions."""
    if c.type not in ("person", "act", "date", "place"):
        return  # counts, organisations and positions make no act (organisation perpetrators: not yet)
    found = read_mentions(conn, c.text_artifact_id)
    me = next((m for m in found if m.id == c.mention_id), None)
    if me is None:
        return
    if c.type == "person" and status in ("accepted", "edited"):
        join_coreferent(conn, facts, ids, found, me)
    sync_acts(conn, facts, ids, found, lambda name: _place_row(conn, ids, facts, name), me)


def _make_record(conn: Connection, facts: FactWriter, ids: Ids, c: Candidate) -> None:
    """The accepted mention becomes a person record; its name claim (and position, if read) moves onto it."""
    rid = ids.take(person_records)
    facts.written(person_records, [rid])
    facts.written(mentions, [c.mention_id])
    facts.written(claims, [c.claim_id])
    sensitivity = conn.execute(select(claims.c.sensitivity).where(claims.c.id == c.claim_id)).scalar_one()
    conn.execute(
        insert(person_records),
        [{"id": rid, "artifact_id": c.text_artifact_id, "row": None, "page": c.page,
          "char_start": c.start, "char_end": c.end, "sensitivity": sensitivity}],
    )  # fmt: skip
    conn.execute(update(mentions).where(mentions.c.id == c.mention_id).values(person_record_id=rid))
    conn.execute(
        update(claims).where(claims.c.id == c.claim_id).values(subject_type="person_record", subject_id=rid)
    )
    positions = c.detail.get("positions") or (
        [{"value": c.detail["position"], "start": c.start, "end": c.end}] if c.detail.get("position") else []
    )
    for position in positions:
        _propose_position(conn, facts, ids, c, rid, sensitivity, position)


def _propose_position(
    conn: Connection,
    facts: FactWriter,
    ids: Ids,
    c: Candidate,
    rid: int,
    sensitivity: str,
    position: dict[str, Any],
) -> None:
    """A position the text gives the person becomes a held_position claim on their record (the shape
    `testament.legal` reads: value in English, dated by the date told with it), attested by the words of
    the position and left "proposed": accepting the name is not accepting the office."""
    now = utc_now()
    cid, aid = ids.take(claims), ids.take(attestations)
    facts.written(claims, [cid])
    facts.written(attestations, [aid])
    row: dict[str, Any] = {
        "id": cid,
        "subject_type": "person_record",
        "subject_id": rid,
        "predicate": "held_position",
        "value": str(position["value"]),
        "stance": "affirms",
        "created_at": now,
        "sensitivity": sensitivity,
    }
    date = position.get("date")
    if isinstance(date, dict) and "/" in str(date.get("value")):
        first, last = str(date["value"]).split("/")
        row.update(
            date_start=datetime.date.fromisoformat(first),
            date_end=datetime.date.fromisoformat(last),
            date_original=str(date.get("text")),
        )
    place = position.get("place")
    if isinstance(place, dict) and place.get("value"):
        row["place_id"] = _place_row(conn, ids, facts, str(place["value"]))
    conn.execute(insert(claims), [row])
    start, end = int(position["start"]), int(position["end"])
    conn.execute(
        insert(attestations),
        [
            {
                "id": aid,
                "claim_id": cid,
                "artifact_id": c.text_artifact_id,
                "locator_kind": "span",
                "page": c.page,
                "char_start": start,
                "char_end": end,
                "original_text": str(position.get("text", c.text)),
                "relation": c.detail.get("relation"),
                "first_hand": bool(c.detail.get("first_hand")),
                "extractor": EXTRACTOR,
                "extractor_version": EXTRACTOR_VERSION,
                "confidence": c.confidence,
                "review_status": "proposed",
                "created_at": now,
            }
        ],
    )


def _place_row(conn: Connection, ids: Ids, facts: FactWriter, name: str) -> int:
    """The case's place row for a place the text names with a position (`testament.store.places`, the
    writer `testament legal place` uses): what links the position to the acts there."""
    entry = load_gazetteer().lookup(name)
    if entry is None or entry.category != "place":
        return place_for(conn, ids, facts, name, kind="place")
    return place_for(
        conn, ids, facts, entry.name, kind=entry.kind, latitude=entry.lat, longitude=entry.lon,
        uncertainty_m=entry.uncertainty_m,
    )  # fmt: skip


def accept_candidate(case: Case, claim_id: int, *, reviewer: str | None = None) -> Candidate:
    """The candidate is right as proposed."""
    return _decide(case, claim_id, "accepted", reviewer)


def reject_candidate(case: Case, claim_id: int, *, reviewer: str | None = None) -> Candidate:
    """The candidate is wrong; it stays rejected however often the testimony is extracted again."""
    return _decide(case, claim_id, "rejected", reviewer)


def edit_candidate(
    case: Case,
    claim_id: int,
    *,
    value: str | None = None,
    role: str | None = None,
    reviewer: str | None = None,
) -> Candidate:
    """Correct the value (a date, a count, a place name, an act term, a name, a position) and/or a
    person's role."""
    if value is None and role is None:
        raise InputError(f"claim {claim_id}: nothing to edit", hint="give a new value, a new role or both")
    current = get_candidate(case, claim_id)
    changes: dict[str, Any] = {}
    if value is not None:
        changes.update(_normalise(current, value))
    if role is not None:
        if current.type != "person":
            raise InputError(f"claim {claim_id}: only person mentions have a role", hint="give no role")
        if role not in ROLES:
            raise InputError(
                f"claim {claim_id}: role '{role}' is not known", hint=f"use one of {', '.join(ROLES)}"
            )
        changes["role"] = role
    return _decide(case, claim_id, "edited", reviewer, changes)


def _normalise(c: Candidate, value: str) -> dict[str, Any]:
    """The claim columns an edited value sets, checked against the mention's type."""
    text = value.strip()
    where = f"claim {c.claim_id}"
    if not text:
        raise InputError(f"{where}: the new value is empty", hint="reject the candidate instead")
    if c.type == "date":
        m = _INTERVAL.fullmatch(text)
        try:
            if m:
                start, end = datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2])
                if start > end:
                    raise ValueError
                precision = "day" if start == end else "range"
                return {"value": text, "date_start": start, "date_end": end, "date_precision": precision,
                        "date_calendar": "gregorian"}  # fmt: skip
            parsed = parse_date(text)
        except (ValueError, DateParseError):
            raise InputError(
                f"{where}: the new value is not a date",
                hint="write YYYY-MM-DD/YYYY-MM-DD, or a date such as '15 Mordad 1367' or 'August 6, 1988'",
            ) from None
        return {"value": parsed.interval, "date_start": parsed.start, "date_end": parsed.end,
                "date_precision": parsed.precision, "date_calendar": parsed.calendar}  # fmt: skip
    if c.type == "count":
        if not text.isdigit():
            raise InputError(f"{where}: a count is a whole number", hint="e.g. 160")
        return {"value": str(int(text))}
    if c.type == "act":
        if text not in ACT_TERMS:
            raise InputError(
                f"{where}: '{text}' is not an act term", hint=f"use one of {', '.join(ACT_TERMS)}"
            )
        return {"value": text}
    if c.type in ("place", "organisation"):
        entry = load_gazetteer().lookup(text)
        return {"value": entry.name if entry is not None else text}
    return {"value": text}  # a person's name as the reviewer reads it
