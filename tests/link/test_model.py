"""The model's term-frequency adjustments are measured against the right reference (issue 12, calibration)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from testament.link.engine import Engine, open_engine
from testament.link.model import _shared_value_probability, _tf_reference_shifts


@pytest.fixture(scope="module")
def keys() -> Iterator[tuple[Engine, Any]]:
    # six records hold key a, two b, two c, two none: f = 0.6, 0.2, 0.2 among the ten with a key
    values = ["a"] * 6 + ["b"] * 2 + ["c"] * 2 + [None] * 2
    engine = open_engine("duckdb", threads=1)
    with engine.running():
        sdf = engine.register(pa.table({"unique_id": list(range(len(values))), "k": values}))
        yield engine, sdf
    engine.close()


def _comparison(*levels: dict[str, Any]) -> dict[str, Any]:
    return {"comparisons": [{"output_column_name": "name", "comparison_levels": list(levels)}]}


def test_shared_value_probability_is_the_sum_of_squared_frequencies(keys: tuple[Engine, Any]) -> None:
    engine, sdf = keys
    assert _shared_value_probability(engine, sdf, "k") == pytest.approx(0.6**2 + 0.2**2 + 0.2**2)


def test_a_level_that_is_part_of_agreement_is_not_counted_against_a_match(keys: tuple[Engine, Any]) -> None:
    # "other spelling of the same key" holds only some of the pairs that share a key (u 0.11 of U 0.44):
    # Splink's adjustment log(u / f) is then log(4) too low for every value; the shift restores log(U / f),
    # so that a value of average frequency (f = U) counts neither for nor against
    engine, sdf = keys
    splink = _comparison(
        {"sql_condition": "k_l IS NULL OR k_r IS NULL", "is_null_level": True},
        {
            "sql_condition": "k_l = k_r",
            "u_probability": 0.11,
            "tf_adjustment_column": "k",
            "tf_adjustment_weight": 0.5,
            "disable_tf_exact_match_detection": True,
        },
        {"sql_condition": "k_l = k_r", "u_probability": 0.3, "tf_adjustment_column": "k"},  # weight 0: none
        {"sql_condition": "ELSE", "u_probability": 0.5},
    )
    shifts = _tf_reference_shifts(engine, sdf, splink, "name", {})
    assert shifts == {1: pytest.approx(0.5 * math.log(0.44 / 0.11))}
    splink_adjustment = 0.5 * (math.log(0.11) - math.log(0.44))  # for a value whose f is U
    assert splink_adjustment + shifts[1] == pytest.approx(0.0)


def test_an_exact_match_level_keeps_splinks_adjustment(keys: tuple[Engine, Any]) -> None:
    # without `disable_tf_exact_match_detection` Splink already measures against the exact match's u
    engine, sdf = keys
    splink = _comparison(
        {
            "sql_condition": "k_l = k_r",
            "u_probability": 0.44,
            "tf_adjustment_column": "k",
            "tf_adjustment_weight": 1.0,
        },
        {"sql_condition": "ELSE", "u_probability": 0.56},
    )
    assert _tf_reference_shifts(engine, sdf, splink, "name", {}) == {}
