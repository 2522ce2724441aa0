"""Cell text → claim value, per person-record field. Bad cells become `Problem`s, described by shape."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from testament.dates import PartialDate, ReadingOrder, detect_order, is_unknown, parse_date, parse_year
from testament.errors import DateParseError
from testament.ingest.report import Problem
from testament.text import fold_digits, in_arabic_script
from testament.vocab import RecordField

__all__ = ["DATE_FIELDS", "UNSTORABLE", "CellValue", "describe", "read_cell"]

DATE_FIELDS = frozenset({RecordField.ARREST_DATE, RecordField.EXECUTION_DATE})
# What no database column and no UTF-8 file can hold: NUL (PostgreSQL refuses it) and lone surrogates.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NUMERIC_LOOK = re.compile(r"^[\d/\-.\s]{1,20}$")  # \d: Persian and Arabic-Indic digits too
_SEX = {
    "m": "male",
    "male": "male",
    "man": "male",
    "h": "male",
    "homme": "male",
    "mann": "male",
    "männlich": "male",
    "مرد": "male",
    "مذکر": "male",
    "پسر": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
    "femme": "female",
    "frau": "female",
    "weiblich": "female",
    "w": "female",
    "زن": "female",
    "مونث": "female",
    "مؤنث": "female",
    "دختر": "female",
}


@dataclass(frozen=True)
class CellValue:
    value: str
    date: PartialDate | None = None

    @cached_property
    def claim_columns(self) -> tuple[str | None, ...]:
        """(value, date_start, date_end, date_precision, date_original, date_calendar) as stored; computed
        once per distinct cell, since cells repeat and values are cached."""
        d = self.date
        if d is None:
            return (self.value, None, None, None, None, None)
        return (self.value, d.start.isoformat(), d.end.isoformat(), d.precision, d.original, d.calendar)


def describe(text: str) -> str:
    """Say what a cell holds without quoting it when it might be a name."""
    stripped = text.strip()
    if _NUMERIC_LOOK.match(stripped):
        return f"'{stripped}'"
    scripts = {
        "Persian/Arabic script" if in_arabic_script(ch) else "Latin script" for ch in stripped if ch.isalpha()
    }
    return f"text of {len(stripped)} characters ({', '.join(sorted(scripts)) or 'no letters'})"


@dataclass(frozen=True)
class _Rejection:
    expected: str
    hint: str | None = None


_UNSTORABLE_TEXT = _Rejection(
    "text (no NUL bytes, no halves of characters)",
    "the cell holds bytes that are not text, often a damaged export; correct the cell in the source or ask "
    "the sender for a clean file",
)
_DATE_EXPECTED = _Rejection(
    "a date such as 1367/05/15, ۱۵ مرداد ۱۳۶۷, Mordad 1367, 1988-08-06 or August 1988",
    "correct the cell, or map the column to notes with --mapping",
)


def _against_order(order: str) -> _Rejection:
    """A cell only the other order can read, in a column read in a forced order (17/10/1988 month-first)."""
    shape = "DD/MM/YYYY" if order == "day-first" else "MM/DD/YYYY"
    return _Rejection(
        f"a {order} date ({shape}), the order this column is read in",
        "correct the cell or write it as YYYY-MM-DD; if the column mixes orders, let its cells decide "
        "(--date-order auto and no date_order in the mapping file)",
    )


@lru_cache(maxsize=200_000)
def _interpret(
    field: RecordField | None, text: str, calendar: str | None, order: ReadingOrder | None
) -> CellValue | _Rejection | None:
    # Pure and cached: real lists repeat names, cities, prisons and dates many times over.
    if not text or is_unknown(text):
        return None
    if UNSTORABLE.search(text):
        return _UNSTORABLE_TEXT
    raw = text.strip()
    if field in DATE_FIELDS:
        try:
            parsed = parse_date(raw, calendar=calendar, order=order)  # type: ignore[arg-type]
        except DateParseError:
            found = detect_order(raw)
            if order in ("day-first", "month-first") and found not in (None, "either", order):
                return _against_order(order)
            return _DATE_EXPECTED
        return CellValue(parsed.interval, parsed)
    if field is RecordField.BIRTH_YEAR:
        try:
            parsed = parse_year(raw)
        except DateParseError:
            return _Rejection(
                "a birth year such as 1340, ۱۳۴۰ or 1961", "write an approximate year as c. 1340"
            )
        if not date(1880, 1, 1) <= parsed.start <= date.today():
            return _Rejection("a birth year between 1880 and today")
        return CellValue(parsed.interval, parsed)
    if field is RecordField.AGE:
        digits = fold_digits(raw)
        if not digits.isdigit() or not 0 < int(digits) < 120:
            return _Rejection("an age in years (1-119)")
        return CellValue(str(int(digits)))
    if field is RecordField.SEX:
        sex = _SEX.get(unicodedata.normalize("NFKC", raw).casefold().strip(" ."))
        if sex is None:
            return _Rejection("a sex such as m, f, male, female, مرد, زن")
        return CellValue(sex)
    return CellValue(" ".join(raw.split()))


def read_cell(
    field: RecordField | None,
    text: str,
    *,
    calendar: str | None,
    where: tuple[str, int, str],
    order: ReadingOrder | None = None,
) -> CellValue | Problem | None:
    """The claim value of one cell; None when the cell is empty or says the value is unknown. `order` is
    the day/month order of the cell's column (`testament.ingest.dateorder`); without it a date that
    reads both ways is a problem."""
    result = _interpret(field, text, calendar, order)
    if isinstance(result, _Rejection):
        file, row, column = where
        return Problem(file, row, column, expected=result.expected, found=describe(text), hint=result.hint)
    return result
