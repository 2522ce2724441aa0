"""Readers: bytes of an evidence file in, text or a table out. Everything reads from memory, never from a
temp file, so an encrypted case leaves no plaintext on disk.

Lists are bounded by what they hold, not by what they declare: an xlsx sheet is read from the cells present
in its XML (its declared dimension and row spans are ignored, blank rows cost one pointer each), and every
list is refused, naming the file and the place, once it passes the column or cell limit (settings:
`max_list_columns`, `max_list_cells`). Every sheet of a workbook is read, each as a table of its own; an
empty sheet is named in the warnings as skipped. A reader returns tables or raises `IngestError`, nothing
else."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import warnings
import zipfile
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import PurePosixPath
from typing import Any

from testament.errors import IngestError
from testament.ingest._encoding import decode_text, foreign_line_warnings, mis_decoded_cells
from testament.ingest.report import Problem
from testament.settings import MAX_LIST_CELLS, MAX_LIST_COLUMNS

__all__ = [
    "ARCHIVE_SUFFIXES",
    "LIST_SUFFIXES",
    "TESTIMONY_SUFFIXES",
    "ListTable",
    "NoTextLayer",
    "TextDocument",
    "check_zip_members",
    "read_list",
    "read_tables",
    "read_testimony",
]

TESTIMONY_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx"})
LIST_SUFFIXES = frozenset({".csv", ".xlsx", ".json"})
ARCHIVE_SUFFIXES = frozenset({".zip"})  # unpacked: its testimonies and lists are ingested one by one
_MAX_ZIP_RATIO = 200  # an xlsx or docx member expanding more than this is treated as a zip bomb
_XLSX_MAX_ROWS = 1_048_576  # the format's own limit (and Excel's)

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".zip": "application/zip",
}


class NoTextLayer(IngestError):
    """A PDF whose pages hold no text: a scan, which ingest then reads by OCR."""


@dataclass(frozen=True)
class TextDocument:
    """Extracted text. Pages are joined with form feeds, so a char offset maps back to its page."""

    pages: list[str]
    tool: str
    tool_version: str
    warnings: list[Problem] = field(default_factory=list)  # e.g. lines read as Windows-1256 in a UTF-8 file

    @property
    def text(self) -> str:
        return "\f".join(self.pages)


@dataclass(frozen=True)
class ListTable:
    """A list (or one sheet of a workbook) as a table of cell strings. `rows[i]` is data row i + 1, blank
    rows included, so the row numbers reports give are true; a blank row may be one shared empty list
    (treat rows as read-only)."""

    headers: list[str]
    rows: list[list[str]]  # cell text as the source wrote it; "" for empty
    encoding: str | None
    first_data_line: (
        int  # where data row 1 sits in the file (line for csv, sheet row for xlsx, index for json)
    )
    # Lines of a mixed-encoding file read in another encoding than the file's: {"cp1256": [8, 12]}.
    lines_by_encoding: dict[str, list[int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # naming rows and columns; nothing is refused
    sheet: str | None = None  # the worksheet's name, for an xlsx
    sheet_number: int | None = None  # its place in the workbook, 1-based (the locator's `page`)
    # The csv line each data row starts on, kept only when a quoted cell spans lines (else it is implied).
    lines: array[int] | None = None
    numbered: bool = True  # rows have a number of the file's own (csv line, Excel row); not json objects

    def line_of(self, row: int) -> int | None:
        """The file's own number of data row `row`: csv line or Excel row; None for json."""
        if not self.numbered:
            return None
        if self.lines is not None and 0 < row <= len(self.lines):
            return self.lines[row - 1]
        return self.first_data_line + row - 1


_NO_CELLS: list[str] = []  # every blank row between xlsx rows: a million of them cost a pointer each


class _Budget:
    """What a list may take in memory, counted while it is read so that a hostile file is refused before
    it is built: columns (up to a row's last non-blank cell) and cells (rows x their widths)."""

    def __init__(self, name: str, max_columns: int, max_cells: int) -> None:
        self.name, self.max_columns, self.max_cells, self.cells = name, max_columns, max_cells, 0

    def check_width(self, width: int, where: str) -> None:
        if width > self.max_columns:
            raise IngestError(
                f"{self.name}: {where} has a value in column {width}; a list may have at most "
                f"{self.max_columns} columns",
                hint="delete the stray cells far to the right (in Excel, Ctrl+End shows the last used "
                "cell), or raise TESTAMENT_MAX_LIST_COLUMNS if the columns are genuine",
            )

    def check_keys(self, keys: int, index: int) -> None:
        if keys > self.max_columns:
            raise IngestError(
                f"{self.name}: object {index} brings key number {keys} of the list; a list may have at "
                f"most {self.max_columns} columns (the keys of all its objects together)",
                hint='give every person the same keys, [{"name": ..., "father name": ...}, ...], not '
                "keys of their own such as ids; or raise TESTAMENT_MAX_LIST_COLUMNS if the keys are genuine",
            )

    def take(self, cells: int, where: str) -> None:
        self.cells += cells
        if self.cells > self.max_cells:
            raise IngestError(
                f"{self.name}: more than {self.max_cells:,} cells (rows x columns) by {where}",
                hint="split the list into files of fewer rows, or raise TESTAMENT_MAX_LIST_CELLS if the "
                "machine has the memory for it (about 120 bytes a cell)",
            )


def check_zip_members(data: bytes, name: str, max_bytes: int) -> zipfile.ZipFile:
    """Open a zip container (xlsx, docx, or a .zip of evidence files) only if its member paths are safe and
    it does not expand absurdly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile mostly; a damaged directory can also give ValueError, OSError, EOFError
        raise IngestError(f"{name}: not a valid zip container", hint="open and re-save the file") from None
    total = 0
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            raise IngestError(
                f"{name}: archive member with an unsafe path",
                hint="the file may be crafted to write outside its folder; do not open it, ask the sender",
            )
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > _MAX_ZIP_RATIO
            and info.file_size > 1e7
        ):
            raise IngestError(f"{name}: archive member expands {info.file_size / info.compress_size:.0f}x")
    if total > max_bytes:
        raise IngestError(
            f"{name}: archive expands to {total} bytes, over the limit of {max_bytes}",
            hint="raise TESTAMENT_MAX_FILE_BYTES if the file is genuine",
        )
    return archive


def read_testimony(
    data: bytes, name: str, suffix: str, max_bytes: int, *, progress: Callable[[int, int], None] | None = None
) -> TextDocument:
    """The text of a testimony; `progress(pages_done, pages)` is called as a PDF's pages are read."""
    if suffix in (".txt", ".md"):
        decoded = decode_text(data, name)
        notes = foreign_line_warnings(name, [(line, None) for line in decoded.foreign_lines])
        text = decoded.text.replace("\r\n", "\n")
        return TextDocument([text], "testament-text", version("testament"), notes)
    if suffix == ".pdf":
        return _read_pdf(data, name, progress)
    if suffix == ".docx":
        check_zip_members(data, name, max_bytes)
        return _read_docx(data, name)
    raise IngestError(f"{name}: '{suffix}' is not a testimony format", hint="use .txt, .md, .pdf or .docx")


_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_PDF_PAGE = 2 << 20  # bytes of a page's content stream (decompressed) read for its text
_MAX_PDF_CONTENT = 16 << 20  # and of all pages together


@contextmanager
def _quiet_pdf_parser() -> Iterator[None]:
    """pypdf logs and warns about every oddity of a damaged file on the user's terminal: Testament reports
    the file itself, so that noise is shown only with TESTAMENT_DEBUG=1."""
    if os.environ.get("TESTAMENT_DEBUG"):
        yield
        return
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _read_pdf(data: bytes, name: str, progress: Callable[[int, int], None] | None = None) -> TextDocument:
    from pypdf import PdfReader

    with _quiet_pdf_parser():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise IngestError(
                    f"{name}: the PDF is password-protected", hint="remove the password, then ingest"
                )
            pages = []
            total = 0
            count = len(reader.pages)
            for number, page in enumerate(reader.pages, start=1):
                if progress:
                    progress(number - 1, count)
                contents = page.get_contents()
                size = len(contents.get_data()) if contents is not None else 0
                total += size
                # Text extraction reads a few hundred KB of page content a second on a slow machine: a
                # 100 KB file can unpack to hours of it. A page of text needs tens of KB.
                if size > _MAX_PDF_PAGE or total > _MAX_PDF_CONTENT:
                    raise IngestError(
                        f"{name}: page {number} holds {size / 2**20:.1f} MB of drawing instructions "
                        f"({total / 2**20:.1f} MB with the pages before it), more than a text layer "
                        "needs; at most 2 MB a page and 16 MB in all are read",
                        hint="the file may be crafted; if it is genuine, split it or print it to a new PDF",
                    )
                pages.append((page.extract_text() or "").replace("\f", "\n"))
        except IngestError:
            raise
        except Exception:  # PdfReadError, LimitReachedError, RecursionError: whatever a damaged file causes
            raise IngestError(
                f"{name}: the PDF is damaged or not a PDF", hint="re-export it from its source"
            ) from None
    # A broken font map can give halves of surrogate pairs, which no database or UTF-8 file can hold.
    pages = [_SURROGATE.sub("\ufffd", page) for page in pages]
    if not any(p.strip() for p in pages):
        raise NoTextLayer(
            f"{name}: the PDF has no text layer (a scan?)",
            hint="ingest reads it by OCR (testament.ingest.intake); to read it alone, OCR it first",
        )
    return TextDocument(pages, "pypdf", version("pypdf"))


def _read_docx(data: bytes, name: str) -> TextDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
    except Exception:
        raise IngestError(
            f"{name}: not a readable .docx", hint="re-save it from Word or LibreOffice"
        ) from None
    return TextDocument([text], "python-docx", version("python-docx"))


# --- lists ----------------------------------------------------------------------------------------------


def read_list(
    data: bytes,
    name: str,
    suffix: str,
    max_bytes: int,
    *,
    max_columns: int = MAX_LIST_COLUMNS,
    max_cells: int = MAX_LIST_CELLS,
) -> ListTable:
    """The list in `data` as a table (a workbook's first sheet with data); or `IngestError`."""
    return read_tables(data, name, suffix, max_bytes, max_columns=max_columns, max_cells=max_cells)[0]


def read_tables(
    data: bytes,
    name: str,
    suffix: str,
    max_bytes: int,
    *,
    max_columns: int = MAX_LIST_COLUMNS,
    max_cells: int = MAX_LIST_CELLS,
) -> list[ListTable]:
    """The list in `data` as tables, one per sheet with data (csv and json: one), with warnings for text
    that looks garbled; or `IngestError`. The cell limit holds for all sheets together."""
    budget = _Budget(name, max_columns, max_cells)
    if suffix == ".csv":
        tables = [_read_csv(data, name, budget)]
    elif suffix == ".xlsx":
        check_zip_members(data, name, max_bytes)
        tables = _read_xlsx(data, name, budget)
    elif suffix == ".json":
        tables = [_read_json(data, name, budget)]
    else:
        raise IngestError(f"{name}: '{suffix}' is not a list format", hint="use .csv, .xlsx or .json")
    for table in tables:
        found = mis_decoded_cells(name, table.headers, table.rows)
        table.warnings.extend(replace(p, sheet=table.sheet, line=_line(table, p.row)) for p in found)
    return tables


def _line(table: ListTable, row: int | None) -> int | None:
    return table.line_of(row) if row else None


def _trim(row: list[str], width: int) -> list[str]:
    """A row without the blank cells past `width` (exports pad rows to the sheet's last used column)."""
    end = len(row)
    while end > width and not row[end - 1].strip():
        end -= 1
    return row if end == len(row) else row[:end]


_DELIMITERS = ",;\t|"


def _dialect(sample: str) -> type[csv.Dialect]:
    """The delimiter that splits the first records most consistently, counted outside double quotes, in one
    pass over the sample. Not csv.Sniffer: its quote-guessing regular expressions take minutes on a line of
    a few hundred quotes, and it takes the apostrophe of a name (O'Brien, Sa'id) for a quote character."""
    records: list[dict[str, int]] = []
    counts, spaced = dict.fromkeys(_DELIMITERS, 0), dict.fromkeys(_DELIMITERS, 0)
    quoted = content = False
    for i, ch in enumerate(sample):
        if ch == '"':
            quoted, content = not quoted, True
        elif quoted:
            continue
        elif ch in "\r\n":
            if content:
                records.append(counts)
                if len(records) == 20:
                    break
            counts, content = dict.fromkeys(_DELIMITERS, 0), False
        else:
            content = True
            if ch in counts:
                counts[ch] += 1
                if not records and sample[i + 1 : i + 2] == " ":
                    spaced[ch] += 1
    if content and not records:
        records.append(counts)  # one record, no line end in the sample
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        seen = [r[delimiter] for r in records if r[delimiter]]
        if seen:
            usual = max(set(seen), key=seen.count)
            score = (sum(1 for r in records if r[delimiter] == usual), usual)
            if score > best_score:
                best, best_score = delimiter, score
    first = records[0][best] if records else 0
    skip = bool(first) and spaced[best] == first  # "a, b, c": every delimiter followed by a space
    return type("SniffedDialect", (csv.excel,), {"delimiter": best, "skipinitialspace": skip})


def _read_csv(data: bytes, name: str, budget: _Budget) -> ListTable:
    decoded = decode_text(data, name)
    text = decoded.text
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text[:8192]))
    foreign = decoded.foreign_lines
    located: list[tuple[int, int | None]] = []  # (line read as Windows-1256, its record: 0 is the header)
    records: list[list[str]] = []
    starts = array("l")  # the line each record starts on: one past where the one before it ended
    width = cells = ended = 0
    try:
        for record in reader:
            starts.append(ended + 1)
            ended = reader.line_num
            if len(located) < len(foreign):
                while len(located) < len(foreign) and foreign[len(located)] <= reader.line_num:
                    located.append((foreign[len(located)], len(records)))
            if not records:  # the header: as it is, unless padded with blanks past the column limit
                if len(record) > budget.max_columns:
                    record = _trim(record, 0)
                width = len(record)
            elif len(record) > width:
                record = _trim(record, width)  # blank cells past the header are padding
            if len(record) > budget.max_columns:
                budget.check_width(len(record), f"line {reader.line_num}")
            cells += len(record) or 1
            if cells > budget.max_cells:
                budget.take(cells, f"line {reader.line_num}")
            records.append(record)
    except csv.Error as exc:
        raise IngestError(
            f"{name}: line {reader.line_num} is not readable as CSV ({exc})",
            hint="open the file in a spreadsheet program and save it again as CSV",
        ) from None
    if not records:
        raise IngestError(f"{name}: the file is empty", hint="a list needs a header row and data rows")
    headers, rows = records[0], records[1:]
    # Trailing blank lines are common in exports; keep blank rows in the middle so row numbers stay true.
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    first = starts[1] if len(starts) > 1 else 2
    del starts[:1], starts[len(rows) :]
    # Kept only when a quoted cell spans lines; otherwise row r is on line first + r - 1.
    spans = bool(starts) and starts[-1] != first + len(rows) - 1
    return ListTable(
        [h.strip() for h in headers],
        rows,
        decoded.encoding,
        first_data_line=first,
        lines_by_encoding={"cp1256": list(foreign)} if foreign else {},
        warnings=foreign_line_warnings(name, located),
        lines=starts if spans else None,
    )


def _cell_text(value: object) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, name: str, budget: _Budget) -> list[ListTable]:
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about what it does not support (data validation, default styles...): not ours
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # also what a zip member packed with a method zipfile lacks raises, lazily
            raise IngestError(
                f"{name}: not a readable .xlsx", hint="re-save it from Excel or LibreOffice"
            ) from None
        try:
            if not book.worksheets:
                raise IngestError(
                    f"{name}: the workbook has no worksheet", hint="put the list on a worksheet"
                )
            tables: list[ListTable] = []
            empty: list[str] = []
            for number, sheet in enumerate(book.worksheets, start=1):
                table = _read_sheet(book, sheet, number, name, budget)
                if table is None:
                    empty.append(str(sheet.title))
                else:
                    tables.append(table)
        finally:
            book.close()
    if not tables:
        raise IngestError(f"{name}: every sheet of the workbook is empty", hint="put the list on a sheet")
    tables[0].warnings.extend(
        Problem(name, None, None, expected="a list on every sheet", found="an empty sheet; skipped", sheet=t)
        for t in empty
    )
    return tables


def _read_sheet(book: Any, sheet: Any, number: int, name: str, budget: _Budget) -> ListTable | None:
    title = str(sheet.title)
    try:
        return _sheet_table(_sheet_rows(book, sheet), title, number, name, budget)
    except IngestError:
        raise
    except Exception:  # a damaged sheet: bad XML, a cell reference or number openpyxl cannot read
        raise IngestError(
            f"{name}: sheet '{title}' is damaged and cannot be read",
            hint="open it in Excel or LibreOffice, save it again, and ingest the saved file",
        ) from None


def _sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(sheet row number, [cell dicts]) for the rows present in a sheet's XML, each holding only the cells
    present. openpyxl's own row iterator pads every row to the declared (or last) column and fills in every
    missing row, which is what lets a 5 KB file claiming A1:XFD1048576 eat all memory."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _sheet_table(
    sheet_rows: Iterator[tuple[int, list[dict[str, Any]]]], title: str, sheet: int, name: str, budget: _Budget
) -> ListTable | None:
    """The sheet as a table, None if it holds no text."""
    headers: list[str] | None = None
    header_row = last = 0
    rows: list[list[str]] = []
    for number, cells in sheet_rows:
        if number > _XLSX_MAX_ROWS or number <= last:
            found = (
                f"row number {number:,}, past the format's last row ({_XLSX_MAX_ROWS:,})"
                if number > _XLSX_MAX_ROWS
                else f"row number {number} where row {last + 1} or later was due"
            )
            raise IngestError(
                f"{name}: sheet '{title}' has a {found}",
                hint="the file was not written by a spreadsheet program; open it in one, save it again, "
                "and ingest the saved file",
            )
        last = number
        texts: dict[int, str] = {}
        width = 0
        for cell in cells:
            column = cell["column"]
            text = _cell_text(cell["value"])
            if text:
                if text.strip():
                    width = max(width, column)
                texts[column] = text
        if not width:
            continue  # blank: before the header it is skipped, after it the gap is filled when data follows
        budget.check_width(width, f"sheet '{title}' row {number}")
        row = [""] * width
        for column, text in texts.items():
            if 1 <= column <= width:
                row[column - 1] = text
        if headers is None:
            headers, header_row = [h.strip() for h in row], number
            continue
        gap = number - header_row - 1 - len(rows)
        budget.take(gap + max(width, len(headers)), f"sheet '{title}' row {number}")
        rows.extend([_NO_CELLS] * gap)
        if width < len(headers):
            row.extend([""] * (len(headers) - width))
        rows.append(row)
    if headers is None:
        return None
    return ListTable(headers, rows, None, header_row + 1, sheet=title, sheet_number=sheet)


def _read_json(data: bytes, name: str, budget: _Budget) -> ListTable:
    decoded = decode_text(data, name)
    try:
        doc = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            hint="a list is a JSON array of objects, one per person",
        ) from None
    except (ValueError, RecursionError):  # a number of thousands of digits; arrays nested thousands deep
        raise IngestError(
            f"{name}: JSON nested too deep or with a number too long to read",
            hint="a list is a JSON array of objects, one per person, each holding text and numbers",
        ) from None
    if isinstance(doc, dict):
        arrays = [v for v in doc.values() if isinstance(v, list)]
        doc = arrays[0] if len(arrays) == 1 else doc
    if not isinstance(doc, list) or not all(isinstance(item, dict) for item in doc):
        raise IngestError(
            f"{name}: expected an array of objects (one per person)",
            hint='write it as [{"name": ..., "father name": ...}, ...] or {"records": [...]}',
        )
    # The union of the keys is the table's width: counted (and refused) before the table is built.
    headers: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(doc, start=1):
        for key in item:
            if key not in seen:
                seen.add(key)
                headers.append(str(key))
                budget.check_keys(len(headers), index)
    budget.take(len(doc) * max(len(headers), 1), f"object {len(doc)}")
    try:
        rows = [[_json_cell(item.get(h)) for h in headers] for item in doc]
    except (ValueError, RecursionError):
        raise IngestError(
            f"{name}: a value is nested too deep or holds a number too long to write as text",
            hint="a list is a JSON array of objects, one per person, each holding text and numbers",
        ) from None
    foreign = decoded.foreign_lines
    return ListTable(
        headers,
        rows,
        decoded.encoding,
        first_data_line=1,
        numbered=False,
        lines_by_encoding={"cp1256": list(foreign)} if foreign else {},
        warnings=foreign_line_warnings(name, [(line, None) for line in foreign]),
    )


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)
