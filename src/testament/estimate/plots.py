"""Charts of estimation results, written as SVG or PNG: the posterior of N with its interval, trace plots
per chain, and an UpSet-style chart of how the lists overlap.

matplotlib is imported here only, through its object API on the non-interactive Agg canvas: no pyplot,
no global backend switch, safe from threads and servers. SVG output keeps text as text (searchable,
small) and carries no timestamp, so the same input gives the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult
from testament.files import open_private, private_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_overlap", "plot_posterior", "plot_trace"]

_FORMATS = {".svg": "svg", ".png": "png"}
_INTERVAL_COLOUR = "#9ecae1"
_LINE_COLOUR = "#08519c"
_CHAIN_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def plot_posterior(
    result: EstimateResult, path: Path | str, *, bins: int = 60, title: str | None = None
) -> Path:
    """The posterior of N, the 95% interval shaded (SVG id "interval"), the estimate as a line (id
    "estimate") and both written out in the legend. MCMC draws (lcmcr: chains x draws, or pooled) become a
    histogram; a dga result's grid (row 0 the values of N, row 1 their posterior mass) a density curve."""
    grid = _grid(result)
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    ax.axvspan(
        result.lower,
        result.upper,
        color=_INTERVAL_COLOUR,
        alpha=0.5,
        gid="interval",
        label=f"95% interval {_fmt(result.lower)} – {_fmt(result.upper)}",
    )
    if grid is not None:
        values, mass = grid
        ax.fill_between(values, mass / mass.sum(), color="#6b6b6b", step="mid", gid="histogram")
        cdf = np.cumsum(mass) / mass.sum()
        first, last = np.searchsorted(cdf, [0.0005, 0.9995])
        lo, hi = float(values[int(first)]), float(values[min(int(last), values.size - 1)])
    else:
        pooled = _draws(result).ravel()
        lo, hi = (float(q) for q in np.quantile(pooled, [0.0005, 0.9995]))
        ax.hist(
            pooled, bins=_bins(pooled, bins), color="#6b6b6b", edgecolor="none", density=True, gid="histogram"
        )
    ax.axvline(
        result.estimate,
        color=_LINE_COLOUR,
        linewidth=2,
        gid="estimate",
        label=f"estimate (posterior median) {_fmt(result.estimate)}",
    )
    ax.axvline(
        result.observed,
        color="black",
        linestyle=":",
        linewidth=1,
        gid="observed",
        label=f"observed {_fmt(result.observed)}",
    )
    # the range holding the posterior (and n when it is near): far tails and a distant n would squash it
    pad = 0.05 * max(hi - lo, 1.0)
    left = result.observed if result.observed >= lo - 5 * pad else lo
    ax.set_xlim(min(left, result.lower) - pad, max(hi, result.upper) + pad)
    ax.set_xlabel("total N")
    ax.set_ylabel("posterior density")
    ax.set_yticks([])
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    ax.set_title(title or f"{result.method} {result.model}: posterior of N", fontsize=10)
    return _save(fig, path)


def plot_trace(result: EstimateResult, path: Path | str, *, title: str | None = None) -> Path:
    """N against draw index, one line per chain (SVG ids "chain-1", ...): chains that wander apart or
    drift show what a high R-hat means."""
    draws = _draws(result)
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    steps = np.arange(1, draws.shape[1] + 1)
    for i, chain in enumerate(draws):
        ax.plot(
            steps,
            chain,
            linewidth=0.5,
            alpha=0.8,
            color=_CHAIN_COLOURS[i % len(_CHAIN_COLOURS)],
            gid=f"chain-{i + 1}",
            label=f"chain {i + 1}",
        )
    ax.axhline(result.estimate, color="black", linewidth=1, linestyle="--", gid="estimate")
    ax.set_xlabel("kept draw")
    ax.set_ylabel("N")
    if draws.shape[0] <= 8:
        ax.legend(loc="upper right", frameon=False, fontsize=8, ncols=min(4, draws.shape[0]))
    rhat = result.diagnostics.get("rhat")
    note = f", R-hat {rhat:.3f}" if isinstance(rhat, (int, float)) else ""
    ax.set_title(title or f"{result.method} {result.model}: traces of N{note}", fontsize=10)
    return _save(fig, path)


def plot_overlap(
    history: CaptureHistory, path: Path | str, *, max_patterns: int = 40, title: str | None = None
) -> Path:
    """UpSet-style chart: bars of people per capture pattern (largest first), a dot matrix saying which
    lists make up each pattern, and each list's total at the side. Zero patterns are left out; beyond
    `max_patterns` the smallest are left out too (the title says how many)."""
    if max_patterns < 1:
        raise InputError(f"plot_overlap: max_patterns must be at least 1, not {max_patterns}")
    patterns = history.patterns()
    counts = history.observed_counts()
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    shown = order[:max_patterns]
    k = history.k
    fig = _figure(max(6.0, 0.28 * len(shown) + 3.0), 2.6 + 0.3 * k)
    grid = fig.add_gridspec(
        2, 2, width_ratios=(1, 5), height_ratios=(3, max(1.0, 0.35 * k)), wspace=0.02, hspace=0.05
    )
    bars = fig.add_subplot(grid[0, 1])
    matrix = fig.add_subplot(grid[1, 1], sharex=bars)
    totals = fig.add_subplot(grid[1, 0], sharey=matrix)
    xs = np.arange(len(shown))
    bars.bar(xs, counts[shown], color="#333333", gid="pattern-counts")
    for x, c in zip(xs, counts[shown], strict=True):
        bars.text(float(x), float(c), f"{int(c):,}", ha="center", va="bottom", fontsize=6)
    bars.set_ylabel("people")
    bars.tick_params(axis="x", bottom=False, labelbottom=False)
    for side in ("top", "right"):
        bars.spines[side].set_visible(False)
    ys = np.arange(k)
    for x, idx in zip(xs, shown, strict=True):
        member = patterns[idx].astype(bool)
        matrix.scatter(np.full(k, x), ys, s=30, color=np.where(member, "#111111", "#dddddd"), zorder=2)
        if member.sum() > 1:
            matrix.plot(
                [x, x], [ys[member].min(), ys[member].max()], color="#111111", linewidth=1.5, zorder=1
            )
    matrix.set_yticks(ys, labels=list(history.lists), fontsize=8)
    matrix.tick_params(axis="y", left=False, labelleft=False, labelright=True, right=False)
    matrix.set_xticks([])
    matrix.set_ylim(-0.6, k - 0.4)
    matrix.invert_yaxis()
    for side in ("top", "right", "bottom", "left"):
        matrix.spines[side].set_visible(False)
    list_totals = history.list_totals()
    totals.barh(ys, [list_totals[name] for name in history.lists], color="#666666", gid="list-totals")
    totals.invert_xaxis()
    totals.set_xlabel("on list", fontsize=8)
    totals.tick_params(axis="y", left=False, labelleft=False)
    for side in ("top", "left"):
        totals.spines[side].set_visible(False)
    hidden = len(order) - len(shown)
    more = f" ({hidden} smaller patterns not shown)" if hidden else ""
    bars.set_title(title or f"overlap of {k} lists, {history.observed:,} people{more}", fontsize=10)
    return _save(fig, path)


# --- helpers ---------------------------------------------------------------------------------------------


def _grid(result: EstimateResult) -> tuple[np.ndarray, np.ndarray] | None:
    """(values, mass) when the result carries a posterior on a grid of N (dga) rather than draws."""
    draws = result.draws
    if result.method == "dga" and draws is not None and np.ndim(draws) == 2 and np.shape(draws)[0] == 2:
        values, mass = np.asarray(draws, dtype=float)
        if mass.sum() > 0:
            return values, mass
    return None


def _draws(result: EstimateResult) -> np.ndarray:
    if _grid(result) is not None:
        raise InputError(
            "a dga result holds a posterior on a grid of N, not chains of draws",
            hint="trace plots are for MCMC results (lcmcr)",
        )
    if result.draws is None or np.size(result.draws) == 0:
        raise InputError(
            f"{result.method} result has no posterior draws to plot",
            hint="posterior and trace plots are for Bayesian results that keep their draws (lcmcr)",
        )
    draws = np.asarray(result.draws, dtype=float)
    return draws[None, :] if draws.ndim == 1 else draws


def _bins(pooled: np.ndarray, bins: int) -> Any:
    """Integer-aligned bins when N spans few values, so bars do not alias."""
    low, high = float(pooled.min()), float(pooled.max())
    if high - low + 1 <= bins:
        return np.arange(low - 0.5, high + 1.5)
    return bins


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


@contextmanager
def _svg_settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "testament"}):
        yield


def _save(fig: Figure, path: Path | str) -> Path:
    out = Path(path)
    fmt = _FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(f"{out.name}: cannot write this kind of image", hint="name the file .svg or .png")
    private_dir(out.parent, parents=True)  # plots are drawn from case data: owner only (0700 / 0600)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with _svg_settings(), open_private(out, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=150, metadata=metadata)
    return out
