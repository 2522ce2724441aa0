"""Convergence diagnostics for MCMC draws: rank-normalised split R-hat and effective sample sizes.

Following Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and
localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2). Draws come as
an array of shape (chains, draws per chain). Pure numpy (and the standard library's normal quantile).

- `rhat`: the larger of the bulk R-hat (split chains, rank-normalised) and the tail R-hat (the same on the
  draws folded around their median). Near 1 means the chains agree; above 1.01 (strict) or 1.05 (lenient)
  means they have not mixed: run longer, or look at the trace plots.
- `ess_bulk`: effective sample size of the rank-normalised split chains (Geyer's initial monotone sequence),
  the number of independent draws the chains are worth for the centre of the posterior.
- `ess_tail`: the smaller effective size of the 5% and 95% quantile indicators: what the interval ends
  rest on.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

__all__ = ["ConvergenceWarning", "ess_bulk", "ess_tail", "rhat"]


class ConvergenceWarning(UserWarning):
    """The chains have not mixed well enough to trust the summary (high R-hat or few effective draws)."""


def rhat(draws: np.ndarray) -> float:
    """Rank-normalised split R-hat, max of bulk and tail; nan when it is undefined (constant draws, or fewer
    than 4 draws per chain)."""
    chains = _as_chains(draws)
    if chains.shape[1] < 4 or _constant(chains):
        return float("nan")
    split = _split(chains)
    bulk = _plain_rhat(_z_scale(split))
    folded = np.abs(split - np.median(split))
    tail = _plain_rhat(_z_scale(folded)) if not _constant(folded) else float("nan")
    return float(np.nanmax([bulk, tail]))


def ess_bulk(draws: np.ndarray) -> float:
    """Bulk effective sample size (rank-normalised split chains); nan when undefined."""
    chains = _as_chains(draws)
    if chains.shape[1] < 4 or _constant(chains):
        return float("nan")
    return _ess(_z_scale(_split(chains)))


def ess_tail(draws: np.ndarray) -> float:
    """Tail effective sample size: the smaller ESS of the indicators of the 5% and 95% quantiles."""
    chains = _as_chains(draws)
    if chains.shape[1] < 4 or _constant(chains):
        return float("nan")
    split = _split(chains)
    sizes = []
    for q in (0.05, 0.95):
        indicator = (split <= np.quantile(split, q)).astype(float)
        sizes.append(_ess(indicator) if not _constant(indicator) else float("nan"))
    return float(np.nanmin(sizes)) if not np.all(np.isnan(sizes)) else float("nan")


# --- pieces ---------------------------------------------------------------------------------------------


def _as_chains(draws: np.ndarray) -> np.ndarray:
    arr = np.asarray(draws, dtype=float)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(f"draws must have shape (chains, draws), not {arr.shape}")
    return arr


def _constant(arr: np.ndarray) -> bool:
    return bool(np.all(arr == arr.flat[0]))


def _split(chains: np.ndarray) -> np.ndarray:
    """Each chain cut in two halves (dropping the middle draw of an odd length): catches drift within one."""
    half = chains.shape[1] // 2
    return np.concatenate([chains[:, :half], chains[:, -half:]], axis=0)


def _z_scale(chains: np.ndarray) -> np.ndarray:
    """Normal scores of the pooled ranks (average ranks for ties; Blom's offset 3/8)."""
    flat = chains.ravel()
    _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    average_rank = upper - (counts - 1) / 2.0  # 1-based average rank of each distinct value
    size = flat.size
    inv_cdf = NormalDist().inv_cdf
    scores = np.array([inv_cdf((r - 0.375) / (size + 0.25)) for r in average_rank])
    return scores[inverse].reshape(chains.shape)


def _plain_rhat(chains: np.ndarray) -> float:
    n = chains.shape[1]
    between = n * np.var(chains.mean(axis=1), ddof=1)
    within = np.mean(np.var(chains, axis=1, ddof=1))
    if within <= 0.0:
        return float("nan")
    return float(np.sqrt(((n - 1) / n * within + between / n) / within))


def _autocovariance(x: np.ndarray) -> np.ndarray:
    """Biased autocovariance of each row at every lag, by FFT."""
    n = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    return np.fft.irfft(spectrum * np.conj(spectrum), n=size, axis=1)[:, :n] / n


def _ess(chains: np.ndarray) -> float:
    """Effective sample size of several chains (Stan's estimator: combined autocorrelations, truncated at
    the first negative pair sum, made monotone)."""
    m, n = chains.shape
    acov = _autocovariance(chains)
    mean_var = acov[:, 0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n
    if m > 1:
        var_plus += np.var(chains.mean(axis=1), ddof=1)
    if var_plus <= 0.0:
        return float("nan")
    rho = 1.0 - (mean_var - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer: sum autocorrelation pairs (even + odd lags) while their sum stays positive
    pairs = rho[: 2 * (n // 2)].reshape(-1, 2).sum(axis=1)
    negative = np.flatnonzero(pairs < 0.0)
    stop = int(negative[0]) if negative.size else pairs.size
    keep = np.minimum.accumulate(pairs[:stop])  # initial monotone sequence
    tau = -1.0 + 2.0 * keep.sum()
    if stop < pairs.size and rho[2 * stop] > 0.0:  # the positive half of the first negative pair (as Stan)
        tau += rho[2 * stop]
    tau = max(tau, 1.0 / np.log10(m * n))
    return float(m * n / tau)
