"""Log-linear capture-recapture models, as Rcapture's closedp.t, closedpCI.t and closedpMS.t fit them.

Each model is a Poisson regression on the 2**K - 1 observable cells (who was caught by which lists); the
people on no list are the cell the model extrapolates to, exp(intercept), so N-hat = n + exp(intercept).
Models by Rcapture name (M0, Mt, Mh/Mth with Chao's lower bound, Poisson2, Darroch or Gamma3.5
heterogeneity), any hierarchical interaction model (`[123,14,34]` or a formula), and the search over all
hierarchical models by AIC or BIC. Intervals are the 95% multinomial profile-likelihood intervals of
closedpCI.t. See docs/estimation-loglinear.md for what each model assumes.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from testament.errors import InputError
from testament.estimate import _hierarchy as hier
from testament.estimate._glm import BROKEN, FAILED, GlmFit, fit_batch, fit_one, status_warnings
from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult

__all__ = [
    "LOGLINEAR_MODELS",
    "MODEL_SEARCHES",
    "ModelFit",
    "estimate_loglinear",
    "fit_model",
    "hierarchical_models",
    "search_models",
]

LOGLINEAR_MODELS: tuple[str, ...] = (
    "M0",
    "Mt",
    "Mh-chao",
    "Mh-poisson2",
    "Mh-darroch",
    "Mh-gamma3.5",
    "Mth-chao",
    "Mth-poisson2",
    "Mth-darroch",
    "Mth-gamma3.5",
    "all-two-way",
)
"""Models by name; any hierarchical name (`[123,14,34]`) or formula is accepted as well."""

MODEL_SEARCHES: tuple[str, ...] = ("best-bic", "best-aic")

_HETEROGENEITY = ("chao", "poisson2", "darroch", "gamma3.5")
_RCAPTURE_UPPER_FACTOR = 3.0  # closedpCI.t's fmaxSupCL: it stops looking for the upper bound at 3 N-hat
_MAX_SEARCH_MODELS = 200_000
_UPPER_CAP = 1e4  # look for the upper bound up to 10,000 N-hat, then call it infinite


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model: the Poisson estimate of N and Rcapture's fit statistics.

    `ok` is Rcapture's infoFit == 0: the fit ended without warnings (converged, no fitted rate numerically
    zero, full rank, asymptotic bias under 10% of N-hat). `info` is that code (0 fine; digits: 1
    convergence or large bias, 2 rank, 3 other glm warning)."""

    name: str
    n_hat: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    ok: bool
    info: int = 0
    bias: float = math.nan
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Spec:
    """What to fit: interaction terms (bitmasks; main effects included), or one common capture effect
    (M0/Mh), plus a heterogeneity covariate."""

    name: str
    terms: frozenset[int] | None  # None: the M0/Mh design, one column counting the lists caught on
    heterogeneity: str | None = None
    hierarchical: bool = True


# --- models by name ---------------------------------------------------------------------------------------


def _named_specs(k: int) -> dict[str, _Spec]:
    mains = hier.main_effects(k)
    specs = {
        "m0": _Spec("M0", None),
        "mt": _Spec("Mt", mains),
        "all-two-way": _Spec(
            "all-two-way", hier.hierarchical_closure(a | b for a in mains for b in mains if a != b) | mains
        ),
    }
    for het in _HETEROGENEITY:
        specs[f"mh-{het}"] = _Spec(f"Mh-{het}", None, het)
        specs[f"mth-{het}"] = _Spec(f"Mth-{het}", mains, het)
    return specs


_ALIASES = {  # Rcapture's own spellings, normalised (lower case, no spaces, brackets or dashes)
    "mhchaolb": "mh-chao", "mhc": "mh-chao", "mhpoisson2": "mh-poisson2", "mhp": "mh-poisson2",
    "mhdarroch": "mh-darroch", "mhd": "mh-darroch", "mhgamma3.5": "mh-gamma3.5", "mhg": "mh-gamma3.5",
    "mthchaolb": "mth-chao", "mthc": "mth-chao", "mthpoisson2": "mth-poisson2", "mthp": "mth-poisson2",
    "mthdarroch": "mth-darroch", "mthd": "mth-darroch", "mthgamma3.5": "mth-gamma3.5",
    "mthg": "mth-gamma3.5", "alltwoway": "all-two-way", "loglinearalltwoway[ij]": "all-two-way",
    "mhchao": "mh-chao", "mthchao": "mth-chao",
}  # fmt: skip


def _resolve(model: str, history: CaptureHistory) -> _Spec:
    k = history.k
    text = model.strip()
    key = text.lower()
    specs = _named_specs(k)
    compact = re.sub(r"[\s()\-_]", "", key)
    key = _ALIASES.get(compact, key)
    if key in specs:
        spec = specs[key]
        if (spec.heterogeneity is not None or key == "all-two-way") and k < 3:
            raise InputError(
                f"model {model!r} needs at least 3 lists, this history has {k}",
                hint="with 2 lists only M0 and Mt can be fitted (as in Rcapture)",
            )
        return spec
    if compact in ("mb", "mbh"):
        raise InputError(
            f"model {model!r} is a behavioural model for trapping occasions in time order",
            hint="it means nothing for lists; use M0, Mt, Mth-chao or an interaction model",
        )
    terms = hier.parse_bracket_name(text, k)
    if terms is not None:
        return _Spec(hier.canonical_name(terms), terms)
    if re.search(r"[*:+~^(]|^c\d+$", text) or text in history.lists:
        terms = hier.parse_formula(text, history.lists)
        if hier.is_hierarchical(terms):
            return _Spec(hier.canonical_name(terms), terms)
        label = " + ".join(
            ":".join(f"c{j + 1}" for j in range(t.bit_length()) if t >> j & 1) for t in hier.sort_terms(terms)
        )
        return _Spec(label, terms, hierarchical=False)
    raise InputError(
        f"unknown log-linear model {model!r}",
        hint="one of "
        + ", ".join(LOGLINEAR_MODELS + MODEL_SEARCHES)
        + ", a name like [123,14,34], or a formula like 'c1*c2 + c3:c4'",
    )


def _design(spec: _Spec, k: int) -> tuple[np.ndarray, int]:
    """Design matrix (intercept first) and nca, the number of its columns that do not model
    heterogeneity (Rcapture's name; Chao's negative-eta rule only looks beyond them)."""
    pats = hier.pattern_masks(k)
    nbcap = np.array([hier.popcount(int(p)) for p in pats], dtype=np.float64)
    cols = [np.ones_like(nbcap)]
    if spec.terms is None:
        cols.append(nbcap)
    else:
        cols.extend(hier.term_columns(k, hier.sort_terms(spec.terms)).T)
    nca = len(cols)
    het = spec.heterogeneity
    if het == "chao":  # eta_j: max(captures - j + 1, 0), j = 3..K (Rcapture's Chao lower bound)
        cols.extend(np.maximum(nbcap - j + 1, 0.0) for j in range(3, k + 1))
    elif het == "poisson2":
        cols.append(2.0**nbcap - 1.0)
    elif het == "darroch":
        cols.append(nbcap**2 / 2.0)
    elif het == "gamma3.5":
        cols.append(-np.log(3.5 + nbcap) + np.log(3.5))
    x = np.column_stack(cols)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise InputError(
            f"model {spec.name!r}: the design matrix is not of full rank for {k} lists",
            hint="some terms are aliased (the same column twice); drop one of them",
        )
    return x, nca


# --- fitting ----------------------------------------------------------------------------------------------


def _fit_chao(x: np.ndarray, y: np.ndarray, nca: int) -> tuple[GlmFit, list[int], list[str]]:
    """Rcapture's Chao.neg: while an eta is negative, drop the first negative one and refit.

    Returns the fit, the kept columns and the warnings (those of the first fit stay, as in Rcapture)."""
    keep = list(range(x.shape[1]))
    fit = fit_one(x, y)
    warnings = fit.warnings()
    while fit.status & BROKEN == 0:
        etas = fit.coef[nca:]
        negative = np.flatnonzero(etas < 0)
        if negative.size == 0:
            break
        removed = keep.pop(nca + int(negative[0]))
        refit = fit_one(x[:, keep], y)
        if refit.status & BROKEN:
            keep.insert(nca + int(negative[0]), removed)
            warnings.append(f"the negative eta parameter eta{removed - nca + 3} was not removed")
            break
        warnings += [f"after removing eta{removed - nca + 3}: {w}" for w in refit.warnings()]
        fit = refit
    return fit, keep, warnings


def _fit(spec: _Spec, x: np.ndarray, y: np.ndarray, nca: int) -> tuple[GlmFit, list[int], list[str]]:
    if spec.heterogeneity == "chao":
        return _fit_chao(x, y, nca)
    fit = fit_one(x, y)
    return fit, list(range(x.shape[1])), fit.warnings()


def _info(warnings: list[str], status: int = 0) -> int:
    """Rcapture's getInfo: -1 for an error, else the distinct codes of the warnings, concatenated in
    increasing order (1 convergence or large bias, 2 rank, 3 other, 5 lower bound, 6 upper bound)."""
    if status & FAILED:
        return -1
    codes = set()
    for w in warnings:
        if "converge" in w or "asymptotic bias is large" in w:
            codes.add(1)
        elif "not of full rank" in w:
            codes.add(2)
        elif "lower bound" in w:
            codes.add(5)
        elif "upper bound" in w:
            codes.add(6)
        else:
            codes.add(3)
    return int("".join(str(c) for c in sorted(codes))) if codes else 0


def _exp(value: float) -> float:
    return math.exp(value) if value < 709.0 else math.inf


def _summary(name: str, fit: GlmFit, n: int, warnings: list[str]) -> ModelFit:
    df = fit.fitted.shape[0] - fit.rank
    nan = math.nan
    if fit.status & BROKEN:
        return ModelFit(
            name, nan, nan, nan, df, nan, nan, False, _info(warnings, fit.status), nan, tuple(warnings)
        )
    b0 = float(fit.coef[0])
    n_hat = n + _exp(b0)
    stderr = math.sqrt(_exp(b0) + _exp(2 * b0) * float(fit.cov[0, 0]))
    if not math.isfinite(n_hat):
        warnings = [*warnings, "N-hat is not finite (the model puts no bound on the missing)"]
    elif abs(fit.bias) > 0.1 * n_hat:
        warnings = [*warnings, "the asymptotic bias is large"]
    aic = -2.0 * fit.loglik + 2.0 * fit.rank  # glm's AIC: Poisson log-likelihood with the log(y!) terms
    bic = aic + (math.log(n) - 2.0) * fit.rank  # Rcapture: glm's AIC with log(n) per parameter
    info = _info(warnings)
    return ModelFit(
        name, n_hat, stderr, fit.deviance, df, aic, bic, info == 0, info, fit.bias, tuple(warnings)
    )


def fit_model(history: CaptureHistory, model: str = "M0") -> ModelFit:
    """Fit one named, hierarchical or formula model (no interval; see `estimate_loglinear`)."""
    _check(history)
    if re.sub(r"[\s_]+", "-", model.strip().lower()) in MODEL_SEARCHES:
        raise InputError(f"{model!r} is a model search", hint="use search_models or estimate_loglinear")
    spec = _resolve(model, history)
    x, nca = _design(spec, history.k)
    y = history.observed_counts().astype(np.float64)
    fit, _, warnings = _fit(spec, x, y, nca)
    return _summary(spec.name, fit, history.observed, warnings)


def _check(history: CaptureHistory) -> None:
    if history.observed == 0:
        raise InputError(
            f"{history.source or 'capture history'}: nobody is on any list",
            hint="an estimate needs people observed on the lists",
        )


# --- model search (closedpMS.t) ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _model_space(k: int, max_order: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Every hierarchical model for K lists up to `max_order`: names, column lists into one full design
    (intercept, then every term up to max_order in R's column order) and that design."""
    models = hier.enumerate_hierarchical(k, max_order, _MAX_SEARCH_MODELS)
    all_terms = hier.sort_terms(t for t in range(1, 1 << k) if hier.popcount(t) <= max_order)
    position = {t: i + 1 for i, t in enumerate(all_terms)}
    full = np.column_stack([np.ones(2**k - 1), hier.term_columns(k, all_terms)])
    cols = np.zeros((len(models), len(all_terms) + 1), dtype=np.int64)
    ncols = np.zeros(len(models), dtype=np.int64)
    # In a hierarchical model a term is maximal (named) when no term with one more list is in the model.
    wider = {t: frozenset(t | 1 << j for j in range(k) if not t >> j & 1) for t in all_terms}
    digits = {t: hier.term_digits(t) for t in all_terms}
    rank = {t: (-hier.popcount(t), digits[t]) for t in all_terms}
    names = []
    for r, terms in enumerate(models):
        idx = sorted(position[t] for t in terms)
        cols[r, 1 : len(idx) + 1] = idx
        ncols[r] = len(idx) + 1
        top = sorted((t for t in terms if wider[t].isdisjoint(terms)), key=rank.__getitem__)
        names.append("[" + ",".join(digits[t] for t in top) + "]")
    return names, cols, ncols, full


def hierarchical_models(k: int, max_order: int | None = None) -> list[str]:
    """Names of every hierarchical model closedpMS.t searches: main effects forced, interactions up to
    `max_order` (default: K-1 up to 5 lists, as Rcapture allows beyond: 2 for K=6, 1 for K>=7)."""
    return list(_model_space(k, hier.default_max_order(k) if max_order is None else max_order)[0])


def search_models(
    history: CaptureHistory, criterion: str = "bic", *, max_order: int | None = None
) -> list[ModelFit]:
    """Fit every hierarchical model (closedpMS.t) and rank them by `criterion` ("bic" or "aic").

    Models that fit without problems (`ok`, Rcapture's infoFit == 0) come first, best first; the rest
    follow, also ranked, so nothing is hidden. The first element is Rcapture's choice."""
    _check(history)
    criterion = criterion.lower()
    if criterion not in ("bic", "aic"):
        raise InputError(f"criterion must be 'bic' or 'aic', not {criterion!r}")
    k = history.k
    order = hier.default_max_order(k) if max_order is None else max_order
    names, cols, ncols, full = _model_space(k, order)
    y = history.observed_counts().astype(np.float64)
    n = history.observed
    out = fit_batch(full, y, cols, ncols)
    b0, var0, dev, loglik, bias, status = (out[:, i] for i in range(6))
    rank = ncols.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        n_hat = n + np.exp(b0)
        stderr = np.sqrt(np.exp(b0) + np.exp(2 * b0) * var0)
    aic = -2.0 * loglik + 2.0 * rank
    bic = aic + (math.log(n) - 2.0) * rank
    big_bias = np.abs(bias) > 0.1 * n_hat
    fits = []
    for r, name in enumerate(names):
        st = int(status[r])
        warnings = status_warnings(st)
        if not st & BROKEN and not np.isfinite(n_hat[r]):
            warnings.append("N-hat is not finite (the model puts no bound on the missing)")
        elif big_bias[r]:
            warnings.append("the asymptotic bias is large")
        info = _info(warnings, st)
        fit = ModelFit(
            name,
            float(n_hat[r]),
            float(stderr[r]),
            float(dev[r]),
            int(y.size - ncols[r]),
            float(aic[r]),
            float(bic[r]),
            info == 0,
            info,
            float(bias[r]),
            tuple(warnings),
        )
        fits.append(fit)
    key = (lambda f: f.bic) if criterion == "bic" else (lambda f: f.aic)
    fits.sort(key=lambda f: (not f.ok, math.isnan(key(f)), key(f)))
    return fits


# --- profile-likelihood interval (closedpCI.t) ------------------------------------------------------------


def _profile_loglik(n_total: float, spec: _Spec, xa: np.ndarray, y: np.ndarray, n: int, nca: int) -> float:
    """Multinomial profile log-likelihood of N (up to a constant), as closedpCI.t computes it: a Poisson
    fit with the unobserved cell set to N - n, its deviance, and Cormack's (1992) correction term."""
    n0 = n_total - n
    ya = np.append(y, n0)
    fit, _, _ = _fit(spec, xa, ya, nca)
    if fit.status & BROKEN:
        raise ValueError(f"the Poisson fit at N = {n_total:.6g} failed")
    if n_total > 100:
        if n0 in (0.0, 1.0):
            ct = -n_total + 0.5 * math.log(2 * math.pi * n_total)
        else:
            ct = n0 - n_total - 0.5 * math.log(n0 / n_total)
    else:
        ct = (
            (n0 * math.log(n0) if n0 > 0 else 0.0)
            + math.lgamma(n_total + 1)
            - n_total * math.log(n_total)
            - math.lgamma(n0 + 1)
        )
    return (fit.deviance - 2.0 * ct) / -2.0


def _profile_interval(
    spec: _Spec, x: np.ndarray, y: np.ndarray, n: int, n_hat: float, nca: int, level: float
) -> dict[str, Any]:
    from scipy.optimize import brentq, minimize_scalar  # here: keeps `import testament.estimate` light
    from scipy.special import chdtri

    xa = np.vstack([x, np.eye(1, x.shape[1])])  # the unobserved cell: intercept only
    f = lambda v: _profile_loglik(v, spec, xa, y, n, nca)  # noqa: E731
    opt = minimize_scalar(lambda v: -f(v), bounds=(n, 1.5 * n_hat), method="bounded", options={"xatol": 1e-6})
    n_max = float(opt.x)
    lmax = -float(opt.fun)
    target = lmax - float(chdtri(1, 1.0 - level)) / 2.0  # chi-square(1) quantile at `level`
    g = lambda v: f(v) - target  # noqa: E731
    warnings: list[str] = []
    if g(n) > 0:
        lower = float(n)
        warnings.append("the CI lower bound is set to the sample size n")
    else:
        lower = float(brentq(g, n, n_max, xtol=1e-6))
    hi = _RCAPTURE_UPPER_FACTOR * n_hat
    g_hi = g(hi)
    lo_end = n_max
    if g_hi > 0:  # Rcapture stops here and prints ">3N"; we keep looking, and say so
        warnings.append("the CI upper bound is larger than 3 * N-hat, where Rcapture stops looking")
        while g_hi > 0 and hi < _UPPER_CAP * n_hat:
            lo_end, hi = hi, 2.0 * hi
            g_hi = g(hi)
    upper = float(brentq(g, lo_end, hi, xtol=1e-6)) if g_hi <= 0 else math.inf
    beyond = lo_end != n_max
    return {
        "profile_mle": n_max,
        "lower": lower,
        "upper": upper,
        "ci_info": _info(warnings),
        "ci_warnings": warnings,
        "rcapture_upper_limit": _RCAPTURE_UPPER_FACTOR * n_hat if beyond else None,
    }


# --- the estimator ----------------------------------------------------------------------------------------


def estimate_loglinear(
    history: CaptureHistory,
    model: str = "M0",
    *,
    level: float = 0.95,
    max_order: int | None = None,
) -> EstimateResult:
    """Estimate N with a log-linear model: a name from LOGLINEAR_MODELS, a hierarchical name like
    `[123,14,34]`, a formula like `c1*c2*c3 + c1:c4`, or `best-bic` / `best-aic` (closedpMS.t's search;
    `max_order` bounds its interactions). The estimate is Rcapture's Poisson N-hat; the interval is the
    multinomial profile-likelihood interval of closedpCI.t at `level`."""
    started = time.perf_counter()
    _check(history)
    if not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1, not {level}", hint="0.95 for a 95% interval")
    spec, searched, diagnostics = _choose_model(history, model, max_order)
    settings: dict[str, Any] = {"model": model, "level": level, **searched}
    x, nca = _design(spec, history.k)
    y = history.observed_counts().astype(np.float64)
    n = history.observed
    fit, kept, warnings = _fit(spec, x, y, nca)
    summary = _summary(spec.name, fit, n, warnings)
    diagnostics.update(
        deviance=summary.deviance,
        df=summary.df,
        aic=summary.aic,
        bic=summary.bic,
        bias=summary.bias,
        fit_info=summary.info,
        fit_warnings=list(summary.warnings),
        hierarchical=spec.hierarchical,
    )
    if spec.terms is not None and spec.hierarchical:
        diagnostics["terms"] = hier.canonical_name(spec.terms)
    if spec.heterogeneity == "chao":
        diagnostics["eta_removed"] = [f"eta{j - nca + 3}" for j in range(nca, x.shape[1]) if j not in kept]
    lower, upper = _interval(spec, x, y, n, summary.n_hat, nca, level, diagnostics)
    return EstimateResult(
        method="loglinear",
        model=spec.name,
        estimate=summary.n_hat,
        lower=lower,
        upper=upper,
        observed=n,
        input_sha256=history.sha256(),
        settings=settings,
        diagnostics=diagnostics,
        stderr=summary.stderr,
        stratum=history.stratum,
        elapsed_s=time.perf_counter() - started,
    )


def _choose_model(
    history: CaptureHistory, model: str, max_order: int | None
) -> tuple[_Spec, dict[str, Any], dict[str, Any]]:
    """The model to fit: the one named, or the best by BIC or AIC among the hierarchical models (the
    search's settings and a summary of it are returned as settings and diagnostics to record)."""
    requested = re.sub(r"[\s_]+", "-", model.strip().lower())
    if requested not in MODEL_SEARCHES:
        return _resolve(model, history), {}, {}
    criterion = requested.split("-")[1]
    order = hier.default_max_order(history.k) if max_order is None else max_order
    fits = search_models(history, criterion, max_order=order)
    if not fits[0].ok:
        raise InputError(
            f"{history.source or 'capture history'}: no hierarchical model fits without problems",
            hint="fit a named model (M0, Mt) instead, and look at the fit warnings",
        )
    diagnostics: dict[str, Any] = {
        "models_searched": len(fits),
        "models_excluded": sum(not f.ok for f in fits),
        "top_models": [
            {"model": f.name, "estimate": f.n_hat, criterion: getattr(f, criterion)} for f in fits[:5]
        ],
    }
    return _resolve(fits[0].name, history), {"criterion": criterion, "max_order": order}, diagnostics


def _interval(
    spec: _Spec,
    x: np.ndarray,
    y: np.ndarray,
    n: int,
    n_hat: float,
    nca: int,
    level: float,
    diagnostics: dict[str, Any],
) -> tuple[float, float]:
    """The profile-likelihood interval (NaN, NaN when there is none), its details and any reason it is
    missing added to `diagnostics`."""
    if not math.isfinite(n_hat):
        diagnostics.update(ci_info=-1, ci_warnings=["no profile interval: N-hat is not finite"])
        return math.nan, math.nan
    try:
        ci = _profile_interval(spec, x, y, n, n_hat, nca, level)
    except ValueError as exc:  # a fit inside the profile broke down (Rcapture: CI error)
        diagnostics.update(ci_info=-1, ci_warnings=[f"no profile interval: {exc}"])
        return math.nan, math.nan
    lower, upper = ci.pop("lower"), ci.pop("upper")
    diagnostics.update(ci)
    return lower, upper
