"""A list file in: each table (a workbook has one per sheet) mapped column by column to person-record
fields, every row read into claim values and checked, then the whole list written in one transaction:
a person record per row, a claim per cell with the cell as its attestation. A list with problems is
refused whole unless the caller chose to skip bad rows; the custody event records where rows sit in the
file, the sheets, the rejected rows, the date orders chosen and the options ingest ran with.

`ingest_list` runs four named steps: `read_list_file` (read, map, check), `list_rows` (the rows to write,
in batches), `_write_rows` (source, artifact and rows through the claim writer) and `_ingested` (the
custody event). `verify --rederive` (`testament.ingest.rederive`) runs the first two again on the stored
file, so the same code computes what ingest writes and what it is checked against."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection

from testament import __version__
from testament.dates import ReadingOrder
from testament.errors import IngestError
from testament.ingest._writing import Incoming, artifact_row, received, source_id, writing
from testament.ingest.dateorder import ColumnOrder, infer_orders, resolve_date_order
from testament.ingest.mapping import EXTRA, NoNameColumn, map_columns
from testament.ingest.options import IngestOptions, ProgressFn, options_record
from testament.ingest.readers import MEDIA_TYPES, ListTable, read_tables
from testament.ingest.report import FileOutcome, Problem
from testament.ingest.values import CellValue, read_cell
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, attestations, claims, person_records
from testament.vocab import FIELD_PREDICATES, CustodyEventType, RecordField

__all__ = [
    "ATTESTATION_COLUMNS",
    "CLAIM_COLUMNS",
    "RECORD_COLUMNS",
    "Batch",
    "ListReading",
    "ingest_list",
    "list_rows",
    "read_list_file",
]

_NAME_FIELDS = {RecordField.FULL_NAME, RecordField.GIVEN_NAME, RecordField.SURNAME}
_PROGRESS_EVERY = 5000
# Column orders of the tuples handed to the claim writer, `FactWriter.insert` (constants last).
# A list row's locator: its data row, and for a workbook the sheet's number as `page` (names in the event).
RECORD_COLUMNS = ("id", "artifact_id", "row", "page", "sensitivity")
CLAIM_COLUMNS = (
    "id", "subject_id", "predicate", "value", "date_start", "date_end", "date_precision", "date_original",
    "date_calendar", "subject_type", "stance", "created_at", "sensitivity",
)  # fmt: skip
ATTESTATION_COLUMNS = (
    "id", "claim_id", "row", "page", "column_name", "original_text", "artifact_id", "locator_kind",
    "relation", "extractor", "extractor_version", "review_status", "created_at",
)  # fmt: skip


@dataclass
class _ParsedRow:
    row: int
    cells: list[tuple[str, str, CellValue, str]]  # (column, predicate, value, original text)


@dataclass
class _Checked:
    """One table of a list (a workbook has one per sheet) with its rows read into claim values."""

    table: ListTable
    parsed: list[_ParsedRow]
    problems: list[Problem]
    dated: list[ColumnOrder] = dataclasses.field(
        default_factory=list
    )  # date columns whose order touched cells


def _parse_rows(
    table: ListTable,
    fields: list[Any],
    name: str,
    options: IngestOptions,
    orders: dict[int, ColumnOrder] | None = None,
    progress: ProgressFn | None = None,
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
    total = len(table.rows)
    for index, cells in enumerate(table.rows, start=1):
        if progress and index % _PROGRESS_EVERY == 0:
            progress(f"checking {name}", index, total)
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


def _empty_columns(table: ListTable) -> frozenset[int]:
    """Columns with no header and no cell: padding an export left, not a column of the list."""
    blank = {i for i, h in enumerate(table.headers) if not h.strip()}
    for cells in table.rows:
        if not blank:
            break
        blank -= {i for i in blank if i < len(cells) and cells[i].strip()}
    return frozenset(blank)


def _check_tables(
    tables: list[ListTable], name: str, options: IngestOptions, progress: ProgressFn | None
) -> tuple[list[_Checked], list[Problem]]:
    """Each table's columns mapped and rows read; a sheet without a name column is skipped (and named)
    when others have one."""
    checked: list[_Checked] = []
    skipped: list[Problem] = []
    mapping_order = options.mapping.date_order if options.mapping else None
    order = resolve_date_order(options.date_order, mapping_order)
    for table in tables:
        where = name if table.sheet is None else f"{name}, sheet '{table.sheet}'"
        try:
            fields = map_columns(
                table.headers,
                options.mapping,
                where,
                unknown=options.unknown_columns,
                empty=_empty_columns(table),
            )
        except NoNameColumn as exc:
            if len(tables) == 1:
                raise
            found = f"no name column among its {len(table.headers)} headers; the sheet was skipped"
            skipped.append(Problem(name, None, None, "a name column", found, exc.hint, sheet=table.sheet))
            continue
        orders = infer_orders(table.headers, table.rows, fields, order)
        parsed, problems, _blank = _parse_rows(table, fields, name, options, orders, progress)
        located = [
            replace(p, sheet=table.sheet, line=table.line_of(p.row) if p.row else None) for p in problems
        ]
        checked.append(_Checked(table, parsed, located, [o for o in orders.values() if o.noteworthy]))
        if located and options.strict:
            break
    if not checked:
        raise IngestError(
            f"{name}: no sheet has a name column",
            hint='name the columns with --mapping FILE, e.g. [columns] "Nom" = "full_name"',
        )
    return checked, skipped


def _sheets(checked: list[_Checked], skipped: list[Problem]) -> dict[str, Any]:
    """For the custody event: which sheet each `page` of the locators is, and the sheets left out."""
    if checked[0].table.sheet is None:
        return {}
    sheets = [
        {"sheet": c.table.sheet_number, "name": c.table.sheet, "first_row": c.table.first_data_line,
         "rows": len(c.table.rows), "person_records": len(c.parsed)}
        for c in checked
    ]  # fmt: skip
    return {"sheets": sheets, **({"skipped_sheets": [p.sheet for p in skipped]} if skipped else {})}


def _lines(table: ListTable) -> dict[str, Any]:
    """For the custody event: where data rows sit in the file, as [row, line] at each row whose line is not
    the one after the row before (a quoted cell spanning lines); row r otherwise is on first + r - 1."""
    if not table.numbered:
        return {}
    shifts: list[list[int]] = []
    if table.lines is not None:
        offset = table.first_data_line - 1
        for row, line in enumerate(table.lines, start=1):
            if line - row != offset:
                offset = line - row
                shifts.append([row, line])
    return {"first_data_line": table.first_data_line, **({"line_shifts": shifts} if shifts else {})}


@dataclass
class ListReading:
    """A list file as ingest reads it before writing anything: each table checked, what was left out."""

    name: str
    suffix: str
    checked: list[_Checked]
    skipped: list[Problem]  # sheets without a name column, left out
    problems: list[Problem]  # rows refused (kept out by --skip-bad-rows; otherwise the file is refused)
    dated: list[ColumnOrder]  # date columns whose day/month order touched cells

    @property
    def rows(self) -> int:
        return sum(len(c.table.rows) for c in self.checked)

    @property
    def records(self) -> int:
        return sum(len(c.parsed) for c in self.checked)

    @property
    def claims(self) -> int:
        return sum(len(r.cells) for c in self.checked for r in c.parsed)


def read_list_file(
    data: bytes,
    name: str,
    suffix: str,
    options: IngestOptions,
    limits: Settings,
    progress: ProgressFn | None = None,
) -> ListReading:
    """Step 1: the file read into tables, each table's columns mapped and rows checked. Refuses the file if
    a row has a problem, unless the caller chose to skip bad rows."""
    tables = read_tables(
        data,
        name,
        suffix,
        limits.max_file_bytes,
        max_columns=limits.max_list_columns,
        max_cells=limits.max_list_cells,
    )
    checked, skipped = _check_tables(tables, name, options, progress)
    problems = [p for c in checked for p in c.problems]
    if problems and (options.strict or not options.skip_bad_rows):
        raise IngestError(
            f"{name}: {len(problems)} problem(s); nothing was ingested from this file",
            hint="fix the rows named in the report, or pass --skip-bad-rows to ingest the others",
            problems=problems,
        )
    return ListReading(name, suffix, checked, skipped, problems, [o for c in checked for o in c.dated])


Batch = tuple[int, list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def list_rows(
    reading: ListReading, aid: int, first_ids: tuple[int, int, int], now: str, version: str
) -> Iterator[Batch]:
    """Step 2: the rows ingest writes for a list read, in batches: (records in the batch, person_records
    rows, claims rows, attestations rows), tuples in `RECORD_COLUMNS`, `CLAIM_COLUMNS` and
    `ATTESTATION_COLUMNS` order, ids counted up from `first_ids` (records, claims, attestations).
    `verify --rederive` compares what this gives with what the case holds."""
    next_record, next_claim, next_att = first_ids
    extractor = f"ingest:{reading.suffix.lstrip('.')}"
    claim_constants = ("person_record", "affirms", now, "internal")
    att_constants = (aid, "cell", "compiler", extractor, version, "accepted", now)
    for sheet in reading.checked:
        page = sheet.table.sheet_number
        for start in range(0, len(sheet.parsed), _PROGRESS_EVERY):
            batch = sheet.parsed[start : start + _PROGRESS_EVERY]
            rec_rows: list[tuple[Any, ...]] = []
            claim_rows: list[tuple[Any, ...]] = []
            att_rows: list[tuple[Any, ...]] = []
            for prow in batch:
                rid = next_record
                next_record += 1
                rec_rows.append((rid, aid, prow.row, page, "internal"))
                for column, predicate, value, original in prow.cells:
                    claim_rows.append((next_claim, rid, predicate, *value.claim_columns, *claim_constants))
                    att_rows.append((next_att, next_claim, prow.row, page, column, original, *att_constants))
                    next_claim += 1
                    next_att += 1
            yield len(batch), rec_rows, claim_rows, att_rows


def _write_rows(
    conn: Connection,
    facts: FactWriter,
    file: Incoming,
    reading: ListReading,
    options: IngestOptions,
    now: str,
    progress: ProgressFn | None,
) -> int:
    """Step 3: the source (found or new), the artifact, then every row, sealed by `facts`. Returns the
    artifact's id."""
    ids = Ids(conn)
    sid = source_id(conn, ids, facts, options.source_title or file.name, "list", now)
    aid = ids.take(artifacts)
    media = MEDIA_TYPES[file.suffix]
    row = artifact_row(aid, sid, file.digest, len(file.data), media, file.name, now, file.parent)
    facts.insert_mappings(artifacts, [row])
    first = (
        ids.take(person_records, reading.records),
        ids.take(claims, reading.claims),
        ids.take(attestations, reading.claims),
    )
    done = 0
    for n, rec_rows, claim_rows, att_rows in list_rows(reading, aid, first, now, __version__):
        facts.insert(person_records, RECORD_COLUMNS, rec_rows)
        facts.insert(claims, CLAIM_COLUMNS, claim_rows)
        facts.insert(attestations, ATTESTATION_COLUMNS, att_rows)
        done += n
        if progress:
            progress(file.name, done, reading.records)
    return aid


def _ingested(
    file: Incoming, reading: ListReading, options: IngestOptions, aid: int, facts: FactWriter
) -> NewEvent:
    """Step 4: the `ingested` custody event: what was written (and sealed), where rows sit in the file,
    the rows rejected, the date orders chosen, and the options that shaped it all."""
    rejected = [
        {"row": p.row, "column": p.column, "expected": p.expected}
        | ({"sheet": p.sheet} if p.sheet is not None else {})
        | ({"line": p.line} if p.line is not None else {})
        for p in reading.problems
    ]
    first = reading.checked[0].table
    dated = reading.dated
    details = {
        "artifact_id": aid,
        "kind": "list",
        "rows": reading.rows,
        "person_records": reading.records,
        "claims": reading.claims,
        "encoding": first.encoding,
        **({"lines_by_encoding": first.lines_by_encoding} if first.lines_by_encoding else {}),
        **(_lines(first) if first.sheet is None else {}),
        **_sheets(reading.checked, reading.skipped),
        "rejected_rows": rejected,
        **({"date_orders": [o.to_dict() for o in dated]} if dated else {}),
        "options": options_record(options, file.name, file.suffix),
        **facts.details(),  # the digest of every row written (testament.store.facts)
    }
    return NewEvent(CustodyEventType.INGESTED, details, file.digest)


def _outcome(file: Incoming, reading: ListReading, aid: int) -> FileOutcome:
    checked, dated = reading.checked, reading.dated
    warnings = [str(w) for c in checked for w in c.table.warnings] + [str(w) for w in reading.skipped]
    return FileOutcome(
        file.name,
        "ingested",
        "list",
        aid,
        file.digest,
        rows=reading.rows,
        person_records=reading.records,
        claims=reading.claims,
        skipped_rows=len({(p.sheet, p.row) for p in reading.problems}),
        problems=reading.problems,
        message=f"{reading.records} person records, {reading.claims} claims"
        + (f" from {len(checked)} sheets" if len(checked) > 1 else ""),
        warnings=[*warnings, *(o.message for o in dated)],
        date_orders=[o.to_dict() for o in dated],
    )


def ingest_list(
    case: Case, file: Incoming, options: IngestOptions, progress: ProgressFn | None
) -> FileOutcome:
    """Read and check the list, then write it whole in one transaction with its custody events."""
    reading = read_list_file(file.data, file.name, file.suffix, options, case.settings, progress)
    now = utc_now()
    with writing(case, [(file.data, file.digest)]) as conn:
        facts = FactWriter(conn)
        aid = _write_rows(conn, facts, file, reading, options, now, progress)
        media = MEDIA_TYPES[file.suffix]
        events = received(file.name, file.digest, len(file.data), media, "list", file.parent)
        events.append(_ingested(file, reading, options, aid, facts))
        append_events(conn, case.settings.actor, events)
    return _outcome(file, reading, aid)
