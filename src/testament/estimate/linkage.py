"""Linkage uncertainty reaches the count: re-estimate a case over other plausible linkages.

The persons a case holds are one linkage, chosen at one threshold. Its latest link run keeps the candidate
pairs that could join at a plausible threshold with their match probabilities (`link_pairs`), so other
linkages can be drawn from them (`testament.link.uncertainty.sample_linkages`): each pair is drawn "same
person" with its probability, seeded, and the drawn pairs are clustered by the run's own rules (threshold,
same-list rules, reviewer decisions always kept). For each linkage the capture histories are rebuilt
exactly as for the case (same lists, same stratum field and rule: `casedata.case_histories`) and every
requested method is re-run with the same options; a log-linear model search (`best-bic`) is not repeated:
each stratum refits the model it chose on the case's linkage, so the spread measures linkage, not model
selection (and a search over thousands of models per linkage would take minutes).

What each result gets (`EstimateResult.linkage`):
- `estimates`, `min`, `median`, `max`: the point estimates over the linkage the case holds and the drawn
  ones;
- `relative_range`: (max - min) / the case's estimate. Above 10% the result warns that the count depends
  on linkage and says how many borderline pairs to review;
- `lower`, `upper`: an interval that combines linkage and model uncertainty, the 2.5% and 97.5% quantiles
  of a pool with the same number of draws from each linkage's result: its posterior draws for LCMCR and
  the combination of strata of Bayesian methods, draws from its posterior mass for dga, and for log-linear
  models draws from a split normal whose halves match the profile-likelihood interval's two sides (each
  side's 95% half-width / 1.96 as its scale), cut at the persons observed. This is the mixture of the
  linkages' distributions of N, as multiple imputation pools them; it is narrower than the hull of the
  intervals (min lower, max upper) and wider than any one of them when the linkages disagree. It is
  widened where needed to hold the case's own interval, so it is never narrower than the interval
  beside it (a mixture whose linkages all lean one way could otherwise lift its far end).

LCMCR takes seconds per run, so it is re-run over fewer linkages (`LCMCR_LINKAGES`, 8: the first 8 of
the same draws); log-linear models and dga over all of them (`--linkages`, 20 by default on the CLI).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Connection, select

from testament.errors import InputError
from testament.estimate.result import EstimateResult

if TYPE_CHECKING:
    from testament.estimate.inputs import EstimateInput
    from testament.estimate.run import EstimateOptions, ProgressFn
    from testament.link.uncertainty import LinkageMode, PairGraph
    from testament.store.case import Case

__all__ = [
    "LCMCR_LINKAGES",
    "SPREAD_WARNING",
    "LinkageSpread",
    "linkage_spread",
    "read_pair_graph",
    "spread_over",
]

LCMCR_LINKAGES = 8  # LCMCR is re-run over at most this many linkages (seconds per run)
SPREAD_WARNING = 0.10  # warn when the estimate moves by more than this share across linkages
_POOL = 2000  # draws per linkage in the pooled interval
_Z95 = 1.959963984540054
_COMBINED = "(all strata)"


@dataclass
class LinkageSpread:
    """What re-estimating over plausible linkages did: the run it drew from, the linkages made, and the
    persons each counted."""

    run_id: int
    mode: str
    seed: int
    requested: int
    persons: list[int] = field(default_factory=list)  # observed persons on the lists, per drawn linkage
    borderline_pairs: int = 0
    pairs: int = 0  # plausible pairs drawn from
    skipped: int = 0  # linkages whose histories could not be estimated (e.g. strata too small)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "mode": self.mode,
            "seed": self.seed,
            "linkages": self.requested,
            "pairs": self.pairs,
            "borderline_pairs": self.borderline_pairs,
            "skipped": self.skipped,
            "observed": _summary(self.persons),
        }


def _summary(values: list[int] | list[float]) -> dict[str, float] | None:
    if not values:
        return None
    arr = np.asarray(values, dtype=np.float64)
    return {"min": float(arr.min()), "median": float(np.median(arr)), "max": float(arr.max())}


def read_pair_graph(case: Case) -> tuple[PairGraph, int] | None:
    """The latest link run's records, plausible pairs, clustering rules and today's reviewer decisions, as
    a `PairGraph`, with the run id; None when the run kept no pairs (made before they were kept)."""
    from testament.link.decisions import latest_decisions
    from testament.link.records import read_record_sides
    from testament.link.uncertainty import ClusterRules, PairGraph
    from testament.store.schema import link_runs, person_records

    with case.read() as conn:
        run = conn.execute(select(link_runs).order_by(link_runs.c.id.desc()).limit(1)).mappings().first()
        if run is None:
            raise InputError(
                f"{case.path}: this case has not been linked yet", hint="run `testament link CASE`"
            )
        arr = _read_pairs(conn, int(run["id"]))
        summary = json.loads(run["summary"])
        if not len(arr) and "cluster_rules" not in summary:
            return None
        records = conn.execute(
            select(person_records.c.id, person_records.c.artifact_id)
            .where(person_records.c.person_id.is_not(None))
            .order_by(person_records.c.id)
        ).all()
        decisions = latest_decisions(conn)
        sides = read_record_sides(conn, [r[0] for r in records])  # victims apart from perpetrators
    ids = np.array([r[0] for r in records], dtype=np.int64)
    sources = np.array([r[1] if r[1] is not None else -1 for r in records], dtype=np.int64)
    rules = ClusterRules.from_dict(summary.get("cluster_rules", {}), float(run["threshold"]))
    graph = PairGraph.build(
        ids, sources, arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2], rules, decisions,
        sides,
    )  # fmt: skip
    return graph, int(run["id"])


def _read_pairs(conn: Connection, run_id: int) -> np.ndarray:
    """The run's `link_pairs` as an (n, 3) array of record_a, record_b, probability, read through the
    driver's cursor in batches (SQLAlchemy's rows cost ten times as much at millions of pairs)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    cur = driver.cursor()
    parts = [np.zeros((0, 3))]
    try:
        cur.execute(
            f"SELECT record_a, record_b, probability FROM link_pairs WHERE run_id = {mark}", (run_id,)
        )
        while rows := cur.fetchmany(200_000):
            parts.append(np.array(rows, dtype=np.float64).reshape(-1, 3))
    finally:
        cur.close()
    return np.concatenate(parts)


def linkage_spread(
    case: Case,
    data: EstimateInput,
    results: list[EstimateResult],
    options: EstimateOptions,
    *,
    linkages: int = 20,
    mode: LinkageMode = "sample",
    progress: ProgressFn | None = None,
) -> LinkageSpread | None:
    """Re-run `options`' methods over `linkages` plausible linkages of `case` (see the module docstring)
    and put the spread on each of `results` (`result.linkage`, and a warning when the estimate moves by
    more than 10%). `data` is what `read_case` read from the same case. Seeded by `options.seed`. Returns
    None, with a note on `data`, when the case's latest link run kept no pairs to draw from."""
    if data.case_records is None:
        raise InputError(
            "linkage uncertainty needs a case, not a file",
            hint="estimate the case folder itself, or without linkage uncertainty (0 linkages)",
        )
    if linkages <= 0:
        return None
    found = read_pair_graph(case)
    if found is None:
        data.notes.append(
            "linkage uncertainty not included: the last link run kept no candidate pairs (it was made by an "
            "older version); run `testament link CASE` again to include it"
        )
        return None
    graph, run_id = found
    return spread_over(
        graph, data, results, options, linkages=linkages, run_id=run_id, mode=mode, progress=progress
    )


def spread_over(
    graph: PairGraph,
    data: EstimateInput,
    results: list[EstimateResult],
    options: EstimateOptions,
    *,
    linkages: int,
    run_id: int = 0,
    mode: LinkageMode = "sample",
    progress: ProgressFn | None = None,
) -> LinkageSpread:
    """`linkage_spread` on a pair graph already read (`read_pair_graph`) or made: the records of
    `data.case_records` are linked by drawing from `graph`."""
    from testament.link.uncertainty import borderline_pairs, sample_linkages

    if data.case_records is None:
        raise InputError(
            "linkage uncertainty needs a case, not a file",
            hint="estimate the case folder itself, or without linkage uncertainty (0 linkages)",
        )
    spread = LinkageSpread(
        run_id, mode, options.seed, linkages, borderline_pairs=borderline_pairs(graph), pairs=len(graph.a)
    )
    methods = _methods(options)
    # a log-linear model search is not repeated per linkage: each stratum refits the model chosen on the
    # case's linkage (the spread is then linkage uncertainty, not model selection)
    models = {r.stratum: r.model for r in results if r.method == "loglinear" and r.stratum != _COMBINED}
    budget = {m: (min(linkages, LCMCR_LINKAGES) if m == "lcmcr" else linkages) for m in methods}
    count = max(budget.values(), default=0)  # LCMCR alone: no linkage drawn beyond its 8
    redone: dict[tuple[str, str | None], list[EstimateResult]] = {}
    for i, labels in enumerate(sample_linkages(graph, count, seed=options.seed, mode=mode)):
        wanted = tuple(m for m in methods if i < budget[m])
        found_results = _estimate_linkage(data, graph, labels, replace(options, methods=wanted), models)
        if found_results is None:
            spread.skipped += 1
        else:
            observed, linkage_results = found_results
            spread.persons.append(observed)
            for r in linkage_results:
                redone.setdefault((r.method, r.stratum), []).append(r)
        if progress is not None:
            progress("linkages", i + 1, count)
    if spread.skipped:
        data.notes.append(
            f"{spread.skipped} of {count} plausible linkages could not be estimated (e.g. their strata were "
            "too small) and are left out of the linkage spread"
        )
    rng = np.random.default_rng(np.random.SeedSequence([options.seed, 0x5EED]))
    for result in results:
        others = redone.get((result.method, result.stratum), [])
        if others:
            _attach(result, others, spread, rng)
    return spread


def _methods(options: EstimateOptions) -> tuple[str, ...]:
    from testament.estimate.run import METHODS

    return METHODS if "all" in options.methods else tuple(options.methods)


def _estimate_linkage(
    data: EstimateInput,
    graph: PairGraph,
    labels: np.ndarray,
    options: EstimateOptions,
    models: dict[str | None, str],
) -> tuple[int, list[EstimateResult]] | None:
    """The histories of one linkage and every method's results on them; None when they cannot be
    estimated (e.g. the strata are too small)."""
    from testament.estimate.casedata import case_histories
    from testament.estimate.loglinear import estimate_loglinear
    from testament.estimate.run import combine_strata, run_estimates

    assert data.case_records is not None
    persons = dict(zip(graph.record_ids.tolist(), labels.tolist(), strict=True))
    try:
        histories, _, _ = case_histories(data.case_records, persons)
        observed = sum(h.observed for h in histories.values())
        others = tuple(m for m in options.methods if m != "loglinear")
        results = run_estimates(histories, replace(options, methods=others)) if others else []
        if "loglinear" in options.methods:
            per_stratum = [
                estimate_loglinear(h, models.get(key, options.model)) for key, h in sorted(
                    histories.items(), key=lambda item: (item[0] is None, str(item[0]))
                )
            ]  # fmt: skip
            results += per_stratum
            if len(per_stratum) > 1:
                results.append(combine_strata(per_stratum, options.seed))
        return observed, results
    except InputError:
        return None


def _attach(
    result: EstimateResult, others: list[EstimateResult], spread: LinkageSpread, rng: np.random.Generator
) -> None:
    everyone = [result, *others]
    estimates = [r.estimate for r in everyone if np.isfinite(r.estimate)]
    if not estimates:
        return
    low, mid, high = float(min(estimates)), float(np.median(estimates)), float(max(estimates))
    base = result.estimate if np.isfinite(result.estimate) and result.estimate > 0 else mid
    pooled = [s for r in everyone if (s := _draws(r, rng)) is not None]
    lower = upper = None
    if pooled:
        lower, upper = (float(q) for q in np.quantile(np.concatenate(pooled), [0.025, 0.975]))
        if np.isfinite(result.lower) and np.isfinite(result.upper):  # never narrower than the case's own
            lower, upper = min(lower, result.lower), max(upper, result.upper)
    relative = (high - low) / base if base > 0 else 0.0
    unmixed = sum(1 for r in others if r.method == "lcmcr" and _not_mixed(r))
    result.linkage = {
        "linkages": len(others),
        "mode": spread.mode,
        "seed": spread.seed,
        "run_id": spread.run_id,
        "estimates": [round(float(e), 3) for e in [r.estimate for r in others]],
        "min": low,
        "median": mid,
        "max": high,
        "relative_range": relative,
        "observed": _summary([result.observed, *[r.observed for r in others]]),
        "lower": lower,
        "upper": upper,
        "interval": (
            "2.5%/97.5% quantiles of the pooled draws of the case's linkage and the drawn ones (posterior "
            "draws; a split normal matching the profile interval for log-linear models), widened to hold "
            "the case's own interval"
        ),
        "borderline_pairs": spread.borderline_pairs,
        "unmixed": unmixed,
    }
    warnings = result.diagnostics.setdefault("warnings", [])
    if relative > SPREAD_WARNING:
        review = (
            f"review the {spread.borderline_pairs:,} borderline pairs with `testament review links CASE`, "
            "then link again"
            if spread.borderline_pairs
            else "review the pairs in `testament review links CASE`, then link again"
        )
        warnings.append(
            f"the count depends on linkage: across {len(everyone)} plausible linkages the estimate runs "
            f"from {low:,.0f} to {high:,.0f} ({relative:.0%} of {base:,.0f}); {review}"
        )
    if unmixed:
        warnings.append(
            f"LCMCR's chains did not mix in {unmixed} of {len(others)} re-runs over other linkages, so its "
            "linkage spread is uncertain too: run longer (more --chains) before reading it"
        )


def _not_mixed(result: EstimateResult) -> bool:
    from testament.estimate.advice import mixed

    return not mixed(result)


def _draws(result: EstimateResult, rng: np.random.Generator) -> np.ndarray | None:
    """`_POOL` draws of N from one result's distribution (see the module docstring)."""
    draws = result.draws
    if result.method == "dga" and draws is not None and np.ndim(draws) == 2 and draws.shape[0] == 2:
        values, mass = draws
        total = float(mass.sum())
        return rng.choice(values, size=_POOL, p=mass / total) if total > 0 else None
    if draws is not None and result.method != "loglinear":
        flat = np.asarray(draws, dtype=np.float64).ravel()
        return rng.choice(flat, size=_POOL, replace=len(flat) < _POOL)
    est, lo, hi = result.estimate, result.lower, result.upper
    if not all(np.isfinite(v) for v in (est, lo, hi)):
        return None
    z = rng.standard_normal(_POOL)
    out = np.where(z < 0, est + z * (est - lo) / _Z95, est + z * (hi - est) / _Z95)
    return np.maximum(out, result.observed)
