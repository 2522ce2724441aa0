"""`testament link`, `link evaluate`, `link explain`, `review links`, `export persons` end to end."""

from __future__ import annotations

import csv
import json
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from testament.cli.main import app

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}
FAST = ["--queue", "10"]


def _run(*args: object, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], env=ENV, input=input)


@pytest.fixture(scope="module")
def linked_once(tmp_path_factory: pytest.TempPathFactory, small_scenario: Path) -> Path:
    """`init`, `ingest` and a first `link` by the CLI, once per module (a link run trains for seconds)."""
    case = tmp_path_factory.mktemp("cli-link") / "case"
    assert _run("init", case).exit_code == 0
    lists = sorted((small_scenario / "lists").iterdir())
    assert _run("ingest", case, *lists, "--skip-bad-rows").exit_code in (0, 1)
    result = _run("link", case, "--json", *FAST)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["run_id"] == 1
    return case


@pytest.fixture
def cli_linked(linked_once: Path, tmp_path: Path) -> Path:
    """A copy of the linked case per test (a case is its folder): each test changes its own."""
    return Path(shutil.copytree(linked_once, tmp_path / "case"))


@pytest.fixture
def relink_small(small_model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's own `testament link` relinks with the model trained once per session on these very lists
    (`small_model`): those tests prove what a run does with decisions, labels and reviews, not training,
    which `linked_once` (a CLI link that trains; pair F1 checked below) and tests/link/test_case_link.py
    prove. Training cost ~3 s per relink."""
    from testament.link import link_case

    monkeypatch.setattr("testament.link.link_case", partial(link_case, model=small_model))


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
def test_cli_review_links_records_answers_and_relink_uses_them(cli_linked: Path, relink_small: None) -> None:
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
def test_cli_link_labels_imports_pairs_then_links(
    cli_linked: Path, relink_small: None, tmp_path: Path
) -> None:
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
def test_cli_link_reports_contradicting_decisions(cli_linked: Path, relink_small: None) -> None:
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


@pytest.mark.sqlite
def test_cli_review_links_list_shows_both_names_and_probabilities(cli_linked: Path) -> None:
    from testament.link.review import open_queue
    from testament.settings import Settings
    from testament.store.case import Case

    with Case.open(cli_linked, settings=Settings(actor="tester")) as case:
        items = open_queue(case, limit=3)
    result = _run("review", "links", cli_linked, "--list", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert result.output.count("p=") == 3
    for item in items:
        assert f"p={item.score:.3f}" in result.output
        for record in (item.left, item.right):
            assert record.name and f"record {record.record_id} " in result.output
            assert record.name in result.output
    # names as the lists wrote them, in both scripts: the small scenario has Persian and Latin lists (the
    # whole queue, so that which pairs come first does not matter)
    whole = _run("review", "links", cli_linked, "--list", "--limit", "200").output
    assert any("\u0600" <= ch <= "\u06ff" for ch in whole)
    assert any(ch.isascii() and ch.isalpha() for r in items for ch in r.left.name + r.right.name)
    listed = json.loads(_run("review", "links", cli_linked, "--list", "--limit", "3", "--json").stdout)
    assert [[r["name"] for r in i["records"]] for i in listed] == [[i.left.name, i.right.name] for i in items]


@pytest.mark.sqlite
def test_cli_review_merge_and_split_change_persons_now_and_relink_keeps_them(
    cli_linked: Path, relink_small: None
) -> None:
    from sqlalchemy import select

    from testament.settings import Settings
    from testament.store.case import Case
    from testament.store.schema import person_records

    def persons() -> dict[int, int]:
        with Case.open(cli_linked, settings=Settings(actor="tester")) as case, case.read() as conn:
            return dict(conn.execute(select(person_records.c.id, person_records.c.person_id)).tuples().all())

    before = persons()
    groups: dict[int, list[int]] = {}
    for record, person in sorted(before.items()):
        groups.setdefault(person, []).append(record)
    big = next(p for p, m in groups.items() if len(m) >= 2)
    single = next(p for p, m in groups.items() if len(m) == 1)
    result = _run("review", "merge", cli_linked, big, single, "--reason", "family confirmed", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["moved"] == groups[single]
    leaving = groups[big][0]
    result = _run("review", "split", cli_linked, big, "--records", str(leaving))
    assert result.exit_code == 0, result.output
    assert "split off into person" in result.output
    now = persons()
    assert now[groups[single][0]] == big != now[leaving]
    assert _run("link", cli_linked, *FAST).exit_code == 0
    after = persons()
    assert after[groups[single][0]] == big and after[leaving] == now[leaving]
    assert {after[r] for r in groups[big][1:]} == {big}


@pytest.mark.sqlite
def test_cli_review_merge_and_split_reject_bad_input_with_exit_2(cli_linked: Path) -> None:
    for args, message in [
        (("merge", cli_linked, 1, 999999), "no person 999999"),
        (("split", cli_linked, 999999, "--records", "1"), "no person 999999"),
        (("split", cli_linked, 1, "--records", "one,two"), "expected record ids"),
        (("merge", cli_linked, 1), "two different persons"),
    ]:
        result = _run("review", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Hint:" in result.output and "Traceback" not in result.output
