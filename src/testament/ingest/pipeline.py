"""Ingest: files in, preserved evidence and sourced claims out. Each file lands whole or not at all."""

from __future__ import annotations

import contextlib
import platform
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, select

from testament import __version__
from testament.dates import ReadingOrder
from testament.errors import IngestError, InputError
from testament.ingest.dateorder import ColumnOrder, check_date_order, infer_orders, resolve_date_order
from testament.ingest.mapping import EXTRA, ColumnMapping, map_columns
from testament.ingest.readers import (
    ARCHIVE_SUFFIXES,
    LIST_SUFFIXES,
    MEDIA_TYPES,
    TESTIMONY_SUFFIXES,
    ListTable,
    check_zip_members,
    read_list,
    read_testimony,
)
from testament.ingest.report import FileOutcome, IngestReport, Problem
from testament.ingest.values import CellValue, read_cell
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, attestations, claims, person_records, sources
from testament.vocab import FIELD_PREDICATES, CustodyEventType, RecordField

__all__ = ["IngestOptions", "ProgressFn", "ingest_files"]

# progress(file_name, rows_done, rows_total): called while a long list is read and written
ProgressFn = Callable[[str, int, int], None]
_NAME_FIELDS = {RecordField.FULL_NAME, RecordField.GIVEN_NAME, RecordField.SURNAME}
_PROGRESS_EVERY = 5000
# Column orders of the tuples handed to the claim writer, `FactWriter.insert` (constants last).
_RECORD_COLUMNS = ("id", "artifact_id", "row", "sensitivity")
_CLAIM_COLUMNS = (
    "id", "subject_id", "predicate", "value", "date_start", "date_end", "date_precision", "date_original",
    "date_calendar", "subject_type", "stance", "created_at", "sensitivity",
)  # fmt: skip
_ATTESTATION_COLUMNS = (
    "id", "claim_id", "row", "column_name", "original_text", "artifact_id", "locator_kind", "relation",
    "extractor", "extractor_version", "review_status", "created_at",
)  # fmt: skip


@dataclass(frozen=True)
class IngestOptions:
    source_title: str | None = None
    kind: str | None = None  # testimony or list; by default from the file suffix
    mapping: ColumnMapping | None = None
    strict: bool = False  # stop at the first problem
    skip_bad_rows: bool = False  # ingest the good rows, record the rejected ones (default: refuse the file)
    date_order: str = "auto"  # D/M vs M/D dates: auto (per column, from its cells), day-first, month-first


@dataclass(frozen=True)
class _Parent:
    """The archive a file was unpacked from."""

    artifact_id: int
    sha256: str
    member: str  # the file's path inside the archive


@dataclass(frozen=True)
class _Incoming:
    """A file's bytes as read, with where they came from."""

    name: str  # as reported: the file name, or archive.zip/path/in/archive
    suffix: str
    data: bytes
    digest: str
    parent: _Parent | None = None


@dataclass
class _ParsedRow:
    row: int
    cells: list[tuple[str, str, CellValue, str]]  # (column, predicate, value, original text)


def ingest_files(
    case: Case, paths: Sequence[Path], options: IngestOptions, progress: ProgressFn | None = None
) -> IngestReport:
    """Ingest each file in its own transaction; a refused file leaves the case exactly as it was."""
    if options.kind not in (None, "testimony", "list"):
        raise InputError(f"--kind '{options.kind}' is not known", hint="use --kind testimony or --kind list")
    check_date_order(options.date_order)
    report = IngestReport()
    # Blobs left by a writer killed before its commit go first, under the lock (nothing else is mid-write).
    report.swept = len(case.sweep_blobs())
    for path in paths:
        for outcome in _ingest_one(case, Path(path), options, progress):
            report.files.append(outcome)
            if options.strict and outcome.status == "rejected":
                return report
    return report


def _kind_of(name: str, suffix: str, options: IngestOptions) -> str:
    natural = "testimony" if suffix in TESTIMONY_SUFFIXES else "list" if suffix in LIST_SUFFIXES else None
    if suffix in ARCHIVE_SUFFIXES:
        return "archive"  # --kind applies to its members
    if natural is None:
        raise IngestError(
            f"{name}: '{suffix or 'no suffix'}' is not a format Testament reads",
            hint="testimonies: .txt .md .pdf .docx; victim lists: .csv .xlsx .json; archives of them: .zip",
        )
    if options.kind and options.kind != natural:
        raise IngestError(
            f"{name}: --kind {options.kind} does not fit a '{suffix}' file",
            hint=f"a '{suffix}' file is read as a {natural}; drop --kind or convert the file",
        )
    return natural


def _ingest_one(
    case: Case, path: Path, options: IngestOptions, progress: ProgressFn | None
) -> list[FileOutcome]:
    name = path.name
    try:
        kind = _kind_of(name, path.suffix.lower(), options)
        if not path.is_file():
            raise IngestError(f"{path}: no such file", hint="check the path")
        size = path.stat().st_size
        if size > case.settings.max_file_bytes:
            raise IngestError(
                f"{name}: {size} bytes is over the limit of {case.settings.max_file_bytes}",
                hint="raise TESTAMENT_MAX_FILE_BYTES if the file is genuine",
            )
        data = path.read_bytes()
        digest = sha256_hex(data)
        existing = _artifact_with(case, digest)
        if kind == "archive":  # even one seen before: files in it that were refused may be read now
            return _ingest_archive(case, name, data, digest, options, progress, existing)
        if existing is not None:
            return [_unchanged(name, kind, existing, digest)]
        return [
            _ingest_file(case, _Incoming(name, path.suffix.lower(), data, digest), kind, options, progress)
        ]
    except IngestError as exc:
        return [_rejected(name, exc)]


def _artifact_with(case: Case, digest: str) -> int | None:
    with case.read() as conn:
        return conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).scalar()


def _unchanged(name: str, kind: str, artifact_id: int, digest: str) -> FileOutcome:
    return FileOutcome(
        name, "unchanged", kind, artifact_id, digest, message=f"already ingested as artifact {artifact_id}"
    )


def _rejected(name: str, exc: IngestError) -> FileOutcome:
    problems = exc.problems or [Problem(name, None, None, expected="a readable file", found=exc.message)]
    return FileOutcome(name, "rejected", problems=problems, message=str(exc))


def _ingest_file(
    case: Case, file: _Incoming, kind: str, options: IngestOptions, progress: ProgressFn | None
) -> FileOutcome:
    try:
        if kind == "testimony":
            return _ingest_testimony(case, file, options)
        return _ingest_list(case, file, options, progress)
    except _AlreadyIngested as already:
        return _unchanged(file.name, kind, already.artifact_id, file.digest)


# --- archives --------------------------------------------------------------------------------------------
# A .zip is preserved whole, as an artifact of its own; each file in it is then ingested as if given alone
# (whole or not at all), recorded as derived from the archive ("member of"). A member that cannot be read
# is reported and left inside the preserved archive: nothing is lost.

_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def _is_system_file(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return "__MACOSX" in parts or parts[-1].lower() in _SYSTEM_FILES or parts[-1].startswith("._")


def _ingest_archive(
    case: Case,
    name: str,
    data: bytes,
    digest: str,
    options: IngestOptions,
    progress: ProgressFn | None,
    existing: int | None,
) -> list[FileOutcome]:
    archive = check_zip_members(data, name, case.settings.max_file_bytes)
    entries = sorted(
        (i for i in archive.infolist() if not i.is_dir() and not _is_system_file(i.filename)),
        key=lambda i: i.filename,
    )
    if not entries:
        raise IngestError(f"{name}: the archive holds no files", hint="check that the right archive was sent")
    try:
        if existing is not None:
            raise _AlreadyIngested(existing)
        aid = _store_archive(case, name, data, digest, options, len(entries))
        outcome = FileOutcome(
            name, "ingested", "archive", aid, digest, message=f"{len(entries)} file(s) inside"
        )
    except _AlreadyIngested as already:
        aid = already.artifact_id
        outcome = _unchanged(name, "archive", aid, digest)
    outcomes = [outcome]
    for entry in entries:
        member_name = f"{name}/{entry.filename}"
        try:
            suffix = PurePosixPath(entry.filename).suffix.lower()
            kind = _kind_of(member_name, suffix, options)
            if kind == "archive":
                raise IngestError(
                    f"{member_name}: an archive inside an archive is not unpacked",
                    hint="unpack the outer archive and ingest the inner one on its own",
                )
            member = _read_member(archive, entry, member_name)
            member_digest = sha256_hex(member)
            known = _artifact_with(case, member_digest)
            if known is not None:
                outcomes.append(_unchanged(member_name, kind, known, member_digest))
                continue
            parent = _Parent(aid, digest, entry.filename)
            incoming = _Incoming(member_name, suffix, member, member_digest, parent)
            outcome = _ingest_file(case, incoming, kind, options, progress)
        except IngestError as exc:
            outcome = _rejected(member_name, exc)
        outcomes.append(outcome)
        if options.strict and outcome.status == "rejected":
            break
    return outcomes


def _store_archive(
    case: Case, name: str, data: bytes, digest: str, options: IngestOptions, files: int
) -> int:
    now = utc_now()
    media = MEDIA_TYPES[".zip"]
    with _writing(case, [(data, digest)]) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = _source_id(conn, ids, facts, options.source_title or name, "archive", now)
        aid = ids.take(artifacts)
        facts.insert_mappings(artifacts, [_artifact_row(aid, sid, digest, len(data), media, name, now)])
        events = _received(name, digest, len(data), media, "archive")
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {"artifact_id": aid, "kind": "archive", "files": files, **facts.details()},
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return aid


def _read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return archive.read(entry)
    except RuntimeError:  # zipfile's word for a password-protected member
        raise IngestError(
            f"{name}: the file is encrypted inside the archive",
            hint="unpack it with its password and ingest the files themselves",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise IngestError(
            f"{name}: the file is damaged inside the archive, or packed with a method zip readers lack",
            hint="ask the sender for a new archive, or unpack it with another tool and ingest the files",
        ) from None


# --- writing ----------------------------------------------------------------------------------------------


def _source_id(conn: Connection, ids: Ids, facts: FactWriter, title: str, kind: str, now: str) -> int:
    found = conn.execute(
        select(sources.c.id).where(sources.c.title == title, sources.c.kind == kind)
    ).scalar()
    if found is not None:
        return int(found)
    sid = ids.take(sources)
    facts.insert_mappings(sources, [{"id": sid, "title": title, "kind": kind, "created_at": now}])
    return sid


class _AlreadyIngested(Exception):
    """Another writer committed the same file first (seen under the write lock)."""

    def __init__(self, artifact_id: int) -> None:
        super().__init__(artifact_id)
        self.artifact_id = artifact_id


@contextmanager
def _writing(case: Case, blobs: list[tuple[bytes, str]]) -> Iterator[Connection]:
    """A write transaction for a file whose blobs (the file first) are stored under the write lock.

    The lock is taken before anything touches the blob store, so two processes sending the same file cannot
    race: the second finds the first's artifact and raises `_AlreadyIngested`. If the transaction fails,
    only the blobs it added that no committed artifact references are removed."""
    written: list[str] = []
    try:
        with case.write() as conn:
            known = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == blobs[0][1])).scalar()
            if known is not None:
                raise _AlreadyIngested(int(known))
            written = _store_blobs(case, blobs)
            yield conn
    except _AlreadyIngested:
        raise
    except BaseException:
        _discard_unreferenced(case, written)
        raise


def _store_blobs(case: Case, blobs: list[tuple[bytes, str]]) -> list[str]:
    written = []
    for data, digest in blobs:
        _, new = case.blobs.put(data, digest)
        if new:
            written.append(digest)
    return written


def _discard_unreferenced(case: Case, digests: list[str]) -> None:
    """Remove blobs of a failed write, under the lock again and only those no artifact references."""
    if not digests:
        return
    # The database may be what failed: then an unreferenced blob stays (harmless; the next ingest sweeps
    # it), since deleting a blob without checking under the lock could lose a committed file.
    with contextlib.suppress(Exception), case.write() as conn:
        kept = set(conn.execute(select(artifacts.c.sha256).where(artifacts.c.sha256.in_(digests))).scalars())
        for digest in digests:
            if digest not in kept:
                case.blobs.discard(digest)


def _artifact_row(
    aid: int,
    sid: int,
    digest: str,
    size: int,
    media: str,
    filename: str,
    now: str,
    parent: _Parent | None = None,
) -> dict[str, Any]:
    return {
        "id": aid,
        "source_id": sid,
        "sha256": digest,
        "size": size,
        "media_type": media,
        "filename": filename,
        "derived_from": parent.artifact_id if parent else None,
        "transformation": "member of" if parent else None,
        "tool": "python-zipfile" if parent else None,
        "tool_version": platform.python_version() if parent else None,
        "created_at": now,
    }


def _received(
    name: str, digest: str, size: int, media: str, kind: str, parent: _Parent | None = None
) -> list[NewEvent]:
    """How a file came in: received from outside, or unpacked from an archive already received."""
    if parent is not None:
        return [
            NewEvent(
                CustodyEventType.DERIVED,
                {
                    "from": parent.sha256,
                    "to": digest,
                    "transformation": "member of",
                    "member": parent.member,
                    "size": size,
                    "media_type": media,
                    "kind": kind,
                },
                digest,
            ),
            NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
        ]
    return [
        NewEvent(
            CustodyEventType.RECEIVED,
            {"filename": name, "size": size, "media_type": media, "kind": kind},
            digest,
        ),
        NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
    ]


def _ingest_testimony(case: Case, file: _Incoming, options: IngestOptions) -> FileOutcome:
    name, suffix, data, digest, parent = file.name, file.suffix, file.data, file.digest, file.parent
    doc = read_testimony(data, name, suffix, case.settings.max_file_bytes)
    text_bytes = doc.text.encode("utf-8")
    text_digest = sha256_hex(text_bytes)
    now = utc_now()
    with _writing(case, [(data, digest), (text_bytes, text_digest)]) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = _source_id(conn, ids, facts, options.source_title or name, "testimony", now)
        aid = ids.take(artifacts, 2)
        media = MEDIA_TYPES[suffix]
        original = _artifact_row(aid, sid, digest, len(data), media, name, now, parent)
        text_id = aid + 1
        derived: dict[str, Any] | None = _artifact_row(
            text_id,
            sid,
            text_digest,
            len(text_bytes),
            "text/plain; charset=utf-8",
            f"{name}.txt",
            now,
        )
        known = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == text_digest)).scalar()
        if text_digest == digest or known is not None:
            derived = None  # the text already stands as an artifact (a plain .txt is its own text)
        elif derived is not None:
            derived.update(
                derived_from=aid, transformation="text of", tool=doc.tool, tool_version=doc.tool_version
            )
        facts.insert_mappings(artifacts, [original] + ([derived] if derived else []))
        events = _received(name, digest, len(data), media, "testimony", parent)
        if derived:
            events.append(
                NewEvent(
                    CustodyEventType.DERIVED,
                    {
                        "from": digest,
                        "to": text_digest,
                        "transformation": "text of",
                        "tool": doc.tool,
                        "tool_version": doc.tool_version,
                        "pages": len(doc.pages),
                    },
                    text_digest,
                )
            )
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {"artifact_id": aid, "kind": "testimony", "pages": len(doc.pages), **facts.details()},
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return FileOutcome(
        name,
        "ingested",
        "testimony",
        aid,
        digest,
        message=f"{len(doc.pages)} page(s) of text",
        warnings=[str(w) for w in doc.warnings],
    )


def _parse_rows(
    table: ListTable,
    fields: list[Any],
    name: str,
    options: IngestOptions,
    orders: dict[int, ColumnOrder] | None = None,
) -> tuple[list[_ParsedRow], list[Problem], int]:
    calendar = options.mapping.calendar if options.mapping else None
    headers = [h or f"#{i}" for i, h in enumerate(table.headers, start=1)]
    width = len(headers)
    # Per column, worked out once: (header, field, predicate or None if ignored, is a name column).
    # Date columns also carry their day/month order (testament.ingest.dateorder).
    specs: list[tuple[str, RecordField | None, str | None, bool, ReadingOrder | None]] = []
    for i, (column, field) in enumerate(zip(headers, fields, strict=True)):
        record_field = RecordField(field) if field not in (None, EXTRA) else None
        predicate = None if field is None else FIELD_PREDICATES[record_field] if record_field else "note"
        order = orders[i].reading if orders and i in orders else None
        specs.append((column, record_field, predicate, record_field in _NAME_FIELDS, order))
    parsed: list[_ParsedRow] = []
    problems: list[Problem] = []
    blank = 0
    for index, cells in enumerate(table.rows, start=1):
        if not any(c.strip() for c in cells):
            blank += 1
            continue
        if (len(cells) != width and any(c.strip() for c in cells[width:])) or len(cells) < width:
            problems.append(
                Problem(
                    name,
                    index,
                    None,
                    expected=f"{width} cells (one per header)",
                    found=f"{len(cells)} cells",
                    hint="a stray delimiter or an unquoted comma inside a cell shifts the columns",
                )
            )
            if options.strict:
                break
            continue
        row_cells: list[tuple[str, str, CellValue, str]] = []
        row_problems: list[Problem] = []
        has_name = False
        for (column, record_field, predicate, is_name, order), text in zip(specs, cells, strict=False):
            if predicate is None:
                continue
            result = read_cell(
                record_field, text, calendar=calendar, where=(name, index, column), order=order
            )
            if result is None:
                continue
            if isinstance(result, Problem):
                row_problems.append(result)
                continue
            has_name = has_name or is_name
            row_cells.append((column, predicate, result, text))
        if not has_name and not row_problems:
            row_problems.append(
                Problem(
                    name,
                    index,
                    None,
                    expected="a name in at least one name column",
                    found="no name",
                    hint="add the name or delete the row; a record with no name cannot be linked",
                )
            )
        if row_problems:
            problems.extend(row_problems)
            if options.strict:
                break
            continue
        parsed.append(_ParsedRow(index, row_cells))
    return parsed, problems, blank


def _ingest_list(
    case: Case, file: _Incoming, options: IngestOptions, progress: ProgressFn | None
) -> FileOutcome:
    name, suffix, data, digest, parent = file.name, file.suffix, file.data, file.digest, file.parent
    limits = case.settings
    table = read_list(
        data,
        name,
        suffix,
        limits.max_file_bytes,
        max_columns=limits.max_list_columns,
        max_cells=limits.max_list_cells,
    )
    fields = map_columns(table.headers, options.mapping, name)
    mapping_order = options.mapping.date_order if options.mapping else None
    orders = infer_orders(
        table.headers, table.rows, fields, resolve_date_order(options.date_order, mapping_order)
    )
    dated = [o for o in orders.values() if o.noteworthy]  # columns whose order decided or flagged cells
    parsed, problems, _blank = _parse_rows(table, fields, name, options, orders)
    total = len(table.rows)
    if problems and (options.strict or not options.skip_bad_rows):
        raise IngestError(
            f"{name}: {len(problems)} problem(s); nothing was ingested from this file",
            hint="fix the rows named in the report, or pass --skip-bad-rows to ingest the others",
            problems=problems,
        )
    now = utc_now()
    extractor = f"ingest:{suffix.lstrip('.')}"
    n_claims = sum(len(r.cells) for r in parsed)
    with _writing(case, [(data, digest)]) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = _source_id(conn, ids, facts, options.source_title or name, "list", now)
        aid = ids.take(artifacts)
        media = MEDIA_TYPES[suffix]
        row = _artifact_row(aid, sid, digest, len(data), media, name, now, parent)
        facts.insert_mappings(artifacts, [row])
        next_record = ids.take(person_records, len(parsed))
        next_claim = ids.take(claims, n_claims)
        next_att = ids.take(attestations, n_claims)
        claim_constants = ("person_record", "affirms", now, "internal")
        att_constants = (aid, "cell", "compiler", extractor, __version__, "accepted", now)
        done = 0
        for start in range(0, len(parsed), _PROGRESS_EVERY):
            batch = parsed[start : start + _PROGRESS_EVERY]
            rec_rows: list[tuple[Any, ...]] = []
            claim_rows: list[tuple[Any, ...]] = []
            att_rows: list[tuple[Any, ...]] = []
            for prow in batch:
                rid = next_record
                next_record += 1
                rec_rows.append((rid, aid, prow.row, "internal"))
                for column, predicate, value, original in prow.cells:
                    claim_rows.append((next_claim, rid, predicate, *value.claim_columns, *claim_constants))
                    att_rows.append((next_att, next_claim, prow.row, column, original, *att_constants))
                    next_claim += 1
                    next_att += 1
            facts.insert(person_records, _RECORD_COLUMNS, rec_rows)
            facts.insert(claims, _CLAIM_COLUMNS, claim_rows)
            facts.insert(attestations, _ATTESTATION_COLUMNS, att_rows)
            done += len(batch)
            if progress:
                progress(name, done, len(parsed))
        skipped = [{"row": p.row, "column": p.column, "expected": p.expected} for p in problems]
        events = _received(name, digest, len(data), media, "list", parent)
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {
                    "artifact_id": aid,
                    "kind": "list",
                    "rows": total,
                    "person_records": len(parsed),
                    "claims": n_claims,
                    "encoding": table.encoding,
                    **({"lines_by_encoding": table.lines_by_encoding} if table.lines_by_encoding else {}),
                    "rejected_rows": skipped,
                    **({"date_orders": [o.to_dict() for o in dated]} if dated else {}),
                    **facts.details(),  # the digest of every row written (testament.store.facts)
                },
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return FileOutcome(
        name,
        "ingested",
        "list",
        aid,
        digest,
        rows=total,
        person_records=len(parsed),
        claims=n_claims,
        skipped_rows=len({p.row for p in problems}),
        problems=problems,
        message=f"{len(parsed)} person records, {n_claims} claims",
        warnings=[*(str(w) for w in table.warnings), *(o.message for o in dated)],
        date_orders=[o.to_dict() for o in dated],
    )
