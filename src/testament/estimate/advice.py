"""Advice beside the numbers: methods that disagree beyond their intervals, and which estimate to
recommend when several methods ran.

**Disagreement.** Two methods' results for the same stratum disagree when their 95% intervals do not
overlap (the interval that includes linkage uncertainty, `result.linkage`, when there is one). Each gets a
warning naming the other: at least one method's assumptions fail on these lists.

**The recommendation** (`recommend`), made among the results for the whole input (unstratified, or the
combination of strata) when two or more methods ran. The rule, from the coverage study in
docs/estimation.md (lists whose capture differs between people in ways the lists share: log-linear and
dga covered the truth in 0 of 20 runs, 8% low with narrow intervals; LCMCR in 20 of 20):

1. *Are the lists heterogeneous?* Fit the independence model (Mt) to the whole capture history (strata
   summed). If its deviance is significant (p < 0.05 against chi-square on its degrees of freedom), capture
   is heterogeneous or the lists depend on each other. Two lists cannot show it (Mt is saturated): then
   the test says nothing.
2. Heterogeneous, LCMCR ran and its chains mixed (R-hat <= 1.05 and bulk ESS >= 400, on every stratum):
   **LCMCR**, whose latent classes absorb heterogeneity.
3. Not heterogeneous (or nothing to test): **log-linear** (the BIC-best model when searched) if its fit is
   clean and its interval finite: the simplest model the data support, and the methods agree on such
   lists; else dga; else LCMCR.
4. Heterogeneous but LCMCR did not run or did not mix: **dga** (it averages over list dependence), else
   log-linear, with the caution that both tend to underestimate on heterogeneous lists: run LCMCR
   (longer, or with more chains) before publishing.

The reason is kept on the recommended result (`result.recommendation`); it adds when the recommended
count depends on linkage (a spread above 10%).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult

__all__ = ["Heterogeneity", "advise", "heterogeneity", "method_disagreements", "mixed", "recommend"]

RHAT_LIMIT = 1.05  # as LCMCR's own convergence warning (lcmcr._RHAT_LIMIT)
MIN_ESS = 400.0
ALPHA = 0.05
_WHOLE = (None, "(all strata)")


@dataclass(frozen=True)
class Heterogeneity:
    """The independence model's fit to the whole history: heterogeneous is None when it cannot tell."""

    heterogeneous: bool | None
    deviance: float | None = None
    df: int | None = None
    p_value: float | None = None

    def describe(self) -> str:
        if self.heterogeneous is None or self.deviance is None or self.p_value is None:
            return "two lists cannot show heterogeneity (the independence model is saturated)"
        verdict = "rejected" if self.heterogeneous else "not rejected"
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        return f"the independence model is {verdict} (deviance {self.deviance:,.1f} on {self.df} df, {p})"


def heterogeneity(history: CaptureHistory) -> Heterogeneity:
    """Test the lists of `history` for heterogeneity or dependence (rule 1 of the module docstring)."""
    from scipy.stats import chi2

    from testament.estimate.loglinear import fit_model

    if history.k < 3:
        return Heterogeneity(None)
    try:
        fit = fit_model(history, "Mt")
    except Exception:  # a fit that breaks down says nothing either way
        return Heterogeneity(None)
    if fit.df <= 0 or not math.isfinite(fit.deviance):
        return Heterogeneity(None)
    p = float(chi2.sf(fit.deviance, fit.df))
    return Heterogeneity(p < ALPHA, float(fit.deviance), int(fit.df), p)


def mixed(result: EstimateResult) -> bool:
    """Did LCMCR's chains mix (R-hat and bulk ESS within limits)? True for other methods. A combination
    of strata mixed when every stratum did (`diagnostics["mixed"]`, set by `advise`)."""
    if result.method != "lcmcr":
        return True
    if "mixed" in result.diagnostics:
        return bool(result.diagnostics["mixed"])
    r, ess = result.diagnostics.get("rhat"), result.diagnostics.get("ess")
    return r is not None and ess is not None and r <= RHAT_LIMIT and ess >= MIN_ESS


def _interval(result: EstimateResult) -> tuple[float, float, str]:
    spread = result.linkage or {}
    lower, upper = spread.get("lower"), spread.get("upper")
    if lower is not None and upper is not None:
        return float(lower), float(upper), " with linkage uncertainty"
    return result.lower, result.upper, ""


def method_disagreements(results: Sequence[EstimateResult]) -> None:
    """Warn on every pair of methods whose intervals for the same stratum do not overlap."""
    by_stratum: dict[str | None, list[EstimateResult]] = {}
    for r in results:
        by_stratum.setdefault(r.stratum, []).append(r)
    for group in by_stratum.values():
        for i, left in enumerate(group):
            for right in group[i + 1 :]:
                if left.method == right.method:
                    continue
                (l_lo, l_hi, l_what), (r_lo, r_hi, r_what) = _interval(left), _interval(right)
                if not all(math.isfinite(v) for v in (l_lo, l_hi, r_lo, r_hi)):
                    continue
                if l_hi < r_lo or r_hi < l_lo:
                    for one, other, (lo, hi, what) in (
                        (left, right, (r_lo, r_hi, r_what)),
                        (right, left, (l_lo, l_hi, l_what)),
                    ):
                        one.diagnostics.setdefault("warnings", []).append(
                            f"methods disagree beyond their intervals: {other.method} gives "
                            f"{other.estimate:,.0f} [{lo:,.0f} – {hi:,.0f}{what}], which does not overlap "
                            "this one's; at least one method's assumptions fail on these lists (see the "
                            "recommendation and docs/estimation.md)"
                        )


def _whole_history(histories: Mapping[str | None, CaptureHistory]) -> CaptureHistory:
    first = next(iter(histories.values()))
    if len(histories) == 1:
        return first
    counts = np.sum([h.counts for h in histories.values()], axis=0)
    return CaptureHistory(first.lists, counts, source=first.source)


def _clean_loglinear(result: EstimateResult) -> bool:
    return result.diagnostics.get("fit_info", 0) == 0 and all(
        math.isfinite(v) for v in (result.estimate, result.lower, result.upper)
    )


def recommend(
    results: Sequence[EstimateResult], histories: Mapping[str | None, CaptureHistory]
) -> EstimateResult | None:
    """The recommended result for the whole input, with its reason set (rules in the module docstring);
    None when fewer than two methods ran."""
    whole = {r.method: r for r in results if r.stratum in _WHOLE}
    if len(whole) < 2 or not histories:
        return None
    test = heterogeneity(_whole_history(histories))
    lcmcr = whole.get("lcmcr")
    loglinear = whole.get("loglinear")
    dga = whole.get("dga")
    tested = test.describe()
    chosen: EstimateResult | None
    if test.heterogeneous and lcmcr is not None and mixed(lcmcr):
        chosen = lcmcr
        reason = (
            f"the lists look heterogeneous or dependent: {tested}. Log-linear models and dga then tend to "
            "underestimate with intervals too narrow; LCMCR's latent classes absorb heterogeneity, and its "
            "chains mixed"
        )
    elif not test.heterogeneous:
        seen = "no sign of heterogeneity" if test.heterogeneous is False else "heterogeneity cannot be tested"
        if loglinear is not None and _clean_loglinear(loglinear):
            chosen = loglinear
            criterion = loglinear.settings.get("criterion")
            which = f"its {str(criterion).upper()}-best model" if criterion else "its model"
            reason = (
                f"{seen}: {tested}. Log-linear ({which} {loglinear.model}) is the simplest estimate that "
                "fits; on such lists the methods agree within their intervals"
            )
        else:
            chosen = dga or lcmcr or loglinear
            assert chosen is not None
            reason = f"{seen}: {tested}; the log-linear fit is not clean, so {chosen.method}"
    else:
        chosen = dga or loglinear
        assert chosen is not None
        why = "LCMCR did not run" if lcmcr is None else "LCMCR's chains did not mix"
        reason = (
            f"the lists look heterogeneous or dependent: {tested}, but {why}; {chosen.method} is the "
            "better of the rest (dga averages over list dependence) yet may underestimate: run LCMCR "
            "(longer, or with more --chains) before publishing"
        )
    spread = chosen.linkage or {}
    if spread.get("relative_range", 0.0) > 0.10:
        reason += (
            f". Its count depends on linkage (it moves by {spread['relative_range']:.0%} across plausible "
            "linkages): review the borderline pairs first"
        )
    chosen.recommendation = reason
    return chosen


def advise(results: Sequence[EstimateResult], histories: Mapping[str | None, CaptureHistory]) -> None:
    """Disagreement warnings and, with two or more methods, the recommendation (module docstring)."""
    for r in results:
        if r.method == "lcmcr" and r.stratum == "(all strata)":
            parts = [x for x in results if x.method == "lcmcr" and x.stratum not in _WHOLE]
            unmixed = [x for x in parts if not mixed(x)]
            r.diagnostics["mixed"] = not unmixed
            if unmixed:
                r.diagnostics.setdefault("warnings", []).append(
                    f"chains have not mixed in {len(unmixed)} of {len(parts)} strata, so neither has this "
                    "combination: run longer and look at those strata's trace plots"
                )
    method_disagreements(results)
    recommend(results, histories)
