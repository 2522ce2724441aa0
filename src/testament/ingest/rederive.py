"""`verify --rederive`: every list read again from its stored blob with the options its ingest recorded (in
its `ingested` custody event, `testament.ingest.options.options_record`), by the same steps ingest runs
(`testament.ingest.lists.read_list_file` and `list_rows`), and what ingest would write compared with what
the case holds: the person records, their claims and the claims' attestations, the artifact and its
source.

Plain `verify` checks that rows still match the digests sealed when they were written; an insider who
edits a claim and rewrites its seal and the custody chain after it passes that. Re-derivation does not
trust the seals: it asks whether the rows are what the evidence file says. Ids and timestamps ingest
hands out afresh are not compared; rows are matched on their content, keyed to the list row (sheet and row
number) they come from. Differences are named by table and row id (or by artifact and row for a row the
case lacks) and by column, never by value. A list ingested before options were recorded gets a note."""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import PurePath
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, Table, Text, and_, cast, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from testament import __version__
from testament.errors import IngestError, IntegrityFailure
from testament.ingest._writing import artifact_row
from testament.ingest.lists import (
    ATTESTATION_COLUMNS,
    CLAIM_COLUMNS,
    RECORD_COLUMNS,
    list_rows,
    read_list_file,
)
from testament.ingest.options import options_from_record, title_digest
from testament.ingest.readers import MEDIA_TYPES, read_testimony
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import Finding
from testament.store.facts import covered_columns
from testament.store.integrity import AddedCheck
from testament.store.schema import artifacts, attestations, claims, custody_events, person_records, sources
from testament.vocab import CustodyEventType

__all__ = ["LABEL", "TEXTS_LABEL", "rederive_lists", "rederive_texts"]

LABEL = "lists re-derived"
TEXTS_LABEL = "testimony texts re-derived"
_NAMED = 20  # differences named one by one per list; the rest are counted
_CHUNK = 5000  # person records read back per round
_RUNS = 200  # id ranges per statement (SQLite limits how deep an expression nests)
_MARSHAL = 2  # marshal format: version 2 writes no back-references, so bytes depend on values only
_HINT = (
    "the case no longer holds what its evidence file says: find who changed it in the custody log and "
    "restore the case from a backup"
)


# --- how rows are compared -------------------------------------------------------------------------------


class _Shape:
    """How one table's rows are compared: every column its seal covers except the id, the link to the row
    above (an id too) and the time of writing, which ingest hands out afresh. A row ingest writes gives its
    values in `given` order; the columns it leaves out are compared with what the database fills in."""

    def __init__(self, table: Table, given: Sequence[str], link: str | None) -> None:
        skip = {"id", "created_at", *([link] if link else [])}
        self.table = table
        self.link = link
        present = [c for c in given if c not in skip]
        unset = [c for c in covered_columns(table) if c not in skip and c not in given]
        self.columns = present + unset
        spots = [list(given).index(c) for c in present]
        self._take = itemgetter(*spots)
        self._unset = tuple(_database_default(table, c) for c in unset)

    def written(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """The compared values of a row as ingest writes it."""
        return tuple(self._take(row)) + self._unset

    def select(self, *extra: ColumnElement[Any]) -> Any:
        """A SELECT of the compared columns in canonical form (dates as ISO text, booleans as 0/1), the
        row's id and `extra` after them."""
        return select(*[_canonical(self.table.c[c]) for c in self.columns], self.table.c.id, *extra)

    def differing(self, stored: tuple[Any, ...], expected: tuple[Any, ...]) -> list[str]:
        return [c for c, a, b in zip(self.columns, stored, expected, strict=True) if _norm(a) != _norm(b)]


def _database_default(table: Table, name: str) -> Any:
    arg = getattr(table.c[name].server_default, "arg", None)
    return arg if isinstance(arg, str) else None


def _canonical(column: Any) -> Any:
    if isinstance(column.type, Date):
        return cast(column, Text)
    if isinstance(column.type, Boolean):
        return cast(column, Integer)
    return column


def _norm(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


_RECORDS = _Shape(person_records, RECORD_COLUMNS, None)
_CLAIMS = _Shape(claims, CLAIM_COLUMNS, "subject_id")
_ATTESTATIONS = _Shape(attestations, ATTESTATION_COLUMNS, "claim_id")


@dataclass
class _Cell:
    """One claim of a record with its attestations: ids (None for what ingest would write), values."""

    claim_id: int | None
    claim: tuple[Any, ...]
    attestations: list[tuple[int | None, tuple[Any, ...]]] = field(default_factory=list)

    def key(self) -> bytes:
        atts = sorted(marshal.dumps(a, _MARSHAL) for _, a in self.attestations)
        return marshal.dumps((self.claim, atts), _MARSHAL)


@dataclass
class _Record:
    record_id: int | None
    values: tuple[Any, ...]
    cells: list[_Cell] = field(default_factory=list)

    def digest(self) -> bytes:
        """Of every value, claims in id order (the order ingest writes them in): one `marshal` call a
        record. Records whose digests differ are compared claim by claim, in any order."""
        cells = [(c.claim, [a for _, a in c.attestations]) for c in self.cells]
        return hashlib.blake2b(marshal.dumps((self.values, cells), _MARSHAL), digest_size=16).digest()

    def same(self, other: _Record) -> bool:
        """The same values, claims and attestations, in whatever order."""
        return self.values == other.values and sorted(c.key() for c in self.cells) == sorted(
            c.key() for c in other.cells
        )


_PAGE, _ROW = _RECORDS.columns.index("page"), _RECORDS.columns.index("row")
_ATT_ARTIFACT = _ATTESTATIONS.columns.index("artifact_id")


def _where(record: _Record) -> tuple[int, int]:
    """(sheet number or 0, row): the list row a record comes from."""
    return int(record.values[_PAGE] or 0), int(record.values[_ROW] or 0)


# --- what ingest would write -----------------------------------------------------------------------------


def _expected(batches: Iterable[tuple[int, list[Any], list[Any], list[Any]]]) -> Iterator[_Record]:
    """The records `list_rows` gives, each with its claims and their attestations."""
    rid_at, cid_at = RECORD_COLUMNS.index("id"), CLAIM_COLUMNS.index("id")
    subject_at, claim_at = CLAIM_COLUMNS.index("subject_id"), ATTESTATION_COLUMNS.index("claim_id")
    for _, rec_rows, claim_rows, att_rows in batches:
        records = {r[rid_at]: _Record(None, _RECORDS.written(r)) for r in rec_rows}
        cells = {}
        for c in claim_rows:
            cells[c[cid_at]] = cell = _Cell(None, _CLAIMS.written(c))
            records[c[subject_at]].cells.append(cell)
        for a in att_rows:
            cells[a[claim_at]].attestations.append((None, _ATTESTATIONS.written(a)))
        yield from records.values()


# --- what the case holds ---------------------------------------------------------------------------------


def _runs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted ids as runs of consecutive ids."""
    out: list[tuple[int, int]] = []
    for i in ids:
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _by_runs(conn: Connection, query: Any, column: Any, ids: Sequence[int]) -> Iterator[Any]:
    """The rows of `query` whose `column` is one of `ids` (sorted), a few ranges per statement."""
    runs = _runs(ids)
    for start in range(0, len(runs), _RUNS):
        part = runs[start : start + _RUNS]
        yield from conn.execute(query.where(or_(*[column.between(a, b) for a, b in part]))).all()


def _stored(conn: Connection, record_ids: Sequence[int]) -> list[_Record]:
    """The records with these ids (sorted), each with every claim about it and every attestation of those."""
    n = len(_RECORDS.columns)
    records = {
        int(r[n]): _Record(int(r[n]), tuple(r[:n]))
        for r in _by_runs(conn, _RECORDS.select(), person_records.c.id, record_ids)
    }
    n = len(_CLAIMS.columns)
    cells: dict[int, _Cell] = {}
    query = (
        _CLAIMS.select(claims.c.subject_id)
        .where(claims.c.subject_type == "person_record")
        .order_by(claims.c.id)
    )
    for r in _by_runs(conn, query, claims.c.subject_id, record_ids):
        record = records.get(int(r[n + 1]))
        if record is not None:
            cells[int(r[n])] = cell = _Cell(int(r[n]), tuple(r[:n]))
            record.cells.append(cell)
    n = len(_ATTESTATIONS.columns)
    query = _ATTESTATIONS.select(attestations.c.claim_id).order_by(attestations.c.id)
    for r in _by_runs(conn, query, attestations.c.claim_id, sorted(cells)):
        cells[int(r[n + 1])].attestations.append((int(r[n]), tuple(r[:n])))
    return [records[i] for i in record_ids if i in records]


@dataclass
class _Held:
    """The case's records of one artifact: per list row (sheet number or 0, row), their ids and digests;
    and how many of their attestations point into the artifact."""

    by_row: dict[tuple[int, int], list[tuple[int, bytes]]] = field(default_factory=dict)
    attestations: int = 0


def _held(conn: Connection, aid: int) -> _Held:
    ids = list(
        conn.execute(
            select(person_records.c.id)
            .where(person_records.c.artifact_id == aid)
            .order_by(person_records.c.id)
        ).scalars()
    )
    held = _Held()
    for start in range(0, len(ids), _CHUNK):
        for record in _stored(conn, ids[start : start + _CHUNK]):
            assert record.record_id is not None
            held.by_row.setdefault(_where(record), []).append((record.record_id, record.digest()))
            held.attestations += sum(
                1 for c in record.cells for _, a in c.attestations if a[_ATT_ARTIFACT] == aid
            )
    return held


def _stray_attestations(conn: Connection, aid: int, reached: int) -> list[int]:
    """Attestations pointing into the artifact whose claim is not about one of its records (looked for
    only when there are more pointing into it than `reached` through its records)."""
    pointing = select(func.count()).select_from(attestations).where(attestations.c.artifact_id == aid)
    if int(conn.execute(pointing).scalar_one()) == reached:
        return []
    owner = (
        select(person_records.c.artifact_id)
        .join(
            claims,
            and_(claims.c.subject_type == "person_record", claims.c.subject_id == person_records.c.id),
        )
        .where(claims.c.id == attestations.c.claim_id)
        .scalar_subquery()
    )
    query = (
        select(attestations.c.id)
        .where(attestations.c.artifact_id == aid, or_(owner.is_(None), owner != aid))
        .order_by(attestations.c.id)
    )
    return [int(i) for i in conn.execute(query).scalars()]


# --- comparing ---------------------------------------------------------------------------------------------


@dataclass
class _Compared:
    aid: int
    findings: list[Finding] = field(default_factory=list)
    more: int = 0  # differences beyond those named
    compared: int = 0  # records compared column by column

    def add(self, kind: str, where: str, what: str) -> None:
        if len(self.findings) >= _NAMED:
            self.more += 1
            return
        self.findings.append(Finding(kind, where, f"{where}: {what}"))


def _place(aid: int, key: tuple[int, int]) -> str:
    sheet, row = key
    return f"artifact {aid}" + (f", sheet {sheet}" if sheet else "") + f", row {row}"


def _compare_cells(out: _Compared, stored: _Record, expected: _Record, key: tuple[int, int]) -> None:
    """Name each claim and attestation of a record that differs from what ingest reads in its row."""
    place = _place(out.aid, key)
    left: dict[bytes, list[_Cell]] = {}
    for cell in stored.cells:
        left.setdefault(cell.key(), []).append(cell)
    wanted: list[_Cell] = []
    for cell in expected.cells:
        same = left.get(cell.key())
        if same:
            same.pop()
        else:
            wanted.append(cell)
    extra = [c for cells in left.values() for c in cells]
    for cell in wanted:
        match = _closest(cell, extra)
        if match is None:
            predicate = cell.claim[_CLAIMS.columns.index("predicate")]
            out.add(
                "rederived_missing",
                f"person_records {stored.record_id}",
                f"ingest writes a {predicate} claim from {place} that the case does not hold",
            )
            continue
        extra.remove(match)
        _compare_cell(out, match, cell, place)
    for cell in extra:
        out.add("rederived_extra", f"claims {cell.claim_id}", f"ingest writes no such claim from {place}")


def _closest(cell: _Cell, candidates: list[_Cell]) -> _Cell | None:
    """The stored claim standing for an expected one: same predicate, then the fewest differing columns."""
    at = _CLAIMS.columns.index("predicate")
    same = [c for c in candidates if c.claim[at] == cell.claim[at]]
    if not same:
        return None
    return min(same, key=lambda c: len(_CLAIMS.differing(c.claim, cell.claim)) + _att_distance(c, cell))


def _att_distance(stored: _Cell, expected: _Cell) -> int:
    if not stored.attestations or not expected.attestations:
        return len(_ATTESTATIONS.columns)
    return len(_ATTESTATIONS.differing(stored.attestations[0][1], expected.attestations[0][1]))


def _compare_cell(out: _Compared, stored: _Cell, expected: _Cell, place: str) -> None:
    columns = _CLAIMS.differing(stored.claim, expected.claim)
    if columns:
        out.add(
            "rederived_changed",
            f"claims {stored.claim_id}",
            f"{', '.join(columns)} not what ingest reads from {place}",
        )
    given = sorted(stored.attestations, key=lambda a: a[0] or 0)
    for (att_id, values), (_, wanted) in zip(given, expected.attestations, strict=False):
        columns = _ATTESTATIONS.differing(values, wanted)
        if columns:
            out.add(
                "rederived_changed",
                f"attestations {att_id}",
                f"{', '.join(columns)} not what ingest reads from {place}",
            )
    for att_id, _ in given[len(expected.attestations) :]:
        out.add(
            "rederived_extra", f"attestations {att_id}", f"ingest writes no such attestation from {place}"
        )
    if len(given) < len(expected.attestations):
        out.add(
            "rederived_missing",
            f"claims {stored.claim_id}",
            f"ingest writes an attestation of it from {place} that the case does not hold",
        )


def _compare_record(
    conn: Connection, out: _Compared, stored_id: int, expected: _Record, key: tuple[int, int]
) -> None:
    (stored,) = _stored(conn, [stored_id])
    before = len(out.findings) + out.more
    columns = _RECORDS.differing(stored.values, expected.values)
    if columns:
        out.add(
            "rederived_changed",
            f"person_records {stored_id}",
            f"{', '.join(columns)} not what ingest reads from {_place(out.aid, key)}",
        )
    _compare_cells(out, stored, expected, key)
    if len(out.findings) + out.more == before and not stored.same(expected):  # no column named: said
        what = f"not what ingest reads from {_place(out.aid, key)}"
        out.add("rederived_changed", f"person_records {stored_id}", what)


def _compare_rows(conn: Connection, out: _Compared, expected: Iterable[_Record]) -> None:
    """Each record ingest would write against the case's record from the same list row."""
    held = _held(conn, out.aid)
    for record in expected:
        key = _where(record)
        found = held.by_row.pop(key, [])
        if not found:
            what = "ingest writes a person record from this row; the case has none"
            out.add("rederived_missing", f"person_records ({_place(out.aid, key)})", what)
            continue
        digest = record.digest()
        same = next((rid for rid, d in found if d == digest), None)
        match = found[0][0] if same is None else same
        for rid, _ in found:
            if rid != match:
                what = f"a second record from {_place(out.aid, key)}; ingest writes one"
                out.add("rederived_extra", f"person_records {rid}", what)
        if same is None:
            out.compared += 1
            if out.compared <= _NAMED:
                _compare_record(conn, out, match, record, key)
            else:
                out.more += 1
    for key, found in sorted(held.by_row.items()):
        for rid, _ in found:
            what = f"ingest writes no record from {_place(out.aid, key)}"
            out.add("rederived_extra", f"person_records {rid}", what)
    for att_id in _stray_attestations(conn, out.aid, held.attestations):
        what = f"points into artifact {out.aid}, but ingest writes no such attestation"
        out.add("rederived_extra", f"attestations {att_id}", what)


# --- one list, every list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ingested:
    seq: int
    aid: int
    version: str
    options: dict[str, Any] | None


def _ingested(conn: Connection, kind: str) -> list[_Ingested]:
    """The `ingested` events of files of `kind` that `ingest.lists` or `ingest.testimonies` wrote (not
    intake's, which name a media type), oldest first."""
    found = []
    query = (
        select(custody_events.c.seq, custody_events.c.tool_version, custody_events.c.details)
        .where(custody_events.c.event_type == CustodyEventType.INGESTED.value)
        .order_by(custody_events.c.seq)
    )
    for seq, version, text in conn.execute(query):
        try:
            details = json.loads(text)
            if details.get("kind") != kind or "media_type" in details:
                continue
            aid = int(details["artifact_id"])
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # an edited event is named by the chain check
        options = details.get("options")
        found.append(_Ingested(int(seq), aid, str(version), options if isinstance(options, dict) else None))
    return found


def _check_artifact(conn: Connection, out: _Compared, ingest: _Ingested, data: bytes) -> None:
    """The artifact and its source rows as ingest writes them for this file (ids and times aside)."""
    options = ingest.options or {}
    row = conn.execute(select(artifacts).where(artifacts.c.id == out.aid)).mappings().one()
    wanted = artifact_row(
        out.aid,
        row["source_id"],
        row["sha256"],
        len(data),
        MEDIA_TYPES[options["suffix"]],
        options["name"],
        row["created_at"],
    )
    columns = [c for c in ("sha256", "size", "media_type", "filename") if row[c] != wanted[c]]
    if columns:
        out.add("rederived_changed", f"artifacts {out.aid}", f"{', '.join(columns)} not what ingest writes")
    source = conn.execute(select(sources).where(sources.c.id == row["source_id"])).mappings().one_or_none()
    if (
        source is None
        or source["kind"] != "list"
        or title_digest(source["title"]) != options["source_title_sha256"]
    ):
        out.add(
            "rederived_changed",
            f"sources {row['source_id']}",
            f"not the source ingest writes for artifact {out.aid} (its title or kind differs)",
        )


def _rederive_one(case: Case, ingest: _Ingested, check: AddedCheck) -> None:
    assert ingest.options is not None
    aid = ingest.aid
    with case.read() as conn:
        digest = conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == aid)).scalar()
    if digest is None:
        check.notes.append(f"artifact {aid} (list): cannot re-derive: the artifact is gone (named above)")
        return
    try:
        data = case.blobs.get(digest)
    except IntegrityFailure:
        check.notes.append(f"artifact {aid} (list): cannot re-derive: its blob is missing or altered")
        return
    try:
        options = options_from_record(ingest.options)
        name, suffix = str(ingest.options["name"]), str(ingest.options["suffix"])
        if suffix not in MEDIA_TYPES or not isinstance(ingest.options["source_title_sha256"], str):
            raise ValueError(suffix)
    except (KeyError, TypeError, ValueError):
        check.notes.append(
            f"artifact {aid} (list): cannot re-derive: its options were recorded in a form this version "
            f"({__version__}) does not read"
        )
        return
    out = _Compared(aid)
    try:
        reading = read_list_file(data, name, suffix, options, case.settings)
    except IngestError:
        where = f"artifact {aid}"
        check.findings.append(
            Finding(
                "rederive_refused",
                where,
                f"{where}: ingest now refuses this list with the options it was ingested with, so what it "
                "wrote cannot be re-derived",
            )
        )
        return
    with case.read() as conn:
        _check_artifact(conn, out, ingest, data)
        _compare_rows(conn, out, _expected(list_rows(reading, aid, (1, 1, 1), "", ingest.version)))
    check.checked += 1
    check.findings.extend(out.findings)
    if out.more:
        check.findings.append(
            Finding("rederived_changed", f"artifact {aid}", f"artifact {aid}: {out.more} more difference(s)")
        )
    if out.findings and ingest.version != __version__:
        check.notes.append(
            f"artifact {aid} was ingested by Testament {ingest.version}, this is {__version__}: a difference "
            "may come from a change in how lists are read"
        )
    if out.findings:
        check.notes.append(f"artifact {aid}: hint: {_HINT}")


def rederive_lists(case: Case) -> AddedCheck:
    """Read every ingested list again from its blob with the options its ingest recorded and compare what
    ingest would write with what the case holds; name each difference by table and row id."""
    check = AddedCheck(LABEL)
    with case.read() as conn:
        ingested = _ingested(conn, "list")
    unrecorded = [i.aid for i in ingested if i.options is None]
    for ingest in ingested:
        if ingest.options is not None:
            _rederive_one(case, ingest, check)
    if unrecorded:
        named = ", ".join(map(str, unrecorded[:_NAMED]))
        more = f" and {len(unrecorded) - _NAMED} more" if len(unrecorded) > _NAMED else ""
        check.notes.append(
            f"{len(unrecorded)} list(s) (artifact {named}{more}): cannot re-derive: options not recorded "
            "(ingested by an older Testament)"
        )
    return check


def _text_of(case: Case, ingest: _Ingested, check: AddedCheck) -> None:
    """One testimony's text read again and checked against the text artifact ingest derived from it (or,
    for a plain-text file, against the file itself)."""
    aid = ingest.aid
    with case.read() as conn:
        row = conn.execute(select(artifacts).where(artifacts.c.id == aid)).mappings().one_or_none()
        text = (
            conn.execute(
                select(artifacts).where(
                    artifacts.c.derived_from == aid, artifacts.c.transformation == "text of"
                )
            )
            .mappings()
            .first()
        )
        try:
            data = case.blobs.get(row["sha256"]) if row is not None else None
        except IntegrityFailure:
            data = None
        if row is None or data is None:
            check.notes.append(f"artifact {aid} (testimony): cannot re-derive: its file is gone or altered")
            return
        try:
            doc = read_testimony(
                data, row["filename"], PurePath(row["filename"]).suffix.lower(), case.settings.max_file_bytes
            )
        except IngestError:
            where = f"artifact {aid}"
            what = "ingest now refuses this testimony, so its text cannot be re-derived"
            check.findings.append(Finding("rederive_refused", where, f"{where}: {what}"))
            return
        digest = sha256_hex(doc.text.encode("utf-8"))
        held = (
            digest == row["sha256"]
            or conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).first()
        )
    check.checked += 1
    if text is not None and text["sha256"] != digest:
        where = f"artifacts {text['id']}"
        what = f"sha256 not the text ingest reads from artifact {aid}"
        check.findings.append(Finding("rederived_changed", where, f"{where}: {what}"))
        if text["tool_version"] != doc.tool_version or text["tool"] != doc.tool:
            check.notes.append(
                f"artifact {aid}'s text was read by {text['tool']} {text['tool_version']}, now by {doc.tool} "
                f"{doc.tool_version}: the difference may come from the tool"
            )
    elif text is None and not held:
        where = f"artifact {aid}"
        what = "ingest derives a text artifact from this testimony; the case has none"
        check.findings.append(Finding("rederived_missing", where, f"{where}: {what}"))


def rederive_texts(case: Case) -> AddedCheck:
    """Read every testimony (txt, md, pdf, docx) again from its blob and check that the text extraction
    works on is the text ingest reads from it now (OCR'd scans are not re-read: OCR is slow)."""
    check = AddedCheck(TEXTS_LABEL)
    with case.read() as conn:
        ingested = _ingested(conn, "testimony")
    for ingest in ingested:
        _text_of(case, ingest, check)
    return check
