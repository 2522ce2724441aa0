"""The compiled Gibbs sweep of the latent-class capture-recapture model (private to `lcmcr`).

State of one chain (arrays owned by the caller, updated in place, so a chain can run in blocks):
  rng      (4,) uint64  xoshiro256** state: each chain carries its own generator, so its draws depend on its
                        seed only, never on what else ran in the process, nor on the block size
  lam      (J, 2, K)    P(x_j = 0 | class k), P(x_j = 1 | class k): rows contiguous over classes
  log_nu   (K,)         log class weights (truncated stick-breaking)
  count_z  (M, K)       how many people with observed pattern m sit in class k
  count0   (K,)         how many of the n0 unobserved people sit in class k
  state_f  [alpha]      DP concentration
  state_i  [n0]         number of people no list caught

The samplers are written here rather than taken from numba's `np.random`: its generator lives in global
per-thread state behind a function call, and that call, not the arithmetic, dominated the sweep. Each one is
an exact method (checked against scipy's distributions in the tests). They stay in this one file on
purpose: numba's on-disk cache is keyed to the file of the cached function only, so a sampler edited in
another module would leave a stale compiled sweep behind.

What is drawn many times per sweep (uniform, normal, gamma, binomial, multinomial) is inlined into the
sweep (`inline="always"`); what is drawn once a sweep or rarely (Poisson, the normal's tail, the log-scale
fallbacks) is called: the first compilation takes under 20 s instead of 42 s, at no measurable cost per
sweep.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numba import carray, njit, types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["WARMUP_SWEEPS", "draw_many", "run_sweeps", "seed_state"]

WARMUP_SWEEPS = 500  # like LCMCR's initialisation: alpha held fixed, then classes sorted by weight
_SMALL_MULTINOMIAL = 5  # below this many people left, one categorical draw each beats a binomial
_FEW_TRIALS = 24  # below this many trials a binomial is drawn as a sum of Bernoulli trials
_MAX_NB_TRIES = 1000  # rejection tries for the bounded missing count before settling on the bound
_POISSON_CEILING = 4.0e18  # a Poisson mean beyond this certainly exceeds any int64 bound
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53
_JIT: dict[str, Any] = {"cache": True, "error_model": "numpy", "nogil": True}


def seed_state(entropy: np.random.SeedSequence) -> np.ndarray:
    """A xoshiro256** state from a seed sequence (never all zero)."""
    state = entropy.generate_state(4, dtype=np.uint64)
    if not state.any():
        state[0] = 1
    return state


# --- borrowed arrays ------------------------------------------------------------------------------------
# Every array handed to a helper is reference-counted by numba (an atomic add and subtract around each
# call, even inlined): a quarter of a sweep went there. Inside the sweep the arrays are viewed through
# their data pointers instead, as arrays without an owner, so there is nothing to count. A view must not
# outlive its array: numba frees an array after its last use, and taking a view is not a use that lasts,
# hence `_keep_alive` after the sweeps for the work space `run_sweeps` allocates.


@intrinsic
def _void_pointer(typingctx: Any, address: Any) -> tuple[Any, Any]:
    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.inttoptr(args[0], cgutils.voidptr_t)

    return types.voidptr(address), codegen


@njit(inline="always", **_JIT)
def _borrow(a: np.ndarray) -> np.ndarray:
    """A view of `a` without a reference count: valid only while `a` is alive."""
    return carray(_void_pointer(a.ctypes.data), a.shape, a.dtype)  # type: ignore[call-arg]


# --- uniform, normal ------------------------------------------------------------------------------------


@njit(inline="always", **_JIT)
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(inline="always", **_JIT)
def _next(s: np.ndarray) -> np.uint64:
    """xoshiro256** (Blackman & Vigna 2018)."""
    s0, s1, s2, s3 = s[0], s[1], s[2], s[3]
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    s[0], s[1], s[2], s[3] = s0, s1, s2, s3
    return result


@njit(inline="always", **_JIT)
def _uniform(s: np.ndarray) -> float:
    """U[0, 1) with 53 random bits."""
    return float(_next(s) >> np.uint64(11)) * _TO_UNIT


@njit(inline="always", **_JIT)
def _uniform_pos(s: np.ndarray) -> float:
    """U(0, 1]: safe to take the log of."""
    return float((_next(s) >> np.uint64(11)) + np.uint64(1)) * _TO_UNIT


def _ziggurat_tables() -> tuple[np.ndarray, np.ndarray]:
    """Doornik's (2005) 128-strip ziggurat for the standard normal: strip edges and accept ratios."""
    strips, edge, area = 128, 3.442619855899, 9.91256303526217e-3
    x = np.zeros(strips + 1)
    f = math.exp(-0.5 * edge * edge)
    x[0], x[1] = area / f, edge
    for i in range(2, strips):
        x[i] = math.sqrt(-2.0 * math.log(area / x[i - 1] + f))
        f = math.exp(-0.5 * x[i] * x[i])
    return x, x[1:] / x[:-1]


_ZIG_X, _ZIG_RATIO = _ziggurat_tables()
_ZIG_EDGE = 3.442619855899


@njit(**_JIT)
def _normal_rest(s: np.ndarray, u: float, i: int) -> float:
    """The rare part of the ziggurat (about 1 draw in 100): strip `i` was hit outside its rectangle."""
    while True:
        if i == 0:  # the tail beyond the edge (Marsaglia 1964)
            while True:
                x = np.log(_uniform_pos(s)) / _ZIG_EDGE
                y = np.log(_uniform_pos(s))
                if -2.0 * y >= x * x:
                    return x - _ZIG_EDGE if u < 0.0 else _ZIG_EDGE - x
        x = u * _ZIG_X[i]
        f0 = np.exp(-0.5 * (_ZIG_X[i] * _ZIG_X[i] - x * x))
        f1 = np.exp(-0.5 * (_ZIG_X[i + 1] * _ZIG_X[i + 1] - x * x))
        if f1 + _uniform(s) * (f0 - f1) < 1.0:
            return x
        r = _next(s)  # a new try, as in `_normal`
        u = 2.0 * float(r >> np.uint64(11)) * _TO_UNIT - 1.0
        i = int(r & np.uint64(127))
        if abs(u) < _ZIG_RATIO[i]:
            return u * _ZIG_X[i]


@njit(inline="always", **_JIT)
def _normal(s: np.ndarray) -> float:
    r = _next(s)
    u = 2.0 * float(r >> np.uint64(11)) * _TO_UNIT - 1.0  # top 53 bits for u, low 7 for the strip
    i = int(r & np.uint64(127))
    if abs(u) < _ZIG_RATIO[i]:
        return u * _ZIG_X[i]
    return _normal_rest(s, u, i)


# --- gamma, beta ----------------------------------------------------------------------------------------


@njit(inline="always", **_JIT)
def _gamma_ge1(s: np.ndarray, shape: float) -> float:
    """Gamma(shape, 1) for shape >= 1."""
    d = shape - 1.0 / 3.0
    return _gamma_prepared(s, d, 1.0 / np.sqrt(9.0 * d))


@njit(inline="always", **_JIT)
def _gamma_prepared(s: np.ndarray, d: float, c: float) -> float:
    """Gamma(d + 1/3, 1), shape >= 1, given d and c = 1 / sqrt(9 d) (Marsaglia & Tsang 2000): nearly
    every draw is one normal and one uniform."""
    while True:
        x = _normal(s)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = _uniform_pos(s)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if np.log(u) < 0.5 * x2 + d * (1.0 - v + np.log(v)):
            return d * v


@njit(**_JIT)
def _log_gamma(s: np.ndarray, shape: float) -> float:
    """log of a Gamma(shape, 1) draw; for small shapes the draw itself underflows, so use
    G(a) = G(a + 1) * U**(1/a) and stay on the log scale."""
    if shape < 1.0:
        return np.log(_uniform_pos(s)) / shape + np.log(_gamma_ge1(s, shape + 1.0))
    return np.log(_gamma_ge1(s, shape))


@njit(inline="always", **_JIT)
def _beta_pair(s: np.ndarray, a: float, b: float) -> tuple[float, float]:
    """(X, 1 - X) for X ~ Beta(a, b), a, b >= 1, as (G_a, G_b) / (G_a + G_b): both sides without
    cancellation. The sweep draws its betas this way with the gamma set-ups done for many at once: two
    Marsaglia-Tsang gammas are mostly two normals and two uniforms, where Cheng's beta algorithm costs a
    logarithm, an exponential and several divisions."""
    if a == 1.0 and b == 1.0:
        u = _uniform_pos(s)
        return u, 1.0 - u
    g_a = _gamma_ge1(s, a)
    g_b = _gamma_ge1(s, b)
    scale = 1.0 / (g_a + g_b)
    return g_a * scale, g_b * scale


# --- binomial, Poisson, multinomial ---------------------------------------------------------------------


def _stirling_tails() -> np.ndarray:
    """log k! minus its Stirling approximation, exact for k < 10 (the series below is poor there)."""
    half_log_2pi = 0.5 * math.log(2.0 * math.pi)
    return np.array(
        [math.lgamma(k + 1.0) - (half_log_2pi + (k + 0.5) * math.log(k + 1.0) - (k + 1.0)) for k in range(10)]
    )


_STIRLING_TAILS = _stirling_tails()


@njit(**_JIT)
def _stirling_tail(k: float) -> float:
    if k < 10.0:
        return _STIRLING_TAILS[int(k)]
    kp1sq = (k + 1.0) * (k + 1.0)
    return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp1sq) / kp1sq) / (k + 1.0)


@njit(inline="always", **_JIT)
def _binomial_btrs(s: np.ndarray, n: int, p: float) -> int:
    """Binomial(n, p) for n * p >= 10, p <= 1/2: Hörmann's (1993) transformed rejection with squeeze.
    Most draws are accepted from two uniforms and a few multiplications."""
    spq = np.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    while True:
        u = _uniform(s) - 0.5
        v = _uniform(s)
        us = 0.5 - abs(u)
        if us <= 0.0:
            continue
        k = np.floor((2.0 * a / us + b) * u + c)
        if k < 0.0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return int(k)
        if v <= 0.0:
            continue
        r = p / (1.0 - p)  # the slow path: only here are these needed
        alpha = (2.83 + 5.1 / b) * spq
        m = np.floor((n + 1) * p)
        v = np.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * np.log((m + 1.0) / (r * (n - m + 1.0)))
            + (n + 1.0) * np.log((n - m + 1.0) / (n - k + 1.0))
            + (k + 0.5) * np.log(r * (n - k + 1.0) / (k + 1.0))
            + _stirling_tail(m)
            + _stirling_tail(n - m)
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if v <= bound:
            return int(k)


_RECIPROCALS = 1.0 / np.arange(1.0, 65.0)  # 1/x for the first steps of the search: no division there


@njit(inline="always", **_JIT)
def _binomial_inversion(s: np.ndarray, n: int, p: float) -> int:
    """Binomial(n, p) for n * p < 10, p <= 1/2, by sequential search (about n * p + 1 steps)."""
    q0 = -1.0  # P(X = 0), computed only when the cheap bound below cannot settle the draw
    ratio = p / (1.0 - p)
    while True:
        u = _uniform(s)
        if u < 1.0 - n * p:  # P(X = 0) = (1 - p)**n >= 1 - n p (Bernoulli's inequality): X = 0
            return 0
        if q0 < 0.0:
            q0 = (1.0 - p) ** n
        x = 0
        px = q0
        while u >= px and x <= n:
            u -= px
            x += 1
            px *= (n - x + 1) * ratio * (_RECIPROCALS[x - 1] if x <= 64 else 1.0 / x)
        if x <= n:  # otherwise rounding left u above the total mass: draw again
            return x


@njit(inline="always", **_JIT)
def _binomial(s: np.ndarray, n: int, p: float) -> int:
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    q = 1.0 - p if flip else p
    if n < _FEW_TRIALS:  # count the successes of n trials: branch-free, no transcendental functions
        threshold = np.uint64(np.ceil(q * 9007199254740992.0))  # U < q  <=>  53-bit integer < q * 2**53
        x = 0
        for _ in range(n):
            x += (_next(s) >> np.uint64(11)) < threshold
    elif n * q >= 10.0:
        x = _binomial_btrs(s, n, q)
    else:
        x = _binomial_inversion(s, n, q)
    return n - x if flip else x


@njit(**_JIT)
def _poisson(s: np.ndarray, mean: float) -> int:
    """Poisson(mean): sequential search below 10, Hörmann's (1993) PTRS rejection above."""
    if mean <= 0.0:
        return 0
    if mean < 10.0:
        while True:
            u = _uniform(s)
            x = 0
            px = np.exp(-mean)
            while u >= px and x < 1000:
                u -= px
                x += 1
                px *= mean / x
            if x < 1000:
                return x
    log_mean = np.log(mean)
    b = 0.931 + 2.53 * np.sqrt(mean)
    a = -0.059 + 0.02483 * b
    log_inv_alpha = np.log(1.1239 + 1.1328 / (b - 3.4))
    v_r = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = _uniform(s) - 0.5
        v = _uniform_pos(s)
        us = 0.5 - abs(u)
        if us <= 0.0:
            continue
        k = np.floor((2.0 * a / us + b) * u + mean + 0.43)
        if us >= 0.07 and v <= v_r:
            return int(k)
        if k < 0.0 or (us < 0.013 and v > us):
            continue
        log_ratio = -mean + k * log_mean - math.lgamma(k + 1.0)
        if np.log(v) + log_inv_alpha - np.log(a / (us * us) + b) <= log_ratio:
            return int(k)


@njit(inline="always", **_JIT)
def _multinomial(
    s: np.ndarray, total: int, weights: np.ndarray, order: np.ndarray, suffix: np.ndarray, out: np.ndarray
) -> None:
    """Counts of `total` draws over classes with unnormalised weights (at least one positive).

    Conditional binomials in the given order (big classes first makes the remainder shrink fast) until
    few draws remain, then one categorical draw each."""
    k = weights.shape[0]
    acc = 0.0
    for h in range(k - 1, -1, -1):  # suffix sums: weight / suffix <= 1 exactly in floating point
        out[h] = 0
        acc += weights[order[h]]
        suffix[h] = acc
    remaining = total
    h = 0
    while remaining >= _SMALL_MULTINOMIAL:
        c = _binomial(s, remaining, weights[order[h]] / suffix[h])
        out[order[h]] = c
        remaining -= c
        h += 1
    if remaining == 0:
        return
    last = k - 1
    while weights[order[last]] <= 0.0:
        last -= 1
    for _ in range(remaining):
        u = _uniform(s) * suffix[h]
        g = h
        run = weights[order[g]]
        while run <= u and g < last:
            g += 1
            run += weights[order[g]]
        out[order[g]] += 1


# --- the sampler ----------------------------------------------------------------------------------------


@njit(**_JIT)
def _initialise(
    s: np.ndarray,
    cells: np.ndarray,
    freq: np.ndarray,
    n: int,
    lam: np.ndarray,
    log_nu: np.ndarray,
    count_z: np.ndarray,
    count0: np.ndarray,
    state_f: np.ndarray,
    state_i: np.ndarray,
) -> None:
    """Start where LCMCR starts: every class at the lists' marginal capture rates, weights from a uniform
    stick-breaking draw, alpha = 0.3 / K, nobody missing."""
    m_cells, n_lists = cells.shape
    k_star = log_nu.shape[0]
    for j in range(n_lists):
        caught = 0
        for m in range(m_cells):
            caught += freq[m] * cells[m, j]
        # a list that caught nobody (or everybody) would give a zero probability: start inside (0, 1)
        p = min(max(caught / n, 0.5 / n), 1.0 - 0.5 / n)
        for k in range(k_star):
            lam[j, 1, k] = p
            lam[j, 0, k] = 1.0 - p
    acc = 0.0
    for k in range(k_star - 1):
        g1 = _log_gamma(s, 1.0)
        g2 = _log_gamma(s, 1.0)
        gs = np.logaddexp(g1, g2)
        log_nu[k] = g1 - gs + acc
        acc += g2 - gs
    log_nu[k_star - 1] = acc
    count_z[:, :] = 0
    count0[:] = 0
    state_f[0] = 0.3 / k_star
    state_i[0] = 0


@njit(**_JIT)
def _sort_classes_by_weight(
    lam: np.ndarray, log_nu: np.ndarray, count_z: np.ndarray, count0: np.ndarray
) -> None:
    """Relabel classes by decreasing weight (once, after the warm-up): the truncated stick-breaking prior
    is not exchangeable in the labels, and big classes first is where it mixes best."""
    order = np.argsort(-log_nu, kind="mergesort")
    lam[:, :, :] = lam[:, :, order].copy()
    log_nu[:] = log_nu[order].copy()
    count_z[:, :] = count_z[:, order].copy()
    count0[:] = count0[order].copy()


@njit(**_JIT)
def _log_weights(log_nu: np.ndarray, lam: np.ndarray, cell: np.ndarray, weights: np.ndarray) -> None:
    """Class weights of one pattern computed on the log scale (when the plain products underflow),
    rescaled so the largest is 1."""
    top = -np.inf
    for k in range(log_nu.shape[0]):
        lw = log_nu[k]
        for j in range(cell.shape[0]):
            lw += np.log(lam[j, cell[j], k])
        weights[k] = lw
        top = max(top, lw)
    for k in range(log_nu.shape[0]):
        weights[k] = np.exp(weights[k] - top)


@njit(**_JIT)
def _order_by_weight(weights: np.ndarray, order: np.ndarray) -> None:
    """Indices by decreasing weight (insertion sort: K is small)."""
    for h in range(weights.shape[0]):
        idx = h
        w = weights[idx]
        g = h - 1
        while g >= 0 and weights[order[g]] < w:
            order[g + 1] = order[g]
            g -= 1
        order[g + 1] = idx


@njit(**_JIT)
def run_sweeps(
    start: int,
    stop: int,
    burnin: int,
    thinning: int,
    cells: np.ndarray,
    freq: np.ndarray,
    n: int,
    a_alpha: float,
    b_alpha: float,
    max_missing: int,
    rng: np.ndarray,
    lam: np.ndarray,
    log_nu: np.ndarray,
    count_z: np.ndarray,
    count0: np.ndarray,
    state_f: np.ndarray,
    state_i: np.ndarray,
    out_n: np.ndarray,
    out_classes: np.ndarray,
    hits: np.ndarray,
) -> None:
    """Run sweeps `start` .. `stop - 1` of one chain (sweep 0 initialises it).

    Sweeps 0 .. WARMUP_SWEEPS-1 are the warm-up, the next `burnin` the burn-in, then every `thinning`-th
    sweep records N = n + n0 into `out_n` (and the number of occupied classes into `out_classes`).
    `hits[0]` / `hits[1]` count sweeps (warm-up + burn-in / sampling) whose unbounded draw of n0 exceeded
    `max_missing`."""
    if start == 0 and stop > 0:
        _initialise(rng, cells, freq, n, lam, log_nu, count_z, count0, state_f, state_i)
    scratch_f = np.empty((7 + 4 * cells.shape[1], log_nu.shape[0]))  # work space
    scratch_i = np.empty((3 + cells.shape[1], log_nu.shape[0]), dtype=np.int64)
    # From here on every array is a borrowed view: the arguments' owners outlive the call, and the work
    # space is used again after the sweeps (`_keep_alive`).
    cells, freq, rng, lam, log_nu = _borrow(cells), _borrow(freq), _borrow(rng), _borrow(lam), _borrow(log_nu)
    count_z, count0, state_f, state_i = _borrow(count_z), _borrow(count0), _borrow(state_f), _borrow(state_i)
    out_n, out_classes, hits = _borrow(out_n), _borrow(out_classes), _borrow(hits)
    work_f, work_i = _borrow(scratch_f), _borrow(scratch_i)
    m_cells, n_lists = cells.shape
    k_star = log_nu.shape[0]
    sample_start = WARMUP_SWEEPS + burnin
    nu = work_f[0]
    weights = work_f[1]
    suffix = work_f[2]
    d1 = work_f[3 : 3 + n_lists]  # Marsaglia-Tsang set-ups of the gamma pairs behind the betas
    d0 = work_f[3 + n_lists : 3 + 2 * n_lists]
    c1 = work_f[3 + 2 * n_lists : 3 + 3 * n_lists]
    c0 = work_f[3 + 3 * n_lists : 3 + 4 * n_lists]
    stick_d = work_f[3 + 4 * n_lists : 5 + 4 * n_lists]
    stick_c = work_f[5 + 4 * n_lists : 7 + 4 * n_lists]
    for k in range(k_star):
        nu[k] = np.exp(log_nu[k])
    order = work_i[0]
    row = work_i[1]
    class_total = work_i[2]
    caught = work_i[3:]

    for sweep in range(start, stop):
        alpha = state_f[0]
        n0 = state_i[0]
        _order_by_weight(nu, order)

        # 1. classes of the observed people: one multinomial per observed pattern; tally as we go
        for k in range(k_star):
            class_total[k] = count0[k]
            for j in range(n_lists):
                caught[j, k] = 0
        for m in range(m_cells):
            total = 0.0
            for k in range(k_star):
                weights[k] = nu[k]
            for j in range(n_lists):
                x = cells[m, j]
                for k in range(k_star):
                    weights[k] *= lam[j, x, k]
            for k in range(k_star):
                total += weights[k]
            if not total > 1e-280:
                _log_weights(log_nu, lam, cells[m], weights)
            _multinomial(rng, freq[m], weights, order, suffix, row)
            for k in range(k_star):
                count_z[m, k] = row[k]
                class_total[k] += row[k]
            for j in range(n_lists):
                if cells[m, j] == 1:
                    for k in range(k_star):
                        caught[j, k] += row[k]

        # 2. capture probabilities: lambda_jk ~ Beta(1 + caught, 1 + not caught), per list and class,
        # drawn as G1 / (G1 + G0) with G1 ~ Gamma(1 + caught), G0 ~ Gamma(1 + not caught), the gamma
        # set-ups all at once (vector instructions); an empty class draws from its Beta(1, 1) prior
        for j in range(n_lists):
            for k in range(k_star):
                d1[j, k] = caught[j, k] + 2.0 / 3.0
                d0[j, k] = class_total[k] - caught[j, k] + 2.0 / 3.0
        for j in range(n_lists):
            for k in range(k_star):
                c1[j, k] = 1.0 / np.sqrt(9.0 * d1[j, k])
                c0[j, k] = 1.0 / np.sqrt(9.0 * d0[j, k])
        for j in range(n_lists):
            for k in range(k_star):
                if class_total[k] == 0:
                    u = _uniform_pos(rng)
                    lam[j, 1, k] = u
                    lam[j, 0, k] = 1.0 - u
                else:
                    g1 = _gamma_prepared(rng, d1[j, k], c1[j, k])
                    g0 = _gamma_prepared(rng, d0[j, k], c0[j, k])
                    scale = 1.0 / (g1 + g0)
                    lam[j, 1, k] = g1 * scale
                    lam[j, 0, k] = g0 * scale

        # 3. class weights: stick-breaking V_k ~ Beta(1 + n_k, alpha + people in later classes), on the
        # log scale because alpha can be tiny
        later = n + n0
        for k in range(k_star - 1):
            later -= class_total[k]
            stick_d[0, k] = class_total[k] + 2.0 / 3.0
            stick_d[1, k] = max(alpha + later, 1.0) - 1.0 / 3.0
        for k in range(k_star - 1):
            stick_c[0, k] = 1.0 / np.sqrt(9.0 * stick_d[0, k])
            stick_c[1, k] = 1.0 / np.sqrt(9.0 * stick_d[1, k])
        later = n + n0
        acc = 0.0
        for k in range(k_star - 1):
            later -= class_total[k]
            b = alpha + later
            if b >= 1.0:  # V = G1 / (G1 + G2), G1 ~ Gamma(1 + n_k), G2 ~ Gamma(b)
                g1 = _gamma_prepared(rng, stick_d[0, k], stick_c[0, k])
                g2 = _gamma_prepared(rng, stick_d[1, k], stick_c[1, k])
                gs = np.log(g1 + g2)
                log_nu[k] = np.log(g1) - gs + acc
                acc += np.log(g2) - gs
            else:
                g1 = _log_gamma(rng, 1.0 + class_total[k])
                g2 = _log_gamma(rng, b)
                gs = np.logaddexp(g1, g2)
                log_nu[k] = g1 - gs + acc
                acc += g2 - gs
        log_nu[k_star - 1] = acc
        for k in range(k_star):
            nu[k] = np.exp(log_nu[k])

        # 4. people nobody caught: n0 ~ NegBin(n, 1 - p_miss) under p(N) ~ 1/N, truncated at max_missing
        p_miss = 0.0
        p_seen = 0.0
        for k in range(k_star):
            missed = 1.0  # P(no list catches a member of class k), and 1 - that as a sum of positive terms
            seen = 0.0
            for j in range(n_lists):
                seen += missed * lam[j, 1, k]
                missed *= lam[j, 0, k]
            weights[k] = nu[k] * missed
            p_miss += weights[k]
            p_seen += nu[k] * seen
        n0 = -1
        for attempt in range(_MAX_NB_TRIES):
            mean = _gamma_ge1(rng, float(n)) * (p_miss / p_seen) if p_seen > 0.0 else np.inf
            draw = _poisson(rng, mean) if mean < _POISSON_CEILING else max_missing + 1
            if draw <= max_missing:
                n0 = draw
                break
            if attempt == 0:
                hits[0 if sweep < sample_start else 1] += 1
        if n0 < 0:  # the bound holds nearly all the mass above it: the truncated law sits at the bound
            n0 = max_missing

        # 5. classes of the unobserved people
        if n0 > 0:
            if not p_miss > 1e-280:
                zeros = np.zeros(n_lists, dtype=cells.dtype)
                _log_weights(log_nu, lam, zeros, weights)
            _multinomial(rng, n0, weights, order, suffix, count0)
        else:
            count0[:] = 0

        # 6. concentration: alpha ~ Gamma(a + K - 1, rate b - log nu_K) (held fixed during the warm-up)
        if sweep >= WARMUP_SWEEPS:
            alpha = _gamma_ge1(rng, a_alpha + k_star - 1.0) / (b_alpha - log_nu[k_star - 1])
            alpha = max(alpha, 1e-300)
        state_f[0] = alpha
        state_i[0] = n0

        if sweep == WARMUP_SWEEPS - 1:
            _sort_classes_by_weight(lam, log_nu, count_z, count0)
            for k in range(k_star):
                nu[k] = np.exp(log_nu[k])
        if sweep >= sample_start and (sweep - sample_start + 1) % thinning == 0:
            slot = (sweep - sample_start + 1) // thinning - 1
            out_n[slot] = n + n0
            used = 0
            for k in range(k_star):
                c = count0[k]
                for m in range(m_cells):
                    c += count_z[m, k]
                if c > 0:
                    used += 1
            out_classes[slot] = used
    _keep_alive(scratch_f, scratch_i)


@njit(**_JIT)
def _keep_alive(*arrays: np.ndarray) -> None:
    """A use of `arrays` after the sweeps: numba frees an array after its last use, and the borrowed views
    of the work space are not uses. (The work space is allocated here, not by the caller: the compiler
    optimises the sweep better around memory it sees allocated, 2-5% of a sweep.)"""


@njit(**_JIT)
def draw_many(which: int, a: float, b: float, size: int, rng: np.ndarray) -> np.ndarray:
    """`size` draws from one of the samplers above, for the tests that hold them against scipy:
    0 uniform, 1 normal, 2 Gamma(a), 3 Beta(a, b), 4 Binomial(int(a), b), 5 Poisson(a)."""
    out = np.empty(size)
    for i in range(size):
        if which == 0:
            out[i] = _uniform(rng)
        elif which == 1:
            out[i] = _normal(rng)
        elif which == 2:
            out[i] = np.exp(_log_gamma(rng, a))
        elif which == 3:
            out[i] = _beta_pair(rng, a, b)[0]
        elif which == 4:
            out[i] = _binomial(rng, int(a), b)
        else:
            out[i] = _poisson(rng, a)
    return out
