"""`testament estimate FILE` refuses what it cannot read as a capture history before estimating anything:
exit 2, the file named and, where there is one, the line and column, with a hint; never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app

ENV = {"TESTAMENT_ACTOR": "estimate-test"}


def _cli(*args: object):
    return CliRunner().invoke(app, ["estimate", *(str(a) for a in args)], env=ENV)


def _refused(path: Path, *args: str) -> str:
    result = _cli(path, *args)
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "Hint:" in out and "Internal error" not in out and "Traceback" not in out
    return out


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("p.csv", b"A,B,count\n1,0,5\n0,1,x\n", "p.csv, line 3, column count: expected a whole number >= 0"),
        ("p.csv", b"A,B,count\n1,0,5\n0,1,-2\n", "p.csv, line 3, column count: expected a whole number >= 0"),
        ("p.csv", b"A,B,count\n1,0,5\n2,1,3\n", "p.csv, line 3, column A: expected 0 or 1"),
        ("p.csv", b"A,B,count\n1,0,5\n,1,3\n", "p.csv, line 3, column A: expected 0 or 1"),
        ("p.csv", b"A,B,count\n1,0,5\n0,0,3\n", "p.csv, line 3: the all-zero pattern cannot have a count"),
        ("p.csv", b"A,count\n1,5\n", "p.csv: a pattern file needs two or more list columns besides count"),
        ("p.csv", b"A,B,count\n", "p.csv: no rows"),
        ("p.csv", b"A,B,a,count\n1,0,1,5\n", "p.csv: column 'a' appears twice"),
        ("p.csv", b"\n\n", "p.csv: no header row"),
        ("p.csv", b"A,B,count\n1,0,5\n".replace(b"A", b"\xe1"), "p.csv: not UTF-8 text"),
        ("p.xlsx", b"PK\x03\x04", "not a CSV file; estimate reads CSV files and cases"),
        ("p.csv", b"%PDF-1.7\n", "not a CSV file"),
        ("p.csv", b"A,B\x00,count\n", "p.csv: a binary file, not a CSV file"),
    ],
    ids=[
        "count-text", "count-negative", "mark-2", "mark-blank", "all-zero", "one-list", "no-rows", "twice",
        "no-header", "not-utf8", "xlsx", "pdf", "binary",
    ],
)  # fmt: skip
def test_cli_estimate_bad_file_is_refused_naming_where(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(data)
    assert expected in _refused(tmp_path / name)


def test_cli_estimate_missing_file_is_refused(tmp_path: Path) -> None:
    assert "absent.csv: no such file or case folder" in _refused(tmp_path / "absent.csv")


def test_cli_estimate_strata_column_missing_names_the_columns(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_bytes(b"A,B,count\n1,0,5\n0,1,4\n1,1,2\n")
    out = _refused(tmp_path / "p.csv", "--strata", "prison")
    assert "p.csv: --strata prison: no such column" in out and "A, B, count" in out


def test_cli_estimate_people_file_with_one_list_column_is_refused(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(b"person_id,A\n1,1\n2,1\n")
    assert "people.csv: 1 list column(s)" in _refused(tmp_path / "people.csv")


def test_cli_estimate_people_file_list_of_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(b"id,A,B,prison\n1,1,0,Evin\n2,0,1,Evin\n")
    out = _refused(tmp_path / "people.csv", "--lists", "A,prison")
    assert "people.csv: column(s) prison hold values other than list marks" in out


def test_cli_estimate_unknown_model_on_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_bytes(b"A,B,C,count\n1,0,0,5\n0,1,0,4\n1,1,0,2\n0,0,1,3\n1,0,1,1\n")
    assert "unknown log-linear model 'M9'" in _refused(tmp_path / "p.csv", "--model", "M9")
    assert "[12,4]" in _refused(tmp_path / "p.csv", "--model", "[12,4]")
