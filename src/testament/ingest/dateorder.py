"""The day/month order of a list's numeric date columns: a convention belongs to a column, not to a cell.

A Gregorian `08/09/1988` reads as 8 September (day-first) or 9 August (month-first). One cell cannot say
which, but its column can: `17/10/1988` in the same column can only be day-first, `10/17/1988` only
month-first. With `--date-order auto` (the default) each date column is settled from those cells:

* only day-first cells (or only month-first cells) decide the column: its ambiguous cells are read that way;
* no cell decides (every numeric date reads both ways): each ambiguous cell is kept as an uncertain date of
  precision "either" whose interval runs from the earlier reading to the later one;
* both kinds (a genuinely mixed column): each decided cell is read its own way and the ambiguous ones
  cover both readings, as above.

`--date-order day-first|month-first` (or `date_order` in a mapping file's `[options]`) reads every
ambiguous cell in that order, and a cell only the other order can read becomes a row problem. A list is
never refused over the order itself, and every column the decision touched is named in the ingest report
(`ColumnOrder.message`) and in the custody log (column and order, never cell values). Solar Hijri dates
(`1367/05/15`, `15/05/1367`), ISO dates and dates in words carry no order question and are no evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from testament.dates import DateOrder, ReadingOrder, detect_order
from testament.errors import InputError
from testament.ingest.values import DATE_FIELDS
from testament.vocab import RecordField

__all__ = [
    "DATE_ORDER_OPTIONS",
    "ColumnOrder",
    "DateOrderOption",
    "check_date_order",
    "infer_orders",
    "resolve_date_order",
]

DateOrderOption = Literal["auto", "day-first", "month-first"]
DATE_ORDER_OPTIONS: tuple[str, ...] = get_args(DateOrderOption)
# What a column was read as: one order, "mixed" (cells of both orders) or "unknown" (no cell decides).
ColumnReading = Literal["day-first", "month-first", "mixed", "unknown"]

_SHAPE = {"day-first": "DD/MM/YYYY", "month-first": "MM/DD/YYYY"}
_HINT_FORCE = "pass --date-order day-first or month-first if the list's convention is known"


def check_date_order(value: str | None, where: str = "--date-order") -> DateOrderOption:
    """The option as given (None is "auto"), or an InputError naming what is accepted."""
    if value is None:
        return "auto"
    if value not in DATE_ORDER_OPTIONS:
        raise InputError(
            f"{where} '{value}' is not known", hint=f"use one of: {', '.join(DATE_ORDER_OPTIONS)}"
        )
    return value  # type: ignore[return-value]


def resolve_date_order(option: str | None, mapping_option: str | None) -> DateOrderOption:
    """The order to use for a list: `--date-order` when it names one, else the mapping file's
    `options.date_order`, else "auto"."""
    chosen = check_date_order(option)
    return chosen if chosen != "auto" else check_date_order(mapping_option, "options.date_order")


@dataclass(frozen=True)
class ColumnOrder:
    """How one date column's numeric dates are read, and the counts that decided it."""

    column: str
    order: ColumnReading
    forced: bool  # set by --date-order or the mapping file rather than inferred
    day_first: int  # cells only day-first can read (17/10/1988)
    month_first: int  # cells only month-first can read (10/17/1988)
    ambiguous: int  # cells both orders read, differently (08/09/1988): the cells the decision touched

    @property
    def reading(self) -> ReadingOrder:
        """The `order=` each of the column's cells is parsed with."""
        if self.order in ("day-first", "month-first"):
            return self.order
        return "either"

    @property
    def contradicting(self) -> int:
        """Cells a forced order cannot read (reported as row problems)."""
        if not self.forced:
            return 0
        return self.month_first if self.order == "day-first" else self.day_first

    @property
    def noteworthy(self) -> bool:
        """Whether the report should say anything: the decision changed or flagged some cell."""
        return self.ambiguous > 0 or self.contradicting > 0 or self.order == "mixed"

    @property
    def message(self) -> str:
        where = f"column '{self.column}'"
        n = self.ambiguous
        if self.forced:
            text = (
                f"{where}: numeric dates read {self.order} ({_SHAPE[self.order]}) as asked; "
                f"{n} ambiguous cell(s) read that way"
            )
            if self.contradicting:
                other = "month-first" if self.order == "day-first" else "day-first"
                text += f", {self.contradicting} cell(s) only {other} can read are reported as problems"
            return text
        if self.order == "unknown":
            return (
                f"{where}: the day/month order is unknown (every numeric date reads both ways); {n} cell(s) "
                f"kept as uncertain dates covering both readings. Hint: {_HINT_FORCE}"
            )
        if self.order == "mixed":
            return (
                f"{where}: mixes day-first ({self.day_first} cell(s)) and month-first ({self.month_first} "
                f"cell(s)) numeric dates; each read its own way, {n} ambiguous cell(s) kept as uncertain "
                f"dates covering both readings. Hint: check the column; {_HINT_FORCE} (cells that "
                "contradict it are then reported as problems)"
            )
        decided = self.day_first if self.order == "day-first" else self.month_first
        return (
            f"{where}: numeric dates read {self.order} ({_SHAPE[self.order]}), inferred from {decided} "
            f"cell(s) only that order can read; {n} ambiguous cell(s) read that way"
        )

    def to_dict(self) -> dict[str, Any]:
        """For the JSON report and the custody log: the column and its order, counts, never cell values."""
        return {
            "column": self.column,
            "order": self.order,
            "forced": self.forced,
            "cells": self.ambiguous,
            "day_first_cells": self.day_first,
            "month_first_cells": self.month_first,
        }


def infer_orders(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fields: Sequence[object],
    option: DateOrderOption = "auto",
) -> dict[int, ColumnOrder]:
    """The order of each date column (by index; `fields` as `map_columns` gives them), from its cells or
    from `option`. Rows whose cells do not line up with the headers are left out of the evidence (they
    are reported as row problems and never read)."""
    width = len(headers)
    date_columns = [i for i, f in enumerate(fields) if isinstance(f, RecordField) and f in DATE_FIELDS]
    if not date_columns:
        return {}
    counts = {i: Counter[str]() for i in date_columns}
    for cells in rows:
        if len(cells) < width or any(c.strip() for c in cells[width:]):
            continue
        for i in date_columns:
            text = cells[i].strip()
            if text:
                counts[i][text] += 1
    orders: dict[int, ColumnOrder] = {}
    for i in date_columns:
        kinds = Counter[str]()
        for text, n in counts[i].items():
            kind = detect_order(text)
            if kind is not None:
                kinds[kind] += n
        label = headers[i] or f"#{i + 1}"
        orders[i] = _decide(label, kinds["day-first"], kinds["month-first"], kinds["either"], option)
    return orders


def _decide(column: str, day: int, month: int, either: int, option: DateOrderOption) -> ColumnOrder:
    if option != "auto":
        forced: DateOrder = option
        return ColumnOrder(column, forced, True, day, month, either)
    reading: ColumnReading
    if day and month:
        reading = "mixed"
    elif day:
        reading = "day-first"
    elif month:
        reading = "month-first"
    else:
        reading = "unknown"
    return ColumnOrder(column, reading, False, day, month, either)
