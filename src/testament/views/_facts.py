"""What the picture pages (dashboard, timeline, map) share: the readable claims of some predicates about
person records, grouped by person, with places normalised through the gazetteer (`testament.names`, the one
home of place names: raw spellings are never grouped), dates at their precision, and the context a
testimony's count or act stands in (the date and the prison the story is at).

Every reader here returns only claims the viewer may read (their effective label, through the gate): a
count built from them cannot single out a protected person, because that person's claims are not there."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel
from sqlalchemy import String, and_, case, func, literal, not_, or_, select, type_coerce

from testament.names import organisation_key, place_name
from testament.store.schema import artifacts, attestations, claims, mentions, person_records, persons
from testament.views._common import Reading, citations_of, hide_case_terms
from testament.vocab import SENSITIVE_PREDICATES

__all__ = [
    "ClaimLine",
    "DatedClaim",
    "Fact",
    "PersonFacts",
    "claim_lines",
    "gazetteer_place",
    "person_facts",
    "place_kind",
    "readable",
    "readable_person_claims",
    "readable_record_counts",
    "readable_records",
    "story_context",
    "week_of",
]

_CHUNK = 5000
# A claim an analyst rejected is not evidence of anything; the others (proposed, accepted, edited) count,
# and the claim lists say which are still unreviewed.
_REJECTED = "rejected"


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def week_of(start: datetime.date | None, end: datetime.date | None) -> datetime.date | None:
    """The Monday of the week a date interval lies in, or None when it spans more than one week (a month,
    a season, a year: "a month is a band, not a day", so it is never put into one of its weeks)."""
    if start is None or end is None:
        return None
    monday = start - datetime.timedelta(days=start.weekday())
    return monday if (end - monday).days < 7 else None


@cache
def _gazetteer() -> dict[tuple[str, str], Any]:
    """(gazetteer name, kind) → the gazetteer's entry (coordinates), read once."""
    from testament.extract.gazetteer import load_gazetteer

    out: dict[tuple[str, str], Any] = {}
    for entry in load_gazetteer().entries.values():
        if entry.category == "place":
            out.setdefault((entry.name, entry.kind), entry)
    return out


_MAP_KINDS = {"prison": "prison", "city": "city", "cemetery": "burial", "grave_site": "burial"}


def gazetteer_place(name: str, kind: str) -> Any | None:
    """The gazetteer entry of a place by its gazetteer name and map kind (prison, city, burial)."""
    for (entry_name, entry_kind), entry in _gazetteer().items():
        if entry_name == name and _MAP_KINDS.get(entry_kind) == kind:
            return entry
    return None


def place_kind(name: str) -> str | None:
    """The map kind (prison, city, burial) of a gazetteer name, None when it is not such a place."""
    kinds = {_MAP_KINDS.get(kind) for (entry_name, kind) in _gazetteer() if entry_name == name}
    for kind in ("prison", "burial", "city"):
        if kind in kinds:
            return kind
    return None


@dataclass(frozen=True)
class Fact:
    """One readable claim about a person record."""

    claim_id: int
    record_id: int
    predicate: str
    value: str | None
    date_start: datetime.date | None
    date_end: datetime.date | None
    precision: str | None
    original: str | None


@dataclass
class PersonFacts:
    """A person's readable claims of the predicates asked for (a record not linked to a person stands for
    a person of its own, keyed by the negative record id)."""

    key: int
    person_id: int | None
    facts: list[Fact] = field(default_factory=list)

    def of(self, predicate: str) -> list[Fact]:
        return [f for f in self.facts if f.predicate == predicate]

    def place(self, predicate: str, kind: str) -> tuple[str | None, list[int]]:
        """The gazetteer name most of the person's claims of `predicate` give (kind prison, city or
        burial; ties: the first in name order), and the ids of the claims that give it."""
        named: dict[str, list[int]] = {}
        for f in self.of(predicate):
            found = place_name(f.value, kind) if f.value else None  # type: ignore[arg-type]
            if found:
                named.setdefault(found, []).append(f.claim_id)
        if not named:
            return None, []
        best = min(named, key=lambda n: (-len(named[n]), n))
        return best, named[best]

    def affiliation(self) -> tuple[str | None, str | None]:
        """(organisation key, a spelling of it) most of the person's `member_of` claims give."""
        keys = Counter(organisation_key(f.value) for f in self.of("member_of") if f.value)
        keys.pop("", None)
        if not keys:
            return None, None
        key = min(keys, key=lambda k: (-keys[k], k))
        spelled = Counter(
            f.value for f in self.of("member_of") if f.value and organisation_key(f.value) == key
        )
        return key, min(spelled, key=lambda s: (-spelled[s], s or ""))

    def dated(self, predicate: str) -> Fact | None:
        """The most precise dated claim of `predicate` (the narrowest interval; then the earliest)."""
        found = [f for f in self.of(predicate) if f.date_start is not None and f.date_end is not None]
        if not found:
            return None
        return min(found, key=lambda f: ((f.date_end - f.date_start).days, f.date_start, f.claim_id))  # type: ignore[operator]


def readable(reading: Reading, rows: Collection[Any]) -> list[Any]:
    """The rows (with an `id` column: claim ids) whose claim the viewer may read. No disclosure is logged:
    the picture pages use these claims for counts and places, not to show their values."""
    labels = reading.labels.claim_labels({int(r.id) for r in rows})
    kept = [r for r in rows if reading.gate.allows(labels.get(int(r.id), "sealed"))]
    reading.gate.withheld += len(rows) - len(kept)
    return kept


def readable_records(reading: Reading) -> dict[int, int | None]:
    """Every person record the viewer may read (its own labels and its file's) → its person (None: not
    linked yet). Aggregates only: nothing is disclosed."""
    rows = reading.conn.execute(
        select(person_records.c.id, person_records.c.person_id, person_records.c.artifact_id)
    ).all()
    return _gated_records(reading, rows, len(rows))


def _gated_records(reading: Reading, rows: Collection[Any], total: int) -> dict[int, int | None]:
    """The rows (records: id, person_id, artifact_id) the gate lets the viewer read; the others of `total`
    are counted as withheld."""
    labels = reading.labels.record_labels({int(r.id) for r in rows})
    files = reading.labels.artifact_labels({int(r.artifact_id) for r in rows})
    gate = reading.gate
    out = {
        int(r.id): None if r.person_id is None else int(r.person_id)
        for r in rows
        if gate.allows(labels.get(int(r.id), "sealed"))
        and gate.allows(files.get(int(r.artifact_id), "sealed"))
    }
    reading.gate.withheld += total - len(out)
    return out


def readable_record_counts(reading: Reading) -> tuple[int, int]:
    """(person records the viewer may read, persons they make: an unlinked record is a person of its own),
    the numbers `readable_records` gives, counted by the database.

    A record's label is the most closed of its own, its person's and its witness status
    (`Labeller.record_labels`), so a record whose own and person's labels and file are readable and that is
    no witness's or relative's is readable whatever the rules make of it. The database counts those; the
    others (few) and the witnesses' records are put to the gate, and the persons they touch are settled
    one by one."""
    conn, gate, labeller = reading.conn, reading.gate, reading.labels
    open_labels = sorted(gate.labels)
    files = labeller.artifact_labels(set(conn.execute(select(artifacts.c.id)).scalars()))
    closed = sorted(a for a, label in files.items() if not gate.allows(label))
    own, theirs = person_records.c.sensitivity, persons.c.sensitivity
    joined = person_records.outerjoin(persons, persons.c.id == person_records.c.person_id)
    plain = and_(
        own.in_(open_labels), or_(theirs.is_(None), theirs.in_(open_labels)),
        person_records.c.artifact_id.not_in(closed),
    )  # fmt: skip
    plain_records, plain_persons, plain_unlinked = conn.execute(
        select(
            func.count(), func.count(person_records.c.person_id.distinct()),
            func.count().filter(person_records.c.person_id.is_(None)),
        )
        .select_from(joined)
        .where(plain)
    ).one()  # fmt: skip
    columns = (person_records.c.id, person_records.c.person_id, person_records.c.artifact_id)
    nonplain = conn.execute(select(*columns).select_from(joined).where(not_(plain))).all()
    doubtful = list(nonplain)
    witnesses = set(labeller.witness_records())
    for chunk in _chunks(witnesses):  # a witness's plain record too is the gate's to judge
        doubtful += conn.execute(
            select(*columns).select_from(joined).where(plain, person_records.c.id.in_(chunk))
        ).all()
    # every record is plain or doubtful: the withheld ones are the doubtful ones the gate holds back
    readable_doubtful = _gated_records(reading, doubtful, len(doubtful))
    # The persons a doubtful record belongs to: counted among the plain ones when they have a plain record
    # (not a witness's), and now readable if they have such a record or a readable doubtful one.
    touched = {int(r.person_id) for r in doubtful if r.person_id is not None}
    with_plain: set[int] = set()
    readable_plain: set[int] = set()
    for chunk in _chunks(touched):
        for rid, pid in conn.execute(
            select(person_records.c.id, person_records.c.person_id)
            .select_from(joined)
            .where(plain, person_records.c.person_id.in_(chunk))
        ):
            with_plain.add(int(pid))
            if int(rid) not in witnesses:
                readable_plain.add(int(pid))
    readable_persons = readable_plain | {p for p in readable_doubtful.values() if p is not None}
    witness_plain = [r for r in doubtful[len(nonplain) :] if r.person_id is None]
    unlinked = int(plain_unlinked) - len(witness_plain) + sum(p is None for p in readable_doubtful.values())
    records = int(plain_records) - (len(doubtful) - len(nonplain)) + len(readable_doubtful)
    return records, int(plain_persons) - len(with_plain) + len(readable_persons) + unlinked


def _not_rejected(reading: Reading, claim_ids: Collection[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(claim_ids):
        statuses: dict[int, set[str]] = {}
        for cid, status in reading.conn.execute(
            select(attestations.c.claim_id, attestations.c.review_status).where(
                attestations.c.claim_id.in_(chunk)
            )
        ):
            statuses.setdefault(int(cid), set()).add(str(status))
        out |= {cid for cid, found in statuses.items() if found != {_REJECTED}}
    return out


def readable_person_claims(
    reading: Reading, predicates: Collection[str], *, detail: bool = True
) -> list[Any]:
    """Every claim of `predicates` about a person record the viewer may read (the claim, its record and
    the record's file) and an analyst has not rejected, as tuples (claim id, record id, person id or None,
    predicate, value, date_start, date_end, and with `detail` date_precision, date_original; without it
    the dates are as the driver gives them, text or date: see `_day`). No disclosure is logged: the
    picture pages count these claims and read their places, not show them. A claim about a record that is
    gone is left out.

    The one home of the "plainly readable" shortcut for claims: the gate's label of a claim
    (`Labeller.claim_and_attestation_labels`) is the most closed of the labels it gathers, so it is one of
    them, and a claim whose own, predicate's, record's and person's labels and every attestation's file
    are readable, that is no witness's or relative's and stands on no span of a text (a span's label
    depends on its neighbours) is readable whatever the rules make of it. The database tells which rows
    are plain in the same pass that reads them (a flag column); only the others, few in a list, are put
    to the gate. A readable claim's label is at least its record's, so its record is readable too; the
    record's file is asked about here."""
    gate, labeller, conn = reading.gate, reading.labels, reading.conn
    predicates = sorted(set(predicates))
    files = labeller.artifact_labels(set(conn.execute(select(artifacts.c.id)).scalars()))
    closed = sorted(a for a, label in files.items() if not gate.allows(label))
    dropped, doubtful_ids = _attestation_flags(reading, predicates, closed)
    open_labels = sorted(gate.labels)
    open_predicates = sorted(
        p for p in predicates if p not in SENSITIVE_PREDICATES or gate.allows(str(SENSITIVE_PREDICATES[p]))
    )
    own, theirs = person_records.c.sensitivity, persons.c.sensitivity
    plain = and_(
        claims.c.predicate.in_(open_predicates), claims.c.sensitivity.in_(open_labels), own.in_(open_labels),
        or_(theirs.is_(None), theirs.in_(open_labels)), person_records.c.artifact_id.not_in(closed),
    )  # fmt: skip
    dates: list[Any] = [claims.c.date_start, claims.c.date_end]
    if detail:
        dates += [claims.c.date_precision, claims.c.date_original]
    else:  # as the driver gives them (SQLite: ISO text): the caller converts each distinct interval once
        dates = [type_coerce(d, String) for d in dates]
    columns = [
        claims.c.id, claims.c.subject_id, person_records.c.person_id, claims.c.predicate, claims.c.value,
        *dates,
    ]  # fmt: skip
    # CASE, not the condition itself: a NULL label makes the condition NULL, and such a row is doubtful
    flag = case((plain, 1), else_=0) if open_predicates and open_labels else literal(0)
    found = conn.execute(
        select(*columns, person_records.c.artifact_id, flag)
        .join(person_records, person_records.c.id == claims.c.subject_id)
        .outerjoin(persons, persons.c.id == person_records.c.person_id)
        .where(claims.c.subject_type == "person_record", claims.c.predicate.in_(predicates))
    ).all()
    witnesses = labeller.witness_records()
    width = len(columns)
    out: list[Any] = []
    doubtful: list[Any] = []
    if witnesses or doubtful_ids:
        for r in found:
            if r[-1] and r[0] not in doubtful_ids and r[1] not in witnesses:
                out.append(tuple(r[:width]))
            else:
                doubtful.append(r)
    else:
        for r in found:
            if r[-1]:
                out.append(tuple(r[:width]))
            else:
                doubtful.append(r)
    if doubtful:
        gated_rows = readable(reading, [_Row(r) for r in doubtful])
        open_files = {aid for aid, label in files.items() if gate.allows(label)}
        out += [r.row[:width] for r in gated_rows if int(r.row[-2]) in open_files]
    return [r for r in out if r[0] not in dropped] if dropped else out


class _Row:
    """A row put to the gate (`readable` reads its `id`)."""

    __slots__ = ("id", "row")

    def __init__(self, row: Any) -> None:
        self.id = row[0]
        self.row = tuple(row)


def _attestation_flags(
    reading: Reading, predicates: list[str], closed: list[int]
) -> tuple[set[int], set[int]]:
    """(claims with no attestation but rejected ones: not evidence, claims with an attestation the gate
    must judge: on a span of a text or in a file the viewer may not read). The database returns only the
    attestations that are rejected or doubtful (few: no row, no grouping for the others); a rejected
    claim's other attestations are then asked about by id."""
    doubtful = or_(
        attestations.c.char_start.is_not(None), attestations.c.char_end.is_not(None),
        attestations.c.artifact_id.in_(closed),
    )  # fmt: skip
    rejected: set[int] = set()
    doubtful_ids: set[int] = set()
    for cid, status, is_doubtful in reading.conn.execute(
        select(attestations.c.claim_id, attestations.c.review_status, case((doubtful, 1), else_=0))
        .join(claims, claims.c.id == attestations.c.claim_id)
        .where(
            claims.c.subject_type == "person_record", claims.c.predicate.in_(predicates),
            or_(attestations.c.review_status == _REJECTED, doubtful),
        )
    ):  # fmt: skip
        if status == _REJECTED:
            rejected.add(int(cid))
        if is_doubtful:
            doubtful_ids.add(int(cid))
    evidence: set[int] = set()
    for chunk in _chunks(rejected):
        evidence.update(
            int(cid)
            for cid in reading.conn.execute(
                select(attestations.c.claim_id).where(
                    attestations.c.claim_id.in_(chunk),
                    or_(attestations.c.review_status.is_(None), attestations.c.review_status != _REJECTED),
                )
            ).scalars()
        )
    return rejected - evidence, doubtful_ids


def person_facts(reading: Reading, predicates: Collection[str]) -> dict[int, PersonFacts]:
    """Every person (or unlinked record) with a readable claim of `predicates`, keyed as `PersonFacts.key`.
    Records the viewer may not read, in files the viewer may not read, are left out with their claims."""
    out: dict[int, PersonFacts] = {}
    for cid, rid, pid, predicate, value, start, end, precision, original in sorted(
        readable_person_claims(reading, predicates)
    ):
        key = pid if pid is not None else -rid
        person = out.get(key)
        if person is None:
            person = out[key] = PersonFacts(key=key, person_id=pid)
        person.facts.append(
            Fact(
                claim_id=int(cid), record_id=int(rid), predicate=str(predicate),
                value=None if value is None else str(value), date_start=_day(start), date_end=_day(end),
                precision=precision, original=original,
            )
        )  # fmt: skip
    return out


def _day(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class DatedClaim:
    """A claim extracted from a testimony (a count, an act, a place) with the context it stands in: the
    date and prison the story is at there, each the readable claim that says so."""

    claim_id: int
    predicate: str
    value: str | None
    artifact_id: int
    char_start: int
    char_end: int | None = None
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    precision: str | None = None
    original: str | None = None
    date_claim: int | None = None
    prison: str | None = None
    place: str | None = None  # the gazetteer name of the place the sentence names (any kind)
    place_claim: int | None = None
    prison_claim: int | None = None
    victims: tuple[int, ...] = ()  # person records of the victims the extraction linked (accepted ones)
    category: str | None = None  # what a count counts: people, executions, bodies, graves, lashes
    # how the text hedges a count (exact, about, more_than, at_least, at_most, less_than, range, vague) and
    # how the speaker knows what it says (`testament.extract.provenance`); None: not stored
    qualifier: str | None = None
    provenance: str | None = None
    first_hand: bool | None = None


def story_context(reading: Reading, predicate: str) -> list[DatedClaim]:
    """Readable, not rejected claims of `predicate` extracted from testimonies (`reported_count`, `act`,
    `place`), each with the date and prison its story is at: the date and place the extraction linked to
    it in its own sentence, else the last date and the last prison named before it in the same text (a
    witness says "that night they took 35 of us" after saying which day and where). Only readable, not
    rejected date and place claims give context, so a withheld passage tells nothing here either."""
    conn = reading.conn
    wanted = conn.execute(
        select(claims.c.id, claims.c.predicate, claims.c.value, mentions.c.artifact_id, mentions.c.char_start,
               mentions.c.char_end, mentions.c.detail)
        .join(mentions, mentions.c.claim_id == claims.c.id)
        .where(claims.c.predicate == predicate)
    ).all()  # fmt: skip
    wanted = readable(reading, wanted)
    kept = _not_rejected(reading, [int(r.id) for r in wanted])
    wanted = [r for r in wanted if int(r.id) in kept]
    if not wanted:
        return []
    texts = sorted({int(r.artifact_id) for r in wanted})
    context = conn.execute(
        select(claims.c.id, claims.c.predicate, claims.c.value, claims.c.date_start, claims.c.date_end,
               claims.c.date_precision, claims.c.date_original, mentions.c.artifact_id, mentions.c.char_start,
               mentions.c.char_end)
        .join(mentions, mentions.c.claim_id == claims.c.id)
        .where(mentions.c.artifact_id.in_(texts), claims.c.predicate.in_(["date", "place"]))
    ).all()  # fmt: skip
    context = readable(reading, context)
    good = _not_rejected(reading, [int(r.id) for r in context])
    by_text: dict[int, list[Any]] = {}
    for r in sorted(context, key=lambda r: (int(r.char_start), int(r.id))):
        if int(r.id) in good:
            by_text.setdefault(int(r.artifact_id), []).append(r)
    victims = _victim_records(reading, wanted)
    out: list[DatedClaim] = []
    for r in sorted(wanted, key=lambda r: (int(r.artifact_id), int(r.char_start), int(r.id))):
        detail = _json(r.detail)
        before = [c for c in by_text.get(int(r.artifact_id), []) if int(c.char_start) < int(r.char_start)]
        linked = {(int(c.char_start), int(c.char_end)): c for c in by_text.get(int(r.artifact_id), [])}
        date = _linked(detail.get("date"), linked) or next(
            (c for c in reversed(before) if c.predicate == "date" and c.date_start is not None), None
        )
        place = _linked(detail.get("place"), linked)
        prison = place if place is not None and place_kind(str(place.value)) == "prison" else None
        # the last prison named before it; failing that the first named after it (the prison a testimony
        # is about is sometimes named only later: "the killings in Evin were overseen by ...")
        after = [c for c in by_text.get(int(r.artifact_id), []) if int(c.char_start) > int(r.char_start)]
        prison = prison or next(
            (
                c
                for c in [*reversed(before), *after]
                if c.predicate == "place" and place_kind(str(c.value)) == "prison"
            ),
            None,
        )
        out.append(
            DatedClaim(
                claim_id=int(r.id), predicate=str(r.predicate),
                value=None if r.value is None else str(r.value), artifact_id=int(r.artifact_id),
                char_start=int(r.char_start), char_end=int(r.char_end),
                date_start=_day(date.date_start) if date is not None else None,
                date_end=_day(date.date_end) if date is not None else None,
                precision=date.date_precision if date is not None else None,
                original=date.date_original if date is not None else None,
                date_claim=int(date.id) if date is not None else None,
                prison=str(prison.value) if prison is not None else None,
                prison_claim=int(prison.id) if prison is not None else None,
                place=str(place.value) if place is not None else None,
                place_claim=int(place.id) if place is not None else None,
                victims=tuple(victims.get(int(r.id), ())),
                category=str(detail["category"]) if detail.get("category") else None,
                qualifier=str(detail["qualifier"]) if detail.get("qualifier") else None,
                provenance=str(detail["provenance"]) if detail.get("provenance") else None,
                first_hand=bool(detail["first_hand"]) if "first_hand" in detail else None,
            )
        )  # fmt: skip
    return out


def _victim_records(reading: Reading, rows: list[Any]) -> dict[int, list[int]]:
    """Claim → person records of the victims its act names, where a reviewer accepted that mention."""
    spans: dict[tuple[int, int, int], list[int]] = {}
    for r in rows:
        for ref in _json(r.detail).get("victims", []) or []:
            if isinstance(ref, dict) and "start" in ref and "end" in ref:
                key = (int(r.artifact_id), int(ref["start"]), int(ref["end"]))
                spans.setdefault(key, []).append(int(r.id))
    if not spans:
        return {}
    out: dict[int, list[int]] = {}
    texts = sorted({a for a, _, _ in spans})
    for aid, start, end, record in reading.conn.execute(
        select(mentions.c.artifact_id, mentions.c.char_start, mentions.c.char_end,
               mentions.c.person_record_id)
        .where(mentions.c.artifact_id.in_(texts), mentions.c.mention_type == "person",
               mentions.c.person_record_id.is_not(None))
    ):  # fmt: skip
        for cid in spans.get((int(aid), int(start), int(end)), []):
            out.setdefault(cid, []).append(int(record))
    return out


def _linked(ref: Any, linked: dict[tuple[int, int], Any]) -> Any | None:
    if not isinstance(ref, dict) or "start" not in ref or "end" not in ref:
        return None
    return linked.get((int(ref["start"]), int(ref["end"])))


def _json(text: Any) -> dict[str, Any]:
    import json

    try:
        found = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


class ClaimLine(BaseModel):
    """One claim behind a number on a picture page: what it says, where, and a link to open it at its
    citation (`/claims/N`)."""

    claim_id: int
    predicate: str
    value: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_original: str | None = None
    review_status: str
    source_name: str | None = None
    locator: str | None = None


def claim_lines(reading: Reading, claim_ids: Collection[int]) -> list[ClaimLine]:
    """The claims given (the caller's readable ones), each with its first readable citation. Values are
    shown, so protected ones a cleared role reads are logged as disclosed; free text is scrubbed of
    withheld strings."""
    if not claim_ids:
        return []
    conn, gate = reading.conn, reading.gate
    hide_case_terms(reading)
    rows: list[Any] = []
    for chunk in _chunks(claim_ids):
        rows += conn.execute(
            select(claims.c.id, claims.c.predicate, claims.c.value, claims.c.date_start, claims.c.date_end,
                   claims.c.date_original).where(claims.c.id.in_(chunk))
        ).all()  # fmt: skip
    labels = reading.labels.claim_labels({int(r.id) for r in rows})
    shown = [r for r in rows if gate.see("claims", int(r.id), "value", labels.get(int(r.id), "sealed"))]
    cited = citations_of(reading, [int(r.id) for r in shown])
    statuses: dict[int, str] = {}
    for chunk in _chunks(int(r.id) for r in shown):
        for cid, status in conn.execute(
            select(attestations.c.claim_id, attestations.c.review_status)
            .where(attestations.c.claim_id.in_(chunk))
            .order_by(attestations.c.id)
        ):
            statuses.setdefault(int(cid), str(status))
    out = []
    for r in sorted(shown, key=lambda r: (str(r.date_start or ""), int(r.id))):
        found = cited.get(int(r.id)) or []
        first = found[0] if found else None
        locator = None
        if first is not None:
            locator = (
                f"row {first.row}" if first.row is not None
                else f"{first.char_start}–{first.char_end}" if first.char_start is not None
                else first.locator_kind
            )  # fmt: skip
        out.append(
            ClaimLine(
                claim_id=int(r.id), predicate=str(r.predicate),
                value=None if r.value is None else gate.scrub(str(r.value)),
                date_start=None if r.date_start is None else str(r.date_start)[:10],
                date_end=None if r.date_end is None else str(r.date_end)[:10],
                date_original=None if r.date_original is None else gate.scrub(str(r.date_original)),
                review_status=statuses.get(int(r.id), "proposed"),
                source_name=first.source_name if first is not None else None, locator=locator,
            )
        )  # fmt: skip
    return out
