"""Dates in testimony: absolute ("On July 30, 1988", "15 Mordad 1367", "the summer of 1988", "1982"),
partial ("August 6": the year comes from the story so far) and relative ("two days later", "the next
morning", "همان روز"), each resolved to a Gregorian interval with its precision, calendar and original
string. Reading a date is `testament.dates.parse_date`'s job; this module finds them and supplies what
the sentence leaves out.

Conventions (docs/extraction.md): the span is the date phrase without its preposition ("On", "in", "در",
"روز"); "the" belongs to relative and seasonal phrases ("the next day", "the summer of 1988"). Times of day
that do not move the date ("that night", "همان شب") are not dates; "the same day" is (offset 0).
A relative date needs an earlier date to count from (or `Context.reference`); without one it is skipped.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import jdatetime

from testament.dates import PartialDate, Precision, parse_date
from testament.errors import DateParseError
from testament.extract._text import Document, guard_all, guarded
from testament.extract.counts import parse_number_words
from testament.extract.mention import Context, Mention

__all__ = ["find_dates"]

_G_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
]  # fmt: skip
_S_MONTHS = [
    "farvardin", "ordibehesht", "khordad", "tir", "mordad", "shahrivar", "mehr", "aban", "azar", "dey",
    "bahman", "esfand",
]  # fmt: skip
_S_LATIN = r"Farvardin|Ordibehesht|Khordad|Tir|Amordad|Mordad|Shahrivar|Mehr|Aban|Azar|Dey|Dei|Bahman|Esfand"
_G_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_G_SAFE = _G_FULL.replace("|May", "")  # a bare "May" is the verb far more often than the month
_G_ABBR = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
_MONTH = rf"(?P<month>{_G_FULL}|{_G_ABBR}|{_S_LATIN})"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[34]\d\d|19\d\d|20[0-4]\d)"
_PART = (
    # ("Late in July 1988": a part told with "in", first in its sentence)
    r"(?:(?:the\s+)?(?P<part>early|mid|late|[EL](?:arly|ate)(?=\s+in\s)|beginning|middle|end|start|"
    r"first days|last days|first weeks|last weeks|final days)(?:\s+of|\s+in|-)?\s*)"
)
_SEASON = r"(?P<season>summer|spring|autumn|fall|winter)"
_SEASON_PART = r"(?P<part>early|mid|late)[\s-]+"
_B = r"(?<![\w])"
_E = r"(?![\w])"
_BEFORE_MONTH = (
    r"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|till|by|through|throughout|"
    r"from|before|[Aa]fter|of|[Bb]etween)\s+"
)
_NUMERIC = r"(?<![\w/.-])(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?![\w/]|[.-]\d)"
_I = re.IGNORECASE
_INSTITUTION_AFTER = r"(?i:prayers?|sermons?|imams?|schools?)\b"
_WEEKDAY_EN = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "Saturday night, July 30, 1988": the time of day between a weekday and its date, one mention (guide)
_DAYTIME_EN = r"(?:\s+(?:night|morning|evening|afternoon))"
_YY = r"[4-9]\d"  # "the summer of 67" (Solar 1367), "summer of '88"
# Numbers written as words in relative phrases.
_NUM_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_VAGUE = {"a few": (2, 5), "few": (2, 5), "several": (3, 9), "some": (2, 10), "a couple of": (2, 3)}
_NUM_FA = {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10}
# a number in words or figures: "two", "thirty", "twenty-one", "12"
_NW_EN = (
    r"(?:(?:twenty|thirty|forty|fifty)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|an?|\d{1,2})"
)
_N_WORDS = "|".join(["a few", "a couple of", "several", "some", "few", "an?", *list(_NUM_EN)[2:], r"\d{1,2}"])


def _parse_events(text: str, name: str) -> dict[str, dict[str, Any]]:
    """The named events of a data file (`anchors.toml`, `proceedings.toml`, `world_days.toml`), each checked:
    a `title`, an ISO `date` (and `end`, if any, not before it) or a `day` of every year ("MM-DD"), phrases
    `en` and `fa` that are regular expressions, at least one; the same for the entries of its `stages` and
    `rulings`. A malformed entry is refused with a ValueError that names the file and the entry."""
    try:
        events = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{name}: not TOML ({exc})") from exc

    def check(where: str, spec: object) -> None:
        if not isinstance(spec, dict):
            raise ValueError(f"{name}: [{where}] is not a table of an event")
        if not isinstance(spec.get("title"), str) or not spec["title"]:
            raise ValueError(f"{name}: [{where}] has no title")
        if "day" in spec and "date" not in spec:  # a day kept every year (world_days.toml): "MM-DD"
            told = str(spec["day"])
            try:
                if not re.fullmatch(r"\d\d-\d\d", told):
                    raise ValueError(told)
                datetime.date(2000, int(told[:2]), int(told[3:]))
            except ValueError:
                raise ValueError(f"{name}: [{where}] `day` is no day of the year (MM-DD): {told!r}") from None
        else:
            try:
                day = datetime.date.fromisoformat(str(spec.get("date")))
                end = datetime.date.fromisoformat(str(spec.get("end", spec.get("date"))))
            except ValueError:
                told = str(spec.get("date", "none"))
                raise ValueError(f"{name}: [{where}] has no ISO date (YYYY-MM-DD): {told!r}") from None
            if end < day:
                raise ValueError(f"{name}: [{where}] ends ({end}) before its date ({day})")
        for lang in ("en", "fa"):
            phrases = spec.get(lang)
            if not isinstance(phrases, list) or not all(isinstance(x, str) and x for x in phrases):
                raise ValueError(f"{name}: [{where}] `{lang}` is not a list of phrases")
            for phrase in phrases:
                try:
                    re.compile(phrase)
                except re.error as exc:
                    raise ValueError(f"{name}: [{where}] `{lang}` phrase {phrase!r}: {exc}") from None
        if not spec["en"] and not spec["fa"]:
            raise ValueError(f"{name}: [{where}] has no phrase that names it")
        for part in ("stages", "rulings"):
            entries = spec.get(part, [])
            if not isinstance(entries, list):
                raise ValueError(f"{name}: [{where}] `{part}` is not a list of [[{where}.{part}]] tables")
            for i, entry in enumerate(entries):
                check(f"{where}.{part}.{i}", entry)

    for key, spec in events.items():
        if not key.isidentifier():  # it names a group of the patterns built from the file
            raise ValueError(f"{name}: [{key}] is no name (letters, digits and _, not first a digit)")
        check(key, spec)
    return events


@cache
def _events(name: str) -> dict[str, dict[str, Any]]:
    """The named events of `data/<name>`, read once (public history: data files, not code)."""
    text = resources.files("testament.extract").joinpath("data", name).read_text("utf-8")
    return _parse_events(text, name)


def _world_days(lang: str) -> str:
    """The international days of `data/world_days.toml` named in `lang`, each in a group `w_<key>`."""
    return "|".join(
        rf"(?P<w_{key}>{'|'.join(spec[lang])})"
        for key, spec in _events("world_days.toml").items()
        if spec[lang]  # (a day with no phrase in `lang` is not named in it)
    )


def _world_day(key: str) -> tuple[int, int]:
    """The month and day of the year of an international day (30 August for the disappeared)."""
    month, day = str(_events("world_days.toml")[key]["day"]).split("-")
    return int(month), int(day)


_EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # ("Jun12,2024", "September 3,2020": spaces lost around the day)
    # ("June 21 in 1981": the year after "in")
    ("mdy", re.compile(rf"{_B}{_PART}?{_MONTH}(?:\s+|(?=\d)){_DAY}(?:(?:,\s*|\s+|\s+in\s+){_YEAR})?{_E}")),
    # "August 6 or 7, 1988", "May 3-4", "August 21/22": two adjacent days of one month, one span
    # (docs/annotation.md)
    (
        "mddy",
        re.compile(
            # ("from Aug. 14 to 16": the second day told alone after "to")
            rf"{_B}{_MONTH}\s+(?P<day0>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
            rf"(?:\s*(?:or|-|–|/)\s*|\s+(?:to|until|till|through)\s+){_DAY}"
            rf"(?:,?\s+{_YEAR})?{_E}(?!\s*(?:of\s+)?(?:{_G_FULL}|{_G_ABBR}|{_S_LATIN}|%|percent|per\s+cent)\b)"
        ),
    ),
    # "11-Aug-2010": day, month and year joined by hyphens
    ("dmy", re.compile(rf"{_B}{_DAY}-{_MONTH}-{_YEAR}{_E}")),
    # ("25-27October": a day written against its month)
    ("dmy", re.compile(rf"{_B}(?:the\s+)?{_DAY}(?:\s+|(?=[A-Z]))(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?{_E}")),
    # ("the month of Khordad in 1368": the year after "in")
    ("my", re.compile(rf"{_B}{_PART}?{_MONTH},?\s+(?:of\s+|in\s+)?{_YEAR}{_E}")),
    # "July and August 1988": two months of one year, one range
    # "July and August 1988", "July to September 1988": two months of one year, one range
    (
        "mmy",
        re.compile(
            rf"{_B}(?P<month0>{_G_FULL})\s*(?:and|or|to|until|till|through|-|–|/)\s*(?P<month>{_G_FULL}),?\s+"
            rf"(?:of\s+)?{_YEAR}{_E}"
        ),
    ),
    # "from July to September": the same range, its year from the story
    (
        "mm",
        re.compile(
            rf"(?<=\b[Ff]rom )(?P<month0>{_G_FULL})\s+(?:to|until|till|through)\s+(?P<month>{_G_FULL}){_E}"
        ),
    ),
    # "in July and August": two months after a preposition, one range (no year after them)
    (
        "mm_after",
        re.compile(
            rf"{_BEFORE_MONTH}(?P<month0>{_G_SAFE})\s+(?:and|to|until|till|through)\s+(?P<month>{_G_FULL}){_E}"
            r"(?!,?\s+(?:of\s+)?\d)"
        ),
    ),
    # "the first six months of 1988": from the start of the year
    (
        "first_months",
        re.compile(
            rf"{_B}the\s+first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|[2-9]|1[01])\s+"
            rf"months\s+of\s+(?:the\s+year\s+)?{_YEAR}{_E}",
            _I,
        ),
    ),
    # "Mordad and Shahrivar 1367": two Solar months written in Latin letters
    (
        "mmy",
        re.compile(rf"{_B}(?P<month0>{_S_LATIN})\s+and\s+(?P<month>{_S_LATIN}),?\s+(?:of\s+)?{_YEAR}{_E}"),
    ),
    # "1980-88": a range of years, the second written with two digits
    ("years", re.compile(rf"{_B}(?P<year>19\d\d)[-–](?P<yy>\d\d){_E}")),
    # "1365 (1986/1987)": the two Gregorian years a Solar one straddles, one range
    ("years", re.compile(rf"{_B}(?P<year>19\d\d|20[0-4]\d)/(?P<yy>19\d\d|20[0-4]\d){_E}(?!/)")),
    # "continued into the fall", "in the summer": a season of the year told last
    (
        "season_bare",
        re.compile(rf"\b(?:into|until|through|during|in|by)\s+(?P<span>the\s+{_SEASON}){_E}", _I),
    ),
    # "The warm summer months appeared normal", "in those summer months": the season of the year told last
    (
        "season_bare",
        re.compile(
            rf"{_B}(?P<span>(?:the|those|these)\s+(?:[a-z]+\s+)?{_SEASON}\s+(?:months|weeks|days)){_E}", _I
        ),
    ),
    ("pm", re.compile(rf"{_B}{_PART}(?P<month>{_G_FULL}|{_S_LATIN}){_E}", _I)),
    ("msy", re.compile(rf"{_B}{_PART}?(?P<month>{_G_FULL}|{_S_LATIN})\s+of\s+(?:that|the same)\s+year{_E}")),
    # "August and September of that year": two months of the year told last, one range (a capital month may
    # touch the word before it in a scanned page: "betweenAugust")
    (
        "mm",
        re.compile(
            rf"(?<![A-Z\d])(?P<month0>{_G_FULL})\s+(?:and|to|until|till|through)\s+(?P<month>{_G_FULL})\s+of\s+"
            rf"(?:that|the\s+same)\s+year{_E}"
        ),
    ),
    ("m", re.compile(rf"{_BEFORE_MONTH}(?P<month>{_G_SAFE}){_E}")),
    # "in May the executions …": after "in", "since", "until" or "during", "May" is the month, not the verb
    (
        "m",
        re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Dd]uring)\s+(?P<month>May){_E}(?!\s+(?:have|be|not)\b)"),
    ),
    ("season", re.compile(rf"{_B}(?:the\s+)?(?:{_SEASON_PART})?{_SEASON}\s+(?:of\s+)?{_YEAR}{_E}", _I)),
    ("season", re.compile(rf"{_B}(?:the\s+)?(?:{_SEASON_PART})?{_SEASON}\s+of\s+'?(?P<year>{_YY}){_E}", _I)),
    # "Tuesday, November 16": the weekday fixes the year the text leaves out
    (
        "wmd",
        re.compile(
            rf"{_B}(?P<weekday>{_WEEKDAY_EN}){_DAYTIME_EN}?,?\s+(?P<month>{_G_FULL})\s+{_DAY}(?:,?\s+{_YEAR})?{_E}"
        ),
    ),
    # "Tuesday, 29 March 2022": the same, the day before its month
    (
        "wmd",
        re.compile(
            rf"{_B}(?P<weekday>{_WEEKDAY_EN}){_DAYTIME_EN}?,?\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{_G_FULL})"
            rf"(?:,?\s+{_YEAR})?{_E}"
        ),
    ),
    # "Friday prayers", "Sunday school": a weekday naming an institution, not a day
    ("weekday", re.compile(rf"{_B}(?P<weekday>{_WEEKDAY_EN}){_E}(?!\s+{_INSTITUTION_AFTER})")),
    # "that same year", "the same year": the year of the last date told
    (
        "that",
        re.compile(
            rf"{_B}(?:that|the(?=\s+same\b))\s+(?:\w+\s+)?(?P<unit>summer|spring|autumn|fall|winter|year){_E}",
            _I,
        ),
    ),
    # "This year, which marks the 19th anniversary", "last year": the writer's year (its dateline's or the
    # anniversary's), not after a day or month it completes ("18-22 June this year" is told with it)
    ("now", re.compile(rf"(?<![\d,] )(?<!\bof )(?<!\d)\b(?P<this>[Tt]his|[Ll]ast)\s+year{_E}(?!['’]s)")),
    # "Last summer, he was sentenced": the season of the writer's year (or the one before it)
    ("now", re.compile(rf"{_B}(?P<this>[Tt]his|[Ll]ast)\s+{_SEASON}{_E}(?!['’]s)")),
    # "Today, the appeals court upheld the verdict": a known ruling's day (_proceedings), the writer's day
    ("today", re.compile(rf"{_B}[Tt]oday{_E}")),
    # "the Friday after 12 May": the first such weekday after the day written (guide, twenty-second part)
    (
        "wafter",
        re.compile(
            rf"{_B}the\s+(?P<weekday>{_WEEKDAY_EN})\s+after\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{_G_FULL})"
            rf"(?:,?\s+{_YEAR})?{_E}"
        ),
    ),
    # "a statement for the International Day of Enforced Disappearance": a day of every year (world_days.toml)
    (
        "world_day",
        re.compile(_world_days("en")),
    ),
    # "the end of that year": a third of the year of the last date told (docs/annotation.md)
    (
        "pthat",
        re.compile(
            rf"{_B}(?:(?:the\s+)?(?P<edge>beginning|start|middle|end)\s+of\s+|(?P<part>early|late)\s+(?:in\s+)?)"
            rf"(?:that|the\s+same)\s+year{_E}",
            _I,
        ),
    ),
    # "the second week of August 1988": the days of that week of the month
    (
        "week",
        re.compile(
            rf"{_B}the\s+(?P<week>first|second|third|fourth|last)\s+week\s+of\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR})?{_E}",
            _I,
        ),
    ),
    # "the 1988 summer executions": a year written before its season
    ("season", re.compile(rf"{_B}{_YEAR}\s+{_SEASON}{_E}", _I)),
    # "the early 1980s", "early years of 1980s", "the beginning of the 80s" (two digits after "the": the
    # 1900s; "in their 80s" is an age)
    (
        "decade",
        re.compile(
            rf"{_B}(?:the\s+)?(?:(?P<part>early|mid|late)(?:\s+years\s+of(?:\s+the)?)?[\s-]+|"
            rf"(?P<edge>beginning|start|middle|end)\s+of\s+the\s+)?"
            rf"(?:(?P<decade>19\d0|13[5-9]0)|(?<=the )['’]?(?P<decade2>[5-9]0))['’]?s{_E}"
        ),
    ),
    # "early 1983": the first third of the year (docs/annotation.md), "mid", "late" the next ones
    # "the end of 1367 (1989)": a Solar year's third too
    (
        "pyear",
        re.compile(
            rf"{_B}(?:(?P<part>early|mid|late)[\s-]+|the\s+(?P<edge>beginning|start|middle|end)\s+of\s+(?:the\s+year\s+)?)"
            rf"(?P<year>13[4-9]\d|19\d\d|20[0-4]\d){_E}"
        ),
    ),
    ("numeric", re.compile(_NUMERIC)),
    ("year", re.compile(rf"(?<![\w$£€#.,/]){_YEAR}(?![\w%]|[,.]\d|/\d)")),
    # "the massacre of '88", "in '67": a year with its century elided (the apostrophe says it is a year)
    ("yy", re.compile(rf"(?:(?<=\bof )|(?<=\bin )|(?<=\bsince ))'(?P<year>{_YY})(?![\w%'])")),
]  # fmt: skip
_REL_EN = [
    # "Thirty three years ago": counted back from the last date told (in a news article, its dateline)
    re.compile(
        rf"{_B}(?P<nw>[A-Za-z-]+(?:\s+[A-Za-z-]+)?|\d{{1,2}})\s+(?P<unit>days?|weeks?|months?|years?)\s+"
        rf"(?P<dir>ago){_E}",
        _I,
    ),
    re.compile(
        # ("three decades later": ten years a decade)
        rf"{_B}(?P<n>{_N_WORDS})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+"
        rf"(?P<dir>later|afterwards?|after that|after this|earlier|before that|before this){_E}",
        _I,
    ),
    # "After three decades, no one …": opening a clause, counted on from the date told
    re.compile(rf"{_B}(?P<lead>After)\s+(?P<n>{_N_WORDS})\s+(?P<unit>years|decades)(?=\s*,)"),
    re.compile(
        rf"{_B}(?:the\s+)?(?P<which>next|following|previous|preceding)\s+"
        rf"(?P<unit>day|morning|evening|night|afternoon|week|month|year){_E}",
        _I,
    ),
    re.compile(
        rf"{_B}the\s+(?P<unit>day|night|morning)\s+(?P<dir>after|before)"
        r"(?=\s*[,.;:]|\s+(?:we|they|I|he|she|the guards)\b)",
        _I,
    ),
    re.compile(rf"{_B}(?:the|that)\s+(?:very\s+)?same\s+(?P<unit>day|night){_E}", _I),
    # "That week, they took no one": the week (Saturday to Friday, the week of Iran's prisons) holding the day
    # last told, opening its sentence (docs/annotation.md, twenty-second part); not "were executed that week"
    # closing one
    re.compile(
        rf"(?<![\w,] )(?<![\w,])(?P<same>That)\s+(?P<unit>week){_E}(?!\s+(?:after|before|later|earlier)\b)"
    ),
    # "On that day, …": the day last told (not "that day" as a subject, nor "until that day")
    re.compile(rf"(?<=\b[Oo]n )(?P<same>that)\s+(?:very\s+)?(?P<unit>day){_E}"),
    # "two years after these events", "three years after his arrest": counted from the date last told
    re.compile(
        rf"{_B}(?P<nw>{_NW_EN})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>after)\s+"
        r"(?P<since>(?:these|those|this|that|the)\s+(?:events?|atrocit(?:y|ies)|massacres?|killings|executions|"
        r"crimes?)|(?:his|her|my|their|our)\s+arrests?)\b",
        _I,
    ),
    # "Last week, prosecutors asked …", "last month": the calendar week (month) before the writer's day (the
    # dateline); not "the last week of August", "over the last month" (a duration)
    re.compile(rf"(?<!\bthe )(?<!\bthis )\b(?P<which>[Ll]ast)\s+(?P<unit>week|month){_E}(?!['’]s|\s+of\b)"),
    # "In those days" after "the summer of 1988": the time last told, as a whole (not without an anchor)
    re.compile(rf"{_B}(?P<fixed>(?:in|during)\s+those\s+(?:days|weeks)){_E}", _I),
]

_FA_SH = "فروردین|اردیبهشت|خرداد|تیر|امرداد|مرداد|شهریور|مهر|آبان|ابان|آذر|دی|بهمن|اسفند"
_FA_G = "ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|ژوییه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر"
_FB = r"(?<![\w\u200c])"
_FE = r"(?![\w\u200c])"
# "درتابستان ۱۳۶۷", "روزششم شهریورماه": "در" (in) or "روز" (day) written against the date
_FBG = (
    r"(?:(?<![\w\u200c])|(?<=(?<![\w\u200c])در)|(?<=(?<![\w\u200c])روز)|(?<=(?<![\w\u200c])از)|"
    r"(?<=(?<![\w\u200c])تا)|(?<=(?<![\w\u200c])امروز))"
)
# "تابستان ۱۳۶۷و اعدام": "و" (and) written against the date's end
_FEG = r"(?:(?![\w\u200c])|(?=و\s))"
# ("تابستان ۱۳۶۷چهار", "قیام ۱۳۵۷بسته": a space lost after a four-digit Solar year; not a count, "۱۳۶۷نفر")
_FEY = (
    r"(?:(?![\w\u200c])|(?=و\s)"
    r"|(?<=1[34]\d\d)(?=[\u0621-\u064a\u067e-\u06cc])(?!(?:نفر|تن)(?![\w\u200c])))"
)
_FA_WEEKDAY = (
    r"(?P<weekday>شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|سهشنبه|چهارشنبه|چهار‌شنبه|پنجشنبه|پنج‌شنبه|"
    r"پنج شنبه|جمعه)"
)
_FA_MONTH = rf"(?P<month>{_FA_SH}|{_FA_G})(?:[\s\u200c]?ماه)?"
# a two-digit Solar year in words: "شصت و هفت" is 1367
# (the "و" may touch both words when spaces were lost: "شصتوهفت")
_FA_YEAR_WORDS = (
    r"(?:چهل|پنجاه|شصت|هفتاد|هشتاد|نود)(?:\s*و\s*(?:یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه)"
    # "سال شصت هفت" ("و" left out), not "سال شصت دو بار"
    r"|\s+(?:یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه)(?![\w\u200c])(?!\s+(?:بار|نفر|تن|سال|روز|ماه|هفته|ساعت)))?"
)
_FA_YEAR = rf"(?:سال\s*)?(?:(?P<year>1[34]\d\d|19\d\d|20[0-4]\d|[4-9]\d)|(?<=سال )(?P<yw>{_FA_YEAR_WORDS}))"
_FA_PART = (
    r"(?:(?P<part>اوایل|اوائل|اواسط|اواخر|ابتدای|آغاز|پایان|انتهای|نیمه|آخر|روزهای اول|روزهای نخست|"
    r"نخستین روزهای|روزهای آخر|آخرین روزهای|روزهای واپسین|واپسین روزهای|روزهای پایانی|دهه اول|دهه آخر)\s+)"
)
_FA_UNITS = [
    "یک",
    "دو",
    "سه",
    "چهار",
    "پنج",
    "شش",
    "هفت",
    "هشت",
    "نه",
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
]
_FA_ORD = {"یک": "یکم", "دو": "دوم", "سه": "سوم"}


def _fa_day_words() -> dict[str, int]:
    """Days of the month in words, cardinal and ordinal: "شانزده" 16, "اول" 1, "بیست و هشتم" 28."""
    cardinal = {w: i for i, w in enumerate(_FA_UNITS, start=1)}
    cardinal |= {"بیست": 20, "سی": 30} | {f"بیست و {w}": 20 + i for i, w in enumerate(_FA_UNITS[:9], start=1)}
    cardinal["سی و یک"] = 31
    out = {"اول": 1}
    for word, n in cardinal.items():
        out[word] = n
        last = word.split()[-1]
        out[word[: len(word) - len(last)] + _FA_ORD.get(last, last + "م")] = n
    return out


_FA_DAY_WORDS = _fa_day_words()
_FA_DAY_WORD = "|".join(sorted((re.escape(w) for w in _FA_DAY_WORDS), key=len, reverse=True))
_FA_WEEKDAY_ANY = _FA_WEEKDAY.replace("(?P<weekday>", "(?:")
_FA_DAY = rf"(?:(?P<day>[12]\d|3[01]|0?[1-9])(?:ام|ُم)?|(?P<dayw>{_FA_DAY_WORD}))"
_FA_YY = (
    r"(?<=سال )(?P<year>[4-9]\d){e}|(?<=کشتار )(?P<year2>[4-9]\d){e}|(?<=کشتار سال )(?P<year3>[4-9]\d){e}"
)
# "تابستان خونین سال ۱۳۶۷": a word of grief or weather between a season and its year ("بهار" is also a name:
# "بهار احمدی سال ۶۷" is no season)
_SEASON_EPITHETS = "خونین|خونبار|سیاه|سرخ|داغ|تلخ|شوم|هولناک|سخت|سرد|گرم|سوزان|پرالتهاب"
_FA_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "جمعه بعد از هشتم شهریور": the first such weekday after the day written (guide, twenty-second part)
    (
        "wafter",
        re.compile(rf"{_FB}{_FA_WEEKDAY}\s+(?:بعد|پس)\s+از\s+{_FA_DAY}\s*{_FA_MONTH}(?:\s+{_FA_YEAR})?{_FE}"),
    ),
    # "به مناسبت «روز جهانی حمایت از قربانیان شکنجه»": a day of every year (world_days.toml)
    (
        "world_day",
        # (not in "که «روز جهانی …»", not run on into a longer word)
        re.compile(rf"(?<!که )(?<!که [«“\"])(?:{_world_days('fa')})(?![\w\u200c])"),
    ),
    (
        "dmy",
        re.compile(
            rf"{_FBG}{_FA_DAY}\s*{_FA_MONTH}(?:(?:\s+|(?=\d)){_FA_YEAR}|\s*[,،]\s*(?P<year4>1[34]\d\d))?{_FEY}"
        ),
    ),
    # "در7مرداد67ساعت ۱۲": day, month and a two-digit year written together, the next word against them
    (
        "dmy",
        re.compile(
            rf"{_FBG}(?P<day>[12]\d|3[01]|0?[1-9])(?P<month>{_FA_SH})(?P<year>[4-9]\d)"
            r"(?=[\u0621-\u064a\u067e-\u06cc])(?!(?:نفر|تن)(?![\w\u200c]))"
        ),
    ),
    # "سه‌شنبه یازدهم و چهارشنبه دوازدهم اکتبر ۲۰۲۳": two days of one month, one range
    (
        "ddmy",
        re.compile(
            rf"{_FB}(?:{_FA_WEEKDAY_ANY}\s+)?(?:(?P<day0>[12]\d|3[01]|0?[1-9])|(?P<dayw0>{_FA_DAY_WORD}))"
            rf"\s+و\s+(?:{_FA_WEEKDAY_ANY}\s+)?{_FA_DAY}\s*{_FA_MONTH}\s+{_FA_YEAR}{_FEG}"
        ),
    ),
    # "جمعه بیست تا بیست و هفت دی ماه": from one day to another of one month, its year from the story
    # when not told
    (
        "ddmy",
        re.compile(
            rf"{_FB}(?:{_FA_WEEKDAY_ANY}\s+)?(?:(?P<day0>[12]\d|3[01]|0?[1-9])|(?P<dayw0>{_FA_DAY_WORD}))"
            rf"\s+(?P<upto>تا)\s+{_FA_DAY}\s*{_FA_MONTH}(?:\s+{_FA_YEAR})?{_FEG}"
        ),
    ),
    # "چهارشنبه ۳۱ شهریور": a day told with its weekday (in a report, a day of the reporting week)
    (
        "wdmy",
        re.compile(
            # ("تابستان ۱۳۶۷سه شنبه ۱۹ مرداد": the weekday written against the year before it)
            rf"(?:{_FB}|(?<=\d)){_FA_WEEKDAY}\s*[،,]?\s*{_FA_DAY}\s*{_FA_MONTH}"
            rf"(?:(?:\s+|(?=\d)){_FA_YEAR}|\s*[,،]\s*(?P<year4>1[34]\d\d))?{_FEY}"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"{_FB}(?P<weekday>شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|سهشنبه|چهارشنبه|"
            rf"چهار‌شنبه|پنجشنبه|پنج‌شنبه|پنج شنبه|جمعه){_FE}"
        ),
    ),
    # ("آذر۶۷": the year may touch its month)
    ("my", re.compile(rf"{_FBG}{_FA_PART}?{_FA_MONTH}(?:\s+|(?=\d)){_FA_YEAR}{_FEY}")),
    # "مرداد و شهریور سال ۱۳۶۷": two months of one year, one range
    (
        "mmy",
        re.compile(
            rf"{_FB}(?P<month0>{_FA_SH})(?:[\s\u200c]?ماه)?\s+(?:و|تا)\s+{_FA_MONTH}\s+{_FA_YEAR}{_FE}"
        ),
    ),
    # "ژوئیه تا دسامبر ۱۳۶۷": Gregorian months with a Solar year, those months of the Gregorian year inside it
    ("gmmy", re.compile(rf"{_FB}(?P<month0>{_FA_G})\s+(?:و|تا)\s+(?P<month>{_FA_G})\s+{_FA_YEAR}{_FE}")),
    # "ماه‌های مرداد و شهریور": the same range, its year from the story
    (
        "mm",
        re.compile(
            rf"{_FB}ماه[\s\u200c]?(?:های|ها)\s+(?P<month0>{_FA_SH})\s+و\s+(?P<month>{_FA_SH}){_FE}"
            r"(?!\s+(?:سال\s*)?\d)"
        ),
    ),
    # "خرداد ۱۰, ۱۳۹۷": month, day, year, as an English date is written
    ("mdy", re.compile(rf"{_FB}{_FA_MONTH}\s+(?P<day>[12]\d|3[01]|0?[1-9])\s*[,،]\s*{_FA_YEAR}{_FE}")),
    # "شش ماه اول سال ۶۷", "سه ماه نخست ۱۳۶۷": from the start of the year
    (
        "first_months",
        re.compile(
            rf"{_FB}(?P<n>دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|[2-9]|1[01])\s+ماه\s+(?:اول|نخست)\s+"
            rf"(?:سال\s*)?(?P<year>1[34]\d\d|[4-9]\d){_FE}"
        ),
    ),
    ("pm", re.compile(rf"{_FB}{_FA_PART}{_FA_MONTH}{_FE}")),
    # "مرداد ماه", "شهریورماه": a Solar month named with "ماه", its year from the story
    ("m", re.compile(rf"{_FB}(?P<month>{_FA_SH})[\s\u200c]?ماه{_FE}")),
    # "دهه شصت": the Solar 1360s (21 March 1981 - 20 March 1991)
    (
        "decade_sh",
        re.compile(
            # ("سال‌های اولیه دهه ۱۳۶۰": its first years, as "اوایل")
            rf"{_FB}(?:(?P<part>اوایل|اوائل|اواسط|اواخر|"
            rf"سال[\s\u200c]?(?:های|ها)\s+(?:اولیه|نخست|آغازین|میانی|پایانی|آخر))\s+)?"
            rf"دهه(?:[\s\u200c]?ی)?(?:\s+(?:سیاه\s+)?|(?=\d))"  # ("دهه۶۰": the digits against the word)
            rf"(?P<decade>چهل|پنجاه|شصت|شست|هفتاد|هشتاد|[4-8]0|13[4-9]0)(?:{_FE}|(?<=\d\d\d0)(?=[آ-ی]))"
        ),
    ),
    ("yearw", re.compile(rf"(?:(?<=سال )|(?<=سالهای )|(?<=سال‌های ))(?P<yw>{_FA_YEAR_WORDS}){_FE}")),
    ("msy", re.compile(rf"{_FB}{_FA_PART}?{_FA_MONTH}\s+(?:همان|آن)\s+سال{_FE}")),
    # "مهر و آبان همان سال": two months of the year told last, one range
    (
        "mm",
        re.compile(
            rf"{_FB}(?P<month0>{_FA_SH})(?:[\s\u200c]?ماه)?\s+(?:و|تا)\s+{_FA_MONTH}\s+(?:همان|آن)\s+سال{_FE}"
        ),
    ),
    (
        "season",
        re.compile(
            rf"{_FBG}{_FA_PART}?(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)ی?"
            # "تابستان خونین سال ۱۳۶۷": a word of grief or weather between the season and its year
            rf"(?:\s+(?:{_SEASON_EPITHETS})(?=\s*سال))?\s*{_FA_YEAR}{_FEY}"
        ),
    ),
    # "تابستان و پاییز سال ۱۳۶۷": two seasons of one year, one range
    (
        "ss",
        re.compile(
            # ("اواخر تابستان و اوایل پاییز ۱۳۷۷": a part of each season)
            rf"{_FBG}(?:(?P<part0>اوایل|اوائل|اواسط|اواخر)\s+)?(?P<season0>تابستان|بهار|پاییز|پائیز|زمستان)\s+و\s+"
            rf"{_FA_PART}?(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)"
            rf"\s*{_FA_YEAR}{_FEG}"
        ),
    ),
    (
        "season",
        re.compile(
            rf"{_FBG}{_FA_PART}?(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)\s+(?P<yw>{_FA_YEAR_WORDS}){_FEG}"
        ),
    ),
    (
        "that",
        re.compile(
            rf"{_FB}(?P<this>آن|همان|این|همین)\s+(?P<unit>تابستان|سال|دهه){_FE}(?!\s*ها(?![\w\u200c]))"
        ),
    ),
    # "امسال", "تابستان امسال", "مرداد و شهریور امسال": the writer's Solar year (its dateline's or the
    # anniversary's it marks), a season or months of it
    (
        "now",
        re.compile(
            rf"{_FB}(?:(?P<month0>{_FA_SH})(?:[\s\u200c]?ماه)?\s+(?:و|تا)\s+)?"
            rf"(?:(?P<month>{_FA_SH})(?:[\s\u200c]?ماه)?\s+|(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)\s+)?"
            rf"(?P<this>امسال){_FE}"
        ),
    ),
    # "اواخر همان سال", "پایان آن سال": a third of the year told last
    (
        "pthat",
        re.compile(
            rf"{_FB}(?P<part>اوایل|اوائل|ابتدای|آغاز|اواسط|اواخر|پایان|انتهای|آخر)\s+(?:آن|همان|همین)\s+سال{_FE}"
        ),
    ),
    # "اوایل سال ۱۳۶۶", "پایان سال ١٣٦٧": a third of a year (docs/annotation.md)
    (
        "pyear",
        re.compile(
            rf"{_FBG}(?P<part>اوایل|اوائل|ابتدای|آغاز|اواسط|اواخر|پایان|انتهای|آخر)\s+(?:سال\s*)?"
            rf"(?P<year>1[34]\d\d|(?<=سال )[4-9]\d|(?<=سال)[4-9]\d){_FEG}"
        ),
    ),
    # "سال‌های ۱۳۶۷ و ۱۳۶۸", "سالهای شصت تا شصت و هفت", "سال ۶۴/۱۳۶۳": two years, one range
    (
        "years_fa",
        re.compile(
            rf"{_FB}سال(?:[\s\u200c]?(?:های|ها))?\s*(?P<ya>1[34]\d\d|[4-9]\d|{_FA_YEAR_WORDS})\s*(?P<join>و|تا|/)\s*"
            rf"(?P<yb>1[34]\d\d|[4-9]\d|{_FA_YEAR_WORDS}){_FEG}"
            # not "سال ۶۷ و ۷۰ نفر": a count after the year
            r"(?!\s*(?:نفر|تن)(?![\w\u200c]))"
        ),
    ),
    # "نوروز ۶۵": the first day of that Solar year
    ("nowruz", re.compile(rf"{_FB}نوروز\s+(?:سال\s*)?(?P<year>1[34]\d\d|[4-9]\d){_FE}")),
    # "هفته دوم آبان ماه": the days of that week of the month
    (
        "week",
        re.compile(
            rf"{_FB}هفته(?:[\s\u200c]?ی)?\s+(?P<week>اول|نخست|دوم|سوم|چهارم|آخر)\s+{_FA_MONTH}(?:\s+{_FA_YEAR})?{_FE}"
        ),
    ),
    # "Saturday, November 19, 2005", "11-Aug-2010": a Latin date with its year in a Persian page
    (
        "wmd_latin",
        re.compile(rf"{_B}(?P<weekday>{_WEEKDAY_EN}),?\s+(?P<month>{_G_FULL})\s+{_DAY},?\s+{_YEAR}{_E}"),
    ),
    ("mdy_latin", re.compile(rf"{_B}(?P<month>{_G_FULL}|{_G_ABBR})\s+{_DAY},\s*{_YEAR}{_E}")),
    ("dmy_latin", re.compile(rf"{_B}{_DAY}\s+(?P<month>{_G_FULL}|{_G_ABBR})\s+{_YEAR}{_E}")),
    ("dmy_latin", re.compile(rf"{_B}{_DAY}-(?P<month>{_G_FULL}|{_G_ABBR})-{_YEAR}{_E}")),
    # "10-آگوست-2021", "24/اردیبهشت/96": day, month and year joined by hyphens or slashes
    ("dmy", re.compile(rf"{_FB}{_FA_DAY}-{_FA_MONTH}-{_FA_YEAR}{_FE}")),
    ("dmy", re.compile(rf"{_FB}{_FA_DAY}/{_FA_MONTH}/(?P<year>1[34]\d\d|[4-9]\d){_FE}")),
    # "۱۳۹۲ بهمن ۱۶": a Solar year, month and day, the year first
    (
        "dmy",
        re.compile(
            rf"{_FB}(?P<year>1[34]\d\d)\s+(?P<month>{_FA_SH})\s+(?P<day>[12]\d|3[01]|0?[1-9]){_FE}"
            r"(?!\s*(?:نفر|تن)(?![\w\u200c]))"
        ),
    ),
    ("numeric", re.compile(_NUMERIC)),
    # "19/10/82", "۶۷/۵/۱۲": a Solar Hijri date in figures with a two-digit year (40-99: 1340-1399), day
    # first or year first (a first number over 31 is the year)
    ("numeric_sh", re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<c>\d{1,2})(?![\w/]|[.-]\d)")),
    ("year2", re.compile(_FA_YY.format(e=_FE))),
    # "پرونده ۶۷", "اعدام‌های ۶۷", "قتل‌عام ۶۷": the '67 of the massacre, Solar 1367
    (
        "year67",
        re.compile(
            # the digits may touch the next word ("قتلعام شدگان 67مشخص نیست": a missing space)
            r"(?:پرونده|کشتار|فاجعه|جانباختگان|قربانیان|قتل[\s\u200c]?عام(?:[\s\u200c]?شدگان)?|اعدام[\s\u200c]?(?:های|شدگان|یان)|"
            r"اعدامی[\s\u200c]?(?:های|ها)|گورهای[\s\u200c]دسته[\s\u200c]?جمعی|"
            r"تابستان|تابستانی|زندانیان|سیاسی|سربداران|سر بداران|(?<![\w\u200c])در|"
            # "بازماندگان ۶۷", "جلاد۶۷": the survivors, the executioner of the killings of 67
            r"بازماندگان|جلاد)"
            r"[\s\u200c]?(?P<year>6\d)(?![\d\u200c])"
        ),
    ),  # "سال ۶۷", "کشتار ۶۷": a two-digit Solar Hijri year
    # "کشتار ضدبشری ۶۷": an adjective (ending in ی) between the killing and its year
    (
        "year67",
        re.compile(
            r"(?<![\w\u200c])(?:کشتار|قتل[\s\u200c]?عام)\s+[\u0621-\u06cc\u200c]+ی\s+(?P<year>6\d)(?![\d\u200c])"
            r"(?!\s*(?:نفر|تن)(?![\w\u200c]))"
        ),
    ),
    # "در سال60": the year written against "سال" (a two-digit Solar year, 1340-1399)
    ("year67", re.compile(r"(?<![\w\u200c])سال(?P<year>[4-9]\d)(?![\d\u200c])")),
    # "سال 67درحین": the year written against the next word
    (
        "year67",
        re.compile(
            r"(?<![\w\u200c])سال (?P<year>[4-9]\d)(?=[\u0621-\u064a\u067e-\u06cc])(?!نفر|تن(?![\w\u200c]))"
        ),
    ),
    # "در سال ۱۳۶۷و نیز": the year may touch the "و" that follows it
    ("year", re.compile(rf"{_FB}(?P<year>1[34]\d\d|19\d\d|20[0-4]\d){_FEY}")),
    # "قتل عام سال1367", "از سال 1360 تا 1367بسیاری": spaces lost around a Solar year
    (
        "year",
        re.compile(
            r"(?:(?<=سال)|(?<=سال )|(?<=تا )|(?<=از )|(?<=کشتار ))(?P<year>1[34]\d\d)"
            rf"(?:(?=[\u0621-\u064a\u067e-\u06cc])(?!نفر|تن(?![\w\u200c]))|{_FEG})"
        ),
    ),
]
_REL_FA = [
    re.compile(
        rf"{_FB}(?P<n>(?:بیست|سی|چهل|پنجاه)(?:\s+و\s+(?:یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه))?|"
        rf"یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|چند|\d{{1,2}})\s+(?P<unit>روز|هفته|ماه|سال)\s+"
        rf"(?P<dir>بعد|پس از آن|بعدتر|قبل|پیش|زودتر){_FE}"
    ),
    re.compile(
        rf"{_FBG}(?P<fixed>دیروز|پریروز|امروز|فردای آن روز|فردای آن شب|فردای همان روز|صبح روز بعد|روز بعد|"
        rf"فردا صبح|همان روز|این روز|روز قبل|شب قبل){_FE}"
        # "همان روز های دبیرستان": a plural written apart, those days, no day
        r"(?![\s\u200c]+(?:ها|های|هایی)(?![\w\u200c]))"
    ),
    # "سه سال پس از دستگیری": counted from the arrest, the date last told
    re.compile(
        rf"{_FB}(?P<n>(?:بیست|سی)(?:\s+و\s+(?:یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه))?|"
        rf"یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|\d{{1,2}})\s+(?P<unit>روز|هفته|ماه|سال)\s+"
        rf"(?P<dir>پس از|بعد از)\s+"
        rf"(?P<since>(?:دستگیری|بازداشت)(?:[\u200c]?(?:اش|ام|ش|م|شان))?){_FE}"
    ),
    # "هفته بعد", "ماه بعد", "سال قبل": the next (previous) week, month or year, counted as one
    re.compile(rf"{_FB}(?P<unit>هفته|ماه|سال)\s+(?P<which>بعد|قبل|بعدش|گذشته|آینده){_FE}"),
    # "هفته اخیر": the week just past, as "هفته گذشته"
    re.compile(rf"{_FB}(?P<unit>هفته)(?:[\s\u200c]?ی)?\s+(?P<which>اخیر){_FE}"),
    # "جمعه گذشته", "روز جمعه گذشته": the last such weekday before the day told (a report's dateline)
    re.compile(rf"{_FBG}{_FA_WEEKDAY}\s+(?P<which>گذشته){_FE}"),
    # "در آن روزها", "همان روزها": the time last told, as a whole
    re.compile(rf"{_FB}(?P<fixed>(?:آن|همان)\s+(?:روزها|ایام)){_FE}"),
]


def _anchors() -> dict[str, dict[str, Any]]:
    """The named events of `data/anchors.toml` (the ceasefire of 20 July 1988 ...)."""
    return _events("anchors.toml")


@dataclass(frozen=True)
class _Proceeding:
    """Proceedings of `data/proceedings.toml`: the day they opened, the phrases that mark a report of them,
    their later stages and the days of their rulings, each with the phrases of a sentence that tells it."""

    opened: datetime.date
    named: re.Pattern[str]
    stages: tuple[tuple[re.Pattern[str], datetime.date], ...]
    rulings: tuple[tuple[re.Pattern[str], datetime.date], ...]


def _phrases(spec: dict[str, Any], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """An entry's phrases, English and Persian, as one pattern (behind its guard, as the module's own)."""
    return guarded(re.compile("|".join([*spec["en"], *spec["fa"]]), flags))


@cache
def _proceedings() -> tuple[_Proceeding, ...]:
    """The proceedings reports are about (the Noury trial ...), in the file's order."""

    def dated(entries: list[dict[str, Any]]) -> tuple[tuple[re.Pattern[str], datetime.date], ...]:
        return tuple((_phrases(e), datetime.date.fromisoformat(e["date"])) for e in entries)

    return tuple(
        _Proceeding(
            opened=datetime.date.fromisoformat(spec["date"]),
            named=_phrases(spec, 0 if spec.get("match_case") else re.IGNORECASE),
            stages=dated(spec.get("stages", [])),
            rulings=dated(spec.get("rulings", [])),
        )
        for spec in _events("proceedings.toml").values()
    )


def _proceeding_of(era: datetime.date | None) -> _Proceeding | None:
    """The proceedings that opened on `era` (a report's `timeline.era`)."""
    return next((p for p in _proceedings() if p.opened == era), None) if era is not None else None


def _anchor_pattern(persian: bool) -> re.Pattern[str]:
    """ "after the ceasefire", "پس از پذیرش قطعنامه": a preposition and a named event."""
    lang = "fa" if persian else "en"
    names = "|".join(
        rf"(?P<a_{key}>{'|'.join(spec[lang])})" for key, spec in _anchors().items() if spec[lang]
    )
    # "a few years after the revolution", "دو سال پس از انقلاب": counted from the event, no date it gives
    if persian:
        prep = r"(?P<prep>پس از|بعد از|قبل از|پیش از|از زمان|در زمان|هنگام|همزمان با|تا)"
        counted = r"(?<!سال )(?<!ماه )(?<!هفته )(?<!روز )"
        counted += r"(?<!دهه )"  # "یک دهه پس از انقلاب": a decade counted from it
        return re.compile(rf"{_FB}{counted}{prep}\s+(?:{names}){_FE}")
    prep = r"(?P<prep>after|before|since|until|till|following|at the time of|around|during|shortly after)"
    counted = (
        r"(?<!years )(?<!months )(?<!weeks )(?<!days )(?<!year )(?<!month )(?<!week )(?<!day )(?<!decade )"
    )
    return re.compile(rf"{_B}{counted}{prep}\s+(?:{names}){_E}", _I)


_FA_SEASON = {"تابستان": "summer", "بهار": "spring", "پاییز": "autumn", "پائیز": "autumn", "زمستان": "winter"}
_FA_PARTS = {
    "اوایل": "early", "اوائل": "early", "ابتدای": "early", "اواسط": "mid", "نیمه": "mid",
    "روزهای اول": "early", "روزهای نخست": "early", "نخستین روزهای": "early", "دهه اول": "early",
    "آغاز": "early", "اواخر": "late", "آخر": "late", "پایان": "late", "انتهای": "late",
}  # fmt: skip
_FA_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد امرداد",
            "شهریور",
            "مهر",
            "آبان ابان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        ],
        start=1,
    )
    for m in names.split()
}
_FA_G_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "ژانویه",
            "فوریه",
            "مارس",
            "آوریل",
            "مه",
            "ژوئن",
            "ژوئیه ژوییه جولای",
            "اوت آگوست",
            "سپتامبر",
            "اکتبر",
            "نوامبر",
            "دسامبر",
        ],
        start=1,
    )
    for m in names.split()
}
_AMBIGUOUS_FA = {"تیر", "مهر", "آذر", "دی", "بهمن", "مه"}
_APPROX = re.compile(r"(?:around|about|circa|c\.|approximately|roughly|حدود|حدودا|تقریبا)\s*$", re.IGNORECASE)
_DURATION = re.compile(r"(?:for|during|over|within|throughout|in)\s+$", re.IGNORECASE)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:no\.?|number|article|ward|cell|page|room|section|#|بند|شماره|ماده)\s*$", re.I
)
_SINCE_BEFORE = re.compile(
    r"\b(?:years?\s+(?:since|after)|anniversary\s+of)(?:\s+the)?\s+$"
    r"|سال(?:[\u200c ]?گرد)?\s+(?:پس\s+)?از\s+$",
    re.IGNORECASE,
)
_LABEL_AFTER = re.compile(r"\s+(?:massacres?|executions|killings|revolution|war)\b", re.IGNORECASE)
_TOPIC_LINE = re.compile(r"^\s*(?:موضوع|Subject|Topic)\s*[:：]", re.MULTILINE)
_APPOSED_COMMA = re.compile(r"\s*[,،]\s*")
# "from 1981 onward", "از سال ۶۰ به بعد": an open period, not the year a later month falls in
_ONWARD_AFTER = re.compile(r"\s*(?:onwards?\b|به\s+بعد(?![\w\u200c]))", re.IGNORECASE)
# "28 سال پیش (24 مرداد 1367)": the date in brackets tells the time counted back from the writer's
# (a day counted in the story, "next morning (21st June 1981)", is a mention of its own)
_BRACKET_OPEN = re.compile(r"\s*[(（]\s*")
_TOLD_AGAIN = re.compile(r"\s*,?\s*(?:in|on|در)\s+(?:the\s+)?")
_COMMA_TO = re.compile(r"\s*,\s*(?:to|until|till|through)\s+")
# ("از سال ۶۰ تا سال ۶۶": the second year after its own "سال")
_RANGE_JOIN = re.compile(r"\s*(?:-|to|until|till|through|and|تا(?:\s+سال)?|و)\s*")


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]


def _month_number(name: str) -> tuple[int, str]:
    """(month, calendar) of a Latin month name or abbreviation."""
    key = name.rstrip(".").lower()
    for i, full in enumerate(_G_MONTHS, start=1):
        if full.startswith(key[:3]) and (key == full or len(key) <= 4):
            return i, "gregorian"
    key = {"amordad": "mordad", "dei": "dey"}.get(key, key)
    return _S_MONTHS.index(key) + 1, "solar_hijri"


# where a find starts when its pattern reads context before it: "in August" starts at the month, "پرونده ۶۷"
# at the year
_GROUP_START = {"m": "month", "mm_after": "month0", "year67": "year", "season_bare": "span"}


def _collect(norm: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[_Found]:
    found = [
        # "in August": the preposition anchors the bare month but is not part of the date
        _Found(m.start(_GROUP_START.get(kind, 0)), m.end(), kind, m.groupdict())
        for kind, pattern in patterns
        for m in guarded(pattern).finditer(norm)
    ]
    # longest first, then earliest; drop what overlaps a longer find
    found.sort(key=lambda f: (-(f.end - f.start), f.start))
    taken: list[_Found] = []
    mask = bytearray(len(norm) + 1)
    for f in found:
        if any(mask[f.start : f.end]):
            continue
        mask[f.start : f.end] = b"\x01" * (f.end - f.start)
        taken.append(f)
    taken.sort(key=lambda f: f.start)
    return taken


def _sh_year(day: datetime.date) -> int:
    return int(jdatetime.date.fromgregorian(date=day).year)


class _Timeline:
    """The story so far: the last date told (for relative dates) and the year in force (for "August 6")."""

    def __init__(self, context: Context, doc_year: int | None) -> None:
        self.anchor: PartialDate | None = None
        self.latest: PartialDate | None = None
        if context.reference is not None:
            d = context.reference
            self.anchor = PartialDate(d.isoformat(), "gregorian", "day", d, d)
        self.latest = self.anchor
        self.last_day: PartialDate | None = self.anchor
        self.named: PartialDate | None = None  # the last date told, an event's year ("the 1988 massacre") too
        # the day the source was published (or recorded): the ground of a report's own days ("On Tuesday")
        self.published: datetime.date | None = context.reference
        self.doc_year = doc_year or context.default_year
        self.story_year = context.default_year  # the year of the events the accounts are about
        self.max_year: int | None = None  # the latest Gregorian year the text names
        # the first day of the proceedings a report is about (_proceedings): its undated days fall after it
        self.era: datetime.date | None = None
        # the Gregorian year the text is written in, when it names the N-th anniversary of the massacre
        self.anniversary: int | None = None

    def year_for(self, month: int, calendar: str) -> tuple[int, bool]:
        """The year of a month named without one, and whether an anchor (not the document's year) gave it."""
        anchor = self.latest
        if anchor is None:
            return (self.doc_year if calendar == "gregorian" else self.doc_year - 621), False
        # the story moves on from the end of a season or range told ("winter 1366 ... 27 Tir" is 1367),
        # from the start of a year ("In 1366 ... 27 Tir" is 1366)
        told = anchor.end if anchor.precision in ("season", "range") else anchor.start
        if anchor.precision == "year":  # "1367 (1988) … Mordad": a year's middle, in either calendar
            told = anchor.start + (anchor.end - anchor.start) / 2
        if calendar == "gregorian":
            year, anchor_month = told.year, told.month
        else:
            j = jdatetime.date.fromgregorian(date=told)
            year, anchor_month = int(j.year), int(j.month)
        if anchor_month - month >= 6:  # "December 1988 ... on January 15": the story moved on a year
            year += 1
        return year, True

    def told(self, date: PartialDate) -> None:
        if date.precision == "day":
            self.last_day = date
        self.latest = date  # any date sets the year in force ("In 1988 ... On August 6")
        if date.precision != "year" or self.anchor is None or self.anchor.precision == "year":
            self.anchor = date  # relative dates count from the last date finer than a year


def _parse(text: str, original: str) -> PartialDate | None:
    try:
        return replace(parse_date(text), original=original)
    except DateParseError:
        return None


def _absolute(f: _Found, norm: str, timeline: _Timeline, persian: bool) -> tuple[PartialDate, bool] | None:
    """Read one absolute or partial date; the bool says the year was supplied from the story."""
    g = f.groups
    original = norm[f.start : f.end]
    if f.kind == "numeric":
        parsed = _parse(original, original)
        return (parsed, False) if parsed else None
    if f.kind == "numeric_sh":
        a, b, c = (int(g[k] or 0) for k in ("a", "b", "c"))
        yy, dd = (a, c) if a > 31 else (c, a)
        if not (40 <= yy <= 99 and 1 <= b <= 12 and 1 <= dd <= 31):
            return None
        parsed = _parse(f"{dd} {_S_MONTHS[b - 1]} 13{yy}", original)
        return (parsed, False) if parsed else None
    if f.kind == "yearw":
        parsed = _parse(f"13{_year_words(g.get('yw'))}", original)
        return (parsed, False) if parsed else None
    if f.kind == "years":
        first, last = int(g["year"] or 0), int(g["yy"] or 0)
        if last < 100:
            last += first - first % 100
        elif last != first + 1:
            return None  # "1986/1990": not one Solar year's two halves
        if last <= first:
            return None
        return PartialDate(
            original, "gregorian", "range", datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        ), False
    if f.kind == "decade_sh":
        word = g.get("decade") or ""
        word = {"شست": "60"}.get(word, word[-2:] if len(word) == 4 else word)  # "دهه 1360", "دهه شست"
        tens = int(word) // 10 if word.isdigit() else (parse_number_words(word, persian=True) or 0) // 10
        said = (g.get("part") or "").split()[-1:]  # "سال‌های اولیه": its last word says which third
        first, last = {
            "اوایل": (0, 3), "اوائل": (0, 3), "اولیه": (0, 3), "نخست": (0, 3), "آغازین": (0, 3),
            "اواسط": (4, 6), "میانی": (4, 6), "اواخر": (7, 9), "پایانی": (7, 9), "آخر": (7, 9),
        }.get(said[0] if said else "", (0, 9))  # fmt: skip
        first_year, last_year = _parse(f"13{tens}{first}", original), _parse(f"13{tens}{last}", original)
        if first_year is None or last_year is None:
            return None
        return PartialDate(original, "solar_hijri", "range", first_year.start, last_year.end), False
    if f.kind == "mmy":
        return _two_months(g, original, persian)
    if f.kind in ("mm", "mm_after"):
        first_month = (
            _FA_MONTHS.get(g.get("month0") or "") if persian else _month_number(g.get("month0") or "")[0]
        )
        calendar = "solar_hijri" if persian else _month_number(g.get("month0") or "")[1]
        year, _ = timeline.year_for(first_month or 1, calendar)
        found = _two_months({**g, "year": str(year)}, original, persian)
        return (found[0], True) if found else None
    if f.kind == "first_months":
        return _first_months(g, original, persian)
    if f.kind == "yy":
        # as in "the summer of 67": 40-79 are Solar Hijri years, "'88" is 1988
        written = g.get("year") or ""
        parsed = _parse(f"13{written}" if int(written) < 80 else f"19{written}", original)
        return (parsed, False) if parsed else None
    if f.kind in ("year", "year2", "year67"):
        digits = g.get("year") or g.get("year2") or g.get("year3") or ""
        text = digits if len(digits) == 4 else f"13{digits}"
        parsed = _parse(text, original)
        return (parsed, False) if parsed else None
    if f.kind == "pyear":
        written = g.get("year") or ""
        year = int(f"13{written}" if len(written) == 2 else written or 0)
        part = _FA_PARTS.get(g.get("part") or "", "") or (g.get("part") or "")
        part = part or _EDGE_PART.get(g.get("edge") or "", "early")
        return _year_third(year, part, original), False
    if f.kind == "mddy":
        later = _absolute(_Found(f.start, f.end, "mdy", g), norm, timeline, persian)
        d0, d1 = int(g.get("day0") or 0), int(g.get("day") or 0)
        # "6 or 7", "21/22": adjacent days; "5-20" any span
        alternatives = re.search(r"\bor\b|/", original) is not None
        if later is None or later[0].precision != "day" or not 0 < d1 - d0 < (7 if alternatives else 31):
            return None
        since = later[0].start - datetime.timedelta(days=d1 - d0)
        return PartialDate(original, later[0].calendar, "range", since, later[0].end), later[1]
    if f.kind == "ddmy":
        second = _absolute(_Found(f.start, f.end, "dmy", g), norm, timeline, persian)
        d0 = int(g.get("day0") or 0) or _FA_DAY_WORDS.get(g.get("dayw0") or "", 0)
        d1 = int(g.get("day") or 0) or _FA_DAY_WORDS.get(g.get("dayw") or "", 0)
        if (
            second is None
            or not d0
            or second[0].precision != "day"
            or not 0 < d1 - d0 < (31 if g.get("upto") else 7)
        ):
            return None
        until = second[0].start
        since = until - datetime.timedelta(days=d1 - d0)
        return PartialDate(original, "gregorian", "range", since, until), second[1]
    if f.kind == "decade":
        start_year = int(g.get("decade") or 0) or 1900 + int(g.get("decade2") or 0)
        part = g.get("part") or _EDGE_PART.get((g.get("edge") or "").lower(), "")
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
        if start_year < 1500:  # "the 1360's": the Solar years 1360-1369
            since = jdatetime.date(start_year + first, 1, 1).togregorian()
            upto = jdatetime.date(start_year + last + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
            return PartialDate(original, "solar_hijri", "range", since, upto), False
        start, end = datetime.date(start_year + first, 1, 1), datetime.date(start_year + last, 12, 31)
        return PartialDate(original, "gregorian", "range", start, end), False
    if f.kind == "wmd":
        story = _story_day(f, norm, timeline, persian) if not g.get("year") else None
        return story or _weekday_date(g, original, timeline)
    if f.kind == "wdmy" and not g.get("year") and not g.get("year4"):
        story = _story_day(f, norm, timeline, persian)
        if story is not None:
            return story
        found = _weekday_solar(g, original, timeline)
        if found is not None:
            return found
        plain = _absolute(replace(f, kind="dmy"), norm, timeline, persian)
        weekday = _WEEKDAYS.get(g.get("weekday") or "")
        if plain is not None and plain[0].precision == "day" and plain[0].start.weekday() != weekday:
            # "عفو بین‌الملل روز پنجشنبه ۱۱ خرداد گزارش داد": the weekday is not the story year's, and the
            # text gives no other year to try; a guessed year would be wrong, so no date is told
            return None
    if f.kind == "weekday":
        ruled = _ruling_day(timeline, _sentence_of(norm, f), _WEEKDAYS.get((g.get("weekday") or "").lower()))
        if ruled is not None and timeline.published is None:
            # "The trial … wrapped up on Wednesday" in a report with no dateline: a day of the report's own
            # week, which "last week" is counted from
            timeline.published = ruled
            return PartialDate(original, "gregorian", "day", ruled, ruled), True
        anchor = timeline.anchor
        if timeline.published is not None and (
            anchor is None or anchor.precision != "day" or _PROCEEDINGS.search(_sentence_of(norm, f))
        ):
            # no day of the story to count back from: the report's own week, before its publication
            d = timeline.published
            anchor = PartialDate(d.isoformat(), "gregorian", "day", d, d)
        elif _story_time_hearing(f, norm, timeline):
            return None  # "On Tuesday's court hearing" after a day of 1981: the report's week, not given
        elif (
            anchor is not None and anchor.precision == "day" and anchor.start.year <= timeline.story_year + 1
        ):
            # "On Friday, July 29, 1988 … On Saturday, we were to have visits": a story told day by day moves
            # on; its weekday is the first such day from the day told, not one before it (a dateline's is)
            return _weekday(g.get("weekday") or "", original, anchor, forward=True)
        return _weekday(g.get("weekday") or "", original, anchor)
    if f.kind == "anchor":
        named = _named(g, original)
        return (named, False) if named else None
    if f.kind.endswith("_latin"):  # a Latin date in a Persian page
        return _absolute(replace(f, kind=f.kind[: -len("_latin")]), norm, timeline, False)
    if f.kind == "years_fa":
        left, right = _fa_year(g.get("ya")), _fa_year(g.get("yb"))
        if left is None or right is None:
            return None
        left, right = sorted((left, right), key=lambda y: y.start)  # "۶۲/۱۳۶۱": the later year may come first
        if right.start <= left.start:
            return None
        return PartialDate(original, "solar_hijri", "range", left.start, right.end), False
    if f.kind == "nowruz":
        new_year = _fa_year(g.get("year"))
        return (replace(new_year, precision="day", end=new_year.start), False) if new_year else None
    if f.kind == "week":
        return _week_of_month(f, norm, timeline, persian)
    if f.kind == "gmmy":
        written = g.get("year") or ""
        solar = int(f"13{written}" if len(written) == 2 else written or 0)
        m0, m1 = _FA_G_MONTHS.get(g.get("month0") or "", 0), _FA_G_MONTHS.get(g.get("month") or "", 0)
        if not m0 or not m1 or m1 < m0:
            return None
        g_year = solar + 621 + (1 if m0 < 4 else 0) if solar < 1500 else solar  # inside the Solar year
        end = _add_months(datetime.date(g_year, m1, 1), 1) - datetime.timedelta(days=1)
        return PartialDate(original, "gregorian", "range", datetime.date(g_year, m0, 1), end), False
    if f.kind == "ss":
        written = g.get("year") or (f"13{_year_words(g.get('yw'))}" if g.get("yw") else "")
        written = f"13{written}" if len(written) == 2 else written
        parts = [_FA_PARTS.get(g.get(k) or "", "late" if g.get(k) else "") for k in ("part0", "part")]
        left = _parse(f"{parts[0]} {_FA_SEASON.get(g.get('season0') or '', '')} {written}".strip(), original)
        right = _parse(f"{parts[1]} {_FA_SEASON.get(g.get('season') or '', '')} {written}".strip(), original)
        if left is None or right is None or right.start < left.start:
            return None
        return PartialDate(original, left.calendar, "range", left.start, right.end), False
    if f.kind == "that":
        unit = (g.get("unit") or "").lower()
        if g.get("this") in ("این", "همین") and timeline.latest is None:
            return None  # "این سال" with no year told before: the writer's own, not given
        if unit == "دهه":  # "همین دهه": the Solar decade of the date told last
            if timeline.latest is None:
                return None
            tens = _sh_year(timeline.latest.start) // 10 * 10
            first_year, last_year = _parse(str(tens), original), _parse(str(tens + 9), original)
            if first_year is None or last_year is None:
                return None
            return PartialDate(original, "solar_hijri", "range", first_year.start, last_year.end), True
        # "that same year" is the year of the last date told, however fine; a season counts from the anchor
        # ("the 1979 revolution … during that same year": the year named last, an event's year too)
        anchor = (timeline.named or timeline.latest) if unit in ("سال", "year") else timeline.anchor
        year = anchor.start.year if anchor else timeline.doc_year
        if unit in ("سال", "year"):
            if persian:
                sh = _sh_year(anchor.start) if anchor else year - 621
                parsed = _parse(str(sh), original)
            else:
                parsed = _parse(str(year), original)
        else:
            season = _FA_SEASON.get(unit, unit)
            parsed = _parse(
                f"{season} {_sh_year(anchor.start) if anchor else year - 621}"
                if persian
                else f"{season} {year}",
                original,
            )
        return (parsed, True) if parsed else None
    if f.kind == "wafter":
        plain = _absolute(replace(f, kind="dmy"), norm, timeline, persian)
        weekday = _WEEKDAYS.get((g.get("weekday") or "").lower())
        if plain is None or plain[0].precision != "day" or weekday is None:
            return None
        ahead = (weekday - plain[0].start.weekday()) % 7 or 7
        following = plain[0].start + datetime.timedelta(days=ahead)
        return PartialDate(original, "gregorian", "day", following, following), plain[1]
    if f.kind == "world_day":
        key = next((k[2:] for k, v in g.items() if k.startswith("w_") and v), "")
        w_month, w_day = _world_day(key)
        w_year: int | None = None
        if timeline.published is not None:
            w_year = _report_year(timeline.published, w_month, w_day)
        elif timeline.latest is not None:
            w_year = timeline.year_for(w_month, "gregorian")[0]
        if w_year is None or w_year < 1998:
            return None  # a day of the writer's time (these days were named from the 1990s on), not given
        w_date = datetime.date(w_year, w_month, w_day)
        return PartialDate(original, "gregorian", "day", w_date, w_date), True
    if f.kind == "today":
        ruled = _ruling_day(timeline, _sentence_of(norm, f), None) if timeline.published is None else None
        if ruled is None:
            return None
        timeline.published = ruled  # the writer's day: "last year", "last summer" are counted from it
        return PartialDate(original, "gregorian", "day", ruled, ruled), True
    if f.kind == "now":
        if _DAY_OR_MONTH_BEFORE.search(norm, max(0, f.start - 16), f.start):
            return None  # "18-22 June this year": told with the days before it, not a date of its own
        if _OWN_AFTER.match(norm, f.end):
            return None  # "برنامه امسال خود": this year's programme, a noun's modifier, not a date told
        return _writers_time(g, original, timeline, persian)
    if f.kind == "pthat":
        # "the end of that year", "اواخر همان سال": a third of the year told last, in its calendar
        told = timeline.latest
        if told is None:
            return None
        part = _FA_PARTS.get(g.get("part") or "", "") or (g.get("part") or "").lower()
        part = part or _EDGE_PART.get((g.get("edge") or "").lower(), "late")
        year = _sh_year(told.start) if persian or told.calendar == "solar_hijri" else told.start.year
        return _year_third(year, part, original), True
    if f.kind == "season_bare":
        season = (g["season"] or "").lower().replace("fall", "autumn")
        told = timeline.latest
        if told is None:
            return None
        parsed = _parse(f"{season} {told.start.year}", original)
        return (parsed, True) if parsed else None
    if f.kind == "season":
        season = g["season"] or ""
        season = _FA_SEASON.get(season, season.lower().replace("fall", "autumn"))
        written = g.get("year") or (f"13{_year_words(g.get('yw'))}" if g.get("yw") else "")
        if len(written) == 2:
            # "تابستان ۶۷", "the summer of 67": 40-79 are Solar Hijri years (1340s-1370s: 1961-2001),
            # "summer of '88" is 1988
            written = f"13{written}" if persian or int(written) < 80 else f"19{written}"
        # "late summer 1988", "اواخر تابستان ۱۳۶۷": parse_date narrows a season to its early/mid/late month
        part = g.get("part") or ""
        part = _FA_PARTS.get(part, "late" if part else "") if persian else part
        parsed = _parse(f"{part} {season} {written}".strip(), original)
        return (parsed, False) if parsed else None
    # month forms
    month_word = g["month"] or ""
    if persian:
        if month_word in _FA_MONTHS:
            month, calendar = _FA_MONTHS[month_word], "solar_hijri"
        else:
            month, calendar = _FA_G_MONTHS[month_word], "gregorian"
        name = _S_MONTHS[month - 1] if calendar == "solar_hijri" else _G_MONTHS[month - 1]
        part = _FA_PARTS.get(g.get("part") or "", "late" if g.get("part") else "")
    else:
        month, calendar = _month_number(month_word)
        name = _S_MONTHS[month - 1] if calendar == "solar_hijri" else _G_MONTHS[month - 1]
        part = _EN_PARTS.get((g.get("part") or "").lower(), (g.get("part") or "").lower())
    written = g.get("year") or g.get("year4") or (f"13{_year_words(g.get('yw'))}" if g.get("yw") else "")
    if persian and len(written) == 2:
        written = f"13{written}"
    supplied = False
    day_word = g.get("dayw")
    day = g.get("day") or (str(_FA_DAY_WORDS[day_word]) if day_word else None)
    if not written and calendar == "gregorian" and _PROCEEDINGS.search(_sentence_of(norm, f)):
        # "the trial proceedings that ended May 4" in a report: the day nearest its publication, or with no
        # publication date given, in the latest year of this century the text names (the report's own time)
        recent = timeline.max_year if timeline.max_year and timeline.max_year >= 2000 else None
        published = timeline.published or (datetime.date(recent, 7, 1) if recent else None)
        era = _era_for(timeline, _sentence_of(norm, f)) if timeline.published is None else None
        if day and era is not None and _report_time(timeline, _sentence_of(norm, f)):
            # a report of named proceedings: the first such day once they opened
            return _era_day(era, None, original, int(day), gregorian_month=month)
        story_time = timeline.latest is not None and timeline.latest.start.year <= timeline.story_year + 1
        modern = timeline.latest is None or (story_time and _WITNESS_HEARING.search(_sentence_of(norm, f)))
        if day and published is None and era is None and modern:
            # "hearings with witnesses 14 and 15 held on 24 and 25 January", first in a report that gives no
            # year of its own time (or after the story's summer of 1988): its year would be a guess, no date
            return None
        if day:
            written = str(_report_year(published, month, int(day)) or "")
        elif era is not None and _report_time(timeline, _sentence_of(norm, f)):
            written = str(era.year + (month < era.month))  # "a verdict due in July": the first July after
        elif recent is not None and timeline.published is None:
            written = str(recent)
        elif timeline.published is not None and timeline.published.year >= 2000:
            # "a session in June and one at the end of October" under a dateline of this century: the month
            # nearest the report's day, not one of the story's years told before it
            written = str(_report_year(published, month, 15) or "")
        supplied = bool(written)
    if not written and timeline.anniversary and _COMMEMORATION.search(_sentence_of(norm, f)):
        # "on 29 August, to mark the anniversary" in a text of the 20th anniversary: the writer's year
        solar = calendar == "solar_hijri"
        written, supplied = str(timeline.anniversary - 621 if solar else timeline.anniversary), True
    if not written:
        year, supplied = timeline.year_for(month, calendar)
        written = str(year)
    text = f"{day} {name} {written}" if day else f"{part} {name} {written}".strip()
    parsed = _parse(text, original)
    return (parsed, supplied) if parsed else None


# "the 19th anniversary of the mass executions", "بیست و نهمین سالگرد کشتار", "32مین سالگرد فاجعه": the
# massacre named within a few words after it (not "the fortieth anniversary of the revolution")
_ORDINAL_FA = {
    "یکم": 1, "اول": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7, "هشتم": 8, "نهم": 9,
    "دهم": 10, "یازدهم": 11, "دوازدهم": 12, "سیزدهم": 13, "چهاردهم": 14, "پانزدهم": 15, "شانزدهم": 16,
    "هفدهم": 17, "هجدهم": 18, "هیجدهم": 18, "نوزدهم": 19, "بیستم": 20, "سی‌ام": 30, "سیام": 30, "سی ام": 30,
    "چهلم": 40,
}  # fmt: skip
_TENS_FA = {"بیست": 20, "سی": 30, "چهل": 40}
_ORDINAL_EN = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40,
}  # fmt: skip
_ANNIVERSARY = re.compile(
    r"(?<!\d)(?P<n>\d{1,2})\s*(?:st|nd|rd|th|[\u200c]?(?:مین|مين|امین|امين|ام))?[\s\u200c]*(?:anniversary|سالگرد)"
    r"|(?:(?P<tens>twenty|thirty|forty)[-\s])?(?P<en>[a-z]+(?:st|nd|rd|th))\s+anniversary\b"
    r"|(?:(?P<tensfa>بیست|سی|چهل)\s*(?:و\s*)?)?(?P<fa>[\u0600-\u06ff]+?)[\u200c\s]?(?:ا?مین|ا?مين)\s+سالگرد",
    re.IGNORECASE,
)
# the word every anniversary above names, matched alike: a quick search for it spares the costly scan of a
# text that has none
_ANNIVERSARY_WORD = re.compile(r"anniversary|سالگرد", re.IGNORECASE)
_ANNIVERSARY_OF = re.compile(
    r"[^.!?؟\n]{0,60}?(?:massacre|mass[- ]executions|executions?|killings|"
    r"کشتار|قتل[\s\u200c]?عام|اعدام|فاجعه|جنایت|1988|۱۳۶۷|1367|\b67\b|۶۷)",
    re.IGNORECASE,
)


_OWN_AFTER = re.compile(r"[\s\u200c]*(?:خود|خویش|مان|شان)(?![\w\u200c])")
_COMMEMORATION = re.compile(r"\banniversary\b|\bcommemorat\w*|سالگرد|یادمان|بزرگداشت", re.IGNORECASE)
_DAY_OR_MONTH_BEFORE = re.compile(rf"(?:{_G_FULL}|\d)(?:st|nd|rd|th)?\s+(?:of\s+)?$")


_OTHER_EVENT = re.compile(r"revolution|war\b|انقلاب|جنگ", re.IGNORECASE)


def _anniversary_year(norm: str) -> int | None:
    """The Gregorian year a text is written in when it names the N-th anniversary of the 1988 massacre:
    1988 + N (the massacre's anniversary falls in late summer, inside both calendars' year 1988 + N)."""
    if _ANNIVERSARY_WORD.search(norm) is None:
        return None
    for m in _ANNIVERSARY.finditer(norm):
        of = _ANNIVERSARY_OF.match(norm, m.end())
        if not of or _OTHER_EVENT.search(of.group(0)):
            continue  # "the 40th anniversary of the revolution, after the executions": another event's
        if m.group("n"):
            n = int(m.group("n"))
        elif m.group("en"):
            n = _ORDINAL_EN.get(m.group("en").lower(), 0)
            n += {"twenty": 20, "thirty": 30, "forty": 40}.get((m.group("tens") or "").lower(), 0)
        else:
            word = (m.group("fa") or "").replace("\u200c", "").strip()
            tens = _TENS_FA.get(m.group("tensfa") or "", 0)
            n = tens + (_ORDINAL_FA.get(word, 0) or _ORDINAL_FA.get(word + "م", 0))
            if not n and not tens:  # "سی‌امین", "بیستمین": tens alone
                n = _TENS_FA.get(word, 0)
        if 1 <= n <= 60:
            return 1988 + n
    return None


def _writers_time(
    g: dict[str, str | None], original: str, timeline: _Timeline, persian: bool
) -> tuple[PartialDate, bool] | None:
    """ "this year", "امسال", "تابستان امسال": the year of the text's dateline or of the anniversary it marks,
    a Solar one in Persian; None when the text gives neither."""
    published = timeline.published
    year = published.year if published else timeline.anniversary
    if year is None:
        return None
    if (g.get("this") or "").lower() == "last":
        year -= 1
    if not persian:
        season = (g.get("season") or "").lower().replace("fall", "autumn")
        parsed = _parse(f"{season} {year}".strip(), original)
        return (parsed, True) if parsed else None
    solar = _sh_year(published) if published else year - 621
    if g.get("month"):
        first = g.get("month0") or g["month"] or ""
        found = _two_months({"month0": first, "month": g["month"], "year": str(solar)}, original, True)
        return (found[0], True) if found else None
    season = _FA_SEASON.get(g.get("season") or "", "")
    parsed = _parse(f"{season} {solar}".strip(), original)
    return (parsed, True) if parsed else None


def _fa_year(written: str | None) -> PartialDate | None:
    """A Solar year as a Persian text writes it: "۱۳۶۷", "۶۷" or "شصت و هفت"."""
    word = written or ""
    if not word.isdigit():
        word = _year_words(word)
    if len(word) == 2:
        word = f"13{word}"
    return _parse(word, written or "") if len(word) == 4 and word.startswith("13") else None


_WEEK_ORDINALS = {"اول": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "آخر": 5, "first": 1, "second": 2,
                  "third": 3, "fourth": 4, "last": 5}  # fmt: skip


def _week_of_month(
    f: _Found, norm: str, timeline: _Timeline, persian: bool
) -> tuple[PartialDate, bool] | None:
    """ "هفته دوم آبان ماه", "the second week of August 1988": days 8-14 of that month (the last week its last
    seven days)."""
    month = _absolute(replace(f, kind="my" if f.groups.get("year") else "m"), norm, timeline, persian)
    n = _WEEK_ORDINALS.get((f.groups.get("week") or "").lower())
    if month is None or n is None or month[0].precision != "month":
        return None
    whole, supplied = month
    if n == 5:
        start = whole.end - datetime.timedelta(days=6)
    else:
        start = whole.start + datetime.timedelta(days=7 * (n - 1))
    end = start + datetime.timedelta(days=6)
    return PartialDate(norm[f.start : f.end], whole.calendar, "range", start, end), supplied


def _year_third(year: int, part: str, original: str) -> PartialDate:
    """ "early 1984", "the end of 1365", "اواخر سال ۶۴": the first, middle or last third of a year (a Solar
    year below 1500: its months, as Gregorian days)."""
    first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    if year < 1500:
        since = jdatetime.date(year, first_month, 1).togregorian()
        after = (
            jdatetime.date(year + 1, 1, 1) if last_month == 12 else jdatetime.date(year, last_month + 1, 1)
        )
        upto = after.togregorian() - datetime.timedelta(days=1)
        return PartialDate(original, "solar_hijri", "range", since, upto)
    upto = _add_months(datetime.date(year, last_month, 1), 1) - datetime.timedelta(days=1)
    return PartialDate(original, "gregorian", "range", datetime.date(year, first_month, 1), upto)


def _report_year(published: datetime.date | None, month: int, day: int) -> int | None:
    """The year of a day and month told in a report of the proceedings: the one nearest its publication
    (the hearing that ended last May, the verdict set for July)."""
    if published is None or published.year < 2000:
        return None
    try:
        days = {
            y: abs((datetime.date(y, month, day) - published).days)
            for y in range(published.year - 1, published.year + 2)
        }
    except ValueError:
        return None
    return min(days, key=lambda y: days[y])


def _year_words(words: str | None) -> str:
    """ "شصت و هفت" -> "67": a two-digit Solar year written in words."""
    spaced = re.sub(r"\s*و\s*", " و ", words or "")
    if " و " not in spaced:
        spaced = re.sub(r"\s+", " و ", spaced.strip())
    return str(parse_number_words(spaced, persian=True) or "")


def _first_months(g: dict[str, str | None], original: str, persian: bool) -> tuple[PartialDate, bool] | None:
    """ "the first six months of 1988", "شش ماه اول سال ۶۷": from the year's first day to the n-th month's
    last."""
    word = (g.get("n") or "").lower()
    n = int(word) if word.isdigit() else (_NUM_FA.get(word) or _NUM_EN.get(word) or 0)
    if persian and word == "یازده":
        n = 11
    year = g.get("year") or ""
    year = f"13{year}" if len(year) == 2 else year
    if not 2 <= n <= 11 or not year:
        return None
    solar = int(year) < 1500
    names = _S_MONTHS if solar else _G_MONTHS
    left, right = _parse(f"{names[0]} {year}", original), _parse(f"{names[n - 1]} {year}", original)
    if left is None or right is None:
        return None
    return PartialDate(original, left.calendar, "range", left.start, right.end), False


def _two_months(g: dict[str, str | None], original: str, persian: bool) -> tuple[PartialDate, bool] | None:
    """ "مرداد و شهریور سال ۱۳۶۷", "July and August 1988": from the first month to the end of the second."""
    first_word, second_word = g.get("month0") or "", g.get("month") or ""
    if persian:
        first, second, names = _FA_MONTHS.get(first_word), _FA_MONTHS.get(second_word), _S_MONTHS
        year = g.get("year") or (f"13{_year_words(g.get('yw'))}" if g.get("yw") else "")
        if len(year) == 2:
            year = f"13{year}"
    else:
        (first, calendar), second = _month_number(first_word), _month_number(second_word)[0]
        names = _G_MONTHS if calendar == "gregorian" else _S_MONTHS
        year = g.get("year") or ""
    if first is None or second is None or second < first:
        return None
    left, right = (
        _parse(f"{names[first - 1]} {year}", original),
        _parse(f"{names[second - 1]} {year}", original),
    )
    if left is None or right is None:
        return None
    return PartialDate(original, left.calendar, "range", left.start, right.end), False


_EN_PARTS = {
    "beginning": "early", "start": "early", "middle": "mid", "end": "late", "first days": "early",
    "first weeks": "early", "last days": "late", "last weeks": "late", "final days": "late",
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "دوشنبه": 0, "سه‌شنبه": 1, "سه شنبه": 1, "سهشنبه": 1, "چهارشنبه": 2, "چهار‌شنبه": 2, "پنجشنبه": 3,
    "پنج‌شنبه": 3, "پنج شنبه": 3, "جمعه": 4, "شنبه": 5, "یکشنبه": 6, "یک‌شنبه": 6,
}  # fmt: skip


def _weekday_date(
    g: dict[str, str | None], original: str, timeline: _Timeline
) -> tuple[PartialDate, bool] | None:
    """ "Tuesday, November 16": the year nearest the latest year the text names (a report of a trial in
    2021 names 2019 and 1988) in which that day falls on that weekday."""
    month, _ = _month_number(g.get("month") or "")
    day, weekday = int(g.get("day") or 0), _WEEKDAYS[(g.get("weekday") or "").lower()]
    if g.get("year"):  # a year written is read as written
        parsed = _parse(f"{day} {_G_MONTHS[month - 1]} {g['year']}", original)
        return (parsed, False) if parsed else None
    if timeline.published is not None:
        # a report's own day: the last one on that weekday up to a week after its publication, within the year
        # before it; a weekday that fits neither year is the page's slip, not a day years back ("Not two weeks
        # ago on Saturday, July 19" under a dateline of 2021): the day in the publication's year
        latest = timeline.published + datetime.timedelta(days=7)
        for year in range(latest.year, latest.year - 2, -1):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                return None
            if candidate.weekday() == weekday and candidate <= latest:
                return PartialDate(original, "gregorian", "day", candidate, candidate), True
        slip = datetime.date(timeline.published.year, month, day)
        return PartialDate(original, "gregorian", "day", slip, slip), True
    if timeline.era is not None:
        if _month_number(g.get("month") or "")[1] == "solar_hijri":
            return _era_day(timeline.era, weekday, original, day, solar_month=month)
        return _era_day(timeline.era, weekday, original, day, gregorian_month=month)
    around = timeline.max_year or timeline.doc_year
    if not around:
        return None
    for distance in range(0, 12):
        for year in (around + distance, around - distance):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                return None
            if candidate.weekday() == weekday:
                return PartialDate(original, "gregorian", "day", candidate, candidate), True
    return None


# a sentence about the trial or hearing reported on: its weekday is one of the report's own week
_EDGE_PART = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}
_MASSACRE_NAMED = re.compile(
    r"\bmassacre\b|\bmass[- ]executions\b|قتل[\u200c ]?عام|کشتار(?![\w\u200c])", re.I
)
# the summer of 1367 (1988), the massacre's time: the year in force once the text names it
_MASSACRE_SUMMER = PartialDate(
    "1988-07-23", "gregorian", "day", datetime.date(1988, 7, 23), datetime.date(1988, 7, 23)
)
# Proceedings many reports of the genre are about (the Noury trial), their later stages (its appeal) and the
# days of their rulings, with the phrases that name each, are public history: data/proceedings.toml
# (_proceedings), as the named events of data/anchors.toml.


def _era_for(timeline: _Timeline, sentence: str) -> datetime.date | None:
    """The day the proceedings a report is about opened, or their appeal when the sentence names it."""
    proceeding = _proceeding_of(timeline.era)
    for cue, day in proceeding.stages if proceeding is not None else ():
        if cue.search(sentence):
            return day
    return timeline.era


def _ruling_day(timeline: _Timeline, sentence: str, weekday: int | None) -> datetime.date | None:
    """ "was sentenced Thursday", "Today, the Court of Appeal upheld the verdict": the day of a known ruling
    of the proceedings the report is about, told in the sentence (on the weekday written, if one is)."""
    proceeding = _proceeding_of(timeline.era)
    for pattern, day in proceeding.rulings if proceeding is not None else ():
        if pattern.search(sentence):
            return day if weekday is None or day.weekday() == weekday else None
    return None


_PROCEEDINGS = re.compile(
    r"\b(?:courts?|trials?|sessions?|hearings?|testif(?:y|ied|ies)|tribunal|plaintiff|verdict|appeal|inaugurat\w*|"
    r"elected|election|vote)\b|دادگاه|جلس(?:ه|ۀ|ات)|استماع|محاکمه|شهادت",
    re.IGNORECASE,
)


def _story_day(f: _Found, norm: str, timeline: _Timeline, persian: bool) -> tuple[PartialDate, bool] | None:
    """ "صبح روز شنبه هشتم مرداد" in a memoir of 1367: the day in the story's year, when it falls on the
    weekday written and the sentence is not about the hearing reported on."""
    if _PROCEEDINGS.search(_sentence_of(norm, f)):
        return None
    plain = _absolute(replace(f, kind="dmy"), norm, timeline, persian)
    weekday = _WEEKDAYS.get((f.groups.get("weekday") or "").lower())
    if plain is None or plain[0].precision != "day" or plain[0].start.weekday() != weekday:
        return None
    if plain[0].start.year > timeline.story_year + 1:
        return None  # a day of the writer's time: the report's own week decides (below)
    return plain


def _story_time_hearing(f: _Found, norm: str, timeline: _Timeline) -> bool:
    """A weekday in a sentence about the hearing reported on, when the last day told is one of the story's
    own time (1988 and before): it is a day of the report's week, which that day does not give."""
    anchor = timeline.anchor
    return (
        timeline.published is None
        and anchor is not None
        and anchor.start.year <= timeline.story_year + 1
        and _PROCEEDINGS.search(_sentence_of(norm, f)) is not None
    )


# the hearings of a trial of our time: numbered witnesses, trial days, "جلسات استماع شهود"
_WITNESS_HEARING = re.compile(
    r"\bwitness(?:es)?\s+\d|\b(?:next\s+)?trial\s+day\b|\bhearings\b|استماع|شهود\s+\d|شاهد\s+\d",
    re.IGNORECASE,
)


def _report_time(timeline: _Timeline, sentence: str) -> bool:
    """Whether a day of the proceedings is told in the report's own time, not the story's (1988 and before):
    the first date of a report, one after a date of this century, or one in a sentence naming them."""
    latest = timeline.latest
    named = any(p.named.search(sentence) for p in _proceedings())
    # "hearings with witnesses 12 and 13 held on 20 and 21 January", "the next trial day": the proceedings'
    # own days, whatever year of the story was told before
    hearing = _WITNESS_HEARING.search(sentence) is not None
    return latest is None or latest.start.year >= 2000 or named or hearing


def _sentence_of(norm: str, f: _Found) -> str:
    left = max(norm.rfind(c, 0, f.start) for c in ".!?؟\n") + 1
    ends = [i for i in (norm.find(c, f.end) for c in ".!?؟\n") if i >= 0]
    return norm[left : min(ends) if ends else len(norm)]


def _weekday_solar(
    g: dict[str, str | None], original: str, timeline: _Timeline
) -> tuple[PartialDate, bool] | None:
    """ "چهارشنبه ۳۱ شهریور" in a report: the Solar year, up to the publication (or the latest year the
    text names, from 2000 on: a report of a trial), in which that day falls on that weekday; None (read
    as a plain day of the story) without either."""
    month_word = g.get("month") or ""
    month = _S_MONTHS_FA.get(month_word)
    day_word = g.get("dayw")
    day = int(g.get("day") or 0) or (_FA_DAY_WORDS[day_word] if day_word else 0)
    weekday = _WEEKDAYS[g.get("weekday") or ""]
    gregorian = _FA_G_MONTHS.get(month_word)
    if timeline.published is None and timeline.era is not None and day and (month or gregorian):
        # a report of named proceedings: the first such day on that weekday once they opened
        return _era_day(timeline.era, weekday, original, day, gregorian_month=gregorian, solar_month=month)
    around = timeline.published.year if timeline.published else timeline.max_year
    if (around is None or around < 2000) and timeline.anniversary:
        around = timeline.anniversary  # "the 29th anniversary … Sunday 17 September": the writer's year
    if around is None or around < 2000:
        return None
    latest = timeline.published + datetime.timedelta(days=7) if timeline.published else None
    if gregorian is not None and day:
        # "پنجشنبه ۱۴ ژوییه": a Gregorian month in Persian, in the latest year it falls on that weekday
        for year in range(around, around - 13, -1):
            try:
                candidate = datetime.date(year, gregorian, day)
            except ValueError:
                return None
            if candidate.weekday() == weekday and (latest is None or candidate <= latest):
                return PartialDate(original, "gregorian", "day", candidate, candidate), True
        return None
    if month is None or not day:
        return None
    for solar in range(around - 621, around - 634, -1):
        try:
            candidate = jdatetime.date(solar, month, day).togregorian()
        except ValueError:
            return None
        if candidate.weekday() == weekday and (latest is None or candidate <= latest):
            return PartialDate(original, "gregorian", "day", candidate, candidate), True
    return None


def _era_day(
    era: datetime.date,
    weekday: int | None,
    original: str,
    day: int,
    gregorian_month: int | None = None,
    solar_month: int | None = None,
) -> tuple[PartialDate, bool] | None:
    """The first day (on `weekday` when one is written) of a Gregorian or Solar month on or after `era`,
    within four years."""
    for step in range(5):
        try:
            if gregorian_month is not None:
                candidate = datetime.date(era.year + step, gregorian_month, day)
            elif solar_month is not None:
                candidate = jdatetime.date(_sh_year(era) + step, solar_month, day).togregorian()
            else:
                return None
        except ValueError:
            continue  # 29 February, 30 Esfand: not every year
        if candidate >= era and (weekday is None or candidate.weekday() == weekday):
            return PartialDate(original, "gregorian", "day", candidate, candidate), True
    return None


_S_MONTHS_FA = {
    w: i
    for i, words in enumerate(
        ("فروردین", "اردیبهشت", "خرداد", "تیر", "امرداد مرداد", "شهریور", "مهر", "آبان ابان", "آذر", "دی",
         "بهمن", "اسفند"),
        start=1,
    )
    for w in words.split()
}  # fmt: skip


def _weekday(
    word: str, original: str, anchor: PartialDate | None, forward: bool = False
) -> tuple[PartialDate, bool] | None:
    """ "On Wednesday": the last such weekday on or before the day told (a news article's dateline); with
    `forward`, the first on or after it (a day of the story told before)."""
    if anchor is None or anchor.precision != "day":
        return None
    if forward:
        ahead = (_WEEKDAYS[word.lower()] - anchor.start.weekday()) % 7
        day = anchor.start + datetime.timedelta(days=ahead)
        return PartialDate(original, "gregorian", "day", day, day), True
    back = (anchor.start.weekday() - _WEEKDAYS[word.lower()]) % 7
    day = anchor.start - datetime.timedelta(days=back)
    return PartialDate(original, "gregorian", "day", day, day), True


def _shift(anchor: PartialDate, original: str, days: tuple[int, int], approximate: bool) -> PartialDate:
    start = anchor.start + datetime.timedelta(days=days[0])
    end = anchor.end + datetime.timedelta(days=days[1])
    precision: Precision = "day" if anchor.precision == "day" and days[0] == days[1] else "range"
    return PartialDate(original, "gregorian", precision, start, end, approximate)


def _add_months(day: datetime.date, n: int) -> datetime.date:
    month = day.month - 1 + n
    year = day.year + month // 12
    month = month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def _relative(g: dict[str, str | None], original: str, anchor: PartialDate) -> PartialDate | None:
    fixed = g.get("fixed")
    if fixed in ("امروز", "این روز") and anchor.precision != "day":
        return None  # "today" after a decade or a year is the writer's day, which the text does not give
    if fixed:
        sign = {"دیروز": -1, "پریروز": -2, "امروز": 0, "این روز": 0}.get(
            fixed, -1 if "قبل" in fixed else 0 if "همان" in fixed or _THOSE_DAYS.search(fixed) else 1
        )
        return _shift(anchor, original, (sign, sign), False)
    unit = (g.get("unit") or "").lower()
    unit = {"روز": "day", "هفته": "week", "ماه": "month", "سال": "year"}.get(unit, unit.rstrip("s"))
    which = (g.get("which") or "").lower()
    which = {"اخیر": "گذشته"}.get(which, which)
    direction = (g.get("dir") or "").lower()
    if g.get("weekday"):  # "جمعه گذشته": the last such weekday strictly before the day told
        if anchor.precision != "day":
            return None
        back = (anchor.start.weekday() - _WEEKDAYS[(g.get("weekday") or "").lower()]) % 7 or 7
        day = anchor.start - datetime.timedelta(days=back)
        return PartialDate(original, "gregorian", "day", day, day)
    sign = (
        -1
        if which in ("previous", "preceding", "last", "قبل", "گذشته")
        or direction in ("before", "earlier", "before that", "before this", "ago", "قبل", "پیش", "زودتر")
        else 1
    )
    counted = bool(g.get("n") or g.get("nw"))
    if which or (direction in ("after", "before") and not counted):  # "the next day", "the day after"
        n_low = n_high = 1
        if "same" in original.lower():
            n_low = n_high = 0
    elif g.get("same") and unit == "week":
        if anchor.precision != "day":
            return None
        saturday = anchor.start - datetime.timedelta(days=(anchor.start.weekday() - 5) % 7)
        return PartialDate(original, "gregorian", "range", saturday, saturday + datetime.timedelta(days=6))
    elif "same" in original.lower() or g.get("same"):
        return _shift(anchor, original, (0, 0), False)
    else:
        word = (g.get("n") or g.get("nw") or "").lower()
        if g.get("nw") and not word.isdigit():
            parsed_words = parse_number_words(word.replace("-", " "))  # "twenty-one years ago"
            word = str(parsed_words) if parsed_words is not None else str(_NUM_EN.get(word, ""))
        if word in _VAGUE or word == "چند":
            n_low, n_high = _VAGUE.get(word, (2, 5))
        else:
            n_low = n_high = (
                int(word)
                if word.isdigit()
                else _NUM_EN.get(word, _NUM_FA.get(word, 0)) or parse_number_words(word, persian=True) or 0
            )
        if not n_high:
            return None
        if unit == "decade":
            unit, n_low, n_high = "year", 10 * n_low, 10 * n_high
    approximate = n_low != n_high
    if unit in ("day", "morning", "evening", "night", "afternoon"):
        return _shift(
            anchor,
            original,
            (sign * n_low, sign * n_high) if sign > 0 else (sign * n_high, sign * n_low),
            approximate,
        )
    if unit == "week":
        if which in ("گذشته", "آینده") and anchor.precision != "day":
            return None  # the week before the writer's day, which a decade or a year does not give
        if which == "last":
            if anchor.precision != "day":
                return None
            # an English week runs Monday to Sunday: the one before the day told
            monday = anchor.start - datetime.timedelta(days=anchor.start.weekday() + 7)
            return PartialDate(original, "gregorian", "range", monday, monday + datetime.timedelta(days=6))
        if which in ("گذشته", "آینده") or (
            which and _PERSIAN_LETTER.search(original) and anchor.precision == "day"
        ):
            # a Persian week runs Saturday to Friday: the one before (after) the day told
            saturday = anchor.start - datetime.timedelta(days=(anchor.start.weekday() - 5) % 7)
            start = saturday + datetime.timedelta(days=7 * sign)
            return PartialDate(original, "gregorian", "range", start, start + datetime.timedelta(days=6))
        if which:
            return _shift(anchor, original, (1, 7) if sign > 0 else (-7, -1), False)
        return _shift(
            anchor,
            original,
            (sign * 7 * n_low, sign * 7 * n_high) if sign > 0 else (sign * 7 * n_high, sign * 7 * n_low),
            approximate,
        )
    solar = _PERSIAN_LETTER.search(original) is not None and not g.get("gregorian")
    if which and solar and unit in ("month", "year"):
        return _next_solar(anchor, original, unit, sign)
    if unit == "month":
        if which:
            first = _add_months(anchor.start.replace(day=1), sign)
            return _parse(f"{_G_MONTHS[first.month - 1]} {first.year}", original)
        start = _add_months(anchor.start, sign * n_low) - datetime.timedelta(days=7)
        end = _add_months(anchor.end, sign * n_high) + datetime.timedelta(days=7)
        return PartialDate(original, "gregorian", "range", min(start, end), max(start, end), True)
    if unit == "year":
        year = anchor.start.year + sign * (n_low if sign > 0 else n_high)
        last = anchor.start.year + sign * (n_high if sign > 0 else n_low)
        return PartialDate(
            original,
            "gregorian",
            "year" if year == last else "range",
            datetime.date(min(year, last), 1, 1),
            datetime.date(max(year, last), 12, 31),
            approximate,
        )
    return None


# "ماه گذشته (میلادی)", "سال گذشته میلادی": the unit counted in the Gregorian calendar
# "last week", "هفته گذشته": counted from the writer's day (the past words), as is "the coming week" (آینده)
_WRITERS_PAST = ("گذشته", "اخیر", "last", "Last")
_WRITERS_NOW = (*_WRITERS_PAST, "آینده")
_GREGORIAN_AFTER = re.compile(r"\s*[(（]?\s*میلادی(?![\w\u200c])")
_THOSE_DAYS = re.compile(r"those|^آن\s+(?:روزها|ایام)$", _I)
_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")


def _next_solar(anchor: PartialDate, original: str, unit: str, sign: int) -> PartialDate | None:
    """ "ماه بعد", "سال قبل" in Persian prose: the next (previous) Solar Hijri month or year."""
    day = jdatetime.date.fromgregorian(date=anchor.start)
    if unit == "year":
        return _parse(str(day.year + sign), original)
    month = day.month + sign
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return _parse(f"{_S_MONTHS[month - 1]} {year}", original)


def _named(g: dict[str, str | None], original: str) -> PartialDate | None:
    """A date told by a named event: "after the ceasefire" is the month after 20 July 1988, "before" the
    month before, "at the time of" the day itself (approximate unless it is the day)."""
    key = next((k[2:] for k, v in g.items() if k.startswith("a_") and v), None)
    if key is None:
        return None
    spec = _anchors()[key]
    day = datetime.date.fromisoformat(str(spec["date"]))
    # an event of several days ("the end of the war") has an `end`
    last = datetime.date.fromisoformat(str(spec.get("end", spec["date"])))
    prep = (g.get("prep") or "").lower()
    after = ("after", "since", "following", "shortly after", "پس از", "بعد از", "از زمان")
    before = ("before", "until", "till", "قبل از", "پیش از", "تا")
    if last != day and prep in (*after, *before):
        return None  # "after the end of the war": a period has no edge to count a month from (not annotated)
    if prep in after:
        start, end = last + datetime.timedelta(days=1), last + datetime.timedelta(days=30)
    elif prep in before:
        start, end = day - datetime.timedelta(days=30), day - datetime.timedelta(days=1)
    elif last != day:
        return PartialDate(original, "gregorian", "range", day, last, prep == "around")
    else:
        return PartialDate(original, "gregorian", "day", day, day, prep == "around")
    return PartialDate(original, "gregorian", "range", start, end, True)


def _count_alone(f: _Found) -> _Found:
    """ "from Iraq twenty-one years ago": the two words read before "years ago" may be a word and a number;
    the count is the number alone."""
    words = (f.groups.get("nw") or "").split()
    if len(words) != 2 or " ".join(words).lower() in _VAGUE:
        return f
    first, second = (w.lower() for w in words)

    def number(w: str) -> bool:
        return w in _NUM_EN or w.isdigit() or parse_number_words(w.replace("-", " ")) is not None

    if number(first) or not number(second):
        return f
    start = f.start + (f.groups.get("nw") or "").index(words[1])
    return replace(f, start=start, groups={**f.groups, "nw": words[1]})


def _two_years(f: _Found, norm: str) -> list[_Found]:
    """ "سال‌های ۱۳۶۰ و ۶۷": two years apart joined by "و" are two dates, not the range between them (the
    years between are not meant); consecutive ones ("۱۳۶۷ و ۱۳۶۸") stay one range."""
    if f.kind != "years_fa" or f.groups.get("join") != "و":
        return [f]
    ya, yb = f.groups.get("ya") or "", f.groups.get("yb") or ""
    left, right = _fa_year(ya), _fa_year(yb)
    if left is None or right is None or not ya.isdigit() or not yb.isdigit():
        return [f]
    if abs(_sh_year(right.start) - _sh_year(left.start)) <= 1:
        return [f]
    first_end = norm.index(ya, f.start) + len(ya)
    return [
        _Found(f.start, first_end, "year", {"year": ya}),
        _Found(f.end - len(yb), f.end, "year", {"year": yb}),
    ]


def find_dates(doc: Document, context: Context, taken: bytearray) -> list[Mention]:
    """Every date mention, in text order, resolved against the story told so far."""
    norm = doc.norm
    persian = doc.language == "fa"
    patterns = _FA_PATTERNS if persian else _EN_PATTERNS
    absolute = _collect(norm, [*patterns, ("anchor", _anchor_pattern(persian))])
    relative = _collect(norm, [("rel", p) for p in (_REL_FA if persian else _REL_EN)])
    rel_mask = bytearray(len(norm) + 1)
    for r in relative:
        rel_mask[r.start : r.end] = b"\x01" * (r.end - r.start)
    absolute = [f for f in absolute if not any(rel_mask[f.start : f.end])]
    absolute = [part for f in absolute for part in _two_years(f, norm)]
    relative = [_count_alone(f) for f in relative]
    years = Counter(
        int(f.groups["year"] or 0)
        for f in absolute
        if f.groups.get("year") and len(f.groups["year"] or "") == 4
    )
    gregorian_years = Counter({(y if y >= 1500 else y + 621): c for y, c in years.items()})
    doc_year = max(gregorian_years, key=lambda y: (gregorian_years[y], y)) if gregorian_years else None
    timeline = _Timeline(context, doc_year)
    timeline.max_year = max(gregorian_years) if gregorian_years else None
    timeline.era = next((p.opened for p in _proceedings() if p.named.search(norm)), None)
    timeline.anniversary = _anniversary_year(norm)
    found = sorted(absolute + relative, key=lambda f: f.start)
    mentions: list[Mention] = []
    waiting: list[_Found] = []  # weekdays told before any day: the first later day on that weekday
    last_end = 0  # where the last date told ends
    free_from: dict[tuple[int, int], int] = {}  # where the act word of a date counted from an act starts
    for i, f in enumerate(found):
        if any(taken[f.start : f.end]) or not _plausible(f, norm, persian):
            continue
        if _TOPIC_LINE.search(norm, norm.rfind("\n", 0, f.start) + 1, f.start):
            continue  # "موضوع: قتل عام ۶۷": a page's topic line is furniture, no mention (docs/annotation.md)
        original = doc.text[f.start : f.end]
        # "arrested in 1360 … one of the witnesses of the massacre … early in Mordad": naming the massacre
        # moves the story to its year, for the months told after it without one
        moved = timeline.latest is not None and timeline.latest.start.year != 1988
        if moved and _MASSACRE_NAMED.search(norm, last_end, f.start):
            timeline.latest = _MASSACRE_SUMMER
        if f.kind == "rel":
            if _DURATION.search(norm[max(0, f.start - 12) : f.start]):
                continue
            if f.groups.get("which") in ("گذشته", "اخیر") and _COUNTED_BEFORE.search(norm, 0, f.start):
                continue  # "در ۴۰ سال گذشته": the past forty years, a duration, not last year
            if f.groups.get("fixed") in ("امروز", "today") and _DAY_AFTER_TODAY.match(norm, f.end):
                continue
            following = found[i + 1] if i + 1 < len(found) else None
            if (
                following is not None
                and following.kind != "rel"
                and (
                    _TOLD_AGAIN.fullmatch(norm, f.end, following.start)
                    or (
                        (f.groups.get("dir") or "").lower() in ("ago", "پیش", "قبل")
                        and _BRACKET_OPEN.fullmatch(norm, f.end, following.start)
                    )
                )
            ):
                continue  # "Two years later, in 1984": the date that follows tells it; one mention, not two
            if (
                following is not None
                and following.kind != "rel"
                and f.groups.get("fixed")
                and _THOSE_DAYS.search(f.groups.get("fixed") or "")
                and _APPOSED_COMMA.fullmatch(norm, f.end, following.start)
            ):
                continue  # "در آن روزها، دهه ۶۰ و تابستان ۶۷": the dates that follow name those days
            if _unsaid(f, norm):
                continue
            # "the 1988 massacre … three decades later": years counted from the event's year, the one told
            from_event = (
                timeline.anchor is None
                and timeline.named is not None
                and (f.groups.get("unit") or "").lower().startswith(("year", "decade"))
                and ((f.groups.get("dir") or "").lower() == "later" or bool(f.groups.get("lead")))
            )
            if timeline.anchor is None and not from_event:
                told = _apposed(f, found[i + 1 :], norm, timeline, persian)
                if told is not None:
                    mentions.append(_year_mention(f, original, told))
                continue
            # "three years after his arrest" counts from the date last told, however coarse
            base = timeline.latest if f.groups.get("since") and timeline.latest else timeline.anchor
            counted_years = (f.groups.get("unit") or "").lower().startswith(("year", "decade"))
            later = (f.groups.get("dir") or "").lower() == "later" or bool(f.groups.get("lead"))
            event = timeline.named is not None and timeline.named is not timeline.latest
            if counted_years and later and event and timeline.published is not None:
                # "the 1988 massacre. Three decades later" under a dateline: from the event named last (a
                # label, "the 1988 massacre", which does not move the story), not from the dateline's day
                base = timeline.named or base
            base = base or timeline.named
            if base is None:
                continue
            if (
                (f.groups.get("unit") or "").lower() in ("year", "سال")
                and (f.groups.get("which") or "").lower()
                in ("next", "following", "previous", "preceding", "بعد", "قبل")
                and timeline.latest is not None
            ):
                base = (
                    timeline.latest
                )  # "began in 1988 and continued into the following year": from the year told
            if f.groups.get("which") in _WRITERS_NOW and base.precision != "day" and timeline.last_day:
                base = timeline.last_day  # "هفته گذشته": from the last day told (a post's dateline)
            if (f.groups.get("which") or "").lower() == "last" and timeline.published is None:
                continue  # "last week" in English counts from the writer's day: none known, no date
            if (
                f.groups.get("which") in _WRITERS_PAST
                and f.groups.get("unit") in ("هفته", "week", "month")
                and timeline.published
            ):
                # "last week" in a dated post: the week before the post's day, not before a day it tells
                day = timeline.published
                base = PartialDate(day.isoformat(), "gregorian", "day", day, day)
            if (
                (f.groups.get("fixed") or "").lower() in ("امروز", "today")
                and timeline.published
                and (base.precision != "day" or base.start.year > timeline.story_year + 1)
                and (_PROCEEDINGS.search(sentence := _sentence_of(norm, f)) or _CASE_WORDS.search(sentence))
            ):
                # "امروز" in a dated report of a hearing, after the story's summer or another day of the
                # report's week: the report's own day
                day = timeline.published
                base = PartialDate(day.isoformat(), "gregorian", "day", day, day)
            ago = (f.groups.get("dir") or "").lower() in ("ago", "پیش")
            if ago and context.reference is None and base.start.year <= context.default_year + 1:
                continue  # "ago" counts back from the writer's time, never from a day of the story itself
            groups = f.groups
            if persian and _GREGORIAN_AFTER.match(norm, f.end):
                groups = {**groups, "gregorian": "1"}  # "ماه گذشته (میلادی)": the Gregorian month before
            parsed = _relative(groups, original, base)
            counted_on = (f.groups.get("n") or f.groups.get("nw")) and not f.groups.get("since")
            # the text's own time: its publication day when known ("three decades later" from a 1988 told
            # in an undated text is still dated)
            now = (context.reference or timeline.published or datetime.date(9999, 1, 1)).year
            if counted_on and parsed is not None and parsed.start.year > now:
                continue  # "Nearly 40 years later" counted from the dateline: past the text's own time
            solar = persian and parsed is not None and parsed.calendar == "gregorian"
            if solar and parsed is not None and parsed.precision == "year":
                parsed = _solar_year_of(parsed)  # "۳۰ سال پیش" in Persian counts Solar years: 1367, not 1988
            supplied, relative_to = False, base
            confidence = 0.7
        else:
            result = _absolute(f, norm, timeline, persian)
            if result is None:
                unanchored = timeline.anchor is None or timeline.anchor.precision != "day"
                if f.kind == "weekday" and (unanchored or _story_time_hearing(f, norm, timeline)):
                    waiting.append(f)
                continue
            parsed, supplied = result
            parsed = replace(parsed, original=original)
            relative_to = None
            confidence = 0.6 if supplied or f.kind in ("year", "year2", "that", "m") else 0.9
        if parsed is None:
            continue
        if _APPROX.search(norm[max(0, f.start - 16) : f.start]):
            parsed = replace(parsed, approximate=True)
        detail: dict[str, object] = {
            "original": original,
            "calendar": parsed.calendar,
            "precision": parsed.precision,
        }
        if parsed.approximate:
            detail["approximate"] = True
        if supplied:
            detail["year_from_context"] = True
        if relative_to is not None:
            detail["relative_to"] = relative_to.interval
        mentions.append(
            Mention("date", f.start, f.end, original, parsed.interval, None, confidence, detail, parsed)
        )
        if f.groups.get("since"):
            free_from[(f.start, f.end)] = f.end - len(f.groups["since"] or "")
        last_end = f.end
        label = (
            _LABEL_AFTER.match(norm, f.end)
            or _ONWARD_AFTER.match(norm, f.end)
            or (f.kind == "year" and _SINCE_BEFORE.search(norm, max(0, f.start - 30), f.start))
        )
        timeline.named = parsed
        if _is_dateline(f, parsed, supplied, mentions, context, timeline):
            # "Durres, November 11, 2021 — On Friday …": a report's dateline is its day of publication
            timeline.published = parsed.start
        writers_now = f.kind == "rel" and f.groups.get("which") in _WRITERS_NOW
        # "That week … The next day": the week around the day told does not move the story from that day
        around = f.kind == "rel" and bool(f.groups.get("same")) and f.groups.get("unit") == "week"
        if not label and not writers_now and not around:
            # "the 1988 massacre", "20 years since 1988" name an event: the story's time does not move, nor
            # does "last week" told from the writer's day
            timeline.told(parsed)
    mentions = _day_ranges(_join_ranges(_weekdays_ahead(waiting, mentions, doc), doc), doc, taken)
    for m in mentions:
        # "three years after his arrest": the act word is a mention of its own, nested (docs/annotation.md)
        end = free_from.get((m.start, m.end), m.end)
        taken[m.start : end] = b"\x01" * (end - m.start)
    return mentions


# "a few days later", "چند روز بعد": an offset not told exactly is not dated (docs/annotation.md)
_HEDGED_BEFORE = re.compile(
    r"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+or\s+"
    r"|(?<![\w\u200c])(?:یکی|یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|\d{1,2})\s+(?:یا\s+)?)$",
    re.IGNORECASE,
)
_HEDGED_AFTER = re.compile(
    r"\s+or\s+(?:(?:soon|shortly|some\s+time|sometime)\s+)?(?:thereafter|afterwards?|later|after)\b|"
    r"\s+یا\s+(?:کمی\s+|اندکی\s+)?(?:بعد|پس\s+از\s+آن)(?![\w\u200c])",
    re.IGNORECASE,
)
_MORE_THAN_BEFORE = re.compile(r"(?:\bmore\s+than|\bover|بیش\s+از|بیشتر\s+از)\s*$", re.IGNORECASE)
# "today, nearly thirty years later": the "today" is the date, the offset is not a second one
_TODAY_BEFORE = re.compile(r"(?:\btoday\b|(?<![\w\u200c])امروز(?![\w\u200c]))[^.!?؟\n]{0,20}$", re.IGNORECASE)


_DAY_AFTER_TODAY = re.compile(rf"\s*[,،]?\s*(?:{_FA_WEEKDAY_ANY}\s*[,،]?\s*)?\d")


def _unsaid(f: _Found, norm: str) -> bool:
    """A relative phrase that names no date: a vague or hedged offset, or an offset beside a "today"."""
    word = (f.groups.get("n") or f.groups.get("nw") or "").lower()
    if word in _VAGUE or word == "چند" or "few" in word.split():
        return True
    before = norm[max(0, f.start - 30) : f.start]
    if (f.groups.get("n") or f.groups.get("nw")) and _HEDGED_BEFORE.search(before):
        return True
    if (f.groups.get("n") or f.groups.get("nw")) and _MORE_THAN_BEFORE.search(before):
        return True  # "more than 30 years ago", "بیش از ۳۰ سال قبل": no bound on one side, no date told
    if _HEDGED_AFTER.match(norm, f.end):
        return True  # "the same day or soon thereafter": hedged, no day told
    if f.groups.get("fixed") == "امروز" and _UP_TO_BEFORE.search(before):
        return True  # "تا امروز", "تا به امروز": up to now, a span to the writer's time, no day told
    later = (f.groups.get("dir") or "").lower() in ("later", "afterwards", "afterward", "بعد", "بعدتر")
    return later and _TODAY_BEFORE.search(before) is not None


_CASE_WORDS = re.compile(r"پرونده|دادستان|شاکی|وکیل|متهم|prosecutor|defendant|lawyer", re.IGNORECASE)
_UP_TO_BEFORE = re.compile(r"(?<![\w\u200c])تا\s+(?:به\s+)?$")
_DATELINE_WITHIN = 200  # characters from the top of the text


def _is_dateline(
    f: _Found,
    parsed: PartialDate,
    supplied: bool,
    mentions: list[Mention],
    context: Context,
    timeline: _Timeline,
) -> bool:
    """The first day of a text, written with a year of the writers' time near its top."""
    return (
        f.start < _DATELINE_WITHIN
        and context.reference is None
        and timeline.published is None
        and f.kind != "rel"
        and not supplied
        and parsed.precision == "day"
        and parsed.start.year > context.default_year + 1
        and not any(m.date is not None and m.date.precision == "day" for m in mentions[:-1])
    )


def _solar_year_of(date: PartialDate) -> PartialDate:
    """The Solar Hijri year holding the middle of a Gregorian year."""
    solar = _sh_year(date.start + (date.end - date.start) / 2)
    parsed = _parse(str(solar), date.original)
    return replace(parsed, original=date.original, approximate=date.approximate) if parsed else date


def _year_mention(f: _Found, original: str, told: PartialDate) -> Mention:
    """The Gregorian year of `told`, for "N years ago" told with it."""
    year = told.start.year
    date = PartialDate(original, "gregorian", "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    detail: dict[str, object] = {"original": original, "calendar": "gregorian", "precision": "year"}
    return Mention("date", f.start, f.end, original, date.interval, None, 0.6, detail, date)


def _apposed(
    f: _Found, after: list[_Found], norm: str, timeline: _Timeline, persian: bool
) -> PartialDate | None:
    """ "37 سال پیش در مرداد ۱۳۶۷", "Thirty years ago, in 1988": "ago" told with the date it stands for,
    when nothing earlier anchors it; the date right after it (same clause) gives its year."""
    if (f.groups.get("dir") or "").lower() not in ("ago", "پیش", "قبل"):
        return None
    nxt = next((a for a in after if a.kind != "rel"), None)
    if nxt is None or nxt.start - f.end > 25 or re.search(r"[.!?؟;:\n]", norm[f.end : nxt.start]):
        return None
    result = _absolute(nxt, norm, timeline, persian)
    return result[0] if result is not None and not result[1] else None


def _weekdays_ahead(waiting: list[_Found], mentions: list[Mention], doc: Document) -> list[Mention]:
    """ "During Tuesday's session …  On Tuesday, November 16": a weekday told before any day is the first
    day told after it that falls on that weekday."""
    out = list(mentions)
    for f in waiting:
        word = f.groups.get("weekday") or ""
        weekday = _WEEKDAYS.get(word.lower())
        later = next(
            (
                m
                for m in mentions
                if m.start > f.end
                and m.date is not None
                and m.date.precision == "day"
                and m.date.start.weekday() == weekday
                # a day whose year the story supplied is no ground, unless it names the weekday itself
                and (not m.detail.get("year_from_context") or word.lower() in m.text.lower())
            ),
            None,
        )
        if later is None or later.date is None:
            continue
        original = doc.text[f.start : f.end]
        day = later.date.start
        date = PartialDate(original, "gregorian", "day", day, day)
        detail = {
            "original": original,
            "calendar": "gregorian",
            "precision": "day",
            "relative_to": later.date.interval,
        }
        out.append(Mention("date", f.start, f.end, original, date.interval, None, 0.6, detail, date))
    return sorted(out, key=lambda m: m.start)


# "روز ۲۲ تیر", "تاریخ ۵ مهر", "یک خواهر: 22 تیر": a day (in digits) and an ambiguous month told as a
# date, after a date word or a colon, or ending its clause (no "تیر" of a gun follows)
_FA_DATE_CUE_BEFORE = re.compile(r"(?:(?<![\w\u200c])(?:روز|تاریخ|از|تا|در|امروز)|[:：])\s*$")
_FA_CLAUSE_END = re.compile(r"\s*(?:[.،,:؛!؟)»\n]|$)")


def _fa_day_month_alone(norm: str, start: int, end: int) -> bool:
    if not re.match(r"[0-9۰-۹٠-٩]", norm[start : start + 1]):
        return False
    return bool(
        _FA_DATE_CUE_BEFORE.search(norm[max(0, start - 8) : start]) or _FA_CLAUSE_END.match(norm, end)
    )


_HABIT_BEFORE = re.compile(
    r"\b(?:every|each|most|some|other)\s+$|\b(?:regularly|usually|often|always|normally)\s+(?:on\s+)?$|هر\s+$",
    re.IGNORECASE,
)
# "پنجشنبه شب‌ها", "جمعه‌ها": the weekday (or its nights) in the plural, a habit
_PLURAL_AFTER = re.compile(r"(?:[\s\u200c]*(?:شب|صبح|عصر|روز))?[\s\u200c]*(?:ها|های)(?![\w\u200c])")
_WEEKLY_BEFORE = re.compile(r"\b(?:every|each)\s+week\b|\bweekly\b|(?<![\w\u200c])هر\s+هفته", re.IGNORECASE)
# "یکشنبه، مرداد ۱۷، ۱۳۹۵", "Friday, 3 May": the weekday opens the date that follows it
_MONTH_AFTER_WEEKDAY = re.compile(rf"\s*,\s*(?:{_G_FULL})\b")  # not "On Friday, 30 prisoners …"
_DATE_AFTER_WEEKDAY = re.compile(
    rf"\s*[,،]\s*(?:\d{{1,2}}(?:ام)?\s*)?(?:{_FA_SH}|{_FA_G}|{_G_FULL})(?![\w\u200c])"
    # ("چهارشنبه ۱۴۰۲/۰۹/۲۹": a numeric date after it)
    r"|\s*[,،]?\s*1[34]\d\d/\d{1,2}/\d{1,2}(?!\d)"
)
# "following the revolution of 1979", "پس از انقلاب ۱۳۵۷": the year told with the event is the date
_DATE_BEFORE_WEEKDAY = re.compile(r"\d\s*[,،]\s*$")
_YEAR_TOLD_AFTER = re.compile(
    r"\s*(?:of\s+|in\s+|,\s*|\(\s*)?(?:سال\s*)?(?:1[34]\d\d|19\d\d)(?!\d)", re.IGNORECASE
)


_COUNTED_BEFORE = re.compile(
    r"(?:\d|(?<![\w\u200c])(?:دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|چند|بیست|سی|چهل|پنجاه|صد))\s*$"
)
_NAMED_AFTER_DAY = re.compile(r"(?<![\w\u200c])(?:شاخه|کنگره|خیابان|میدان|بزرگراه|بلوار)\s*$")


def _plausible(f: _Found, norm: str, persian: bool) -> bool:
    before = norm[max(0, f.start - 12) : f.start]
    if f.kind == "anchor" and _YEAR_TOLD_AFTER.match(norm, f.end):
        return False
    if f.kind == "weekday" and (_DATE_AFTER_WEEKDAY if persian else _MONTH_AFTER_WEEKDAY).match(norm, f.end):
        return False
    if f.kind == "weekday" and _DATE_BEFORE_WEEKDAY.search(before):
        return False  # "۱۶ بهمن ۱۳۹۲، چهارشنبه": the weekday of the date just told, no second mention
    if f.kind == "weekday" and (
        _HABIT_BEFORE.search(norm[max(0, f.start - 16) : f.start])
        or _WEEKLY_BEFORE.search(norm, max(0, f.start - 60), f.start)
        or _PLURAL_AFTER.match(norm, f.end)
    ):
        return (
            False  # "every Saturday", "regularly on Friday", "every week. Early Friday": a habit, not a day
        )
    if persian and f.kind in ("dmy", "m", "my") and _NAMED_AFTER_DAY.search(before):
        return False  # "شاخه ۱۶ آذر", "خیابان ۱۵ خرداد": a day naming a body or a street, no date
    if f.kind in ("year", "year2") and _NOT_YEAR_BEFORE.search(before):
        return False
    if f.kind == "year" and not before.endswith(("سال ", "year ")):
        # "1,300 prisoners" is caught by the comma rule; "1300 prisoners" by the noun after it
        after = norm[f.end : f.end + 16].lower()
        if re.match(r"\s+(?:prisoners|people|men|women|victims|lashes|inmates|persons|نفر|تن|زندانی)", after):
            return False
    if persian and f.kind in ("dmy", "pm") and (f.groups.get("month") or "") in _AMBIGUOUS_FA:
        # "تیر", "مهر", "دی" are also words: with a day alone they must be followed by a year or "ماه",
        # or be written against the day's digits ("۲۷تیر")
        glued = f.kind == "dmy" and re.match(r"\d+(?:ام)?(?:تیر|مهر|آذر|دی|بهمن|مه)", norm[f.start : f.end])
        return (
            bool(f.groups.get("year"))
            or "ماه" in norm[f.start : f.end]
            or glued is not None
            or (f.kind == "dmy" and _fa_day_month_alone(norm, f.start, f.end))
        )
    return True


def _join_ranges(mentions: list[Mention], doc: Document) -> list[Mention]:
    """ "from 1981 to 1988", "between July 19 and September 5, 1988" become one range."""
    norm = doc.norm
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        n = mentions[i + 1] if i + 1 < len(mentions) else None
        days = _weekday_pair(m, n, doc) if n is not None else None
        if days is not None and n is not None:
            out.append(days)
            i += 2
            continue
        joined = n is not None and _joinable(m, n, norm)
        if n is not None and joined and m.date and n.date:
            left, right = m.date, n.date
            right_to_left = doc.language == "fa" and norm[m.end : n.start].strip() == "-"
            if right_to_left and left.precision == right.precision == "year" and left.start > right.end:
                # "(2006-2000)" in a Persian line: years laid out right to left, the range is the same
                left, right = right, left
            if m.detail.get("year_from_context") and right.precision in ("day", "month", "range"):
                # "July 19 - September 5, 1988": the left end takes the right end's year
                year = right.start.year
                left = replace(left, start=left.start.replace(year=year), end=left.end.replace(year=year))
            if left.start <= right.end and left.calendar == right.calendar:
                text = doc.text[m.start : n.end]
                approximate = left.approximate or right.approximate
                date = PartialDate(text, left.calendar, "range", left.start, right.end, approximate)
                detail = {"original": text, "calendar": date.calendar, "precision": "range"}
                confidence = min(m.confidence, n.confidence)
                out.append(
                    Mention("date", m.start, n.end, text, date.interval, None, confidence, detail, date)
                )
                i += 2
                continue
        out.append(m)
        i += 1
    return out


# "25-27 October 2012", "۲۵ تا ۲۷ شهریور": a first day in digits before a dated day of the same month
# "18-22 June", "18th-22nd June", "7, 9, 10 and 16 December" (the days of one span, told one by one)
_FIRST_DAY_BEFORE = re.compile(
    r"(?<![\w/.,-])(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*(?:-|–|—|to|تا|الی|and|or|و|یا)\s*$"
    r"|(?<![\w/.,-])(?P<first>[12]\d|3[01]|0?[1-9])(?:\s*[،,]\s*(?:[12]\d|3[01]|0?[1-9])){1,8}\s*[،,]?\s*(?:and|و)\s*$"
)


def _day_ranges(mentions: list[Mention], doc: Document, taken: bytearray) -> list[Mention]:
    """A day told with the first day of its span before it becomes the span, from that day to it."""
    out: list[Mention] = []
    for m in mentions:
        first = _FIRST_DAY_BEFORE.search(doc.norm, max(0, m.start - 40), m.start)
        date = m.date
        if first is None or date is None or date.precision != "day" or any(taken[first.start() : m.start]):
            out.append(m)
            continue
        try:
            start = _first_day(date, int(first.group("day") or first.group("first")))
        except ValueError:
            start = None
        if start is None or start >= date.start:
            out.append(m)
            continue
        text = doc.text[first.start() : m.end]
        span = PartialDate(text, date.calendar, "range", start, date.end, date.approximate)
        detail = {**m.detail, "original": text, "precision": "range"}
        out.append(replace(m, start=first.start(), text=text, value=span.interval, detail=detail, date=span))
    return out


def _first_day(date: PartialDate, day: int) -> datetime.date:
    """The Gregorian date of day `day` of `date`'s month in its own calendar."""
    if date.calendar == "solar_hijri":
        solar = jdatetime.date.fromgregorian(date=date.start)
        return jdatetime.date(solar.year, solar.month, day).togregorian()
    return date.start.replace(day=day)


def _weekday_pair(m: Mention, n: Mention, doc: Document) -> Mention | None:
    """ "the Tuesday and Wednesday sessions", "جلسات سه‌شنبه و چهارشنبه": two weekdays of one week, one range
    from the first day to the second."""
    first, second = _WEEKDAYS.get(m.text.lower()), _WEEKDAYS.get(n.text.lower())
    gap = doc.norm[m.end : n.start].strip().lower()
    if first is None or second is None or gap not in ("and", "و", "-", "to", "تا") or m.date is None:
        return None
    start = m.date.start
    end = start + datetime.timedelta(days=(second - first) % 7)
    text = doc.text[m.start : n.end]
    date = PartialDate(text, "gregorian", "range", start, end)
    detail = {**m.detail, "original": text, "precision": "range"}
    return Mention(
        "date", m.start, n.end, text, date.interval, None, min(m.confidence, n.confidence), detail, date
    )


def _joinable(m: Mention, n: Mention, norm: str) -> bool:
    if "relative_to" in m.detail or "relative_to" in n.detail:
        return False
    gap = norm[m.end : n.start]
    if _COMMA_TO.fullmatch(gap):
        return True  # "from July 30, 1988, to August 16, 1988": the comma closes the first date's year
    if not _RANGE_JOIN.fullmatch(gap):
        return False
    word = gap.strip().lower()
    if word in ("and", "و"):  # "between A and B", "بین A و B"; a bare "A and B" is two dates
        return re.search(r"(?:between|بین)\s+$", norm[max(0, m.start - 9) : m.start].lower()) is not None
    return True


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
