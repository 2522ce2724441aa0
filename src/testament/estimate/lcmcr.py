"""Latent-class capture-recapture (LCMCR): the Bayesian non-parametric model of Manrique-Vallier (2016).

"Bayesian population size estimation using Dirichlet process mixtures", Biometrics 72(4), 1246-1254;
reimplemented after the R package LCMCR 0.4.14 (`lcmCR(..., tabular=TRUE)` + `lcmCR_PostSampl`).

The model: each person belongs to one of K* latent classes; within a class the lists catch people
independently, list j with probability lambda_jk. Classes carry the heterogeneity (some people are easy to
find, some hard, some only by certain lists); lists may look dependent overall because they share classes.
  x_ij | z_i = k  ~ Bernoulli(lambda_jk), independent over lists j
  z_i             ~ Categorical(pi), pi from a stick-breaking prior truncated at K*:
                    V_k ~ Beta(1, alpha), pi_k = V_k prod_{h<k} (1 - V_h), V_K* = 1
  lambda_jk       ~ Beta(1, 1)
  alpha           ~ Gamma(a_alpha, rate b_alpha), LCMCR's default (0.25, 0.25)
  p(N)            ∝ 1/N on n <= N <= n + max_missing
The Gibbs sampler works on the tabulated patterns (counts per pattern, never per person) and augments the
data with the n0 people nobody caught: n0 | rest ~ NegBin(n, 1 - P(missed)), truncated at `max_missing`.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from testament.errors import InputError
from testament.estimate.diagnostics import ConvergenceWarning, ess_bulk, ess_tail, rhat
from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult

__all__ = ["MissingBoundWarning", "estimate_lcmcr"]

Progress = Callable[[int, int], None]

_BLOCK = 2048  # sweeps per kernel call: how often progress is reported (results do not depend on it)
_RHAT_LIMIT = 1.05
_MIN_ESS = 400.0


def _kernel() -> Any:
    """The compiled sweep, imported on first use: importing numba costs half a second, and importing
    this module should not."""
    return importlib.import_module("testament.estimate._lcmcr_kernel")


class MissingBoundWarning(UserWarning):
    """Draws of the missing count pressed against `max_missing`: the upper tail of N is cut by the bound."""


@dataclass
class _Chain:
    """One chain's state, owned here and updated in place by the kernel."""

    rng: np.ndarray
    lam: np.ndarray
    log_nu: np.ndarray
    count_z: np.ndarray
    count0: np.ndarray
    out_n: np.ndarray
    out_classes: np.ndarray
    state_f: np.ndarray = field(default_factory=lambda: np.zeros(1))
    state_i: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    hits: np.ndarray = field(default_factory=lambda: np.zeros(2, dtype=np.int64))
    done: int = 0
    cpu_s: float = 0.0

    def arrays(self) -> tuple[np.ndarray, ...]:
        """In the kernel's argument order."""
        return (
            self.rng,
            self.lam,
            self.log_nu,
            self.count_z,
            self.count0,
            self.state_f,
            self.state_i,
            self.out_n,
            self.out_classes,
            self.hits,
        )


def estimate_lcmcr(
    history: CaptureHistory,
    *,
    k_star: int = 10,
    chains: int = 4,
    burnin: int = 10_000,
    samples: int = 10_000,
    thinning: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    max_missing: int | None = None,
    seed: int = 1,
    progress: Progress | None = None,
    workers: int | None = None,
) -> EstimateResult:
    """Posterior of the total N under LCMCR: median and 2.5%/97.5% quantiles of the pooled chains.

    Each chain runs a 500-sweep warm-up (as LCMCR), `burnin` sweeps, then keeps every `thinning`-th of
    `samples * thinning` sweeps. `max_missing` bounds the prior on N at n + max_missing (default 100 n,
    LCMCR uses 20 n without saying so); how often draws pressed against it is in the diagnostics.
    `progress(done, total)` is called with sweeps done over all chains. `workers` chains run at once
    (default: as many as there are CPUs); the draws are the same whatever it is, because each chain
    carries its own generator seeded from `seed` and its index."""
    _check(history, k_star, chains, burnin, samples, thinning, a_alpha, b_alpha, max_missing, seed)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InputError(f"lcmcr: workers must be an integer >= 1, not {workers!r}")
    started = time.perf_counter()
    n = history.observed
    bound = max(100 * n, 1000) if max_missing is None else int(max_missing)
    cells, freq = _tabulate(history)
    kernel = _kernel()
    jit_s, jit_source = _warm_kernel()

    streams = np.random.SeedSequence(seed).spawn(chains)
    states = [
        _new_chain(kernel.seed_state(stream), history.k, k_star, len(freq), samples) for stream in streams
    ]
    per_chain = kernel.WARMUP_SWEEPS + burnin + samples * thinning
    args = (burnin, thinning, cells, freq, n, float(a_alpha), float(b_alpha), bound)
    n_workers = max(1, min(chains, workers if workers is not None else (os.cpu_count() or 1)))
    sampling_started = time.perf_counter()
    _run_chains(states, per_chain, args, n_workers, progress)
    wall_s = time.perf_counter() - sampling_started

    draws = np.stack([c.out_n for c in states])
    lower, median, upper = (float(v) for v in np.quantile(draws.ravel(), [0.025, 0.5, 0.975]))
    diagnostics = _diagnose(
        draws,
        states,
        bound=bound,
        kept_sweeps=samples * thinning,
        per_chain=per_chain,
        n_workers=n_workers,
        wall_s=wall_s,
        jit_s=jit_s,
        jit_source=jit_source,
    )
    return EstimateResult(
        method="lcmcr",
        model=f"K*={k_star}",
        estimate=median,
        lower=lower,
        upper=upper,
        observed=n,
        input_sha256=history.sha256(),
        settings=_settings(
            k_star=k_star,
            chains=chains,
            burnin=burnin,
            samples=samples,
            thinning=thinning,
            warmup=kernel.WARMUP_SWEEPS,
            a_alpha=a_alpha,
            b_alpha=b_alpha,
            bound=bound,
        ),
        diagnostics=diagnostics,
        seed=seed,
        stratum=history.stratum,
        elapsed_s=time.perf_counter() - started,
        draws=draws,
    )


def _tabulate(history: CaptureHistory) -> tuple[np.ndarray, np.ndarray]:
    """The observed capture patterns (one row each) and how many people have each: the sampler works on
    these, never on individuals."""
    counts = history.observed_counts()
    keep = counts > 0
    cells = np.ascontiguousarray(history.patterns()[keep].astype(np.int64))
    freq = counts[keep].astype(np.int64)
    return cells, freq


def _diagnose(
    draws: np.ndarray,
    states: list[_Chain],
    *,
    bound: int,
    kept_sweeps: int,
    per_chain: int,
    n_workers: int,
    wall_s: float,
    jit_s: float,
    jit_source: str,
) -> dict[str, object]:
    """Convergence of the chains, use of the classes and of the bound on N, and where the time went;
    warns (and records the warning) when the chains or the bound call for it."""
    chains = len(states)
    pooled = draws.ravel()
    classes = np.stack([c.out_classes for c in states])
    hits_burn = int(sum(c.hits[0] for c in states))
    hits_sample = int(sum(c.hits[1] for c in states))
    cpu_s = float(sum(c.cpu_s for c in states))
    diagnostics: dict[str, object] = {
        "rhat": _finite(rhat(draws)),
        "ess": _finite(ess_bulk(draws)),
        "ess_tail": _finite(ess_tail(draws)),
        "chain_medians": [float(np.median(d)) for d in draws],
        "posterior_mean": float(pooled.mean()),
        "posterior_sd": float(pooled.std(ddof=1)) if pooled.size > 1 else None,
        "classes_used_mean": float(classes.mean()),
        "classes_used_max": int(classes.max()),
        "max_missing": bound,
        "bound_hits": hits_sample,
        "bound_hit_rate": hits_sample / (chains * kept_sweeps) if kept_sweeps else 0.0,
        "bound_hits_burnin": hits_burn,
        "sweeps": chains * per_chain,
        "sweeps_per_s": chains * per_chain / cpu_s if cpu_s > 0 else None,
        "sampling_cpu_s": cpu_s,
        "sampling_wall_s": wall_s,
        "workers": n_workers,
        "jit_s": jit_s,
        "jit": jit_source,
        "warnings": [],
    }
    _warn(diagnostics, hits_sample, bound)
    return diagnostics


def _settings(
    *,
    k_star: int,
    chains: int,
    burnin: int,
    samples: int,
    thinning: int,
    warmup: int,
    a_alpha: float,
    b_alpha: float,
    bound: int,
) -> dict[str, object]:
    """The run's settings and priors, as saved with the result so it can be reproduced."""
    return {
        "k_star": k_star,
        "chains": chains,
        "burnin": burnin,
        "samples": samples,
        "thinning": thinning,
        "warmup": warmup,
        "a_alpha": a_alpha,
        "b_alpha": b_alpha,
        "max_missing": bound,
        "prior_lambda": "Beta(1, 1)",
        "prior_alpha": f"Gamma(shape={a_alpha}, rate={b_alpha})",
        "prior_N": f"1/N on [n, n + {bound}]",
        "quantiles": "type 7 on the pooled draws",
    }


# --- running ---------------------------------------------------------------------------------------------


def _new_chain(rng: np.ndarray, n_lists: int, k_star: int, m_cells: int, samples: int) -> _Chain:
    return _Chain(
        rng=rng,
        lam=np.zeros((n_lists, 2, k_star)),
        log_nu=np.zeros(k_star),
        count_z=np.zeros((m_cells, k_star), dtype=np.int64),
        count0=np.zeros(k_star, dtype=np.int64),
        out_n=np.zeros(samples, dtype=np.int64),
        out_classes=np.zeros(samples, dtype=np.int64),
    )


def _advance(chain: _Chain, until: int, args: tuple, stop_flag: threading.Event | None = None) -> None:
    """Run one chain up to sweep `until`, block by block (the kernel releases the GIL)."""
    run_sweeps = _kernel().run_sweeps
    while chain.done < until:
        if stop_flag is not None and stop_flag.is_set():
            return
        stop = min(chain.done + _BLOCK, until)
        cpu = time.thread_time()
        run_sweeps(chain.done, stop, *args, *chain.arrays())
        chain.cpu_s += time.thread_time() - cpu
        chain.done = stop


def _run_chains(
    states: list[_Chain], per_chain: int, args: tuple, n_workers: int, progress: Progress | None
) -> None:
    total = per_chain * len(states)
    if n_workers == 1:
        for chain in states:
            while chain.done < per_chain:
                _advance(chain, min(chain.done + _BLOCK, per_chain), args)
                if progress is not None:
                    progress(sum(c.done for c in states), total)
        return
    stop_flag = threading.Event()
    with ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="lcmcr") as pool:
        futures = [pool.submit(_advance, chain, per_chain, args, stop_flag) for chain in states]
        try:
            while not all(f.done() for f in futures):
                time.sleep(0.05)
                if progress is not None:
                    progress(sum(c.done for c in states), total)
        except BaseException:  # e.g. KeyboardInterrupt from the progress bar: let the workers stop soon
            stop_flag.set()
            raise
        for f in futures:
            f.result()
    if progress is not None:
        progress(total, total)


def _warm_kernel() -> tuple[float, str]:
    """Compile (or load from numba's cache) the kernel on a tiny problem, so its cost is not counted as
    sampling; returns (seconds, "compiled" | "cache" | "ready")."""
    kernel = _kernel()
    if kernel.run_sweeps.signatures:
        return 0.0, "ready"
    started = time.perf_counter()
    chain = _new_chain(kernel.seed_state(np.random.SeedSequence(0)), 2, 2, 1, 1)
    args = (0, 1, np.ones((1, 2), dtype=np.int64), np.ones(1, dtype=np.int64), 1, 0.25, 0.25, 10)
    _advance(chain, 1, args)
    hits = sum(kernel.run_sweeps.stats.cache_hits.values())
    return time.perf_counter() - started, "cache" if hits else "compiled"


# --- checks and warnings ---------------------------------------------------------------------------------


def _check(
    history: CaptureHistory,
    k_star: int,
    chains: int,
    burnin: int,
    samples: int,
    thinning: int,
    a_alpha: float,
    b_alpha: float,
    max_missing: int | None,
    seed: int,
) -> None:
    where = history.source or "capture history"
    if history.observed == 0:
        raise InputError(f"{where}: nobody was observed", hint="LCMCR needs at least one person on a list")
    for name, value, low in (
        ("k_star", k_star, 1),
        ("chains", chains, 1),
        ("burnin", burnin, 0),
        ("samples", samples, 1),
        ("thinning", thinning, 1),
        ("seed", seed, 0),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InputError(f"lcmcr: {name} must be an integer >= {low}, not {value!r}")
    for name, number in (("a_alpha", a_alpha), ("b_alpha", b_alpha)):
        if not (isinstance(number, (int, float)) and np.isfinite(number) and number > 0):
            raise InputError(f"lcmcr: {name} must be a positive number, not {number!r}")
    if max_missing is not None and (
        isinstance(max_missing, bool)
        or not isinstance(max_missing, (int, np.integer))
        or not 0 <= max_missing <= 10**15
    ):
        raise InputError(
            f"lcmcr: max_missing must be an integer from 0 to 1e15, not {max_missing!r}",
            hint="leave it unset for the default bound of 100 times the observed count",
        )


def _warn(diagnostics: dict, hits: int, bound: int) -> None:
    messages: list[str] = diagnostics["warnings"]
    if hits:
        messages.append(
            f"{hits} sweeps drew more than max_missing={bound} unobserved people: the bound cuts the upper "
            "tail of N; raise max_missing, and read the upper end of the interval as bounded by it"
        )
        warnings.warn(messages[-1], MissingBoundWarning, stacklevel=3)
    r, ess = diagnostics["rhat"], diagnostics["ess"]
    if r is None or ess is None:
        messages.append("convergence could not be assessed: too few draws per chain, or N never moved")
    elif r > _RHAT_LIMIT or ess < _MIN_ESS:
        messages.append(
            f"chains have not mixed (R-hat {r:.3f}, bulk ESS {ess:.0f}; want R-hat <= {_RHAT_LIMIT} and ESS "
            f">= {_MIN_ESS:.0f}): run longer (more samples or thinning) and look at the trace plot"
        )
    else:
        return
    warnings.warn(messages[-1], ConvergenceWarning, stacklevel=3)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
