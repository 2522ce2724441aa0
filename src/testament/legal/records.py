"""Writing the legal layer's rows: persons and places named by hand (an accused, a prison), acts with their
involvements, `held_position` claims, evidence linked to elements, and relations between sources.

Every call is one `mapped` custody event that seals exactly the rows it wrote (`testament.store.facts`), so
`testament verify` covers them like ingested facts. Values are checked before anything is written; an error
names the field and never echoes personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, select

from testament.errors import InputError, NotFoundError
from testament.store.acts import DEGREES, act_row, involvement_row
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import (
    acts,
    artifacts,
    attestations,
    claims,
    element_supports,
    involvements,
    organisations,
    persons,
    places,
    source_relations,
    sources,
)
from testament.vocab import ATTESTATION_RELATIONS, REVIEW_STATUSES, CustodyEventType, Sensitivity

__all__ = [
    "DEGREES",
    "RELATIONS",
    "STANCES",
    "STRENGTHS",
    "Evidence",
    "add_act",
    "add_organisation",
    "add_person",
    "add_place",
    "add_position",
    "correct_position",
    "derive_source",
    "evidence_at",
    "link_element",
    "review_claim",
]

STANCES: tuple[str, ...] = ("supports", "undermines")
STRENGTHS: tuple[str, ...] = ("weak", "moderate", "strong")
RELATIONS: tuple[str, ...] = ("derived_from", "copied_from")
_LABELS = tuple(s.value for s in Sensitivity)
_TARGETS = {"act": acts, "involvement": involvements, "claim": claims}


@dataclass(frozen=True)
class Evidence:
    """Where a fact is said: a span (or page, list cell) of an artifact, and exactly what it says there."""

    artifact_id: int
    original_text: str
    char_start: int | None = None
    char_end: int | None = None
    page: int | None = None
    row: int | None = None
    column: str | None = None
    relation: str | None = None  # eyewitness, fellow_prisoner, official, ...
    first_hand: bool | None = None
    review_status: str = "proposed"


def _choice(field: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise InputError(f"{field}: {value!r} is not allowed", hint=f"use one of {', '.join(allowed)}")
    return value


def _date(field: str, value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{field}: not a date as YYYY-MM-DD", hint="give e.g. 1988-08-01") from None


def _exists(conn: Connection, table: Table, row_id: int | None, what: str) -> None:
    if row_id is None:
        return
    if conn.execute(select(table.c.id).where(table.c.id == int(row_id))).first() is None:
        raise NotFoundError(
            f"{what} {row_id}: no such {what} in this case", hint=f"pick a {what} from its list"
        )


def _mapped(conn: Connection, facts: FactWriter, actor: str, what: str, **details: Any) -> None:
    append_events(
        conn, actor, [NewEvent(CustodyEventType.MAPPED, {"what": what, **details, **facts.details()})]
    )


def _claim_rows(
    conn: Connection,
    ids: Ids,
    claim: dict[str, Any],
    evidence: Sequence[Evidence],
    extractor: str,
    reviewer: str,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    now = utc_now()
    cid = ids.take(claims)
    row = {
        "id": cid, "subject_type": None, "subject_id": None, "predicate": None, "value": None,
        "object_type": None, "object_id": None, "date_start": None, "date_end": None,
        "date_precision": None, "date_original": None, "date_calendar": None, "place_id": None,
        "stance": "affirms", "created_at": now, "sensitivity": "internal",
    }  # fmt: skip
    row.update(claim)
    atts = []
    for i, ev in enumerate(evidence):
        where = f"evidence {i + 1}"
        _exists(conn, artifacts, ev.artifact_id, "artifact")
        if ev.relation is not None:
            _choice(f"{where}: relation", ev.relation, sorted(ATTESTATION_RELATIONS))
        _choice(f"{where}: review status", ev.review_status, sorted(REVIEW_STATUSES))
        kind = "span" if ev.char_start is not None else "cell" if ev.row is not None else "page"
        if kind == "span" and (ev.char_end is None or ev.char_end < ev.char_start):  # type: ignore[operator]
            raise InputError(f"{where}: a span needs char_end ≥ char_start", hint="give both offsets")
        atts.append(
            {
                "id": ids.take(attestations), "claim_id": cid, "artifact_id": ev.artifact_id,
                "locator_kind": kind, "row": ev.row, "column_name": ev.column, "page": ev.page,
                "char_start": ev.char_start, "char_end": ev.char_end, "time_start": None, "time_end": None,
                "original_text": ev.original_text, "relation": ev.relation, "first_hand": ev.first_hand,
                "extractor": extractor, "extractor_version": "1", "confidence": None,
                "review_status": ev.review_status,
                "reviewer": reviewer if ev.review_status != "proposed" else None, "created_at": now,
            }
        )  # fmt: skip
    return row, atts


def add_person(case: Case, name: str, *, kind: str = "individual", sensitivity: str = "internal") -> int:
    """A person named by hand (an accused, an official): a `persons` row and a `name` claim on it."""
    _choice("kind", kind, ("individual", "group"))
    _choice("sensitivity", sensitivity, _LABELS)
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        pid = ids.take(persons)
        facts.insert_mappings(persons, [{"id": pid, "kind": kind, "sensitivity": sensitivity}])
        claim, _ = _claim_rows(
            conn, ids,
            {"subject_type": "person", "subject_id": pid, "predicate": "name", "value": name.strip(),
             "sensitivity": sensitivity},
            [], "reviewer", case.settings.actor,
        )  # fmt: skip
        facts.insert_mappings(claims, [claim])
        _mapped(conn, facts, case.settings.actor, "person", person_id=pid)
    return pid


def _named(case: Case, table: Table, subject_type: str, kind: str, name: str, extra: dict[str, Any]) -> int:
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        new_id = ids.take(table)
        facts.insert_mappings(table, [{"id": new_id, "kind": kind, "sensitivity": "internal", **extra}])
        claim, _ = _claim_rows(
            conn, ids,
            {"subject_type": subject_type, "subject_id": new_id, "predicate": "name", "value": name.strip()},
            [], "reviewer", case.settings.actor,
        )  # fmt: skip
        facts.insert_mappings(claims, [claim])
        _mapped(conn, facts, case.settings.actor, subject_type, **{f"{subject_type}_id": new_id})
    return new_id


def add_place(
    case: Case,
    name: str,
    *,
    kind: str = "prison",
    latitude: float | None = None,
    longitude: float | None = None,
) -> int:
    """A place (a prison, a grave site) with its name as a claim (`testament.store.places`, the writer
    extraction review uses too)."""
    from testament.store.places import insert_place

    with case.write() as conn:
        facts = FactWriter(conn)
        new_id = insert_place(conn, Ids(conn), facts, name, kind=kind, latitude=latitude, longitude=longitude)
        _mapped(conn, facts, case.settings.actor, "place", place_id=new_id)
    return new_id


def add_organisation(case: Case, name: str, *, kind: str = "commission") -> int:
    """An organisation (a commission, a prison administration, a court) with its name as a claim."""
    return _named(case, organisations, "organisation", kind, name, {})


def add_act(
    case: Case,
    act_type: str,
    *,
    victim_person_id: int | None = None,
    place_id: int | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    date_original: str | None = None,
    involvements_of: Sequence[tuple[int, str, str | None]] = (),
    evidence: Sequence[tuple[str, Evidence]] = (),
    sensitivity: str = "internal",
) -> int:
    """An act (execution, torture, detention, refusal to inform the family ...) with the persons involved
    as (person id, degree, position held) and its evidence as (predicate, Evidence): each a claim about the
    act (object_type "act") attested at that locator. Returns the act's id."""
    return add_acts(
        case,
        [
            {
                "act_type": act_type, "victim_person_id": victim_person_id, "place_id": place_id,
                "start": start, "end": end, "date_original": date_original,
                "involvements_of": involvements_of, "evidence": evidence, "sensitivity": sensitivity,
            }
        ],
    )[0]  # fmt: skip


def add_acts(case: Case, specs: Sequence[dict[str, Any]]) -> list[int]:
    """`add_act` for many acts in one custody event (keys as `add_act`'s arguments)."""
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        act_rows, inv_rows, claim_rows, att_rows, out = [], [], [], [], []
        for n, spec in enumerate(specs):
            where = f"act {n + 1}"
            act_type = str(spec["act_type"]).strip()
            if not act_type or not act_type.replace("_", "").isalpha():
                raise InputError(
                    f"{where}: act type {act_type!r} is not a term", hint="e.g. execution, torture"
                )
            _exists(conn, persons, spec.get("victim_person_id"), "person")
            _exists(conn, places, spec.get("place_id"), "place")
            _choice(f"{where}: sensitivity", spec.get("sensitivity", "internal"), _LABELS)
            aid = ids.take(acts)
            out.append(aid)
            act_rows.append(
                act_row(
                    where, aid, act_type, victim_person_id=spec.get("victim_person_id"),
                    place_id=spec.get("place_id"), start=_date(f"{where}: start", spec.get("start")),
                    end=_date(f"{where}: end", spec.get("end") or spec.get("start")),
                    date_original=spec.get("date_original"), sensitivity=spec.get("sensitivity", "internal"),
                )
            )  # fmt: skip
            for person_id, degree, position in spec.get("involvements_of", ()):
                _exists(conn, persons, person_id, "person")
                inv_rows.append(
                    involvement_row(
                        where, ids.take(involvements), aid, "person", int(person_id), degree, position
                    )
                )
            for predicate, ev in spec.get("evidence", ()):
                claim, atts = _claim_rows(
                    conn, ids,
                    {"subject_type": "person" if spec.get("victim_person_id") else "act",
                     "subject_id": spec.get("victim_person_id") or aid, "predicate": predicate,
                     "value": act_type, "object_type": "act", "object_id": aid,
                     "date_start": act_rows[-1]["date_start"], "date_end": act_rows[-1]["date_end"],
                     "place_id": spec.get("place_id")},
                    [ev], "reviewer", case.settings.actor,
                )  # fmt: skip
                claim_rows.append(claim)
                att_rows += atts
        facts.insert_mappings(acts, act_rows)
        facts.insert_mappings(involvements, inv_rows)
        facts.insert_mappings(claims, claim_rows)
        facts.insert_mappings(attestations, att_rows)
        _mapped(conn, facts, case.settings.actor, "acts", acts=len(out))
    return out


def add_position(
    case: Case,
    person_id: int,
    position: str,
    *,
    place_id: int | None = None,
    organisation_id: int | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    date_original: str | None = None,
    evidence: Sequence[Evidence] = (),
    stance: str = "affirms",
    sensitivity: str = "internal",
) -> int:
    """A `held_position` claim entered by hand (the shape is in docs/legal.md): the person held `position`
    (e.g. "commission member") at `place_id`, for `organisation_id`, from `start` to `end` (ISO dates, open
    ends allowed), attested by `evidence` (each reviewed like any claim: review_status). Returns the claim."""
    if not position.strip():
        raise InputError("position: empty", hint='give the position as written, e.g. "commission member"')
    _choice("stance", stance, ("affirms", "denies", "hearsay"))
    _choice("sensitivity", sensitivity, _LABELS)
    first, last = _date("start", start), _date("end", end)
    if first and last and last < first:
        raise InputError("end: before start", hint="swap the two dates")
    with case.write() as conn:
        _exists(conn, persons, person_id, "person")
        _exists(conn, places, place_id, "place")
        _exists(conn, organisations, organisation_id, "organisation")
        ids, facts = Ids(conn), FactWriter(conn)
        claim, atts = _claim_rows(
            conn, ids,
            {"subject_type": "person", "subject_id": int(person_id), "predicate": "held_position",
             "value": position.strip(), "object_type": "organisation" if organisation_id else None,
             "object_id": organisation_id, "date_start": first, "date_end": last,
             "date_precision": "day" if first or last else None, "date_original": date_original,
             "place_id": place_id, "stance": stance, "sensitivity": sensitivity},
            evidence, "reviewer", case.settings.actor,
        )  # fmt: skip
        facts.insert_mappings(claims, [claim])
        facts.insert_mappings(attestations, atts)
        _mapped(conn, facts, case.settings.actor, "position", claim_id=claim["id"])
    return int(claim["id"])


def link_element(
    case: Case,
    element: str,
    target_type: str,
    target_id: int,
    *,
    stance: str = "supports",
    strength: str = "moderate",
    note: str | None = None,
    analyst: str | None = None,
    sensitivity: str = "internal",
    frameworks: Sequence[Path] = (),
) -> int:
    """Link an act, involvement or claim to an element, named `framework:crime:element` (e.g.
    icc-rome-art7:a:conduct), as supporting or undermining it. The element must exist in the frameworks
    the case uses (built-in, its `frameworks/` folder, `frameworks` files). Returns the support's id."""
    from testament.legal.frameworks import FrameworkError, load_frameworks

    parts = element.split(":")
    if len(parts) != 3:
        raise FrameworkError(
            f"element {element!r}: not framework:crime:element", hint="e.g. icc-rome-art7:a:conduct"
        )
    load_frameworks(case.path, frameworks).element(*parts)
    _choice("target type", target_type, tuple(_TARGETS))
    _choice("stance", stance, STANCES)
    _choice("strength", strength, STRENGTHS)
    _choice("sensitivity", sensitivity, _LABELS)
    with case.write() as conn:
        _exists(conn, _TARGETS[target_type], target_id, target_type)
        ids, facts = Ids(conn), FactWriter(conn)
        sid = ids.take(element_supports)
        facts.insert_mappings(
            element_supports,
            [
                {
                    "id": sid, "framework_id": parts[0], "crime_id": parts[1], "element_id": parts[2],
                    "target_type": target_type, "target_id": int(target_id), "stance": stance,
                    "strength": strength, "analyst": analyst or case.settings.actor, "note": note,
                    "created_at": utc_now(), "sensitivity": sensitivity,
                }
            ],
        )  # fmt: skip
        _mapped(conn, facts, case.settings.actor, "element_support", support_id=sid)
    return sid


def derive_source(
    case: Case,
    source_id: int,
    other_source_id: int,
    *,
    relation: str = "derived_from",
    note: str | None = None,
    analyst: str | None = None,
) -> int:
    """Record that source `source_id` was derived or copied from `other_source_id`: case files then count
    them as one source. Returns the relation's id."""
    _choice("relation", relation, RELATIONS)
    if int(source_id) == int(other_source_id):
        raise InputError("a source cannot be derived from itself", hint="name two different sources")
    with case.write() as conn:
        _exists(conn, sources, source_id, "source")
        _exists(conn, sources, other_source_id, "source")
        ids, facts = Ids(conn), FactWriter(conn)
        rid = ids.take(source_relations)
        facts.insert_mappings(
            source_relations,
            [
                {
                    "id": rid, "source_id": int(source_id), "other_source_id": int(other_source_id),
                    "relation": relation, "analyst": analyst or case.settings.actor, "note": note,
                    "created_at": utc_now(),
                }
            ],
        )  # fmt: skip
        _mapped(conn, facts, case.settings.actor, "source_relation", relation_id=rid)
    return rid


def evidence_at(
    case: Case,
    artifact_id: int,
    char_start: int,
    char_end: int,
    *,
    page: int | None = None,
    relation: str | None = None,
    review_status: str = "proposed",
) -> Evidence:
    """Evidence quoting exactly the text artifact's characters `char_start`..`char_end` (so the locator
    and the quote cannot disagree)."""
    with case.read() as conn:
        sha = conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == int(artifact_id))).scalar()
    if sha is None:
        raise NotFoundError(
            f"artifact {artifact_id}: no such artifact in this case", hint="see `testament artifact list`"
        )
    try:
        text = case.blobs.get(str(sha)).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"artifact {artifact_id}: not a text file", hint="cite the text artifact derived from it"
        ) from None
    if not 0 <= char_start < char_end <= len(text):
        raise InputError(
            f"artifact {artifact_id}: span {char_start}-{char_end} is outside its {len(text)} characters",
            hint="give character offsets inside the text (0-based, end exclusive)",
        )
    return Evidence(
        artifact_id=int(artifact_id), original_text=text[char_start:char_end], char_start=char_start,
        char_end=char_end, page=page, relation=relation, review_status=review_status,
    )  # fmt: skip


def review_claim(case: Case, claim_id: int, status: str, *, reviewer: str | None = None) -> None:
    """Review a claim entered here (a position, an act's evidence) like any claim: set the review status of
    its attestations (accepted, edited, rejected, or back to proposed). Logged as `reviewed`; the changed
    rows are sealed again."""
    from sqlalchemy import update

    _choice("status", status, sorted(REVIEW_STATUSES))
    who = reviewer or case.settings.actor
    with case.write() as conn:
        _exists(conn, claims, claim_id, "claim")
        ids = list(
            conn.execute(select(attestations.c.id).where(attestations.c.claim_id == claim_id)).scalars()
        )
        if not ids:
            raise InputError(f"claim {claim_id}: no attestation to review", hint="add the evidence first")
        facts = FactWriter(conn)
        facts.written(attestations, ids)
        conn.execute(
            update(attestations)
            .where(attestations.c.claim_id == claim_id)
            .values(review_status=status, reviewer=who if status != "proposed" else None)
        )
        details = {"claim_id": int(claim_id), "decision": status, **facts.details(always=True)}
        append_events(conn, who, [NewEvent(CustodyEventType.REVIEWED, details)])


def correct_position(
    case: Case,
    claim_id: int,
    *,
    place_id: int | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    status: str = "edited",
    reviewer: str | None = None,
) -> None:
    """Set or correct the place and dates of an existing `held_position` claim (one extraction proposed,
    or one entered by hand), and review it: its attestations get `status` ("edited" by default) and the
    reviewer. What is not given is left as it is. Logged as `reviewed` with the names of the fields changed;
    the changed rows are sealed again."""
    from sqlalchemy import update

    _choice("status", status, sorted(REVIEW_STATUSES))
    changes: dict[str, Any] = {}
    if place_id is not None:
        changes["place_id"] = int(place_id)
    first, last = _date("start", start), _date("end", end)
    changes.update({k: dt.date.fromisoformat(v) for k, v in (("date_start", first), ("date_end", last)) if v})
    if not changes:
        raise InputError(f"claim {claim_id}: nothing to correct", hint="give a place, a start or an end")
    who = reviewer or case.settings.actor
    with case.write() as conn:
        row = conn.execute(
            select(claims.c.predicate, claims.c.date_start, claims.c.date_end).where(claims.c.id == claim_id)
        ).first()
        if row is None or row.predicate != "held_position":
            raise NotFoundError(
                f"claim {claim_id}: no held_position claim", hint="give a position's claim id"
            )
        _exists(conn, places, place_id, "place")
        begin, finish = changes.get("date_start", row.date_start), changes.get("date_end", row.date_end)
        if begin and finish and str(finish) < str(begin):
            raise InputError("end: before start", hint="give both dates of the position")
        if first or last:
            changes["date_precision"] = "day" if begin == finish else "range"
        facts = FactWriter(conn)
        facts.written(claims, [int(claim_id)])
        conn.execute(update(claims).where(claims.c.id == claim_id).values(**changes))
        atts = list(
            conn.execute(select(attestations.c.id).where(attestations.c.claim_id == claim_id)).scalars()
        )
        facts.written(attestations, atts)
        conn.execute(
            update(attestations)
            .where(attestations.c.claim_id == claim_id)
            .values(review_status=status, reviewer=who if status != "proposed" else None)
        )
        details = {"claim_id": int(claim_id), "decision": status, "edited": sorted(changes),
                   **facts.details(always=True)}  # fmt: skip
        append_events(conn, who, [NewEvent(CustodyEventType.REVIEWED, details)])
