"""Date reading at its edges, each rule stated by the test that defends it: which numeric shapes are dates,
when a calendar hint counts, where two-digit years start, what a refused cell is told (the problem in words
and the hint), and every word of every language lists use (months, seasons, parts, markers, ranges)."""

from __future__ import annotations

import datetime

import pytest

from testament.dates import parse_date
from testament.errors import DateParseError

D = datetime.date
HINT_ISO = "write the date as YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Solar Hijri)"
HINT_FULL_YEAR = "write the year in full, e.g. 1367 (Solar Hijri) or 1988 (Gregorian)"
HINT_GREGORIAN = "check month (1-12) and day, e.g. February has 28 days (29 in leap years)"


def _refusal(text: str, **kw: str) -> tuple[str, str | None]:
    """(the problem, between "Cannot read the date '…': " and ". Accepted forms"), the hint)."""
    with pytest.raises(DateParseError) as caught:
        parse_date(text, **kw)  # type: ignore[arg-type]
    message = caught.value.message
    prefix = f"Cannot read the date {text!r}: "
    assert message.startswith(prefix) and ". Accepted forms: " in message
    return message[len(prefix) : message.index(". Accepted forms: ")], caught.value.hint


@pytest.mark.parametrize(
    ("text", "hint", "calendar", "start"),
    [
        ("1367", "gregorian", "solar_hijri", D(1988, 3, 21)),
        ("1988", "solar_hijri", "gregorian", D(1988, 1, 1)),
        ("1367/05", "gregorian", "solar_hijri", D(1988, 7, 23)),
        ("5/1367", "gregorian", "solar_hijri", D(1988, 7, 23)),
        ("08/1988", "solar_hijri", "gregorian", D(1988, 8, 1)),
        ("1367/05/15", "gregorian", "solar_hijri", D(1988, 8, 6)),
        ("1988-08-06", "solar_hijri", "gregorian", D(1988, 8, 6)),
        ("15/05/1367", "gregorian", "solar_hijri", D(1988, 8, 6)),
        ("13/08/1988", "solar_hijri", "gregorian", D(1988, 8, 13)),
        ("08/08/1988", "solar_hijri", "gregorian", D(1988, 8, 8)),
    ],
)
def test_parse_date_calendar_hint_never_overrides_a_four_digit_year(
    text: str, hint: str, calendar: str, start: datetime.date
) -> None:
    """Rule: a column-wide calendar hint settles two-digit years only; a four-digit year decides by itself
    (below 1500 Solar Hijri), so a hint cannot turn 1988 into 2609 CE."""
    result = parse_date(text, calendar=hint)  # type: ignore[arg-type]
    assert (result.calendar, result.start) == (calendar, start)


@pytest.mark.parametrize(("text", "year"), [("32/05/15", 1332), ("67/5/15", 1367), ("99/12/29", 1399)])
def test_parse_date_two_digit_year_first_above_31_is_solar(text: str, year: int) -> None:
    result = parse_date(text)
    assert result.calendar == "solar_hijri" and result.start.year in (year + 621, year + 622)


@pytest.mark.parametrize(("text", "calendar"), [("31/05/15", None), ("67/05/15", "gregorian")])
def test_parse_date_two_digit_year_that_could_be_a_day_is_refused(text: str, calendar: str | None) -> None:
    """Rule: 31/05/15 may be a day first; a two-digit year is read only where it cannot be one (above 31)
    or the caller says Solar Hijri; never under a Gregorian hint."""
    kw = {"calendar": calendar} if calendar else {}
    assert _refusal(text, **kw) == ("a two-digit year is ambiguous here", HINT_FULL_YEAR)


@pytest.mark.parametrize(
    "text", ["123/05/15", "1367/123/15", "1367/05/123", "5/123/1367", "123/5/1367", "123/1367", "1367/123"]
)
def test_parse_date_numeric_parts_of_other_lengths_are_no_date(text: str) -> None:
    """A three-digit part is neither a day, a month nor a year: refused (as a malformed range)."""
    problem, _ = _refusal(text)
    assert "range" in problem


@pytest.mark.parametrize(("text", "start"), [("1367/5", D(1988, 7, 23)), ("1367/5/1", D(1988, 7, 23))])
def test_parse_date_one_digit_month_and_day_are_read(text: str, start: datetime.date) -> None:
    assert parse_date(text).start == start


def test_parse_date_year_of_three_digits_alone_is_refused() -> None:
    with pytest.raises(DateParseError):
        parse_date("988")


@pytest.mark.parametrize(
    ("text", "problem", "hint"),
    [
        ("13/14/1988", "neither part can be a month", HINT_ISO),
        ("13/13/1988", "it is not a real Gregorian date", HINT_GREGORIAN),  # day == month: read as such
        ("32/12/1988", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("12/32/1988", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("31/02/1988", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("08/09/1988", "day and month order is ambiguous (D/M/YYYY or M/D/YYYY)", HINT_ISO),
    ],
)
def test_parse_date_gregorian_d_m_y_refusals_say_why(text: str, problem: str, hint: str) -> None:
    """Rule: a refused cell says what is wrong with it (no month, no such day, or an order to choose)."""
    assert _refusal(text) == (problem, hint)


@pytest.mark.parametrize(
    ("text", "order", "part"), [("13/05/1988", "month-first", "first"), ("05/13/1988", "day-first", "second")]
)
def test_parse_date_cell_against_the_column_order_names_the_part_above_12(
    text: str, order: str, part: str
) -> None:
    assert _refusal(text, order=order) == (
        f"it cannot be read {order}: the {part} part is above 12",
        "check the cell, or write it as YYYY-MM-DD",
    )


@pytest.mark.parametrize(
    ("text", "order", "start"),
    [
        ("13/05/1988", "day-first", D(1988, 5, 13)),
        ("05/13/1988", "month-first", D(1988, 5, 13)),
        ("13/05/1988", "either", D(1988, 5, 13)),
        ("13/05/1988", None, D(1988, 5, 13)),
        ("05/13/1988", None, D(1988, 5, 13)),
        ("08/09/1988", "day-first", D(1988, 9, 8)),
        ("08/09/1988", "month-first", D(1988, 8, 9)),
    ],
)
def test_parse_date_gregorian_d_m_y_read_in_the_only_or_given_order(
    text: str, order: str | None, start: datetime.date
) -> None:
    result = parse_date(text, order=order)  # type: ignore[arg-type]
    assert (result.start, result.end, result.precision, result.calendar) == (start, start, "day", "gregorian")


def test_parse_date_either_order_covers_both_readings() -> None:
    result = parse_date("08/09/1988", order="either")
    assert (result.start, result.end, result.precision) == (D(1988, 8, 9), D(1988, 9, 8), "either")


def test_parse_date_stray_character_is_named() -> None:
    assert _refusal("1367 # 05") == ("unexpected character '#'", HINT_ISO)


def test_parse_date_unknown_word_is_quoted_as_not_a_date_word() -> None:
    assert _refusal("15 Brumaire 1367") == (
        "the word 'brumaire' is not a month, season or date word",
        HINT_ISO,
    )


@pytest.mark.parametrize("text", ["~1988", "≈1988", "c. 1988", "1988?"])
def test_parse_date_approximate_markers_keep_the_interval(text: str) -> None:
    result = parse_date(text)
    assert result.approximate and (result.start, result.end) == (D(1988, 1, 1), D(1988, 12, 31))


# --- words: every spelling lists use --------------------------------------------------------------------

GREGORIAN_MONTHS = [
    "january jan ژانویه janvier janv januar jänner jän",
    "february feb فوریه février févr fevr februar",
    "march mar مارس mars märz maerz mrz",
    "april apr آوریل avril avr",
    "may مه mai",
    "june jun ژوئن juin juni",
    "july jul ژوئیه جولای juillet juil juli",
    "august aug اوت آگوست août",
    "september sep sept سپتامبر septembre",
    "october oct اکتبر octobre oktober okt",
    "november nov نوامبر novembre",
    "december dec دسامبر décembre déc dezember dez",
]
SOLAR_MONTHS = [
    "farvardin farvardeen فروردین",
    "ordibehesht ordibehest ordibehisht اردیبهشت",
    "khordad khurdad خرداد",
    "tir teer تیر",
    "mordad mordaad amordad amordaad murdad مرداد امرداد",
    "shahrivar shahriwar shahrewar شهریور",
    "mehr mihr مهر",
    "aban aaban abaan آبان ابان",
    "azar aazar azer آذر اذر",
    "dey dei دی",
    "bahman بهمن",
    "esfand espand isfand esfend اسفند",
]
_GREGORIAN_WORDS = [(w, n) for n, words in enumerate(GREGORIAN_MONTHS, 1) for w in words.split()]
_SOLAR_WORDS = [(w, n) for n, words in enumerate(SOLAR_MONTHS, 1) for w in words.split()]
_UNACCENTED = [("aout", 8), ("fevrier", 2), ("marz", 3), ("decembre", 12), ("jan", 1)]


@pytest.mark.parametrize(("word", "month"), _GREGORIAN_WORDS + _UNACCENTED)
def test_parse_date_every_gregorian_month_spelling(word: str, month: int) -> None:
    """Rule: a Gregorian month in English, Persian, French or German (full, abbreviated, with or without
    accents) is read as that month."""
    result = parse_date(f"{word} 1988")
    assert (result.calendar, result.precision, result.start) == ("gregorian", "month", D(1988, month, 1))


@pytest.mark.parametrize(("word", "month"), _SOLAR_WORDS)
def test_parse_date_every_solar_month_spelling(word: str, month: int) -> None:
    """Rule: a Solar Hijri month in Persian or a common transliteration (madda or not) is read as that
    month of the Solar Hijri year."""
    result = parse_date(f"1 {word} 1367")
    assert (result.calendar, result.precision) == ("solar_hijri", "day")
    assert result.start == parse_date(f"1367/{month:02d}/01").start


@pytest.mark.parametrize(
    ("words", "season"),
    [
        ("spring بهار printemps frühling frühjahr", "spring"),
        ("summer تابستان été sommer", "summer"),
        ("autumn fall پاییز پائیز automne herbst", "autumn"),
        ("winter زمستان hiver", "winter"),
    ],
)
def test_parse_date_every_season_word(words: str, season: str) -> None:
    expected = parse_date(f"{season} 1988")
    for word in words.split():
        result = parse_date(f"{word} 1988")
        assert (result.precision, result.start, result.end) == ("season", expected.start, expected.end), word


@pytest.mark.parametrize(
    ("words", "part"),
    [
        ("early beginning start اوایل اوائل ابتدای début anfang", "early"),
        ("mid middle اواسط نیمه mi milieu mitte", "mid"),
        ("late end اواخر آخر fin ende", "late"),
    ],
)
def test_parse_date_every_part_word(words: str, part: str) -> None:
    expected = parse_date(f"{part} August 1988")
    for word in words.split():
        result = parse_date(f"{word} August 1988")
        assert (result.precision, result.start, result.end) == ("range", expected.start, expected.end), word


@pytest.mark.parametrize(
    "text",
    [
        "c 1988", "ca 1988", "circa 1988", "about 1988", "around 1988", "approx 1988", "approximately 1988",
        "roughly 1988", "حدود 1988", "حدودا 1988", "تقریبا 1988", "حوالی 1988", "environ 1988", "vers 1988",
        "etwa 1988", "gegen 1988",
    ],
)  # fmt: skip
def test_parse_date_every_approximate_word(text: str) -> None:
    result = parse_date(text)
    assert result.approximate and result.precision == "year"


@pytest.mark.parametrize(
    ("text", "calendar"),
    [
        ("1367 شمسی", "solar_hijri"), ("1367 خورشیدی", "solar_hijri"), ("1367 AP", "solar_hijri"),
        ("1367 SH", "solar_hijri"), ("1988 میلادی", "gregorian"), ("1988 AD", "gregorian"),
        ("1988 CE", "gregorian"),
        ("67 شمسی", "solar_hijri"), ("1367 هجری شمسی", "solar_hijri"),
    ],
)  # fmt: skip
def test_parse_date_calendar_markers(text: str, calendar: str) -> None:
    assert parse_date(text).calendar == calendar


@pytest.mark.parametrize("text", ["1367 قمری", "1408 AH", "1408 هجری قمری"])
def test_parse_date_lunar_hijri_is_refused_not_misread(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "6 to 20 August 1988", "6 until 20 August 1988", "6 till 20 August 1988", "6 through 20 August 1988",
        "6 thru 20 August 1988", "6 تا 20 August 1988", "6 au 20 August 1988", "6 bis 20 August 1988",
        "between 6 and 20 August 1988", "from 6 to 20 August 1988", "entre 6 et 20 August 1988",
        "zwischen 6 und 20 August 1988", "von 6 bis 20 August 1988", "بین 6 و 20 August 1988",
        "از 6 تا 20 August 1988",
    ],
)  # fmt: skip
def test_parse_date_range_words_in_each_language(text: str) -> None:
    result = parse_date(text)
    assert (result.precision, result.start, result.end) == ("range", D(1988, 8, 6), D(1988, 8, 20))
