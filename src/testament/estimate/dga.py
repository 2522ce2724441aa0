"""Bayesian model averaging over decomposable graphical models: the method of R's dga (`bma.cr`).

Madigan & York (1997), as implemented in dga 2.0.2 by Johndrow, Lum and Ball. Every decomposable graph on
the K lists is a model of which lists depend on each other. Each gets a hyper-Dirichlet prior: a Dirichlet
with `delta * 2**(K - |C|)` per cell on every clique's (and separator's) marginal table, so each marginal
carries the same prior weight `delta * 2**K`. Completing the table with a value of the unobserved count
`Nmissing`, a graph's marginal likelihood is the product over cliques of Dirichlet-multinomial likelihoods
divided by the same over separators, times the multinomial coefficient. The posterior over (graph,
Nmissing) is that times the prior on N (1/N unless given) and the graph prior (equal unless given),
normalised over all graphs and a grid Nmissing = 0..M. Everything here is computed in logs.

How the grid is evaluated (the numbers are dga's; only the work differs):
1. screen: every graph on a coarse grid, unit-spaced near 0 and then spaced by about 1/128 of Nmissing,
   summed with a trapezoid rule for sums of integers (exact where the spacing is 1). M starts at
   `grid_factor * n` and doubles while the top 5% of the grid holds more than `tail_tol` of the mass.
2. graphs whose screened mass is below e^-40 of the best graph's are set aside (their total is < 1e-13).
3. the rest are evaluated at every integer where the posterior of N holds all but 1e-8 on each side,
   the exact sums of `bma.cr` (beyond that the trapezoid sums err by about 1e-4 of 1e-8). When that window
   is too wide for the work budget (a very long tail, thousands of graphs), it gets a geometric grid as
   fine as the budget allows instead, and the integers around the 2.5%, 50% and 97.5% quantiles are added
   until each quantile sits on unit spacing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import gammaln

from testament.errors import InputError
from testament.estimate.graphs import DecomposableGraph, GraphTable, graph_table
from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult

__all__ = ["DgaPosterior", "LogPriorGraphs", "LogPriorN", "dga_posterior", "estimate_dga"]

LogPriorN = Callable[[np.ndarray], np.ndarray] | np.ndarray
LogPriorGraphs = Callable[[DecomposableGraph], float] | np.ndarray

_DEFAULT_GRID_FACTOR = 10.0
_MAX_NMISSING = 2**31  # beyond this the posterior is effectively improper; we stop widening and say so
_TAIL_SHARE = 0.05  # "top of the grid": its last 5% of points, as in the reference numbers
_SPACING = 128  # coarse grid: unit steps up to this, then steps of about Nmissing/_SPACING
_PRUNE_NATS = 40.0
_WINDOW_EPS = 1e-8
_UNIT_BUDGET = 30_000_000  # (graphs + subsets + overhead) x integers evaluated exactly in one go
_POINT_OVERHEAD = 10  # the per-point work (prior, multinomial coefficient, sums) in units of one graph
_FINEST = 8192  # a long tail needs no finer grid than steps of x/8192 (trapezoid error ~1e-9 per cell)
_CHUNK_CELLS = 1 << 22  # graphs x grid points per evaluated block (32 MB of float64)
_REFINE_CAP = 100_000
_SATURATED_WARN = 0.5
_LEVELS = (0.025, 0.5, 0.975)


@dataclass(frozen=True)
class DgaPosterior:
    """The model-averaged posterior. `n_values` are the grid points evaluated (unit-spaced wherever the
    posterior has mass, coarser in negligible or very long tails); `mass[i]` is the posterior probability
    carried by `n_values[i]` (P(N = n_values[i]) where the spacing is 1); the masses sum to 1."""

    table: GraphTable
    observed: int
    delta: float
    n_values: np.ndarray  # int64, ascending
    mass: np.ndarray
    graph_weights: np.ndarray  # (len(table),) posterior probability of each graph
    tail_mass: float  # posterior mass in the top 5% of the Nmissing grid
    nmissing_max: int
    doublings: int
    graphs_averaged: int  # graphs with non-zero prior weight
    graphs_evaluated: int  # graphs kept after the screen (the rest hold < e^-40 of the best's mass)

    def quantile(self, level: float) -> int:
        """Smallest N whose posterior CDF reaches `level` (exact for 2.5%, 50%, 97.5%; elsewhere to within
        the local grid spacing, which is at most about 1% of N)."""
        cdf = np.cumsum(self.mass)
        return int(self.n_values[min(int(np.searchsorted(cdf, level)), cdf.size - 1)])

    @property
    def median(self) -> int:
        return self.quantile(0.5)

    @property
    def mean(self) -> float:
        return float(np.sum(self.mass * self.n_values))

    @property
    def sd(self) -> float:
        return float(np.sqrt(np.sum(self.mass * (self.n_values - self.mean) ** 2)))

    @property
    def mode(self) -> int:
        return int(self.n_values[np.argmax(self.mass / _point_weights(self.n_values))])

    @property
    def relsq(self) -> float:
        """Bayes estimate under relative squared error loss, E[1/N] / E[1/N^2] (reported by dga users)."""
        inv = 1.0 / self.n_values.astype(float)
        return float(np.sum(self.mass * inv) / np.sum(self.mass * inv**2))

    @property
    def saturated_weight(self) -> float:
        return float(self.graph_weights[self.table.saturated_index])

    def top_graphs(self, count: int = 10) -> list[tuple[str, float]]:
        order = np.argsort(-self.graph_weights, kind="stable")[:count]
        return [(self.table.name(int(g)), float(self.graph_weights[g])) for g in order]


def estimate_dga(
    history: CaptureHistory,
    *,
    delta: float | None = None,
    log_prior_n: LogPriorN | None = None,
    exclude_saturated: bool = False,
    grid_factor: float | None = None,
    tail_tol: float = 1e-6,
    log_prior_graphs: LogPriorGraphs | None = None,
) -> EstimateResult:
    """Model-averaged posterior of N over all decomposable graphs (dga's `bma.cr`), as an EstimateResult.

    `estimate` is the posterior median, `lower`/`upper` the 2.5%/97.5% quantiles (smallest N whose CDF
    reaches the level). `draws` is a (2, T) array: row 0 the values of N on the evaluated grid, row 1 the
    posterior mass at each (see `DgaPosterior`); plot row 1 against row 0. Arguments: see `dga_posterior`."""
    start = time.perf_counter()
    post = dga_posterior(
        history,
        delta=delta,
        log_prior_n=log_prior_n,
        exclude_saturated=exclude_saturated,
        grid_factor=grid_factor,
        tail_tol=tail_tol,
        log_prior_graphs=log_prior_graphs,
    )
    elapsed = time.perf_counter() - start
    warnings = _collect_warnings(post, history, tail_tol=tail_tol, log_prior_n=log_prior_n)
    draws = _trim_draws(post)
    settings: dict[str, Any] = {
        "delta": post.delta,
        "log_prior_n": _describe_prior_n(log_prior_n),
        "log_prior_graphs": "equal" if log_prior_graphs is None else "user",
        "exclude_saturated": exclude_saturated,
        "grid_factor": (
            grid_factor
            if grid_factor is not None or isinstance(log_prior_n, np.ndarray)
            else _DEFAULT_GRID_FACTOR
        ),
        "tail_tol": tail_tol,
    }
    return EstimateResult(
        method="dga",
        model="bma-excluding-saturated" if exclude_saturated else "bma",
        estimate=float(post.median),
        lower=float(post.quantile(_LEVELS[0])),
        upper=float(post.quantile(_LEVELS[2])),
        observed=history.observed,
        input_sha256=history.sha256(),
        settings=settings,
        diagnostics=_diagnose(post, draws, warnings),
        stratum=history.stratum,
        elapsed_s=elapsed,
        draws=draws,
    )


def _collect_warnings(
    post: DgaPosterior, history: CaptureHistory, *, tail_tol: float, log_prior_n: LogPriorN | None
) -> list[str]:
    """What a reader of the estimate must know: the saturated graph dominates, or the grid cut the tail."""
    n, k = history.observed, history.k
    warnings: list[str] = []
    if post.saturated_weight > _SATURATED_WARN:
        warnings.append(
            f"the saturated graph (all {k} lists in one clique) holds {post.saturated_weight:.0%} of the "
            "posterior: it fits any overlap perfectly and leaves N barely identified, so the posterior of N "
            f"piles up at the observed count n={n} with a long upper tail. Rerun with exclude_saturated=True "
            "and report both; strong dependence between lists or large heterogeneity usually causes this."
        )
    if post.tail_mass > tail_tol:
        reason = (
            "the grid is fixed by the log_prior_n array"
            if isinstance(log_prior_n, np.ndarray)
            else f"widening stopped at Nmissing = {post.nmissing_max:,}"
        )
        warnings.append(
            f"{post.tail_mass:.2g} of the posterior mass lies in the top 5% of the grid ({reason}): the "
            "posterior of N has not died out, so the estimate and above all the upper bound depend on where "
            "the grid stops; check the prior on N and delta."
        )
    return warnings


def _trim_draws(post: DgaPosterior) -> np.ndarray:
    """The (2, T) `draws`: N and its posterior mass over the grid, cut to where the mass is not
    negligible (above 1e-15 of the largest)."""
    keep = post.mass > 1e-15 * post.mass.max()
    first, last = int(np.argmax(keep)), int(keep.size - np.argmax(keep[::-1]))
    return np.vstack([post.n_values[first:last].astype(float), post.mass[first:last]])


def _diagnose(post: DgaPosterior, draws: np.ndarray, warnings: list[str]) -> dict[str, Any]:
    """Summaries of the posterior of N, which graphs carry it, and how far the grid reached."""
    return {
        "posterior_mean": post.mean,
        "posterior_sd": post.sd,
        "posterior_mode": post.mode,
        "posterior_relsq": post.relsq,
        "graph_weights": dict(post.top_graphs(10)),
        "saturated_weight": post.saturated_weight,
        "n_graphs": len(post.table),
        "n_graphs_averaged": post.graphs_averaged,
        "n_graphs_evaluated_exactly": post.graphs_evaluated,
        "tail_mass": post.tail_mass,
        "nmissing_max": post.nmissing_max,
        "grid_doublings": post.doublings,
        "posterior_support": {
            "n_min": int(draws[0, 0]),
            "n_max": int(draws[0, -1]),
            "points": int(draws.shape[1]),
            "draws": "rows: N on the evaluated grid, posterior mass at each N",
        },
        "warnings": warnings,
    }


def dga_posterior(
    history: CaptureHistory,
    *,
    delta: float | None = None,
    log_prior_n: LogPriorN | None = None,
    exclude_saturated: bool = False,
    grid_factor: float | None = None,
    tail_tol: float = 1e-6,
    log_prior_graphs: LogPriorGraphs | None = None,
) -> DgaPosterior:
    """The dga posterior over (graph, N).

    delta: hyper-Dirichlet prior count per cell of the full table (default 2**-K, dga's suggestion); larger
        values pull towards less dependence between lists and move N noticeably.
    log_prior_n: None for p(N) proportional to 1/N; a callable taking an array of N (floats) and returning
        the unnormalised log prior (-inf allowed); or an array whose entry i is the log prior of
        Nmissing = i, which also fixes the grid to Nmissing = 0..len-1 (no widening).
    exclude_saturated: give the saturated graph (all lists in one clique) prior weight zero.
    grid_factor: the grid starts at Nmissing = 0..ceil(grid_factor * n) (default 10) and doubles while more
        than `tail_tol` of the posterior lies in its top 5%.
    log_prior_graphs: None for equal weights; a callable on each `DecomposableGraph`, or an array aligned
        with `graph_table(K)`, giving unnormalised log prior weights (-inf excludes a graph).
    """
    k, n = history.k, history.observed
    if n == 0:
        raise InputError("dga: no one was observed on any list", hint="check the capture history's counts")
    table = graph_table(k)
    delta = 2.0**-k if delta is None else float(delta)
    if not (math.isfinite(delta) and delta > 0):
        raise InputError(f"dga: delta must be a positive number, not {delta}", hint="the default is 2**-K")
    if not 0 < tail_tol < 1:
        raise InputError(f"dga: tail_tol must lie between 0 and 1, not {tail_tol}")
    logw = _graph_log_prior(table, log_prior_graphs)
    if exclude_saturated:
        logw[table.saturated_index] = -np.inf
    active = np.flatnonzero(logw > -np.inf)
    if active.size == 0:
        raise InputError("dga: every graph has prior weight zero", hint="check log_prior_graphs")
    prior, fixed_max = _prior_n(log_prior_n, n)
    if fixed_max is not None and grid_factor is not None:
        raise InputError(
            "dga: grid_factor cannot be combined with a log_prior_n array",
            hint="the array's length fixes the grid: Nmissing = 0..len-1",
        )
    factor = _DEFAULT_GRID_FACTOR if grid_factor is None else float(grid_factor)
    if not (math.isfinite(factor) and factor > 0):
        raise InputError(f"dga: grid_factor must be a positive number, not {grid_factor}")
    lik = _Likelihood(history.counts, k, delta, table.coef[active], logw[active], prior)

    # 1. screen all graphs on a coarse grid, widening it until its top holds negligible mass
    nmax = fixed_max if fixed_max is not None else max(1, math.ceil(factor * n))
    screen, nmax, doublings = _screen(lik.part(np.arange(active.size)), nmax, fixed_max is None, tail_tol)

    # 2. set aside graphs with negligible mass; 3. exact sums where the posterior of N has mass
    screened = screen.graph_logmass()
    part = lik.part(np.flatnonzero(screened >= screened.max() - _PRUNE_NATS))
    final = _Sums(part)
    final.extend(_exact_points(screen, part))
    xs, mix = _refine_quantiles(final.part, final.xs, final.mix)

    logmass = screened.copy()
    logmass[part.rows] = final.graph_logmass()
    weights = np.zeros(len(table))
    weights[active] = np.exp(logmass - _logsumexp(logmass, axis=0))
    logp = mix + np.log(_point_weights(xs))
    mass = np.exp(logp - _logsumexp(logp, axis=0))
    return DgaPosterior(
        table=table,
        observed=n,
        delta=delta,
        n_values=xs + n,
        mass=mass / mass.sum(),
        graph_weights=weights,
        tail_mass=_tail_mass(xs, mix, nmax),
        nmissing_max=nmax,
        doublings=doublings,
        graphs_averaged=int(active.size),
        graphs_evaluated=part.size,
    )


def _screen(part: _Part, nmax: int, widen: bool, tail_tol: float) -> tuple[_Sums, int, int]:
    """Sums of every graph on a coarse grid of Nmissing = 0..nmax, doubled (when `widen`) while more than
    `tail_tol` of the mass lies in its top 5%. Returns (the sums, the last nmax, how many doublings)."""
    screen = _Sums(part)
    screen.extend(_coarse_points(0, nmax))
    doublings = 0
    while widen and 2 * nmax <= _MAX_NMISSING:
        if _tail_mass(screen.xs, screen.mix, nmax) <= tail_tol:
            break
        screen.extend(_coarse_points(nmax + 1, 2 * nmax))
        nmax *= 2
        doublings += 1
    return screen, nmax, doublings


def _exact_points(screen: _Sums, part: _Part) -> np.ndarray:
    """The grid for the exact sums: every N where the screened posterior has mass (a geometric grid as
    fine as the work budget allows when that window is long), and the coarse points outside it."""
    lo, hi = _window(screen.xs, screen.mix, _WINDOW_EPS)
    cost = part.size + part.subsets + _POINT_OVERHEAD  # work per grid point
    if (hi - lo + 1) * cost <= _UNIT_BUDGET:
        window = np.arange(lo, hi + 1)
    else:  # a long tail: a geometric grid as fine as the budget allows, then exact quantiles by refinement
        per = _SPACING
        while per < _FINEST and _grid_size(lo, hi, 2 * per) * cost <= _UNIT_BUDGET:
            per *= 2
        window = _geometric_points(hi, per)
        window = np.concatenate([[lo], window[(window > lo) & (window < hi)], [hi]])
    points = screen.xs
    return np.concatenate([points[points < lo], window, points[points > hi]])


class _Likelihood:
    """Log posterior (up to one constant) of each active graph at given values of Nmissing."""

    def __init__(
        self,
        counts: np.ndarray,
        k: int,
        delta: float,
        coef: np.ndarray,
        logw: np.ndarray,
        prior: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        cells = 1 << k
        y = counts.astype(float)
        self.n = float(y.sum())
        self.total_prior = cells * delta  # every marginal table's Dirichlet parameters sum to delta * 2**K
        self.prior = prior
        self.logw = logw
        used = np.flatnonzero(coef.any(axis=0))  # subsets that are a clique or separator somewhere
        subsets = used[:, None]
        full = np.arange(cells)[None, :]
        size = np.array([bin(int(s)).count("1") for s in used])
        per_cell = delta * 2.0 ** (k - size)  # compatible hyper-Dirichlet: delta summed over collapsed cells
        margins = np.zeros((used.size, cells))
        for row, s in enumerate(used):
            margins[row] = np.bincount(np.arange(cells) & s, weights=y, minlength=cells)
        inside = ((full & ~subsets) == 0) & (full != 0)  # observed cells of each marginal table
        lg = np.where(inside, gammaln(margins + per_cell[:, None]), 0.0)
        # ml_s(x) = lgamma(x + zero cell + d_s) + const_s - lgamma(x + n + delta 2^K): the Dirichlet-
        # multinomial log likelihood of marginal s, with dga's shared denominator folded in per subset
        self.const = lg.sum(axis=1) - 2.0**size * gammaln(per_cell) + gammaln(self.total_prior)
        self.shift = margins[:, 0] + per_cell
        # sparse (a graph has at most 2K-1 cliques and separators), and free of BLAS threads, whose start-up
        # costs more than the product on a busy machine
        self.coef = sparse.csr_matrix(coef[:, used].astype(float))

    def part(self, rows: np.ndarray) -> _Part:
        return _Part(self, rows)


class _Part:
    """The log posterior of a fixed subset of graphs, evaluated at any values of Nmissing; only the
    cliques and separators of those graphs are computed."""

    def __init__(self, lik: _Likelihood, rows: np.ndarray) -> None:
        coef = lik.coef[rows]
        used = np.unique(coef.indices)
        self.lik, self.rows, self.logw = lik, rows, lik.logw[rows]
        self.coef = coef[:, used]
        self.shift, self.const = lik.shift[used], lik.const[used]
        self.size, self.subsets = int(rows.size), int(used.size)
        self.chunk = max(16, _CHUNK_CELLS // (self.size + self.subsets))  # grid points per block

    def columns(self, x: np.ndarray) -> np.ndarray:
        """(graphs, len(x)) log posterior at Nmissing = x."""
        lik, xf = self.lik, x.astype(float)
        subset_ml = gammaln(xf[None, :] + self.shift[:, None]) + self.const[:, None]
        subset_ml -= gammaln(xf + lik.n + lik.total_prior)[None, :]
        base = gammaln(xf + lik.n + 1.0) - gammaln(xf + 1.0) + lik.prior(x)  # multinomial coef, p(N)
        out = np.asarray(self.coef @ subset_ml)
        out += base[None, :]
        out += self.logw[:, None]
        return out


class _Sums:
    """Running per-graph sums over integers (trapezoid rule for sums between grid points) and the log of
    the graph-summed posterior at each grid point, for grid points added in increasing order."""

    def __init__(self, part: _Part) -> None:
        self.part = part
        self.xs = np.empty(0, dtype=np.int64)
        self.mix = np.empty(0)
        self.acc = np.full(part.size, -np.inf)
        self.last: np.ndarray | None = None  # values at the last point: its closing weight is still open

    def extend(self, new: np.ndarray) -> None:
        if new.size == 0:
            return
        pts = new if self.last is None else np.concatenate([self.xs[-1:], new])
        widths = np.diff(pts).astype(float)
        left = np.zeros(new.size)
        if self.last is not None:  # the interval from the old last point to the first new one
            self.acc = np.logaddexp(self.acc, np.log((widths[0] + 1) / 2) + self.last)
            left = (widths - 1) / 2
        else:
            left[1:] = (widths - 1) / 2
        right = np.zeros(new.size)
        right[:-1] = (np.diff(new) + 1) / 2
        weight = left + right
        step = self.part.chunk
        mix = np.empty(new.size)
        for a in range(0, new.size, step):
            block = self.part.columns(new[a : a + step])
            top = float(block.max())
            if not np.isfinite(top):  # the prior on N is zero over this whole block
                mix[a : a + step] = -np.inf
                self.last = block[:, -1].copy()
                continue
            # one exp per block: values more than ~700 nats under the block's best underflow to zero,
            # which for either sum is far below anything that can matter
            np.subtract(block, top, out=block)
            np.exp(block, out=block)
            with np.errstate(divide="ignore"):
                mix[a : a + step] = np.log(block.sum(axis=0)) + top
                sums = np.einsum("gt,t->g", block, weight[a : a + step])
                self.acc = np.logaddexp(self.acc, np.log(sums) + top)
                self.last = np.log(block[:, -1]) + top
        self.xs = np.concatenate([self.xs, new])
        self.mix = np.concatenate([self.mix, mix])

    def graph_logmass(self) -> np.ndarray:
        assert self.last is not None
        return np.logaddexp(self.acc, self.last)


def _refine_quantiles(part: _Part, xs: np.ndarray, mix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Add integers around the reported quantiles until each sits on unit spacing (exact CDF there)."""
    for _ in range(30):
        cdf = np.cumsum(_masses(xs, mix))
        wanted: list[np.ndarray] = []
        for level in _LEVELS:
            j = min(int(np.searchsorted(cdf, level)), xs.size - 1)
            a, b = xs[max(j - 1, 0)], xs[min(j + 1, xs.size - 1)]
            if xs[j] - a > 1 or b - xs[j] > 1:
                count = b - a + 1
                wanted.append(
                    np.arange(a, b + 1)
                    if count <= _REFINE_CAP
                    else np.unique(np.linspace(a, b, _REFINE_CAP).round().astype(np.int64))
                )
        new = np.setdiff1d(np.concatenate(wanted), xs) if wanted else np.empty(0, dtype=np.int64)
        if new.size == 0:
            break
        values = np.concatenate(
            [
                _logsumexp(part.columns(new[a : a + part.chunk]), axis=0)
                for a in range(0, new.size, part.chunk)
            ]
        )
        order = np.argsort(np.concatenate([xs, new]), kind="stable")
        xs, mix = np.concatenate([xs, new])[order], np.concatenate([mix, values])[order]
    return xs, mix


def _coarse_points(first: int, last: int) -> np.ndarray:
    """Screening grid points in [first, last]: every integer up to _SPACING, then steps of about
    x/_SPACING, plus `last` and the start of the top 5% of the grid 0..last."""
    pts = np.concatenate([_geometric_points(last, _SPACING), [last, _tail_start(last)]])
    out = np.unique(pts)
    return out[out >= first]


def _geometric_points(last: int, per: int) -> np.ndarray:
    """Every integer up to `per`, then points spaced by about x/per, up to `last`; the same points for
    any `last`, so a widened grid extends the old one."""
    unit = np.arange(min(last, per) + 1, dtype=np.int64)
    if last <= per:
        return unit
    ratio = math.log1p(1.0 / per)
    steps = np.arange(1, math.ceil(math.log(last / per) / ratio) + 1)
    geo = np.floor(per * np.exp(steps * ratio)).astype(np.int64)
    return np.unique(np.concatenate([unit, geo[geo <= last]]))


def _grid_size(lo: int, hi: int, per: int) -> int:
    """About how many points `_geometric_points(hi, per)` has in [lo, hi]."""
    unit = max(0, min(hi, per) - lo + 1)
    return unit + math.ceil(per * math.log(hi / max(lo, per))) if hi > per else unit


def _tail_start(nmax: int) -> int:
    return nmax + 1 - math.ceil(_TAIL_SHARE * (nmax + 1))


def _point_weights(xs: np.ndarray) -> np.ndarray:
    """How many integers each grid point stands for: a sum over the integers between two points, done
    exactly for linear terms, gives (w+1)/2 to the left point and (w-1)/2 to the right one (w = gap)."""
    gaps = np.diff(xs).astype(float)
    weights = np.ones(xs.size)
    weights[:-1] += (gaps - 1) / 2
    weights[1:] += (gaps - 1) / 2
    return weights


def _masses(xs: np.ndarray, mix: np.ndarray) -> np.ndarray:
    logp = mix + np.log(_point_weights(xs))
    return np.exp(logp - _logsumexp(logp, axis=0))


def _tail_mass(xs: np.ndarray, mix: np.ndarray, nmax: int) -> float:
    """Posterior mass on Nmissing >= the start of the top 5% of the grid 0..nmax."""
    inside = xs <= nmax
    xs, mix = xs[inside], mix[inside]
    logp = mix + np.log(_point_weights(xs))
    total = _logsumexp(logp, axis=0)
    j = int(np.searchsorted(xs, _tail_start(nmax)))
    right = 1.0 if j == xs.size - 1 else (xs[j + 1] - xs[j] + 1) / 2  # the start point's share above it
    tail = np.exp(np.log(right) + mix[j] - total) + np.exp(logp[j + 1 :] - total).sum()
    return float(min(tail, 1.0))


def _window(xs: np.ndarray, mix: np.ndarray, eps: float) -> tuple[int, int]:
    """Grid range outside which at most eps of the posterior lies on each side, padded by one point."""
    mass = _masses(xs, mix)
    below = np.cumsum(mass) - mass
    above = np.cumsum(mass[::-1])[::-1] - mass
    lo = max(int(np.argmax(below + mass > eps)) - 1, 0)
    hi = min(int(xs.size - 1 - np.argmax((above + mass)[::-1] > eps)) + 1, xs.size - 1)
    return int(xs[lo]), int(xs[hi])


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    top = np.max(a, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore", under="ignore"):
        out: np.ndarray = np.log(np.sum(np.exp(a - top), axis=axis)) + np.squeeze(top, axis=axis)
    return out


def _prior_n(log_prior_n: LogPriorN | None, n: int) -> tuple[Callable[[np.ndarray], np.ndarray], int | None]:
    """The log prior of Nmissing as a function of integer Nmissing values, and the fixed grid end if any."""
    if log_prior_n is None:
        return (lambda x: -np.log(x + float(n))), None
    if isinstance(log_prior_n, np.ndarray):
        table = np.asarray(log_prior_n, dtype=float)
        if table.ndim != 1 or table.size == 0:
            raise InputError("dga: a log_prior_n array must be one-dimensional and non-empty")
        _check_log_prior(table, "the log_prior_n array")
        return (lambda x: table[x]), int(table.size - 1)
    if not callable(log_prior_n):
        raise InputError("dga: log_prior_n must be None, a callable of N, or an array over Nmissing")
    user = log_prior_n

    def prior(x: np.ndarray) -> np.ndarray:
        values = np.asarray(user(x + float(n)), dtype=float)
        if values.shape != x.shape:
            raise InputError(
                f"dga: log_prior_n returned shape {values.shape} for {x.shape} values of N",
                hint="the callable must map an array of N to an array of log prior values, elementwise",
            )
        _check_log_prior(values, "log_prior_n")
        return values

    return prior, None


def _check_log_prior(values: np.ndarray, what: str) -> None:
    if np.isnan(values).any() or (values == np.inf).any():
        raise InputError(f"dga: {what} has NaN or +inf values", hint="use -inf for impossible values of N")
    if not np.isfinite(values).any():
        raise InputError(f"dga: {what} is -inf everywhere on the grid")


def _graph_log_prior(table: GraphTable, log_prior_graphs: LogPriorGraphs | None) -> np.ndarray:
    if log_prior_graphs is None:
        return np.zeros(len(table))
    if isinstance(log_prior_graphs, np.ndarray):
        values = np.asarray(log_prior_graphs, dtype=float).copy()
        if values.shape != (len(table),):
            raise InputError(
                f"dga: log_prior_graphs has shape {values.shape}, expected ({len(table)},)",
                hint="one log weight per graph, in the order of graph_table(K)",
            )
    else:
        values = np.array([float(log_prior_graphs(table.graph(g))) for g in range(len(table))])
    if np.isnan(values).any() or (values == np.inf).any():
        raise InputError("dga: log_prior_graphs has NaN or +inf values", hint="use -inf to exclude a graph")
    return values


def _describe_prior_n(log_prior_n: LogPriorN | None) -> str:
    if log_prior_n is None:
        return "1/N"
    if isinstance(log_prior_n, np.ndarray):
        return f"user array over Nmissing 0..{log_prior_n.size - 1}"
    return f"user callable {getattr(log_prior_n, '__name__', type(log_prior_n).__name__)}"
