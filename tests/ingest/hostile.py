"""Hostile list files, built in memory: the tiny spreadsheet that declares a million rows, the JSON list whose
every object has a key of its own. Used by the reader tests, the fuzz test and `bench/readers.py`. All names
are invented."""

from __future__ import annotations

import io
import json
import re
import zipfile

__all__ = [
    "SHEET",
    "crafted_xlsx",
    "many_keys_json",
    "plain_xlsx",
    "rewrite_member",
    "stray_cell_xlsx",
]

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["name", "father name", "birth year", "execution date"]


def _rows(n: int) -> list[list[object]]:
    return [[f"Invented Person {i}", "Ahmad", 1340 + i % 10, "1367/05/15"] for i in range(1, n + 1)]


def plain_xlsx(rows: int = 40) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in _rows(rows):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def stray_cell_xlsx(value: str | None = None, rows: int = 40, at: str = "XFD1048576") -> bytes:
    """A small list with one stray cell far out (Excel's last cell by default): formatted only when `value`
    is None, as when someone bolds a cell and types nothing. openpyxl then declares the sheet's dimension
    as A1:XFD1048576, as Excel does."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in _rows(rows):
        sheet.append(row)
    sheet[at].font = Font(bold=True)
    if value is not None:
        sheet[at] = value
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def rewrite_member(xlsx: bytes, member: str, edit: object) -> bytes:
    """The same container with one member's text replaced by `edit(text)`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            target.writestr(info.filename, data)
    return out.getvalue()


def crafted_xlsx(rows: int = 40) -> bytes:
    """The stray-cell list edited by hand: the dimension declares every cell of the sheet, every row claims
    to span all 16,384 columns, and the last row of the sheet holds one empty cell in the last column."""

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        xml = re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:16384"', xml)
        xml = re.sub(r'<row r="1048576"[^>]*>.*?</row>', "", xml)
        last = '<row r="1048576" spans="1:16384"><c r="XFD1048576" s="1"/></row>'
        return xml.replace("</sheetData>", last + "</sheetData>")

    return rewrite_member(stray_cell_xlsx(None, rows), SHEET, edit)


def many_keys_json(objects: int = 20_000) -> bytes:
    """A list of `objects` people where each object has a key of its own (about 623 KB for 20,000): the
    union of keys is as wide as the list is long."""
    lines = (json.dumps({"name": f"P{i}", f"k{i}": 1}) for i in range(objects))
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
