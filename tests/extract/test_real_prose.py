"""The rules on the shapes of real testimony (issue 18): relative and partial dates, named anchors, counts in
words and vague quantities with their qualifier, roles in lists and quotations, held positions. All texts are
our own, written after the shapes found in published testimony; none is copied from it."""

from __future__ import annotations

import pytest

from testament.extract import Mention, extract_mentions


def _of(text: str, kind: str) -> list[Mention]:
    return [m for m in extract_mentions(text) if m.type == kind]


def _dates(text: str) -> list[tuple[str, object, object]]:
    return [(m.text, m.value, m.detail["precision"]) for m in _of(text, "date")]


# --- dates ---------------------------------------------------------------------------------------------


def test_extract_dates_relative_to_a_dateline_and_partial_months() -> None:
    text = (
        "Durres, November 10, 2021. On Wednesday the court sat. Thirty three years ago, in the summer of 67, "
        "the prisoners were killed. In the first days of Shahrivar the visits stopped. In 1979 I joined; "
        "during that same year I was arrested."
    )
    assert _dates(text) == [
        ("November 10, 2021", "2021-11-10/2021-11-10", "day"),
        ("Wednesday", "2021-11-10/2021-11-10", "day"),  # the Wednesday on or before the dateline
        ("Thirty three years ago", "1988-01-01/1988-12-31", "year"),
        ("the summer of 67", "1988-06-22/1988-09-22", "season"),  # '67 is Solar 1367
        ("the first days of Shahrivar", "1988-08-23/1988-09-01", "range"),
        ("1979", "1979-01-01/1979-12-31", "year"),
        ("that same year", "1979-01-01/1979-12-31", "year"),  # the year last told, not the anchor
    ]


def test_extract_dates_after_a_named_anchor() -> None:
    text = "After the ceasefire the visits stopped. پس از آتش‌بس ملاقات‌ها قطع شد."
    english = _dates(text.split(" پس")[0])
    assert english == [("After the ceasefire", "1988-07-21/1988-08-19", "range")]
    persian = _of("پس از پذیرش قطعنامه ۵۹۸ ملاقات‌ها قطع شد.", "date")
    assert [(m.text, m.value) for m in persian] == [("پس از پذیرش قطعنامه ۵۹۸", "1988-07-21/1988-08-19")]
    assert persian[0].detail["approximate"] is True


def test_extract_persian_dates_written_together_and_in_words() -> None:
    text = (
        "در ۲۸تیرماه ۶۷ و ۲۷تیر آمدند. در زمستان سال۱۳۶۶ و شانزده آذر ۱۳۶۰ و اول فوریه ۲۰۲۲ . "
        "در این روز رفتند."
    )
    assert [(t, v) for t, v, _ in _dates(text)] == [
        ("۲۸تیرماه ۶۷", "1988-07-19/1988-07-19"),
        ("۲۷تیر", "1988-07-18/1988-07-18"),  # a day written against the month is no arrow ("تیر")
        ("زمستان سال۱۳۶۶", "1987-12-22/1988-03-20"),
        ("شانزده آذر ۱۳۶۰", "1981-12-07/1981-12-07"),
        ("اول فوریه ۲۰۲۲", "2022-02-01/2022-02-01"),
        ("این روز", "2022-02-01/2022-02-01"),
    ]
    assert [m.text for m in _of("پرونده ۶۷ هنوز باز است.", "date")] == ["۶۷"]


# --- counts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 5-6 interrogation guards stood there.", [(5, "about"), (6, "about")]),
        ("Dozens of prisoners and thousands of political prisoners died.", [(24, "vague"), (2000, "vague")]),
        ("More than 200 women were taken. Only six came back.", [(200, "more_than"), (6, "exact")]),
        ("حدود دویست نفر و ده‌ها نفر و بیش از ۲۰۰ زن را بردند.",
         [(200, "about"), (24, "vague"), (200, "more_than")]),
        ("با شرکت ٧٠٠ الی ٨٠٠ نفر. این هیأت شامل 5نفر بود. ۳هزار و ۸۰۰ نفر اعدام شدند.",
         [(700, "range"), (800, "range"), (5, "exact"), (3800, "exact")]),
    ],
)  # fmt: skip
def test_extract_counts_keep_their_qualifier(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(m.value, m.detail["qualifier"]) for m in _of(text, "count")] == expected


def test_extract_counts_per_occurrence_and_not_references() -> None:
    group = _of("Every few minutes a group of ten was taken to the hall.", "count")
    assert [(m.value, m.detail.get("recurring")) for m in group] == [(10, "Every few minutes")]
    assert _of("The thousands of victims were buried at night.", "count") == []


# --- roles and positions -------------------------------------------------------------------------------


def test_extract_roles_in_lists_quotations_and_appositions() -> None:
    text = (
        "Durres, November 10, 2021. Hamid Noury, an Iranian prison official charged with torture, is "
        "standing trial. “That night we were in the ward. Davood Lashgari [one of the torturers] read out "
        "three names: Ali Kamali, Reza Javadi, and Mehdi Sohrabi,” Mr. Zand said. "
        "Omid Rahimi and Kaveh Karimi were executed. Parsa Moradi was not among them."
    )
    roles = {m.text: m.role for m in _of(text, "person")}
    assert roles == {
        "Hamid Noury": "perpetrator",
        "Davood Lashgari": "perpetrator",
        "Ali Kamali": "victim",
        "Reza Javadi": "victim",
        "Mehdi Sohrabi": "victim",
        "Zand": "witness",  # a survivor quoted in an article: a witness, not its narrator
        "Omid Rahimi": "victim",
        "Kaveh Karimi": "victim",
        "Parsa Moradi": "other",
    }


def test_extract_my_cellmate_is_the_victim_not_the_narrator() -> None:
    persian = _of("من در اوین بودم. همبند من علی اکبری در مرداد ۱۳۶۷ اعدام شد.", "person")
    assert [(m.text, m.role) for m in persian] == [("علی اکبری", "victim")]
    english = _of("I was in Evin. My cellmate Ali Akbari was executed in August 1988.", "person")
    assert [(m.text, m.role) for m in english] == [("Ali Akbari", "victim")]


def test_extract_held_positions_with_their_words_and_date() -> None:
    text = "In July 1988 Morteza Eshraghi, the prosecutor of Tehran, sat on the commission in Evin."
    eshraghi = next(m for m in _of(text, "person") if m.text == "Morteza Eshraghi")
    assert eshraghi.role == "perpetrator"
    held = eshraghi.detail["positions"]
    assert [(p["value"], text[p["start"] : p["end"]]) for p in held] == [
        ("prosecutor of Tehran", "prosecutor of Tehran"),
        ("commission member", "commission"),
    ]
    assert held[0]["date"]["value"] == "1988-07-01/1988-07-31"
    persian = _of("این هیات شامل «حسین علی نیری» حاکم شرع و «مرتضی اشراقی» دادستان تهران بود.", "person")
    assert [m.detail["positions"][0]["value"] for m in persian] == ["religious judge", "prosecutor of Tehran"]


def test_extract_a_weekday_habit_is_no_date() -> None:
    assert _dates("On July 30, 1988 she came. She came every Saturday. هر جمعه می‌آمد.") == [
        ("July 30, 1988", "1988-07-30/1988-07-30", "day")
    ]


# --- second pass (helper EXTRACT2): the guide's conventions and Persian numbers and dates --------------


def test_extract_every_massacre_is_an_execution_act_as_the_guide_says() -> None:
    # docs/annotation.md: "massacre", "killings", "کشتار", "قتل عام" are executions each time named
    en = _of("Survivors of the 1988 massacre spoke. The killings in Evin were overseen by Nayyeri.", "act")
    assert [(m.text, m.value) for m in en] == [("massacre", "execution"), ("killings", "execution")]
    fa = _of("یادمانده‌هایی از کشتار تابستان ۶۷. روز شمار قتل عام۶۷. در رابطه با اعدامها پرسیدم.", "act")
    assert [m.text for m in fa] == ["کشتار", "قتل عام", "اعدامها"]


def test_extract_the_massacre_is_first_hand_only_where_the_speaker_was_there() -> None:
    text = (
        "I am one of the witnesses of the 1988 massacre. During the massacre I was in Gohardasht, "
        "and we saw the trucks."
    )
    acts = [(m.text, m.detail["provenance"]) for m in _of(text, "act") if m.text == "massacre"]
    assert acts == [("massacre", "report"), ("massacre", "first_hand")]


def test_extract_being_in_prison_is_detention_and_the_witness_own_experience() -> None:
    text = (
        "Mohammad Rahimi, a former political prisoner who spent eleven years in Iran's prisons, testified. "
        "During the summer of 1988, Rahimi was in Gohardasht prison. The guards were burying bodies. "
        "In those days, all visits to the prisons were banned and the families waited outside."
    )
    acts = [(m.text, m.value, m.detail["provenance"]) for m in _of(text, "act")]
    assert acts == [
        ("spent eleven years", "detention", "first_hand"),
        ("was in", "detention", "first_hand"),
        ("burying", "burial", "report"),
        ("visits to the prisons were banned", "family_not_informed", "report"),
    ]
    assert ("In those days", "1988-06-01/1988-09-22", "range") in _dates(text)


def test_extract_persian_dates_in_figures_and_the_next_month_or_year() -> None:
    text = "مصاحبه (19/10/82) با او. در ۲۰ مرداد ۱۳۶۷ دستگیر شدم. ماه بعد به اوین رفتم. سال بعد آزاد شدم."
    assert [(t, v) for t, v, _ in _dates(text)] == [
        ("19/10/82", "2004-01-09/2004-01-09"),  # 19 Dey 1382, day first
        ("۲۰ مرداد ۱۳۶۷", "1988-08-11/1988-08-11"),
        ("ماه بعد", "1988-08-23/1988-09-22"),  # Shahrivar 1367, the next Solar month
        ("سال بعد", "1989-03-21/1990-03-20"),  # Solar 1368
    ]
    assert [t for t, _, _ in _dates("در تاریخ ۶۷/۵/۱۲ اعدام شد. ساعت 10/12/30 بود.")] == ["۶۷/۵/۱۲"]
    # "فردای آن روز" is still the next day; "آن روزها" the time last told
    text = "در ۲۰ مرداد ۱۳۶۷ او را بردند. فردای آن روز آمدند. در آن روزها ملاقات نبود."
    assert [(t, v) for t, v, _ in _dates(text)][1:] == [
        ("فردای آن روز", "1988-08-12/1988-08-12"),
        ("آن روزها", "1988-08-12/1988-08-12"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سی‌هزار زندانی اعدام شدند.", [(30000, "exact")]),
        ("دو سه نفر را بردند.", [(2, "range"), (3, "range")]),
        ("۷۰۰ تا ۸۰۰ نفر آمدند.", [(700, "range"), (800, "range")]),
        ("چند صد نفر اعدام شدند.", [(200, "vague")]),
        ("چندین هزار نفر اعدام شدند.", [(2000, "vague")]),
        ("بیست و چند نفر اعدام شدند.", [(20, "more_than")]),
        ("Several hundred prisoners were executed.", [(200, "vague")]),
        ("Twenty-odd prisoners were taken.", [(20, "more_than")]),
    ],
)
def test_extract_number_words_ranges_and_vague_hundreds(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(m.value, m.detail["qualifier"]) for m in _of(text, "count")] == expected


def test_extract_persian_compound_given_name_is_one_person() -> None:
    persons = _of("آیت الله حسینعلی منتظری با اعضای هیات دیدار کرد.", "person")
    assert [m.text for m in persons] == ["حسینعلی منتظری"]


def test_extract_victim_with_an_adverb_before_the_verb() -> None:
    text = "In those days, with my brother Parviz, I was in Evin. Parviz was heroically executed."
    assert {m.role for m in _of(text, "person")} == {"victim"}


def test_extract_a_judge_of_the_court_abroad_is_an_official_not_a_perpetrator() -> None:
    # "ساندر (Zander)": the name and its Latin spelling are one person, found after the office
    text = "جلسۀ دادگاه با سخنان قاضی ساندر (Zander) آغاز شد. حسین علی نیری، حاکم شرع، حکم داد."
    persons = _of(text, "person")
    assert [(m.text, m.role) for m in persons] == [
        ("ساندر", "official"),
        ("Zander", "official"),
        ("حسین علی نیری", "perpetrator"),
    ]
    assert persons[0].detail["entity"] == persons[1].detail["entity"] != persons[2].detail["entity"]
