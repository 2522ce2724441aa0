"""Writing a rendered list to disk as csv (UTF-8 with or without BOM, Windows-1256), xlsx or json, with
the same bytes for the same content: no timestamps, fixed zip entry dates, fixed workbook properties.

CSV and xlsx cells go through `testament.tabular` like every table Testament writes, so a cell that a
spreadsheet would run as a formula is written with a leading `'`. Invented names, dates and places never
start one (tests/synthetic/test_formulas.py keeps it so), so the lists ingest exactly as the truth says;
the files are their owner's only (0600), like everything Testament writes."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from pathlib import Path

from testament.files import write_private
from testament.synthetic.victimlist import CP1256, RenderedList
from testament.tabular import csv_text, neutralise_cell

__all__ = ["write_list"]

_FIXED_TIME = datetime.datetime(1988, 8, 6)  # workbook created/modified: fixed so the bytes are stable
_ZIP_TIME = (1988, 8, 6, 0, 0, 0)
_NUMERIC_FIELDS = ("record_id", "birth_year", "age")


def _rows(rendered: RenderedList) -> list[tuple[str, ...]]:
    return list(zip(*rendered.columns, strict=True))


def _csv_text(rendered: RenderedList) -> str:
    return csv_text(rendered.headers, _rows(rendered), lineterminator="\r\n")


def _typed(rendered: RenderedList) -> list[list[str | int | None]]:
    """Cells as a spreadsheet or JSON export holds them: numbers as numbers, empty cells as null."""
    numeric = [f in _NUMERIC_FIELDS for f in rendered.fields]
    out: list[list[str | int | None]] = []
    for row in _rows(rendered):
        out.append(
            [
                (int(c) if num and c.isascii() and c.isdigit() else c) if c else None
                for c, num in zip(row, numeric, strict=True)
            ]
        )
    return out


def _xlsx_bytes(rendered: RenderedList) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.creator = rendered.spec.organisation
    book.properties.created = _FIXED_TIME
    sheet = book.create_sheet("list")
    sheet.append([neutralise_cell(h) for h in rendered.headers])
    for row in _typed(rendered):
        sheet.append([neutralise_cell(c) if isinstance(c, str) else c for c in row])
    raw = io.BytesIO()
    book.save(raw)
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and a fixed core.xml modified time (openpyxl stamps both)."""
    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}", text)
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _json_bytes(rendered: RenderedList) -> bytes:
    keys = rendered.headers
    lines = [json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False) for row in _typed(rendered)]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def write_list(rendered: RenderedList, path: Path, *, fmt: str) -> None:
    """Write `rendered` to `path` in format `fmt` (csv, csv-bom, csv-cp1256, xlsx, json)."""
    if fmt == "csv":
        data = _csv_text(rendered).encode("utf-8")
    elif fmt == "csv-bom":
        data = _csv_text(rendered).encode("utf-8-sig")
    elif fmt == "csv-cp1256":
        data = _csv_text(rendered).translate(CP1256).encode("cp1256")
    elif fmt == "xlsx":
        data = _xlsx_bytes(rendered)
    elif fmt == "json":
        data = _json_bytes(rendered)
    else:  # validate() refuses other formats
        raise ValueError(f"unknown list format {fmt!r}")
    write_private(path, data)
