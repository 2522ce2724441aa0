"""The comparison levels' rules, evaluated by DuckDB on hand-made pairs: the level a pair lands in is the
first whose SQL holds, as in Splink."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from testament.link.comparisons import comparisons
from tests.link._levels import duckdb_connection, first_level


@cache  # (make mutation's plugin clears it in each mutant worker, so the mutant's comparisons are read)
def _model_levels() -> dict[str, list[dict[str, Any]]]:
    """Each comparison's levels by output column, the comparisons built once."""
    built = [c.get_comparison("duckdb") for c in comparisons()]
    return {c.output_column_name: list(c.as_dict()["comparison_levels"]) for c in built}


def _first_level(output_column: str, columns: str) -> str:
    """The chart label of the level a one-row pair (`columns`, a SELECT list) lands in: the first whose
    condition holds, as Splink's CASE expression picks it."""
    levels = _model_levels()[output_column]
    con = duckdb_connection(__name__)
    con.execute(f"CREATE OR REPLACE TEMP TABLE pair AS SELECT {columns}")
    index = first_level(levels, con)
    return str(levels[index]["label_for_charts"])


def _level(output_column: str, **values: Any) -> str:
    """The chart label of the level that a pair with these `<field>_l/_r` values lands in."""
    columns = ", ".join(
        f"{v!r}::BIGINT AS {k}" if v is not None else f"NULL::BIGINT AS {k}" for k, v in values.items()
    )
    return _first_level(output_column, columns)


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


def test_exec_dates_a_few_days_apart_have_a_level_of_their_own() -> None:
    assert _exec(100, 100, 105, 105) == "within 7 days"
    assert _exec(100, 100, 110, 110) == "within 31 days"


def _name_level(output: str, tokens: tuple[str, str], **keys: Any) -> str:
    values: dict[str, Any] = {"name_tokens_l": tokens[0], "name_tokens_r": tokens[1]}
    for side in ("l", "r"):
        for field in ("given", "surname"):
            for column in ("key", "form", "set", "keyset", "loose", "reading", "script", "stem", "bare"):
                values[f"{field}_{column}_{side}"] = keys.get(f"{field}_{column}_{side}")
    values |= {f"name_ring_{side}": keys.get(f"name_ring_{side}") for side in ("l", "r")}
    columns = ", ".join(
        f"{v!r} AS {k}" if v is not None else f"NULL::VARCHAR AS {k}" for k, v in values.items()
    )
    return _first_level(output, f"{columns}, NULL::VARCHAR[] AS given_pk_l, NULL::VARCHAR[] AS given_pk_r")


def test_swapped_names_count_once_in_the_given_name() -> None:
    """Given name and surname swapped: the given name's level says so; the surname's is neutral (a null
    level) so that one agreement is not counted twice."""
    keys = {
        "given_key_l": "L", "given_key_r": "KRYM", "surname_key_l": "KRYM", "surname_key_r": "L",
        "given_form_l": "ali", "given_form_r": "karimi", "surname_form_l": "karimi", "surname_form_r": "ali",
        "given_set_l": "ali", "given_set_r": "karimi", "given_script_l": "latin", "given_script_r": "latin",
        "surname_script_l": "latin", "surname_script_r": "latin",
    }  # fmt: skip
    tokens = ("KRYMY LY", "KRYMY LY")
    assert _name_level("given", tokens, **keys).startswith(
        "same words, given name and surname read otherwise"
    )
    surname = _name_level("surname", tokens, **keys)
    assert surname.endswith("counted in the given name")
    level = next(lv for lv in _model_levels()["surname"] if lv["label_for_charts"] == surname)
    assert level.get("is_null_level")
