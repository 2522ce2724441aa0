"""Linkage uncertainty reaches the count: a case's estimate re-run over plausible linkages drawn from its
link run's pair probabilities, the spread beside each interval, and a warning when it moves by over 10%."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
from pytest import MonkeyPatch
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate.casedata import CaseRecords, case_histories
from testament.estimate.inputs import EstimateInput, estimate_input, lists_used
from testament.estimate.linkage import spread_over
from testament.estimate.result import EstimateResult
from testament.estimate.run import EstimateOptions
from testament.estimate.store import load_results
from testament.link import PairGraph, link_case
from testament.link.model import Model
from testament.link.uncertainty import PLAUSIBLE, ClusterRules
from testament.store.case import Case
from testament.store.schema import link_pairs, link_runs
from tests.conftest import PASSPHRASE
from tests.estimate.conftest import ingest_lists

ENV = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}
OPTIONS = EstimateOptions(methods=("loglinear", "dga"), model="Mt")


def _cli(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def _toy(p_same: float, people: int = 400) -> tuple[EstimateInput, PairGraph]:
    """Three independent lists catching each of `people` with probability 0.5; linked as the truth, and
    every pair of one person's records scored `p_same` (nothing else is a candidate)."""
    rng = np.random.default_rng(0)
    caught = rng.random((people, 3)) < 0.5
    ids, titles, persons, sources = [], [], [], []
    a, b = [], []
    for person in range(people):
        mine = []
        for j in np.flatnonzero(caught[person]).tolist():
            mine.append(len(ids))
            ids.append(len(ids))
            titles.append("ABC"[j])
            persons.append(person)
            sources.append(j + 1)
        for x in range(len(mine)):
            for y in range(x + 1, len(mine)):
                a.append(mine[x])
                b.append(mine[y])
    files = {t: (f"{t}.csv",) for t in "ABC"}
    records = CaseRecords("toy", ids, titles, list(persons), files, chosen=list("ABC"))
    histories, _, _ = case_histories(records)
    data = EstimateInput("case", "toy", histories, lists_used(histories, files), list("ABC"))
    data.case_records = records
    graph = PairGraph.build(
        np.array(ids), np.array(sources), np.array(a), np.array(b), np.full(len(a), p_same), ClusterRules()
    )
    return data, graph


def _spread(p_same: float) -> list[EstimateResult]:
    data, graph = _toy(p_same)
    results = estimate_input(data, OPTIONS)
    spread_over(graph, data, results, OPTIONS, linkages=6)
    return results


def test_spread_over_linkages_reproducible_and_wider_when_pairs_are_uncertain() -> None:
    certain, uncertain = _spread(0.995), _spread(0.5)
    for sure, unsure in zip(certain, uncertain, strict=True):
        assert sure.linkage is not None and unsure.linkage is not None
        assert sure.linkage["linkages"] == unsure.linkage["linkages"] == 6
        assert sure.linkage["min"] <= sure.estimate <= sure.linkage["max"]
        assert sure.linkage["relative_range"] < 0.10 < unsure.linkage["relative_range"]
        sure_width = sure.linkage["upper"] - sure.linkage["lower"]
        unsure_width = unsure.linkage["upper"] - unsure.linkage["lower"]
        assert unsure_width > 2 * sure_width
        assert sure.linkage["lower"] <= sure.lower and sure.linkage["upper"] >= sure.upper
        # the >10% warning: where the count moves, with the borderline pairs to review; not otherwise
        moved = [w for w in unsure.warnings if w.startswith("the count depends on linkage")]
        assert len(moved) == 1 and "borderline pairs with `testament review links CASE`" in moved[0]
        assert not any("depends on linkage" in w for w in sure.warnings)
    assert [r.linkage for r in _spread(0.5)] == [r.linkage for r in uncertain]  # seeded: reproducible


# --- through the case and the command line, on every backend --------------------------------------------


def test_link_keeps_plausible_pairs_and_estimate_json_carries_spread(
    fresh_case: Case, small_link_scenario: Path, backend: str, small_model: Model, monkeypatch: MonkeyPatch
) -> None:
    # `testament link` relinks with the model trained once per session on these very lists (`small_model`;
    # `small_link_scenario` is `small_scenario`): what is proved here is what a run keeps and what the
    # estimate makes of it, not training (tests/link/test_case_link.py), which cost seconds per backend
    monkeypatch.setattr("testament.link.link_case", partial(link_case, model=small_model))
    ingest_lists(fresh_case, small_link_scenario)
    linked = _cli("link", fresh_case.path, "--json", "--queue", "0")
    assert linked.exit_code == 0, linked.output
    report = json.loads(linked.stdout)
    quality = report["quality"]
    assert 0.5 < quality["expected_precision"] <= 1 and 0.5 < quality["expected_recall"] <= 1
    assert quality["borderline_band"] == [0.2, 0.8] and quality["borderline_pairs"] >= 0
    spread = quality["persons_range"]
    assert spread["at_0.2"] <= spread["persons"] == report["persons"] <= spread["at_0.8"]
    with fresh_case.read() as conn:
        run = conn.execute(select(link_runs.c.id, link_runs.c.summary)).one()
        pairs = conn.execute(select(link_pairs)).all()
    # the threshold the run chose (none was given) is the one its later linkages are clustered at
    assert json.loads(run.summary)["cluster_rules"]["threshold"] == report["threshold"]
    assert len(pairs) == report["pairs_kept"] > 0
    assert all(p.run_id == run.id and p.record_a < p.record_b and p.probability >= PLAUSIBLE for p in pairs)

    both = ("estimate", fresh_case.path, "--method", "loglinear,dga", "--model", "Mt", "--linkages", "4")
    if backend == "sqlite":  # the table shows the spread and the recommendation (rendering: one backend)
        shown = _cli(*both)
        assert shown.exit_code == 0, shown.output
        assert "over plausible linkages" in shown.output and "recommended (*): loglinear" in shown.output
    rows = json.loads(_cli(*both, "--json").stdout)
    assert [r["method"] for r in rows] == ["loglinear", "dga"]
    for row in rows:
        linkage = row["linkage"]
        assert linkage["linkages"] == 4 and len(linkage["estimates"]) == 4 and linkage["run_id"] == run.id
        assert linkage["min"] <= row["estimate"] <= linkage["max"]
        assert (
            linkage["lower"] <= linkage["upper"]
            and linkage["borderline_pairs"] == quality["borderline_pairs"]
        )
        assert isinstance(row["warnings"], list)
    assert sum(row["recommendation"] is not None for row in rows) == 1
    assert load_results(fresh_case)[-1]["linkage"] == rows[-1]["linkage"]  # kept with the estimate
    off = json.loads(_cli("estimate", fresh_case.path, "--model", "Mt", "--linkages", "0", "--json").stdout)
    assert off[0]["linkage"] is None and off[0]["estimate"] == rows[0]["estimate"]
    # a run made before pairs were kept: the estimate says so and goes on without the spread
    with fresh_case.write() as conn:
        conn.execute(delete(link_pairs))
        conn.execute(update(link_runs).values(summary="{}"))
    old = json.loads(_cli("estimate", fresh_case.path, "--model", "Mt", "--json").stdout)
    assert old[0]["linkage"] is None and old[0]["estimate"] == rows[0]["estimate"]
    assert any("run `testament link CASE` again" in n for n in old[0]["input"]["notes"])


def test_estimate_export_file_notes_that_linkage_uncertainty_needs_the_case(tmp_path: Path) -> None:
    lines = ["source_file,row,person_id"] + [f"{'ab'[i % 2]}.csv,{i},{i // 3}" for i in range(300)]
    path = tmp_path / "persons.csv"
    path.write_text("\n".join(lines) + "\n")
    rows = json.loads(_cli("estimate", path, "--model", "Mt", "--json").stdout)
    assert rows[0]["linkage"] is None
    assert any("estimate the case itself" in n for n in rows[0]["input"]["notes"])
