"""`testament review claims` one candidate at a time in the terminal (Typer's CliRunner typing the answers):
accept, edit a value or a role, reject, skip and quit each do what they say and nothing more; an edit that
changes nothing changes nothing; a bad edit is refused, named, and the review goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app

pytestmark = pytest.mark.sqlite
ENV = {"TESTAMENT_ACTOR": "reviewer"}
runner = CliRunner()


def _run(*args: object, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=ENV, input=input)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain case with the seed testimony ingested and extracted (3 counts, 10 persons proposed)."""
    from tests.extract.conftest import SEED

    root = tmp_path_factory.mktemp("review")
    case = root / "case"
    assert _run("init", case).exit_code == 0
    (root / SEED.name).write_bytes(SEED.read_bytes())
    assert _run("ingest", case, root / SEED.name).exit_code == 0
    assert _run("extract", case).exit_code == 0
    return case


@pytest.fixture
def case(extracted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("testament.cli.extract._interactive", lambda: True)  # CliRunner's stdin is no tty
    return Path(shutil.copytree(extracted, tmp_path / "case"))


def _listed(case: Path, kind: str, *statuses: str) -> list[dict]:
    flags = [x for s in statuses for x in ("--status", s)]
    result = _run("review", "claims", case, "--list", "--type", kind, *flags, "--json")
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _by_id(case: Path, kind: str) -> dict[int, dict]:
    every = _listed(case, kind, "proposed", "accepted", "edited", "rejected")
    return {c["claim_id"]: c for c in every}


def test_review_claims_prompt_edit_reject_skip_each_do_what_they_say(case: Path) -> None:
    first, second, third = (c["claim_id"] for c in _listed(case, "count", "proposed"))
    result = _run("review", "claims", case, "--type", "count", input="e\n31000\nr\ns\n")
    assert result.exit_code == 0, result.output
    assert "[1/3]" in result.output and "[3/3]" in result.output
    after = _by_id(case, "count")
    assert (after[first]["status"], str(after[first]["value"])) == ("edited", "31000")
    assert after[second]["status"] == "rejected"
    assert after[third]["status"] == "proposed"  # skipped: still waiting


def test_review_claims_prompt_quit_stops_before_the_next(case: Path) -> None:
    ids = [c["claim_id"] for c in _listed(case, "count", "proposed")]
    result = _run("review", "claims", case, "--type", "count", input="a\nquit\n")
    assert result.exit_code == 0, result.output
    assert "[2/3]" in result.output and "[3/3]" not in result.output
    assert [_by_id(case, "count")[i]["status"] for i in ids] == ["accepted", "proposed", "proposed"]


def test_review_claims_prompt_edit_keeping_the_value_changes_nothing(case: Path) -> None:
    first = _listed(case, "count", "proposed")[0]
    result = _run("review", "claims", case, "--type", "count", "--limit", "1", input="e\n\n")
    assert result.exit_code == 0, result.output
    assert "Unchanged." in result.output
    assert _by_id(case, "count")[first["claim_id"]] == first


def test_review_claims_prompt_edit_of_a_person_asks_for_the_role(case: Path) -> None:
    person = _listed(case, "person", "proposed")[0]
    result = _run(
        "review", "claims", case, "--type", "person", "--limit", "1", input="e\n\nfellow_prisoner\n"
    )
    assert result.exit_code == 0, result.output
    after = _by_id(case, "person")[person["claim_id"]]
    assert (
        after["status"] == "edited"
        and after["role"] == "fellow_prisoner"
        and after["value"] == person["value"]
    )


def test_review_claims_prompt_bad_edit_is_named_and_the_review_goes_on(case: Path) -> None:
    first, second, _ = (c["claim_id"] for c in _listed(case, "count", "proposed"))
    result = _run("review", "claims", case, "--type", "count", input="e\nmany\na\nq\n")
    assert result.exit_code == 0, result.output
    assert "Error:" in result.stderr and "Traceback" not in result.output
    after = _by_id(case, "count")
    assert after[first]["status"] == "proposed"  # the bad edit left it as it was
    assert after[second]["status"] == "accepted"  # and the next one was reviewed


def test_review_claims_without_a_terminal_lists_instead_of_asking(case: Path, monkeypatch) -> None:
    monkeypatch.setattr("testament.cli.extract._interactive", lambda: False)
    result = _run("review", "claims", case, "--type", "count", input="a\n")
    assert result.exit_code == 0 and "3 candidate(s)." in result.output
    assert [c["status"] for c in _listed(case, "count", "proposed")] == ["proposed"] * 3


def _first(case: Path, kind: str) -> dict:
    return _listed(case, kind, "proposed")[0]


def test_review_claims_edit_flags_check_the_value_against_the_mention_type(extracted: Path) -> None:
    """Rule: an edit is refused (exit 2, the claim named, a hint) when the value does not fit the mention:
    a date that is not a date or runs backwards, a count that is not a whole number, an unknown act term, a
    role on a mention that is not a person, an empty value."""
    date, count, act = (_first(extracted, k)["claim_id"] for k in ("date", "count", "act"))
    for claim, flags, expected in (
        (date, ("--value", "next Tuesday-ish"), "the new value is not a date"),
        (date, ("--value", "1988-08-06/1988-08-01"), "the new value is not a date"),
        (count, ("--value", "about 30"), "a count is a whole number"),
        (act, ("--value", "picnic"), "'picnic' is not an act term"),
        (count, ("--role", "victim"), "only person mentions have a role"),
        (count, ("--value", "  "), "the new value is empty"),
    ):
        result = _run("review", "claims", extracted, "--edit", claim, *flags)
        assert result.exit_code == 2, (flags, result.output)
        out = " ".join(result.output.split())
        assert f"claim {claim}: {expected}" in out and "Hint:" in out
    assert [c["status"] for c in _listed(extracted, "count", "proposed")] == ["proposed"] * 3


def test_review_claims_edit_flags_read_a_date_as_written(case: Path) -> None:
    date = _first(case, "date")
    result = _run("review", "claims", case, "--edit", date["claim_id"], "--value", "15 Mordad 1367", "--json")
    assert result.exit_code == 0, result.output
    (edited,) = json.loads(result.stdout)
    assert (edited["status"], edited["value"]) == ("edited", "1988-08-06/1988-08-06")
