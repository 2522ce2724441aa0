"""Cell text → claim value, per person-record field. Bad cells become `Problem`s, described by shape."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from testament.dates import PartialDate, is_unknown, parse_date, parse_year
from testament.errors import DateParseError
from testament.ingest.report import Problem
from testament.vocab import RecordField

__all__ = ["CellValue", "describe", "read_cell"]

_DATE_FIELDS = {RecordField.ARREST_DATE, RecordField.EXECUTION_DATE}
_NUMERIC_LOOK = re.compile(r"^[\d۰-۹٠-٩/\-.\s]{1,20}$")
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
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@dataclass(frozen=True)
class CellValue:
    value: str
    date: PartialDate | None = None


def describe(text: str) -> str:
    """Say what a cell holds without quoting it when it might be a name."""
    stripped = text.strip()
    if _NUMERIC_LOOK.match(stripped):
        return f"'{stripped}'"
    scripts = {
        "Persian/Arabic script" if "ARABIC" in unicodedata.name(ch, "") else "Latin script"
        for ch in stripped
        if ch.isalpha()
    }
    return f"text of {len(stripped)} characters ({', '.join(sorted(scripts)) or 'no letters'})"


def read_cell(
    field: RecordField | None, text: str, *, calendar: str | None, where: tuple[str, int, str]
) -> CellValue | Problem | None:
    """The claim value of one cell; None when the cell is empty or says the value is unknown."""
    if is_unknown(text):
        return None
    raw = text.strip()
    file, row, column = where
    if field in _DATE_FIELDS:
        try:
            parsed = parse_date(raw, calendar=calendar)  # type: ignore[arg-type]
        except DateParseError:
            return Problem(
                file,
                row,
                column,
                expected="a date such as 1367/05/15, ۱۵ مرداد ۱۳۶۷, Mordad 1367, 1988-08-06 or August 1988",
                found=describe(raw),
                hint="correct the cell, or map the column to notes with --mapping",
            )
        return CellValue(parsed.interval, parsed)
    if field is RecordField.BIRTH_YEAR:
        try:
            parsed = parse_year(raw)
        except DateParseError:
            return Problem(
                file,
                row,
                column,
                expected="a birth year such as 1340, ۱۳۴۰ or 1961",
                found=describe(raw),
                hint="correct the cell; write an approximate year as c. 1340",
            )
        if not date(1880, 1, 1) <= parsed.start <= date.today():
            return Problem(
                file, row, column, expected="a birth year between 1880 and today", found=describe(raw)
            )
        return CellValue(parsed.interval, parsed)
    if field is RecordField.AGE:
        digits = raw.translate(_DIGITS)
        if not digits.isdigit() or not 0 < int(digits) < 120:
            return Problem(file, row, column, expected="an age in years (1-119)", found=describe(raw))
        return CellValue(str(int(digits)))
    if field is RecordField.SEX:
        sex = _SEX.get(unicodedata.normalize("NFKC", raw).casefold().strip(" ."))
        if sex is None:
            return Problem(
                file, row, column, expected="a sex such as m, f, male, female, مرد, زن", found=describe(raw)
            )
        return CellValue(sex)
    return CellValue(" ".join(raw.split()))
