"""Cell text → claim value, each rule stated by the test that defends it: what a cell may hold per field,
what becomes a problem, and that a problem describes a cell by its shape without quoting a name."""

from __future__ import annotations

import datetime

import pytest

from testament.ingest.report import Problem
from testament.ingest.values import DATE_FIELDS, CellValue, describe, read_cell
from testament.vocab import RecordField as F

WHERE = ("list.csv", 7, "col")


def _read(field: F | None, text: str, calendar: str | None = None, order: str | None = None):
    return read_cell(field, text, calendar=calendar, where=WHERE, order=order)  # type: ignore[arg-type]


def _problem(field: F | None, text: str, **kw: str | None) -> Problem:
    result = _read(field, text, **kw)
    assert isinstance(result, Problem), result
    assert (result.file, result.row, result.column) == WHERE
    return result


@pytest.mark.parametrize("text", ["", "?", "نامعلوم", "unknown", "-"])
def test_read_cell_empty_or_unknown_is_no_claim(text: str) -> None:
    assert _read(F.FULL_NAME, text) is None
    assert _read(F.EXECUTION_DATE, text) is None


def test_read_cell_text_field_collapses_whitespace_only() -> None:
    assert _read(F.FULL_NAME, "  Ali \t  Rezaei\n") == CellValue("Ali Rezaei")
    assert _read(None, " Evin ") == CellValue("Evin")
    assert _read(F.FULL_NAME, "Ali Rezaei").claim_columns == ("Ali Rezaei", None, None, None, None, None)


@pytest.mark.parametrize("text", ["Ali\x00", "Ali\ud800"])
def test_read_cell_bytes_that_are_not_text_are_a_problem(text: str) -> None:
    """Rule: a NUL byte or half a character (unstorable in PostgreSQL or UTF-8) is refused, named."""
    problem = _problem(F.FULL_NAME, text)
    assert problem.expected == "text (no NUL bytes, no halves of characters)"
    assert "damaged export" in (problem.hint or "")


def test_read_cell_date_keeps_interval_and_original() -> None:
    """Rule: a date cell's claim carries the Gregorian interval, precision, the cell as written and its
    calendar, so the original is never lost."""
    value = _read(F.EXECUTION_DATE, " 1367/05/15 ")
    assert isinstance(value, CellValue) and value.date is not None
    assert value.claim_columns == (
        value.date.interval,
        "1988-08-06",
        "1988-08-06",
        "day",
        "1367/05/15",
        "solar_hijri",
    )
    assert (
        F.ARREST_DATE in DATE_FIELDS and F.EXECUTION_DATE in DATE_FIELDS and F.BIRTH_YEAR not in DATE_FIELDS
    )


def test_read_cell_date_follows_column_calendar_and_order() -> None:
    solar = _read(F.ARREST_DATE, "15/05/06", calendar="solar_hijri")  # 15 could be a day: the column decides
    assert isinstance(solar, CellValue) and solar.date is not None
    assert solar.date.start == datetime.date(1936, 7, 28)
    assert isinstance(_read(F.ARREST_DATE, "15/05/06"), Problem)
    day_first = _read(F.ARREST_DATE, "08/09/1988", order="day-first")
    month_first = _read(F.ARREST_DATE, "08/09/1988", order="month-first")
    assert isinstance(day_first, CellValue) and isinstance(month_first, CellValue)
    assert day_first.date and day_first.date.start == datetime.date(1988, 9, 8)
    assert month_first.date and month_first.date.start == datetime.date(1988, 8, 9)


def test_read_cell_ambiguous_date_without_order_is_a_problem_with_examples() -> None:
    problem = _problem(F.EXECUTION_DATE, "08/09/1988")
    assert problem.expected.startswith("a date such as 1367/05/15")
    assert problem.found == "'08/09/1988'"
    assert "--mapping" in (problem.hint or "")


@pytest.mark.parametrize(
    ("order", "text", "shape"),
    [("month-first", "17/10/1988", "MM/DD/YYYY"), ("day-first", "10/17/1988", "DD/MM/YYYY")],
)
def test_read_cell_date_against_the_column_order_says_so(order: str, text: str, shape: str) -> None:
    """Rule: a cell only the other order can read is refused as against the column's order, not as
    an unreadable date, so the user learns the column mixes orders."""
    problem = _problem(F.EXECUTION_DATE, text, order=order)
    assert problem.expected == f"a {order} date ({shape}), the order this column is read in"
    assert "--date-order auto" in (problem.hint or "")


def test_read_cell_unreadable_date_in_an_ordered_column_is_a_plain_date_problem() -> None:
    problem = _problem(F.EXECUTION_DATE, "sometime", order="day-first")
    assert problem.expected.startswith("a date such as")


def test_read_cell_birth_year_in_range() -> None:
    value = _read(F.BIRTH_YEAR, "۱۳۴۰")
    assert isinstance(value, CellValue) and value.date is not None and value.date.precision == "year"
    assert _problem(F.BIRTH_YEAR, "sixties").expected == "a birth year such as 1340, ۱۳۴۰ or 1961"
    assert "c. 1340" in (_problem(F.BIRTH_YEAR, "sixties").hint or "")


@pytest.mark.parametrize("text", ["1879", str(datetime.date.today().year + 1)])
def test_read_cell_birth_year_outside_1880_to_today_is_a_problem(text: str) -> None:
    assert _problem(F.BIRTH_YEAR, text).expected == "a birth year between 1880 and today"


@pytest.mark.parametrize("text", ["1880", str(datetime.date.today().year)])
def test_read_cell_birth_year_at_the_bounds_is_kept(text: str) -> None:
    assert isinstance(_read(F.BIRTH_YEAR, text), CellValue)


@pytest.mark.parametrize(("text", "age"), [("1", "1"), ("۲۳", "23"), ("٠٧", "7"), ("119", "119")])
def test_read_cell_age_in_any_digits(text: str, age: str) -> None:
    assert _read(F.AGE, text) == CellValue(age)


@pytest.mark.parametrize("text", ["0", "120", "twenty", "23.5", "-3"])
def test_read_cell_age_outside_1_to_119_is_a_problem(text: str) -> None:
    assert _problem(F.AGE, text).expected == "an age in years (1-119)"


@pytest.mark.parametrize(
    ("text", "sex"),
    [("M", "male"), (" f. ", "female"), ("Männlich", "male"), ("زن", "female"), ("ＭＡＬＥ", "male")],
)
def test_read_cell_sex_words_in_several_languages(text: str, sex: str) -> None:
    assert _read(F.SEX, text) == CellValue(sex)


def test_read_cell_unknown_sex_word_is_a_problem() -> None:
    assert _problem(F.SEX, "x").expected == "a sex such as m, f, male, female, مرد, زن"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        (" 1367/5/15 ", "'1367/5/15'"),
        ("Ali Rezaei", "text of 10 characters (Latin script)"),
        ("علی رضایی", "text of 9 characters (Persian/Arabic script)"),
        ("Ali علی", "text of 7 characters (Latin script, Persian/Arabic script)"),
        ("#!", "text of 2 characters (no letters)"),
    ],
)
def test_describe_says_the_shape_of_a_cell_without_quoting_names(text: str, described: str) -> None:
    """Rule: a problem never quotes what might be a person's name; it quotes only number-like cells."""
    assert describe(text) == described


def test_read_cell_problem_describes_instead_of_quoting() -> None:
    problem = _problem(F.SEX, "Ali Rezaei")
    assert "Ali" not in problem.found and problem.found == "text of 10 characters (Latin script)"
