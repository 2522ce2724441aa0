"""`testament extract`, `export mentions`, `review claims` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from tests.extract.conftest import SEED

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}
pytestmark = pytest.mark.sqlite


def _run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=ENV)


@pytest.fixture
def seeded_case(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    seed = tmp_path / SEED.name
    seed.write_bytes(SEED.read_bytes())
    assert _run("ingest", case, seed).exit_code == 0
    return case


def test_cli_extract_review_export(seeded_case: Path, tmp_path: Path) -> None:
    result = _run("extract", seeded_case, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    # 53 + six "massacre" acts − two moves to another ward of one prison, no transfer, + "a few questions"
    # before the commission, a hearing (docs/annotation.md)
    assert report["new"] == 58 and report["filename"] == SEED.name

    listed = json.loads(_run("review", "claims", seeded_case, "--list", "--type", "count", "--json").stdout)
    assert [c["value"] for c in listed] == ["30000", "160", "100"]
    first, second, third = (c["claim_id"] for c in listed)
    result = _run("review", "claims", seeded_case, "--accept", first, "--reject", second)
    assert result.exit_code == 0 and "accepted" in result.output and "rejected" in result.output
    result = _run("review", "claims", seeded_case, "--edit", third, "--value", "110")
    assert result.exit_code == 0, result.output

    out = tmp_path / "mentions.jsonl"
    assert _run("export", "mentions", seeded_case, "--out", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 58
    counts = [r for r in rows if r["type"] == "count"]
    assert [(r["value"], r["status"]) for r in counts] == [
        (30000, "accepted"),
        (160, "rejected"),
        (110, "edited"),
    ]

    again = json.loads(_run("extract", seeded_case, "--json").stdout)[0]
    assert again["new"] == 0 and again["reviewed"] == 3
    accepted_only = tmp_path / "accepted.jsonl"
    assert (
        _run("export", "mentions", seeded_case, "--out", accepted_only, "--status", "accepted").exit_code == 0
    )
    assert len(accepted_only.read_text("utf-8").splitlines()) == 1


def test_cli_review_bad_input_exits_2_without_traceback(seeded_case: Path) -> None:
    _run("extract", seeded_case)
    result = _run("review", "claims", seeded_case, "--edit", "1", "--value", "not a date")
    assert result.exit_code == 2 and "not a date" in result.output and "Traceback" not in result.output
    result = _run("review", "claims", seeded_case, "--value", "x")
    assert result.exit_code == 2 and "--edit" in result.output
    result = _run("extract", seeded_case, "--artifact", "99")
    assert result.exit_code == 2 and "artifact 99" in result.output


def test_cli_extract_published_dates_a_report_own_days(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    report = tmp_path / "report.txt"
    report.write_text("He was arrested in the summer of 1988. On Tuesday he testified in court.\n", "utf-8")
    assert _run("ingest", case, report).exit_code == 0
    bad = _run("extract", case, "--published", "12/11/2021")
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    assert _run("extract", case, "--published", "2021-11-12", "--json").exit_code == 0
    out = tmp_path / "mentions.jsonl"
    assert _run("export", "mentions", case, "--out", out).exit_code == 0
    dates = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(d["text"], d["value"]) for d in dates if d["type"] == "date"] == [
        ("the summer of 1988", "1988-06-01/1988-09-22"),
        ("Tuesday", "2021-11-09/2021-11-09"),
    ]
