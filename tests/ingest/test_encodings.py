"""Encodings: a UTF-8 list with Windows-1256 rows is read line by line and the rows are named; text that was
garbled before it arrived is flagged by row and column. All names are invented."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from testament.errors import IngestError
from testament.ingest import IngestOptions, ingest_files
from testament.ingest._encoding import MAX_WARNINGS, decode_text
from testament.ingest.readers import read_list, read_testimony
from testament.names.mojibake import looks_like_mojibake
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.schema import attestations, claims

MAX = 10_000_000
HEADER = "نام,نام پدر,سال تولد\n"
# Row 1 in Persian yeh and kaf (UTF-8 only); rows 2 and 3 as Windows-1256 can hold them: Arabic yeh and kaf.
ROWS = [("علی احمدی", "حسین", "1340"), ("مريم يزداني", "محمد", "1345"), ("سارا نيك\u200cنام", "احمد", "1342")]


def _mixed_csv(cp1256_rows: set[int]) -> bytes:
    """HEADER and ROWS in UTF-8, except the data rows in `cp1256_rows` (1-based), in Windows-1256."""
    out = HEADER.encode("utf-8")
    for i, row in enumerate(ROWS, start=1):
        line = ",".join(row) + "\n"
        out += line.encode("cp1256" if i in cp1256_rows else "utf-8")
    return out


def test_decode_text_keeps_utf8_lines_and_reads_the_others_as_cp1256() -> None:
    decoded = decode_text(_mixed_csv({2}), "l.csv")
    assert decoded.encoding == "utf-8+cp1256"
    assert decoded.foreign_lines == (3,)
    assert decoded.text == HEADER + "".join(",".join(r) + "\n" for r in ROWS)


def test_decode_text_whole_cp1256_file_stays_cp1256() -> None:
    decoded = decode_text((HEADER + "علي,حسين,1340\r\n").encode("cp1256"), "l.csv")
    assert (decoded.encoding, decoded.foreign_lines) == ("cp1256", ())


def test_decode_text_bom_then_cp1256_line_is_read_not_refused() -> None:
    decoded = decode_text(b"\xef\xbb\xbf" + _mixed_csv({3}), "l.csv")
    assert decoded.encoding == "utf-8-sig+cp1256" and decoded.foreign_lines == (4,)
    assert "سارا نيك\u200cنام" in decoded.text


def test_decode_text_broken_utf16_refused() -> None:
    with pytest.raises(IngestError, match="not valid UTF-16"):
        decode_text(b"\xff\xfe\x00\xd8a", "l.csv")


def test_read_csv_mixed_encoding_names_each_cp1256_row() -> None:
    table = read_list(_mixed_csv({2, 3}), "l.csv", ".csv", MAX)
    assert table.rows == [list(r) for r in ROWS]
    assert table.encoding == "utf-8+cp1256"
    assert table.lines_by_encoding == {"cp1256": [3, 4]}
    assert [(w.row, w.column) for w in table.warnings] == [(2, None), (3, None)]
    text = str(table.warnings[0])
    assert text.startswith("l.csv, row 2: expected UTF-8") and "line 3, read as Windows-1256" in text
    assert "Hint:" in text
    for row in ROWS:
        assert all(part not in "\n".join(map(str, table.warnings)) for part in row[:2])


def test_read_csv_mixed_encoding_row_numbers_follow_records_not_lines() -> None:
    # a quoted cell spanning two lines pushes every later line down by one: the warning names the data row
    data = (
        'name,notes\n"رضا کریمی","first line\nsecond line"\n'.encode()
        + "علي احمدي,ok\n".encode("cp1256")
        + "مریم,ok\n".encode()
    )
    table = read_list(data, "l.csv", ".csv", MAX)
    assert table.rows[1] == ["علي احمدي", "ok"]
    assert [(w.row, "line 4" in w.found) for w in table.warnings] == [(2, True)]


def test_read_csv_cp1256_header_named_as_header() -> None:
    data = HEADER.encode("cp1256") + ",".join(ROWS[0]).encode() + b"\n"
    table = read_list(data, "l.csv", ".csv", MAX)
    assert table.headers == ["نام", "نام پدر", "سال تولد"]
    assert [(w.row, "header" in w.found) for w in table.warnings] == [(None, True)]


def test_read_json_mixed_encoding_names_lines() -> None:
    data = '[\n{"name": "علی احمدی"},\n'.encode() + '{"name": "مريم"}\n]\n'.encode("cp1256")
    table = read_list(data, "l.json", ".json", MAX)
    assert table.rows == [["علی احمدی"], ["مريم"]]
    assert [w.found for w in table.warnings] == ["Windows-1256 bytes on line 3, read as Windows-1256"]


def test_read_txt_testimony_mixed_encoding_keeps_both_and_names_lines() -> None:
    data = "در راهرو منتظر ماندیم.\n".encode() + "علي را بردند.\n".encode("cp1256")
    doc = read_testimony(data, "t.txt", ".txt", MAX)
    assert doc.text == "در راهرو منتظر ماندیم.\nعلي را بردند.\n"
    assert [w.found for w in doc.warnings] == ["Windows-1256 bytes on line 2, read as Windows-1256"]


def _garbled(text: str) -> str:
    return text.encode("utf-8").decode("cp1256")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_read_list_flags_cells_that_look_mis_decoded_in_every_format(suffix: str) -> None:
    rows = [
        ["name", "father name"],
        ["رضا کریمی", "علی"],
        [_garbled("علی احمدی"), "حسین"],
        ["José", "émile".encode().decode("cp1252")],
    ]
    if suffix == ".csv":
        data = "\n".join(",".join(r) for r in rows).encode()
    elif suffix == ".xlsx":
        data = _xlsx(rows)
    else:
        data = json.dumps([dict(zip(rows[0], r, strict=True)) for r in rows[1:]]).encode()
    table = read_list(data, f"l{suffix}", suffix, MAX)
    assert [(w.row, w.column) for w in table.warnings] == [(2, "name"), (3, "father name")]
    messages = [str(w) for w in table.warnings]
    places = {".csv": "row 2 (line 3)", ".xlsx": "sheet 'Sheet', row 2 (Excel row 3)", ".json": "row 2"}
    where = places[suffix]
    assert messages[0].startswith(
        f"l{suffix}, {where}, column 'name': expected readable text; found looks like mis-decoded text "
        "(UTF-8 read as Windows-1256). Hint:"
    )
    assert "UTF-8 read as Windows-1252" in messages[1]
    assert not any(looks_like_mojibake(m) or "Ã" in m or "ط" in m for m in messages)  # no cell quoted


def test_read_list_caps_mis_decoded_warnings_and_counts_the_rest() -> None:
    garbled = _garbled("علی احمدی")
    data = ("name\n" + f"{garbled}\n" * (MAX_WARNINGS + 5)).encode()
    warnings = read_list(data, "l.csv", ".csv", MAX).warnings
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1].row is None and "5 more cells" in warnings[-1].found


# --- through ingest, on every backend ------------------------------------------------------------------


def _stored_text(case: Case) -> tuple[list[str], list[str]]:
    with case.read() as conn:
        originals = list(conn.execute(select(attestations.c.original_text)).scalars())
        values = [v for v in conn.execute(select(claims.c.value)).scalars() if v is not None]
    return originals, values


def test_ingest_utf8_list_with_one_cp1256_row_keeps_every_name_and_names_the_row(
    fresh_case: Case, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(_mixed_csv({2}))
    report = ingest_files(fresh_case, [path], IngestOptions())
    outcome = report.files[0]
    assert outcome.status == "ingested" and outcome.person_records == 3, report.to_dict()
    originals, values = _stored_text(fresh_case)
    assert not [t for t in originals + values if looks_like_mojibake(t)]
    for name, father, _ in ROWS:
        assert name in originals and father in originals
    assert [w for w in outcome.warnings if "row 2:" in w and "Windows-1256" in w]
    assert not [w for w in outcome.warnings if "row 1:" in w or "row 3:" in w]
    assert not any(part in w for w in outcome.warnings for row in ROWS for part in row[:2])
    with fresh_case.read() as conn:
        ingested = [json.loads(e.details) for e in read_events(conn) if e.event_type == "ingested"]
    assert ingested[0]["encoding"] == "utf-8+cp1256"
    assert ingested[0]["lines_by_encoding"] == {"cp1256": [3]}


def test_ingest_list_stored_already_garbled_warns_naming_rows(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "garbled.csv"
    lines = [HEADER.strip()] + [
        ",".join(_garbled(c) if i != 2 and c[0] != "1" else c for c in row) for i, row in enumerate(ROWS, 1)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = ingest_files(fresh_case, [path], IngestOptions())
    outcome = report.files[0]
    assert outcome.status == "ingested", report.to_dict()
    flagged = [w.split(":")[0] for w in outcome.warnings if "mis-decoded" in w]
    assert flagged == [
        "garbled.csv, row 1 (line 2), column 'نام'",
        "garbled.csv, row 1 (line 2), column 'نام پدر'",
        "garbled.csv, row 3 (line 4), column 'نام'",
        "garbled.csv, row 3 (line 4), column 'نام پدر'",
    ]
    assert not any(looks_like_mojibake(w) for w in outcome.warnings)


def test_read_list_names_a_garbled_header_by_its_place() -> None:
    data = f"{_garbled('نام')},city\nAli,Tehran\n".encode()
    warnings = read_list(data, "l.csv", ".csv", MAX).warnings
    assert [(w.row, w.column) for w in warnings] == [(None, "#1")]
    assert "in the header" in warnings[0].found


def test_ingest_mixed_encoding_testimony_reports_the_line(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("در راهرو منتظر ماندیم.\n".encode() + "علي را بردند.\n".encode("cp1256"))
    report = ingest_files(fresh_case, [path], IngestOptions())
    assert [f.status for f in report.files] == ["ingested"]
    assert len(report.files[0].warnings) == 1 and "line 2" in report.files[0].warnings[0]
    assert "علي" not in report.files[0].warnings[0]
