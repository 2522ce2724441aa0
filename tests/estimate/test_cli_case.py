"""`testament estimate CASE` with its options: strata of a record field, a chosen set of lists, a named
model, LCMCR chains and plots; results saved in the case under an `estimated` event; bad options exit 2
naming the option. One small case (150 people, linked from the scenario's truth), copied per test."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate.store import load_results
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events
from tests.estimate.conftest import ingest_lists, link_by_truth

ENV = {"TESTAMENT_ACTOR": "estimate-test"}
LISTS = "01_archive.csv,02_mojahedin.csv,06_families.csv,05_diaspora_de.csv"


@pytest.fixture(scope="session")
def truth_case(tmp_path_factory: pytest.TempPathFactory, small_link_scenario: Path) -> Path:
    """A plain SQLite case of the small scenario's six lists, linked from the truth; closed."""
    path = tmp_path_factory.mktemp("estimate-cli") / "case"
    case = Case.create(path, settings=Settings(actor="estimate-test"))
    ingest_lists(case, small_link_scenario)
    link_by_truth(case, small_link_scenario)
    case.close()
    return path


@pytest.fixture
def case_dir(truth_case: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(truth_case, tmp_path / "case"))


def _cli(*args: object):
    return CliRunner().invoke(app, ["estimate", *(str(a) for a in args)], env=ENV)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _saved(case_dir: Path) -> tuple[list[dict], list]:
    with Case.open(case_dir, settings=Settings(actor="reader")) as case:
        results = load_results(case)
        with case.read() as conn:
            events = [e for e in read_events(conn) if e.event_type == "estimated"]
    return results, events


def test_cli_estimate_case_by_stratum_with_chosen_lists_model_and_plots(
    case_dir: Path, tmp_path: Path
) -> None:
    plots = tmp_path / "plots"
    args = ("--strata", "prison", "--min-stratum", "10", "--lists", LISTS, "--method", "loglinear,dga")
    result = _cli(case_dir, *args, "--model", "Mt", "--plot", plots, "--linkages", "0", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["method"], r["stratum"]) for r in rows] == [
        ("loglinear", "(other)"), ("loglinear", "Gohardasht"), ("loglinear", "(all strata)"),
        ("dga", "(other)"), ("dga", "Gohardasht"), ("dga", "(all strata)"),
    ]  # fmt: skip
    assert {r["model"] for r in rows if r["method"] == "loglinear"} == {"Mt"}
    first, combined = rows[0], rows[2]
    assert combined["observed"] == first["observed"] + rows[1]["observed"]
    assert combined["estimate"] == pytest.approx(first["estimate"] + rows[1]["estimate"])
    assert [x["name"] for x in first["input"]["lists"]] == sorted(LISTS.split(","))
    assert first["input"]["kind"] == "case" and first["input"]["strata"]["field"] == "prison"
    assert any("left out by --lists: 03_left.xlsx, 04_diaspora_fr.json" in n for n in first["input"]["notes"])
    # plots: the overlap of each stratum, a posterior of each dga result, none of log-linear (no draws)
    assert sorted(p.name for p in plots.iterdir()) == [
        "overlap-Gohardasht.svg", "overlap-other.svg",
        "posterior-dga-Gohardasht.svg", "posterior-dga-all-strata.svg", "posterior-dga-other.svg",
    ]  # fmt: skip
    assert stat.S_IMODE(plots.stat().st_mode) == 0o700
    assert (plots / "overlap-Gohardasht.svg").read_text("utf-8").lstrip().startswith("<?xml")
    # saved in the case, sealed by one `estimated` event
    saved, events = _saved(case_dir)
    assert [(r["method"], r["stratum"], r["estimate"]) for r in saved] == [
        (r["method"], r["stratum"], r["estimate"]) for r in rows
    ]
    assert len(events) == 1 and json.loads(events[0].details)["methods"] == ["dga", "loglinear"]


def test_cli_estimate_case_lcmcr_runs_the_chains_asked_for(case_dir: Path, tmp_path: Path) -> None:
    plots = tmp_path / "plots"
    args = ("--lists", LISTS, "--method", "lcmcr", "--chains", "2", "--seed", "3")
    result = _cli(case_dir, *args, "--plot", plots, "--linkages", "0", "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["settings"]["chains"] == 2 and len(row["diagnostics"]["chain_medians"]) == 2
    assert row["seed"] == 3 and row["lower"] <= row["estimate"] <= row["upper"]
    assert row["observed"] <= row["estimate"]
    assert sorted(p.name for p in plots.iterdir()) == [
        "overlap.svg",
        "posterior-lcmcr.svg",
        "trace-lcmcr.svg",
    ]
    trace = (plots / "trace-lcmcr.svg").read_text("utf-8")
    assert 'id="chain-1"' in trace and 'id="chain-2"' in trace and 'id="chain-3"' not in trace


def test_cli_estimate_case_table_names_lists_strata_and_notes(case_dir: Path) -> None:
    args = ("--strata", "prison", "--min-stratum", "10", "--lists", LISTS, "--model", "M0", "--linkages", "0")
    result = _cli(case_dir, *args)
    assert result.exit_code == 0, result.output
    out = _flat(result.output)
    assert "lists (case): 01_archive.csv (" in out and "strata of prison" in out
    assert "Gohardasht" in out and "(other)" in out and "(all strata)" in out
    assert "note left out by --lists: 03_left.xlsx, 04_diaspora_fr.json" in out
    assert "warning 22 of 23 strata of prison were too small" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--strata", "nosuch"), "--strata nosuch: not a stratum field"),
        (("--strata", "prison"), "no two strata of prison are large enough to estimate apart"),
        (("--model", "Mxyz"), "unknown log-linear model 'Mxyz'"),
        (("--method", "foo"), "unknown method 'foo'"),
        (("--lists", "01_archive.csv"), "--lists names 1 list"),
        (("--chains", "0"), "--chains"),
    ],
    ids=["strata-field", "strata-too-small", "model", "method", "one-list", "no-chains"],
)
def test_cli_estimate_case_bad_option_exits_2_and_saves_nothing(
    case_dir: Path, args: tuple[str, ...], expected: str
) -> None:
    result = _cli(case_dir, *args, "--linkages", "0")
    assert result.exit_code == 2, result.output
    assert expected in _flat(result.output) and "Traceback" not in result.output
    saved, events = _saved(case_dir)
    assert saved == [] and events == []
