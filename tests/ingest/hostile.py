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


# --- crafted files: each a way a reader or the store once failed with an internal error ------------------


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def unsupported_method(container: bytes, member: str, method: int = 97) -> bytes:
    """`container` with `member` marked as packed with a compression method zipfile lacks (97: WavPack)."""
    source = zipfile.ZipFile(io.BytesIO(container))
    stored = _zip({i.filename: source.read(i) for i in source.infolist()}, zipfile.ZIP_STORED)
    data = bytearray(stored)
    encoded = member.encode()
    for signature, method_at, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                data[at + method_at : at + method_at + 2] = method.to_bytes(2, "little")
            at = data.find(signature, at + 4)
    return bytes(data)


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF of numbered objects (1: catalog, 2: pages, ...), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_page(content: bytes, extra: bytes = b"") -> bytes:
    import zlib

    packed = zlib.compress(content, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica" + extra + b" >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream,
            font,
        ]
    )


def crafted_files() -> dict[str, bytes]:
    """File name → bytes: every crafted case of issue 15 ("no internal errors on bad input"), plus lists
    that must now be read whole (two sheets) or refused by default (an unknown column)."""
    import openpyxl

    csv_list = "name,father name\nعلی احمدی,حسین\n".encode()
    two_sheets = openpyxl.Workbook()
    first = two_sheets.active
    assert first is not None
    first.title = "Evin"
    for row in (HEADER, *_rows(2)):
        first.append(row)
    second = two_sheets.create_sheet("Gohardasht (2)")
    for row in (["نام", "نام پدر"], ["رضا کریمی", "علی"], [], ["سارا نیک", "احمد"]):
        second.append(row)
    two_sheets.create_sheet("empty")
    buf = io.BytesIO()
    two_sheets.save(buf)
    lazy = rewrite_member(plain_xlsx(5), SHEET, lambda xml: xml[: len(xml) * 2 // 3])
    return {
        "big-cell.csv": b"name,notes\nA B," + b"x" * 140_000 + b"\n",
        "bom-then-invalid.csv": b"\xef\xbb\xbf\xffname\nA B\n",
        "odd-utf16.csv": "name\nA B\n".encode("utf-16") + b"\x00",
        "nul-cell.csv": b"name,father name\nA\x00B,C\n",  # PostgreSQL refuses NUL in text
        "nul-header.csv": b"name,fa\x00ther\nA B,C\n",
        "unknown-column.csv": "نام,شماره پرونده\nعلی,۱۲\n".encode(),
        "multi-line.csv": b'name,notes\n"A B","one\ntwo"\nC D,\n',
        "deep.json": b"[" * 5000 + b"]" * 5000,
        "deep-value.json": b'[{"name": ' + b"[" * 5000 + b"]" * 5000 + b"}]",
        "long-number.json": b'[{"name": "A", "age": ' + b"9" * 5000 + b"}]",
        "lone-surrogate.json": b'[{"name": "A \\ud800 B"}]',
        "lone-surrogate-key.json": b'[{"name": "A B", "x\\udc00": "1"}]',
        "two-sheets.xlsx": buf.getvalue(),
        "lazy-error.xlsx": lazy,
        "method.xlsx": unsupported_method(plain_xlsx(3), SHEET),
        "method.zip": unsupported_method(_zip({"list.csv": csv_list}), "list.csv"),
        "markup-member.zip": _zip({"[/]list.csv": csv_list, "[bold]t.txt": b"A testimony."}),
        "nul.txt": b"A testimony \x00 with a NUL byte.",
        "deep.pdf": _pdf_page(b"BT /F1 12 Tf (x) Tj ET", b" /Widths " + b"[" * 5000 + b"]" * 5000),
        "cyclic.pdf": _pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
        ),
        "heavy-page.pdf": _pdf_page(b"BT /F1 12 Tf " + b"(x) Tj " * 400_000 + b"ET"),
    }
