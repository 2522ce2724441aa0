"""How sure a linkage is, and other linkages as plausible as the one a run chose.

A run joins the pairs whose match probability reaches its threshold. If the probabilities are calibrated
(a pair scored p is the same person with probability p), they also say how good that choice is and which
other linkages are nearly as likely:

- **Expected precision and recall** (`LinkQuality`): among candidate pairs whose records the run put in
  one person, the expected true links are the sum of their probabilities; among candidate pairs it kept
  apart, the expected missed links are the sum of theirs. Expected precision = expected true links /
  pairs joined; expected recall = expected true links / (expected true links + expected missed links).
  Reviewer decisions count as probability 1 ("same") or 0 ("different"). Pairs joined only through other
  records (A-B and B-C joined, A-C not a candidate) are not counted.
- **Borderline pairs**: undecided pairs with 0.2 <= p <= 0.8, where the model is least sure and a review
  answer changes most. **Persons at 0.2 and 0.8**: the person count if the run had joined every pair from
  0.2 up, or only from 0.8 up, with the same clustering rules: how far the count could move if the
  borderline pairs were reviewed.
- **Plausible linkages** (`sample_linkages`): clusterings drawn from the pair probabilities. Each
  candidate pair is drawn "same person" with its probability, independently and seeded; the drawn pairs
  are then clustered exactly as the run clusters (`cluster.cluster_records`: most certain first, reviewer
  decisions kept whatever was drawn, the same-list rules with the run's `same_source_threshold` and
  `duplicate_threshold` judged on the drawn pairs' probabilities). Or, with `mode="thresholds"`, the run's
  clustering at thresholds spread evenly across the borderline band.

A run stores only the pairs that can join at some plausible threshold (`PLAUSIBLE`: probability at least
0.01, or the run's threshold if that is lower) in `link_pairs`; pairs below it would be drawn in fewer than
one linkage in a hundred, and then mostly refused by the same-list rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from testament.errors import InputError
from testament.link.cluster import cluster_records
from testament.link.pipeline import Decision, LinkOptions, LinkResult

__all__ = [
    "BORDERLINE",
    "PLAUSIBLE",
    "ClusterRules",
    "LinkQuality",
    "PairGraph",
    "borderline_pairs",
    "graph_of_result",
    "link_quality",
    "sample_linkages",
]

PLAUSIBLE = 0.01  # pairs kept in link_pairs: those that can join at some plausible threshold
BORDERLINE = (0.2, 0.8)  # the band of pairs a review answer is most likely to change

LinkageMode = Literal["sample", "thresholds"]


@dataclass(frozen=True)
class ClusterRules:
    """The clustering settings of a run (`LinkOptions`), kept in the run's summary so that other linkages
    are clustered the same way."""

    threshold: float = 0.5
    same_source_threshold: float = 0.99
    duplicate_threshold: float | None = 0.5
    exclusive_sources: bool = True

    @classmethod
    def of(cls, options: LinkOptions) -> ClusterRules:
        return cls(
            0.5 if options.threshold is None else options.threshold,
            options.same_source_threshold,
            options.duplicate_threshold,
            options.exclusive_sources,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], threshold: float) -> ClusterRules:
        return cls(
            threshold=float(data.get("threshold", threshold)),
            same_source_threshold=float(data.get("same_source_threshold", 0.99)),
            duplicate_threshold=data.get("duplicate_threshold", 0.5),
            exclusive_sources=bool(data.get("exclusive_sources", True)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "same_source_threshold": self.same_source_threshold,
            "duplicate_threshold": self.duplicate_threshold,
            "exclusive_sources": self.exclusive_sources,
        }

    @property
    def floor(self) -> float:
        """The lowest probability a stored pair has: `PLAUSIBLE`, or the threshold if it is lower."""
        return min(PLAUSIBLE, self.threshold)


@dataclass
class PairGraph:
    """The records of a run (by index 0..n-1, `record_ids` ascending), the source each came from, and
    candidate pairs by index with their match probabilities; reviewer decisions as index pairs."""

    record_ids: np.ndarray
    sources: np.ndarray  # per record: its artifact; a record of no artifact is a source of its own
    a: np.ndarray
    b: np.ndarray
    probability: np.ndarray
    rules: ClusterRules
    must: list[tuple[int, int]] = field(default_factory=list)
    cannot: list[tuple[int, int]] = field(default_factory=list)
    # per record: its side (`cluster.role_sides`: a victim's, a perpetrator's or a witness's); None when no
    # record is adverse. Every linkage keeps the sides apart as the run does.
    sides: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        record_ids: np.ndarray,
        sources: np.ndarray,
        pair_a: np.ndarray,
        pair_b: np.ndarray,
        probability: np.ndarray,
        rules: ClusterRules,
        decisions: Sequence[Decision] = (),
        sides: np.ndarray | None = None,
    ) -> PairGraph:
        """From record ids (pairs and decisions by record id); pairs or decisions naming a record that is
        not among `record_ids` are left out. `sides` is per record of `record_ids`, in their order."""
        order = np.argsort(record_ids, kind="stable")
        ids = np.asarray(record_ids, dtype=np.int64)[order]
        src = np.asarray(sources, dtype=np.int64)[order]
        src = np.where(src < 0, -np.arange(1, len(ids) + 1), src)  # no source: a source of its own
        ia, ka = _positions(ids, np.asarray(pair_a, dtype=np.int64))
        ib, kb = _positions(ids, np.asarray(pair_b, dtype=np.int64))
        keep = ka & kb & (ia != ib)
        graph = cls(ids, src, ia[keep], ib[keep], np.asarray(probability, dtype=np.float64)[keep], rules)
        if sides is not None:
            graph.sides = np.asarray(sides, dtype=np.int8)[order]
        if decisions:
            da, fa = _positions(ids, np.array([d.a for d in decisions], dtype=np.int64))
            db, fb = _positions(ids, np.array([d.b for d in decisions], dtype=np.int64))
            for d, x, y, ok in zip(decisions, da.tolist(), db.tolist(), (fa & fb).tolist(), strict=True):
                if ok and x != y:
                    (graph.must if d.same else graph.cannot).append((x, y))
        return graph

    @property
    def n(self) -> int:
        return len(self.record_ids)

    def decided(self) -> np.ndarray:
        """Per pair: 1 for a reviewer's "same", 0 for "different", -1 for undecided."""
        out = np.full(len(self.a), -1, dtype=np.int8)
        if not (self.must or self.cannot) or not len(self.a):
            return out
        key = np.minimum(self.a, self.b) * self.n + np.maximum(self.a, self.b)
        order = np.argsort(key)
        for value, pairs in ((1, self.must), (0, self.cannot)):
            for x, y in pairs:
                k = min(x, y) * self.n + max(x, y)
                i = int(np.searchsorted(key, k, sorter=order))
                if i < len(key) and key[order[i]] == k:
                    out[order[i]] = value
        return out

    def cluster(self, threshold: float | None = None, drawn: np.ndarray | None = None) -> np.ndarray:
        """Cluster labels per record: the run's clustering at `threshold` (default the run's), or of the
        `drawn` pairs only (a boolean mask), each of which joins whatever its probability, subject to the
        same rules."""
        rules = self.rules
        a, b, p = self.a, self.b, self.probability
        if drawn is not None:
            a, b, p = a[drawn], b[drawn], p[drawn]
            threshold = 0.0
        clustering = cluster_records(
            self.n,
            a,
            b,
            p,
            threshold=rules.threshold if threshold is None else threshold,
            sources=self.sources if rules.exclusive_sources else None,
            same_source_threshold=rules.same_source_threshold,
            duplicate_threshold=rules.duplicate_threshold,
            must_link=self.must,
            cannot_link=self.cannot,
            sides=self.sides,
        )
        return clustering.labels


def _positions(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each wanted id in sorted `ids`, and whether it is there."""
    if not len(ids):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    pos = np.searchsorted(ids, wanted)
    pos = np.minimum(pos, len(ids) - 1)
    return pos.astype(np.int64), ids[pos] == wanted


@dataclass(frozen=True)
class LinkQuality:
    """What a run's pair probabilities say about its linkage (see the module docstring)."""

    pairs_joined: int  # candidate pairs whose records are in one person
    expected_true_links: float
    expected_missed_links: float
    expected_precision: float
    expected_recall: float
    borderline_pairs: int
    persons: int
    persons_at_low: int  # persons if every pair from BORDERLINE[0] up had joined
    persons_at_high: int  # persons if only pairs from BORDERLINE[1] up had joined

    def to_dict(self) -> dict[str, Any]:
        low, high = BORDERLINE
        return {
            "expected_precision": round(self.expected_precision, 4),
            "expected_recall": round(self.expected_recall, 4),
            "pairs_joined": self.pairs_joined,
            "expected_true_links": round(self.expected_true_links, 1),
            "expected_false_links": round(self.pairs_joined - self.expected_true_links, 1),
            "expected_missed_links": round(self.expected_missed_links, 1),
            "borderline_pairs": self.borderline_pairs,
            "borderline_band": [low, high],
            "persons_range": {
                "persons": self.persons,
                f"at_{low}": self.persons_at_low,
                f"at_{high}": self.persons_at_high,
            },
        }


def link_quality(graph: PairGraph, labels: np.ndarray) -> LinkQuality:
    """Expected precision and recall of the clustering `labels` of `graph`'s records, the borderline pairs,
    and the persons at the ends of the borderline band."""
    p = graph.probability.copy()
    decided = graph.decided()
    p[decided == 1], p[decided == 0] = 1.0, 0.0
    together = labels[graph.a] == labels[graph.b]
    true_links = float(p[together].sum())
    missed = float(p[~together].sum())
    joined = int(together.sum())
    low, high = BORDERLINE
    borderline = int(((graph.probability >= low) & (graph.probability <= high) & (decided < 0)).sum())
    persons = _count(labels)
    at_low, at_high = (_count(graph.cluster(threshold=t)) for t in (low, high))
    return LinkQuality(
        pairs_joined=joined,
        expected_true_links=true_links,
        expected_missed_links=missed,
        expected_precision=true_links / joined if joined else 1.0,
        expected_recall=true_links / (true_links + missed) if true_links + missed > 0 else 1.0,
        borderline_pairs=borderline,
        persons=persons,
        persons_at_low=at_low,
        persons_at_high=at_high,
    )


def _count(labels: np.ndarray) -> int:
    return int(labels.max()) + 1 if len(labels) else 0


def borderline_pairs(graph: PairGraph) -> int:
    """Undecided pairs inside the borderline band."""
    low, high = BORDERLINE
    p = graph.probability
    return int(((p >= low) & (p <= high) & (graph.decided() < 0)).sum())


def graph_of_result(
    result: LinkResult,
    sources: np.ndarray,
    options: LinkOptions,
    decisions: Sequence[Decision] = (),
    sides: np.ndarray | None = None,
) -> tuple[PairGraph, np.ndarray]:
    """The pair graph of a run just made (every candidate pair), and the run's cluster labels in the
    graph's record order. `sides` per record of `result.record_ids` (`cluster.role_sides`)."""
    graph = PairGraph.build(
        result.record_ids,
        sources,
        result.pairs.a,
        result.pairs.b,
        result.probabilities,
        ClusterRules.of(options),
        decisions,
        sides,
    )
    order = np.argsort(result.record_ids, kind="stable")
    return graph, np.asarray(result.clustering.labels)[order]


def sample_linkages(
    graph: PairGraph, count: int, *, seed: int = 1, mode: LinkageMode = "sample"
) -> Iterator[np.ndarray]:
    """`count` plausible linkages of `graph`'s records, as cluster labels per record (see the module
    docstring). Seeded: the same graph, count, seed and mode give the same linkages."""
    if count < 0:
        raise InputError(
            f"--linkages {count}: expected 0 or more", hint="use e.g. --linkages 20, or 0 for none"
        )
    if mode == "thresholds":
        low, high = BORDERLINE
        for t in np.linspace(low, high, count) if count > 1 else [graph.rules.threshold] * count:
            yield graph.cluster(threshold=float(t))
        return
    if mode != "sample":
        raise InputError(f"linkage mode '{mode}' is not known", hint="use 'sample' or 'thresholds'")
    streams = np.random.SeedSequence([seed, 0x11CE]).spawn(count)
    for stream in streams:
        rng = np.random.default_rng(stream)
        drawn = rng.random(len(graph.probability)) < graph.probability
        yield graph.cluster(drawn=drawn)
