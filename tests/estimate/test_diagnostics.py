"""R-hat and effective sample size on chains whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from testament.estimate.diagnostics import ess_bulk, ess_tail, rhat


def _ar1(rng: np.random.Generator, phi: float, chains: int, n: int) -> np.ndarray:
    noise = rng.normal(size=(chains, n))
    out = np.empty_like(noise)
    out[:, 0] = noise[:, 0] / np.sqrt(1 - phi**2)
    for t in range(1, n):
        out[:, t] = phi * out[:, t - 1] + noise[:, t]
    return out


def test_rhat_iid_normal_chains_near_one() -> None:
    draws = np.random.default_rng(1).normal(size=(4, 2000))
    assert abs(rhat(draws) - 1.0) < 0.01


def test_ess_iid_normal_chains_near_draw_count() -> None:
    draws = np.random.default_rng(2).normal(size=(4, 2000))
    assert 0.85 * draws.size < ess_bulk(draws) < 1.2 * draws.size
    assert 0.8 * draws.size < ess_tail(draws) < 1.25 * draws.size


def test_rhat_shifted_chain_large() -> None:
    draws = np.random.default_rng(3).normal(size=(4, 1000))
    draws[0] += 1.5
    assert rhat(draws) > 1.1
    assert ess_bulk(draws) < 0.2 * draws.size


def test_rhat_drift_within_chains_caught_by_splitting() -> None:
    # every chain drifts the same way: the chains agree with each other, only their halves disagree
    rng = np.random.default_rng(4)
    draws = rng.normal(size=(4, 1000)) + np.linspace(0, 3, 1000)[None, :]
    assert rhat(draws) > 1.1


def test_rhat_wider_chain_caught_by_folding() -> None:
    # same centre, one chain four times as spread: bulk R-hat barely moves, the folded (tail) one does
    rng = np.random.default_rng(5)
    draws = rng.normal(size=(4, 2000))
    draws[0] *= 4.0
    assert rhat(draws) > 1.05


def test_ess_ar1_chains_matches_theory() -> None:
    phi = 0.8
    draws = _ar1(np.random.default_rng(6), phi, 4, 5000)
    expected = draws.size * (1 - phi) / (1 + phi)
    assert 0.8 * expected < ess_bulk(draws) < 1.25 * expected


def test_rhat_integer_draws_with_ties_near_one() -> None:
    # posterior draws of N are integers with many ties; ranks must average them
    draws = np.random.default_rng(7).poisson(30, size=(4, 2000))
    assert abs(rhat(draws) - 1.0) < 0.01
    assert ess_bulk(draws) > 0.8 * draws.size


def test_diagnostics_constant_draws_undefined() -> None:
    draws = np.full((4, 100), 7.0)
    assert np.isnan(rhat(draws))
    assert np.isnan(ess_bulk(draws))
    assert np.isnan(ess_tail(draws))


def test_diagnostics_single_chain_accepted() -> None:
    draws = np.random.default_rng(8).normal(size=3000)
    assert abs(rhat(draws) - 1.0) < 0.02
    assert ess_bulk(draws) > 2000


def test_diagnostics_wrong_shape_rejected() -> None:
    with pytest.raises(ValueError, match="shape"):
        rhat(np.zeros((2, 3, 4)))
