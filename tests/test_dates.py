"""Tests for testament.dates. Expected intervals are literal dates, checked once against jdatetime."""

from __future__ import annotations

import dataclasses
import datetime

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from testament.dates import PartialDate, detect_order, is_unknown, parse_date, parse_year
from testament.errors import DateParseError, InputError

D = datetime.date
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# First Gregorian day of each month of 1367 SH (1988-89).
SOLAR_1367_MONTH_STARTS = {
    1: D(1988, 3, 21),
    2: D(1988, 4, 21),
    3: D(1988, 5, 22),
    4: D(1988, 6, 22),
    5: D(1988, 7, 23),
    6: D(1988, 8, 23),
    7: D(1988, 9, 23),
    8: D(1988, 10, 23),
    9: D(1988, 11, 22),
    10: D(1988, 12, 22),
    11: D(1989, 1, 21),
    12: D(1989, 2, 20),
}
MORDAD_15_1367 = D(1988, 8, 6)


def assert_interval(result: PartialDate, start: D, end: D) -> None:
    assert (result.start, result.end) == (start, end)


# --- Solar Hijri numeric -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1367/05/15",
        "1367-05-15",
        "1367.5.15",
        "1367/5/15",
        "۱۳۶۷/۰۵/۱۵",
        "١٣٦٧/٠٥/١٥",
        " 1367 / 05 / 15 ",
        "\u200f۱۳۶۷/۰۵/۱۵\u200f",
    ],
)
def test_parse_date_solar_numeric_when_separators_and_digits_vary(text: str) -> None:
    result = parse_date(text)
    assert result.calendar == "solar_hijri"
    assert result.precision == "day"
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)
    assert result.original == text
    assert result.approximate is False


def test_parse_date_solar_numeric_when_first_and_last_day_of_year() -> None:
    assert parse_date("1367/01/01").start == D(1988, 3, 21)
    assert parse_date("1367/12/29").start == D(1989, 3, 20)


def test_parse_date_solar_numeric_when_leap_year_esfand_30() -> None:
    assert_interval(parse_date("1366/12/30"), D(1988, 3, 20), D(1988, 3, 20))


def test_parse_date_two_digit_year_when_first_part_cannot_be_day() -> None:
    result = parse_date("67/5/15")
    assert result.calendar == "solar_hijri"
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)


def test_parse_date_two_digit_year_when_solar_hint_given() -> None:
    assert_interval(parse_date("12/5/15", calendar="solar_hijri"), D(1933, 8, 6), D(1933, 8, 6))
    assert_interval(parse_date("67/5/15", calendar="solar_hijri"), MORDAD_15_1367, MORDAD_15_1367)


@pytest.mark.parametrize(
    ("text", "calendar"),
    [("12/5/15", None), ("67/5/15", "gregorian"), ("6/8/88", None), ("August 88", None), ("summer 88", None)],
)
def test_parse_date_two_digit_year_when_ambiguous_raises(text: str, calendar: str | None) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text, calendar=calendar)  # type: ignore[arg-type]
    assert info.value.hint is not None and "in full" in info.value.hint


@pytest.mark.parametrize("text", ["1367/05", "1367-05", "۱۳۶۷/۵", "5/1367"])
def test_parse_date_solar_year_month_when_no_day(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("solar_hijri", "month")
    assert_interval(result, D(1988, 7, 23), D(1988, 8, 22))


@pytest.mark.parametrize("text", ["1367", "۱۳۶۷", "١٣٦٧"])
def test_parse_date_solar_year_when_bare(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("solar_hijri", "year")
    assert result.interval == "1988-03-21/1989-03-20"


def test_parse_date_esfand_month_when_year_not_leap() -> None:
    assert_interval(parse_date("1367/12"), D(1989, 2, 20), D(1989, 3, 20))


# --- Solar Hijri month names ---------------------------------------------------------------------

LATIN_SOLAR_MONTHS = [
    ("Farvardin", 1),
    ("Ordibehesht", 2),
    ("Ordibehest", 2),
    ("Khordad", 3),
    ("Tir", 4),
    ("Mordad", 5),
    ("Mordaad", 5),
    ("Amordad", 5),
    ("Shahrivar", 6),
    ("Mehr", 7),
    ("Aban", 8),
    ("Azar", 9),
    ("Dey", 10),
    ("Dei", 10),
    ("Bahman", 11),
    ("Esfand", 12),
    ("Espand", 12),
    ("Isfand", 12),
]
PERSIAN_SOLAR_MONTHS = [
    ("فروردین", 1),
    ("اردیبهشت", 2),
    ("خرداد", 3),
    ("تیر", 4),
    ("مرداد", 5),
    ("امرداد", 5),
    ("شهریور", 6),
    ("مهر", 7),
    ("آبان", 8),
    ("آذر", 9),
    ("دی", 10),
    ("بهمن", 11),
    ("اسفند", 12),
]


@pytest.mark.parametrize(("name", "month"), LATIN_SOLAR_MONTHS + PERSIAN_SOLAR_MONTHS)
def test_parse_date_solar_month_name_when_each_spelling(name: str, month: int) -> None:
    result = parse_date(f"1 {name} 1367")
    assert (result.calendar, result.precision) == ("solar_hijri", "day")
    assert result.start == SOLAR_1367_MONTH_STARTS[month]
    assert parse_date(f"{name} 1367").start == SOLAR_1367_MONTH_STARTS[month]


@pytest.mark.parametrize("text", ["15 Mordad 1367", "15 Mordad, 1367", "15 mordad 1367", "MORDAD 15, 1367"])
def test_parse_date_latin_solar_month_when_day_given(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("solar_hijri", "day")
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)


def test_parse_date_latin_solar_month_when_no_day() -> None:
    result = parse_date("Mordad 1367")
    assert result.precision == "month"
    assert_interval(result, D(1988, 7, 23), D(1988, 8, 22))


@pytest.mark.parametrize(
    "text",
    [
        "15 مرداد ۱۳۶۷",
        "۱۵ مرداد 1367",
        "١٥ مرداد ١٣٦٧",
        "  ۱۵   مرداد   ۱۳۶۷ ",
        "۱۵\u200cمرداد\u200c۱۳۶۷",
        "۱۵ مر\u200cداد ۱۳۶۷",
        "۱۵ مرداد\u200cماه ۱۳۶۷",
        "۱۵ مرداد ماه سال ۱۳۶۷",
        "۱۵ امرداد ۱۳۶۷",
    ],
)
def test_parse_date_persian_script_when_spacing_and_zwnj_vary(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("solar_hijri", "day")
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)
    assert result.original == text


def test_parse_date_persian_script_when_month_and_year_only() -> None:
    result = parse_date("مرداد ۱۳۶۷")
    assert result.precision == "month"
    assert_interval(result, D(1988, 7, 23), D(1988, 8, 22))


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("شهريور ۱۳۶۷", D(1988, 8, 23)),  # Arabic yeh
        ("دي ۱۳۶۷", D(1988, 12, 22)),
        ("فروردين ۱۳۶۷", D(1988, 3, 21)),
        ("ابان ۱۳۶۷", D(1988, 10, 23)),  # madda dropped
    ],
)
def test_parse_date_persian_script_when_arabic_letter_variants(text: str, start: D) -> None:
    assert parse_date(text).start == start


def test_parse_date_solar_month_name_when_gregorian_hint_given() -> None:
    # The month name is unambiguous, so it wins over the caller's hint.
    assert parse_date("Mordad 1367", calendar="gregorian").calendar == "solar_hijri"


@pytest.mark.parametrize("text", ["15 Mordad 1988", "August 1367", "۱۵ مرداد ۱۹۸۸"])
def test_parse_date_month_name_when_year_in_other_calendar_raises(text: str) -> None:
    with pytest.raises(DateParseError, match="year"):
        parse_date(text)


# --- Gregorian -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1988-08-06",
        "1988/08/06",
        "1988.8.6",
        "August 6, 1988",
        "6 August 1988",
        "Aug 6 1988",
        "Aug. 6th, 1988",
    ],
)
def test_parse_date_gregorian_day_when_common_forms(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("gregorian", "day")
    assert_interval(result, D(1988, 8, 6), D(1988, 8, 6))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("13/8/1988", D(1988, 8, 13)), ("8/13/1988", D(1988, 8, 13)), ("6/6/1988", D(1988, 6, 6))],
)
def test_parse_date_gregorian_slashes_when_order_unambiguous(text: str, expected: D) -> None:
    assert_interval(parse_date(text), expected, expected)


@pytest.mark.parametrize("text", ["6/8/1988", "06-08-1988", "1.2.1988"])
def test_parse_date_gregorian_slashes_when_order_ambiguous_raises(text: str) -> None:
    with pytest.raises(DateParseError, match="ambiguous") as info:
        parse_date(text)
    assert info.value.hint is not None and "YYYY-MM-DD" in info.value.hint


# --- Day/month order (issue 12: the order is a column's, settled by testament.ingest.dateorder) ---------


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("08/09/1988", "day-first", D(1988, 9, 8)),
        ("08/09/1988", "month-first", D(1988, 8, 9)),
        ("8.9.1988", "day-first", D(1988, 9, 8)),
        ("۰۸/۰۹/۱۹۸۸", "month-first", D(1988, 8, 9)),
        ("17/10/1988", "day-first", D(1988, 10, 17)),
        ("10/17/1988", "month-first", D(1988, 10, 17)),
        ("06/06/1988", "month-first", D(1988, 6, 6)),
    ],
)
def test_parse_date_gregorian_slashes_when_order_given(text: str, order: str, expected: D) -> None:
    result = parse_date(text, order=order)  # type: ignore[arg-type]
    assert (result.calendar, result.precision, result.original) == ("gregorian", "day", text)
    assert_interval(result, expected, expected)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("08/09/1988", D(1988, 8, 9), D(1988, 9, 8)),
        ("09/08/1988", D(1988, 8, 9), D(1988, 9, 8)),
        ("01/12/1988", D(1988, 1, 12), D(1988, 12, 1)),
        ("6-8-1988", D(1988, 6, 8), D(1988, 8, 6)),
    ],
)
def test_parse_date_gregorian_slashes_when_order_either_covers_both_readings(
    text: str, start: D, end: D
) -> None:
    result = parse_date(text, order="either")
    assert (result.calendar, result.precision) == ("gregorian", "either")
    assert_interval(result, start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17/10/1988", D(1988, 10, 17)), ("10/17/1988", D(1988, 10, 17)), ("6/6/1988", D(1988, 6, 6))],
)
def test_parse_date_gregorian_slashes_when_order_either_and_unambiguous_reads_own_way(
    text: str, expected: D
) -> None:
    result = parse_date(text, order="either")
    assert result.precision == "day"
    assert_interval(result, expected, expected)


@pytest.mark.parametrize(("text", "order"), [("17/10/1988", "month-first"), ("10/17/1988", "day-first")])
def test_parse_date_gregorian_slashes_when_order_contradicted_raises(text: str, order: str) -> None:
    with pytest.raises(DateParseError, match=f"cannot be read {order}") as info:
        parse_date(text, order=order)  # type: ignore[arg-type]
    assert info.value.hint


@pytest.mark.parametrize("order", ["day-first", "month-first", "either"])
def test_parse_date_solar_numeric_when_order_given_is_unaffected(order: str) -> None:
    for text in ("1367/05/15", "15/05/1367", "۱۵/۰۵/۱۳۶۷", "1988-08-06"):
        result = parse_date(text, order=order)  # type: ignore[arg-type]
        assert (result.precision, result.start) == ("day", parse_date(text).start)


def test_parse_date_range_when_order_given_reads_each_end() -> None:
    assert parse_date("08/09/1988 - 10/09/1988", order="day-first").interval == "1988-09-08/1988-09-10"
    assert parse_date("08/09/1988 - 10/09/1988", order="either").interval == "1988-08-09/1988-10-09"


def test_parse_date_order_when_invalid_raises() -> None:
    with pytest.raises(ValueError, match="order must be"):
        parse_date("08/09/1988", order="ymd")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("08/09/1988", "either"),
        ("۰۸/۰۹/۱۹۸۸", "either"),
        (" 8.9.1988 ", "either"),
        ("17/10/1988", "day-first"),
        ("31/12/1988", "day-first"),
        ("10/17/1988", "month-first"),
        ("08/08/1988", None),  # reads the same either way
        ("32/10/1988", None),  # no order reads it
        ("1988-08-09", None),
        ("1367/05/15", None),
        ("15/05/1367", None),  # Solar Hijri is always day-first
        ("8/9/88", None),
        ("August 9, 1988", None),
        ("08/1988", None),
    ],
)
def test_detect_order_when_cell_kinds(text: str, found: str | None) -> None:
    assert detect_order(text) == found


@pytest.mark.parametrize(
    ("names", "month"),
    [
        (("January", "Jan"), 1),
        (("February", "Feb"), 2),
        (("March", "Mar"), 3),
        (("April", "Apr"), 4),
        (("May",), 5),
        (("June", "Jun"), 6),
        (("July", "Jul"), 7),
        (("August", "Aug", "aug.", "اوت"), 8),
        (("September", "Sep", "Sept"), 9),
        (("October", "Oct"), 10),
        (("November", "Nov"), 11),
        (("December", "Dec"), 12),
    ],
)
def test_parse_date_english_month_name_when_full_or_abbreviated(names: tuple[str, ...], month: int) -> None:
    for name in names:
        result = parse_date(f"{name} 1988")
        assert (result.calendar, result.precision) == ("gregorian", "month")
        assert result.start == D(1988, month, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Aug 1988", D(1988, 8, 1), D(1988, 8, 31)),
        ("August 1988", D(1988, 8, 1), D(1988, 8, 31)),
        ("February 1988", D(1988, 2, 1), D(1988, 2, 29)),
        ("1988-08", D(1988, 8, 1), D(1988, 8, 31)),
    ],
)
def test_parse_date_gregorian_month_when_no_day(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert result.precision == "month"
    assert_interval(result, start, end)


def test_parse_date_gregorian_year_when_bare() -> None:
    result = parse_date("1988")
    assert (result.calendar, result.precision) == ("gregorian", "year")
    assert result.interval == "1988-01-01/1988-12-31"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # Issue 12: a Gregorian-year season covers the meteorological season and the Persian
        # (astronomical) one, from 1 June to the end of Shahrivar; it was June-August before.
        ("spring 1988", D(1988, 3, 1), D(1988, 6, 21)),
        ("summer 1988", D(1988, 6, 1), D(1988, 9, 22)),
        ("the summer of 1988", D(1988, 6, 1), D(1988, 9, 22)),
        ("Summer 1988", D(1988, 6, 1), D(1988, 9, 22)),
        ("تابستان ۱۹۸۸", D(1988, 6, 1), D(1988, 9, 22)),
        ("autumn 1988", D(1988, 9, 1), D(1988, 12, 21)),
        ("fall 1988", D(1988, 9, 1), D(1988, 12, 21)),
        ("winter 1988", D(1988, 12, 1), D(1989, 3, 20)),
        ("winter 1987", D(1987, 12, 1), D(1988, 3, 20)),
    ],
)
def test_parse_date_gregorian_season_when_named(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("gregorian", "season")
    assert_interval(result, start, end)


def test_parse_date_gregorian_summer_when_iranian_summer_day_falls_inside() -> None:
    # 11 Shahrivar 1367 (2 September 1988) is summer in Iran: it must not count against "summer 1988".
    shahrivar_11 = parse_date("11 Shahrivar 1367")
    summer = parse_date("summer 1988")
    assert shahrivar_11.start == D(1988, 9, 2)
    assert summer.start <= shahrivar_11.start <= summer.end
    assert summer.end == parse_date("تابستان ۱۳۶۷").end  # the Persian summer's last day
    assert summer.start == parse_date("June 1988").start  # and the meteorological summer's first


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # Gregorian: the month of each convention (late summer = August with Shahrivar).
        ("early summer 1988", D(1988, 6, 1), D(1988, 7, 22)),
        ("mid summer 1988", D(1988, 7, 1), D(1988, 8, 22)),
        ("late summer 1988", D(1988, 8, 1), D(1988, 9, 22)),
        ("late-summer 1988", D(1988, 8, 1), D(1988, 9, 22)),
        ("the end of summer 1988", D(1988, 8, 1), D(1988, 9, 22)),
        ("early spring 1988", D(1988, 3, 1), D(1988, 4, 20)),
        ("late autumn 1988", D(1988, 11, 1), D(1988, 12, 21)),
        ("early winter 1988", D(1988, 12, 1), D(1989, 1, 20)),
        ("late winter 1988", D(1989, 2, 1), D(1989, 3, 20)),
        # Solar Hijri: the season's first, second or third month.
        ("early summer 1367", D(1988, 6, 22), D(1988, 7, 22)),
        ("اوایل تابستان ۱۳۶۷", D(1988, 6, 22), D(1988, 7, 22)),
        ("اواسط تابستان ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 22)),
        ("اواخر تابستان ۱۳۶۷", D(1988, 8, 23), D(1988, 9, 22)),
        ("اواخر تابستان ۶۷", D(1988, 8, 23), D(1988, 9, 22)),
        ("اوائل پاییز ۱۳۶۷", D(1988, 9, 23), D(1988, 10, 22)),
        ("اواخر زمستان ۱۳۶۷", D(1989, 2, 20), D(1989, 3, 20)),
    ],
)
def test_parse_date_part_of_season_when_early_mid_late(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert result.precision == "range"
    assert_interval(result, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("early 1988", D(1988, 1, 1), D(1988, 4, 30)),
        ("mid 1988", D(1988, 5, 1), D(1988, 8, 31)),
        ("late 1988", D(1988, 9, 1), D(1988, 12, 31)),
        ("اوایل ۱۳۶۷", D(1988, 3, 21), D(1988, 7, 22)),
        ("اواسط ۱۳۶۷", D(1988, 7, 23), D(1988, 11, 21)),
        ("اواخر ۱۳۶۷", D(1988, 11, 22), D(1989, 3, 20)),
        ("late 1367", D(1988, 11, 22), D(1989, 3, 20)),
    ],
)
def test_parse_date_part_of_year_when_early_mid_late(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert result.precision == "range"
    assert_interval(result, start, end)


def test_parse_date_part_of_season_when_approximate_keeps_interval() -> None:
    result = parse_date("c. late summer 1988")
    assert result.approximate and result.interval == "1988-08-01/1988-09-22"


@pytest.mark.parametrize("text", ["late summer August 1988", "summer 6 1988", "late 6 August 1988"])
def test_parse_date_part_of_season_when_combined_with_month_or_day_raises(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("late July 1988", D(1988, 7, 21), D(1988, 7, 31)),
        ("early August 1988", D(1988, 8, 1), D(1988, 8, 10)),
        ("mid-August 1988", D(1988, 8, 11), D(1988, 8, 20)),
        ("mid August 1988", D(1988, 8, 11), D(1988, 8, 20)),
        ("late February 1988", D(1988, 2, 21), D(1988, 2, 29)),
        ("late Esfand 1367", D(1989, 3, 12), D(1989, 3, 20)),
        ("اواخر تیر ۱۳۶۷", D(1988, 7, 12), D(1988, 7, 22)),
        ("اوایل مرداد ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 1)),
    ],
)
def test_parse_date_part_of_month_when_early_mid_late(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert result.precision == "range"
    assert_interval(result, start, end)


# --- Ranges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1988-07-19/1988-09-05", D(1988, 7, 19), D(1988, 9, 5)),
        ("1988-07-19 - 1988-09-05", D(1988, 7, 19), D(1988, 9, 5)),
        ("July–September 1988", D(1988, 7, 1), D(1988, 9, 30)),
        ("July - September 1988", D(1988, 7, 1), D(1988, 9, 30)),
        ("July 19 - September 5, 1988", D(1988, 7, 19), D(1988, 9, 5)),
        ("July 19 — September 5, 1988", D(1988, 7, 19), D(1988, 9, 5)),
        ("6 - 20 August 1988", D(1988, 8, 6), D(1988, 8, 20)),
        ("August 6 to 20, 1988", D(1988, 8, 6), D(1988, 8, 20)),
        ("1988-1990", D(1988, 1, 1), D(1990, 12, 31)),
        ("between 1367/05/01 and 1367/06/15", D(1988, 7, 23), D(1988, 9, 6)),
        ("بین ۱۳۶۷/۰۵/۰۱ و ۱۳۶۷/۰۶/۱۵", D(1988, 7, 23), D(1988, 9, 6)),
        ("از ۱ تا ۱۵ مرداد ۱۳۶۷", D(1988, 7, 23), MORDAD_15_1367),
        ("Tir - Shahrivar 1367", D(1988, 6, 22), D(1988, 9, 22)),
    ],
)
def test_parse_date_range_when_two_ends_given(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert result.precision == "range"
    assert_interval(result, start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1988-09-05 - 1988-07-19", "ends before"),
        ("1367/05/15 - 1988-09-01", "different calendars"),
        ("between 1367/05/01", "two ends"),
        ("1988 - 1989 - 1990", "more than one"),
        ("1367/05/15/12", "full dates"),
    ],
)
def test_parse_date_range_when_malformed_raises(text: str, message: str) -> None:
    with pytest.raises(DateParseError, match=message):
        parse_date(text)


# --- Solar Hijri seasons -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("بهار ۱۳۶۷", D(1988, 3, 21), D(1988, 6, 21)),
        ("تابستان ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22)),
        ("پاییز ۱۳۶۷", D(1988, 9, 23), D(1988, 12, 21)),
        ("پائیز ۱۳۶۷", D(1988, 9, 23), D(1988, 12, 21)),
        ("پاييز ۱۳۶۷", D(1988, 9, 23), D(1988, 12, 21)),
        ("زمستان ۱۳۶۷", D(1988, 12, 22), D(1989, 3, 20)),
        ("summer 1367", D(1988, 6, 22), D(1988, 9, 22)),
        ("تابستان سال ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22)),
        ("تابستان ۶۷", D(1988, 6, 22), D(1988, 9, 22)),
    ],
)
def test_parse_date_solar_season_when_named(text: str, start: D, end: D) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision) == ("solar_hijri", "season")
    assert_interval(result, start, end)


# --- Approximate markers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["c. 1988", "c 1988", "ca. 1988", "circa 1988", "about 1988", "~1988", "~ 1988", "1988?", "1988 (?)"],
)
def test_parse_date_approximate_when_marker_present(text: str) -> None:
    result = parse_date(text)
    assert result.approximate is True
    assert result.interval == "1988-01-01/1988-12-31"
    assert result.original == text


@pytest.mark.parametrize("text", ["حدود ۱۳۶۷", "حدوداً ۱۳۶۷", "تقریبا ۱۳۶۷", "1367?", "~1367"])
def test_parse_date_approximate_when_solar_marker_present(text: str) -> None:
    result = parse_date(text)
    assert (result.approximate, result.calendar) == (True, "solar_hijri")
    assert result.interval == "1988-03-21/1989-03-20"


def test_parse_date_approximate_when_marker_precedes_day() -> None:
    result = parse_date("about 15 Mordad 1367")
    assert result.approximate is True
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)


# --- Calendar decision ---------------------------------------------------------------------------


def test_parse_date_calendar_when_year_at_threshold() -> None:
    assert parse_date("1499").calendar == "solar_hijri"
    assert parse_date("1500").calendar == "gregorian"


def test_parse_date_calendar_when_hint_contradicts_four_digit_year() -> None:
    # a column-wide hint must not turn 1367/05/15 into a medieval Gregorian date, nor 1988 into 2609 CE
    result = parse_date("1367/05/15", calendar="gregorian")
    assert result.calendar == "solar_hijri"
    assert_interval(result, MORDAD_15_1367, MORDAD_15_1367)
    assert parse_date("1988-08-06", calendar="solar_hijri").interval == "1988-08-06/1988-08-06"
    with pytest.raises(DateParseError, match="month name"):
        parse_date("15 Mordad 1988", calendar="solar_hijri")


@pytest.mark.parametrize("text", ["1367 ه.ش", "1367 هـ.ش.", "1367 شمسی", "1367 هجری شمسی", "1367 AP"])
def test_parse_date_calendar_when_solar_marker_written(text: str) -> None:
    result = parse_date(text, calendar="gregorian")
    assert result.calendar == "solar_hijri"
    assert result.interval == "1988-03-21/1989-03-20"


@pytest.mark.parametrize("text", ["1409 قمری", "1409 هجری", "1409 AH"])
def test_parse_date_calendar_when_lunar_hijri_raises(text: str) -> None:
    with pytest.raises(DateParseError, match="lunar"):
        parse_date(text)


def test_parse_date_calendar_when_hint_invalid_raises() -> None:
    with pytest.raises(ValueError, match="calendar"):
        parse_date("1367", calendar="julian")  # type: ignore[arg-type]


def test_parse_date_input_when_not_str_raises() -> None:
    with pytest.raises(TypeError):
        parse_date(1367)  # type: ignore[arg-type]


# --- Validation and errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar_name"),
    [
        ("1367/13/01", "Solar Hijri"),
        ("1367/12/30", "Solar Hijri"),
        ("1367/00/10", "Solar Hijri"),
        ("1367/07/31", "Solar Hijri"),
        ("32 Mordad 1367", "Solar Hijri"),
        ("1988-02-30", "Gregorian"),
        ("1987-02-29", "Gregorian"),
        ("1988-13", "Gregorian"),
    ],
)
def test_parse_date_impossible_date_raises(text: str, calendar_name: str) -> None:
    with pytest.raises(DateParseError, match=f"not a real {calendar_name} date") as info:
        parse_date(text)
    assert info.value.hint


@pytest.mark.parametrize(
    "text",
    [
        "banana",
        "next tuesday",
        "!!!",
        "15",
        "Mordad",
        "1367/05/15 foo",
        "136/05/15",
        "13670515",
    ],
)
def test_parse_date_nonsense_raises(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert "YYYY/MM/DD" in info.value.message  # says what was expected
    assert info.value.hint
    assert isinstance(info.value, InputError)


def test_parse_date_error_message_when_input_long_truncates_quote() -> None:
    text = "not a date " * 8
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert text not in info.value.message
    assert repr(text[:39] + "…") in info.value.message


@pytest.mark.parametrize("text", ["", "   ", "?", "unknown", "نامعلوم"])
def test_parse_date_unknown_value_raises(text: str) -> None:
    with pytest.raises(DateParseError, match="unknown") as info:
        parse_date(text)
    assert info.value.hint is not None and "is_unknown" in info.value.hint


# --- is_unknown ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "?",
        "??",
        "-",
        "—",
        "unknown",
        "Unknown",
        "UNKNOWN ",
        "n/a",
        "N/A",
        "نامعلوم",
        "نامشخص",
        "مجهول",
    ],
)
def test_is_unknown_when_placeholder(text: str) -> None:
    assert is_unknown(text) is True


@pytest.mark.parametrize("text", ["1367", "1367/05/15", "Mordad 1367", "c. 1988", "1988?"])
def test_is_unknown_when_date(text: str) -> None:
    assert is_unknown(text) is False


# --- parse_year ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar", "interval", "approximate"),
    [
        ("1340", "solar_hijri", "1961-03-21/1962-03-20", False),
        ("۱۳۴۰", "solar_hijri", "1961-03-21/1962-03-20", False),
        ("1961", "gregorian", "1961-01-01/1961-12-31", False),
        ("c. 1960", "gregorian", "1960-01-01/1960-12-31", True),
        ("حدود ۱۳۴۰", "solar_hijri", "1961-03-21/1962-03-20", True),
    ],
)
def test_parse_year_when_year_cell(text: str, calendar: str, interval: str, approximate: bool) -> None:
    result = parse_year(text)
    assert (result.calendar, result.precision, result.interval) == (calendar, "year", interval)
    assert result.approximate is approximate


@pytest.mark.parametrize("text", ["1367/05/15", "Mordad 1340", "40", "", "abc", "1340-1342"])
def test_parse_year_when_not_a_year_raises(text: str) -> None:
    with pytest.raises(DateParseError, match="expected a year") as info:
        parse_year(text)
    assert info.value.hint is not None and "four-digit year" in info.value.hint


# --- PartialDate ---------------------------------------------------------------------------------


def test_partial_date_to_dict_when_parsed() -> None:
    assert parse_date("~ 15 Mordad 1367").to_dict() == {
        "original": "~ 15 Mordad 1367",
        "calendar": "solar_hijri",
        "precision": "day",
        "start": "1988-08-06",
        "end": "1988-08-06",
        "approximate": True,
        "interval": "1988-08-06/1988-08-06",
    }


def test_partial_date_when_frozen_rejects_assignment() -> None:
    result = parse_date("1367")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.start = D(2000, 1, 1)  # type: ignore[misc]


def test_partial_date_when_start_after_end_raises() -> None:
    with pytest.raises(ValueError, match="after"):
        PartialDate("x", "gregorian", "range", D(1988, 2, 1), D(1988, 1, 1))


def test_parse_date_cache_when_same_text_returns_same_object() -> None:
    assert parse_date("1367/05/16") is parse_date("1367/05/16")
    assert parse_date("1367/05/16") is not parse_date("1367/05/16", calendar="solar_hijri")


# --- Properties ----------------------------------------------------------------------------------

FIRST_SOLAR = jdatetime.date(1300, 1, 1)
LAST_SOLAR = jdatetime.date(1421, 1, 1) - datetime.timedelta(days=1)
solar_dates = st.integers(0, (LAST_SOLAR - FIRST_SOLAR).days).map(
    lambda n: FIRST_SOLAR + datetime.timedelta(days=n)
)


@settings(max_examples=150, deadline=None)
@given(solar_dates, st.booleans())
def test_parse_date_solar_round_trip_when_random_date(day: jdatetime.date, persian: bool) -> None:
    text = f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    if persian:
        text = text.translate(PERSIAN_DIGITS)
    result = parse_date(text)
    gregorian = day.togregorian()
    assert result.start == result.end == gregorian
    assert (result.calendar, result.precision, result.original) == ("solar_hijri", "day", text)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=D(1600, 1, 1), max_value=D(2100, 12, 31)))
def test_parse_date_gregorian_round_trip_when_random_iso_date(day: D) -> None:
    result = parse_date(day.isoformat())
    assert result.start == result.end == day
    assert result.calendar == "gregorian"


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=D(1600, 1, 1), max_value=D(2100, 12, 31)))
def test_parse_date_gregorian_round_trip_when_day_first_or_month_first(day: D) -> None:
    day_first = f"{day.day:02d}/{day.month:02d}/{day.year}"
    month_first = f"{day.month:02d}/{day.day:02d}/{day.year}"
    assert parse_date(day_first, order="day-first").start == day
    assert parse_date(month_first, order="month-first").start == day
    either = parse_date(day_first, order="either")
    assert either.start <= day <= either.end
    assert either.precision == ("either" if day.day <= 12 and day.day != day.month else "day")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789۰۱۳۶۷/.-– ,~?cabmortdsجمرداتبسانهیو\u200cAugstMdJly", max_size=25))
def test_parse_date_any_text_when_fuzzed_returns_or_raises_parse_error(text: str) -> None:
    try:
        result = parse_date(text)
    except DateParseError:
        return
    assert result.start <= result.end
    assert result.original == text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("8 août 1988", "1988-08-08", "1988-08-08"),
        ("8 aout 1988", "1988-08-08", "1988-08-08"),
        ("1er septembre 1988", "1988-09-01", "1988-09-01"),
        ("d'août 1988", "1988-08-01", "1988-08-31"),
        ("fin août 1988", "1988-08-21", "1988-08-31"),
        ("mi-août 1988", "1988-08-11", "1988-08-20"),
        ("du 1er au 15 août 1988", "1988-08-01", "1988-08-15"),
        ("été 1988", "1988-06-01", "1988-09-22"),
        ("15. August 1988", "1988-08-15", "1988-08-15"),
        ("Ende August 1988", "1988-08-21", "1988-08-31"),
        ("März 1988", "1988-03-01", "1988-03-31"),
        ("zwischen Juli und August 1988", "1988-07-01", "1988-08-31"),
        ("Sommer 1988", "1988-06-01", "1988-09-22"),
    ],
)
def test_parse_date_french_and_german_words(text: str, start: str, end: str) -> None:
    """Lists are kept in French and German too: "8 août 1988" refused whole rows of one (issue 12)."""
    d = parse_date(text)
    assert (d.start.isoformat(), d.end.isoformat(), d.calendar) == (start, end, "gregorian")


def test_parse_date_accented_month_is_not_evidence_of_persian_two_digit_year() -> None:
    """Only Persian script says a two-digit year is 13YY; "août" must not."""
    with pytest.raises(DateParseError):
        parse_date("8 août 67")


def test_parse_date_solar_numeric_with_year_last_is_day_first() -> None:
    """Rule: a Solar Hijri D/M/YYYY date is read day-first whatever the column order: 05/06/1367 is
    5 Shahrivar 1367, not 6 Mordad."""
    d = parse_date("05/06/1367")
    assert (d.start, d.calendar, d.precision) == (datetime.date(1988, 8, 27), "solar_hijri", "day")
    assert parse_date("05/06/1367", order="month-first").start == datetime.date(1988, 8, 27)
