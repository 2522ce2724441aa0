"""Running several methods over strata and combining them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from testament.estimate import CaptureHistory
from testament.estimate.run import EstimateOptions, combine_strata, run_estimates
from tests.conftest import MSE_DATA


def _stratified(tmp_path: Path) -> Path:
    """Two strata: kosovo and hiv_rome side by side, as one pattern CSV with a stratum column."""
    lines = ["A,B,C,D,count,stratum"]
    for name in ("kosovo", "hiv_rome"):
        rows = (MSE_DATA / f"{name}.csv").read_text().splitlines()[1:]
        lines += [f"{row},{name}" for row in rows]
    path = tmp_path / "strata.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_run_estimates_per_stratum_and_combined(tmp_path: Path) -> None:
    histories = CaptureHistory.from_pattern_csv(_stratified(tmp_path))
    assert set(histories) == {"kosovo", "hiv_rome"}
    results = run_estimates(histories, EstimateOptions(methods=("loglinear", "dga"), model="Mt"))
    by = {(r.method, r.stratum): r for r in results}
    assert set(by) == {(m, s) for m in ("loglinear", "dga") for s in ("hiv_rome", "kosovo", "(all strata)")}
    for method in ("loglinear", "dga"):
        total = by[(method, "(all strata)")]
        parts = [by[(method, s)] for s in ("kosovo", "hiv_rome")]
        assert total.observed == 4400 + 1896
        assert total.estimate == pytest.approx(sum(p.estimate for p in parts), rel=0.02)
        assert total.lower < total.estimate < total.upper
    # the log-linear combination is the sum of the strata estimates exactly
    assert by[("loglinear", "(all strata)")].estimate == pytest.approx(
        by[("loglinear", "kosovo")].estimate + by[("loglinear", "hiv_rome")].estimate
    )


def test_combine_dga_strata_sums_posteriors(tmp_path: Path) -> None:
    histories = CaptureHistory.from_pattern_csv(_stratified(tmp_path))
    parts = run_estimates(histories, EstimateOptions(methods=("dga",)))[:2]
    combined = combine_strata(parts, seed=7)
    assert combined.draws is not None and combined.draws.ndim == 1
    # the sum's spread is narrower than the sum of the spreads (independent strata)
    assert combined.upper - combined.lower < sum(p.upper - p.lower for p in parts)
    assert np.isclose(combine_strata(parts, seed=7).estimate, combined.estimate)  # seeded


def test_run_estimates_warns_on_sparse_stratum() -> None:
    counts = np.zeros(8, dtype=np.int64)
    counts[[1, 2, 3, 4, 5, 6, 7]] = [30, 25, 4, 2, 1, 1, 0]  # list C holds 4 people
    history = CaptureHistory(("A", "B", "C"), counts, stratum="small prison")
    result = run_estimates({"small prison": history}, EstimateOptions(methods=("loglinear",), model="M0"))[0]
    assert any("fragile" in w for w in result.diagnostics.get("warnings", []))
