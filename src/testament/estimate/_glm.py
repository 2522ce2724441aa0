"""Poisson log-linear fits by IRLS, compiled with numba, following R's `glm.fit` step for step.

Rcapture fits every model with `glm(family = poisson)`, and which models it trusts (infoFit == 0) depends
on how glm.fit ends: its start (mu = y + 0.1), its convergence test (|dev - devold| / (|dev| + 0.1) <
1e-8, at most 25 iterations), and its warnings ("algorithm did not converge", "fitted rates numerically 0
occurred" when some mu < 10 * machine epsilon). Cells with zero counts can put the maximum at infinity
(a parameter runs to -inf); glm then stops somewhere on the way, and so do we, at the same iterate. The
weighted least squares step is a Householder QR of sqrt(mu) * X, as in R, which stays accurate when some
weights are tiny. The covariance is R's too: from the QR of the last step (weights of the previous
iterate).

`fit_batch` fits many models that share one full design matrix (each model is a list of its columns),
in one compiled loop: the model search of closedpMS.t without Python overhead per model or iteration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

__all__: list[str] = []  # private helpers of testament.estimate.loglinear

MAXIT = 25  # glm.control()
EPSILON = 1e-8
_DBL_EPS = 2.220446049250313e-16
_QR_TOL = 1e-11  # min(1e-07, epsilon / 1000), what glm.fit gives its QR for rank detection

# status bits
NOT_CONVERGED = 1
FITTED_ZERO = 2
RANK_DEFICIENT = 4
FAILED = 8  # no finite deviance from the start (glm stops with an error)
BROKEN = RANK_DEFICIENT | FAILED  # no usable estimate


@njit(cache=True)
def _deviance(y: np.ndarray, mu: np.ndarray) -> float:
    dev = 0.0
    for i in range(y.shape[0]):
        if y[i] > 0:
            dev += y[i] * math.log(y[i] / mu[i]) - (y[i] - mu[i])
        else:
            dev += mu[i]
    return 2.0 * dev


@njit(cache=True)
def _linkinv(eta: np.ndarray, mu: np.ndarray) -> None:
    for i in range(eta.shape[0]):
        mu[i] = max(math.exp(eta[i]), _DBL_EPS)


@njit(cache=True)
def _wls_qr(x: np.ndarray, cols: np.ndarray, p: int, w: np.ndarray, z: np.ndarray, a: np.ndarray) -> bool:
    """Householder QR of diag(w) x[:, cols], solving the weighted least squares for z (the coefficients
    are left in z[:p]). `a` holds the matrix transposed (p x m) so the inner loops run over contiguous
    memory; afterwards R[j, k] = a[k, j] for k >= j. Returns False when a column is (numerically)
    aliased, where R's QR would pivot it out."""
    m = x.shape[0]
    for j in range(p):
        c = cols[j]
        for i in range(m):
            a[j, i] = w[i] * x[i, c]
    for i in range(m):
        z[i] = w[i] * z[i]
    for j in range(p):
        aj = a[j]
        orig = 0.0
        for i in range(m):
            orig += aj[i] * aj[i]
        rest = 0.0
        for i in range(j, m):
            rest += aj[i] * aj[i]
        if orig == 0.0 or math.sqrt(rest) < _QR_TOL * math.sqrt(orig):
            return False
        norm = math.sqrt(rest)
        x0 = aj[j]
        alpha = -norm if x0 >= 0 else norm
        aj[j] = x0 - alpha  # the Householder vector is aj[j:] now
        scale = 2.0 / (rest - x0 * x0 + aj[j] * aj[j])
        for k in range(j + 1, p):
            ak = a[k]
            s = 0.0
            for i in range(j, m):
                s += aj[i] * ak[i]
            s *= scale
            for i in range(j, m):
                ak[i] -= s * aj[i]
        s = 0.0
        for i in range(j, m):
            s += aj[i] * z[i]
        s *= scale
        for i in range(j, m):
            z[i] -= s * aj[i]
        aj[j] = alpha
    for j in range(p - 1, -1, -1):  # back substitution, R beta = Q'z
        s = z[j]
        for k in range(j + 1, p):
            s -= a[k, j] * z[k]
        z[j] = s / a[j, j]
    return True


@njit(cache=True)
def _predict(x: np.ndarray, cols: np.ndarray, p: int, beta: np.ndarray, eta: np.ndarray) -> None:
    """eta = X[:, cols] @ beta[:p], summed in column order (as the fit always has)."""
    for i in range(x.shape[0]):
        s = 0.0
        for j in range(p):
            s += x[i, cols[j]] * beta[j]
        eta[i] = s


@njit(cache=True)
def _unscaled_cov(rmat: np.ndarray, p: int, cov: np.ndarray) -> None:
    """Fill cov[:p, :p] with (X'WX)^-1 = R^-1 R^-T from the last QR's R, as summary.glm does."""
    rinv = np.zeros((p, p))
    for j in range(p - 1, -1, -1):
        rinv[j, j] = 1.0 / rmat[j, j]
        for k in range(j + 1, p):
            s = 0.0
            for q in range(j + 1, k + 1):
                s += rmat[j, q] * rinv[q, k]
            rinv[j, k] = -s / rmat[j, j]
    for j in range(p):
        for k in range(j, p):
            s = 0.0
            for q in range(k, p):
                s += rinv[j, q] * rinv[k, q]
            cov[j, k] = s
            cov[k, j] = s


@njit(cache=True)
def _irls(
    x: np.ndarray,
    y: np.ndarray,
    cols: np.ndarray,
    p: int,
    beta: np.ndarray,
    cov: np.ndarray,
    mu: np.ndarray,
) -> tuple[int, float, int]:
    """One glm.fit. Fills beta[:p], cov[:p, :p] (unscaled covariance) and mu; returns (status bits,
    deviance, iterations)."""
    m = x.shape[0]
    eta = np.empty(m)
    z = np.empty(m)
    w = np.empty(m)
    a = np.empty((p, m))
    rmat = np.empty((p, p))
    coefold = np.zeros(p)
    for i in range(m):
        eta[i] = math.log(y[i] + 0.1)
    _linkinv(eta, mu)
    devold = _deviance(y, mu)
    status = NOT_CONVERGED
    dev = devold
    it = 0
    for it in range(1, MAXIT + 1):
        for i in range(m):
            w[i] = math.sqrt(mu[i])
            z[i] = eta[i] + (y[i] - mu[i]) / mu[i]
        if not _wls_qr(x, cols, p, w, z, a):
            return RANK_DEFICIENT, math.nan, it
        for j in range(p):
            beta[j] = z[j]
            for k in range(p):
                rmat[j, k] = a[k, j] if k >= j else 0.0
        _predict(x, cols, p, beta, eta)
        _linkinv(eta, mu)
        dev = _deviance(y, mu)
        halvings = 0
        while not math.isfinite(dev):  # glm.fit's step halving (an overflow of exp)
            if it == 1 or halvings == MAXIT:
                return FAILED, math.nan, it
            halvings += 1
            for j in range(p):
                beta[j] = 0.5 * (beta[j] + coefold[j])
            _predict(x, cols, p, beta, eta)
            _linkinv(eta, mu)
            dev = _deviance(y, mu)
        if abs(dev - devold) / (abs(dev) + 0.1) < EPSILON:
            status = 0
            break
        devold = dev
        for j in range(p):
            coefold[j] = beta[j]
    _unscaled_cov(rmat, p, cov)
    for i in range(m):
        if mu[i] < 10.0 * _DBL_EPS:
            status |= FITTED_ZERO
            break
    return status, dev, it


@njit(cache=True)
def _loglik(y: np.ndarray, mu: np.ndarray) -> float:
    ll = 0.0
    for i in range(y.shape[0]):
        ll += (y[i] * math.log(mu[i]) if y[i] > 0 else 0.0) - mu[i] - math.lgamma(y[i] + 1.0)
    return ll


@njit(cache=True)
def _bias(x: np.ndarray, cols: np.ndarray, p: int, cov: np.ndarray, mu: np.ndarray, b0: float) -> float:
    """Asymptotic bias of N-hat (Rcapture's closedp.fitone; column 0 must be the intercept)."""
    m = x.shape[0]
    psi = np.zeros(p)
    for i in range(m):
        q = 0.0
        for j in range(p):
            xj = x[i, cols[j]]
            if xj != 0.0:
                for k in range(p):
                    q += xj * cov[j, k] * x[i, cols[k]]
        xi = -0.5 * q
        for j in range(p):
            psi[j] += -2.0 * x[i, cols[j]] * mu[i] * xi
    psi[0] -= 1.0
    v = 0.0
    for k in range(p):
        v -= cov[0, k] * psi[k]
    return 0.5 * math.exp(b0) * v


@njit(cache=True)
def fit_batch(x: np.ndarray, y: np.ndarray, cols: np.ndarray, ncols: np.ndarray) -> np.ndarray:
    """Fit model r on columns cols[r, :ncols[r]] of x (column 0, the intercept, first).

    Returns one row per model: intercept, its variance, deviance, Poisson log-likelihood, asymptotic
    bias of N, status bits, iterations."""
    nmod = cols.shape[0]
    m = x.shape[0]
    out = np.full((nmod, 7), np.nan)
    pmax = cols.shape[1]
    beta = np.empty(pmax)
    cov = np.empty((pmax, pmax))
    mu = np.empty(m)
    for r in range(nmod):
        p = ncols[r]
        c = cols[r, :p]
        status, dev, it = _irls(x, y, c, p, beta, cov, mu)
        out[r, 5] = status
        out[r, 6] = it
        if status & BROKEN:
            continue
        out[r, 0] = beta[0]
        out[r, 1] = cov[0, 0]
        out[r, 2] = dev
        out[r, 3] = _loglik(y, mu)
        out[r, 4] = _bias(x, c, p, cov, mu, beta[0])
    return out


@dataclass(frozen=True)
class GlmFit:
    """One Poisson fit, as much as Rcapture uses of R's glm object."""

    coef: np.ndarray
    cov: np.ndarray
    fitted: np.ndarray
    deviance: float
    loglik: float
    bias: float
    status: int
    iterations: int

    @property
    def rank(self) -> int:
        return int(self.coef.shape[0])

    def warnings(self) -> list[str]:
        return status_warnings(self.status)


def status_warnings(status: int) -> list[str]:
    """glm's own warnings, worded as R words them (Rcapture's info codes read these words)."""
    out = []
    if status & NOT_CONVERGED:
        out.append("glm: glm.fit: algorithm did not converge")
    if status & FITTED_ZERO:
        out.append("glm: glm.fit: fitted rates numerically 0 occurred")
    if status & RANK_DEFICIENT:
        out.append("glm: design matrix not of full rank")
    if status & FAILED:
        out.append("glm: no valid set of coefficients has been found (an error in R)")
    return out


def fit_one(x: np.ndarray, y: np.ndarray) -> GlmFit:
    """Fit one model: x is its full design (intercept column first), y the counts."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    p = x.shape[1]
    cols = np.arange(p, dtype=np.int64)
    beta = np.empty(p)
    cov = np.empty((p, p))
    mu = np.empty(x.shape[0])
    status, dev, it = _irls(x, y, cols, p, beta, cov, mu)
    if status & BROKEN:
        nan = np.full(p, np.nan)
        return GlmFit(
            nan,
            np.full((p, p), np.nan),
            np.full_like(y, np.nan),
            math.nan,
            math.nan,
            math.nan,
            int(status),
            int(it),
        )
    loglik = float(_loglik(y, mu))
    bias = float(_bias(x, cols, p, cov, mu, beta[0]))
    return GlmFit(beta.copy(), cov.copy(), mu.copy(), float(dev), loglik, bias, int(status), int(it))
