"""Estimation runs are saved in the case with what reproduces them (contract test on every backend)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate import CaptureHistory, EstimateOptions, run_estimates
from testament.estimate.store import load_results, save_results
from testament.store.case import Case
from tests.conftest import MSE_DATA


def test_save_results_keeps_inputs_hash_settings_and_version(fresh_case: Case) -> None:
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "kosovo.csv")[None]
    results = run_estimates({None: history}, EstimateOptions(methods=("loglinear", "dga"), model="Mt"))
    ids = save_results(fresh_case, results)
    assert ids == [1, 2]
    saved = load_results(fresh_case)
    assert [s["method"] for s in saved] == ["loglinear", "dga"]
    assert saved[0]["input_sha256"] == history.sha256()
    assert saved[0]["settings"]["model"] == "Mt" and saved[0]["version"]
    assert saved[0]["estimate"] == results[0].estimate
    assert save_results(fresh_case, results[:1]) == [3]  # appended, never overwritten


def test_cli_estimate_json_has_required_keys() -> None:
    result = CliRunner().invoke(
        app, ["estimate", str(MSE_DATA / "kosovo.csv"), "--method", "loglinear,dga", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["method"] for r in rows] == ["loglinear", "dga"]
    for row in rows:
        assert {"method", "model", "estimate", "lower", "upper", "observed", "diagnostics"} <= row.keys()
    assert rows[0]["model"] == "[123,14,34]"  # best-bic by default, named as Rcapture names it
