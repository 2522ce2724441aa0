"""Run several estimators over one history or over strata, combine strata, and draw the plots.

Strata are estimated one by one and combined: for Bayesian methods by summing posterior draws (dga's
posterior mass is sampled first), for log-linear models by adding the estimates and their variances (a
normal interval for the sum, since profile likelihoods do not add).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult
from testament.files import private_dir

__all__ = ["METHODS", "EstimateOptions", "combine_strata", "run_estimates"]

METHODS = ("loglinear", "dga", "lcmcr")
_DGA_SAMPLES = 20_000
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class EstimateOptions:
    methods: tuple[str, ...] = ("loglinear",)
    model: str = "best-bic"  # log-linear model (Rcapture name, hierarchical name, best-bic, best-aic)
    seed: int = 1
    chains: int = 4  # LCMCR
    exclude_saturated: bool = False  # dga
    min_per_list: int = 10  # warn when a stratum has fewer records than this on some list


ProgressFn = Callable[[str, int, int], None]  # (label, done, total)


def _one(
    method: str, history: CaptureHistory, options: EstimateOptions, progress: ProgressFn | None
) -> EstimateResult:
    if method == "loglinear":
        from testament.estimate.loglinear import estimate_loglinear

        result = estimate_loglinear(history, options.model)
    elif method == "dga":
        from testament.estimate.dga import estimate_dga

        result = estimate_dga(history, exclude_saturated=options.exclude_saturated)
    elif method == "lcmcr":
        from testament.estimate.lcmcr import ConvergenceWarning, MissingBoundWarning, estimate_lcmcr

        label = f"lcmcr {history.stratum or ''}".strip()
        report = (lambda done, total: progress(label, done, total)) if progress else None
        with warnings.catch_warnings():  # they are kept in the result's diagnostics["warnings"]
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", MissingBoundWarning)
            result = estimate_lcmcr(history, chains=options.chains, seed=options.seed, progress=report)
    else:
        raise InputError(f"unknown method '{method}'", hint=f"use one of: {', '.join(METHODS)}, all")
    result.stratum = history.stratum
    return result


def _sparse_lists(history: CaptureHistory, minimum: int) -> list[str]:
    return [name for name, total in history.list_totals().items() if total < minimum]


def _posterior_sample(result: EstimateResult, rng: np.random.Generator, size: int) -> np.ndarray:
    if result.draws is None:
        raise InputError(f"{result.method}: no posterior to combine strata with")
    if result.method == "dga":  # (2, T): values of N and their posterior mass
        values, mass = result.draws
        return rng.choice(values, size=size, p=mass / mass.sum())
    return np.asarray(result.draws, dtype=np.float64).ravel()


def combine_strata(results: list[EstimateResult], seed: int) -> EstimateResult:
    """One estimate of the total from per-stratum results of one method."""
    first = results[0]
    observed = sum(r.observed for r in results)
    diagnostics: dict[str, object] = {"strata": [r.stratum for r in results]}
    if first.method == "loglinear":
        estimate = sum(r.estimate for r in results)
        se = float(np.sqrt(sum((r.stderr or 0.0) ** 2 for r in results)))
        lower, upper = max(observed, estimate - _Z95 * se), estimate + _Z95 * se
        diagnostics["interval"] = "normal approximation for the sum of the strata estimates"
        draws = None
    else:
        rng = np.random.default_rng(seed)
        samples = [_posterior_sample(r, rng, _DGA_SAMPLES) for r in results]
        size = min(len(s) for s in samples)
        draws = np.sum([s[:size] for s in samples], axis=0)
        estimate = float(np.median(draws))
        lower, upper = (float(q) for q in np.quantile(draws, [0.025, 0.975]))
        se = None
        diagnostics["interval"] = "quantiles of the summed posterior draws of the strata"
    return EstimateResult(
        method=first.method,
        model=first.model if len({r.model for r in results}) == 1 else "per-stratum",
        estimate=float(estimate),
        lower=float(lower),
        upper=float(upper),
        observed=observed,
        input_sha256=_combined_hash(results),
        settings=first.settings,
        diagnostics=diagnostics,
        stderr=se,
        seed=seed,
        stratum="(all strata)",
        draws=draws,
    )


def _combined_hash(results: list[EstimateResult]) -> str:
    import hashlib

    return hashlib.sha256("".join(sorted(r.input_sha256 for r in results)).encode()).hexdigest()


def run_estimates(
    histories: Mapping[str | None, CaptureHistory],
    options: EstimateOptions,
    *,
    progress: ProgressFn | None = None,
    plot_dir: Path | None = None,
) -> list[EstimateResult]:
    """Every requested method on every stratum; with strata, also their combination per method."""
    if not histories:
        raise InputError("nothing to estimate: no capture history", hint="check the input has list columns")
    methods = METHODS if "all" in options.methods else options.methods
    stratified = len(histories) > 1 or next(iter(histories)) is not None
    results: list[EstimateResult] = []
    for method in methods:
        per_stratum = []
        for key in sorted(histories, key=lambda k: (k is None, str(k))):
            history = histories[key]
            result = _one(method, history, options, progress)
            sparse = _sparse_lists(history, options.min_per_list)
            if sparse:
                result.diagnostics.setdefault("warnings", []).append(
                    f"stratum {history.stratum!r}: fewer than {options.min_per_list} records on list(s) "
                    f"{', '.join(sparse)}; the estimate for this stratum is fragile"
                )
            per_stratum.append(result)
        results.extend(per_stratum)
        if stratified and len(per_stratum) > 1:
            results.append(combine_strata(per_stratum, options.seed))
    if plot_dir is not None:
        _plot(histories, results, plot_dir)
    return results


def _plot(histories: Mapping[str | None, CaptureHistory], results: list[EstimateResult], out: Path) -> None:
    from testament.estimate import plots

    private_dir(out, parents=True)
    for key, history in histories.items():
        plots.plot_overlap(history, out / f"overlap{_suffix(key)}.svg")
    for r in results:
        if r.draws is None:
            continue
        stem = f"{r.method}{_suffix(r.stratum)}"
        plots.plot_posterior(r, out / f"posterior-{stem}.svg")
        if r.method == "lcmcr" and np.ndim(r.draws) == 2:
            plots.plot_trace(r, out / f"trace-{stem}.svg")


def _suffix(key: str | None) -> str:
    if key is None:
        return ""
    safe = "".join(ch if ch.isalnum() else "-" for ch in key).strip("-") or "stratum"
    return f"-{safe}"
