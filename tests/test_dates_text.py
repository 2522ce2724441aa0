"""How the characters of a date cell are read before its words are: every dash is a range mark, every
slash, Arabic comma, question mark and decimal separator is its ASCII twin, Persian digits are digits, Unicode
spaces are spaces, and joiners inside a word are dropped. Lists typed in Word, Excel or on a Persian keyboard
carry all of them."""

from __future__ import annotations

import datetime

import pytest

from testament.dates import PartialDate, is_unknown, parse_date
from testament.errors import DateParseError

D = datetime.date
DASHES = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D]
SPACES = [0x00A0, 0x2007, 0x2009, 0x202F, 0x3000]


@pytest.mark.parametrize("dash", DASHES, ids=hex)
def test_parse_date_every_dash_marks_a_range(dash: int) -> None:
    result = parse_date(f"1988{chr(dash)}1990")
    assert (result.precision, result.start, result.end) == ("range", D(1988, 1, 1), D(1990, 12, 31))


@pytest.mark.parametrize("other", [0x2016, 0x2017, 0x2211, 0x2213], ids=hex)
def test_parse_date_a_sign_next_to_the_dashes_is_no_dash(other: int) -> None:
    with pytest.raises(DateParseError):
        parse_date(f"1988{chr(other)}1990")


@pytest.mark.parametrize("space", SPACES, ids=hex)
def test_parse_date_every_unicode_space_is_a_space(space: int) -> None:
    s = chr(space)
    result = parse_date(f"{s}15{s}Mordad{s}1367{s}-{s}20{s}Mordad{s}1367{s}")
    assert (result.precision, result.start, result.end) == ("range", D(1988, 8, 6), D(1988, 8, 11))


@pytest.mark.parametrize(
    "text",
    ["1367/05/15", "1367٫05٫15", "1367⁄05⁄15", "1367／05／15", "۱۳۶۷/۰۵/۱۵", "١٣٦٧/٠٥/١٥", "۱۵ مرداد، ۱۳۶۷"],
)
def test_parse_date_slashes_separators_and_digits_of_other_scripts(text: str) -> None:
    result = parse_date(text)
    assert (result.calendar, result.precision, result.start) == ("solar_hijri", "day", D(1988, 8, 6))


def test_parse_date_arabic_question_mark_is_a_question_mark() -> None:
    result = parse_date("1367؟")
    assert (result.precision, result.approximate) == ("year", True)


@pytest.mark.parametrize("joiner", [0x200B, 0x200C, 0x200D], ids=hex)
def test_parse_date_joiners_inside_a_word_are_dropped(joiner: int) -> None:
    result = parse_date(f"مر{chr(joiner)}داد 1367")
    assert (result.precision, result.start) == ("month", D(1988, 7, 23))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "?",
        "??",
        "-",
        "--",
        "_",
        ".",
        "-?-",
        "unk",
        "na",
        "n.a.",
        "n.a",
        "none",
        "NONE",
        "معلوم نیست",
    ],
)
def test_is_unknown_placeholders(text: str) -> None:
    """Rule: an empty cell, one of only ?, -, _ and . marks, or a word for "unknown" in English or Persian
    (spaces and case aside) says there is no date."""
    assert is_unknown(text)


@pytest.mark.parametrize("text", ["1988", "?1988", "x", "n/a 1988", "unknown date"])
def test_is_unknown_not_for_a_cell_with_more(text: str) -> None:
    assert not is_unknown(text)


def test_partial_date_refuses_an_interval_that_ends_before_it_starts_and_unknown_names() -> None:
    with pytest.raises(ValueError) as caught:
        PartialDate("x", "gregorian", "range", D(1988, 2, 1), D(1988, 1, 31))
    assert str(caught.value) == "PartialDate start 1988-02-01 is after end 1988-01-31"
    assert (
        PartialDate("x", "gregorian", "day", D(1988, 2, 1), D(1988, 2, 1)).interval == "1988-02-01/1988-02-01"
    )
    with pytest.raises(ValueError) as caught:
        PartialDate("x", "julian", "day", D(1988, 2, 1), D(1988, 2, 1))  # type: ignore[arg-type]
    assert str(caught.value) == "unknown calendar or precision: 'julian', 'day'"
    with pytest.raises(ValueError) as caught:
        PartialDate("x", "gregorian", "week", D(1988, 2, 1), D(1988, 2, 1))  # type: ignore[arg-type]
    assert str(caught.value) == "unknown calendar or precision: 'gregorian', 'week'"
