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


# --- session 12: chains of vague figures, kin and comrades, quoted nouns, figures, negation, families -------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a self-correcting chain: the noun after the last figure is counted by all of them
        ("در خیالم ده‌ها، نه! صدها، نه! هزاران زندانی را می‌بینم.", [24, 200, 2000]),
        ("Dozens, no, hundreds of prisoners were taken.", [24, 200]),
        ("Hundreds, even thousands were executed that summer.", [200, 2000]),
        ("صدها و حتی هزاران زندانی را بردند.", [200, 2000]),
        # kin, comrades and the dead as counted nouns
        ("امروز یاد چهار همرزم جوانم را گرامی می‌داریم.", [4]),
        ("هزاران مادر هنوز گور فرزندانشان را نمی‌شناسند.", [2000]),
        ("Hundreds of widows still wait for an answer.", [200]),
        # a party name before the noun; a noun in quote marks
        ('The paper wrote that "60 Fedaian supporters were shot".', [60]),
        ("Forty Peykar sympathisers were shot.", [40]),
        ("The bodies of 40 more 'executed prisoners' were brought in.", [40]),
        # a figure given as the toll
        ("Survivors tend towards a figure of several tens of thousands.", [20000]),
        ("The report gave a death toll of some 4,000.", [4000]),
        ("The hearings ran to a total of five plaintiff sessions.", []),  # a total of sessions: no toll
    ],
)
def test_counts_session12(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "نه جسدش را به ما دادند و نه وصیتنامه‌اش را.",  # neither ... nor: no nine
        "نه ما را خبر کردند و نه برادرش را.",  # the "nor" half before a counted noun
        "او هنگام اعدام سی ساله بود و سه فرزند داشت.",  # the size of a family: biography, no count
        "She was thirty and had two children.",
    ],
)
def test_not_counts_session12(text: str) -> None:
    assert _counts(text) == []


def test_a_family_count_stays_when_the_children_suffered() -> None:
    assert [m.value for m in _counts("دو فرزندش در همان تابستان اعدام شدند.")] == [2]
    assert [m.value for m in _counts("The family had two sons executed.")] == [2]


def test_only_inside_an_estimate_is_about() -> None:
    assert _read("ما تخمین زدیم که از آن همه تنها نهصد نفر زنده مانده‌اند.") == [(900, "about")]
    assert _read("We estimated that only 90 prisoners were left.") == [(90, "about")]
    assert _read("Only 90 prisoners were left.") == [(90, "exact")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare number of people who died, hedged or sent to their death
        ("As many as 9,000 may have died that year.", [(9000, "at_most")]),
        ("The commission sent more than 600 to the gallows.", [(600, "more_than")]),
        ("The court sentenced 14 to death in one morning.", [(14, "exact")]),
        ("The purge, which claimed some 2,700 lives, was denied.", [(2700, "about")]),
        ("حدود ۴۰۰ کشته شدند.", [(400, "about")]),
        # thousands grouped with a point, or with the Arabic decimal sign
        ("۲۵.۰۰۰ زندانی سیاسی را بردند.", [(25000, "exact")]),
        ("۲۵٫۰۰۰ زندانی سیاسی را بردند.", [(25000, "exact")]),
        # hedges: bare "قریب" and "نزدیک", "متجاوز از", "حداکثر", a hedge with its tanween, "at most"
        ("قریب ۶۰۰ نفر را بردند.", [(600, "about")]),
        ("نزدیک ۷۰۰ نفر را بردند.", [(700, "about")]),
        ("متجاوز از ۹۰۰ نفر را بردند.", [(900, "more_than")]),
        ("حداکثر ۱۵ نفر زنده ماندند.", [(15, "at_most")]),
        ("تقریباً ۸۰ نفر را بردند.", [(80, "about")]),
        ("At most 70 prisoners were left in the ward.", [(70, "at_most")]),
    ],
)
def test_counts_hedged_deaths_point_grouping_and_hedges(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


def test_a_decimal_is_no_grouped_thousand() -> None:
    assert _counts("نمره‌اش ۱۷.۵ بود و ۲.۵۰ تومان داد.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some two dozen women were hanged that day.", [(24, "about")]),  # dozen as a scale
        ("Several dozen prisoners were taken.", [(24, "vague")]),  # no number: vague, as "dozens"
        # a figure the sentence gives as the number and states or estimates
        ("آمار جان‌باختگان بیش از ۱۲ هزار است.", [(12000, "more_than")]),
        ("تعداد قربانیان این کشتار حدود ۸ هزار برآورد می‌شود.", [(8000, "about")]),
        ("شمار کشته‌ها را از ۶۰۰ تا ۹۰۰ ذکر کرده‌اند.", [(600, "range"), (900, "range")]),
        # number words joined by a "و" written against them; hundreds written apart; a shared scale
        ("بیست‌وشش نفر را بردند.", [(26, "exact")]),
        ("چهل‌وسه‌هزار نفر را کشتند.", [(43000, "exact")]),
        ("یک‌صد نفر را بردند.", [(100, "exact")]),
        ("چهار صد نفر را بردند.", [(400, "exact")]),
        ("پنج شش هزار نفر را کشتند.", [(5000, "range"), (6000, "range")]),
    ],
)
def test_counts_dozens_persian_tolls_and_number_words(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "تعداد قربانیان در ۱۴ شهر بیشتر بود.",  # the toll's sentence, but a number of towns
        "چهار صدای بلند از حیاط شنیدیم.",  # "صدا" (a voice) is no hundred
    ],
)
def test_not_counts_persian_tolls_and_number_words(text: str) -> None:
    assert _counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a toll given as a range of estimates, or as what the number is thought to be
        ("Estimates range between 3,000 and 9,000.", [(3000, "range"), (9000, "range")]),
        ("Estimates run as high as 12,000.", [(12000, "at_most")]),
        ("The toll is unknown but is thought to be around 6,000.", [(6000, "about")]),
        ("The figure is disputed, ranging from 800 to 9,000.", [(800, "range"), (9000, "range")]),
        ("The number of days ranged from 3 to 5 weeks.", []),  # a number of days: no toll
    ],
)
def test_counts_tolls_as_ranges_of_estimates(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the size of a group: "دسته‌های" with its ZWNJ, a "تایی" classifier, "N at a time"
        ("زندانیان را در دسته‌های ۱۲ تایی بردند.", [12]),
        ("در گروه‌های هفت‌تایی به سالن بردند.", [7]),
        ("They hanged them in batches, 25 at a time.", [25]),
    ],
)
def test_counts_group_sizes(text: str, expected: list[int]) -> None:
    counts = _counts(text)
    assert [m.value for m in counts] == expected
    assert all(m.detail.get("group") for m in counts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a number, a scale or a vague word written against its classifier
        ("۴۰ هزارنفر را کشتند.", [(40000, "exact")]),
        ("چهل هزارنفر را کشتند.", [(40000, "exact")]),
        ("هزاران‌نفر را کشتند.", [(2000, "vague")]),
        ("صدهانفر را بردند.", [(200, "vague")]),
        # a hedge or a preposition written against the digits
        ("بیش از۴۰ هزار نفر را کشتند.", [(40000, "more_than")]),
        ("حدود۷۰ نفر را بردند.", [(70, "about")]),
        # a "۰" standing for the full stop before a vague count
        ("سال‌ها گذشت۰هزاران نفر برنگشتند.", [(2000, "vague")]),
    ],
)
def test_counts_written_against_their_neighbours(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text", ["بند۲ را خالی کردند.", "در سلول۲۰۹ بودیم.", "سال۱۳۶۰ بود.", "در مرداد۶۰ زندانیان را بردند."]
)
def test_not_counts_glued_labels_and_years(text: str) -> None:
    assert _counts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a space lost between the counted noun and the next word
        ("سه برادرمجاهد او را بردند.", [3]),
        ("That summer, thousands of young prisonerswere hanged.", [2000]),
        ("Only twelve womenwho had been moved there survived.", [12]),
    ],
)
def test_counts_across_a_lost_space_after_the_noun(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands were put to death that summer.", [(2000, "vague")]),  # a people verb after a vague count
        ("در آن سال هزاران به قتل رسیدند.", [(2000, "vague")]),
        ("بیش از ۳۰۰ به دار آویخته شدند.", [(300, "more_than")]),
        ("Thousands and thousands of prisoners were buried there.", [(2000, "vague")]),  # one vague count
        ("هزاران و هزاران زندانی را کشتند.", [(2000, "vague")]),
    ],
)
def test_counts_bare_killed_and_doubled_vague(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل‌عام ۲۰ هزار در آن تابستان فراموش نمی‌شود.", [20000]),  # the killed named by the killing
        ("اعدام بیش از ۴۰۰ در یک ماه را انکار کردند.", [400]),
        ("کشتار ۶۷ فراموش نمی‌شود.", []),  # the year 1367, no count
    ],
)
def test_counts_the_killed_after_a_persian_killing(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


def test_counts_a_plural_noun_with_a_possessive() -> None:
    assert [m.value for m in _counts("هزاران فرزندانشان را از آنها گرفتند.")] == [2000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six or seven thousand prisoners were killed.", [6000, 7000]),  # alternatives share the scale
        ("۶ یا ۷ هزار نفر را کشتند.", [6000, 7000]),
        ("He received 40 or 4,000 lashes, he could not tell.", [40, 4000]),  # no shared scale
    ],
)
def test_alternatives_share_a_scale(text: str, expected: list[int]) -> None:
    assert [m.value for m in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هزارها زندانی را کشتند.", [(2000, "vague")]),  # the rarer plural of "thousand"
        ("چند ده هزار نفر را کشتند.", [(20000, "vague")]),  # several tens of thousands
    ],
)
def test_counts_more_persian_vague_words(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverb and a participle describing the counted noun do not end the phrase
        ("The guards moved thousands of wrongly convicted prisoners.", [(2000, "vague")]),
        ("They sent hundreds of already-jailed dissidents to the gallows.", [(200, "vague")]),
        # the owner of a kin noun; a describing adjective the lexicon lists
        ("Nine of his relatives fled abroad.", [(9, "exact")]),
        ("They held tens of thousands of political and religious dissidents.", [(20000, "vague")]),
        # "or" between two describing words, a longer run of them before the noun
        ("They razed five confirmed or credibly suspected mass graves.", [(5, "exact")]),
        # Persian: activists and officials counted; a number after a full stop written against it
        ("سیصد کنشگر مدنی بیانیه دادند.", [(300, "exact")]),
        ("در بند ما کسی نبود.۳۰ مجاهد و ۱۰ مارکسیست ماندند.", [(30, "exact"), (10, "exact")]),
    ],
)  # fmt: skip
def test_counts_describing_words_and_new_nouns(text: str, expected: list[tuple[int, str]]) -> None:
    assert _read(text) == expected
