"""The advice beside the numbers: methods that disagree beyond their intervals, and the documented rule that
recommends one estimate when several methods ran (`testament.estimate.advice`)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from testament.estimate import CaptureHistory, EstimateResult
from testament.estimate.advice import advise, heterogeneity, method_disagreements, mixed, recommend


def _history(classes: list[tuple[float, float]], k: int = 4, people: int = 4000) -> CaptureHistory:
    """Expected counts of each capture pattern when `people` fall in classes of (share, capture
    probability on every list)."""
    counts = np.zeros(2**k)
    for bits in itertools.product((0, 1), repeat=k):
        pattern = sum(b << j for j, b in enumerate(bits))
        on = sum(bits)
        counts[pattern] = sum(people * share * p**on * (1 - p) ** (k - on) for share, p in classes)
    counts[0] = 0
    return CaptureHistory(tuple("ABCDEF"[:k]), np.round(counts).astype(np.int64))


INDEPENDENT = {None: _history([(1.0, 0.3)])}
HETEROGENEOUS = {None: _history([(0.5, 0.05), (0.5, 0.6)])}


def _result(
    method: str, estimate: float, lower: float, upper: float, **diagnostics: object
) -> EstimateResult:
    model = {"loglinear": "[12,3]", "dga": "bma", "lcmcr": "K*=10"}[method]
    settings = {"criterion": "bic"} if method == "loglinear" else {}
    return EstimateResult(
        method,
        model,
        estimate,
        lower,
        upper,
        1000,
        "0" * 64,
        settings=settings,
        diagnostics=dict(diagnostics),
    )


def _three(lcmcr_rhat: float = 1.01) -> list[EstimateResult]:
    return [
        _result("loglinear", 3000, 2900, 3100, fit_info=0),
        _result("dga", 3050, 2950, 3200),
        _result("lcmcr", 3900, 3300, 4800, rhat=lcmcr_rhat, ess=900.0),
    ]


def test_heterogeneity_test_rejects_independence_only_for_heterogeneous_lists() -> None:
    assert heterogeneity(INDEPENDENT[None]).heterogeneous is False
    test = heterogeneity(HETEROGENEOUS[None])
    assert test.heterogeneous is True and test.p_value is not None and test.p_value < 0.001
    assert "rejected" in test.describe() and "p < 0.001" in test.describe()
    two = heterogeneity(_history([(1.0, 0.3)], k=2))
    assert two.heterogeneous is None and "cannot show" in two.describe()


def test_recommend_lcmcr_when_lists_are_heterogeneous_and_its_chains_mixed() -> None:
    results = _three()
    chosen = recommend(results, HETEROGENEOUS)
    assert chosen is results[2] and chosen.recommendation is not None
    assert "heterogeneous" in chosen.recommendation and "chains mixed" in chosen.recommendation
    assert [r.recommendation is not None for r in results] == [False, False, True]


def test_recommend_dga_with_a_caution_when_lcmcr_did_not_mix() -> None:
    results = _three(lcmcr_rhat=1.3)
    assert not mixed(results[2]) and mixed(results[0])
    chosen = recommend(results, HETEROGENEOUS)
    assert chosen is results[1] and chosen.recommendation is not None
    assert "did not mix" in chosen.recommendation and "underestimate" in chosen.recommendation


def test_recommend_loglinear_when_lists_look_independent_or_cannot_be_tested() -> None:
    results = _three()
    chosen = recommend(results, INDEPENDENT)
    assert chosen is results[0] and chosen.recommendation is not None
    assert (
        "no sign of heterogeneity" in chosen.recommendation
        and "BIC-best model [12,3]" in chosen.recommendation
    )
    two_lists = {None: _history([(1.0, 0.3)], k=2)}
    results = _three()
    chosen = recommend(results, two_lists)
    assert chosen is results[0] and chosen.recommendation is not None
    assert "cannot be tested" in chosen.recommendation
    # a log-linear fit that is not clean is passed over
    results = _three()
    results[0].diagnostics["fit_info"] = 1
    assert recommend(results, INDEPENDENT) is results[1]


def test_recommend_says_when_the_count_depends_on_linkage_and_needs_two_methods() -> None:
    results = _three()
    results[2].linkage = {"relative_range": 0.25}
    chosen = recommend(results, HETEROGENEOUS)
    assert chosen is not None and chosen.recommendation is not None
    assert "depends on linkage" in chosen.recommendation and "25%" in chosen.recommendation
    assert recommend(results[:1], HETEROGENEOUS) is None


def test_warn_when_methods_disagree_beyond_their_intervals() -> None:
    results = _three()
    method_disagreements(results)
    # loglinear [2900, 3100] and dga [2950, 3200] overlap; lcmcr [3300, 4800] overlaps neither
    assert [len(r.warnings) for r in results] == [1, 1, 2]
    assert "lcmcr gives 3,900 [3,300 – 4,800]" in results[0].warnings[0]
    # with linkage uncertainty, the wider interval is the one compared
    results = _three()
    results[0].linkage = {"lower": 2800.0, "upper": 3250.0}
    method_disagreements(results)
    assert "loglinear gives 3,000 [2,800 – 3,250 with linkage uncertainty]" in results[2].warnings[0]
    results = _three()
    results[0].linkage = {"lower": 2800.0, "upper": 3400.0}  # now it reaches LCMCR's interval
    method_disagreements(results)
    assert results[0].warnings == [] and len(results[2].warnings) == 1 and "dga" in results[2].warnings[0]


def test_advise_combination_of_strata_mixed_only_when_every_stratum_mixed() -> None:
    parts = [
        _result("lcmcr", 500, 400, 700, rhat=1.01, ess=900.0),
        _result("lcmcr", 500, 400, 700, rhat=1.4, ess=90.0),
    ]
    parts[0].stratum, parts[1].stratum = "Evin", "Gohardasht"
    combined = _result("lcmcr", 1000, 850, 1300)
    combined.stratum = "(all strata)"
    loglinear = _result("loglinear", 990, 900, 1100, fit_info=0)
    loglinear.stratum = "(all strata)"
    strata = {"Evin": HETEROGENEOUS[None], "Gohardasht": HETEROGENEOUS[None]}
    advise([*parts, combined, loglinear], strata)
    assert combined.diagnostics["mixed"] is False
    assert combined.warnings == [
        "chains have not mixed in 1 of 2 strata, so neither has this combination: run longer and look at "
        "those strata's trace plots"
    ]
    assert loglinear.recommendation is not None and "did not mix" in loglinear.recommendation


@pytest.mark.parametrize(
    "rhat, ess, expected", [(1.01, 900.0, True), (1.2, 900.0, False), (1.01, 50.0, False)]
)
def test_mixed_reads_rhat_and_ess(rhat: float, ess: float, expected: bool) -> None:
    assert mixed(_result("lcmcr", 1, 1, 1, rhat=rhat, ess=ess)) is expected
