"""Independence of sources: overlap far above what list sizes predict suggests a copy; recorded relations
join sources into one group."""

from __future__ import annotations

import random

from testament.legal.independence import overlap_statistics


def _lists(seed: int = 7) -> dict[int, set[int]]:
    rng = random.Random(seed)
    people = list(range(3000))
    ngo = set(rng.sample(people, 400))
    press = set(rng.sample(sorted(ngo), 300)) | set(rng.sample(people, 20))  # built from the NGO's list
    court = set(rng.sample(people, 400))  # independent of both
    family = set(rng.sample(people, 800))
    return {1: ngo, 2: press, 3: court, 4: family}


def test_overlap_statistics_suggest_the_copied_pair_only() -> None:
    found = overlap_statistics(_lists())
    assert [(s.source_a, s.source_b) for s in found] == [(1, 2)]
    [copy] = found
    assert copy.ratio > 2 and copy.p_value < 1e-6 and copy.containment > 0.9
    assert abs(copy.expected - copy.size_a * copy.size_b / copy.persons) < 1e-9
    assert not copy.recorded


def test_overlap_statistics_mark_a_pair_already_recorded() -> None:
    [copy] = overlap_statistics(_lists(), [frozenset((1, 2))])
    assert copy.recorded


def test_overlap_statistics_of_independent_lists_suggest_nothing() -> None:
    lists = _lists()
    del lists[2]
    assert overlap_statistics(lists) == []
