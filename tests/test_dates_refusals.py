"""What a refused date cell is told, path by path: the problem in words and the hint, exactly. A reviewer
fixing a list reads these; each refusal names what is wrong with this cell, not a generic "bad date"."""

from __future__ import annotations

import pytest

from testament.dates import parse_date, parse_year
from testament.errors import DateParseError

HINT_ISO = "write the date as YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Solar Hijri)"
HINT_FULL_YEAR = "write the year in full, e.g. 1367 (Solar Hijri) or 1988 (Gregorian)"
HINT_SOLAR = "check month (1-12) and day: months 1-6 have 31 days, 7-11 have 30, Esfand 29 (30 in leap years)"
HINT_GREGORIAN = "check month (1-12) and day, e.g. February has 28 days (29 in leap years)"
HINT_RANGE = "write a range as 'A - B'"
HINT_AGAINST = "check the year against the month name"
HINT_UNKNOWN = "check is_unknown() first and record no date for such cells"
UNKNOWN = "it is empty or says the date is unknown"
FORMS = (
    "YYYY/MM/DD, YYYY/MM or YYYY (Solar Hijri below 1500, Gregorian from 1500), ISO 1988-08-06, "
    "'15 Mordad 1367', '15 مرداد ۱۳۶۷', 'August 6, 1988', 'summer 1988', 'late July 1988', "
    "or a range 'A - B' / 'between A and B'"
)


def _refusal(text: str, **kw: str) -> tuple[str, str | None]:
    """(the problem, between "Cannot read the date '…': " and ". Accepted forms: …."), the hint)."""
    with pytest.raises(DateParseError) as caught:
        parse_date(text, **kw)  # type: ignore[arg-type]
    message = caught.value.message
    quoted = repr(text if len(text) <= 40 else text[:39] + "…")
    prefix = f"Cannot read the date {quoted}: "
    suffix = f". Accepted forms: {FORMS}."
    assert message.startswith(prefix) and message.endswith(suffix), message
    return message[len(prefix) : -len(suffix)], caught.value.hint


@pytest.mark.parametrize(
    ("text", "problem", "hint"),
    [
        # one end of a range left empty
        ("- 1988", "a date is missing", HINT_ISO),
        ("1988 -", "a date is missing", HINT_ISO),
        # a full numeric date is a date by itself
        ("August 1988-08-06", "a numeric date cannot be mixed with words", HINT_ISO),
        ("1988-08-06 August", "a numeric date cannot be mixed with words", HINT_ISO),
        ("5/6/123", "the numeric date has an unknown layout", HINT_ISO),
        ("c. 5/6/123", "the numeric date has an unknown layout", HINT_ISO),
        # words in a place no date puts them
        ("August July 1988", "'july' is out of place", HINT_ISO),
        ("summer winter 1988", "'winter' is out of place", HINT_ISO),
        ("early late August 1988", "'late' is out of place", HINT_ISO),
        ("August and 1988", "'and' is out of place", HINT_ISO),
        ("August ~1988", "'~' is out of place", HINT_ISO),
        ("مهرمرداد 1367", "'مرداد' is out of place", HINT_ISO),  # run together, then split: each word quoted
        ("August 1988 circa", "'circa' is out of place", HINT_ISO),
        # numbers
        ("14/13/1988", "neither part can be a month", HINT_ISO),
        ("6 7 August 1988", "too many numbers", HINT_ISO),
        ("6 7 8 August 1988", "too many numbers", HINT_ISO),
        ("1988 1367 August", "two years where one was expected", HINT_ISO),
        ("August 123 1988", "two years where one was expected", HINT_ISO),  # above two digits: no day
        ("123 August 6", "a year must have four digits", HINT_FULL_YEAR),  # the longer number is the year
        ("August 031", "a year must have four digits", HINT_FULL_YEAR),
        ("31 August", "no year is given", "add the year, e.g. '15 Mordad 1367' or 'August 6, 1988'"),
        ("August 32", "a two-digit year is ambiguous here", HINT_FULL_YEAR),  # above 31: no day
        ("August 123", "a year must have four digits", HINT_FULL_YEAR),
        ("August 12345", "a year must have four digits", HINT_FULL_YEAR),
        ("15 August", "no year is given", "add the year, e.g. '15 Mordad 1367' or 'August 6, 1988'"),
        ("August 88", "a two-digit year is ambiguous here", HINT_FULL_YEAR),
        ("15 1988", "a day needs a month", "add the month name"),
        # seasons and parts
        ("summer August 1988", "a season cannot have a month or a day", HINT_ISO),
        ("early 15 August 1988", "early/mid/late cannot go with a day", HINT_ISO),
        # no such day
        ("31 Mehr 1367", "it is not a real Solar Hijri date", HINT_SOLAR),
        ("30 Esfand 1368", "it is not a real Solar Hijri date", HINT_SOLAR),
        ("1367/13", "it is not a real Solar Hijri date", HINT_SOLAR),
        ("30 February 1988", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("1988-13", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("1988-02-30", "it is not a real Gregorian date", HINT_GREGORIAN),
        ("1988-00-10", "it is not a real Gregorian date", HINT_GREGORIAN),
        # the month name and the year in two calendars
        ("15 Mordad 1988", "the month name is Solar Hijri but 1988 is a Gregorian year", HINT_AGAINST),
        ("August 1367", "the month name is Gregorian but 1367 is a Solar Hijri year", HINT_AGAINST),
        # calendars and markers
        ("1367 شمسی میلادی", "it names two calendars", HINT_ISO),
        ("1367 SH AD", "it names two calendars", HINT_ISO),
        ("67/5/15 AD", "a two-digit year is ambiguous here", HINT_FULL_YEAR),  # a Gregorian marker: no 13YY
        ("67/5/15 میلادی", "a two-digit year is ambiguous here", HINT_FULL_YEAR),
        ("1367 قمری", "lunar Hijri dates are not supported", "convert to Solar Hijri or Gregorian first"),
        ("1408 AH", "lunar Hijri dates are not supported", "convert to Solar Hijri or Gregorian first"),
        ("1367 هجری", "lunar Hijri dates are not supported", "convert to Solar Hijri or Gregorian first"),
        # ranges
        ("1988 - 1989 - 1990", "it has more than one range separator", HINT_RANGE),
        ("67/123/15", "it has more than one range separator", HINT_RANGE),  # a three-digit month: no date
        ("1988 to 1989 - 1990", "it has more than one range separator", HINT_RANGE),
        ("between 1988", "a range needs two ends", "write a range as 'between A and B' or 'A - B'"),
        ("from 1988", "a range needs two ends", "write a range as 'between A and B' or 'A - B'"),
        ("August/September 1988", "'/' marks a range only between two full dates", HINT_RANGE),
        ("1988/08/06 / August 1988", "'/' marks a range only between two full dates", HINT_RANGE),
        ("1367 - 1990", "the two ends of the range are in different calendars",
         "write both ends in one calendar"),
        ("1990 - 1988", "the range ends before it starts", "put the earlier date first"),
        ("20 - 6 August 1988", "the range ends before it starts", "put the earlier date first"),
        # not a date at all
        ("1367 # 05", "unexpected character '#'", HINT_ISO),
        ("1988 foo", "the word 'foo' is not a month, season or date word", HINT_ISO),
        ("?", UNKNOWN, HINT_UNKNOWN),
        ("unknown", UNKNOWN, HINT_UNKNOWN),
        ("", UNKNOWN, HINT_UNKNOWN),
        ("1988 " + "x" * 116, "it is too long to be a date", "put notes about the date in a separate column"),
    ],
)  # fmt: skip
def test_parse_date_refusal_names_the_problem_and_the_fix(text: str, problem: str, hint: str) -> None:
    """Rule: every refusal quotes the cell, says what is wrong with it, lists the accepted forms and gives
    the hint for this problem."""
    assert _refusal(text) == (problem, hint)


def test_parse_date_refusal_quotes_a_cell_of_40_characters_in_full() -> None:
    """Rule: a quoted cell is cut only above 40 characters, to 39 and an ellipsis."""
    forty = "x" * 40
    assert _refusal(forty) == (f"the word {forty!r} is not a month, season or date word", HINT_ISO)
    forty_one = "x" * 41
    with pytest.raises(DateParseError) as caught:
        parse_date(forty_one)
    cut = repr("x" * 39 + "…")
    assert caught.value.message.startswith(f"Cannot read the date {cut}: the word {cut} is not")


def test_parse_date_cell_above_120_characters_is_a_note_not_a_date() -> None:
    """Rule: a cell of up to 120 characters is read as a date (and refused for what it says); a longer
    one is a note."""
    assert _refusal("x" * 120)[0] == f"the word {'x' * 39 + '…'!r} is not a month, season or date word"
    assert _refusal("x" * 121)[0] == "it is too long to be a date"


def test_parse_date_refusal_of_a_two_digit_year_that_could_be_a_day() -> None:
    assert _refusal("20/5/15") == ("a two-digit year is ambiguous here", HINT_FULL_YEAR)
    assert _refusal("67/5/15", calendar="gregorian") == ("a two-digit year is ambiguous here", HINT_FULL_YEAR)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1988-08-06", "expected a year, found a day."),
        ("August 1988", "expected a year, found a month."),
        ("summer 1988", "expected a year, found a season."),
        ("1988 - 1990", "expected a year, found a range."),
        ("late 1988", "expected a year, found a range."),
        ("unknown", "expected a year."),
        ("1988 foo", "expected a year."),
    ],
)
def test_parse_year_refusal_says_a_year_was_expected(text: str, problem: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_year(text)
    assert caught.value.message == f"Cannot read the year {text!r}: {problem}"
    assert caught.value.hint == "write a four-digit year such as 1340 or 1961, optionally with 'c.' or 'حدود'"


def test_parse_year_reads_a_year_cell() -> None:
    result = parse_year("c. 1340")
    assert (result.calendar, result.precision, result.approximate) == ("solar_hijri", "year", True)
    assert (result.original, result.start.isoformat(), result.end.isoformat()) == (
        "c. 1340",
        "1961-03-21",
        "1962-03-20",
    )


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"calendar": "julian"}, "calendar must be one of ['gregorian', 'solar_hijri'], not 'julian'"),
        ({"order": "year-first"},
         "order must be one of ['day-first', 'either', 'month-first'], not 'year-first'"),
    ],
)  # fmt: skip
def test_parse_date_arguments_out_of_their_vocabulary_are_a_programming_error(
    kw: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date("1988", **kw)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_parse_date_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError) as caught:
        parse_date(1988)  # type: ignore[arg-type]
    assert str(caught.value) == "parse_date expects a str, not int"
