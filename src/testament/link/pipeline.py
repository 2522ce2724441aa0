"""Linkage end to end on a table of records: normalise, block, train, predict, refine with labels,
cluster. No store here: `testament.link.store` reads records and decisions from a case and writes
persons back; benchmarks and evaluations call `link_records` directly."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from testament.errors import InputError
from testament.link.blocking import BlockingPlan, plan_blocking
from testament.link.cluster import Clustering, choose_threshold, cluster_records, join_threshold, role_sides
from testament.link.comparisons import blocking_rules
from testament.link.engine import open_engine
from testament.link.features import prepare
from testament.link.model import (
    Model,
    Pairs,
    TrainingOptions,
    estimate_prior,
    fit_labels,
    level_weights,
    predict_pairs,
    train_model,
    with_prior,
)

__all__ = ["Decision", "LinkOptions", "LinkResult", "link_records", "record_sides"]

PLAUSIBLE_JOIN = 0.01  # the lowest probability weighed when the threshold is chosen (see join_threshold)


@dataclass(frozen=True)
class Decision:
    """A human decision on a pair of records (by record id). `learn=False`: it binds clustering but does not
    train the model (part of a merge or split of persons: chosen for its answer, so a biased label). `by`:
    "reviewer", or "extraction" for the extractor's coreference within one testimony (a must-link that
    never trains the model and that any reviewer decision on the pair replaces)."""

    a: int
    b: int
    same: bool
    learn: bool = True
    by: str = "reviewer"


@dataclass(frozen=True)
class LinkOptions:
    engine: str = "duckdb"
    # A pair joins two records into one person from this probability up; None: the threshold at which
    # the model expects the best pairwise F1 of itself (`cluster.choose_threshold`), lowered while the
    # joins clustering makes stay more likely right than wrong (`cluster.join_threshold`).
    threshold: float | None = None
    # Groups that both hold a record of one list join by a pair this sure, or when every two records of
    # that list across them score `duplicate_threshold` (see `cluster.cluster_records`).
    same_source_threshold: float = 0.99
    duplicate_threshold: float = 0.5
    exclusive_sources: bool = True
    comparisons_per_record: float = 40.0  # blocking budget
    extra: tuple[str, ...] = ()  # further identifying columns of the records (see features.prepare)
    training: TrainingOptions = field(default_factory=TrainingOptions)
    memory_limit: str | None = None
    threads: int | None = None
    # The records come from an encrypted case: linkage writes nothing in plaintext to disk (see
    # `engine`). `link_case` sets it from the case.
    encrypted: bool = False

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise InputError(
                f"--threshold {self.threshold} is not a probability between 0 and 1",
                hint="use a value such as 0.3 (more links) or 0.9 (fewer, surer links)",
            )


@dataclass
class LinkResult:
    record_ids: np.ndarray  # record id of each record index
    pairs: Pairs
    probabilities: np.ndarray  # per candidate pair
    clustering: Clustering
    model: Model
    plan: BlockingPlan
    unsupervised_prior: float
    labels_in_pairs: int
    timings: dict[str, float]
    threshold: float = 0.5  # the threshold the persons were clustered at (given, or chosen)

    def summary(self) -> dict[str, Any]:
        return {
            "records": len(self.record_ids),
            "candidate_pairs": len(self.pairs),
            "persons": self.clustering.count,
            "joins": len(self.clustering.joins),
            "conflicts": len(self.clustering.conflicts),
            "labels_used": self.model.labels_used,
            "threshold": self.threshold,
            "prior": self.model.prior,
            "model_version": self.model.version,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def link_records(
    records: pa.Table,
    options: LinkOptions | None = None,
    decisions: Sequence[Decision] = (),
    *,
    features: pa.Table | None = None,
    model: Model | None = None,
) -> LinkResult:
    """Link `records` (see `records.RECORD_SCHEMA`, plus any `options.extra` columns) into persons. With
    `model` (a `LinkResult.model` of the same kind of records), training is skipped and that model's
    m and u are used: the same model gives the same persons on either engine."""
    options = options or LinkOptions()
    if records.num_rows == 0:
        raise InputError("there are no person records to link", hint="ingest victim lists first")
    timings: dict[str, float] = {}
    t = time.perf_counter()
    if features is None:
        features = prepare(records, options.extra)
    timings["normalise"] = time.perf_counter() - t
    n = features.num_rows
    record_ids = np.asarray(features.column("unique_id").to_numpy(), dtype=np.int64)
    if len(np.unique(record_ids)) != n:
        raise InputError("record ids are not unique", hint="each record needs its own id")

    t = time.perf_counter()
    budget = int(max(options.comparisons_per_record * n, 10_000))
    blocked, plan = plan_blocking(features, blocking_rules(options.extra), budget=budget)
    timings["block"] = time.perf_counter() - t

    model, pairs = _train_and_predict(blocked, plan, n, options, model, timings)

    t = time.perf_counter()
    model = with_prior(model, estimate_prior(pairs, model, n))
    unsupervised_prior = model.prior
    labelled, must, cannot = _sort_decisions(decisions, record_ids, pairs)
    model = fit_labels(model, pairs, labelled, options.training)
    probabilities = pairs.probabilities(model)
    threshold = choose_threshold(probabilities) if options.threshold is None else options.threshold
    timings["refine"] = time.perf_counter() - t

    t = time.perf_counter()
    if options.threshold is None:
        # the joins the same-list rules let through are truer than their pairs' probabilities: go down
        # as far as they stay more likely right than wrong (`cluster.join_threshold`)
        considered: list[tuple[float, bool]] = []
        floor = min(PLAUSIBLE_JOIN, threshold)
        _cluster(
            records, features, record_ids, pairs, probabilities, floor, options, must, cannot, considered
        )
        threshold = join_threshold(considered, threshold)
    clustering = _cluster(
        records, features, record_ids, pairs, probabilities, threshold, options, must, cannot
    )
    timings["cluster"] = time.perf_counter() - t
    return LinkResult(
        record_ids,
        pairs,
        probabilities,
        clustering,
        model,
        plan,
        unsupervised_prior,
        len(labelled),
        timings,
        threshold,
    )


def _train_and_predict(
    blocked: pa.Table,
    plan: BlockingPlan,
    n: int,
    options: LinkOptions,
    model: Model | None,
    timings: dict[str, float],
) -> tuple[Model, Pairs]:
    """Train the model (or take the given one with its own prior) and score the candidate pairs, in one
    engine session; times both into `timings`."""
    engine = open_engine(
        options.engine,
        memory_limit=options.memory_limit,
        threads=options.threads,
        encrypted=options.encrypted,
    )
    try:
        with engine.running():
            sdf = engine.register(blocked)
            t = time.perf_counter()
            if model is None:
                model = train_model(engine, sdf, plan, n, extra=options.extra, options=options.training)
            else:
                given = model.splink["probability_two_random_records_match"]
                model = with_prior(Model(model.splink, given, level_weights(model.splink), 0.0), given)
            timings["train"] = time.perf_counter() - t
            t = time.perf_counter()
            pairs = predict_pairs(engine, sdf, model, plan)
            timings["predict"] = time.perf_counter() - t
    finally:
        engine.close()
    return model, pairs


def _sort_decisions(
    decisions: Sequence[Decision], record_ids: np.ndarray, pairs: Pairs
) -> tuple[list[tuple[int, bool]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Human decisions on records being linked, as (labelled candidate pairs the model learns from,
    must-links, cannot-links); the links are by position in `record_ids`. Decisions on records not
    here, or on a record and itself, are skipped."""
    position = {int(r): i for i, r in enumerate(record_ids.tolist())}
    labelled: list[tuple[int, bool]] = []
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for d in decisions:
        if d.a not in position or d.b not in position or d.a == d.b:
            continue
        k = pairs.find(d.a, d.b)
        if k is not None and d.learn:
            labelled.append((k, d.same))
        (must if d.same else cannot).append((position[d.a], position[d.b]))
    return labelled, must, cannot


def _cluster(
    records: pa.Table,
    features: pa.Table,
    record_ids: np.ndarray,
    pairs: Pairs,
    probabilities: np.ndarray,
    threshold: float,
    options: LinkOptions,
    must: list[tuple[int, int]],
    cannot: list[tuple[int, int]],
    considered: list[tuple[float, bool]] | None = None,
) -> Clustering:
    """Group the records into persons from the scored pairs, the decisions and the rules on sources."""
    n = features.num_rows
    order = np.argsort(record_ids)
    pa_idx = order[np.searchsorted(record_ids, pairs.a, sorter=order)]
    pb_idx = order[np.searchsorted(record_ids, pairs.b, sorter=order)]
    sources = None
    if options.exclusive_sources:
        sources = np.asarray(features.column("source").fill_null(-1).to_numpy(), dtype=np.int64)
        sources = np.where(sources < 0, -np.arange(1, n + 1), sources)  # no list: a source of its own
    return cluster_records(
        n,
        pa_idx,
        pb_idx,
        probabilities,
        threshold=threshold,
        sources=sources,
        same_source_threshold=options.same_source_threshold,
        duplicate_threshold=options.duplicate_threshold,
        must_link=must,
        cannot_link=cannot,
        sides=record_sides(records),
        considered=considered,
    )


def record_sides(records: pa.Table) -> np.ndarray | None:
    """Victims' records apart from perpetrators' and witnesses' (see `cluster.role_sides`)."""
    if "role" not in records.column_names or "row" not in records.column_names:
        return None
    return role_sides(records.column("row").to_pylist(), records.column("role").to_pylist())
