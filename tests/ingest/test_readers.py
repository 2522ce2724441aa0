"""Readers for each format, and the refusals that protect the case."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from fpdf import FPDF

from testament.errors import IngestError
from testament.ingest.readers import check_zip_members, read_list, read_testimony

MAX = 10_000_000


def _pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def test_read_pdf_testimony_keeps_pages() -> None:
    doc = read_testimony(
        _pdf(["First page: the arrest.", "Second page: the corridor."]), "t.pdf", ".pdf", MAX
    )
    assert len(doc.pages) == 2
    assert "arrest" in doc.pages[0] and "corridor" in doc.pages[1]
    assert doc.text.count("\f") == 1 and doc.tool == "pypdf"


def test_read_pdf_without_text_layer_refused() -> None:
    with pytest.raises(IngestError, match="no text layer"):
        read_testimony(_pdf([""]), "scan.pdf", ".pdf", MAX)


def test_read_damaged_pdf_refused() -> None:
    with pytest.raises(IngestError, match="damaged or not a PDF"):
        read_testimony(b"%PDF-1.4 garbage", "x.pdf", ".pdf", MAX)


def test_read_docx_testimony() -> None:
    document = docx.Document()
    document.add_paragraph("On August 6 I was taken to the corridor.")
    document.add_paragraph("در راهرو منتظر ماندیم.")
    buf = io.BytesIO()
    document.save(buf)
    doc = read_testimony(buf.getvalue(), "t.docx", ".docx", MAX)
    assert doc.text == "On August 6 I was taken to the corridor.\nدر راهرو منتظر ماندیم."


def test_read_xlsx_list_converts_cells() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "birth year", "execution date"])
    sheet.append(["Invented Person", 1961, "1367/05/15"])
    buf = io.BytesIO()
    book.save(buf)
    table = read_list(buf.getvalue(), "l.xlsx", ".xlsx", MAX)
    assert table.headers == ["name", "birth year", "execution date"]
    assert table.rows == [["Invented Person", "1961", "1367/05/15"]]


def test_read_json_list_of_objects_and_wrapped() -> None:
    rows = [{"name": "A B", "birth year": 1340}, {"name": "C D", "notes": None}]
    for doc in (rows, {"records": rows}):
        table = read_list(json.dumps(doc).encode(), "l.json", ".json", MAX)
        assert table.headers == ["name", "birth year", "notes"]
        assert table.rows == [["A B", "1340", ""], ["C D", "", ""]]


def test_read_json_not_a_list_refused_with_position() -> None:
    with pytest.raises(IngestError, match="line 1, column"):
        read_list(b'[{"name": }]', "l.json", ".json", MAX)
    with pytest.raises(IngestError, match="array of objects"):
        read_list(b'{"a": 1}', "l.json", ".json", MAX)


def test_read_csv_semicolon_and_bom() -> None:
    table = read_list(b"\xef\xbb\xbfname;city\nA B;Tehran\n\n", "l.csv", ".csv", MAX)
    assert table.headers == ["name", "city"] and table.rows == [["A B", "Tehran"]]
    assert table.encoding == "utf-8-sig"


def test_read_csv_cp1256_detected() -> None:
    table = read_list("نام,شهر\nعلي,تهران\n".encode("cp1256"), "l.csv", ".csv", MAX)
    assert table.encoding == "cp1256" and table.rows == [["علي", "تهران"]]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("member", ["../../etc/evil", "/abs/path", "a/../../b", "C:\\win.txt"])
def test_zip_container_with_unsafe_path_refused(member: str) -> None:
    with pytest.raises(IngestError, match="unsafe path"):
        check_zip_members(_zip({"[Content_Types].xml": b"<x/>", member: b"x"}), "l.xlsx", MAX)


def test_zip_container_expanding_past_limit_refused() -> None:
    with pytest.raises(IngestError, match="over the limit"):
        check_zip_members(_zip({"a.xml": b"0" * 200_000}), "l.xlsx", 100_000)


def test_read_list_with_unsafe_xlsx_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="unsafe path"):
        read_list(_zip({"../x.xml": b"<x/>"}), "l.xlsx", ".xlsx", MAX)
