"""testament.extract.chronology on the date constructions of real testimony (issue 18): the shapes found while
tuning on the development set, each on a sentence of our own (no passage is quoted, no one in it is named)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testament.extract import Context, extract_mentions
from testament.extract.learnt import using_roles


@pytest.fixture(autouse=True)
def _the_rules_alone() -> Iterator[None]:
    with using_roles("rules"):
        yield


def _dates(text: str, context: Context | None = None) -> list[tuple[str, object]]:
    return [(m.text, m.value) for m in extract_mentions(text, context=context) if m.type == "date"]


# --- English ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Solar month with its year after "in"; two months written with a slash
        ("He was moved in the month of Tir in 1361.", [("Tir in 1361", "1982-06-22/1982-07-22")]),
        ("It lasted until February/March 1985.", [("February/March 1985", "1985-02-01/1985-03-31")]),
        # spaces lost around the day, and a day, month and year joined by hyphens
        ("The letter of April 2,2011 came.", [("April 2,2011", "2011-04-02/2011-04-02")]),
        ("Posted by a reader Apr9, 2011.", [("Apr9, 2011", "2011-04-09/2011-04-09")]),
        ("A note dated 4-Mar-2011 was found.", [("4-Mar-2011", "2011-03-04/2011-03-04")]),
        # two adjacent days of one month, one span; two days joined by "and"
        ("They came on June 6 or 7, 1988.", [("June 6 or 7, 1988", "1988-06-06/1988-06-07")]),
        ("Hearings were held on 3 and 4 May 1988.", [("3 and 4 May 1988", "1988-05-03/1988-05-04")]),
        ("They marched from June 15 to June 21 in 1981.",
         [("June 15 to June 21 in 1981", "1981-06-15/1981-06-21")]),
        # a week of a month
        ("They came in the second week of August 1988.",
         [("the second week of August 1988", "1988-08-08/1988-08-14")]),
        # a year written before its season
        ("The 1988 summer killings were denied.", [("1988 summer", "1988-06-01/1988-09-22")]),
        # a decade in two digits after "the", its first third; an age is no decade
        ("Families met in the 80s.", [("the 80s", "1980-01-01/1989-12-31")]),
        ("At the beginning of the 80s they met. She is in her 80s.",
         [("the beginning of the 80s", "1980-01-01/1983-12-31")]),
    ],
)  # fmt: skip
def test_chronology_english_absolute_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_english_year_of_the_story_and_its_thirds() -> None:
    text = "In 1984 he joined; he was sentenced in the same year and freed at the end of that year."
    assert _dates(text) == [
        ("1984", "1984-01-01/1984-12-31"),
        ("the same year", "1984-01-01/1984-12-31"),
        ("the end of that year", "1984-09-01/1984-12-31"),
    ]


def test_chronology_english_counted_from_an_arrest_or_dated_events() -> None:
    text = "I was arrested in 1983. Three years after my arrest I was released."
    dates = _dates(text)
    assert dates[-1] == ("Three years after my arrest", "1986-01-01/1986-12-31")
    events = "Thousands died in 1988. Two years after these events no list was known."
    assert _dates(events)[-1] == ("Two years after these events", "1990-01-01/1990-12-31")
    # a counted "same day" is no number of days
    assert [t for t, _ in _dates("I was arrested on 2 May 1983. On the same day after my arrest they came.")][
        -1
    ] != "same day after my arrest"


@pytest.mark.parametrize(
    "text",
    [
        # vague or hedged offsets are not dated (docs/annotation.md)
        "On 5 May 1988 we were moved. A few days later the visits stopped.",
        "On 5 May 1988 we were moved. Several weeks later the visits stopped.",
        "On 5 May 1988 we were moved. Two or three weeks later the visits stopped.",
        # "ago" counts back from the writer's time, not from a day of the story
        "On 5 May 1988 we were moved. Thirty years ago the visits stopped.",
        # a weekday of habit
        "On 5 May 1988 we were moved. The families went regularly on Friday to the cemetery.",
        # the end of the war is a period: "after" it is no month (docs/annotation.md, fourth fresh part)
        "On 5 May 1988 we were moved. The killings began after the end of the war.",
    ],
)
def test_chronology_english_offsets_that_name_no_date(text: str) -> None:
    assert [t for t, _ in _dates(text)] == ["5 May 1988"]


def test_chronology_later_than_the_text_own_time_is_no_date() -> None:
    # counted from a dateline, "later" would fall past the time of writing: not a date told
    text = "Sydney, May 2, 2024. He was jailed in 1984. Nearly 40 years later, he spoke."
    assert [t for t, _ in _dates(text)] == ["May 2, 2024", "1984"]


def test_chronology_ago_is_not_counted_from_a_decade() -> None:
    assert [t for t, _ in _dates("در دهه ۶۰ هزاران نفر اعدام شدند. حکم او سه روز پیش منتشر شد.")] == [
        "دهه ۶۰"
    ]


def test_chronology_an_event_told_with_its_year_is_that_year_alone() -> None:
    assert _dates("He was an envoy following the revolution of 1979.") == [("1979", "1979-01-01/1979-12-31")]
    assert _dates("در یک دهه پس از انقلاب هزاران نفر اعدام شدند.") == []


def test_chronology_ago_from_the_publication_day() -> None:
    context = Context(reference=__import__("datetime").date(2018, 5, 1))
    assert _dates("Thirty years ago the prisoners were killed.", context) == [
        ("Thirty years ago", "1988-01-01/1988-12-31")
    ]


# --- Persian ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thirds of a year, and of the year told last
        ("او تا اوایل سال ۱۳۶۲ زندانی بود.", [("اوایل سال ۱۳۶۲", "1983-03-21/1983-07-22")]),
        ("او در پایان سال ۶۴ آزاد شد. در اواخر همان سال دوباره دستگیر شد.",
         [("پایان سال ۶۴", "1985-11-22/1986-03-20"), ("اواخر همان سال", "1985-11-22/1986-03-20")]),
        ("تا پایان اسفند ۱۳۶۷ در زندان بود.", [("پایان اسفند ۱۳۶۷", "1989-03-12/1989-03-20")]),
        # decades in figures and with the common spelling
        ("در دهه 1360 و دهه شست زندانی بود.",
         [("دهه 1360", "1981-03-21/1991-03-20"), ("دهه شست", "1981-03-21/1991-03-20")]),
        # "this year", "this decade" after a year told
        ("در سال ۱۳۶۳ دستگیر شد. در همین سال و در همین دهه.",
         [("۱۳۶۳", "1984-03-21/1985-03-20"), ("همین سال", "1984-03-21/1985-03-20"),
          ("همین دهه", "1981-03-21/1991-03-20")]),
        # two years, one range; the later written first with a slash
        ("در سال‌های ۱۳۶۵ و ۱۳۶۶ زندانی بود.", [("سال\u200cهای ۱۳۶۵ و ۱۳۶۶", "1986-03-21/1988-03-20")]),
        ("بین سالهای شصت تا شصت و هفت.", [("سالهای شصت تا شصت و هفت", "1981-03-21/1989-03-20")]),
        ("در سال ۶۲/۱۳۶۱ منتقل شد.", [("سال ۶۲/۱۳۶۱", "1982-03-21/1984-03-20")]),
        ("من از سال ۱۳۶۱ تا ۱۳۷۸ در زندان بودم.", [("سال ۱۳۶۱ تا ۱۳۷۸", "1982-03-21/2000-03-19")]),
        # a named day with its year, a week of a month
        ("نوروز ۶۶ در بند بودیم.", [("نوروز ۶۶", "1987-03-21/1987-03-21")]),
        ("در هفته سوم مهر ماه ۱۳۶۷ آمدند.", [("هفته سوم مهر ماه ۱۳۶۷", "1988-10-07/1988-10-13")]),
        # two months with the year after them; Gregorian months with a Solar year
        ("در ماه‌های تیر و شهریور ۱۳۶۷ بود.", [("تیر و شهریور ۱۳۶۷", "1988-06-22/1988-09-22")]),
        ("از ژوئیه تا دسامبر ۱۳۶۷ اعدام شدند.", [("ژوئیه تا دسامبر ۱۳۶۷", "1988-07-01/1988-12-31")]),
        # two seasons of one year; a word of grief before the year; "تابستانی۶۷"
        ("در تابستان و پاییز سال ۱۳۶۷.", [("تابستان و پاییز سال ۱۳۶۷", "1988-06-22/1988-12-21")]),
        ("در تابستان سیاه سال ۱۳۶۷.", [("تابستان سیاه سال ۱۳۶۷", "1988-06-22/1988-09-22")]),
        ("کشتارهای تابستانی۶۷ را فراموش نمی‌کنیم.", [("تابستانی۶۷", "1988-06-22/1988-09-22")]),
        # the '67 of the massacre after more of its names
        ("یاد قربانیان ۶۷ را گرامی داشتیم.", [("۶۷", "1988-03-21/1989-03-20")]),
        # spaces lost around a year or a day
        ("از سال 1362 تا 1366بسیاری دستگیر شدند.", [("1362 تا 1366", "1983-03-21/1988-03-20")]),
        ("پس از30خرداد سال1360 دستگیر شد.", [("30خرداد سال1360", "1981-06-20/1981-06-20")]),
        # tens and units of a year without "و"
        ("در سال شصت هفت اعدام شد.", [("شصت هفت", "1988-03-21/1989-03-20")]),
    ],
)  # fmt: skip
def test_chronology_persian_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_persian_counted_from_the_arrest() -> None:
    text = "در تابستان ۱۳۶۰ دستگیر شدم. سه سال پس از دستگیری‌ام آزاد شدم."
    assert _dates(text)[-1] == ("سه سال پس از دستگیری\u200cام", "1984-03-21/1985-03-20")
    # the act word inside the phrase stays free for the acts finder: an act mention of its own, nested
    acts = [m.text for m in extract_mentions(text) if m.type == "act"]
    assert "دستگیری\u200cام" in acts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Latin dateline in a Persian page
        ("Monday, March 7, 2011  خانواده‌ها بار دیگر در گورستان گرد آمدند و یاد عزیزانشان را گرامی داشتند.",
         [("Monday, March 7, 2011", "2011-03-07/2011-03-07")]),
        ("منتشر شده در 10-آگوست-2021", [("10-آگوست-2021", "2021-08-10/2021-08-10")]),
        # a dateline's year after a comma, its weekday in the span or left out of it
        ("جمعه, 7ام آذر, 1399", [("جمعه, 7ام آذر, 1399", "2020-11-27/2020-11-27")]),
        ("یکشنبه، مرداد ۱۷، ۱۳۹۵ منتشر شد.", [("مرداد ۱۷، ۱۳۹۵", "2016-08-07/2016-08-07")]),
        # a year written against its month after the weekday's comma
        ("روز جمعه، ۷آذر۱۳۹۹ گرد آمدند.", [("جمعه، ۷آذر۱۳۹۹", "2020-11-27/2020-11-27")]),
        # "today" opening a day it names: the day alone
        ("در سال ۱۳۹۵ نوشت. امروز ۲۵ بهمن نوشت.",
         [("۱۳۹۵", "2016-03-20/2017-03-20"), ("۲۵ بهمن", "2017-02-13/2017-02-13")]),
    ],
)  # fmt: skip
def test_chronology_persian_datelines(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "در ۵ مرداد ۱۳۶۷ منتقل شدیم. چند روز بعد ملاقات‌ها قطع شد.",
        "در ۵ مرداد ۱۳۶۷ منتقل شدیم. دو سه ماه بعد خبری نداشتیم.",
        "در ۵ مرداد ۱۳۶۷ منتقل شدیم. ۳۰ سال پیش این اتفاق افتاد.",
        "در ۵ مرداد ۱۳۶۷ منتقل شدیم. پس از پایان جنگ ایران و عراق اعدام‌ها آغاز شد.",
    ],
)
def test_chronology_persian_offsets_that_name_no_date(text: str) -> None:
    assert [t for t, _ in _dates(text)] == ["۵ مرداد ۱۳۶۷"]


def test_chronology_an_offset_beside_today_is_not_a_second_date() -> None:
    text = "در ۵ مرداد ۱۳۶۷ منتقل شدیم. اما امروز، نزدیک به سی سال بعد، پاسخی نیست."
    assert "سی سال بعد" not in [t for t, _ in _dates(text)]


def test_chronology_persian_weeks_and_days_before_a_dateline() -> None:
    # "last week" and "last Friday" from the post's day, though a decade was told since (guide, twelfth part:
    # the Saturday-Friday week before it); "next week" the week after
    text = (
        "شنبه ۲۸ آبان ۱۳۸۴ — در دهه ۶۰ اعدام شدند. هفته گذشته عده‌ای آمدند. جمعه گذشته که ما رفتیم. "
        "از هفته آینده ادامه دارد."
    )
    assert _dates(text)[2:] == [
        ("هفته گذشته", "2005-11-12/2005-11-18"),
        ("جمعه گذشته", "2005-11-18/2005-11-18"),
        ("هفته آینده", "2005-11-26/2005-12-02"),
    ]
    # with no day told, no week is dated
    assert [t for t, _ in _dates("در دهه ۶۰ اعدام شدند. هفته گذشته عده‌ای آمدند.")] == ["دهه ۶۰"]


def test_chronology_two_weekdays_one_range_and_years_laid_right_to_left() -> None:
    text = "در تاریخ ۱۵ اردیبهشت ۱۴۰۱ آمد. در جلسات سه‌شنبه و چهارشنبه این دادگاه سخن گفت."
    assert _dates(text)[-1] == ("سه\u200cشنبه و چهارشنبه", "2022-05-03/2022-05-04")
    assert _dates("وزیر سابق دادگستری (2006-2000) در این پرونده سخن گفت و رفت.") == [
        ("2006-2000", "2000-01-01/2006-12-31")
    ]


def test_chronology_a_dateline_dates_the_report_own_days() -> None:
    # the first day near the top, with a year of the writers' time, is the report's day: "On Tuesday" in a
    # sentence about the hearing is that week's Tuesday, not one of 1988
    text = "Stockholm, Thursday 2 December 2021. In 1988 he was held in Evin. On Tuesday the court heard him."
    assert _dates(text)[-1] == ("Tuesday", "2021-11-30/2021-11-30")
    # a weekday of a weekly habit is no day
    weekly = (
        "Stockholm, 2 December 2021. Families went to the cemetery every week. Early Friday, they gathered."
    )
    assert [t for t, _ in _dates(weekly)] == ["2 December 2021"]


def test_chronology_a_hearing_weekday_is_not_counted_from_a_day_of_the_story() -> None:
    # no dateline: "On Tuesday" of the hearing waits for a later day on that weekday, never a day of 1981
    text = (
        "He was arrested on 20 June 1981. On Tuesday the court heard him. It sat on Tuesday, 29 March 2022."
    )
    assert _dates(text)[1] == ("Tuesday", "2022-03-29/2022-03-29")


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("On 3 May 1988 we were moved. On Friday, 30 prisoners were executed.", "Friday"),
        ("در ۵ مرداد ۱۳۶۷ آمدند. جمعه، ۳۰ زندانی را بردند.", "جمعه"),
    ],
)
def test_chronology_a_weekday_before_a_number_is_still_a_day(text: str, weekday: str) -> None:
    # only a weekday opening a date it glosses ("یکشنبه، مرداد ۱۷، ۱۳۹۵") is left out of the mentions
    assert weekday in [t for t, _ in _dates(text)]


def test_chronology_that_same_year_is_the_year_named_last_an_event_year_too() -> None:
    text = (
        "In the summer of 1988 many died. I joined after the 1979 revolution and was jailed that same year."
    )
    assert _dates(text)[-1] == ("that same year", "1979-01-01/1979-12-31")


def test_chronology_a_weekday_day_of_the_story_year_is_not_moved_to_the_publication() -> None:
    # a memoir published in 2011: 8 Mordad 1367 was a Saturday, so "شنبه هشتم مرداد" is that day of 1988
    context = Context(reference=__import__("datetime").date(2011, 8, 20))
    text = "در تابستان ۱۳۶۷ بودیم. صبح روز شنبه هشتم مرداد، اسامی را خواندند."
    assert _dates(text, context)[-1] == ("شنبه هشتم مرداد", "1988-07-30/1988-07-30")


def test_chronology_weekdays_in_the_plural_are_a_habit() -> None:
    text = "در ۵ مرداد ۱۳۶۷ آمدند. پنجشنبه شبها به خانواده‌ها سر می‌زدند. جمعه‌ها به خاوران می‌رفتیم."
    assert [t for t, _ in _dates(text)] == ["۵ مرداد ۱۳۶۷"]


def test_chronology_guards_of_the_new_shapes() -> None:
    # a name is not a season: only a word of grief or weather stands between a season and its year
    assert _dates("بهار احمدی سال ۱۳۶۷ دستگیر شد.") == [("۱۳۶۷", "1988-03-21/1989-03-20")]
    # a count after a year is not a second year
    assert _dates("در سال ۶۷ و ۷۰ نفر اعدام شدند.") == [("۶۷", "1988-03-21/1989-03-20")]
    # a span of days in figures is not limited to adjacent days
    assert _dates("The hearings ran from June 5-20, 2022.") == [("June 5-20, 2022", "2022-06-05/2022-06-20")]


# --- round 6: shapes of the sixteenth and seventeenth parts -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a part of a month told with "in", first in its sentence
        ("Late in July 1988 the visits stopped.", [("Late in July 1988", "1988-07-21/1988-07-31")]),
        # two adjacent days with a slash, one span
        ("The letters came on the same night (May 3/4, 1988).", [("May 3/4, 1988", "1988-05-03/1988-05-04")]),
        ("In August 1988 we were moved. The guard came (August 21/22).",
         [("August 1988", "1988-08-01/1988-08-31"), ("August 21/22", "1988-08-21/1988-08-22")]),
        # two months after a preposition, their year from the story
        ("In 1987 we were taken. For weeks in July and August the visits stopped.",
         [("1987", "1987-01-01/1987-12-31"), ("July and August", "1987-07-01/1987-08-31")]),
        # decades counted on, from the date told or from an event's year (the only date told)
        ("He was freed in 1989. The wound remained open two decades later.",
         [("1989", "1989-01-01/1989-12-31"), ("two decades later", "2009-01-01/2009-12-31")]),
        ("The 1988 massacre is a wound still open three decades later.",
         [("1988", "1988-01-01/1988-12-31"), ("three decades later", "2018-01-01/2018-12-31")]),
    ],
)  # fmt: skip
def test_chronology_english_round6_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_later_than_a_dateline_is_still_no_date() -> None:
    text = "Wednesday, July 24, 2019\n\nI was released in 1987. Forty years later, they spoke."
    assert [t for t, _ in _dates(text)] == ["Wednesday, July 24, 2019", "1987"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # parts of two seasons of one year, one range (docs/annotation.md: "late summer and early autumn")
        ("این نامه در اواخر تابستان و اوایل پاییز ۱۳۷۰ نوشته شد.",
         [("اواخر تابستان و اوایل پاییز ۱۳۷۰", "1991-08-23/1991-10-22")]),
        # day, month and two-digit year with slashes
        ("این نامه در 12/مهر/75 نوشته شد.", [("12/مهر/75", "1996-10-03/1996-10-03")]),
        # the year first; the weekday after the date is no second mention
        ("۱۳۸۵ آذر ۲۰, دوشنبه\n\nاین نامه را خانواده‌ها نوشتند.", [("۱۳۸۵ آذر ۲۰", "2006-12-11/2006-12-11")]),
        # a two-digit year after "سال" written against the next word
        ("در سال 64درحالیکه زندانی بود نامه نوشت.", [("64", "1985-03-21/1986-03-20")]),
        # "the mass graves of 67"
        ("خانواده‌ها بر سر گورهای دسته جمعی ۶۷ گرد آمدند.", [("۶۷", "1988-03-21/1989-03-20")]),
        # from one day to another of a month, with or without its year (and a weekday before)
        ("در سال ۱۳۷۰ از سه تا هفده آبان ماه زندانیان را بردند.",
         [("۱۳۷۰", "1991-03-21/1992-03-20"), ("سه تا هفده آبان ماه", "1991-10-25/1991-11-08")]),
        ("مراسم از پنجشنبه ده تا هفده آبان ماه ۱۳۷۰ برگزار شد.",
         [("پنجشنبه ده تا هفده آبان ماه ۱۳۷۰", "1991-11-01/1991-11-08")]),
    ],
)  # fmt: skip
def test_chronology_persian_round6_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_persian_last_week_is_before_the_post_day() -> None:
    # "هفته اخیر" is "هفته گذشته"; both the Saturday-Friday week before the dateline, not before a day told
    text = (
        "سه‌شنبه، مهر ۱۹، ۱۳۹۰\n\nصبح روز جمعه ۱۵ مهر مراسم برگزار شد. طی هفته اخیر خانواده‌ها را تهدید کردند."
        " هفته گذشته سازمانی بیانیه داد."
    )
    assert _dates(text)[-2:] == [
        ("هفته اخیر", "2011-10-01/2011-10-07"),
        ("هفته گذشته", "2011-10-01/2011-10-07"),
    ]


def test_chronology_after_n_decades_opening_a_clause_is_counted_on() -> None:
    text = "The 1988 massacre was denied. After three decades, no one has been tried."
    assert _dates(text)[-1] == ("After three decades", "2018-01-01/2018-12-31")
    # "after seven years" inside a clause is a duration
    assert _dates("They were released after seven years, in silence.") == []


def test_chronology_a_hedged_same_day_and_those_days_named_after_a_comma() -> None:
    # "the same day or soon thereafter": hedged, no day told
    text = "In the summer of 1988 prisoners were executed the same day or soon thereafter."
    assert [t for t, _ in _dates(text)] == ["the summer of 1988"]
    # "آن روزها، دهه ۶۰ …": the dates after the comma name those days; one mention each, not a third
    assert [t for t, _ in _dates("مادران در آن روزها، دهه ۶۰ و تابستان ۶۷، نقش داشتند.")] == [
        "دهه ۶۰",
        "تابستان ۶۷",
    ]


def test_chronology_a_year_onward_does_not_set_the_year_of_a_later_month() -> None:
    text = "It is about 1988. Prisons were full from 1981 onward. In July and August the killings began."
    assert _dates(text)[-1] == ("July and August", "1988-07-01/1988-08-31")
    persian = "این کتاب درباره سال ۱۳۶۷ است. از سال ۱۳۶۰ به بعد زندان‌ها پر بود. در مرداد ماه کشتار آغاز شد."
    assert _dates(persian)[-1] == ("مرداد ماه", "1988-07-23/1988-08-22")


def test_chronology_may_after_in_is_the_month() -> None:
    text = "In 1985 many were killed: in May the executions of three teachers were announced."
    assert _dates(text) == [("1985", "1985-01-01/1985-12-31"), ("May", "1985-05-01/1985-05-31")]
    assert _dates("They may come in the morning; he may not.") == []


def test_chronology_a_topic_line_holds_no_date() -> None:
    text = "گفتگو با یکی از شاهدان کشتار ۶۷\nموضوع: کشتار ۶۷ و دادخواهی\nدر مرداد ۱۳۶۷ او را بردند."
    assert [t for t, _ in _dates(text)] == ["۶۷", "مرداد ۱۳۶۷"]


def test_chronology_an_adjective_between_the_killing_and_its_year() -> None:
    assert _dates("عاملان کشتار ضدبشری ۶۷ در دادگاه حاضر شدند.") == [("۶۷", "1988-03-21/1989-03-20")]
    assert _dates("کشتار جمعی ۶۷ نفر در آن شهر.") == []  # a count, not a year


def test_chronology_a_report_of_named_proceedings_dates_its_days_after_they_opened() -> None:
    # the Noury trial opened on 10 August 2021: a day told without a year in a report of it falls after that,
    # on the weekday written; without them named, Monday is not 15 Shahrivar 1367's weekday: no year is given
    assert _dates("دادگاه حمید نوری روز دوشنبه ۱۵ شهریور با شهادت یک زندانی سابق ادامه یافت.") == [
        ("دوشنبه ۱۵ شهریور", "2021-09-06/2021-09-06")
    ]
    assert _dates("دادگاه روز دوشنبه ۱۵ شهریور با شهادت یک زندانی سابق ادامه یافت.") == []
    assert _dates("The trial of Hamid Noury resumed on 23 November with a former guard.") == [
        ("23 November", "2021-11-23/2021-11-23")
    ]
    assert _dates("Reporters waited outside. On Tuesday, 18 January, the Noury hearing heard a witness.") == [
        ("Tuesday, 18 January", "2022-01-18/2022-01-18")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two months of the year told last, one range
        ("در تابستان ۱۳۶۷ بازداشت شد و در مهر و آبان همان سال خانواده‌اش را دید.",
         [("تابستان ۱۳۶۷", "1988-06-22/1988-09-22"), ("مهر و آبان همان سال", "1988-09-23/1988-11-21")]),
        ("In July 1988 the order came; betweenAugust and September of that year many died.",
         [("July 1988", "1988-07-01/1988-07-31"),
          ("August and September of that year", "1988-08-01/1988-09-30")]),
        # two years apart joined by "و" are two dates; consecutive ones one range
        ("کشتارهای سال های ۱۳۶۰ و ۶۷ را فراموش نمی کنیم.",
         [("سال های ۱۳۶۰", "1981-03-21/1982-03-20"), ("۶۷", "1988-03-21/1989-03-20")]),
        ("در سال‌های ۱۳۶۷ و ۱۳۶۸ زندانی بود.", [("سال\u200cهای ۱۳۶۷ و ۱۳۶۸", "1988-03-21/1990-03-20")]),
        # a Latin day, month and year joined by hyphens in a Persian page
        ("گزارش روزنامه 07-Sep-2010 درباره خاوران.", [("07-Sep-2010", "2010-09-07/2010-09-07")]),
        # a space lost after a four-digit Solar year (not before a count)
        ("زندانیان در تابستان ۱۳۶۷چهار دوره را گذراندند.", [("تابستان ۱۳۶۷", "1988-06-22/1988-09-22")]),
        ("در سال ۱۳۶۷نفر", []),
        # the last days of a month, the first years of a decade
        ("در روزهای واپسین خرداد ۱۳۶۰ اعدام‌ها آغاز شد.",
         [("روزهای واپسین خرداد ۱۳۶۰", "1981-06-11/1981-06-21")]),
        ("اعدام‌های سال‌های اولیه دهه ۱۳۶۰آماده شد.",
         [("سال\u200cهای اولیه دهه ۱۳۶۰", "1981-03-21/1985-03-20")]),
        # "from Aug. 14 to 16": the second day alone after "to"; "..., 1988, to ...": one range
        ("Bodies were taken from Aug. 14 to 16, 1988.", [("Aug. 14 to 16, 1988", "1988-08-14/1988-08-16")]),
        ("They were killed from July 30, 1988, to August 16, 1988.",
         [("July 30, 1988, to August 16, 1988", "1988-07-30/1988-08-16")]),
    ],
)  # fmt: skip
def test_chronology_ranges_and_spellings_of_session_12(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the N-th anniversary of the massacre dates the writing: "this year", "امسال" and a weekday's day
        ("This year, which marks the 19th anniversary of the mass executions, families were stopped.",
         [("This year", "2007-01-01/2007-12-31")]),
        ("یاد یاران تابستان امسال، سی و دومین سالگرد قتل عام زندانیان سیاسی.",
         [("تابستان امسال", "2020-06-21/2020-09-21")]),
        ("مرداد و شهریور امسال مصادف است با بیستمین سالگرد کشتار زندانیان.",
         [("مرداد و شهریور امسال", "2008-07-22/2008-09-21")]),
        ("مراسم بیست و نهمین سالگرد کشتار روز یکشنبه ۱۷ سپتامبر برگزار می‌شود.",
         [("یکشنبه ۱۷ سپتامبر", "2017-09-17/2017-09-17")]),
        # without an anniversary or a dateline the writer's year is not given; a noun's modifier is no date
        ("This year they came again.", []),
        ("This year marks the 19th anniversary of the executions; this year's gathering was banned.",
         [("This year", "2007-01-01/2007-12-31")]),
        ("رادیو ویژه برنامه امسال خود را به مناسبت سی امین سالگرد کشتار پخش کرد.", []),
        # the past forty years: a duration; a day naming a body: no date
        ("پس از تابستان ۱۳۶۷ آزار خانواده‌ها در ۴۰ سال گذشته ادامه داشته است.",
         [("تابستان ۱۳۶۷", "1988-06-22/1988-09-22")]),
        ("او عضو سازمان (شاخه ۱۶آذر) بود.", []),
    ],
)  # fmt: skip
def test_chronology_the_writers_year_from_an_anniversary(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_counted_back_with_its_date_in_brackets_and_commemorations() -> None:
    # "N years ago (date)": the bracketed date tells it; a day counted in the story stays a mention
    assert _dates("در ملاقات با اعضای کمیته در 28 سال پیش (24 مرداد 1367) سخن گفت.") == [
        ("24 مرداد 1367", "1988-08-15/1988-08-15")
    ]
    assert [
        t for t, _ in _dates("On 20 June 1981 they marched. Some were shot next morning (21 June 1981).")
    ] == [
        "20 June 1981",
        "next morning",
        "21 June 1981",
    ]
    # a day of the commemoration in a text of the 20th anniversary is of the writer's year
    text = (
        "The 20th anniversary of the 1988 massacre. Families gathered on 29 August to mark the anniversary."
    )
    assert _dates(text)[-1] == ("29 August", "2008-08-29/2008-08-29")
    # a month told without a year in a report of named proceedings: the first one after they opened
    text = "The trial of Hamid Noury, arrested in 2019, ends; a verdict is due in July."
    assert _dates(text)[-1] == ("July", "2022-07-01/2022-07-31")


def test_chronology_a_month_half_a_year_before_the_season_told_is_the_next_year() -> None:
    # autumn 1366 ends in Azar: a Khordad told after it is the next spring's
    text = "در پاییز سال ۱۳۶۶ گفتند وضعیت آنها بعد از ۱۵ خرداد روشن می‌شود."
    assert _dates(text)[-1] == ("۱۵ خرداد", "1988-06-05/1988-06-05")


def test_chronology_today_in_a_dated_report_of_a_hearing_is_its_day() -> None:
    # after the story's summer, "امروز" in a sentence about the case is the report's day; "تا امروز" (up to
    # now) names no day
    top = "استکهلم، ۱۲ شهریور ۱۴۰۰ - جلسه دادگاه درباره اعدام‌های زندان در تابستان ۱۳۶۷ برگزار شد. "
    assert _dates(top + "امروز، شاکی دیگری از این پرونده شهادت داد.")[-1] == (
        "امروز",
        "2021-09-03/2021-09-03",
    )
    told = _dates(
        top + "کابوسی که تا امروز خانواده‌ها از آن رنج می‌برند، ادامه دارد و امروز شاکی پرونده شهادت داد."
    )
    assert [t for t, _ in told].count("امروز") == 1


def test_chronology_a_weekday_that_is_not_the_story_years_leaves_the_day_undated() -> None:
    # 11 Khordad 1367 was a Wednesday: "Thursday 11 Khordad" is of another year the text does not give
    assert _dates("عفو بین‌الملل روز پنجشنبه ۱۱ خرداد گزارش داد که گورها تخریب شده‌اند.") == []
    assert _dates("مادرم روز چهارشنبه ۱۱ خرداد به زندان آمد.") == [
        ("چهارشنبه ۱۱ خرداد", "1988-06-01/1988-06-01")
    ]


def test_chronology_the_following_year_counts_from_the_year_told_and_on_that_day() -> None:
    text = "Our post of August 23, 2008: the killings began in 1988 and continued into the following year."
    assert _dates(text)[-1] == ("the following year", "1989-01-01/1989-12-31")
    text = "They chose 20 June 1981 as the starting date. On that day, crowds marched."
    assert _dates(text)[-1] == ("that day", "1981-06-20/1981-06-20")


def test_chronology_a_word_before_a_hyphenated_count_is_not_counted() -> None:
    text = "August 28, 2009. The order followed an incursion from Iraq twenty-one years ago."
    assert _dates(text)[-1] == ("twenty-one years ago", "1988-01-01/1988-12-31")


def test_chronology_decades_later_under_a_dateline_count_from_the_event_named() -> None:
    text = "August 15, 2018. Graves were dug during the 1988 massacre. Three decades later, no one answered."
    assert _dates(text)[-1] == ("Three decades later", "2018-01-01/2018-12-31")


def test_chronology_another_events_anniversary_does_not_date_the_writing() -> None:
    assert _dates("This year marks the 40th anniversary of the revolution and of the executions.") == []
    assert _dates("This year is the 2018 anniversary of the massacre.") == [("2018", "2018-01-01/2018-12-31")]


def test_chronology_a_hearing_day_first_in_a_report_without_its_year_is_not_guessed() -> None:
    text = "A report on hearings with witnesses 3 and 4 held on 12 and 13 March. Next trial day: 15 March."
    assert _dates(text) == []
    assert (
        _dates("در این گزارش خلاصه جلسات استماع شاهدان ۳ و ۴ را که در روز ۱۲ مارس برگزار شد می‌آوریم.") == []
    )
    # after a year of the story the hearing is the story's
    text = "In 1988 he was held in Evin. At the trial on 5 August the judge asked his faith."
    assert _dates(text)[-1] == ("5 August", "1988-08-05/1988-08-05")


def test_chronology_hearings_with_numbered_witnesses_after_the_story_s_summer_are_not_dated() -> None:
    text = "Many were killed in the summer of 1988. This covers hearings with witnesses 5 and 6 on 9 May."
    assert _dates(text) == [("the summer of 1988", "1988-06-01/1988-09-22")]


def test_chronology_a_weekday_after_a_day_of_the_story_is_the_next_one() -> None:
    # a story told day by day moves on: "On Saturday" after a dated Friday of 1988 is the day after it, not
    # the Saturday before; "that week" is the Saturday-Friday week holding it, and "the next day" still counts
    # from that Saturday (guide, twenty-second part)
    text = (
        "On Friday, 6 May 1988 we were moved. On Saturday we waited for visits. That week, no one came. "
        "The next day they left. Late Tuesday night, May 10, 1988, we heard steps."
    )
    assert _dates(text) == [
        ("Friday, 6 May 1988", "1988-05-06/1988-05-06"),
        ("Saturday", "1988-05-07/1988-05-07"),
        ("That week", "1988-05-07/1988-05-13"),
        ("The next day", "1988-05-08/1988-05-08"),
        ("Tuesday night, May 10, 1988", "1988-05-10/1988-05-10"),
    ]
    # "that week" closing a clause is left alone
    closing = "He was hanged on 1 May 1988. Forty were executed that week."
    assert [t for t, _ in _dates(closing)] == ["1 May 1988"]


def test_chronology_a_trial_report_named_by_its_court_dates_its_hearing_days() -> None:
    # a report that leaves the accused unnamed but names the court's presiding judge: its hearing days
    # without a year are the first ones after the trial opened, even after a year of the story was told
    text = (
        "Many were hanged in the summer of 1988. We sum up the hearings with witnesses 5 and 6 held on "
        "18 and 19 January. Judge Zander opened the trial day."
    )
    assert ("18 and 19 January", "2022-01-18/2022-01-19") in _dates(text)
    fa = "جلسات استماع شهود ۵ و ۶ در روز ۱۹ ژانویه برگزار شد. قاضی ساندر جلسه را گشود."
    assert ("۱۹ ژانویه", "2022-01-19/2022-01-19") in _dates(fa)


def test_chronology_a_known_ruling_dates_its_weekday_today_and_the_writers_year() -> None:
    # a report on the Noury proceedings with no dateline: "Today" in a sentence on the appeals court's ruling
    # is the day of that ruling, and "last year", "last summer" count from it; the verdict "sentenced
    # Thursday" is the day of the verdict; a day without a year in a sentence on the appeal falls after it
    # opened (guide, twenty-third part: dates of known events)
    text = (
        "A story on Hamid Noury. Today, the appeals court upheld the verdict against him. He was convicted "
        "last year. Last summer, people waited."
    )
    assert _dates(text) == [
        ("Today", "2023-12-19/2023-12-19"),
        ("last year", "2022-01-01/2022-12-31"),
        ("Last summer", "2022-06-01/2022-09-22"),
    ]
    verdict = "STOCKHOLM — Hamid Noury was sentenced Thursday to life in prison."
    assert _dates(verdict) == [("Thursday", "2022-07-14/2022-07-14")]
    appeal = "Hamid Noury's case returns: on 11 January the Court of Appeal will take it up."
    assert _dates(appeal) == [("11 January", "2023-01-11/2023-01-11")]


def test_chronology_a_weekday_the_page_gets_wrong_keeps_the_publication_year() -> None:
    # under a dateline of 2021, "Saturday, July 19" fits no year since 2020: the page's slip, the day is read
    # in the dateline's year, not moved back to 2014 where 19 July was a Saturday
    text = "Paris, March 3, 2021. On Saturday, July 19, the vote was counted."
    assert _dates(text)[-1] == ("Saturday, July 19", "2021-07-19/2021-07-19")


def test_chronology_a_month_of_the_proceedings_under_a_dateline_is_the_reports() -> None:
    # a dateline of 2012, then the decade of the story: the tribunal's months are the ones nearest the
    # report's day, not months of 1989
    text = (
        "Monday 5 November 2012. Families suffered through the 1980s. The hearing was split between a "
        "session in June and one at the end of October."
    )
    dates = _dates(text)
    assert ("June", "2012-06-01/2012-06-30") in dates
    assert ("the end of October", "2012-10-21/2012-10-31") in dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the decade's digits against "دهه"
        ("زنان زندانی دهه۶۰ سخن گفتند.", [("دهه۶۰", "1981-03-21/1991-03-20")]),
        # day, month and two-digit year written together, the next word against them
        ("در5مرداد67ساعت ده آمدند.", [("5مرداد67", "1988-07-27/1988-07-27")]),
        # a four-digit year against the next word, after a weekday and its day
        ("یکشنبه ۱۴شهریور ۱۳۶۰بعد از بازداشت رفتم.", [("یکشنبه ۱۴شهریور ۱۳۶۰", "1981-09-05/1981-09-05")]),
        # "from year 60 to year 66": one range, the second year after its own "سال"
        ("او از سال ۶۰ تا سال ۶۶ در زندان ماند.", [("۶۰ تا سال ۶۶", "1981-03-21/1988-03-20")]),
        # the survivors and the executioner of 67
        ("با یکی از بازماندگان ۶۷ گفتگو کردیم.", [("۶۷", "1988-03-21/1989-03-20")]),
    ],
)  # fmt: skip
def test_chronology_persian_shapes_written_together(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


def test_chronology_the_two_gregorian_years_of_a_solar_one_and_the_end_of_the_year() -> None:
    text = "He was held from 1364 (1985/1986) until the end of the year 1366 (1987)."
    assert _dates(text) == [
        ("1364", "1985-03-21/1986-03-20"),
        ("1985/1986", "1985-01-01/1986-12-31"),
        ("the end of the year 1366", "1987-11-22/1988-03-20"),
        ("1987", "1987-01-01/1987-12-31"),
    ]
    # a weekday written against the Solar year before it still opens its day
    glued = "دادگاه حمید نوری در تابستان ۱۴۰۰پنجشنبه ۲۱ مرداد ادامه یافت."
    assert ("پنجشنبه ۲۱ مرداد", "2021-08-12/2021-08-12") in _dates(glued)


def test_chronology_an_international_day_is_its_day_of_the_year_told() -> None:
    # the occasion of a statement: the day of the year in force; none when only the story's years are told,
    # and none for the name of a day just written ("۳۰ اوت که «روز جهانی ...» نامگذاری شده")
    text = "Geneva, 2 May 2016. In a statement for the International Day of Enforced Disappearance, they met."
    assert _dates(text)[-1] == ("International Day of Enforced Disappearance", "2016-08-30/2016-08-30")
    fa = "این سازمان روز پنجشنبه ۵ تیر ۱۳۹۹ به مناسبت «روز جهانی حمایت از قربانیان شکنجه» بیانیه داد."
    assert _dates(fa)[-1] == ("روز جهانی حمایت از قربانیان شکنجه", "2020-06-26/2020-06-26")
    story = "In the summer of 1988 they died. Each International Day of the Disappeared we mourn."
    assert [t for t, _ in _dates(story)] == ["the summer of 1988"]
    named = "در آستانه ۳۰ اوت ۲۰۱۷ که «روز جهانی قربانیان ناپدیدسازی قهری» نامگذاری شده، گفتند."
    assert [t for t, _ in _dates(named)] == ["۳۰ اوت ۲۰۱۷"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("خبر ۷ شهریور ۱۳۸۷: گفتند جمعه بعد از هشتم شهریور می‌توانیم برویم.",
         ("جمعه بعد از هشتم شهریور", "2008-09-05/2008-09-05")),
        ("On 3 May 1988 they said we could meet on the Friday after 12 May.",
         ("the Friday after 12 May", "1988-05-13/1988-05-13")),
    ],
)  # fmt: skip
def test_chronology_the_weekday_after_a_day_is_the_next_one(text: str, expected: tuple[str, str]) -> None:
    assert _dates(text)[-1] == expected


def test_chronology_a_known_day_opening_an_undated_report_dates_the_report() -> None:
    # a wire story on the Noury trial with no dateline: "wrapped up on Wednesday" is the trial's last day, the
    # report's own; "a verdict due in July" is the July after it
    text = "The trial of Hamid Noury wrapped up in Stockholm on Wednesday, with a verdict due in July."
    assert _dates(text) == [("Wednesday", "2022-05-04/2022-05-04"), ("July", "2022-07-01/2022-07-31")]


def test_chronology_last_month_told_as_gregorian_in_persian() -> None:
    # "ماه گذشته (میلادی)": the Gregorian month before the day told, not the Solar one
    text = "گزارش ۱۲ اسفند ۱۳۹۶: گزارشگری که ماه گذشته (میلادی) درگذشت."
    assert _dates(text)[-1] == ("ماه گذشته", "2018-02-01/2018-02-28")


def test_chronology_the_summer_months_are_the_season_of_the_year_told() -> None:
    text = "Evin, summer 1988. The hot summer months began quietly. In those summer months we waited."
    assert _dates(text)[1:] == [
        ("The hot summer months", "1988-06-01/1988-09-22"),
        ("those summer months", "1988-06-01/1988-09-22"),
    ]
    # with no year told, none
    assert _dates("Those winter days were cold.") == []


def test_chronology_a_weekday_opening_a_numeric_solar_date_is_no_second_mention() -> None:
    assert _dates("خبر کوتاه  یکشنبه ۱۴۰۱/۰۵/۰۲  دادگاه رای داد.") == [
        ("۱۴۰۱/۰۵/۰۲", "2022-07-24/2022-07-24")
    ]


def test_chronology_a_report_on_the_president_elect_dates_the_election_and_the_inauguration() -> None:
    # no dateline: a report calling Raisi the president-elect is written between his election (Friday 18 June
    # 2021) and his inauguration; "won on Friday" is the election day, "in August" the August after it
    text = (
        "Rights groups want president-elect Ebrahim Raisi investigated for the 1988 killings. Raisi won the "
        "vote on Friday. He will be inaugurated in August."
    )
    assert _dates(text)[1:] == [("Friday", "2021-06-18/2021-06-18"), ("August", "2021-08-01/2021-08-31")]


def test_chronology_english_last_week_and_month_count_from_the_writers_day() -> None:
    # under a dateline: the Monday-Sunday week and the calendar month before it; none without a writer's day,
    # none for "the last week of August" or a duration
    text = "STOCKHOLM, Wednesday 4 May 2022. Last week, prosecutors spoke. Last month they met."
    assert _dates(text)[1:] == [
        ("Last week", "2022-04-25/2022-05-01"),
        ("Last month", "2022-04-01/2022-04-30"),
    ]
    assert [t for t, _ in _dates("In 1988 we were moved. Last week I recalled it.")] == ["1988"]
    kept = "They came in the last week of August 1988. Over the last month we waited."
    assert [t for t, _ in _dates(kept)] == ["the last week of August 1988"]


def test_chronology_more_than_n_years_ago_is_no_date() -> None:
    # an offset bounded on one side only tells no year; the exact one still does
    text = "Paris, 3 May 2019. More than 30 years ago, they died. 30 years ago, they were hanged."
    assert [t for t, _ in _dates(text)] == ["3 May 2019", "30 years ago"]
    assert [t for t, _ in _dates("در ۵ مرداد ۱۳۹۸ گفت: بیش از ۳۰ سال پیش آنجا بودم.")] == ["۵ مرداد ۱۳۹۸"]


@pytest.mark.parametrize("name", ["anchors.toml", "proceedings.toml", "world_days.toml"])
def test_chronology_named_events_load_from_their_data_files_each_with_a_date(name: str) -> None:
    # public history lives in extract/data, not in the rules: every event has a title, a date (or a day of
    # every year) and phrases that name it; a proceeding's stages and rulings have their own dates
    import datetime

    from testament.extract.chronology import _events, _proceedings

    events = _events(name)
    assert events
    for key, spec in events.items():
        assert spec["title"] and (spec["en"] or spec["fa"]), key
        if name == "world_days.toml":
            month, day = (int(x) for x in spec["day"].split("-"))
            assert datetime.date(2000, month, day), key
        else:
            assert datetime.date.fromisoformat(spec["date"]), key
        for part in ("stages", "rulings"):
            for entry in spec.get(part, []):
                assert datetime.date.fromisoformat(entry["date"]) >= datetime.date.fromisoformat(spec["date"])
    if name == "proceedings.toml":
        opened = {p.opened: p for p in _proceedings()}
        assert datetime.date(2021, 8, 10) in opened  # the Noury trial, with its appeal and rulings
        assert opened[datetime.date(2021, 8, 10)].stages and opened[datetime.date(2021, 8, 10)].rulings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[x]\ntitle = "X"\nen = ["x"]\nfa = []\n', r"\[x\] has no ISO date"),
        ('[x]\ntitle = "X"\ndate = "20 July 1988"\nen = ["x"]\nfa = []\n', r"\[x\] has no ISO date"),
        ('[x]\ndate = "1988-07-20"\nen = ["x"]\nfa = []\n', r"\[x\] has no title"),
        ('[x]\ntitle = "X"\ndate = "1988-07-20"\nen = ["(x"]\nfa = []\n', r"\[x\] `en` phrase '\(x'"),
        ('[x]\ntitle = "X"\ndate = "1988-07-20"\nen = []\nfa = []\n', r"\[x\] has no phrase"),
        ('[x]\ntitle = "X"\ndate = "1988-07-20"\nen = "x"\nfa = []\n', r"\[x\] `en` is not a list"),
        ('[x]\ntitle = "X"\ndate = "1988-07-20"\nend = "1988-07-01"\nen = ["x"]\nfa = []\n', r"ends"),
        ('[x]\ntitle = "X"\nday = "13-01"\nen = ["x"]\nfa = []\n', r"\[x\] `day` is no day of the year"),
        ('["a b"]\ntitle = "X"\ndate = "1988-07-20"\nen = ["x"]\nfa = []\n', r"\[a b\] is no name"),
        (
            '[x]\ntitle = "X"\ndate = "2021-08-10"\nen = ["x"]\nfa = []\n'
            '[[x.rulings]]\ntitle = "R"\nen = ["y"]\nfa = []\n',
            r"\[x\.rulings\.0\] has no ISO date",
        ),
        ("[x\n", r"not TOML"),
    ],
)
def test_chronology_a_malformed_named_event_is_refused_with_its_file_and_name(
    text: str, message: str
) -> None:
    from testament.extract.chronology import _parse_events

    with pytest.raises(ValueError, match=r"^events\.toml: .*" + message):
        _parse_events(text, "events.toml")
