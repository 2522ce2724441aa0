"""Ingest: files in, preserved evidence and sourced claims out. Each file lands whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from testament import __version__
from testament.errors import IngestError, InputError
from testament.ingest.mapping import EXTRA, ColumnMapping, map_columns
from testament.ingest.readers import (
    LIST_SUFFIXES,
    MEDIA_TYPES,
    TESTIMONY_SUFFIXES,
    ListTable,
    read_list,
    read_testimony,
)
from testament.ingest.report import FileOutcome, IngestReport, Problem
from testament.ingest.values import CellValue, read_cell
from testament.store.backend import bulk_insert
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.ids import Ids
from testament.store.schema import artifacts, attestations, claims, person_records, sources
from testament.vocab import FIELD_PREDICATES, CustodyEventType, RecordField

__all__ = ["IngestOptions", "ProgressFn", "ingest_files"]

# progress(file_name, rows_done, rows_total): called while a long list is read and written
ProgressFn = Callable[[str, int, int], None]
_NAME_FIELDS = {RecordField.FULL_NAME, RecordField.GIVEN_NAME, RecordField.SURNAME}
_PROGRESS_EVERY = 5000
# Column orders of the tuples handed to `bulk_insert` (constants last).
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
    report = IngestReport()
    for path in paths:
        outcome = _ingest_one(case, Path(path), options, progress)
        report.files.append(outcome)
        if options.strict and outcome.status == "rejected":
            break
    return report


def _kind_of(path: Path, options: IngestOptions) -> str:
    suffix = path.suffix.lower()
    natural = "testimony" if suffix in TESTIMONY_SUFFIXES else "list" if suffix in LIST_SUFFIXES else None
    if natural is None:
        raise IngestError(
            f"{path.name}: '{suffix or 'no suffix'}' is not a format Testament reads",
            hint="testimonies: .txt .md .pdf .docx; victim lists: .csv .xlsx .json",
        )
    if options.kind and options.kind != natural:
        raise IngestError(
            f"{path.name}: --kind {options.kind} does not fit a '{suffix}' file",
            hint=f"a '{suffix}' file is read as a {natural}; drop --kind or convert the file",
        )
    return natural


def _ingest_one(case: Case, path: Path, options: IngestOptions, progress: ProgressFn | None) -> FileOutcome:
    name = path.name
    try:
        kind = _kind_of(path, options)
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
        with case.read() as conn:
            existing = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).scalar()
        if existing is not None:
            return FileOutcome(
                name, "unchanged", kind, existing, digest, message=f"already ingested as artifact {existing}"
            )
        if kind == "testimony":
            return _ingest_testimony(case, path, data, digest, options)
        return _ingest_list(case, path, data, digest, options, progress)
    except IngestError as exc:
        problems = exc.problems or [Problem(name, None, None, expected="a readable file", found=exc.message)]
        return FileOutcome(name, "rejected", problems=problems, message=str(exc))


# --- writing ----------------------------------------------------------------------------------------------


def _source_id(conn: Connection, ids: Ids, title: str, kind: str, now: str) -> int:
    found = conn.execute(
        select(sources.c.id).where(sources.c.title == title, sources.c.kind == kind)
    ).scalar()
    if found is not None:
        return int(found)
    sid = ids.take(sources)
    conn.execute(insert(sources), [{"id": sid, "title": title, "kind": kind, "created_at": now}])
    return sid


def _store_blobs(case: Case, blobs: list[tuple[bytes, str]]) -> list[str]:
    written = []
    for data, digest in blobs:
        _, new = case.blobs.put(data, digest)
        if new:
            written.append(digest)
    return written


def _artifact_row(
    aid: int, sid: int, digest: str, size: int, media: str, filename: str, now: str
) -> dict[str, Any]:
    return {
        "id": aid,
        "source_id": sid,
        "sha256": digest,
        "size": size,
        "media_type": media,
        "filename": filename,
        "derived_from": None,
        "transformation": None,
        "tool": None,
        "tool_version": None,
        "created_at": now,
    }


def _received(name: str, digest: str, size: int, media: str, kind: str) -> list[NewEvent]:
    return [
        NewEvent(
            CustodyEventType.RECEIVED,
            {"filename": name, "size": size, "media_type": media, "kind": kind},
            digest,
        ),
        NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
    ]


def _ingest_testimony(
    case: Case, path: Path, data: bytes, digest: str, options: IngestOptions
) -> FileOutcome:
    suffix = path.suffix.lower()
    doc = read_testimony(data, path.name, suffix, case.settings.max_file_bytes)
    text_bytes = doc.text.encode("utf-8")
    text_digest = sha256_hex(text_bytes)
    written = _store_blobs(case, [(data, digest), (text_bytes, text_digest)])
    now = utc_now()
    try:
        with case.write() as conn:
            ids = Ids(conn)
            sid = _source_id(conn, ids, options.source_title or path.name, "testimony", now)
            aid = ids.take(artifacts, 2)
            media = MEDIA_TYPES[suffix]
            original = _artifact_row(aid, sid, digest, len(data), media, path.name, now)
            text_id = aid + 1
            derived: dict[str, Any] | None = _artifact_row(
                text_id,
                sid,
                text_digest,
                len(text_bytes),
                "text/plain; charset=utf-8",
                f"{path.name}.txt",
                now,
            )
            known = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == text_digest)).scalar()
            if text_digest == digest or known is not None:
                derived = None  # the text already stands as an artifact (a plain .txt is its own text)
            elif derived is not None:
                derived.update(
                    derived_from=aid, transformation="text of", tool=doc.tool, tool_version=doc.tool_version
                )
            conn.execute(insert(artifacts), [original] + ([derived] if derived else []))
            events = _received(path.name, digest, len(data), media, "testimony")
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
                    {"artifact_id": aid, "kind": "testimony", "pages": len(doc.pages)},
                    digest,
                )
            )
            append_events(conn, case.settings.actor, events)
    except BaseException:
        for blob in written:
            case.blobs.discard(blob)
        raise
    return FileOutcome(
        path.name, "ingested", "testimony", aid, digest, message=f"{len(doc.pages)} page(s) of text"
    )


def _parse_rows(
    table: ListTable, fields: list[Any], name: str, options: IngestOptions
) -> tuple[list[_ParsedRow], list[Problem], int]:
    calendar = options.mapping.calendar if options.mapping else None
    headers = [h or f"#{i}" for i, h in enumerate(table.headers, start=1)]
    width = len(headers)
    # Per column, worked out once: (header, field, predicate or None if ignored, is a name column).
    specs: list[tuple[str, RecordField | None, str | None, bool]] = []
    for column, field in zip(headers, fields, strict=True):
        record_field = RecordField(field) if field not in (None, EXTRA) else None
        predicate = None if field is None else FIELD_PREDICATES[record_field] if record_field else "note"
        specs.append((column, record_field, predicate, record_field in _NAME_FIELDS))
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
        for (column, record_field, predicate, is_name), text in zip(specs, cells, strict=False):
            if predicate is None:
                continue
            result = read_cell(record_field, text, calendar=calendar, where=(name, index, column))
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
    case: Case, path: Path, data: bytes, digest: str, options: IngestOptions, progress: ProgressFn | None
) -> FileOutcome:
    name = path.name
    suffix = path.suffix.lower()
    table = read_list(data, name, suffix, case.settings.max_file_bytes)
    fields = map_columns(table.headers, options.mapping, name)
    parsed, problems, _blank = _parse_rows(table, fields, name, options)
    total = len(table.rows)
    if problems and (options.strict or not options.skip_bad_rows):
        raise IngestError(
            f"{name}: {len(problems)} problem(s); nothing was ingested from this file",
            hint="fix the rows named in the report, or pass --skip-bad-rows to ingest the others",
            problems=problems,
        )
    written = _store_blobs(case, [(data, digest)])
    now = utc_now()
    extractor = f"ingest:{suffix.lstrip('.')}"
    n_claims = sum(len(r.cells) for r in parsed)
    try:
        with case.write() as conn:
            ids = Ids(conn)
            sid = _source_id(conn, ids, options.source_title or name, "list", now)
            aid = ids.take(artifacts)
            media = MEDIA_TYPES[suffix]
            conn.execute(insert(artifacts), [_artifact_row(aid, sid, digest, len(data), media, name, now)])
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
                        claim_rows.append(
                            (next_claim, rid, predicate, *value.claim_columns, *claim_constants)
                        )
                        att_rows.append((next_att, next_claim, prow.row, column, original, *att_constants))
                        next_claim += 1
                        next_att += 1
                bulk_insert(conn, person_records, _RECORD_COLUMNS, rec_rows)
                bulk_insert(conn, claims, _CLAIM_COLUMNS, claim_rows)
                bulk_insert(conn, attestations, _ATTESTATION_COLUMNS, att_rows)
                done += len(batch)
                if progress:
                    progress(name, done, len(parsed))
            skipped = [{"row": p.row, "column": p.column, "expected": p.expected} for p in problems]
            events = _received(name, digest, len(data), media, "list")
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
                        "rejected_rows": skipped,
                    },
                    digest,
                )
            )
            append_events(conn, case.settings.actor, events)
    except BaseException:
        for blob in written:
            case.blobs.discard(blob)
        raise
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
    )
