"""Partial and uncertain dates, Gregorian and Solar Hijri, as written in victim lists and testimonies.

Every date cell becomes a `PartialDate`: the original string exactly as given, the calendar it was
written in, how precise it is, and the inclusive Gregorian interval it covers (for sorting and overlap).
All Solar Hijri <-> Gregorian conversion and validation is done by `jdatetime`.

Reading rules a reviewer needs to know:

* Calendar. A month name decides (Mordad, مرداد -> Solar Hijri; August, اوت -> Gregorian), and so does a
  written marker (شمسی, خورشیدی, AP, SH -> Solar Hijri; میلادی, AD, CE -> Gregorian). Otherwise a
  four-digit year below 1500 is Solar Hijri and 1500 or above is Gregorian; the `calendar=` argument
  never overrides a four-digit year (a column-wide hint must not turn 1988 into 2609 CE), it settles
  two-digit years and numeric order only. A month name whose calendar disagrees with the year
  ("15 Mordad 1988") is refused. Lunar Hijri (قمری, AH) is refused rather than misread as Solar Hijri.
* Two-digit years. Read as 13YY (Solar Hijri) when the text or caller says Solar Hijri (a Persian month
  name, a Persian season word, a marker, `calendar="solar_hijri"`), or in year-first numeric form when
  the first part is above 31: `67/5/15` cannot be a day-first or month-first Gregorian date, and
  Gregorian sources do not write two-digit years first. Every other two-digit year is refused, since
  its century is a guess.
* Numeric order. A four-digit year first is Y/M/D. A four-digit year last is D/M/Y for Solar Hijri (month
  first is not a Persian convention); for Gregorian it is read in the caller's `order=` ("day-first",
  "month-first"), or by itself when only one reading is possible (a part above 12, or day == month).
  With `order="either"` an ambiguous cell (08/09/1988) is kept as an uncertain date of precision
  "either": the interval runs from the earlier reading to the later one. With no `order` an ambiguous
  cell is refused with a hint to write ISO. Lists settle the order per column
  (`testament.ingest.dateorder`): a convention belongs to a column, not to a cell.
* Seasons follow the calendar they are written in. Solar Hijri seasons are the Persian ones, which start
  at the equinoxes and solstices: spring Farvardin-Khordad, summer Tir-Shahrivar (22 June - 22 September
  1988 for 1367), autumn Mehr-Azar, winter Dey-Esfand of the same year. A Gregorian-year season ("summer
  1988") has two conventions in use, the meteorological one (June-August) and the astronomical one, which
  is the Persian season (solstice to equinox, to 22 September); lists about Iran written in English or
  another European language often translate تابستان. Excluding either reading would count a true date
  against a match, so the interval covers both: from the first day of the meteorological season to the
  last day of the Persian one (summer 1988: 1 June - 22 September; winter 1988: 1 December 1988 - 20 March
  1989). The Persian bounds come from jdatetime (the Solar Hijri year that starts in March of that year).
* Early/mid/late (precision "range") narrow a month, a season or a year to its first, middle or last
  third: in a month days 1-10, 11-20, 21 to the month's end; in a season its first, second or third
  month (for a Gregorian season that month in both conventions: late summer 1988 is August with
  Shahrivar, 1 August - 22 September); in a year months 1-4, 5-8, 9-12. Persian اوایل / اواسط / اواخر
  the same.
* Approximate markers (circa, c., about, ~, حدود, ...) and a trailing "?" set `approximate`; the interval
  is unchanged.
"""

from __future__ import annotations

import calendar as _gregorian_calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, get_args

import jdatetime

from testament.errors import DateParseError
from testament.text import DIGITS, DIRECTION_MARKS, LETTERS, MARKS, has_arabic_script

__all__ = [
    "Calendar",
    "DateOrder",
    "DateParseError",
    "PartialDate",
    "Precision",
    "ReadingOrder",
    "detect_order",
    "is_unknown",
    "parse_date",
    "parse_year",
]

Calendar = Literal["gregorian", "solar_hijri"]
# "either": one of two days (D/M or M/D, the order unknown); the interval runs from one to the other.
Precision = Literal["day", "month", "season", "year", "range", "either"]
DateOrder = Literal["day-first", "month-first"]
# How to read a Gregorian D/M/YYYY or M/D/YYYY cell whose parts could both be the month: in one order, or
# "either" (keep both readings as one uncertain date).
ReadingOrder = Literal["day-first", "month-first", "either"]

_GREGORIAN: Calendar = "gregorian"
_SOLAR: Calendar = "solar_hijri"
_CALENDARS = frozenset(get_args(Calendar))
_ORDERS = frozenset(get_args(ReadingOrder))
_PRECISIONS = frozenset(get_args(Precision))
_SOLAR_YEAR_LIMIT = 1500  # four-digit years below this are Solar Hijri (1988 CE is 1367 SH)
_ONE_DAY = datetime.timedelta(days=1)
_CACHE_SIZE = 1 << 16  # about one large list's worth of distinct date cells
_MAX_LENGTH = 120  # longer cells are notes, not dates; also bounds the work spent on them
_MAX_WORD = 40


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written, with the inclusive Gregorian interval it stands for."""

    original: str
    calendar: Calendar
    precision: Precision
    start: datetime.date
    end: datetime.date
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"PartialDate start {self.start} is after end {self.end}")
        if self.calendar not in _CALENDARS or self.precision not in _PRECISIONS:
            raise ValueError(f"unknown calendar or precision: {self.calendar!r}, {self.precision!r}")

    @property
    def interval(self) -> str:
        """ISO 8601 interval, "YYYY-MM-DD/YYYY-MM-DD"."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def to_dict(self) -> dict[str, str | bool]:
        return {
            "original": self.original,
            "calendar": self.calendar,
            "precision": self.precision,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "approximate": self.approximate,
            "interval": self.interval,
        }


# --- normalisation --------------------------------------------------------------------------------


def _build_table() -> dict[int, str | None]:
    # The shared letter and digit fold (`testament.text`): ي → ی, ك → ک, ۱۳۶۷ → 1367 ...
    table: dict[int, str | None] = {**DIGITS, **LETTERS}
    # Joiners, direction marks, tatweel and harakat carry no date information: removed (mapped to None).
    table.update(dict.fromkeys((0x200B, 0x200C, 0x200D, *DIRECTION_MARKS, *MARKS)))
    for cp in (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63, 0xFF0D):
        table[cp] = "-"
    # Unicode spaces (no-break, figure, thin, ideographic ...) need no entry: `\s` and str.strip() take them.
    table.update({0x060C: ",", 0x061F: "?", 0x066B: ".", 0x2044: "/", 0xFF0F: "/"})
    return table


_TABLE = _build_table()
_SPACES_RE = re.compile(r"\s+")

# The whole cell as a numeric date: Y/M/D, Y/M, YY/M/D, D/M/Y, M/Y or a bare year (one separator kind).
_NUMERIC_RE = re.compile(r"\s*([0-9]{1,4})(?:\s*([/.\-])\s*([0-9]{1,4})(?:\s*\2\s*([0-9]{1,4}))?)?\s*")

_TOKEN_RE = re.compile(
    r"(?P<numdate>[0-9]{4}([/.\-])[0-9]{1,2}(?:\2[0-9]{1,2})?(?![0-9])"
    r"|[0-9]{1,2}([/.\-])[0-9]{1,2}\3[0-9]{2,4}(?![0-9])"
    r"|[0-9]{1,2}([/.\-])[0-9]{4}(?![0-9]))"
    r"|(?P<num>[0-9]+)(?:(?:st|nd|rd|th|er)(?![^\W\d_]))?"  # 1st, 1er
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<sym>[-/~≈,.?()'’])"
    r"|(?P<space>\s+)"
    r"|(?P<bad>.)"
)
_SOLAR_ABBREV_RE = re.compile(r"ه\s*\.\s*ش\.?")  # "ه.ش" = هجری شمسی

_UNKNOWN_WORDS = frozenset(
    {"unknown", "unk", "n/a", "na", "n.a.", "n.a", "none", "نامعلوم", "نامشخص", "مجهول", "معلومنیست"}
)
_UNKNOWN_SYMBOLS_RE = re.compile(r"[?\-_.]*")


def is_unknown(text: str) -> bool:
    """True for a cell that says "no date": empty, "?", "-", "unknown", "n/a", "نامعلوم", ..."""
    key = _SPACES_RE.sub("", text.translate(_TABLE)).casefold()
    return key in _UNKNOWN_WORDS or _UNKNOWN_SYMBOLS_RE.fullmatch(key) is not None


# --- vocabulary -----------------------------------------------------------------------------------


class _Word(NamedTuple):
    kind: str  # month, season, part, filler, approx, rsep, open, and, marker, lunar
    calendar: Calendar | None = None
    number: int = 0  # month number
    name: str = ""  # season or month part
    persian: bool = False  # written in Persian script: evidence that a two-digit year is 13YY


def _build_lexicon() -> dict[str, _Word]:
    lex: dict[str, _Word] = {}

    def add(words: str, word: _Word) -> None:
        for w in words.split():
            lex[w] = word
            if "آ" in w:  # آبان / ابان: the madda is often dropped
                lex[w.replace("آ", "ا")] = word
            bare = _strip_accents(w)
            if bare != w and not has_arabic_script(w):  # août / aout, März / Marz
                lex.setdefault(bare, word)

    # English, Persian, French and German: the languages lists are kept in.
    gregorian_months = [
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
    solar_months = [
        "farvardin farvardeen فروردین",
        "ordibehesht ordibehest ordibehisht اردیبهشت",
        "khordad khurdad خرداد",
        "tir teer تیر",
        "mordad mordaad amordad amordaad murdad مرداد امرداد",
        "shahrivar shahriwar shahrewar شهریور",
        "mehr mihr مهر",
        "aban aaban abaan آبان",
        "azar aazar azer آذر",
        "dey dei دی",
        "bahman بهمن",
        "esfand espand isfand esfend اسفند",
    ]
    # A Gregorian month name is no evidence of a 13YY year, in whatever script: its calendar decides.
    for number, words in enumerate(gregorian_months, start=1):
        for w in words.split():
            add(w, _Word("month", _GREGORIAN, number))
    for number, words in enumerate(solar_months, start=1):
        for w in words.split():
            add(w, _Word("month", _SOLAR, number, persian=has_arabic_script(w)))
    for season, words in {
        "spring": "spring بهار printemps frühling frühjahr",
        "summer": "summer تابستان été sommer",
        "autumn": "autumn fall پاییز پائیز automne herbst",
        "winter": "winter زمستان hiver",
    }.items():
        for w in words.split():
            add(w, _Word("season", name=season, persian=has_arabic_script(w)))
    for part, words in {
        "early": "early beginning start اوایل اوائل ابتدای début anfang",
        "mid": "mid middle اواسط نیمه mi milieu mitte",
        "late": "late end اواخر آخر fin ende",
    }.items():
        add(words, _Word("part", name=part))
    add("the of in on سال ماه در روز de du d en le l im des am", _Word("filler"))
    add(
        "c ca circa about around approx approximately roughly حدود حدودا تقریبا حوالی "
        "environ vers etwa gegen",
        _Word("approx"),
    )
    add("to until till through thru تا au jusqu bis", _Word("rsep"))
    add("between from بین مابین از entre zwischen von vom", _Word("open"))
    add("and و et und", _Word("and"))
    add("شمسی خورشیدی ap sh", _Word("marker", _SOLAR))
    add("میلادی ad ce", _Word("marker", _GREGORIAN))
    add("هجری", _Word("hijri"))
    add("قمری ah", _Word("lunar"))
    return lex


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_LEXICON = _build_lexicon()
_PERSIAN_WORDS = sorted((w for w in _LEXICON if not w.isascii()), key=len, reverse=True)


@lru_cache(maxsize=1024)
def _segment(word: str) -> tuple[str, ...] | None:
    """Split Persian words run together once ZWNJ is dropped ("مردادماه" -> مرداد ماه); longest first."""
    if not word:
        return ()
    if len(word) > _MAX_WORD:
        return None
    for known in _PERSIAN_WORDS:
        if word.startswith(known):
            rest = _segment(word[len(known) :])
            if rest is not None:
                return (known, *rest)
    return None


# --- reading --------------------------------------------------------------------------------------


class _Bad(Exception):
    """Internal: what was wrong, turned into a DateParseError quoting the original at the top."""

    def __init__(self, problem: str, hint: str) -> None:
        self.problem = problem
        self.hint = hint


_FORMS = (
    "YYYY/MM/DD, YYYY/MM or YYYY (Solar Hijri below 1500, Gregorian from 1500), ISO 1988-08-06, "
    "'15 Mordad 1367', '15 مرداد ۱۳۶۷', 'August 6, 1988', 'summer 1988', 'late July 1988', "
    "or a range 'A - B' / 'between A and B'"
)
_HINT_ISO = "write the date as YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Solar Hijri)"
_NAMES: dict[Calendar, str] = {_SOLAR: "Solar Hijri", _GREGORIAN: "Gregorian"}
_HINT_INVALID: dict[Calendar, str] = {
    _SOLAR: "check month (1-12) and day: months 1-6 have 31 days, 7-11 have 30, Esfand 29 (30 in leap years)",
    _GREGORIAN: "check month (1-12) and day, e.g. February has 28 days (29 in leap years)",
}
_HINT_FULL_YEAR = "write the year in full, e.g. 1367 (Solar Hijri) or 1988 (Gregorian)"


def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


@dataclass(slots=True)
class _Spec:
    """One end of a date as read from the text, before it is turned into an interval."""

    year: int | None = None
    two_digit: bool = False
    month: int | None = None
    day: int | None = None
    season: str | None = None
    part: str | None = None
    calendar: Calendar | None = None  # stated by a month name; a year's own is found by _resolve
    persian: bool = False
    either: bool = False  # day and month may be the other way round (an ambiguous numeric date)


def _threshold(year: int) -> Calendar:
    return _SOLAR if year < _SOLAR_YEAR_LIMIT else _GREGORIAN


def _order_of(first: int, second: int) -> ReadingOrder | None:
    """Which orders can read a Gregorian "first/second/YYYY": one, "either", or None (both or neither:
    day == month reads the same either way; parts out of range are no evidence)."""
    day_first = 1 <= first <= 31 and 1 <= second <= 12
    month_first = 1 <= first <= 12 and 1 <= second <= 31
    if first == second:
        return None
    if day_first and month_first:
        return "either"
    if day_first:
        return "day-first"
    return "month-first" if month_first else None


def detect_order(text: str) -> ReadingOrder | None:
    """The orders a cell can be read in, if it is a Gregorian D/M/YYYY or M/D/YYYY date: "day-first"
    (17/10/1988), "month-first" (10/17/1988), "either" (08/09/1988); None for every other cell (ISO,
    Solar Hijri, words, 08/08/1988), which says nothing about a column's order."""
    m = _NUMERIC_RE.fullmatch(text.translate(_TABLE))
    if m is None or m[4] is None or len(m[1]) > 2 or len(m[3]) > 2:
        return None
    if _threshold(int(m[4])) == _SOLAR:  # so is every year of fewer than four digits
        return None
    return _order_of(int(m[1]), int(m[3]))


def _read_numeric(
    a: str, b: str | None, c: str | None, hint: Calendar | None, order: ReadingOrder | None = None
) -> _Spec | None:
    """Read numeric parts by their lengths; None if the shape is not a single date (e.g. "1367-1370")."""
    # The calendar of a four-digit year is left to _resolve (below 1500 Solar Hijri).
    if b is None:
        if len(a) != 4:  # pragma: no mutate (a fast path: the words path reads a bare year the same way)
            return None
        return _Spec(year=int(a))
    if c is None:
        if len(a) == 4 and len(b) <= 2:
            year, month = int(a), int(b)
        elif len(a) <= 2 and len(b) == 4:
            year, month = int(b), int(a)
        else:
            return None
        return _Spec(year=year, month=month)
    if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
        return _Spec(year=int(a), month=int(b), day=int(c))
    if len(a) <= 2 and len(b) <= 2 and len(c) <= 2:
        yy = int(a)
        if hint == _GREGORIAN or (hint is None and yy <= 31):
            raise _Bad("a two-digit year is ambiguous here", _HINT_FULL_YEAR)
        return _Spec(year=1300 + yy, month=int(b), day=int(c))  # 13YY: Solar Hijri
    if len(a) <= 2 and len(b) <= 2 and len(c) == 4:
        year, first, second = int(c), int(a), int(b)
        calendar = _threshold(year)
        if calendar == _SOLAR or first == second:
            return _Spec(year=year, month=second, day=first)
        found = _order_of(first, second)
        if found is None:
            if first > 12 and second > 12:
                raise _Bad("neither part can be a month", _HINT_ISO)
            raise _Bad(f"it is not a real {_NAMES[calendar]} date", _HINT_INVALID[calendar])
        if found == "either":
            if order is None:
                raise _Bad("day and month order is ambiguous (D/M/YYYY or M/D/YYYY)", _HINT_ISO)
            found = order
        elif order in ("day-first", "month-first") and found != order:
            part = "second" if order == "day-first" else "first"
            raise _Bad(
                f"it cannot be read {order}: the {part} part is above 12",
                "check the cell, or write it as YYYY-MM-DD",
            )
        if found == "either":
            return _Spec(year=year, month=second, day=first, either=True)
        day, month = (first, second) if found == "day-first" else (second, first)
        return _Spec(year=year, month=month, day=day)
    return None


class _Tok(NamedTuple):
    kind: str  # numdate, num, sep, q, or a _Word kind
    text: str
    word: _Word | None = None


def _tokenize(s: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for m in _TOKEN_RE.finditer(s):
        group = m.lastgroup
        text = m.group(group or 0)  # pragma: no mutate (every alternative is a named group: never 0)
        if group == "numdate":
            tokens.append(_Tok("numdate", text))
        elif group == "num":
            tokens.append(_Tok("num", text))
        elif group == "word":
            word = _LEXICON.get(text)
            if word is not None:
                tokens.append(_Tok(word.kind, text, word))
                continue
            parts = _segment(text)  # None for every word not made of Persian date words
            if parts is None:
                raise _Bad(f"the word {_quote(text)} is not a month, season or date word", _HINT_ISO)
            tokens.extend(_Tok(_LEXICON[p].kind, p, _LEXICON[p]) for p in parts)
        elif group == "sym":
            if text in ("-", "/"):
                tokens.append(_Tok("sep", text))
            elif text in ("~", "≈"):
                tokens.append(_Tok("approx", text))
            elif text == "?":
                tokens.append(_Tok("q", text))
            # commas, full stops ("Aug.", "c."), brackets and apostrophes ("d'août") carry nothing
        elif group == "bad":
            raise _Bad(f"unexpected character {text!r}", _HINT_ISO)
    return tokens


def _read_spec(tokens: list[_Tok], hint: Calendar | None, order: ReadingOrder | None = None) -> _Spec:
    if not tokens:
        raise _Bad("a date is missing", _HINT_ISO)
    spec = _Spec()
    numbers: list[str] = []
    for tok in tokens:
        word = tok.word
        if tok.kind == "numdate":
            if len(tokens) != 1:
                raise _Bad("a numeric date cannot be mixed with words", _HINT_ISO)
            m = _NUMERIC_RE.fullmatch(tok.text)  # a numdate token is one of the numeric shapes
            found = _read_numeric(m[1], m[3], m[4], hint, order)  # type: ignore[index]
            if found is None:
                raise _Bad("the numeric date has an unknown layout", _HINT_ISO)
            return found
        if tok.kind == "num":
            numbers.append(tok.text)
        elif word is not None and tok.kind == "month" and spec.month is None:
            spec.month, spec.calendar = word.number, word.calendar
            spec.persian = spec.persian or word.persian
        elif word is not None and tok.kind == "season" and spec.season is None:
            spec.season = word.name
            spec.persian = spec.persian or word.persian
        elif word is not None and tok.kind == "part" and spec.part is None:
            spec.part = word.name
        else:
            raise _Bad(f"{_quote(tok.text)} is out of place", _HINT_ISO)
    if len(numbers) > 2:
        raise _Bad("too many numbers", _HINT_ISO)
    if len(numbers) == 2:
        day, year = numbers
        if len(day) > 2 >= len(year):  # "1988 August 6"
            day, year = year, day
        if len(day) > 2:
            raise _Bad("two years where one was expected", _HINT_ISO)
        spec.day = int(day)
        spec.year, spec.two_digit = _year(year)
    elif numbers:
        (n,) = numbers
        # A lone small number is a day ("6 - 20 August 1988" borrows the rest); otherwise a year.
        if len(n) <= 2 and int(n) <= 31 and spec.season is None:
            spec.day = int(n)
        else:
            spec.year, spec.two_digit = _year(n)
    return spec


def _year(digits: str) -> tuple[int, bool]:
    """A written year and whether it was two-digit; other lengths are not years we can place."""
    if len(digits) not in (2, 4):
        raise _Bad("a year must have four digits", _HINT_FULL_YEAR)
    return int(digits), len(digits) == 2


def _borrow(spec: _Spec, other: _Spec) -> None:
    """Fill what one end of a range leaves out from the other: "July 19 - September 5, 1988"."""
    if spec.year is None and other.year is not None:
        spec.year, spec.two_digit = other.year, other.two_digit
        spec.persian = spec.persian or other.persian
    if spec.day is not None and spec.month is None and spec.season is None and other.month is not None:
        spec.month = other.month
        spec.calendar = other.calendar  # a month name's; a spec without a month has none of its own


def _sh(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def _day(calendar: Calendar, year: int, month: int, day: int) -> datetime.date:
    return _sh(year, month, day) if calendar == _SOLAR else datetime.date(year, month, day)


def _month_bounds(calendar: Calendar, year: int, month: int) -> tuple[datetime.date, datetime.date]:
    if calendar == _SOLAR:
        start = _sh(year, month, 1)
        following = _sh(year + 1, 1, 1) if month == 12 else _sh(year, month + 1, 1)
        return start, following - _ONE_DAY
    return datetime.date(year, month, 1), datetime.date(
        year, month, _gregorian_calendar.monthrange(year, month)[1]
    )


def _months_bounds(
    calendar: Calendar, year: int, first: int, last: int
) -> tuple[datetime.date, datetime.date]:
    return _month_bounds(calendar, year, first)[0], _month_bounds(calendar, year, last)[1]


# First month of each season: Persian (from the equinox or solstice) and meteorological (Gregorian).
_SOLAR_SEASONS = {"spring": 1, "summer": 4, "autumn": 7, "winter": 10}
_GREGORIAN_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SOLAR_YEAR_OFFSET = 621  # the Solar Hijri year that starts in March of Gregorian year Y is Y - 621
_PART_DAYS = {"early": (1, 10), "mid": (11, 20)}  # of a month; "late" is 21 to the month's end
_PART_THIRD = {"early": 0, "mid": 1, "late": 2}  # which month of a season
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}  # of a year


def _season_bounds(
    calendar: Calendar, year: int, season: str, part: str | None
) -> tuple[datetime.date, datetime.date]:
    """A season, or its early/mid/late month; a Gregorian one covers the meteorological and the Persian
    (astronomical) season, which overlap, so the union is one interval (see the module's notes): each
    Persian month starts on the 19th-23rd of a Gregorian month and ends within the next, so the union runs
    from the first day of the meteorological month to the last day of the Persian one (checked for every
    year by tests/test_dates_intervals.py)."""
    first, last = (0, 2) if part is None else (_PART_THIRD[part],) * 2
    solar_year = year if calendar == _SOLAR else year - _SOLAR_YEAR_OFFSET
    solar_first = _SOLAR_SEASONS[season]
    start, end = _months_bounds(_SOLAR, solar_year, solar_first + first, solar_first + last)
    if calendar == _SOLAR:
        return start, end
    return datetime.date(*_year_month(year, _GREGORIAN_SEASONS[season] + first), 1), end


def _year_month(year: int, month: int) -> tuple[int, int]:
    """Month 13 of a year is January of the next (winter runs into it)."""
    return year + (month - 1) // 12, (month - 1) % 12 + 1


def _resolve(spec: _Spec, hint: Calendar | None) -> tuple[Calendar, Precision, datetime.date, datetime.date]:
    if spec.year is None:
        raise _Bad("no year is given", "add the year, e.g. '15 Mordad 1367' or 'August 6, 1988'")
    calendar = spec.calendar
    year = spec.year
    if spec.two_digit:
        calendar = calendar or hint
        if calendar is None and spec.persian:
            calendar = _SOLAR
        if calendar != _SOLAR:
            raise _Bad("a two-digit year is ambiguous here", _HINT_FULL_YEAR)
        year += 1300
    calendar = calendar or _threshold(year)
    if calendar != _threshold(year):
        # "15 Mordad 1988", "August 1367": the month name and the year disagree; one of them is a mistake.
        # A calendar hint never overrides a four-digit year: it only settles two-digit years.
        raise _Bad(
            f"the month name is {_NAMES[calendar]} but {year} is a {_NAMES[_threshold(year)]} year",
            "check the year against the month name",
        )
    try:
        if spec.season is not None:
            if spec.month is not None or spec.day is not None:
                raise _Bad("a season cannot have a month or a day", _HINT_ISO)
            precision: Precision = "season" if spec.part is None else "range"
            return calendar, precision, *_season_bounds(calendar, year, spec.season, spec.part)
        if spec.month is None:
            if spec.day is not None:
                raise _Bad("a day needs a month", "add the month name")
            first, last = (1, 12) if spec.part is None else _PART_MONTHS[spec.part]
            precision = "year" if spec.part is None else "range"
            return calendar, precision, *_months_bounds(calendar, year, first, last)
        if spec.day is not None:
            if spec.part is not None:
                raise _Bad("early/mid/late cannot go with a day", _HINT_ISO)
            start = _day(calendar, year, spec.month, spec.day)
            if spec.either:  # 08/09/1988 read both ways: one of two days, from the earlier to the later
                other = datetime.date(year, spec.day, spec.month)  # only a Gregorian cell is read both ways
                return calendar, "either", min(start, other), max(start, other)
            return calendar, "day", start, start
        if spec.part is not None:
            start, end = _month_bounds(calendar, year, spec.month)
            if spec.part in _PART_DAYS:
                first, last = _PART_DAYS[spec.part]
                start, end = _day(calendar, year, spec.month, first), _day(calendar, year, spec.month, last)
            else:
                start = _day(calendar, year, spec.month, 21)
            return calendar, "range", start, end
        return calendar, "month", *_month_bounds(calendar, year, spec.month)
    except (ValueError, OverflowError):
        raise _Bad(f"it is not a real {_NAMES[calendar]} date", _HINT_INVALID[calendar]) from None


def _read_words(
    normalised: str, hint: Calendar | None, order: ReadingOrder | None
) -> tuple[Calendar, Precision, datetime.date, datetime.date, bool]:
    s = _SOLAR_ABBREV_RE.sub(" شمسی ", normalised.casefold())
    tokens = [t for t in _tokenize(s) if t.kind != "filler"]
    # "mid-August": the hyphen joins, it does not separate a range
    tokens = [t for i, t in enumerate(tokens) if not (t.kind == "sep" and i and tokens[i - 1].kind == "part")]

    approximate = False
    while tokens and tokens[0].kind == "approx":
        approximate = True
        tokens.pop(0)
    while tokens and tokens[-1].kind == "q":
        approximate = True
        tokens.pop()

    markers = {t.word.calendar for t in tokens if t.kind == "marker" and t.word is not None}
    if any(t.kind == "lunar" for t in tokens) or (any(t.kind == "hijri" for t in tokens) and not markers):
        raise _Bad("lunar Hijri dates are not supported", "convert to Solar Hijri or Gregorian first")
    if len(markers) > 1:
        raise _Bad("it names two calendars", _HINT_ISO)
    if markers:
        hint = markers.pop()
    tokens = [t for t in tokens if t.kind not in ("marker", "hijri")]

    opener = bool(tokens) and tokens[0].kind == "open"
    if opener:
        tokens.pop(0)
    separators = [
        i for i, t in enumerate(tokens) if t.kind in ("sep", "rsep") or (opener and t.kind == "and")
    ]
    if len(separators) > 1:
        raise _Bad("it has more than one range separator", "write a range as 'A - B'")
    if not separators:
        if opener:
            raise _Bad("a range needs two ends", "write a range as 'between A and B' or 'A - B'")
        return (*_resolve(_read_spec(tokens, hint, order), hint), approximate)

    i = separators[0]
    if tokens[i].text == "/" and not (
        i == 1 and len(tokens) == 3 and tokens[0].kind == tokens[2].kind == "numdate"
    ):
        # "/" inside dates is common; as a range mark accept only the ISO 8601 interval "A/B"
        raise _Bad("'/' marks a range only between two full dates", "write a range as 'A - B'")
    left, right = _read_spec(tokens[:i], hint, order), _read_spec(tokens[i + 1 :], hint, order)
    _borrow(left, right)
    _borrow(right, left)
    lcal, _, start, _ = _resolve(left, hint)
    rcal, _, _, end = _resolve(right, hint)
    if lcal != rcal:
        raise _Bad("the two ends of the range are in different calendars", "write both ends in one calendar")
    if start > end:
        raise _Bad("the range ends before it starts", "put the earlier date first")
    return lcal, "range", start, end, approximate


def _parse(text: str, hint: Calendar | None, order: ReadingOrder | None) -> PartialDate:
    s = text.translate(_TABLE)
    try:
        # Fast path: the plain numeric forms that make up most of a list.
        m = _NUMERIC_RE.fullmatch(s)
        if m is not None:
            spec = _read_numeric(m[1], m[3], m[4], hint, order)
            if spec is not None:
                return PartialDate(text, *_resolve(spec, hint))
        if len(s) > _MAX_LENGTH:
            raise _Bad("it is too long to be a date", "put notes about the date in a separate column")
        if is_unknown(s):
            raise _Bad(
                "it is empty or says the date is unknown",
                "check is_unknown() first and record no date for such cells",
            )
        calendar, precision, start, end, approximate = _read_words(
            _SPACES_RE.sub(" ", s).strip(), hint, order
        )
        return PartialDate(text, calendar, precision, start, end, approximate)
    except _Bad as bad:
        raise DateParseError(
            f"Cannot read the date {_quote(text)}: {bad.problem}. Accepted forms: {_FORMS}.", hint=bad.hint
        ) from None


_parse_cached = lru_cache(maxsize=_CACHE_SIZE)(_parse)


def parse_date(
    text: str, *, calendar: Calendar | None = None, order: ReadingOrder | None = None
) -> PartialDate:
    """Read one date cell; raises DateParseError. `calendar` settles what the text leaves open; `order`
    reads a Gregorian D/M/YYYY-or-M/D/YYYY cell day-first or month-first (a cell only the other order can
    read is refused), or "either": an ambiguous cell becomes one uncertain date covering both readings,
    an unambiguous one is read its own way. Without `order` an ambiguous cell is refused."""
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects a str, not {type(text).__name__}")
    if calendar is not None and calendar not in _CALENDARS:
        raise ValueError(f"calendar must be one of {sorted(_CALENDARS)}, not {calendar!r}")
    if order is not None and order not in _ORDERS:
        raise ValueError(f"order must be one of {sorted(_ORDERS)}, not {order!r}")
    return _parse_cached(text, calendar, order)


def parse_year(text: str) -> PartialDate:
    """Read a year cell ("1340", "۱۳۴۰", "1961", "c. 1960"): below 1500 Solar Hijri, else Gregorian."""
    hint = "write a four-digit year such as 1340 or 1961, optionally with 'c.' or 'حدود'"
    try:
        result = parse_date(text)
    except DateParseError as exc:
        raise DateParseError(f"Cannot read the year {_quote(text)}: expected a year.", hint=hint) from exc
    if result.precision != "year":
        raise DateParseError(
            f"Cannot read the year {_quote(text)}: expected a year, found a {result.precision}.", hint=hint
        )
    return result
