"""Independence of sources: lists copied from one another count as one source.

An analyst records that a source was derived or copied from another (`testament.legal.derive_source`);
`source_groups` joins sources so related into groups, and a case file counts groups, not files.
`overlap_suggestions` proposes such relations from linkage: under independence two lists of sizes n1 and n2
drawn from N persons share about n1·n2/N of them. A pair sharing far more (observed / expected ≥ `min_ratio`,
and a hypergeometric tail probability below `alpha`), or one that nearly contains the other, is suggested.
N is the number of persons the case's linked records name, a lower bound of the population; the expected
overlap under independence is then too high, so the ratio errs on the side of not suggesting.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import Connection, select

from testament.store.case import Case
from testament.store.schema import artifacts, person_records, source_relations, sources

__all__ = ["OverlapSuggestion", "overlap_statistics", "overlap_suggestions", "source_groups"]


@dataclass(frozen=True)
class OverlapSuggestion:
    """Two lists whose overlap is far above what independence predicts."""

    source_a: int
    source_b: int
    size_a: int
    size_b: int
    overlap: int
    expected: float  # under independence, given the case's persons
    ratio: float  # overlap / expected
    containment: float  # overlap / the smaller list's size
    p_value: float  # P(overlap ≥ observed) under independence (hypergeometric)
    persons: int  # N: persons in the case
    recorded: bool  # a relation between the two is already recorded


def source_groups(conn: Connection) -> dict[int, int]:
    """Source id → the id of its group (the smallest source id among those related to it, transitively)."""
    parent: dict[int, int] = {int(s): int(s) for s in conn.execute(select(sources.c.id)).scalars()}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in conn.execute(select(source_relations.c.source_id, source_relations.c.other_source_id)):
        ra, rb = root(int(a)), root(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {s: root(s) for s in list(parent)}


def overlap_suggestions(
    case: Case, *, min_ratio: float = 2.0, alpha: float = 1e-6
) -> list[OverlapSuggestion]:
    """Pairs of list sources (with records linked to persons) whose overlap suggests one was built from the
    other: observed / expected ≥ `min_ratio` with p < `alpha`. Strongest first. With only two lists in a
    case N is their union and a full copy looks independent: the statistic needs other lists beside them."""
    with case.read() as conn:
        members: dict[int, set[int]] = {}
        for source_id, person_id in conn.execute(
            select(artifacts.c.source_id, person_records.c.person_id)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(sources.c.kind == "list", person_records.c.person_id.is_not(None))
        ):
            members.setdefault(int(source_id), set()).add(int(person_id))
        related = {
            frozenset((int(a), int(b)))
            for a, b in conn.execute(select(source_relations.c.source_id, source_relations.c.other_source_id))
        }
    return overlap_statistics(members, related, min_ratio=min_ratio, alpha=alpha)


def overlap_statistics(
    members: Mapping[int, set[int]],
    related: Collection[frozenset[int]] = (),
    *,
    min_ratio: float = 2.0,
    alpha: float = 1e-6,
) -> list[OverlapSuggestion]:
    """`overlap_suggestions` on lists given as source id → the persons on it."""
    from scipy.stats import hypergeom

    n = len(set().union(*members.values())) if members else 0
    out = []
    for a, b in combinations(sorted(members), 2):
        na, nb = len(members[a]), len(members[b])
        k = len(members[a] & members[b])
        expected = na * nb / n if n else 0.0
        ratio = k / expected if expected else 0.0
        p = float(hypergeom.sf(k - 1, n, na, nb)) if n else 1.0
        contained = k / min(na, nb) if min(na, nb) else 0.0
        if ratio >= min_ratio and p < alpha:
            out.append(
                OverlapSuggestion(
                    a, b, na, nb, k, expected, ratio, contained, p, n, frozenset((a, b)) in related
                )
            )
    return sorted(out, key=lambda s: (s.p_value, -s.ratio))
