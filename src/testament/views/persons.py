"""Persons: search across Persian script and Latin spellings through the name keys, and a person's page
with every claim and its citations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select

from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.name_index import NAME_PREDICATES, matching_records, name_keys_of
from testament.store.schema import acts, artifacts, attestations, claims, person_records
from testament.views._common import (
    WITHHELD_NOTICE,
    Citation,
    Reading,
    citations_of,
    gated,
    hide_case_terms,
    not_found,
)

__all__ = [
    "ActView",
    "ClaimView",
    "PersonHit",
    "PersonPage",
    "PredicateGroup",
    "RecordRef",
    "name_keys",
    "person_page",
    "search_persons",
]

_CHUNK = 5000


class PersonHit(BaseModel):
    person_id: int | None  # None: a record not linked to a person yet
    record_ids: list[int]
    name: str  # the name as a source writes it, in its own script
    names: list[str]  # every spelling the viewer may read
    sources: list[str]


class RecordRef(BaseModel):
    record_id: int
    artifact_id: int
    source_name: str
    row: int | None = None
    page: int | None = None


class ClaimView(BaseModel):
    claim_id: int
    predicate: str
    value: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_original: str | None = None
    stance: str
    sensitivity: str  # the effective label (only labels the viewer may read appear)
    record_id: int | None = None
    citations: list[Citation]


class PredicateGroup(BaseModel):
    predicate: str
    conflicting: bool  # the sources disagree: the claims stand side by side
    claims: list[ClaimView]


class ActView(BaseModel):
    act_id: int
    act_type: str
    date_start: str | None = None
    date_end: str | None = None
    date_original: str | None = None


class PersonPage(BaseModel):
    person_id: int
    name: str | None
    groups: list[PredicateGroup]
    records: list[RecordRef]
    acts: list[ActView]
    withheld: bool  # something about this person is not shown to this role
    notice: str | None = None


name_keys = name_keys_of  # the cross-script keys of a name's words (kept here for callers of this module)
_BATCH = 20  # at least this many records checked per step of a search (a page of hits: a step or two)


def _matches(query: frozenset[str], keys: set[str]) -> bool:
    return all(any(k == q or (len(q) >= 3 and k.startswith(q)) for k in keys) for q in query)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def search_persons(case: Case, viewer: Viewer, query: str, *, limit: int = 50) -> list[PersonHit]:
    """Persons (or unlinked records) whose names, as the viewer may read them, match every word of
    `query` by name key (Hosseini = حسینی). A name the viewer may not read is never matched.

    The search index (`testament.store.name_index`) proposes records in id order, a batch at a time; each
    is checked against its name claims exactly as a scan of every name would, until `limit` hits are
    found; then the later records of the persons found join them. The answer is the one a full scan gives."""
    wanted = name_keys(query[:200])
    if not wanted:
        return []
    with gated(case, viewer, "search_persons") as reading:
        readable: dict[int, list[tuple[int, str]]] = {}
        found: set[tuple[str, int]] = set()
        after = 0
        while len(found) < limit:
            batch = matching_records(reading.conn, wanted, after=after, limit=max(_BATCH, 2 * limit))
            if not batch:
                break
            after = batch[-1]
            names = _readable_matches(reading, batch, wanted)
            readable.update(names)
            found |= _hit_keys(reading, names)
        else:  # `limit` hits: their persons' records beyond the last batch belong to them too
            persons = sorted(i for kind, i in found if kind == "person")
            later: list[int] = []
            for start in range(0, len(persons), _CHUNK):
                later += reading.conn.execute(
                    select(person_records.c.id).where(
                        person_records.c.person_id.in_(persons[start : start + _CHUNK]),
                        person_records.c.id > after,
                    )
                ).scalars()
            readable.update(_readable_matches(reading, later, wanted))
        if readable:
            hide_case_terms(reading)
        return _hits(reading, readable, limit)


def _readable_matches(
    reading: Reading, record_ids: list[int], wanted: frozenset[str]
) -> dict[int, list[tuple[int, str]]]:
    """Of these records, those whose name claims match every word of `wanted`: record → the readable names."""
    rows: list[Any] = []
    for chunk in _chunks(record_ids):
        rows += reading.conn.execute(
            select(claims.c.id, claims.c.subject_id, claims.c.value, attestations.c.original_text)
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .where(
                claims.c.subject_type == "person_record",
                claims.c.subject_id.in_(chunk),
                claims.c.predicate.in_(NAME_PREDICATES),
            )
        ).all()
    keys: dict[int, set[str]] = {}
    for r in rows:
        keys.setdefault(int(r.subject_id), set()).update(
            name_keys(r.original_text or ""), name_keys(r.value or "")
        )
    matched = {rid for rid, k in keys.items() if _matches(wanted, k)}
    return _readable_names(reading, [r for r in rows if int(r.subject_id) in matched])


def _hit_keys(reading: Reading, names: dict[int, list[tuple[int, str]]]) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for chunk in _chunks(names):
        for rid, pid in reading.conn.execute(
            select(person_records.c.id, person_records.c.person_id).where(person_records.c.id.in_(chunk))
        ):
            out.add(("person", int(pid)) if pid is not None else ("record", int(rid)))
    return out


def _readable_names(reading: Reading, rows: list[Any]) -> dict[int, list[tuple[int, str]]]:
    """Record → [(claim id, name text)] of the matching name claims the viewer may read."""
    labels = reading.labels.claim_labels({int(r.id) for r in rows})
    out: dict[int, list[tuple[int, str]]] = {}
    for r in rows:
        if reading.gate.see("claims", int(r.id), "value", labels[int(r.id)]):
            out.setdefault(int(r.subject_id), []).append((int(r.id), str(r.original_text or r.value or "")))
    return out


def _hits(reading: Reading, names: dict[int, list[tuple[int, str]]], limit: int) -> list[PersonHit]:
    if not names:
        return []
    hits: dict[tuple[str, int], PersonHit] = {}
    for chunk in _chunks(names):
        for rid, pid, filename in reading.conn.execute(
            select(person_records.c.id, person_records.c.person_id, artifacts.c.filename)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .where(person_records.c.id.in_(chunk))
            .order_by(person_records.c.id)
        ):
            key = ("person", int(pid)) if pid is not None else ("record", int(rid))
            spelled = [reading.gate.scrub(text) for _, text in names[int(rid)]]
            hit = hits.get(key)
            if hit is None:
                if len(hits) >= limit:
                    continue
                hit = hits[key] = PersonHit(
                    person_id=pid, record_ids=[], name=spelled[0], names=[], sources=[]
                )
            hit.record_ids.append(int(rid))
            hit.names.extend(s for s in spelled if s not in hit.names)
            source = reading.gate.scrub(str(filename))
            if source not in hit.sources:
                hit.sources.append(source)
    return list(hits.values())


def person_page(case: Case, viewer: Viewer, person_id: int) -> PersonPage:
    """Every claim about a person the viewer may read, grouped by predicate (disagreeing claims side by
    side), each with its citations; the person's records and acts. NotFoundError when the person does not
    exist or the viewer may read none of their records."""
    with gated(case, viewer, "person_page") as reading:
        conn, gate = reading.conn, reading.gate
        record_rows = conn.execute(
            select(
                person_records.c.id, person_records.c.artifact_id, person_records.c.row,
                person_records.c.page, artifacts.c.filename,
            )
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .where(person_records.c.person_id == person_id)
            .order_by(person_records.c.id)
        ).all()  # fmt: skip
        record_labels = reading.labels.record_labels({int(r.id) for r in record_rows})
        files = reading.labels.artifact_labels({int(r.artifact_id) for r in record_rows})
        visible = [
            r for r in record_rows
            if gate.allows(record_labels[int(r.id)]) and gate.allows(files[int(r.artifact_id)])
        ]  # fmt: skip
        if not visible:
            raise not_found("person", person_id)
        gate.withheld += len(record_rows) - len(visible)
        hide_case_terms(reading)
        shown = _claims_of(reading, [int(r.id) for r in visible])
        refs = [
            RecordRef(
                record_id=r.id, artifact_id=r.artifact_id, source_name=gate.scrub(str(r.filename)),
                row=r.row, page=r.page,
            )
            for r in visible
        ]  # fmt: skip
        person_acts = _acts_of(reading, person_id, [int(r.id) for r in record_rows])
    groups: dict[str, list[ClaimView]] = {}
    for c in shown:
        groups.setdefault(c.predicate, []).append(c)
    return PersonPage(
        person_id=person_id,
        name=_display_name(shown),
        groups=[
            PredicateGroup(
                predicate=p, claims=cs, conflicting=len({(c.value or "").casefold() for c in cs}) > 1
            )
            for p, cs in groups.items()
        ],
        records=refs,
        acts=person_acts,
        withheld=gate.withheld > 0,
        notice=WITHHELD_NOTICE if gate.withheld > 0 else None,
    )


def _claims_of(reading: Reading, record_ids: list[int]) -> list[ClaimView]:
    conn, gate = reading.conn, reading.gate
    rows: list[Any] = []
    for chunk in _chunks(record_ids):
        rows += conn.execute(
            select(
                claims.c.id, claims.c.subject_id, claims.c.predicate, claims.c.value, claims.c.date_start,
                claims.c.date_end, claims.c.date_original, claims.c.stance,
            )
            .where(claims.c.subject_type == "person_record", claims.c.subject_id.in_(chunk))
            .order_by(claims.c.id)
        ).all()  # fmt: skip
    labels = reading.labels.claim_labels({int(r.id) for r in rows})
    readable = [r for r in rows if gate.see("claims", int(r.id), "value", labels[int(r.id)])]
    cited = citations_of(reading, [int(r.id) for r in readable])
    return [
        ClaimView(
            claim_id=r.id, predicate=r.predicate, value=None if r.value is None else gate.scrub(str(r.value)),
            date_start=_iso(r.date_start), date_end=_iso(r.date_end), date_original=r.date_original,
            stance=r.stance, sensitivity=labels[int(r.id)], record_id=r.subject_id,
            citations=cited.get(int(r.id), []),
        )
        for r in readable
    ]  # fmt: skip


def _acts_of(reading: Reading, person_id: int, record_ids: list[int]) -> list[ActView]:
    """The acts whose victim is the person: entered for the person, or made from a testimony's accepted act
    whose victim is one of the person's records (testament.extract.review)."""
    rows: list[Any] = []
    for chunk in list(_chunks(record_ids)) or [[]]:
        rows += reading.conn.execute(
            select(
                acts.c.id, acts.c.act_type, acts.c.date_start, acts.c.date_end, acts.c.date_original,
                acts.c.sensitivity,
            )
            .where(or_(acts.c.victim_person_id == person_id, acts.c.victim_record_id.in_(chunk)))
            .order_by(acts.c.id)
        ).all()  # fmt: skip
    rows = sorted({int(r.id): r for r in rows}.values(), key=lambda r: int(r.id))
    return [
        ActView(
            act_id=r.id, act_type=r.act_type, date_start=_iso(r.date_start), date_end=_iso(r.date_end),
            date_original=r.date_original,
        )
        for r in rows
        if reading.gate.see("acts", int(r.id), "act_type", str(r.sensitivity))
    ]  # fmt: skip


def _iso(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _display_name(shown: list[ClaimView]) -> str | None:
    by = {c.predicate: c for c in reversed(shown)}
    if "name" in by:
        return by["name"].citations[0].original_text if by["name"].citations else by["name"].value
    parts = [by[p].value for p in ("given_name", "surname") if p in by and by[p].value]
    return " ".join(p for p in parts if p) or None
