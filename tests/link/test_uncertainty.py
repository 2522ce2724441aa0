"""What a run's pair probabilities say about its linkage: expected precision and recall, borderline pairs,
and plausible linkages drawn from them (seeded, reviewer decisions kept)."""

from __future__ import annotations

import numpy as np
import pytest

from testament.errors import InputError
from testament.link import Decision, PairGraph, link_quality, sample_linkages
from testament.link.uncertainty import ClusterRules


def _pairs_graph(p: float, people: int = 150, decisions: list[Decision] | None = None) -> PairGraph:
    """`people` persons, each with one record on list 1 (id 2i) and one on list 2 (id 2i+1), their pair
    scored `p`; and a stranger pair between neighbours scored 0.05."""
    ids = np.arange(2 * people, dtype=np.int64)
    sources = np.where(ids % 2 == 0, 1, 2)
    a = np.concatenate([ids[::2], ids[2::2]])
    b = np.concatenate([ids[1::2], ids[1:-2:2]])
    prob = np.concatenate([np.full(people, p), np.full(people - 1, 0.05)])
    return PairGraph.build(ids, sources, a, b, prob, ClusterRules(), decisions or [])


def _count(labels: np.ndarray) -> int:
    return int(labels.max()) + 1


def test_link_quality_sums_probabilities_of_joined_and_missed_pairs() -> None:
    ids = np.array([1, 2, 3, 4])
    graph = PairGraph.build(
        ids, np.array([1, 2, 1, 2]), np.array([1, 3, 1]), np.array([2, 4, 4]), np.array([0.9, 0.3, 0.05]),
        ClusterRules(threshold=0.5),
    )  # fmt: skip
    quality = link_quality(graph, graph.cluster())
    assert (quality.persons, quality.pairs_joined, quality.borderline_pairs) == (3, 1, 1)
    assert quality.expected_precision == pytest.approx(0.9)
    assert quality.expected_recall == pytest.approx(0.9 / (0.9 + 0.3 + 0.05))
    assert (quality.persons_at_low, quality.persons_at_high) == (2, 3)  # 3-4 joins at 0.2, not at 0.8
    data = quality.to_dict()
    assert data["expected_false_links"] == pytest.approx(0.1) and data["persons_range"]["at_0.2"] == 2
    # a reviewer's "same" on the borderline pair: it counts as sure, joins, and is no longer borderline
    decided = PairGraph.build(
        ids, np.array([1, 2, 1, 2]), np.array([1, 3, 1]), np.array([2, 4, 4]), np.array([0.9, 0.3, 0.05]),
        ClusterRules(threshold=0.5), [Decision(3, 4, True)],
    )  # fmt: skip
    quality = link_quality(decided, decided.cluster())
    assert (quality.persons, quality.pairs_joined, quality.borderline_pairs) == (2, 2, 0)
    assert quality.expected_precision == pytest.approx(1.9 / 2)


def test_sample_linkages_same_seed_same_linkages_and_decisions_always_kept() -> None:
    graph = _pairs_graph(0.5, decisions=[Decision(0, 1, False), Decision(2, 3, True)])
    first = list(sample_linkages(graph, 6, seed=3))
    again = list(sample_linkages(graph, 6, seed=3))
    other = list(sample_linkages(graph, 6, seed=4))
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(first, other, strict=True))
    for labels in first + other:
        assert labels[0] != labels[1]  # "different" is never crossed, whatever was drawn
        assert labels[2] == labels[3]  # "same" always joins
    assert len({_count(labels) for labels in first}) > 1


def test_sample_linkages_spread_wider_when_pairs_are_uncertain() -> None:
    certain = [_count(labels) for labels in sample_linkages(_pairs_graph(0.995), 10, seed=1)]
    uncertain = [_count(labels) for labels in sample_linkages(_pairs_graph(0.5), 10, seed=1)]
    assert max(certain) - min(certain) <= 4
    assert max(uncertain) - min(uncertain) > 10
    assert np.mean(uncertain) > np.mean(certain) + 50  # about half the pairs are drawn apart
    # thresholds across the borderline band: fewer persons at the low end
    swept = [_count(labels) for labels in sample_linkages(_pairs_graph(0.5), 3, mode="thresholds")]
    assert swept[0] < swept[-1]


def test_sample_linkages_refuses_a_negative_count() -> None:
    with pytest.raises(InputError, match="expected 0 or more"):
        list(sample_linkages(_pairs_graph(0.5), -1))


def test_pair_graph_keeps_role_sides_apart_in_every_linkage() -> None:
    """Rule: a perpetrator's or a witness's record never joins a victim's on the model's say-so, in the
    run's clustering and in every plausible linkage (drawn or at any threshold); a reviewer's "same" still
    joins them."""
    from testament.link.cluster import ADVERSE, VICTIM

    ids = np.array([10, 20, 30])  # 10: a victim's list row; 20: a perpetrator named in a testimony
    sides = np.array([VICTIM, ADVERSE, VICTIM], dtype=np.int8)
    a, b, p = np.array([10, 20]), np.array([20, 30]), np.array([0.99, 0.2])
    graph = PairGraph.build(ids, np.array([1, 2, 3]), a, b, p, ClusterRules(), sides=sides)
    assert _count(graph.cluster()) == 3
    assert _count(graph.cluster(threshold=0.05)) == 3
    assert all(_count(labels) == 3 for labels in sample_linkages(graph, 5, seed=1))
    assert all(_count(labels) == 3 for labels in sample_linkages(graph, 3, mode="thresholds"))
    without = PairGraph.build(ids, np.array([1, 2, 3]), a, b, p, ClusterRules())
    assert _count(without.cluster()) == 2  # the rule, not the data, keeps them apart
    reviewed = PairGraph.build(
        ids, np.array([1, 2, 3]), a, b, p, ClusterRules(), [Decision(10, 20, True)], sides=sides
    )
    assert _count(reviewed.cluster()) == 2
    # sides are given in the order of the ids passed, whatever that order
    shuffled = PairGraph.build(ids[::-1], np.array([3, 2, 1]), a, b, p, ClusterRules(), sides=sides[::-1])
    assert _count(shuffled.cluster()) == 3
