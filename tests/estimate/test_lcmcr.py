"""LCMCR: the posterior of N against LCMCR's long runs, reproducibility, the bound on N, the samplers."""

from __future__ import annotations

import csv
import json
import warnings

import numpy as np
import pytest
from scipy import stats

from testament.errors import InputError
from testament.estimate import CaptureHistory
from testament.estimate import _lcmcr_kernel as kernel
from testament.estimate.diagnostics import ConvergenceWarning
from testament.estimate.lcmcr import MissingBoundWarning, estimate_lcmcr
from tests.conftest import MSE_DATA

QUICK = {"burnin": 300, "samples": 200, "thinning": 2}


def _history(name: str) -> CaptureHistory:
    return CaptureHistory.from_pattern_csv(MSE_DATA / f"{name}.csv")[None]


def _longrun(name: str) -> dict[str, float]:
    with (MSE_DATA / "lcmcr_longrun.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["dataset"] == name)
    return {key: float(row[key]) for key in ("median", "lower", "upper")}


def _quiet(**kwargs: object):  # type: ignore[no-untyped-def]
    """Short runs mix poorly on purpose: silence the convergence warning, nothing else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimate_lcmcr(**kwargs)  # type: ignore[arg-type]


# --- accuracy against LCMCR ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kosovo", "hiv_rome", "my_5list"])
def test_estimate_lcmcr_standard_run_matches_longrun(name: str) -> None:
    # LCMCR's standard run length, 4 chains: median within 3% of LCMCR's long run, ends within 7%
    ref = _longrun(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = estimate_lcmcr(_history(name), chains=4, burnin=10_000, samples=10_000, thinning=10, seed=1)
    assert not [w for w in caught if issubclass(w.category, MissingBoundWarning)]
    assert result.diagnostics["rhat"] < 1.05
    assert abs(result.estimate / ref["median"] - 1) <= 0.03
    assert abs(result.lower / ref["lower"] - 1) <= 0.07
    assert abs(result.upper / ref["upper"] - 1) <= 0.07
    assert result.diagnostics["bound_hits"] == 0


# --- the result ------------------------------------------------------------------------------------------


def test_estimate_lcmcr_result_records_run() -> None:
    history = _history("my_5list")
    result = _quiet(history=history, chains=2, seed=7, **QUICK)
    assert (result.method, result.model, result.observed, result.seed) == ("lcmcr", "K*=10", 537, 7)
    assert result.input_sha256 == history.sha256()
    assert result.draws is not None and result.draws.shape == (2, QUICK["samples"])
    assert result.draws.min() >= history.observed
    assert result.lower <= result.estimate <= result.upper
    assert result.estimate == float(np.median(result.draws))
    assert result.settings["max_missing"] == 100 * history.observed
    diag = result.diagnostics
    assert diag["sweeps"] == 2 * (
        kernel.WARMUP_SWEEPS + QUICK["burnin"] + QUICK["samples"] * QUICK["thinning"]
    )
    assert diag["sweeps_per_s"] > 0 and len(diag["chain_medians"]) == 2
    json.dumps(result.to_dict(), allow_nan=False)


def test_estimate_lcmcr_same_seed_same_draws() -> None:
    history = _history("hiv_rome")
    first = _quiet(history=history, chains=2, seed=11, **QUICK)
    again = _quiet(history=history, chains=2, seed=11, **QUICK)
    other = _quiet(history=history, chains=2, seed=12, **QUICK)
    assert np.array_equal(first.draws, again.draws)
    assert not np.array_equal(first.draws, other.draws)


def test_estimate_lcmcr_chains_independent_of_workers_and_chain_count() -> None:
    history = _history("kosovo")
    two = _quiet(history=history, chains=2, workers=1, seed=3, **QUICK)
    three = _quiet(history=history, chains=3, workers=2, seed=3, **QUICK)
    assert two.draws is not None and three.draws is not None
    assert np.array_equal(two.draws, three.draws[:2])
    assert not np.array_equal(three.draws[0], three.draws[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_estimate_lcmcr_reports_progress_to_total(workers: int) -> None:
    calls: list[tuple[int, int]] = []
    _quiet(
        history=_history("hiv_rome"),
        chains=2,
        workers=workers,
        progress=lambda d, t: calls.append((d, t)),
        burnin=3000,
        samples=500,
        thinning=5,
    )
    total = 2 * (kernel.WARMUP_SWEEPS + 3000 + 500 * 5)
    assert calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done == sorted(done) and all(t == total for _, t in calls)


def test_estimate_lcmcr_tight_bound_warns_and_holds() -> None:
    history = _history("kosovo")
    with pytest.warns(MissingBoundWarning, match="max_missing=50"):
        result = _quiet(history=history, chains=1, max_missing=50, **QUICK)
    assert result.draws is not None and result.draws.max() <= history.observed + 50
    assert result.diagnostics["bound_hits"] > 0
    assert any("max_missing" in w for w in result.diagnostics["warnings"])


def test_estimate_lcmcr_no_room_for_missing_gives_observed() -> None:
    history = _history("my_5list")
    with (
        pytest.warns(MissingBoundWarning),
        pytest.warns(ConvergenceWarning, match="could not be assessed"),
    ):
        result = estimate_lcmcr(history, chains=2, max_missing=0, **QUICK)
    assert result.estimate == result.lower == result.upper == history.observed
    assert result.diagnostics["rhat"] is None


def test_estimate_lcmcr_short_run_warns_about_convergence() -> None:
    with pytest.warns(ConvergenceWarning, match="R-hat"):
        result = estimate_lcmcr(_history("kosovo"), chains=2, burnin=0, samples=20, thinning=1)
    assert result.diagnostics["warnings"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"k_star": 0},
        {"chains": 0},
        {"samples": 0},
        {"thinning": 0},
        {"burnin": -1},
        {"a_alpha": 0.0},
        {"b_alpha": float("nan")},
        {"max_missing": -1},
        {"seed": -5},
        {"chains": True},
    ],
)
def test_estimate_lcmcr_bad_settings_rejected(kwargs: dict) -> None:
    with pytest.raises(InputError, match="lcmcr"):
        estimate_lcmcr(_history("hiv_rome"), **kwargs)


def test_estimate_lcmcr_empty_history_rejected() -> None:
    empty = CaptureHistory(("a", "b", "c"), np.zeros(8, dtype=np.int64))
    with pytest.raises(InputError, match="nobody was observed"):
        estimate_lcmcr(empty)


def test_estimate_lcmcr_six_lists_covers_known_total() -> None:
    # a population of known size with two latent classes, six lists: the interval holds the truth
    rng = np.random.default_rng(2024)
    truth = 3000
    hard = rng.random(truth) < 0.4
    rates = np.where(hard[:, None], [0.05, 0.1, 0.08, 0.06, 0.12, 0.1], [0.4, 0.3, 0.5, 0.35, 0.3, 0.45])
    caught = rng.random((truth, 6)) < rates
    people = [{f"L{j}": int(c) for j, c in enumerate(row)} for row in caught]
    history = CaptureHistory.from_people(people, [f"L{j}" for j in range(6)])[None]
    result = _quiet(history=history, chains=2, burnin=2000, samples=1000, thinning=5, seed=5)
    assert result.lower <= truth <= result.upper
    assert result.lower > history.observed


def test_estimate_lcmcr_list_catching_nobody_runs() -> None:
    history = CaptureHistory.from_counts(["a", "b", "c"], [(1, 0, 0), (0, 1, 0), (1, 1, 0)], [40, 30, 12])
    result = _quiet(history=history, chains=2, **QUICK)
    assert np.isfinite(result.estimate) and result.estimate >= history.observed


# --- the samplers, held against scipy --------------------------------------------------------------------


def _draws(which: int, a: float, b: float = 0.0, size: int = 40_000, seed: int = 1) -> np.ndarray:
    return kernel.draw_many(which, a, b, size, kernel.seed_state(np.random.SeedSequence(seed)))


def _chi2_pvalue(draws: np.ndarray, pmf) -> float:  # type: ignore[no-untyped-def]
    values, counts = np.unique(draws.astype(np.int64), return_counts=True)
    lo, hi = int(values.min()), int(values.max())
    support = np.arange(lo, hi + 1)
    expected = pmf(support) * draws.size
    observed = np.zeros_like(expected)
    observed[values - lo] = counts
    keep = expected >= 5  # pool the thin tails into one cell
    exp_cells = np.append(expected[keep], draws.size - expected[keep].sum())
    obs_cells = np.append(observed[keep], draws.size - observed[keep].sum())
    return float(stats.chisquare(obs_cells, exp_cells).pvalue)


@pytest.mark.parametrize(
    ("n", "p"),
    [(15, 0.3), (20, 0.97), (400, 0.004), (300, 0.02), (1131, 0.41), (5000, 0.93), (60, 0.5)],
)
def test_draw_binomial_matches_scipy(n: int, p: float) -> None:
    # n passed as the float the kernel declares (it draws Binomial(int(a), b)): an int would compile
    # draw_many a second time, for int64, ~8 s on a fresh clone, for the same sampler
    draws = _draws(4, float(n), p)
    assert _chi2_pvalue(draws, lambda k: stats.binom.pmf(k, n, p)) > 1e-3


@pytest.mark.parametrize("mean", [0.3, 4.0, 25.0, 4000.0])
def test_draw_poisson_matches_scipy(mean: float) -> None:
    draws = _draws(5, mean)
    assert _chi2_pvalue(draws, lambda k: stats.poisson.pmf(k, mean)) > 1e-3


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (1.0, 40.0), (9.0, 1.0), (2.0, 3.0), (300.0, 4000.0)])
def test_draw_beta_matches_scipy(a: float, b: float) -> None:
    assert stats.kstest(_draws(3, a, b), stats.beta(a, b).cdf).pvalue > 1e-3


@pytest.mark.parametrize("shape", [0.05, 0.7, 1.0, 3.5, 500.0])
def test_draw_gamma_matches_scipy(shape: float) -> None:
    assert stats.kstest(_draws(2, shape), stats.gamma(shape).cdf).pvalue > 1e-3


def test_draw_normal_and_uniform_match_scipy() -> None:
    assert stats.kstest(_draws(1, 0.0, size=100_000), stats.norm.cdf).pvalue > 1e-3
    assert stats.kstest(_draws(0, 0.0), stats.uniform.cdf).pvalue > 1e-3
