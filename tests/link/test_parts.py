"""Blocking plans, the review queue, scores against truth, labels refining the model."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from testament.link import score_clusters, select_queue
from testament.link.blocking import plan_blocking
from testament.link.model import Model, Pairs, fit_labels


def test_plan_blocking_caps_big_blocks_within_budget() -> None:
    keys = ["common"] * 100 + [f"rare{i // 2}" for i in range(40)]
    table = pa.table({"k": keys, "city": ["x"] * 140})
    out, plan = plan_blocking(table, [("k",), ("k", "city")], budget=200)
    assert plan.pairs <= 200
    rule = plan.rules[0]
    assert rule.uncapped_pairs == 100 * 99 // 2 + 20 and rule.cap is not None and rule.cap < 100
    column = out.column(rule.column).to_pylist()
    assert column[0] is None and column[100] is not None  # the huge block is left out, pairs of two stay


def test_plan_blocking_leaves_small_data_uncapped() -> None:
    table = pa.table({"k": ["a", "a", "b", None]})
    out, plan = plan_blocking(table, [("k",)], budget=10_000)
    assert plan.rules[0].cap is None and plan.pairs == 1
    assert out.column("blk_0").to_pylist()[3] is None


def test_score_clusters_counts_pairs_and_exact_clusters() -> None:
    scores = score_clusters([0, 0, 1, 2, 2], [5, 5, 6, 7, 8])
    assert (scores.pair_precision, scores.pair_recall) == (0.5, 1.0)
    assert scores.cluster_precision == pytest.approx(2 / 3) and scores.cluster_recall == 0.5
    assert score_clusters([1, 1, 2], [3, 3, -1]).records == 2  # unknown truth is left out


def test_select_queue_takes_uncertain_pairs_once_per_record_then_a_calibration_sample() -> None:
    rng = np.random.default_rng(0)
    n = 400
    a = np.arange(n)
    b = np.arange(n) + 1000
    p = rng.random(n)
    items = select_queue(a, b, p, threshold=0.5, size=50, calibration_share=0.2, decided=[(0, 1000)])
    uncertain = [i for i in items if i.kind == "uncertain"]
    calibration = [i for i in items if i.kind == "calibration"]
    assert len(uncertain) == 40 and len(calibration) == 10
    assert all(abs(p[i.pair] - 0.5) <= max(abs(p[j.pair] - 0.5) for j in uncertain) for i in uncertain)
    assert 0 not in {i.pair for i in items}
    assert len({i.pair for i in items}) == 50


def _model() -> Model:
    splink = {"comparisons": [{"output_column_name": "name", "comparison_levels": [
        {"is_null_level": True, "label_for_charts": "null"},
        {"label_for_charts": "same", "m_probability": 0.9, "u_probability": 0.1},
        {"label_for_charts": "different", "m_probability": 0.1, "u_probability": 0.9},
    ]}]}  # fmt: skip
    return Model(splink, 0.01, {"name": [0.0, np.log(9), -np.log(9)]}, np.log(0.01 / 0.99))


def test_fit_labels_moves_weights_towards_the_labels() -> None:
    model = _model()
    # pairs agreeing on the name turn out to be the same person half of the time: more than EM's prior said
    level = np.array([[1]] * 40 + [[2]] * 40, dtype=np.int16)
    pairs = Pairs(np.arange(80), np.arange(80) + 100, level, np.zeros((80, 1)), ["name"])
    labels = [(i, i % 2 == 0) for i in range(40)] + [(i, False) for i in range(40, 80)]
    refined = fit_labels(model, pairs, labels)
    before = model.intercept + model.levels["name"][1]
    after = refined.intercept + refined.levels["name"][1]
    assert before < -2 and abs(after) < 1.0  # from 1 in 12 to close to even odds, as the labels say
    assert refined.labels_used == 80 and refined.levels["name"][0] == 0.0  # the null level stays neutral
    assert fit_labels(model, pairs, []) is model
