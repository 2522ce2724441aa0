"""`testament link`, `link evaluate`, `link explain`, `review links`, `export persons` end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}
FAST = ["--queue", "10"]


def _run(*args: object, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], env=ENV, input=input)


@pytest.fixture
def cli_linked(tmp_path: Path, small_scenario: Path) -> Path:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    lists = sorted((small_scenario / "lists").iterdir())
    assert _run("ingest", case, *lists, "--skip-bad-rows").exit_code in (0, 1)
    result = _run("link", case, "--json", *FAST)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["run_id"] == 1
    return case


@pytest.mark.sqlite
def test_cli_link_evaluate_explain_export(cli_linked: Path, small_scenario: Path, tmp_path: Path) -> None:
    result = _run("link", "evaluate", cli_linked, "--truth", small_scenario / "truth.json", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pair_f1"] > 0.85
    out = tmp_path / "persons.csv"
    assert _run("export", "persons", cli_linked, "--out", out).exit_code == 0
    rows = list(csv.DictReader(out.read_text("utf-8").splitlines()))
    assert set(rows[0]) == {"source_file", "row", "person_id"} and all(r["person_id"] for r in rows)
    person = rows[0]["person_id"]
    result = _run("link", "explain", cli_linked, person, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["person_id"] == int(person)


@pytest.mark.sqlite
def test_cli_review_links_records_answers_and_relink_uses_them(cli_linked: Path) -> None:
    listed = json.loads(_run("review", "links", cli_linked, "--list", "--json").stdout)
    assert listed and {"record_a", "record_b", "evidence"} <= set(listed[0])
    # same, then different with a reason, then quit
    result = _run("review", "links", cli_linked, input="s\n\nd\nnot the same father\nq\n")
    assert result.exit_code == 0, result.output
    assert "2 decisions recorded" in result.output
    assert "Evidence" in result.output
    after = json.loads(_run("review", "links", cli_linked, "--list", "--json").stdout)
    assert len(after) == len(listed) - 2
    result = _run("link", cli_linked, "--json", *FAST)
    assert json.loads(result.stdout)["decisions"] == 2


@pytest.mark.sqlite
def test_cli_link_labels_imports_pairs_then_links(cli_linked: Path, tmp_path: Path) -> None:
    listed = json.loads(_run("review", "links", cli_linked, "--list", "--json").stdout)
    labels = tmp_path / "labels.csv"
    with labels.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["record_a", "record_b", "decision", "reason"])
        for item in listed[:3]:
            writer.writerow([item["record_a"], item["record_b"], "different", "clerk checked"])
    result = _run("link", cli_linked, "--labels", labels, "--json", *FAST)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["labels_imported"] == 3 and data["decisions"] == 3


@pytest.mark.sqlite
def test_cli_link_labels_file_with_bad_rows_imports_nothing(cli_linked: Path, tmp_path: Path) -> None:
    labels = tmp_path / "bad.csv"
    labels.write_text("record_a,record_b,decision\n1,2,maybe\n1,999999,same\n", "utf-8")
    result = _run("link", cli_linked, "--labels", labels)
    assert result.exit_code == 2
    assert "line 2, column 'decision'" in result.output and "no labels were imported" in result.output
    assert "Traceback" not in result.output


@pytest.mark.sqlite
def test_cli_link_rejects_a_threshold_outside_zero_one(cli_linked: Path) -> None:
    result = _run("link", cli_linked, "--threshold", "1.5")
    assert result.exit_code == 2 and "Hint:" in result.output


@pytest.mark.sqlite
def test_cli_link_reports_contradicting_decisions(cli_linked: Path) -> None:
    from testament.link import record_decision
    from testament.settings import Settings
    from testament.store.case import Case

    with Case.open(cli_linked, settings=Settings(actor="tester")) as case:
        record_decision(case, 1, 2, same=True, reviewer="a")
        record_decision(case, 2, 3, same=True, reviewer="a")
        record_decision(case, 1, 3, same=False, reviewer="b")
    result = _run("link", cli_linked, *FAST)
    assert result.exit_code == 0, result.output
    assert "3 human decisions" in result.output
    assert "1 'same' decisions contradict 'different' ones, not applied: 2-3" in result.output
