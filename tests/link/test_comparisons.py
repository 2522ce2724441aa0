"""The comparison levels' rules, evaluated by DuckDB on hand-made pairs: the level a pair lands in is the
first whose SQL holds, as in Splink."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from testament.link.comparisons import comparisons


def _level(output_column: str, **values: Any) -> str:
    """The chart label of the level that a pair with these `<field>_l/_r` values lands in."""
    comparison = next(
        c for c in comparisons() if c.get_comparison("duckdb").output_column_name == output_column
    )
    con = duckdb.connect()
    columns = ", ".join(
        f"{v!r}::BIGINT AS {k}" if v is not None else f"NULL::BIGINT AS {k}" for k, v in values.items()
    )
    con.execute(f"CREATE TABLE pair AS SELECT {columns}")
    for level in comparison.get_comparison("duckdb").as_dict()["comparison_levels"]:
        condition = level["sql_condition"]
        if condition == "ELSE" or con.execute(f"SELECT ({condition}) FROM pair").fetchone()[0]:
            return str(level["label_for_charts"])
    raise AssertionError("no level matched")


def _exec(lo_l: int | None, hi_l: int | None, lo_r: int | None, hi_r: int | None) -> str:
    return _level("exec", exec_lo_l=lo_l, exec_hi_l=hi_l, exec_lo_r=lo_r, exec_hi_r=hi_r)


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ((100, 100), (100, 100), "same day"),
        ((100, 100), (90, 120), "overlap, precise"),  # a day inside a month: agreement
        ((100, 100), (0, 364), "overlap"),  # a day inside a year
        ((100, 100), (120, 120), "within 31 days"),
        ((100, 100), (200, 200), "different"),
        ((0, 30), (300, 330), "different"),  # two months far apart are not "overlapping"
    ],
)
def test_exec_interval_level_follows_the_gap_between_intervals(
    left: tuple[int, int], right: tuple[int, int], label: str
) -> None:
    """Rule: the gap is the days between the nearer ends (≤ 0 when the intervals overlap), whichever side
    comes first."""
    assert _exec(*left, *right) == label
    assert _exec(*right, *left) == label


def test_exec_interval_missing_side_is_the_null_level() -> None:
    assert _exec(None, None, 100, 100) == "exec_lo is NULL"
