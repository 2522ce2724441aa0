"""The interval each kind of date stands for, stated as a table a reviewer can check against a Solar Hijri
calendar: months (Esfand and leap years), seasons in both calendars (the Gregorian one as the union of the
meteorological and the Persian season), early/mid/late of a month, a season and a year, ranges that borrow
from their other end, and which cells say something about a column's day/month order."""

from __future__ import annotations

import datetime

import jdatetime
import pytest

from testament.dates import detect_order, parse_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "calendar", "precision", "start", "end"),
    [
        # Solar Hijri months: 1-6 have 31 days, 7-11 have 30, Esfand 29, or 30 in a leap year (1399)
        ("1367/01", "solar_hijri", "month", D(1988, 3, 21), D(1988, 4, 20)),
        ("1367/06", "solar_hijri", "month", D(1988, 8, 23), D(1988, 9, 22)),
        ("1367/07", "solar_hijri", "month", D(1988, 9, 23), D(1988, 10, 22)),
        ("1367/11", "solar_hijri", "month", D(1989, 1, 21), D(1989, 2, 19)),
        ("1367/12", "solar_hijri", "month", D(1989, 2, 20), D(1989, 3, 20)),
        ("Esfand 1398", "solar_hijri", "month", D(2020, 2, 20), D(2020, 3, 19)),
        ("Esfand 1399", "solar_hijri", "month", D(2021, 2, 19), D(2021, 3, 20)),
        ("1398", "solar_hijri", "year", D(2019, 3, 21), D(2020, 3, 19)),
        ("1399", "solar_hijri", "year", D(2020, 3, 20), D(2021, 3, 20)),
        ("1367/12/29", "solar_hijri", "day", D(1989, 3, 20), D(1989, 3, 20)),
        ("1399/12/30", "solar_hijri", "day", D(2021, 3, 20), D(2021, 3, 20)),
        # Gregorian months, February in and out of a leap year
        ("02/1988", "gregorian", "month", D(1988, 2, 1), D(1988, 2, 29)),
        ("February 1989", "gregorian", "month", D(1989, 2, 1), D(1989, 2, 28)),
        ("1988-12", "gregorian", "month", D(1988, 12, 1), D(1988, 12, 31)),
        ("1988", "gregorian", "year", D(1988, 1, 1), D(1988, 12, 31)),
    ],
)
def test_parse_date_months_and_years_cover_their_days(
    text: str, calendar: str, precision: str, start: datetime.date, end: datetime.date
) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision, result.start, result.end) == (calendar, precision, start, end)


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        # Persian seasons, from the equinoxes and solstices; winter is Dey-Esfand of the same year
        ("بهار 1367", "season", D(1988, 3, 21), D(1988, 6, 21)),
        ("تابستان 1367", "season", D(1988, 6, 22), D(1988, 9, 22)),
        ("پاییز 1367", "season", D(1988, 9, 23), D(1988, 12, 21)),
        ("زمستان 1367", "season", D(1988, 12, 22), D(1989, 3, 20)),
        ("زمستان 1399", "season", D(2020, 12, 21), D(2021, 3, 20)),
        ("اوایل بهار 1367", "range", D(1988, 3, 21), D(1988, 4, 20)),
        ("اواسط بهار 1367", "range", D(1988, 4, 21), D(1988, 5, 21)),
        ("اواخر بهار 1367", "range", D(1988, 5, 22), D(1988, 6, 21)),
        ("اوایل زمستان 1367", "range", D(1988, 12, 22), D(1989, 1, 20)),
        ("اواسط زمستان 1367", "range", D(1989, 1, 21), D(1989, 2, 19)),
        ("اواخر زمستان 1367", "range", D(1989, 2, 20), D(1989, 3, 20)),
        # Gregorian seasons: from the meteorological start to the Persian end
        ("spring 1988", "season", D(1988, 3, 1), D(1988, 6, 21)),
        ("summer 1988", "season", D(1988, 6, 1), D(1988, 9, 22)),
        ("autumn 1988", "season", D(1988, 9, 1), D(1988, 12, 21)),
        ("winter 1988", "season", D(1988, 12, 1), D(1989, 3, 20)),
        # ... and its early/mid/late month, in both conventions at once
        ("early spring 1988", "range", D(1988, 3, 1), D(1988, 4, 20)),
        ("mid spring 1988", "range", D(1988, 4, 1), D(1988, 5, 21)),
        ("late spring 1988", "range", D(1988, 5, 1), D(1988, 6, 21)),
        ("early summer 1988", "range", D(1988, 6, 1), D(1988, 7, 22)),
        ("mid summer 1988", "range", D(1988, 7, 1), D(1988, 8, 22)),
        ("late summer 1988", "range", D(1988, 8, 1), D(1988, 9, 22)),
        ("late autumn 1988", "range", D(1988, 11, 1), D(1988, 12, 21)),
        ("early winter 1988", "range", D(1988, 12, 1), D(1989, 1, 20)),
        ("mid winter 1988", "range", D(1989, 1, 1), D(1989, 2, 19)),
        ("late winter 1988", "range", D(1989, 2, 1), D(1989, 3, 20)),
    ],
)
def test_parse_date_seasons_and_their_thirds(
    text: str, precision: str, start: datetime.date, end: datetime.date
) -> None:
    result = parse_date(text)
    assert (result.precision, result.start, result.end) == (precision, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a year: months 1-4, 5-8, 9-12
        ("early 1367", D(1988, 3, 21), D(1988, 7, 22)),
        ("mid 1367", D(1988, 7, 23), D(1988, 11, 21)),
        ("late 1367", D(1988, 11, 22), D(1989, 3, 20)),
        ("early 1988", D(1988, 1, 1), D(1988, 4, 30)),
        ("mid 1988", D(1988, 5, 1), D(1988, 8, 31)),
        ("late 1988", D(1988, 9, 1), D(1988, 12, 31)),
        # a month: days 1-10, 11-20, 21 to the month's end
        ("early Esfand 1367", D(1989, 2, 20), D(1989, 3, 1)),
        ("mid Esfand 1367", D(1989, 3, 2), D(1989, 3, 11)),
        ("late Esfand 1367", D(1989, 3, 12), D(1989, 3, 20)),
        ("late Esfand 1399", D(2021, 3, 11), D(2021, 3, 20)),
        ("early February 1988", D(1988, 2, 1), D(1988, 2, 10)),
        ("mid February 1988", D(1988, 2, 11), D(1988, 2, 20)),
        ("late February 1988", D(1988, 2, 21), D(1988, 2, 29)),
        ("late February 1989", D(1989, 2, 21), D(1989, 2, 28)),
    ],
)
def test_parse_date_early_mid_late_of_a_year_or_a_month(
    text: str, start: datetime.date, end: datetime.date
) -> None:
    result = parse_date(text)
    assert (result.precision, result.start, result.end) == ("range", start, end)


@pytest.mark.parametrize(
    ("text", "kw", "calendar", "start"),
    [
        # the year first, the day last: the number of more than two digits is the year
        ("1988 August 15", {}, "gregorian", D(1988, 8, 15)),
        ("1988 August 6", {}, "gregorian", D(1988, 8, 6)),
        ("1367 Mordad 15", {}, "solar_hijri", D(1988, 8, 6)),
        # a two-digit year after a Solar Hijri month name, or with a written marker, is 13YY
        ("15 Mordad 67", {}, "solar_hijri", D(1988, 8, 6)),
        ("20/5/15 شمسی", {}, "solar_hijri", D(1941, 8, 6)),
        # a numeric date with a word around it is read like the bare numeric date
        ("c. 67/5/15", {}, "solar_hijri", D(1988, 8, 6)),
        ("c. 08/09/1988", {"order": "day-first"}, "gregorian", D(1988, 9, 8)),
        ("c. 08/09/1988", {"order": "month-first"}, "gregorian", D(1988, 8, 9)),
    ],
)
def test_parse_date_day_month_year_in_other_orders(
    text: str, kw: dict[str, str], calendar: str, start: datetime.date
) -> None:
    result = parse_date(text, **kw)  # type: ignore[arg-type]
    assert (result.calendar, result.precision, result.start, result.end) == (calendar, "day", start, start)


@pytest.mark.parametrize(
    ("text", "calendar", "start", "end"),
    [
        ("6 - 20 August 1988", "gregorian", D(1988, 8, 6), D(1988, 8, 20)),
        ("July 19 - September 5, 1988", "gregorian", D(1988, 7, 19), D(1988, 9, 5)),
        ("15 Tir - 15 Mordad 1367", "solar_hijri", D(1988, 7, 6), D(1988, 8, 6)),
        # the year borrowed from the other end, with the evidence that a two-digit year is 13YY
        ("summer - مرداد 67", "solar_hijri", D(1988, 6, 22), D(1988, 8, 22)),
        ("تابستان - Mehr 67", "solar_hijri", D(1988, 6, 22), D(1988, 10, 22)),
        ("5 - 10 مرداد 67", "solar_hijri", D(1988, 7, 27), D(1988, 8, 1)),
        ("5 - 10 Mordad 67", "solar_hijri", D(1988, 7, 27), D(1988, 8, 1)),  # the month's calendar, borrowed
        ("6 - 31 August 1988", "gregorian", D(1988, 8, 6), D(1988, 8, 31)),
        ("1988-08-06/1988-08-20", "gregorian", D(1988, 8, 6), D(1988, 8, 20)),
    ],
)
def test_parse_date_range_ends_borrow_what_they_leave_out(
    text: str, calendar: str, start: datetime.date, end: datetime.date
) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision, result.start, result.end) == (calendar, "range", start, end)


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("17/10/1988", "day-first"),
        ("10/17/1988", "month-first"),
        ("08/09/1988", "either"),
        ("8.9.1988", "either"),
        ("31/12/1988", "day-first"),
        ("12/31/1988", "month-first"),
        # no evidence: one order only, the same either way, parts out of range, not D/M/YYYY at all
        ("08/08/1988", None),
        ("32/05/1988", None),
        ("05/32/1988", None),
        ("00/05/1988", None),
        ("05/00/1988", None),
        ("13/13/1988", None),
        ("005/06/1988", None),
        ("05/006/1988", None),
        ("05/06/88", None),
        ("05/06/1367", None),
        ("1988/05/06", None),
        ("05/1988", None),
        ("August 1988", None),
    ],
)
def test_detect_order_only_from_a_gregorian_d_m_yyyy_cell(text: str, order: str | None) -> None:
    assert detect_order(text) == order


# first month of each season: Gregorian (meteorological), Persian
_SEASON_MONTHS = {"spring": (3, 1), "summer": (6, 4), "autumn": (9, 7), "winter": (12, 10)}


@pytest.mark.parametrize("season", list(_SEASON_MONTHS))
def test_parse_date_gregorian_season_is_the_union_of_both_conventions_in_every_year(season: str) -> None:
    """Rule: "<season> Y" (and its early/mid/late month) runs from the first day of the meteorological
    month to the last day of the Persian one, in the Solar Hijri year Y - 621 that starts in March of Y;
    computed here from the calendars directly, every 17th year from 1500 to 2500 (17 and the 33-year leap
    cycle are coprime) and around 1988."""
    gregorian_first, persian_first = _SEASON_MONTHS[season]
    for year in [*range(1500, 2500, 17), *range(1985, 1993)]:
        for part, (first, last) in {None: (0, 2), "early": (0, 0), "mid": (1, 1), "late": (2, 2)}.items():
            month = gregorian_first + first
            start = D(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
            persian_last = persian_first + last
            after = (year - 621 + 1, 1) if persian_last == 12 else (year - 621, persian_last + 1)
            end = jdatetime.date(*after, 1).togregorian() - datetime.timedelta(days=1)
            result = parse_date(f"{part or ''} {season} {year}".strip())
            assert (result.start, result.end) == (start, end), (part, season, year)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("20/5/15 - 20/5/25", D(1941, 8, 6), D(1941, 8, 16)),
        ("summer 67 - autumn 67", D(1988, 6, 22), D(1988, 12, 21)),
        ("67 - 68", D(1988, 3, 21), D(1990, 3, 20)),
    ],
)
def test_parse_date_calendar_hint_settles_two_digit_years_at_both_ends_of_a_range(
    text: str, start: datetime.date, end: datetime.date
) -> None:
    result = parse_date(text, calendar="solar_hijri")
    assert (result.calendar, result.precision, result.start, result.end) == (
        "solar_hijri",
        "range",
        start,
        end,
    )


def test_parse_date_range_of_one_day_is_a_range() -> None:
    """Rule: a range is refused only when it ends before it starts; both ends on one day is a range."""
    result = parse_date("6 - 6 August 1988")
    assert (result.precision, result.start, result.end) == ("range", D(1988, 8, 6), D(1988, 8, 6))


@pytest.mark.parametrize(
    "text",
    ["15 Mordad 1367", "summer 1988", "6 - 20 August 1988", "late July 1988", "1367 شمسی", "August 1988"],
)
def test_parse_date_without_an_approximate_marker_is_not_approximate(text: str) -> None:
    assert parse_date(text).approximate is False
