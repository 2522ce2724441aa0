"""Reported counts (testament.extract.counts): what a number counts, its value and its qualifier, on invented
sentences written for each rule (docs/annotation.md, "count")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testament.extract import Mention, extract_mentions
from testament.extract.learnt import using_roles


@pytest.fixture(autouse=True)
def _the_rules_alone() -> Iterator[None]:
    with using_roles("rules"):
        yield


def _counts(text: str) -> list[Mention]:
    return [m for m in extract_mentions(text) if m.type == "count"]


def _read(text: str) -> list[tuple[int | str, str]]:
    return [(m.value, m.detail["qualifier"]) for m in _counts(text)]


# --- qualifiers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range opened by a capitalised "Between"
        ("Between 300 and 400 prisoners were moved that week.", [(300, "range"), (400, "range")]),
        # two alternative figures are each exact; "groups of two or three" is a range
        ("They hanged 40 or 50 men that night.", [(40, "exact"), (50, "exact")]),
        ("They took us out in groups of two or three.", [(2, "range"), (3, "range")]),
        # the hedge stays on the hedged end; the other is the range's bound
        ("More than 20 to 30 prisoners were held there.", [(20, "more_than"), (30, "range")]),
        ("از ۳۰۰ نفر تا بیش از دو هزار نفر کشته شدند.", [(300, "range"), (2000, "more_than")]),
        # what an estimate gives is about
        ("The group has estimated that 6,000 people died.", [(6000, "about")]),
        ("The camp was estimated to hold 4,000 inmates.", [(4000, "about")]),
        ("این انجمن شمار آنان را ۷ هزار نفر تخمین می‌زند.", [(7000, "about")]),
        # hedges of the lexicon
        ("Upward of 900 prisoners were moved.", [(900, "more_than")]),
        ("In our ward nearly 70 prisoners slept on the floor.", [(70, "about")]),
        ("دستکم ۴۰ نفر را بردند.", [(40, "at_least")]),
        ("لااقل ۵۰ زندانی را بردند.", [(50, "at_least")]),
        ("No fewer than 30 prisoners were hanged each day.", [(30, "at_least")]),
        ("In excess of 3,000 people were killed.", [(3000, "more_than")]),
        ("بالغ بر ۳۰ هزار زندانی کشته شدند.", [(30000, "more_than")]),
        ("The figure is between 4,000 and 5,000.", [(4000, "range"), (5000, "range")]),
    ],
)
def test_count_qualifiers(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


# --- values ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بیش از ۱۲،۰۰۰ زندانی اعدام شدند.", [12000]),  # a Persian comma between the thousands
        ("بیش از 12 000 زندانی اعدام شدند.", [12000]),  # a space between the thousands
        ("The killing of 20-40,000 prisoners was denied.", [20000, 40000]),  # the scale of the second end
        ("۵ تا ۶ هزار نفر را کشتند.", [5000, 6000]),
        ("هزاران هزار زندانی را کشتند.", [2000]),  # one vague count, not a thousand beside it
    ],
)
def test_count_values(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


# --- what is counted ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Close to 700 young Iranian were murdered in one month.",
            [700],
        ),  # a people verb after describing words
        ("Hundreds of the executed are buried in this field.", [200]),
        ("The estimates are around 12,000.", [12000]),  # a toll given as estimates
        ("He was arrested and flogged four times in those years.", [4]),  # a count of acts
        ("در آن سال سه بار دیگر دستگیر شد.", [3]),
        ("The panel had four judges.", [4]),
        ("The fire caused eight deaths and sixty-one injuries.", [8, 61]),
        ("There are 90 confirmed and suspected mass grave sites.", [90]),
        ("Tens of thousands of political and social activists were held.", [20000]),
        ("They held thousands of opposition prisoners and hundreds of peaceful dissidents.", [2000, 200]),
        ("Hundreds, if not thousands of executions took place there.", [200, 2000]),
        ('A panel of three to five "judges" will sit.', [3, 5]),
        ("هزاران مجاهد و صدها انسان بی‌گناه را کشتند.", [2000, 200]),
        ("چندین هزار مخالف را ناپدید کردند.", [2000]),
        ("گورها پر است وهزاران جنازه هنوز پیدا نشده.", [2000]),
        ("دو تا پاسدار آمدند.", [2]),
        ("او یکی از ۲۰۰ نفریست که نامشان آمده است.", [200]),
        ("The five, to be heard next week, are all survivors.", [5]),
        ("وکلا روی نقش این دو در آن هیئت تأکید کردند.", [2]),
    ],
)
def test_counted_things(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "She saw the guard four times that summer.",  # times something was seen: no count
        "نام او در فهرستی از ژوئیه تا دسامبر ۱۳۶۰ اعدام شده‌ها آمده است.",  # the year of a date
        "کتاب‌های آن دو نویسنده، هر دو از همبندان او، چاپ شد.",  # "both": the two already named
        "این سی و چند سال را چگونه نشان می‌دهند؟",  # thirty-some years
    ],
)
def test_not_counts(text: str) -> None:
    assert _counts(text) == []


def test_act_count_is_of_acts() -> None:
    (times,) = _counts("He was imprisoned and tortured three times.")
    assert times.detail["category"] == "acts"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The massacre of 12,000 in that summer was denied.", [12000]),  # the killed, named by the killing
        ("The execution of more than 900 went unpunished.", [900]),
        ("The massacre of 1981 was denied.", []),  # a year
        ("The guards locked the cells, wherethousands of inmates were held.", [2000]),  # lost spaces
        ("They killed thousands upon thousandsof innocent prisoners.", [2000]),
    ],
)
def test_counts_of_the_killed_and_across_lost_spaces(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He lived through the purge of that year -- by some accounts as many as 9,000 -- and left.", [9000]),
        ("The executions (some 700) were never admitted.", [700]),
        ("The report (some 300) was never read.", []),  # no killing before it
        ("The massacre (1988) was never admitted.", []),  # a year
    ],
)
def test_counts_a_figure_set_off_after_a_killing(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The number of executions rose to 4,500 by September.", [4500]),  # a toll that rose
        ("تعداد اعدام‌شدگان به ۴۰۰۰ رسید.", [4000]),
        ("They were taken away in batches of 15.", [15]),  # a group's size
        ("در هر اتاق ۶۰ زندانی بود.", [60]),  # every room: no room number
        ("در اتاق ۶۰ بودم.", []),  # room 60: a label
        ("A dozen prisoners were taken out that night.", [12]),
    ],
)
def test_counts_tolls_groups_and_rooms(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The inmates numbered around 2,000.", [2000]),  # a total given by "numbered"
        ("The regime executed 8,000 in a month.", [8000]),  # the killed as a bare object
        ("Of the 900 executed, most were students.", [900]),  # the killed named by a participle
        ("He was executed 3 days later.", []),  # a duration
        ("تعداد کشته‌شدگان به ۷۰۰ رسید.", [700]),
        ("تعداد روزها را به ۳ رساندند.", []),  # a number of days, no toll
    ],
)
def test_counts_a_bare_number_of_the_killed(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


# --- round 6: classifiers, labels, graves, "one or two", "a further N" --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("دوتن از خبرنگاران به آنجا رفتند.", [2]),  # a number word written against its classifier
        ("سه‌نفر را با خود بردند.", [3]),
        ("در سه قبر تازه دو نفر دفن شده بود.", [3, 2]),  # graves (قبر)
        ("The two chief judges were talking in the yard.", [2]),
        ("The panel had three or four authorities in every town.", [3, 4]),
        ("They gave him ten lashes. If he cried out, he got a further two.", [10, 2]),
    ],
)
def test_counts_classifiers_graves_and_further(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "زندانیان را بردند،سالن 3 زنان خالی شد.",  # a label after a Persian comma written against it
        "یکی دو نفر از همسایه‌ها آمدند.",  # one or two: a few
        "She stayed with them another three.",  # no counted noun before
    ],
)
def test_not_counts_round6(text: str) -> None:
    assert _counts(text) == []


def test_a_further_number_takes_the_unit_before() -> None:
    counts = _counts("They gave him ten lashes. If he cried out, he got a further two.")
    assert counts[1].detail["category"] == "lashes"


def test_at_least_spreads_over_a_range() -> None:
    assert _read("At least 3,000-6,000 prisoners were buried there.") == [
        (3000, "at_least"),
        (6000, "at_least"),
    ]
