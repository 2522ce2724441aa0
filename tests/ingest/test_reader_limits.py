"""Lists are bounded by what they hold: a stray cell, a declared dimension, a JSON list whose objects each
bring their own key are read in memory proportional to their content, or refused naming what was found.
Speed and memory figures are in bench/readers.py; these tests check outcomes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from testament.errors import IngestError
from testament.ingest import IngestOptions, ingest_files
from testament.ingest.readers import read_list
from testament.settings import MAX_LIST_COLUMNS, Settings
from testament.store.case import Case
from tests.conftest import PASSPHRASE
from tests.ingest.hostile import (
    SHEET,
    crafted_xlsx,
    many_keys_json,
    plain_xlsx,
    rewrite_member,
    stray_cell_xlsx,
)

MAX = 10_000_000


def test_read_xlsx_with_stray_formatted_cell_at_last_cell_reads_the_list() -> None:
    table = read_list(stray_cell_xlsx(), "l.xlsx", ".xlsx", MAX)
    assert table.headers == ["name", "father name", "birth year", "execution date"]
    assert len(table.rows) == 40 and table.rows[0] == ["Invented Person 1", "Ahmad", "1341", "1367/05/15"]


def test_read_xlsx_crafted_dimension_and_spans_reads_only_the_cells_present() -> None:
    crafted = read_list(crafted_xlsx(), "l.xlsx", ".xlsx", MAX)
    assert crafted == read_list(plain_xlsx(), "l.xlsx", ".xlsx", MAX)


def test_read_xlsx_stray_value_at_last_cell_refused_naming_row_and_column() -> None:
    with pytest.raises(IngestError) as caught:
        read_list(stray_cell_xlsx("x"), "l.xlsx", ".xlsx", MAX)
    assert str(caught.value).startswith(
        "l.xlsx: sheet 'Sheet' row 1048576 has a value in column 16384; a list may have at most 500 "
        "columns\nHint:"
    )
    assert "Ctrl+End" in str(caught.value)


def test_read_xlsx_stray_whitespace_cell_is_blank() -> None:
    assert len(read_list(stray_cell_xlsx(" "), "l.xlsx", ".xlsx", MAX).rows) == 40


def test_read_xlsx_value_in_the_last_row_keeps_true_row_numbers() -> None:
    table = read_list(stray_cell_xlsx("Invented Person X", at="A1048576"), "l.xlsx", ".xlsx", MAX)
    assert len(table.rows) == 1_048_575  # data row n is sheet row n + 1, blank rows included
    assert table.rows[-1] == ["Invented Person X", "", "", ""]
    assert table.rows[40] == [] and table.rows[39][0] == "Invented Person 40"


def test_read_xlsx_leading_and_middle_blank_rows_keep_row_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B3"], sheet["C3"] = "name", "birth year"
    sheet["B4"], sheet["C4"] = "A B", 1340
    sheet["B5"] = "  "  # blank: whitespace only
    sheet["B7"], sheet["D7"] = "C D", "   "  # trailing whitespace cell is no column
    buf = io.BytesIO()
    book.save(buf)
    table = read_list(buf.getvalue(), "l.xlsx", ".xlsx", MAX)
    assert table.headers == ["", "name", "birth year"] and table.first_data_line == 4
    assert table.rows == [["", "A B", "1340"], [], [], ["", "C D", ""]]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda x: x.replace('<row r="41"', '<row r="2000000"'), "row number 2,000,000, past the format's"),
        (lambda x: x.replace('<row r="41"', '<row r="7"'), "row number 7 where row 41 or later was due"),
        (lambda x: x.replace('<row r="1"', '<row r="0"'), "row number 0 where row 1 or later was due"),
    ],
)
def test_read_xlsx_impossible_row_numbers_refused(edit: object, message: str) -> None:
    with pytest.raises(IngestError, match=re.escape(message)):
        read_list(rewrite_member(plain_xlsx(), SHEET, edit), "l.xlsx", ".xlsx", MAX)


def test_read_xlsx_damaged_sheet_refused_as_damaged() -> None:
    data = rewrite_member(plain_xlsx(), SHEET, lambda x: x.replace('r="B2"', 'r="B!2"'))
    with pytest.raises(IngestError, match="sheet 'Sheet' is damaged"):
        read_list(data, "l.xlsx", ".xlsx", MAX)


def test_read_json_with_a_key_per_object_refused_before_the_table_is_built() -> None:
    with pytest.raises(IngestError) as caught:
        read_list(many_keys_json(), "l.json", ".json", MAX)
    assert str(caught.value).startswith(
        f"l.json: object {MAX_LIST_COLUMNS} brings key number {MAX_LIST_COLUMNS + 1} of the list"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
        (b'[{"name": ' + b"1" * 5000 + b"}]", "number too long"),
    ],
)
def test_read_json_too_deep_or_too_long_refused(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        read_list(data, "l.json", ".json", MAX)


def test_read_csv_too_many_columns_refused_naming_the_line() -> None:
    data = b"name,city\nA B,Tehran\n" + b"C D" + b",x" * 600 + b"\n"
    with pytest.raises(IngestError, match="line 3 has a value in column 601"):
        read_list(data, "l.csv", ".csv", MAX)


def test_read_csv_rows_padded_with_empty_cells_are_trimmed_not_refused() -> None:
    data = b"name,city" + b"," * 2000 + b"\nA B,Tehran" + b"," * 2000 + b"\n"
    table = read_list(data, "l.csv", ".csv", MAX)
    assert table.headers == ["name", "city"] and table.rows == [["A B", "Tehran"]]


def test_read_csv_field_past_the_csv_limit_refused_naming_the_line() -> None:
    data = b'name\n"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(IngestError, match=r"line \d+ is not readable as CSV"):
        read_list(data, "l.csv", ".csv", MAX)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_read_list_over_the_cell_limit_refused(suffix: str) -> None:
    data = {
        ".csv": b"name,city\n" + b"A B,Tehran\n" * 100,
        ".xlsx": plain_xlsx(100),
        ".json": json.dumps([{"name": "A B", "city": "Tehran"}] * 100).encode(),
    }[suffix]
    assert read_list(data, "l" + suffix, suffix, MAX, max_cells=1000).rows
    with pytest.raises(IngestError, match="more than 150 cells"):
        read_list(data, "l" + suffix, suffix, MAX, max_cells=150)


def test_settings_read_list_limits_from_the_environment() -> None:
    settings = Settings.from_env({"TESTAMENT_MAX_LIST_COLUMNS": "40", "TESTAMENT_MAX_LIST_CELLS": "1000"})
    assert (settings.max_list_columns, settings.max_list_cells) == (40, 1000)
    assert Settings.from_env({}).max_list_columns == MAX_LIST_COLUMNS


# --- through ingest, on every backend ------------------------------------------------------------------


def test_ingest_hostile_lists_ingested_or_refused_clearly(fresh_case: Case, tmp_path: Path) -> None:
    files = {
        "stray.xlsx": stray_cell_xlsx(),
        "crafted.xlsx": crafted_xlsx(),
        "stray-value.xlsx": stray_cell_xlsx("x"),
        "keys.json": many_keys_json(),
    }
    paths = []
    for name, data in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    report = ingest_files(fresh_case, paths, IngestOptions())
    outcomes = {f.file: f for f in report.files}
    assert outcomes["stray.xlsx"].status == "ingested" and outcomes["stray.xlsx"].person_records == 40
    assert outcomes["crafted.xlsx"].status == "ingested" and outcomes["crafted.xlsx"].person_records == 40
    assert outcomes["stray-value.xlsx"].status == "rejected"
    assert "sheet 'Sheet' row 1048576 has a value in column 16384" in outcomes["stray-value.xlsx"].message
    assert outcomes["keys.json"].status == "rejected"
    assert "key number 501" in outcomes["keys.json"].message
    assert "Hint:" in outcomes["keys.json"].message


def test_ingest_respects_the_case_column_limit(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("name," + ",".join(f"c{i}" for i in range(30)) + "\nA B" + ",x" * 30 + "\n", "utf-8")
    settings = Settings(actor="t", passphrase=PASSPHRASE, max_list_columns=20)
    narrow = Case.open(fresh_case.path, settings=settings)
    try:
        report = ingest_files(narrow, [path], IngestOptions())
    finally:
        narrow.close()
    assert report.files[0].status == "rejected"
    assert "line 1 has a value in column 31; a list may have at most 20 columns" in report.files[0].message
