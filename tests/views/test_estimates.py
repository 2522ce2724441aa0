"""An estimation run on a user's behalf, on every backend: made as `testament estimate CASE` makes it, kept in
the case (estimate_runs) under an `estimated` custody event with the user as actor, reported with its
per-stratum table, warnings, plots and the command line that reproduces it; refused to a viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from testament.errors import AccessDenied, InputError
from testament.estimate.inputs import read_input
from testament.estimate.loglinear import estimate_loglinear
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.schema import estimate_runs
from testament.synthetic import generate, scenario
from testament.views.estimates import EstimateRequest, command_line, estimate_choices, run_estimate
from tests.estimate.conftest import ingest_lists, link_by_truth

ANALYST = Viewer(None, "maryam", "analyst")


@pytest.fixture(scope="module")
def lists_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web-estimate")
    generate(out, scenario("realistic", people=120, lists=3, testimonies=0), seed=11)
    return out


@pytest.fixture
def linked(fresh_case: Case, lists_scenario: Path) -> Case:
    ingest_lists(fresh_case, lists_scenario)
    link_by_truth(fresh_case, lists_scenario)
    return fresh_case


def test_a_run_is_kept_and_logged_under_the_user_with_its_report(linked: Case) -> None:
    choices = estimate_choices(linked, ANALYST)
    assert len(choices.lists) == 3 and "prison" in choices.strata
    chosen = choices.lists[:2]
    request = EstimateRequest(method="loglinear", lists=chosen, model="Mt")
    report = run_estimate(linked, ANALYST, request)

    # the same number the library gives for the same lists and model (the CLI's path)
    expected = estimate_loglinear(next(iter(read_input(linked, lists=chosen).histories.values())), "Mt")
    (row,) = report.rows
    assert row.method == "loglinear" and row.observed == expected.observed
    assert row.estimate == pytest.approx(expected.estimate)
    assert report.lists == chosen
    assert report.command == (
        "testament estimate CASE --method loglinear --model Mt "
        f"--lists {','.join(chosen)} --seed 1 --linkages 0"
    )
    assert any(name.startswith("overlap") for name in report.plots)
    assert all(svg.lstrip().startswith("<?xml") or "<svg" in svg for svg in report.plots.values())

    with linked.read() as conn:
        saved = conn.execute(select(estimate_runs.c.id, estimate_runs.c.actor)).all()
        events = [e for e in read_events(conn) if e.event_type == "estimated"]
    assert [(r.id, r.actor) for r in saved] == [(row.estimate_id, "maryam")], "every run is kept, by its user"
    assert events and events[-1].actor == "maryam"

    # with strata: a row per stratum and their combination
    report = run_estimate(
        linked, ANALYST, EstimateRequest(method="loglinear", strata="prison", min_stratum=20)
    )
    strata = [r.stratum for r in report.rows]
    assert "(all strata)" in strata and len(strata) >= 3, strata
    assert "--strata prison --min-stratum 20" in report.command


def test_a_viewer_may_not_estimate_and_bad_choices_are_refused(linked: Case) -> None:
    viewer = Viewer(None, "reza", "viewer")
    with pytest.raises(AccessDenied):
        run_estimate(linked, viewer, EstimateRequest())
    with pytest.raises(AccessDenied):
        estimate_choices(linked, viewer)
    with pytest.raises(InputError):
        run_estimate(linked, ANALYST, EstimateRequest(method="guess"))
    with linked.read() as conn:
        assert conn.execute(select(estimate_runs.c.id)).first() is None, "nothing half written"


def test_the_command_line_quotes_what_a_shell_would_split() -> None:
    request = EstimateRequest(method="dga", lists=["list a.csv", "b"], strata="city", min_stratum=30, seed=7)
    assert command_line(request) == (
        "testament estimate CASE --method dga --lists 'list a.csv,b' --strata city --min-stratum 30 "
        "--seed 7 --linkages 0"
    )
