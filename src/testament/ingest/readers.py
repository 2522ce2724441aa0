"""Readers: bytes of an evidence file in, text or a table out. Everything reads from memory, never from a
temp file, so an encrypted case leaves no plaintext on disk."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import PurePosixPath

from testament.errors import IngestError

__all__ = [
    "ARCHIVE_SUFFIXES",
    "LIST_SUFFIXES",
    "TESTIMONY_SUFFIXES",
    "ListTable",
    "TextDocument",
    "check_zip_members",
    "read_list",
    "read_testimony",
]

TESTIMONY_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx"})
LIST_SUFFIXES = frozenset({".csv", ".xlsx", ".json"})
ARCHIVE_SUFFIXES = frozenset({".zip"})  # unpacked: its testimonies and lists are ingested one by one
_MAX_ZIP_RATIO = 200  # an xlsx or docx member expanding more than this is treated as a zip bomb

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


@dataclass(frozen=True)
class TextDocument:
    """Extracted text. Pages are joined with form feeds, so a char offset maps back to its page."""

    pages: list[str]
    tool: str
    tool_version: str

    @property
    def text(self) -> str:
        return "\f".join(self.pages)


@dataclass(frozen=True)
class ListTable:
    headers: list[str]
    rows: list[list[str]]  # cell text as the source wrote it; "" for empty
    encoding: str | None
    first_data_line: (
        int  # where data row 1 sits in the file (line for csv, sheet row for xlsx, index for json)
    )


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Many Persian spreadsheets are saved as Windows-1256; it decodes almost any byte string, so it is
        # the last resort rather than a guess made first.
        return data.decode("cp1256"), "cp1256"
    except UnicodeDecodeError:
        raise IngestError(
            f"{name}: text is neither UTF-8 nor Windows-1256",
            hint="save the file as UTF-8 (in Excel: 'CSV UTF-8') and ingest it again",
        ) from None


def check_zip_members(data: bytes, name: str, max_bytes: int) -> zipfile.ZipFile:
    """Open a zip container (xlsx, docx, or a .zip of evidence files) only if its member paths are safe and
    it does not expand absurdly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
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


def read_testimony(data: bytes, name: str, suffix: str, max_bytes: int) -> TextDocument:
    if suffix in (".txt", ".md"):
        text, _ = _decode_text(data, name)
        return TextDocument([text.replace("\r\n", "\n")], "testament-text", version("testament"))
    if suffix == ".pdf":
        return _read_pdf(data, name)
    if suffix == ".docx":
        check_zip_members(data, name, max_bytes)
        return _read_docx(data, name)
    raise IngestError(f"{name}: '{suffix}' is not a testimony format", hint="use .txt, .md, .pdf or .docx")


def _read_pdf(data: bytes, name: str) -> TextDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(
                f"{name}: the PDF is password-protected", hint="remove the password, then ingest"
            )
        pages = [(page.extract_text() or "").replace("\f", "\n") for page in reader.pages]
    except PdfReadError:
        raise IngestError(
            f"{name}: the PDF is damaged or not a PDF", hint="re-export it from its source"
        ) from None
    if not any(p.strip() for p in pages):
        raise IngestError(
            f"{name}: the PDF has no text layer (a scan?)",
            hint="run OCR on it first (e.g. ocrmypdf), then ingest the OCRed PDF",
        )
    return TextDocument(pages, "pypdf", version("pypdf"))


def _read_docx(data: bytes, name: str) -> TextDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise IngestError(
            f"{name}: not a readable .docx", hint="re-save it from Word or LibreOffice"
        ) from None
    text = "\n".join(p.text for p in document.paragraphs)
    return TextDocument([text], "python-docx", version("python-docx"))


# --- lists ----------------------------------------------------------------------------------------------


def read_list(data: bytes, name: str, suffix: str, max_bytes: int) -> ListTable:
    if suffix == ".csv":
        return _read_csv(data, name)
    if suffix == ".xlsx":
        check_zip_members(data, name, max_bytes)
        return _read_xlsx(data, name)
    if suffix == ".json":
        return _read_json(data, name)
    raise IngestError(f"{name}: '{suffix}' is not a list format", hint="use .csv, .xlsx or .json")


def _read_csv(data: bytes, name: str) -> ListTable:
    text, encoding = _decode_text(data, name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raise IngestError(
            f"{name}: the file is empty", hint="a list needs a header row and data rows"
        ) from None
    rows = [row for row in reader]
    # Trailing blank lines are common in exports; keep blank rows in the middle so row numbers stay true.
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return ListTable([h.strip() for h in headers], rows, encoding, first_data_line=2)


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


def _read_xlsx(data: bytes, name: str) -> ListTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise IngestError(
            f"{name}: not a readable .xlsx", hint="re-save it from Excel or LibreOffice"
        ) from None
    sheet = book.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise IngestError(f"{name}: the first sheet is empty", hint="put the list on the first sheet")
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    headers = [h.strip() for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    body = [
        r[: len(headers)] + [""] * (len(headers) - len(r)) if len(r) < len(headers) else r for r in rows[1:]
    ]
    return ListTable(headers, body, None, first_data_line=2)


def _read_json(data: bytes, name: str) -> ListTable:
    text, encoding = _decode_text(data, name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            hint="a list is a JSON array of objects, one per person",
        ) from None
    if isinstance(doc, dict):
        arrays = [v for v in doc.values() if isinstance(v, list)]
        doc = arrays[0] if len(arrays) == 1 else doc
    if not isinstance(doc, list) or not all(isinstance(item, dict) for item in doc):
        raise IngestError(
            f"{name}: expected an array of objects (one per person)",
            hint='write it as [{"name": ..., "father name": ...}, ...] or {"records": [...]}',
        )
    headers: list[str] = []
    seen: set[str] = set()
    for item in doc:
        for key in item:
            if key not in seen:
                seen.add(key)
                headers.append(str(key))
    rows = [[_json_cell(item.get(h)) for h in headers] for item in doc]
    return ListTable(headers, rows, encoding, first_data_line=1)


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)
