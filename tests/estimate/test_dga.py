"""Decomposable graphs and dga's Bayesian model averaging, checked against dga 2.0.2's numbers."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable

import numpy as np
import pytest
from scipy.special import gammaln

from testament.errors import InputError
from testament.estimate.dga import dga_posterior, estimate_dga
from testament.estimate.graphs import (
    decomposable_graphs,
    graph_name,
    graph_table,
    parse_graph_name,
    same_graph,
)
from testament.estimate.history import CaptureHistory
from tests.conftest import MSE_DATA

MSE = MSE_DATA


def _dga_reference_rows() -> list[dict[str, str]]:
    with (MSE / "reference.csv").open(newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["package"] == "dga"]


def _history(name: str) -> CaptureHistory:
    return CaptureHistory.from_pattern_csv(MSE / f"{name}.csv")[None]


def _reference_kwargs(row: dict[str, str], n: int) -> dict[str, object]:
    """Our arguments for one dga reference row, read from its method and settings text."""
    settings = row["settings"]
    kwargs: dict[str, object] = {"exclude_saturated": "excluding saturated" in row["method"]}
    delta = re.search(r"delta=([^,]+)", settings)
    if delta:
        kwargs["delta"] = float(delta.group(1).split("=")[-1])
    grid = re.search(r"Nmissing=(\d+):(\d+)", settings)
    if grid and int(grid.group(1)) > 0:  # a grid not starting at 0: reproduce it with a prior array
        first, last = int(grid.group(1)), int(grid.group(2))
        prior = np.full(last + 1, -np.inf)
        prior[first:] = -np.log(n + np.arange(first, last + 1))
        kwargs["log_prior_n"] = prior
    return kwargs


def _top_models(info: str) -> list[tuple[str, float]]:
    return [(m, float(w)) for m, w in re.findall(r"(\[[\d,]+\]):([\d.]+)", info)]


def _brute_force(
    history: CaptureHistory, delta: float, nmax: int, log_prior: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """dga's bma.cr written out literally: every graph at every Nmissing in 0..nmax. Returns the posterior
    of N on that grid and the graph weights."""
    k, n = history.k, history.observed
    table = np.asarray(history.counts, dtype=float).reshape([2] * k, order="F")  # axis j = list j
    nm = np.arange(nmax + 1, dtype=float)

    def component(subset: int) -> np.ndarray:
        axes = [j for j in range(k) if subset >> j & 1]
        margin = table.sum(axis=tuple(j for j in range(k) if j not in axes)).ravel(order="F")
        d = delta * 2.0 ** (k - len(axes))
        return gammaln(nm + margin[0] + d) + gammaln(margin[1:] + d).sum() - margin.size * gammaln(d)

    denominator = gammaln(2**k * delta) - gammaln(nm + n + 2**k * delta)
    rows = []
    for graph in decomposable_graphs(k):
        ml = sum(component(c) for c in graph.cliques) - sum((component(s) for s in graph.separators), 0.0)
        rows.append(ml + (len(graph.cliques) - len(graph.separators)) * denominator)
    logpost = np.array(rows) + gammaln(nm + n + 1) - gammaln(nm + 1) + log_prior(nm + n)
    post = np.exp(logpost - logpost.max())
    post /= post.sum()
    return post.sum(axis=0), post.sum(axis=1)


def _quantile(pmf: np.ndarray, level: float) -> int:
    return int(np.searchsorted(np.cumsum(pmf), level))


# --- graphs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("k", "count"), [(1, 1), (2, 2), (3, 8), (4, 61), (5, 822), (6, 18_154)])
def test_count_decomposable_graphs_for_each_list_count(k: int, count: int) -> None:
    table = graph_table(k)
    assert len(table) == count
    assert table.name(0) == "[" + ",".join(str(j + 1) for j in range(k)) + "]"  # independence first
    assert table.graph(table.saturated_index).is_saturated


def test_enumerate_graphs_exactly_the_chordal_ones_for_five_lists() -> None:
    k = 5
    pairs = graph_table(k).pairs
    chordal = {int(e) for e in graph_table(k).edges}
    for edges in range(1 << len(pairs)):
        assert (edges in chordal) == _is_chordal_slow(k, edges, pairs)


def test_find_cliques_and_separators_of_a_junction_tree_for_five_lists() -> None:
    table = graph_table(5)
    for g in range(len(table)):
        cliques = _maximal_cliques_slow(5, int(table.edges[g]), table.pairs)
        assert set(table.cliques(g)) == cliques
        assert sorted(table.separators(g)) == _junction_tree_separators(sorted(cliques))


def test_name_graphs_canonically_and_match_any_clique_order() -> None:
    assert graph_name([0b1101, 0b0111]) == "[123,134]"
    assert same_graph("[14,3,2]", "[2,14,3]")
    assert not same_graph("[14,3,2]", "[14,23]")
    table = graph_table(4)
    assert table.name(table.index("[14,3,2]")) == "[14,2,3]"
    assert table.index(parse_graph_name("[34,123]")) == table.index("[123,34]")
    with pytest.raises(InputError):
        table.index("[12,23,34,14]")  # a chordless 4-cycle is not decomposable
    with pytest.raises(InputError):
        parse_graph_name("12,3")


# --- dga against R --------------------------------------------------------------------------------------

REFERENCE = _dga_reference_rows()


@pytest.mark.parametrize("row", REFERENCE, ids=[f"{r['dataset']}-{r['method']}" for r in REFERENCE])
def test_estimate_dga_matches_r_reference(row: dict[str, str]) -> None:
    history = _history(row["dataset"])
    kwargs = _reference_kwargs(row, history.observed)
    result = estimate_dga(history, **kwargs)  # type: ignore[arg-type]
    for ours, theirs in [
        (result.estimate, row["estimate"]),
        (result.lower, row["lower"]),
        (result.upper, row["upper"]),
    ]:
        assert ours == pytest.approx(float(theirs), rel=0.01)  # the acceptance bound; in fact equal
    # the same posterior, not just nearby quantiles: R prints the mean to 15 digits, weights to 4 decimals
    assert result.diagnostics["posterior_mean"] == pytest.approx(float(row["post_mean"]), rel=1e-6)
    assert result.diagnostics["posterior_mode"] == int(row["post_mode"])
    ours_top = list(result.diagnostics["graph_weights"].items())
    for (name, weight), (their_name, their_weight) in zip(ours_top, _top_models(row["info"]), strict=False):
        assert same_graph(name, their_name)
        assert weight == pytest.approx(their_weight, abs=1e-4)
    if "log_prior_n" not in kwargs:  # a fixed grid keeps what tail it has; ours widens until negligible
        assert result.diagnostics["tail_mass"] <= 1e-6


def test_match_literal_bma_cr_on_full_grid_for_hiv_rome() -> None:
    history = _history("hiv_rome")
    post = dga_posterior(history)
    pmf, weights = _brute_force(history, 2.0**-4, post.nmissing_max, lambda n: -np.log(n))
    gaps = np.diff(post.n_values)
    unit = np.r_[True, gaps == 1] & np.r_[gaps == 1, True]  # points standing for one integer only
    assert unit.sum() > 1000
    ours = post.mass[unit]
    np.testing.assert_allclose(ours, pmf[post.n_values[unit] - history.observed], rtol=1e-6, atol=1e-15)
    for level in (0.025, 0.5, 0.975):
        assert post.quantile(level) == _quantile(pmf, level) + history.observed
    np.testing.assert_allclose(post.graph_weights, weights, rtol=1e-6, atol=1e-12)
    assert post.mean == pytest.approx(float(pmf @ (np.arange(pmf.size) + history.observed)), rel=1e-9)


def test_match_literal_bma_cr_for_three_lists_with_user_prior() -> None:
    # Madigan & York's 3-list example from dga's help, with its negative-binomial prior on N
    counts = np.array([0, 60, 49, 4, 247, 112, 142, 12])
    history = CaptureHistory(("a", "b", "c"), counts)
    a, b = 13.14, 55.17

    def log_prior(n: np.ndarray) -> np.ndarray:
        return n * np.log(b) - (n + a) * np.log(1 + b) + gammaln(n + a) - gammaln(n + 1) - gammaln(a)

    post = dga_posterior(history, delta=1.0, log_prior_n=log_prior)
    pmf, weights = _brute_force(history, 1.0, post.nmissing_max, log_prior)
    for level in (0.025, 0.5, 0.975):
        assert post.quantile(level) == _quantile(pmf, level) + history.observed
    np.testing.assert_allclose(post.graph_weights, weights, rtol=1e-6, atol=1e-12)
    assert len(post.table) == 8


# --- behaviour ------------------------------------------------------------------------------------------


def test_warn_when_saturated_graph_takes_the_posterior() -> None:
    history = _history("kosovo")
    trapped = estimate_dga(history, delta=1.0)  # dga's reference: [1234] takes 0.976
    assert trapped.diagnostics["saturated_weight"] > 0.5
    assert any("saturated graph" in w for w in trapped.diagnostics["warnings"])
    freed = estimate_dga(history, delta=1.0, exclude_saturated=True)
    assert freed.model == "bma-excluding-saturated"
    assert freed.diagnostics["saturated_weight"] == 0.0
    assert freed.diagnostics["warnings"] == []
    assert freed.estimate > 1.5 * trapped.estimate  # the collapse toward n is gone
    assert trapped.estimate < 1.1 * history.observed


def test_exclude_saturated_equals_zero_prior_weight_on_it() -> None:
    history = _history("my_5list")
    weights = np.zeros(len(graph_table(5)))
    weights[graph_table(5).saturated_index] = -np.inf
    by_flag = estimate_dga(history, exclude_saturated=True)
    by_prior = estimate_dga(history, log_prior_graphs=weights)
    assert (by_flag.estimate, by_flag.lower, by_flag.upper) == (
        by_prior.estimate,
        by_prior.lower,
        by_prior.upper,
    )
    assert by_flag.diagnostics["n_graphs_averaged"] == 821


def test_estimate_dga_recovers_truth_for_six_independent_lists() -> None:
    # expected counts of 2,000 people caught independently by six lists: independence is the truth
    truth, p = 2000, np.array([0.3, 0.25, 0.2, 0.35, 0.3, 0.25])
    bits = (np.arange(64)[:, None] >> np.arange(6)) & 1
    counts = np.rint(truth * np.prod(np.where(bits == 1, p, 1 - p), axis=1)).astype(np.int64)
    counts[0] = 0
    result = estimate_dga(CaptureHistory(tuple("ABCDEF"), counts))
    assert result.diagnostics["n_graphs"] == result.diagnostics["n_graphs_averaged"] == 18_154
    assert result.lower <= truth <= result.upper
    assert abs(result.estimate - truth) < 0.02 * truth
    assert same_graph(next(iter(result.diagnostics["graph_weights"])), "[1,2,3,4,5,6]")


def test_widen_grid_until_tail_mass_is_negligible() -> None:
    history = _history("my_5list")
    narrow = estimate_dga(history, grid_factor=0.05)
    default = estimate_dga(history)
    assert narrow.diagnostics["grid_doublings"] >= 3
    assert narrow.diagnostics["tail_mass"] <= 1e-6
    assert (narrow.estimate, narrow.lower, narrow.upper) == (default.estimate, default.lower, default.upper)


def test_warn_when_fixed_grid_cuts_the_posterior() -> None:
    history = _history("my_5list")  # posterior of Nmissing centres near 80
    prior = -np.log(history.observed + np.arange(60.0))
    result = estimate_dga(history, log_prior_n=prior)
    assert result.diagnostics["tail_mass"] > 0.01
    assert any("top 5% of the grid" in w for w in result.diagnostics["warnings"])
    assert result.upper <= history.observed + 59


def test_store_posterior_of_n_as_draws_for_plots() -> None:
    result = estimate_dga(_history("hiv_rome"))
    assert result.draws is not None and result.draws.shape[0] == 2
    n_values, mass = result.draws
    assert mass.sum() == pytest.approx(1.0, abs=1e-9)
    assert np.all(np.diff(n_values) > 0)
    assert n_values[np.searchsorted(np.cumsum(mass), 0.5)] == result.estimate
    plain = result.to_dict()
    assert "draws" not in plain and plain["method"] == "dga" and plain["model"] == "bma"
    assert plain["input_sha256"] == _history("hiv_rome").sha256()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"delta": 0.0},
        {"delta": float("nan")},
        {"grid_factor": -1.0},
        {"tail_tol": 0.0},
        {"log_prior_n": lambda n: np.zeros(3)},
        {"log_prior_n": np.array([np.nan, 0.0])},
        {"log_prior_n": np.zeros(10), "grid_factor": 2.0},
        {"log_prior_graphs": np.zeros(5)},
    ],
)
def test_reject_bad_settings_with_input_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        estimate_dga(_history("kosovo"), **kwargs)  # type: ignore[arg-type]


# --- slow, obviously right helpers ----------------------------------------------------------------------


def _adjacency(k: int, edges: int, pairs: tuple[tuple[int, int], ...]) -> list[set[int]]:
    adj: list[set[int]] = [set() for _ in range(k)]
    for p, (i, j) in enumerate(pairs):
        if edges >> p & 1:
            adj[i].add(j)
            adj[j].add(i)
    return adj


def _is_chordal_slow(k: int, edges: int, pairs: tuple[tuple[int, int], ...]) -> bool:
    """No chordless cycle of length >= 4 (checked over every vertex subset and cyclic order)."""
    adj = _adjacency(k, edges, pairs)
    for size in range(4, k + 1):
        for subset in itertools.combinations(range(k), size):
            for rest in itertools.permutations(subset[1:]):
                cycle = (subset[0], *rest)
                ring = all(cycle[i - 1] in adj[cycle[i]] for i in range(size))
                chords = sum(1 for a, b in itertools.combinations(cycle, 2) if b in adj[a])
                if ring and chords == size:
                    return False
    return True


def _maximal_cliques_slow(k: int, edges: int, pairs: tuple[tuple[int, int], ...]) -> set[int]:
    adj = _adjacency(k, edges, pairs)
    cliques = [
        m
        for m in range(1, 1 << k)
        if all(b in adj[a] for a, b in itertools.combinations([v for v in range(k) if m >> v & 1], 2))
    ]
    return {c for c in cliques if not any(c != d and c & d == c for d in cliques)}


def _junction_tree_separators(cliques: list[int]) -> list[int]:
    """Non-empty separators of a maximum-weight spanning tree of the clique graph (Kruskal)."""
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    links = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda ij: -bin(cliques[ij[0]] & cliques[ij[1]]).count("1"),
    )
    separators = []
    for i, j in links:
        if root(i) != root(j):
            parent[root(i)] = root(j)
            if cliques[i] & cliques[j]:
                separators.append(cliques[i] & cliques[j])
    return sorted(separators)


def test_keep_quantiles_exact_when_window_exceeds_work_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import testament.estimate.dga as dga_module

    history = _history("hiv_rome")
    monkeypatch.setattr(dga_module, "_UNIT_BUDGET", 100_000)  # forces an even step of about 16 over the bulk
    post = dga_posterior(history)
    assert np.diff(post.n_values).max() > 1
    pmf, weights = _brute_force(history, 2.0**-4, post.nmissing_max, lambda n: -np.log(n))
    for level in (0.025, 0.5, 0.975):
        assert post.quantile(level) == _quantile(pmf, level) + history.observed
    assert post.mean == pytest.approx(float(pmf @ (np.arange(pmf.size) + history.observed)), rel=1e-6)
    np.testing.assert_allclose(post.graph_weights, weights, rtol=1e-4, atol=1e-10)
