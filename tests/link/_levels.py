"""Which level of a Splink comparison a pair lands in, asked of DuckDB as Splink asks it: one CASE expression
over the levels' SQL conditions, the first that holds. Shared by the comparison tests."""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb


@cache
def duckdb_connection(owner: str) -> duckdb.DuckDBPyConnection:
    """One connection per test module (`owner`, its name): opening one costs more than evaluating a pair,
    and each module makes its `pair` table its own way."""
    return duckdb.connect()


def first_level(levels: list[dict[str, Any]], con: duckdb.DuckDBPyConnection) -> int:
    """The index in `levels` (Splink level settings) of the first whose condition holds for the one-row
    table `pair` registered on `con`."""
    cases = []
    for i, level in enumerate(levels):
        if level["sql_condition"] == "ELSE":
            cases.append(f"ELSE {i}")
            break
        cases.append(f"WHEN ({level['sql_condition']}) THEN {i}")
    else:
        cases.append("ELSE -1")
    ((index,),) = con.execute(f"SELECT CASE {' '.join(cases)} END FROM pair").fetchall()
    assert index >= 0, "no level matched"
    return int(index)
