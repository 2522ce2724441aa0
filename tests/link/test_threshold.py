"""The default threshold is chosen from the model's own expected precision and recall."""

from __future__ import annotations

import numpy as np
import pytest

from testament.link.cluster import THRESHOLDS, choose_threshold


def _f1(p: np.ndarray, y: np.ndarray, t: float) -> float:
    joined = p >= t
    tp = float(np.sum(joined & y))
    return 2 * tp / (2 * tp + np.sum(joined & ~y) + np.sum(~joined & y))


def test_weak_pairs_stay_apart_when_sure_ones_dominate() -> None:
    p = np.array([0.99] * 100 + [0.3] * 10)
    assert choose_threshold(p) > 0.3


def test_many_likely_pairs_are_joined() -> None:
    # joining a 0.6 pair adds 0.6 expected true links for 0.4 false ones: worth it when they are many
    p = np.array([0.99] * 10 + [0.6] * 100)
    assert choose_threshold(p) <= 0.6


def test_no_pairs_gives_the_middle() -> None:
    assert choose_threshold(np.array([])) == 0.5


def test_a_gap_without_pairs_ties_towards_the_middle() -> None:
    # no pair between 0.1 and 0.9: every threshold in between joins the same pairs
    p = np.array([0.99] * 50 + [0.95] * 5 + [0.02] * 50)
    assert choose_threshold(p) == 0.5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calibrated_scores_give_a_near_best_threshold(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # calibrated by construction: each pair is a match with exactly its probability
    p = np.concatenate([rng.beta(8, 1, 4000), rng.beta(1, 8, 6000), rng.uniform(0, 1, 1500)])
    y = rng.uniform(size=len(p)) < p
    chosen = choose_threshold(p)
    best = max(_f1(p, y, t) for t in THRESHOLDS)
    assert _f1(p, y, chosen) >= best - 0.01
    # with calibrated scores the F1-optimal threshold is half the best F1 (Lipton et al. 2014)
    assert abs(chosen - best / 2) <= 0.05 + 1e-9
