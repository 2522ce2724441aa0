"""Log-linear estimators against Rcapture 1.4-4's numbers in ../shared/data/mse/reference.csv."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from scipy.stats import chi2

from testament.errors import InputError
from testament.estimate import loglinear as ll
from testament.estimate._hierarchy import canonical_name, parse_bracket_name, parse_formula
from testament.estimate.history import CaptureHistory
from testament.estimate.loglinear import (
    LOGLINEAR_MODELS,
    estimate_loglinear,
    fit_model,
    hierarchical_models,
    search_models,
)
from tests.conftest import MSE_DATA

MSE = MSE_DATA
DATASETS = ("kosovo", "hiv_rome", "my_5list")
# Rcapture's method labels in reference.csv -> our model names
RCAPTURE_NAMES = {
    "M0": "M0",
    "Mt": "Mt",
    "Mh Chao (LB)": "Mh-chao",
    "Mh Poisson2": "Mh-poisson2",
    "Mh Darroch": "Mh-darroch",
    "Mh Gamma3.5": "Mh-gamma3.5",
    "Mth Chao (LB)": "Mth-chao",
    "Mth Poisson2": "Mth-poisson2",
    "Mth Darroch": "Mth-darroch",
    "Mth Gamma3.5": "Mth-gamma3.5",
    "loglinear all two-way [ij]": "all-two-way",
}
CORE = ("M0", "Mt", "Mth-chao", "Mth-poisson2", "all-two-way", "best-bic")  # the acceptance set
OTHERS = ("Mh-chao", "Mh-poisson2", "Mh-darroch", "Mh-gamma3.5", "Mth-darroch", "Mth-gamma3.5")


def _reference() -> dict[tuple[str, str], dict[str, str]]:
    out = {}
    with (MSE / "reference.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["package"] != "Rcapture":
                continue
            method = row["method"]
            if method.startswith("loglinear BIC-best"):
                out[(row["dataset"], "best-bic")] = row
            elif method in RCAPTURE_NAMES:
                out[(row["dataset"], RCAPTURE_NAMES[method])] = row
    return out


REFERENCE = _reference()


def _history(name: str) -> CaptureHistory:
    return CaptureHistory.from_pattern_csv(MSE / f"{name}.csv")[None]


def _rel(ours: float, theirs: str) -> float:
    return abs(ours - float(theirs)) / float(theirs)


@pytest.fixture(scope="module")
def histories() -> dict[str, CaptureHistory]:
    return {name: _history(name) for name in DATASETS}


# --- acceptance against Rcapture --------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("model", CORE)
def test_estimate_loglinear_matches_rcapture_within_half_percent(
    histories: dict[str, CaptureHistory], dataset: str, model: str
) -> None:
    ref = REFERENCE[(dataset, model)]
    result = estimate_loglinear(histories[dataset], model)
    assert _rel(result.estimate, ref["estimate"]) < 0.005
    assert _rel(result.lower, ref["lower"]) < 0.005
    assert _rel(result.upper, ref["upper"]) < 0.005
    if model == "best-bic":  # the same model chosen, named the same way
        assert result.model == ref["method"].split("BIC-best ")[1].strip('"')


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("model", CORE[:-1] + OTHERS)
def test_fit_model_matches_rcapture_fit_statistics(
    histories: dict[str, CaptureHistory], dataset: str, model: str
) -> None:
    ref = REFERENCE[(dataset, model)]
    fit = fit_model(histories[dataset], model)
    assert fit.df == int(ref["df"])
    for ours, column in [
        (fit.n_hat, "estimate"),
        (fit.stderr, "stderr"),
        (fit.deviance, "deviance"),
        (fit.aic, "AIC"),
        (fit.bic, "BIC"),
    ]:
        assert _rel(ours, ref[column]) < 1e-6, column
    assert fit.ok == ref["info"].startswith("fit=0")


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("model", OTHERS)
def test_estimate_loglinear_heterogeneity_models_match_rcapture_interval(
    histories: dict[str, CaptureHistory], dataset: str, model: str
) -> None:
    ref = REFERENCE[(dataset, model)]
    result = estimate_loglinear(histories[dataset], model)
    assert _rel(result.diagnostics["profile_mle"], ref["profile_mle"]) < 0.005
    assert _rel(result.lower, ref["lower"]) < 0.005
    if "ci=6" in ref["info"]:  # Rcapture stopped at 3 N-hat; we go on and say where it stopped
        assert result.diagnostics["ci_info"] == 6
        assert result.upper > float(ref["upper"])
        assert _rel(result.diagnostics["rcapture_upper_limit"], ref["upper"]) < 1e-6
    else:
        assert result.diagnostics["ci_info"] == 0
        assert _rel(result.upper, ref["upper"]) < 0.005


def test_search_models_picks_rcapture_best_bic_among_clean_fits(histories: dict[str, CaptureHistory]) -> None:
    fits = search_models(histories["my_5list"], "bic")
    clean = [f for f in fits if f.ok]
    assert fits[0].name == "[12,13,45]"
    assert fits[0].bic == min(f.bic for f in clean)
    assert [f.bic for f in clean] == sorted(f.bic for f in clean)
    # boundary fits (zero cells) that glm warns about are kept, flagged and ranked after the clean ones
    flagged = fits[len(clean) :]
    assert flagged and all(not f.ok and f.info != 0 and f.warnings for f in flagged)


# --- model space ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("k", "count"), [(3, 8), (4, 113), (5, 6893)])
def test_hierarchical_models_counts_match_closedpms(k: int, count: int) -> None:
    names = hierarchical_models(k)
    assert len(names) == count
    assert len(set(names)) == count
    assert f"[{','.join(str(j) for j in range(1, k + 1))}]" in names


def test_hierarchical_models_raise_when_order_reaches_k() -> None:
    with pytest.raises(InputError):
        hierarchical_models(4, max_order=4)


def test_parse_formula_equals_bracket_name_for_same_model() -> None:
    lists = ("EXH", "ABA", "OSCE", "HRW")
    by_name = parse_bracket_name("[123,14,34]", 4)
    assert parse_formula("c1*c2*c3 + c1:c4 + c3:c4", lists) == by_name
    assert parse_formula("~ EXH*ABA*OSCE + EXH:HRW + OSCE:HRW", lists) == by_name
    assert canonical_name(parse_formula("(c1+c2+c3+c4)^2", lists)) == "[12,13,14,23,24,34]"
    assert canonical_name(parse_formula("(c1+c2+c3+c4)^3 - c1:c2:c3 - c2:c3:c4", lists)) == "[124,134,23]"
    assert canonical_name(parse_bracket_name("[34,1,12]", 4)) == "[12,34]"
    assert canonical_name(parse_bracket_name("[12]", 4)) == "[12,3,4]"


@pytest.mark.parametrize("bad", ["[1234]", "[15]", "[11]", "Mb", "c1*c9", "no-such-model", "c1 +* c2"])
def test_fit_model_raises_input_error_for_bad_model(histories: dict[str, CaptureHistory], bad: str) -> None:
    with pytest.raises(InputError):
        fit_model(histories["kosovo"], bad)


def test_estimate_loglinear_flags_non_hierarchical_formula(histories: dict[str, CaptureHistory]) -> None:
    result = estimate_loglinear(histories["kosovo"], "c1:c2:c3")
    assert result.diagnostics["hierarchical"] is False
    assert result.model == "c1 + c2 + c3 + c4 + c1:c2:c3"
    assert result.diagnostics["df"] == 15 - 6


def test_search_models_raises_input_error_for_unknown_criterion(histories: dict[str, CaptureHistory]) -> None:
    with pytest.raises(InputError):
        search_models(histories["kosovo"], "dic")
    with pytest.raises(InputError, match="model search"):
        fit_model(histories["kosovo"], "best-bic")


@pytest.mark.parametrize("model", ["Mth-chao", "Mh-darroch", "all-two-way"])
def test_fit_model_raises_input_error_for_two_lists_beyond_mt(model: str) -> None:
    history = CaptureHistory(("a", "b"), np.array([0, 120, 80, 40], dtype=np.int64))
    with pytest.raises(InputError, match="at least 3 lists"):
        fit_model(history, model)


def test_fit_model_accepts_rcapture_spellings(histories: dict[str, CaptureHistory]) -> None:
    ours = fit_model(histories["kosovo"], "Mth-chao")
    assert fit_model(histories["kosovo"], "Mth Chao (LB)").n_hat == ours.n_hat
    assert fit_model(histories["kosovo"], "MthC").n_hat == ours.n_hat
    assert set(LOGLINEAR_MODELS) >= {"M0", "Mt", "Mth-chao", "all-two-way"}


# --- the fit itself, checked by independent math ----------------------------------------------------------


def test_fit_model_mt_equals_lincoln_petersen_for_two_lists() -> None:
    history = CaptureHistory(("a", "b"), np.array([0, 120, 80, 40], dtype=np.int64))
    n1, n2, m = 120 + 40, 80 + 40, 40  # caught by a, by b, by both
    assert fit_model(history, "Mt").n_hat == pytest.approx(n1 * n2 / m, rel=1e-10)


def test_fit_model_solves_poisson_score_equations(histories: dict[str, CaptureHistory]) -> None:
    history = histories["kosovo"]
    spec = ll._resolve("[123,14,34]", history)
    x, nca = ll._design(spec, history.k)
    y = history.observed_counts().astype(float)
    fit, _, _ = ll._fit(spec, x, y, nca)
    assert np.allclose(x.T @ (y - fit.fitted), 0.0, atol=1e-6)  # X'(y - mu) = 0 at the MLE
    assert np.allclose(np.log(fit.fitted), x @ fit.coef)
    expected_cov = np.linalg.inv(x.T @ (fit.fitted[:, None] * x))
    assert np.allclose(fit.cov, expected_cov, rtol=1e-5)


def test_estimate_loglinear_interval_ends_sit_where_deviance_rises_by_chi2(
    histories: dict[str, CaptureHistory],
) -> None:
    history = histories["hiv_rome"]
    result = estimate_loglinear(history, "Mth-chao")
    spec = ll._resolve("Mth-chao", history)
    x, nca = ll._design(spec, history.k)
    xa = np.vstack([x, np.eye(1, x.shape[1])])
    y = history.observed_counts().astype(float)

    def loglik(n_total: float) -> float:
        return ll._profile_loglik(n_total, spec, xa, y, history.observed, nca)

    top = loglik(result.diagnostics["profile_mle"])
    for end in (result.lower, result.upper):
        assert 2 * (top - loglik(end)) == pytest.approx(chi2.ppf(0.95, 1), abs=1e-4)
    mle = result.diagnostics["profile_mle"]
    assert loglik(mle) >= max(loglik(mle - 1), loglik(mle + 1))


def test_estimate_loglinear_records_boundary_fit_warnings(histories: dict[str, CaptureHistory]) -> None:
    result = estimate_loglinear(histories["my_5list"], "[1235,1345]")
    assert result.diagnostics["fit_info"] == 3
    assert any("numerically 0" in w for w in result.diagnostics["fit_warnings"])
    assert math.isfinite(result.estimate)


def test_estimate_loglinear_chao_drops_negative_eta(histories: dict[str, CaptureHistory]) -> None:
    result = estimate_loglinear(histories["kosovo"], "Mth-chao")
    assert result.diagnostics["eta_removed"] == ["eta4"]


# --- the result -------------------------------------------------------------------------------------------


def test_estimate_loglinear_best_bic_reports_search(histories: dict[str, CaptureHistory]) -> None:
    history = histories["kosovo"]
    result = estimate_loglinear(history, "best-bic")
    assert result.method == "loglinear"
    assert result.model == "[123,14,34]"
    assert result.settings["criterion"] == "bic"
    assert result.input_sha256 == history.sha256()
    assert result.observed == history.observed
    top = result.diagnostics["top_models"]
    assert len(top) == 5 and top[0]["model"] == result.model
    assert [t["bic"] for t in top] == sorted(t["bic"] for t in top)
    assert result.diagnostics["models_searched"] == 113
    assert result.diagnostics["bic"] == pytest.approx(top[0]["bic"])
    assert result.to_dict()["diagnostics"]["df"] == 4


def test_estimate_loglinear_best_aic_minimises_aic(histories: dict[str, CaptureHistory]) -> None:
    history = histories["hiv_rome"]
    result = estimate_loglinear(history, "best-aic")
    clean = [f for f in search_models(history, "aic") if f.ok]
    assert result.diagnostics["aic"] == pytest.approx(min(f.aic for f in clean))


def test_search_models_covers_all_five_list_models(histories: dict[str, CaptureHistory]) -> None:
    # speed is measured in bench/estimate.py, not here
    fits = search_models(histories["my_5list"])
    assert len(fits) == 6893
    assert len({f.name for f in fits}) == 6893
