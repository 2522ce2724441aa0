"""Records → persons. Pairs are joined from the most to the least certain, down to a threshold, with
three rules that single-link clustering lacks:

- a human "same" decision joins its two records first, whatever the model says;
- a human "different" decision is never crossed: two groups holding a cannot-link pair are not joined,
  so a cannot-link splits what the model would have chained together;
- one person is rarely listed twice by one list, so two groups that both hold records of the same list
  are only joined by a pair at least `same_source_threshold` sure, or when every two records of that
  list across the groups score at least `duplicate_threshold` themselves: the list then names him
  twice, and the records look it. Without that second test, a list's duplicate row (5% of rows in some
  lists) would keep the rest of its person apart.

- a record that names a perpetrator or a witness (a testimony's narrator) is never put with a victim's
  record (a list row, or a mention of a victim) on the model's say-so: "the interrogator Hossein
  Mousavi" is not the victim Hossein Mousavi however alike the names. A reviewer can still join them,
  and the person they make may then take more records of either side.

Every join is kept: the pairs that joined a person's records explain its membership. Contradicting human
decisions (A = B, B = C, but A ≠ C) are reported, and the "different" decision wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ADVERSE",
    "VICTIM",
    "Clustering",
    "Join",
    "choose_threshold",
    "cluster_records",
    "join_threshold",
    "role_sides",
]

VICTIM, ADVERSE = 1, 2  # sides of a record (0: neither)
_ADVERSE_ROLES = frozenset({"perpetrator", "narrator", "witness"})
_JOINED_BY_REVIEWER = 4  # a group a reviewer made of both sides


THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.05), 2)  # where the default threshold is sought


def choose_threshold(probabilities: np.ndarray) -> float:
    """The threshold that maximises the pairwise F1 the model expects of itself: joining the candidate
    pairs from `t` up, the expected true links are the sum of their probabilities, the expected false
    links the sum of the rest, and the expected missed links the probabilities of the pairs below `t`.
    With calibrated probabilities this is the best threshold one can choose without labels. Thresholds
    with no pair between them tie: the one nearest 0.5 (more likely than not) is taken. No pairs: 0.5."""
    p = np.sort(np.asarray(probabilities, dtype=np.float64))
    if len(p) == 0:
        return 0.5
    above = np.r_[np.cumsum(p[::-1])[::-1], 0.0]  # above[i] = sum of p[i:]
    first = np.searchsorted(p, THRESHOLDS, side="left")  # the first pair joined at each threshold
    true = above[first]
    false = (len(p) - first) - true
    missed = above[0] - true
    f1 = np.divide(2 * true, 2 * true + false + missed, out=np.zeros_like(true), where=true > 0)
    best = THRESHOLDS[f1 >= f1.max() - 1e-12]
    return float(best[np.argmin(np.abs(best - 0.5))])


SURELY_DIFFERENT = 0.05  # pairs scored below this are (calibrated) at least 95 % different people
_MIN_SURELY_DIFFERENT = 50  # fewer such pairs: the refusal rate is not measured, the threshold kept
_BAND = 0.05


def join_threshold(considered: Sequence[tuple[float, bool]], upper: float) -> float:
    """The lowest threshold, at most `upper`, down to which the joins clustering makes stay more likely
    right than wrong: each join changes the count of persons by one, so a join that is right more often
    than not brings the count closer to the truth, whatever a pair's own probability says.

    `considered`: every model pair clustering weighed between two different groups, down to
    `SURELY_DIFFERENT` or lower, as (probability, joined) (`cluster_records(considered=...)`). A pair's
    probability is calibrated over all candidate pairs, but a join is a pair the same-list rules let
    through, and they stop most false pairs: among pairs below `SURELY_DIFFERENT` (nearly all different
    people) they refuse a share `r`. Walking down from `upper` in bands of 0.05, the false joins expected
    in a band are the pairs weighed there times their probability of being different times (1 - r); the
    walk stops at the first band whose joins would be expected wrong more often than right. With fewer
    than 50 surely different pairs weighed (small data), `upper` is kept."""
    if not considered:
        return upper
    p = np.fromiter((c[0] for c in considered), dtype=np.float64, count=len(considered))
    joined = np.fromiter((c[1] for c in considered), dtype=bool, count=len(considered))
    low = p < SURELY_DIFFERENT
    if low.sum() < _MIN_SURELY_DIFFERENT:
        return upper
    through = float(joined[low].mean())  # 1 - r: the share of surely different pairs the rules let join
    threshold = upper
    for lo in [t for t in THRESHOLDS.tolist() if t < upper - 1e-9][::-1]:
        band = (p >= lo) & (p < lo + _BAND)
        joins = int((band & joined).sum())
        expected_false = float((1.0 - p[band]).sum()) * through
        if joins and expected_false > joins / 2:
            break
        threshold = float(lo)
    return threshold


def role_sides(rows: Sequence[int | None], roles: Sequence[str | None]) -> np.ndarray | None:
    """Each record's side: `VICTIM` for a list row (victim lists name victims) or a mention of a victim,
    `ADVERSE` for a mention of a perpetrator or of the narrator (a witness), 0 otherwise; None when no
    record is adverse (nothing to keep apart)."""
    sides = np.array(
        [
            ADVERSE if role in _ADVERSE_ROLES else VICTIM if role == "victim" or row is not None else 0
            for row, role in zip(rows, roles, strict=True)
        ],
        dtype=np.int8,
    )
    return sides if (sides == ADVERSE).any() else None


@dataclass(frozen=True)
class Join:
    """One pair that joined two groups: record indices, the score, and who decided it."""

    a: int
    b: int
    score: float
    origin: str  # "reviewer" or "model"


@dataclass
class Clustering:
    labels: np.ndarray  # per record index, a cluster number 0..k-1
    joins: list[Join]
    conflicts: list[tuple[int, int]] = field(default_factory=list)  # must-links refused by a cannot-link
    refused: int = 0  # model pairs above threshold not joined (cannot-link or same list)

    @property
    def count(self) -> int:
        return int(self.labels.max()) + 1 if len(self.labels) else 0


class _Scores:
    """Score of any pair of records by index: candidate pairs sorted by a combined key, 0 otherwise."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, score: np.ndarray) -> None:
        lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
        key = lo * max(n, 1) + hi
        order = np.argsort(key, kind="stable")
        self.n, self.key, self.score = max(n, 1), key[order], np.asarray(score)[order]

    def of(self, x: int, y: int) -> float:
        k = min(x, y) * self.n + max(x, y)
        i = int(np.searchsorted(self.key, k))
        return float(self.score[i]) if i < len(self.key) and self.key[i] == k else 0.0


class _Groups:
    def __init__(self, n: int, sources: np.ndarray | None, sides: np.ndarray | None = None) -> None:
        self.parent = np.arange(n)
        self.sides = np.zeros(n, dtype=np.int8) if sides is None else np.asarray(sides, dtype=np.int8).copy()
        # per group root: its records by list (None for records of no list, and for non-roots)
        self.sources: list[dict[int, list[int]] | None] = (
            [{int(s): [x]} for x, s in enumerate(sources)] if sources is not None else [None] * n
        )
        self.cannot: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return int(root)

    def blocked(self, i: int, j: int) -> bool:
        """Would joining groups i and j put a cannot-link pair in one group?"""
        small, other = (i, j) if len(self.cannot.get(i, ())) <= len(self.cannot.get(j, ())) else (j, i)
        return any(self.find(r) == other for r in self.cannot.get(small, ()))

    def opposed(self, i: int, j: int) -> bool:
        """Does one group hold a victim's record and the other a perpetrator's or a witness's, with no
        reviewer having joined the two sides in either?"""
        si, sj = int(self.sides[i]), int(self.sides[j])
        if (si | sj) & _JOINED_BY_REVIEWER:
            return False
        return bool((si & VICTIM and sj & ADVERSE) or (si & ADVERSE and sj & VICTIM))

    def shared_sources(self, i: int, j: int) -> list[tuple[list[int], list[int]]]:
        """For each list both groups hold records of: those records of group i and of group j."""
        si, sj = self.sources[i], self.sources[j]
        if not si or not sj:
            return []
        if len(si) > len(sj):
            return [(b, a) for a, b in self.shared_sources(j, i)]
        return [(records, sj[s]) for s, records in si.items() if s in sj]

    def union(self, i: int, j: int, *, reviewer: bool = False) -> None:
        opposed = self.opposed(i, j)
        sides = self.sides[i] | self.sides[j] | (_JOINED_BY_REVIEWER if reviewer and opposed else 0)
        self.sides[i] = self.sides[j] = sides
        si, sj = self.sources[i], self.sources[j]
        if si is not None and sj is not None and len(si) < len(sj):
            i, j = j, i
            si, sj = sj, si
        self.parent[j] = i
        if si is not None and sj is not None:
            for s, records in sj.items():
                si.setdefault(s, []).extend(records)
        self.sources[j] = None
        if j in self.cannot:
            self.cannot.setdefault(i, set()).update(self.cannot.pop(j))


def cluster_records(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    *,
    threshold: float,
    sources: np.ndarray | None = None,
    same_source_threshold: float = 0.99,
    duplicate_threshold: float | None = 0.5,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    sides: np.ndarray | None = None,
    considered: list[tuple[float, bool]] | None = None,
) -> Clustering:
    """Cluster `n` records (indices 0..n-1) from candidate pairs `a[i]`-`b[i]` with probability
    `score[i]`, honouring human decisions (`must_link`, `cannot_link`, as index pairs).
    `duplicate_threshold=None` joins groups that share a list only by a pair above `same_source_threshold`.
    `sides` (see `role_sides`) keeps victims' records from perpetrators' and witnesses' unless a reviewer
    joined them. `considered`, when given, receives (score, joined) for every model pair weighed between
    two different groups (see `join_threshold`)."""
    groups = _Groups(n, sources, sides)
    scores = _Scores(n, a, b, score) if sources is not None and duplicate_threshold is not None else None

    def same_list_clash(i: int, j: int, sure: float) -> bool:
        shared = groups.shared_sources(i, j)
        if not shared or sure >= same_source_threshold:
            return False
        if scores is None or duplicate_threshold is None:
            return True
        return any(
            scores.of(x, y) < duplicate_threshold for left, right in shared for x in left for y in right
        )

    for x, y in cannot_link:
        groups.cannot.setdefault(int(x), set()).add(int(y))
        groups.cannot.setdefault(int(y), set()).add(int(x))
    joins: list[Join] = []
    conflicts: list[tuple[int, int]] = []
    for x, y in must_link:
        i, j = groups.find(int(x)), groups.find(int(y))
        if i == j:
            continue
        if groups.blocked(i, j):
            conflicts.append((int(x), int(y)))
            continue
        groups.union(i, j, reviewer=True)
        joins.append(Join(int(x), int(y), 1.0, "reviewer"))
    keep = np.flatnonzero(score >= threshold)
    order = keep[np.argsort(-score[keep], kind="stable")]
    refused = 0
    for k in order.tolist():
        i, j = groups.find(int(a[k])), groups.find(int(b[k]))
        if i == j:
            continue
        if groups.blocked(i, j) or groups.opposed(i, j) or same_list_clash(i, j, float(score[k])):
            refused += 1
            if considered is not None:
                considered.append((float(score[k]), False))
            continue
        if considered is not None:
            considered.append((float(score[k]), True))
        groups.union(i, j)
        joins.append(Join(int(a[k]), int(b[k]), float(score[k]), "model"))
    roots = np.array([groups.find(x) for x in range(n)], dtype=np.int64)
    _, labels = np.unique(roots, return_inverse=True)
    return Clustering(labels.astype(np.int64), joins, conflicts, refused)
