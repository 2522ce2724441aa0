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

import jdatetime

from testament.dates import PartialDate, Precision, parse_date
from testament.errors import DateParseError
from testament.extract._text import Document
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
    r"(?:(?:the\s+)?(?P<part>early|mid|late|beginning|middle|end|start|first days|last days|first weeks|"
    r"last weeks|final days)(?:\s+of|-)?\s*)"
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
_YY = r"[4-9]\d"  # "the summer of 67" (Solar 1367), "summer of '88"
# Numbers written as words in relative phrases.
_NUM_EN = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_VAGUE = {"a few": (2, 5), "few": (2, 5), "several": (3, 9), "some": (2, 10), "a couple of": (2, 3)}
_NUM_FA = {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10}
_N_WORDS = "|".join(["a few", "a couple of", "several", "some", "few", "an?", *list(_NUM_EN)[2:], r"\d{1,2}"])

_EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"{_B}{_PART}?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_E}")),
    # ("25-27October": a day written against its month)
    ("dmy", re.compile(rf"{_B}(?:the\s+)?{_DAY}(?:\s+|(?=[A-Z]))(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?{_E}")),
    ("my", re.compile(rf"{_B}{_PART}?{_MONTH},?\s+(?:of\s+)?{_YEAR}{_E}")),
    # "July and August 1988": two months of one year, one range
    # "July and August 1988", "July to September 1988": two months of one year, one range
    (
        "mmy",
        re.compile(
            rf"{_B}(?P<month0>{_G_FULL})\s*(?:and|or|to|until|till|through|-|–)\s*(?P<month>{_G_FULL}),?\s+"
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
    # "continued into the fall", "in the summer": a season of the year told last
    (
        "season_bare",
        re.compile(rf"\b(?:into|until|through|during|in|by)\s+(?P<span>the\s+{_SEASON}){_E}", _I),
    ),
    ("pm", re.compile(rf"{_B}{_PART}(?P<month>{_G_FULL}|{_S_LATIN}){_E}", _I)),
    ("msy", re.compile(rf"{_B}{_PART}?(?P<month>{_G_FULL}|{_S_LATIN})\s+of\s+(?:that|the same)\s+year{_E}")),
    ("m", re.compile(rf"{_BEFORE_MONTH}(?P<month>{_G_SAFE}){_E}")),
    ("season", re.compile(rf"{_B}(?:the\s+)?(?:{_SEASON_PART})?{_SEASON}\s+(?:of\s+)?{_YEAR}{_E}", _I)),
    ("season", re.compile(rf"{_B}(?:the\s+)?(?:{_SEASON_PART})?{_SEASON}\s+of\s+'?(?P<year>{_YY}){_E}", _I)),
    # "Tuesday, November 16": the weekday fixes the year the text leaves out
    (
        "wmd",
        re.compile(
            rf"{_B}(?P<weekday>{_WEEKDAY_EN}),?\s+(?P<month>{_G_FULL})\s+{_DAY}(?:,?\s+{_YEAR})?{_E}"
        ),
    ),
    # "Friday prayers", "Sunday school": a weekday naming an institution, not a day
    ("weekday", re.compile(rf"{_B}(?P<weekday>{_WEEKDAY_EN}){_E}(?!\s+{_INSTITUTION_AFTER})")),
    ("that", re.compile(rf"{_B}that\s+(?:\w+\s+)?(?P<unit>summer|spring|autumn|fall|winter|year){_E}", _I)),
    # "the early 1980s", "early years of 1980s"
    (
        "decade",
        re.compile(
            rf"{_B}(?:the\s+)?(?:(?P<part>early|mid|late)(?:\s+years\s+of(?:\s+the)?)?[\s-]+)?"
            rf"(?P<decade>19\d0|13[5-9]0)['’]?s{_E}"
        ),
    ),
    # "early 1983": the first third of the year (docs/annotation.md), "mid", "late" the next ones
    # "the end of 1367 (1989)": a Solar year's third too
    (
        "pyear",
        re.compile(
            rf"{_B}(?:(?P<part>early|mid|late)[\s-]+|the\s+(?P<edge>beginning|start|middle|end)\s+of\s+)"
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
        rf"{_B}(?P<n>{_N_WORDS})\s+(?P<unit>days?|weeks?|months?|years?)\s+"
        rf"(?P<dir>later|afterwards?|after that|after this|earlier|before that|before this){_E}",
        _I,
    ),
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
    re.compile(rf"{_B}(?:the|that)\s+(?:very\s+)?same\s+(?P<unit>day){_E}", _I),
    # "In those days" after "the summer of 1988": the time last told, as a whole (not without an anchor)
    re.compile(rf"{_B}(?P<fixed>(?:in|during)\s+those\s+(?:days|weeks)){_E}", _I),
]

_FA_SH = "فروردین|اردیبهشت|خرداد|تیر|امرداد|مرداد|شهریور|مهر|آبان|ابان|آذر|دی|بهمن|اسفند"
_FA_G = "ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|ژوییه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر"
_FB = r"(?<![\w\u200c])"
_FE = r"(?![\w\u200c])"
# "درتابستان ۱۳۶۷", "روزششم شهریورماه": "در" (in) or "روز" (day) written against the date
_FBG = r"(?:(?<![\w\u200c])|(?<=(?<![\w\u200c])در)|(?<=(?<![\w\u200c])روز))"
# "تابستان ۱۳۶۷و اعدام": "و" (and) written against the date's end
_FEG = r"(?:(?![\w\u200c])|(?=و\s))"
_FA_WEEKDAY = (
    r"(?P<weekday>شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|سهشنبه|چهارشنبه|چهار‌شنبه|پنجشنبه|پنج‌شنبه|"
    r"پنج شنبه|جمعه)"
)
_FA_MONTH = rf"(?P<month>{_FA_SH}|{_FA_G})(?:[\s\u200c]?ماه)?"
# a two-digit Solar year in words: "شصت و هفت" is 1367
# (the "و" may touch both words when spaces were lost: "شصتوهفت")
_FA_YEAR_WORDS = r"(?:چهل|پنجاه|شصت|هفتاد|هشتاد|نود)(?:\s*و\s*(?:یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه))?"
_FA_YEAR = rf"(?:سال\s*)?(?:(?P<year>1[34]\d\d|19\d\d|20[0-4]\d|[4-9]\d)|(?<=سال )(?P<yw>{_FA_YEAR_WORDS}))"
_FA_PART = (
    r"(?:(?P<part>اوایل|اوائل|اواسط|اواخر|ابتدای|نیمه|آخر|روزهای اول|روزهای نخست|نخستین روزهای|"
    r"روزهای آخر|آخرین روزهای|دهه اول|دهه آخر)\s+)"
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
_FA_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"{_FBG}{_FA_DAY}\s*{_FA_MONTH}(?:\s+{_FA_YEAR})?{_FE}")),
    # "سه‌شنبه یازدهم و چهارشنبه دوازدهم اکتبر ۲۰۲۳": two days of one month, one range
    (
        "ddmy",
        re.compile(
            rf"{_FB}(?:{_FA_WEEKDAY_ANY}\s+)?(?:(?P<day0>[12]\d|3[01]|0?[1-9])|(?P<dayw0>{_FA_DAY_WORD}))"
            rf"\s+و\s+(?:{_FA_WEEKDAY_ANY}\s+)?{_FA_DAY}\s*{_FA_MONTH}\s+{_FA_YEAR}{_FEG}"
        ),
    ),
    # "چهارشنبه ۳۱ شهریور": a day told with its weekday (in a report, a day of the reporting week)
    ("wdmy", re.compile(rf"{_FB}{_FA_WEEKDAY}\s*[،,]?\s*{_FA_DAY}\s*{_FA_MONTH}(?:\s+{_FA_YEAR})?{_FE}")),
    (
        "weekday",
        re.compile(
            rf"{_FB}(?P<weekday>شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|سه شنبه|سهشنبه|چهارشنبه|"
            rf"چهار‌شنبه|پنجشنبه|پنج‌شنبه|پنج شنبه|جمعه){_FE}"
        ),
    ),
    # ("آذر۶۷": the year may touch its month)
    ("my", re.compile(rf"{_FBG}{_FA_PART}?{_FA_MONTH}(?:\s+|(?=\d)){_FA_YEAR}{_FEG}")),
    # "مرداد و شهریور سال ۱۳۶۷": two months of one year, one range
    ("mmy", re.compile(rf"{_FB}(?P<month0>{_FA_SH})(?:[\s\u200c]?ماه)?\s+و\s+{_FA_MONTH}\s+{_FA_YEAR}{_FE}")),
    # "ماه‌های مرداد و شهریور": the same range, its year from the story
    (
        "mm",
        re.compile(rf"{_FB}ماه[\s\u200c]?(?:های|ها)\s+(?P<month0>{_FA_SH})\s+و\s+(?P<month>{_FA_SH}){_FE}"),
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
            rf"{_FB}(?:(?P<part>اوایل|اوائل|اواسط|اواخر)\s+)?دهه(?:[\s\u200c]?ی)?\s+(?:سیاه\s+)?"
            rf"(?P<decade>چهل|پنجاه|شصت|هفتاد|هشتاد|[4-8]0){_FE}"
        ),
    ),
    ("yearw", re.compile(rf"(?:(?<=سال )|(?<=سالهای )|(?<=سال‌های ))(?P<yw>{_FA_YEAR_WORDS}){_FE}")),
    ("msy", re.compile(rf"{_FB}{_FA_PART}?{_FA_MONTH}\s+(?:همان|آن)\s+سال{_FE}")),
    (
        "season",
        re.compile(rf"{_FBG}{_FA_PART}?(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)\s*{_FA_YEAR}{_FEG}"),
    ),
    (
        "season",
        re.compile(
            rf"{_FBG}{_FA_PART}?(?P<season>تابستان|بهار|پاییز|پائیز|زمستان)\s+(?P<yw>{_FA_YEAR_WORDS}){_FEG}"
        ),
    ),
    ("that", re.compile(rf"{_FB}(?:آن|همان)\s+(?P<unit>تابستان|سال){_FE}(?!\s*ها(?![\w\u200c]))")),
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
            r"(?:پرونده|کشتار|قتل[\s\u200c]?عام(?:[\s\u200c]?شدگان)?|اعدام[\s\u200c]?(?:های|شدگان|یان)|اعدامی[\s\u200c]?(?:های|ها)|"
            r"تابستان|تابستانی|زندانیان|سیاسی|سربداران|سر بداران|(?<![\w\u200c])در)"
            r"[\s\u200c]?(?P<year>6\d)(?![\d\u200c])"
        ),
    ),  # "سال ۶۷", "کشتار ۶۷": a two-digit Solar Hijri year
    # "در سال60": the year written against "سال" (a two-digit Solar year, 1340-1399)
    ("year67", re.compile(r"(?<![\w\u200c])سال(?P<year>[4-9]\d)(?![\d\u200c])")),
    # "در سال ۱۳۶۷و نیز": the year may touch the "و" that follows it
    ("year", re.compile(rf"{_FB}(?P<year>1[34]\d\d|19\d\d|20[0-4]\d){_FEG}")),
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
    # "هفته بعد", "ماه بعد", "سال قبل": the next (previous) week, month or year, counted as one
    re.compile(rf"{_FB}(?P<unit>هفته|ماه|سال)\s+(?P<which>بعد|قبل|بعدش){_FE}"),
    # "در آن روزها", "همان روزها": the time last told, as a whole
    re.compile(rf"{_FB}(?P<fixed>(?:آن|همان)\s+(?:روزها|ایام)){_FE}"),
]


@cache
def _anchors() -> dict[str, dict[str, object]]:
    """The named events of `data/anchors.toml` (the ceasefire of 20 July 1988 ...)."""
    text = resources.files("testament.extract").joinpath("data", "anchors.toml").read_text("utf-8")
    return tomllib.loads(text)


def _anchor_pattern(persian: bool) -> re.Pattern[str]:
    """ "after the ceasefire", "پس از پذیرش قطعنامه": a preposition and a named event."""
    lang = "fa" if persian else "en"
    names = "|".join(
        rf"(?P<a_{key}>{'|'.join(spec[lang])})"  # type: ignore[arg-type]
        for key, spec in _anchors().items()
    )
    # "a few years after the revolution", "دو سال پس از انقلاب": counted from the event, no date it gives
    if persian:
        prep = r"(?P<prep>پس از|بعد از|قبل از|پیش از|از زمان|در زمان|هنگام|همزمان با|تا)"
        counted = r"(?<!سال )(?<!ماه )(?<!هفته )(?<!روز )"
        return re.compile(rf"{_FB}{counted}{prep}\s+(?:{names}){_FE}")
    prep = r"(?P<prep>after|before|since|until|till|following|at the time of|around|during|shortly after)"
    counted = r"(?<!years )(?<!months )(?<!weeks )(?<!days )(?<!year )(?<!month )(?<!week )(?<!day )"
    return re.compile(rf"{_B}{counted}{prep}\s+(?:{names}){_E}", _I)


_FA_SEASON = {"تابستان": "summer", "بهار": "spring", "پاییز": "autumn", "پائیز": "autumn", "زمستان": "winter"}
_FA_PARTS = {
    "اوایل": "early", "اوائل": "early", "ابتدای": "early", "اواسط": "mid", "نیمه": "mid",
    "روزهای اول": "early", "روزهای نخست": "early", "نخستین روزهای": "early", "دهه اول": "early",
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
_TOLD_AGAIN = re.compile(r"\s*,?\s*(?:in|on|در)\s+(?:the\s+)?")
_RANGE_JOIN = re.compile(r"\s*(?:-|to|until|till|through|and|تا|و)\s*")


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
_GROUP_START = {"m": "month", "year67": "year", "season_bare": "span"}


def _collect(norm: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[_Found]:
    found = [
        # "in August": the preposition anchors the bare month but is not part of the date
        _Found(m.start(_GROUP_START.get(kind, 0)), m.end(), kind, m.groupdict())
        for kind, pattern in patterns
        for m in pattern.finditer(norm)
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
        # the day the source was published (or recorded): the ground of a report's own days ("On Tuesday")
        self.published: datetime.date | None = context.reference
        self.doc_year = doc_year or context.default_year
        self.max_year: int | None = None  # the latest Gregorian year the text names

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
        if anchor_month - month > 6:  # "December 1988 ... on January 15": the story moved on a year
            year += 1
        return year, True

    def told(self, date: PartialDate) -> None:
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
        last += first - first % 100
        if last <= first:
            return None
        return PartialDate(
            original, "gregorian", "range", datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        ), False
    if f.kind == "decade_sh":
        word = g.get("decade") or ""
        tens = int(word) // 10 if word.isdigit() else (parse_number_words(word, persian=True) or 0) // 10
        first, last = {"اوایل": (0, 3), "اوائل": (0, 3), "اواسط": (4, 6), "اواخر": (7, 9)}.get(
            g.get("part") or "", (0, 9)
        )
        first_year, last_year = _parse(f"13{tens}{first}", original), _parse(f"13{tens}{last}", original)
        if first_year is None or last_year is None:
            return None
        return PartialDate(original, "solar_hijri", "range", first_year.start, last_year.end), False
    if f.kind == "mmy":
        return _two_months(g, original, persian)
    if f.kind == "mm":
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
        year = int(g["year"] or 0)
        part = g.get("part") or _EDGE_PART.get(g.get("edge") or "", "early")
        first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        if year < 1500:  # a Solar year: its months, as Gregorian days
            since = jdatetime.date(year, first_month, 1).togregorian()
            after = (
                jdatetime.date(year + 1, 1, 1)
                if last_month == 12
                else jdatetime.date(year, last_month + 1, 1)
            )
            upto = after.togregorian() - datetime.timedelta(days=1)
            return PartialDate(original, "solar_hijri", "range", since, upto), False
        upto = _add_months(datetime.date(year, last_month, 1), 1) - datetime.timedelta(days=1)
        return PartialDate(original, "gregorian", "range", datetime.date(year, first_month, 1), upto), False
    if f.kind == "ddmy":
        second = _absolute(_Found(f.start, f.end, "dmy", g), norm, timeline, persian)
        d0 = int(g.get("day0") or 0) or _FA_DAY_WORDS.get(g.get("dayw0") or "", 0)
        d1 = int(g.get("day") or 0) or _FA_DAY_WORDS.get(g.get("dayw") or "", 0)
        if second is None or not d0 or second[0].precision != "day" or not 0 < d1 - d0 < 7:
            return None
        until = second[0].start
        since = until - datetime.timedelta(days=d1 - d0)
        return PartialDate(original, "gregorian", "range", since, until), False
    if f.kind == "decade":
        start_year = int(g["decade"] or 0)
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(g.get("part") or "", (0, 9))
        if start_year < 1500:  # "the 1360's": the Solar years 1360-1369
            since = jdatetime.date(start_year + first, 1, 1).togregorian()
            upto = jdatetime.date(start_year + last + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
            return PartialDate(original, "solar_hijri", "range", since, upto), False
        start, end = datetime.date(start_year + first, 1, 1), datetime.date(start_year + last, 12, 31)
        return PartialDate(original, "gregorian", "range", start, end), False
    if f.kind == "wmd":
        return _weekday_date(g, original, timeline)
    if f.kind == "wdmy" and not g.get("year"):
        found = _weekday_solar(g, original, timeline)
        if found is not None:
            return found
    if f.kind == "weekday":
        if re.search(r"\b(?:every|each|most|some|other)\s+$|هر\s+$", norm[max(0, f.start - 8) : f.start], _I):
            return None  # "every Saturday": a habit, not a day
        anchor = timeline.anchor
        if timeline.published is not None and (
            anchor is None or anchor.precision != "day" or _PROCEEDINGS.search(_sentence_of(norm, f))
        ):
            # no day of the story to count back from: the report's own week, before its publication
            d = timeline.published
            anchor = PartialDate(d.isoformat(), "gregorian", "day", d, d)
        return _weekday(g.get("weekday") or "", original, anchor)
    if f.kind == "anchor":
        named = _named(g, original)
        return (named, False) if named else None
    if f.kind == "that":
        unit = (g.get("unit") or "").lower()
        # "that same year" is the year of the last date told, however fine; a season counts from the anchor
        anchor = timeline.latest if unit in ("سال", "year") else timeline.anchor
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
    written = g.get("year") or (f"13{_year_words(g.get('yw'))}" if g.get("yw") else "")
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
        if day:
            written = str(_report_year(published, month, int(day)) or "")
        elif recent is not None and timeline.published is None:
            written = str(recent)
        supplied = bool(written)
    if not written:
        year, supplied = timeline.year_for(month, calendar)
        written = str(year)
    text = f"{day} {name} {written}" if day else f"{part} {name} {written}".strip()
    parsed = _parse(text, original)
    return (parsed, supplied) if parsed else None


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
        # a report's own day: the last one on that weekday up to a week after its publication
        latest = timeline.published + datetime.timedelta(days=7)
        for year in range(latest.year, latest.year - 12, -1):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                return None
            if candidate.weekday() == weekday and candidate <= latest:
                return PartialDate(original, "gregorian", "day", candidate, candidate), True
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
_PROCEEDINGS = re.compile(
    r"\b(?:court|trial|session|hearing|testif(?:y|ied|ies)|tribunal|plaintiff|verdict|appeal|inaugurat\w*|"
    r"elected|election|vote)\b|دادگاه|جلسه|شهادت",
    re.IGNORECASE,
)


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
    around = timeline.published.year if timeline.published else timeline.max_year
    if around is None or around < 2000:
        return None
    month_word = g.get("month") or ""
    month = _S_MONTHS_FA.get(month_word)
    day_word = g.get("dayw")
    day = int(g.get("day") or 0) or (_FA_DAY_WORDS[day_word] if day_word else 0)
    weekday = _WEEKDAYS[g.get("weekday") or ""]
    latest = timeline.published + datetime.timedelta(days=7) if timeline.published else None
    gregorian = _FA_G_MONTHS.get(month_word)
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


_S_MONTHS_FA = {
    w: i
    for i, words in enumerate(
        ("فروردین", "اردیبهشت", "خرداد", "تیر", "امرداد مرداد", "شهریور", "مهر", "آبان ابان", "آذر", "دی",
         "بهمن", "اسفند"),
        start=1,
    )
    for w in words.split()
}  # fmt: skip


def _weekday(word: str, original: str, anchor: PartialDate | None) -> tuple[PartialDate, bool] | None:
    """ "On Wednesday": the last such weekday on or before the day told (a news article's dateline)."""
    if anchor is None or anchor.precision != "day":
        return None
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
    direction = (g.get("dir") or "").lower()
    sign = (
        -1
        if which in ("previous", "preceding", "قبل")
        or direction in ("before", "earlier", "before that", "before this", "ago", "قبل", "پیش", "زودتر")
        else 1
    )
    if which or direction in ("after", "before"):  # "the next day", "the day after"
        n_low = n_high = 1
        if "same" in original.lower():
            n_low = n_high = 0
    elif "same" in original.lower():
        return _shift(anchor, original, (0, 0), False)
    else:
        word = (g.get("n") or g.get("nw") or "").lower()
        if g.get("nw") and not word.isdigit():
            parsed_words = parse_number_words(word)
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
    approximate = n_low != n_high
    if unit in ("day", "morning", "evening", "night", "afternoon"):
        return _shift(
            anchor,
            original,
            (sign * n_low, sign * n_high) if sign > 0 else (sign * n_high, sign * n_low),
            approximate,
        )
    if unit == "week":
        if which:
            return _shift(anchor, original, (1, 7) if sign > 0 else (-7, -1), False)
        return _shift(
            anchor,
            original,
            (sign * 7 * n_low, sign * 7 * n_high) if sign > 0 else (sign * 7 * n_high, sign * 7 * n_low),
            approximate,
        )
    solar = _PERSIAN_LETTER.search(original) is not None
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
    if prep in ("after", "since", "following", "shortly after", "پس از", "بعد از", "از زمان"):
        start, end = last + datetime.timedelta(days=1), last + datetime.timedelta(days=30)
    elif prep in ("before", "until", "till", "قبل از", "پیش از", "تا"):
        start, end = day - datetime.timedelta(days=30), day - datetime.timedelta(days=1)
    elif last != day:
        return PartialDate(original, "gregorian", "range", day, last, prep == "around")
    else:
        return PartialDate(original, "gregorian", "day", day, day, prep == "around")
    return PartialDate(original, "gregorian", "range", start, end, True)


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
    years = Counter(
        int(f.groups["year"] or 0)
        for f in absolute
        if f.groups.get("year") and len(f.groups["year"] or "") == 4
    )
    gregorian_years = Counter({(y if y >= 1500 else y + 621): c for y, c in years.items()})
    doc_year = max(gregorian_years, key=lambda y: (gregorian_years[y], y)) if gregorian_years else None
    timeline = _Timeline(context, doc_year)
    timeline.max_year = max(gregorian_years) if gregorian_years else None
    found = sorted(absolute + relative, key=lambda f: f.start)
    mentions: list[Mention] = []
    waiting: list[_Found] = []  # weekdays told before any day: the first later day on that weekday
    last_end = 0  # where the last date told ends
    for i, f in enumerate(found):
        if any(taken[f.start : f.end]) or not _plausible(f, norm, persian):
            continue
        original = doc.text[f.start : f.end]
        # "arrested in 1360 … one of the witnesses of the massacre … early in Mordad": naming the massacre
        # moves the story to its year, for the months told after it without one
        moved = timeline.latest is not None and timeline.latest.start.year != 1988
        if moved and _MASSACRE_NAMED.search(norm, last_end, f.start):
            timeline.latest = _MASSACRE_SUMMER
        if f.kind == "rel":
            if _DURATION.search(norm[max(0, f.start - 12) : f.start]):
                continue
            following = found[i + 1] if i + 1 < len(found) else None
            if (
                following is not None
                and following.kind != "rel"
                and _TOLD_AGAIN.fullmatch(norm, f.end, following.start)
            ):
                continue  # "Two years later, in 1984": the date that follows tells it; one mention, not two
            if timeline.anchor is None:
                told = _apposed(f, found[i + 1 :], norm, timeline, persian)
                if told is not None:
                    mentions.append(_year_mention(f, original, told))
                continue
            parsed = _relative(f.groups, original, timeline.anchor)
            solar = persian and parsed is not None and parsed.calendar == "gregorian"
            if solar and parsed is not None and parsed.precision == "year":
                parsed = _solar_year_of(parsed)  # "۳۰ سال پیش" in Persian counts Solar years: 1367, not 1988
            supplied, relative_to = False, timeline.anchor
            confidence = 0.7
        else:
            result = _absolute(f, norm, timeline, persian)
            if result is None:
                if f.kind == "weekday" and (timeline.anchor is None or timeline.anchor.precision != "day"):
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
        last_end = f.end
        label = _LABEL_AFTER.match(norm, f.end) or (
            f.kind == "year" and _SINCE_BEFORE.search(norm, max(0, f.start - 30), f.start)
        )
        if not label:
            # "the 1988 massacre", "20 years since 1988" name an event: the story's time does not move
            timeline.told(parsed)
    mentions = _day_ranges(_join_ranges(_weekdays_ahead(waiting, mentions, doc), doc), doc, taken)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mentions


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
_FA_DATE_CUE_BEFORE = re.compile(r"(?:(?<![\w\u200c])(?:روز|تاریخ|از|تا|در)|[:：])\s*$")
_FA_CLAUSE_END = re.compile(r"\s*(?:[.،,:؛!؟)»\n]|$)")


def _fa_day_month_alone(norm: str, start: int, end: int) -> bool:
    if not re.match(r"[0-9۰-۹٠-٩]", norm[start : start + 1]):
        return False
    return bool(
        _FA_DATE_CUE_BEFORE.search(norm[max(0, start - 8) : start]) or _FA_CLAUSE_END.match(norm, end)
    )


def _plausible(f: _Found, norm: str, persian: bool) -> bool:
    before = norm[max(0, f.start - 12) : f.start]
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
        joined = n is not None and _joinable(m, n, norm)
        if n is not None and joined and m.date and n.date:
            left = m.date
            if m.detail.get("year_from_context") and n.date.precision in ("day", "month", "range"):
                # "July 19 - September 5, 1988": the left end takes the right end's year
                year = n.date.start.year
                left = replace(left, start=left.start.replace(year=year), end=left.end.replace(year=year))
            if left.start <= n.date.end and left.calendar == n.date.calendar:
                text = doc.text[m.start : n.end]
                approximate = left.approximate or n.date.approximate
                date = PartialDate(text, left.calendar, "range", left.start, n.date.end, approximate)
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
    r"(?<![\w/.,-])(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*(?:-|–|—|to|تا|الی)\s*$"
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


def _joinable(m: Mention, n: Mention, norm: str) -> bool:
    if "relative_to" in m.detail or "relative_to" in n.detail:
        return False
    gap = norm[m.end : n.start]
    if not _RANGE_JOIN.fullmatch(gap):
        return False
    word = gap.strip().lower()
    if word in ("and", "و"):  # "between A and B", "بین A و B"; a bare "A and B" is two dates
        return re.search(r"(?:between|بین)\s+$", norm[max(0, m.start - 9) : m.start].lower()) is not None
    return True
