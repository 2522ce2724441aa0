"""Decomposable (chordal) graphs on K labelled lists, generated in code, with their cliques and separators.

A decomposable graphical model for K lists says which lists depend on each other; dga averages over all of
them. A graph is decomposable when every cycle of four or more vertices has a chord; its log-linear model
then factorises over its cliques divided by its separators, which is what makes the marginal likelihood
closed-form. Counts of labelled chordal graphs: 1, 2, 8, 61, 822, 18,154 for K = 1..6 (OEIS A058862).

Sets of lists are bitmasks: list j (0-based, the order of `CaptureHistory.lists`) is bit j. Names follow dga
and Rcapture: lists numbered from 1, each clique written as its digits, e.g. `[123,134]` or `[1,2,3,4]`
(independence). The canonical name sorts each clique's digits and then the cliques lexicographically;
`parse_graph_name` reads any order (dga prints `[14,3,2]`), so compare names with `same_graph`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from testament.errors import InputError

__all__ = [
    "DecomposableGraph",
    "GraphTable",
    "decomposable_graphs",
    "graph_name",
    "graph_table",
    "parse_graph_name",
    "same_graph",
]

MAX_LISTS = 6  # K=7 has 617,675 graphs: exhaustive averaging stops being sensible there


@dataclass(frozen=True)
class DecomposableGraph:
    """One decomposable graph: maximal cliques and the separators of a junction tree (with repeats)."""

    k: int
    edges: int  # bit p set when the p-th pair (i < j, in the order of `GraphTable.pairs`) is joined
    cliques: tuple[int, ...]  # bitmasks, canonical order (the order of the name)
    separators: tuple[int, ...]  # non-empty separators as bitmasks, sorted; a separator may repeat

    @property
    def name(self) -> str:
        return graph_name(self.cliques)

    @property
    def is_saturated(self) -> bool:
        """Every pair of lists joined: one clique holding all lists (N is then barely identified)."""
        return self.cliques == ((1 << self.k) - 1,)

    @property
    def is_independence(self) -> bool:
        return len(self.cliques) == self.k


@dataclass(frozen=True)
class GraphTable:
    """All decomposable graphs on k lists as arrays, for vectorised likelihoods.

    `coef[g, s]` is +1 when subset s (a bitmask) is a clique of graph g and -1 per time it is a separator;
    column 0 (the empty set) is always 0. A graph's log marginal likelihood is `coef[g] @ ml` where `ml[s]`
    is the log marginal likelihood of the table marginal on subset s."""

    k: int
    edges: np.ndarray  # (G,) int64 edge bitmasks, ascending: graph 0 is independence, the last is saturated
    coef: np.ndarray  # (G, 2**k) int8
    pairs: tuple[tuple[int, int], ...]  # bit p of an edge mask joins pairs[p]

    def __len__(self) -> int:
        return int(self.edges.shape[0])

    @property
    def saturated_index(self) -> int:
        return len(self) - 1

    def cliques(self, g: int) -> tuple[int, ...]:
        row = self.coef[g]
        return _canonical_order([int(s) for s in np.flatnonzero(row > 0)])

    def separators(self, g: int) -> tuple[int, ...]:
        row = self.coef[g]
        return tuple(int(s) for s in np.flatnonzero(row < 0) for _ in range(-int(row[s])))

    def graph(self, g: int) -> DecomposableGraph:
        return DecomposableGraph(self.k, int(self.edges[g]), self.cliques(g), self.separators(g))

    def name(self, g: int) -> str:
        return graph_name(self.cliques(g))

    def index(self, name_or_cliques: str | frozenset[int]) -> int:
        """Position of a graph given by name (any clique order) or by its set of clique bitmasks."""
        cliques = parse_graph_name(name_or_cliques) if isinstance(name_or_cliques, str) else name_or_cliques
        edges = 0
        for p, (i, j) in enumerate(self.pairs):
            if any(c >> i & 1 and c >> j & 1 for c in cliques):
                edges |= 1 << p
        g = int(np.searchsorted(self.edges, edges))
        if g >= len(self) or self.edges[g] != edges or frozenset(self.cliques(g)) != frozenset(cliques):
            shown = name_or_cliques if isinstance(name_or_cliques, str) else graph_name(tuple(cliques))
            raise InputError(
                f"{shown} is not a decomposable graph on {self.k} lists",
                hint="cliques must be the maximal cliques of a chordal graph, e.g. [12,23] or [123,34]",
            )
        return g


def graph_name(cliques: tuple[int, ...] | list[int] | frozenset[int]) -> str:
    """Canonical dga-style name of a set of cliques (bitmasks): `[123,134]`, `[1,2,3,4]`."""
    return "[" + ",".join(_clique_text(c) for c in _canonical_order(list(cliques))) + "]"


def parse_graph_name(name: str) -> frozenset[int]:
    """The set of clique bitmasks named by `[14,3,2]`, `[123,134]`... (lists numbered 1-9, any order)."""
    text = name.strip()
    if not re.fullmatch(r"\[\s*[1-9]+(\s*,\s*[1-9]+)*\s*\]", text):
        raise InputError(
            f"cannot read graph name {name!r}",
            hint="write cliques of list numbers (1-9) separated by commas in brackets, e.g. [123,34]",
        )
    cliques = []
    for part in text[1:-1].split(","):
        digits = part.strip()
        mask = 0
        for d in digits:
            mask |= 1 << (int(d) - 1)
        if bin(mask).count("1") != len(digits):
            raise InputError(f"graph name {name!r}: a list repeats within clique {digits}")
        cliques.append(mask)
    return frozenset(cliques)


def same_graph(a: str, b: str) -> bool:
    """True when two names give the same set of cliques, whatever their order (`[14,3,2]` == `[14,2,3]`)."""
    return parse_graph_name(a) == parse_graph_name(b)


@cache
def graph_table(k: int) -> GraphTable:
    """Every decomposable graph on k lists (1 <= k <= 6), computed once per k and cached."""
    if not 1 <= k <= MAX_LISTS:
        raise InputError(
            f"decomposable graphs are enumerated for 1 to {MAX_LISTS} lists, not {k}",
            hint="merge or drop lists: with 7 lists there are 617,675 graphs to average over",
        )
    pairs = tuple((i, j) for j in range(k) for i in range(j))
    masks = np.arange(1 << len(pairs), dtype=np.int64)
    adj = np.zeros((masks.size, k), dtype=np.int64)  # adj[g, v]: bitmask of v's neighbours
    for p, (i, j) in enumerate(pairs):
        on = (masks >> p) & 1
        adj[:, i] |= on << j
        adj[:, j] |= on << i
    removed_in = _elimination_rounds(adj)
    chordal = (removed_in >= 0).all(axis=1)
    edges, adj, rounds = masks[chordal], adj[chordal], removed_in[chordal]
    coef = _clique_coefficients(adj, rounds)
    edges.flags.writeable = False  # shared through the cache
    coef.flags.writeable = False
    return GraphTable(k, edges, coef, pairs)


@cache
def decomposable_graphs(k: int) -> tuple[DecomposableGraph, ...]:
    """Every decomposable graph on k lists as objects, in the order of `graph_table(k)`."""
    table = graph_table(k)
    return tuple(table.graph(g) for g in range(len(table)))


def _elimination_rounds(adj: np.ndarray) -> np.ndarray:
    """Round in which each vertex is removed by repeatedly deleting all simplicial vertices, -1 if never.

    A graph is chordal iff this empties it. Deleting every simplicial vertex at once is safe: a simplicial
    vertex lies on no chordless cycle, so a non-chordal graph keeps one, and chordality is hereditary."""
    n_graphs, k = adj.shape
    alive = np.full(n_graphs, (1 << k) - 1, dtype=np.int64)
    rounds = np.full((n_graphs, k), -1, dtype=np.int64)
    closed = adj | (np.int64(1) << np.arange(k, dtype=np.int64))  # closed neighbourhoods
    for r in range(k):
        simplicial = np.zeros((n_graphs, k), dtype=bool)
        for v in range(k):
            nb = adj[:, v] & alive
            ok = (alive >> v) & 1 == 1
            for u in range(k):  # every live neighbour u must see all of v's other live neighbours
                has_u = (nb >> u) & 1 == 1
                ok &= ~has_u | (nb & ~closed[:, u] == 0)
            simplicial[:, v] = ok
        if not simplicial.any():
            break
        rounds[simplicial] = r
        alive &= ~(simplicial.astype(np.int64) << np.arange(k, dtype=np.int64)).sum(axis=1)
    return rounds


def _clique_coefficients(adj: np.ndarray, rounds: np.ndarray) -> np.ndarray:
    """+1 per clique, -1 per separator, from a perfect elimination order (removal round, then label).

    With F_v = {v} + its later neighbours and M_v = the later neighbours, sum_v (F_v - M_v) telescopes to
    cliques minus separators: building the graph backwards, v either opens a new clique F_v joined to the
    rest through separator M_v, or grows the clique M_v into F_v."""
    n_graphs, k = adj.shape
    rank = rounds * k + np.arange(k)
    later = np.zeros((n_graphs, k), dtype=np.int64)
    for v in range(k):
        for u in range(k):
            if u != v:
                joined = (adj[:, v] >> u) & 1 == 1
                later[:, v] |= np.where(joined & (rank[:, u] > rank[:, v]), 1 << u, 0)
    family = later | (np.int64(1) << np.arange(k, dtype=np.int64))
    coef = np.zeros((n_graphs, 1 << k), dtype=np.int8)
    rows = np.repeat(np.arange(n_graphs), k)
    np.add.at(coef, (rows, family.ravel()), 1)
    np.add.at(coef, (rows, later.ravel()), -1)
    coef[:, 0] = 0  # empty separators (between connected components) contribute nothing
    return coef


def _canonical_order(cliques: list[int]) -> tuple[int, ...]:
    return tuple(sorted(cliques, key=_members))


def _members(mask: int) -> tuple[int, ...]:
    return tuple(j + 1 for j in range(mask.bit_length()) if mask >> j & 1)


def _clique_text(mask: int) -> str:
    return "".join(str(j) for j in _members(mask))
