"""The extraction rules, one behaviour at a time (all texts invented)."""

from __future__ import annotations

import datetime

import pytest

from testament.errors import InputError
from testament.extract import Context, Mention, extract_mentions
from testament.extract.counts import parse_number_words


def _of(text: str, kind: str, **kwargs: object) -> list[Mention]:
    return [m for m in extract_mentions(text, **kwargs) if m.type == kind]  # type: ignore[arg-type]


def _values(text: str, kind: str, **kwargs: object) -> list[tuple[str, object]]:
    return [(m.text, m.value) for m in _of(text, kind, **kwargs)]


# --- dates ---------------------------------------------------------------------------------------------


def test_extract_dates_absolute_in_both_calendars() -> None:
    text = "On July 30, 1988 they came. On 15 Mordad 1367 they hanged him. In the summer of 1988 and in 1982."
    assert _values(text, "date") == [
        ("July 30, 1988", "1988-07-30/1988-07-30"),
        ("15 Mordad 1367", "1988-08-06/1988-08-06"),
        ("the summer of 1988", "1988-06-01/1988-09-22"),  # issue 12: to the Persian summer's end
        ("1982", "1982-01-01/1982-12-31"),
    ]
    mordad = _of(text, "date")[1]
    assert mordad.detail["calendar"] == "solar_hijri" and mordad.detail["original"] == "15 Mordad 1367"


def test_extract_dates_year_from_context_and_relative_dates() -> None:
    text = (
        "On July 30, 1988 we were moved. On August 6 they took him. Two days later he was hanged. "
        "The next morning we learned of it. A week later the visits resumed."
    )
    assert [v for _, v in _values(text, "date")] == [
        "1988-07-30/1988-07-30",
        "1988-08-06/1988-08-06",
        "1988-08-08/1988-08-08",
        "1988-08-09/1988-08-09",
        "1988-08-16/1988-08-16",
    ]
    dates = _of(text, "date")
    assert dates[1].detail["year_from_context"] is True
    assert dates[2].detail["relative_to"] == "1988-08-06/1988-08-06"


def test_extract_dates_month_without_year_takes_the_year_in_force_else_the_massacre_year() -> None:
    assert _values("He was arrested in 1982. In 1988 visits stopped. On August 6 they took him.", "date")[
        2
    ] == (("August 6", "1988-08-06/1988-08-06"))
    assert _values("On August 6 they took him.", "date") == [("August 6", "1988-08-06/1988-08-06")]
    assert _values("On August 6 they took him.", "date", context=Context(default_year=1981)) == [
        ("August 6", "1981-08-06/1981-08-06")
    ]


def test_extract_dates_relative_needs_an_anchor_or_a_reference() -> None:
    assert _of("Two days later he was hanged.", "date") == []
    reference = Context(reference=datetime.date(1988, 8, 1))
    assert _values("Two days later he was hanged.", "date", context=reference) == [
        ("Two days later", "1988-08-03/1988-08-03")
    ]


def test_extract_dates_skips_durations_and_times_of_day() -> None:
    text = "On 1 August 1988 he fell ill. For the next month he could not sleep. That night he was taken."
    assert [t for t, _ in _values(text, "date")] == ["1 August 1988"]


def test_extract_dates_ranges_parts_and_decades() -> None:
    text = "Between July 19 and September 5, 1988; from 1981 to 1988; in late July 1988; in the 1980s."
    assert _values(text, "date") == [
        ("July 19 and September 5, 1988", "1988-07-19/1988-09-05"),
        ("1981 to 1988", "1981-01-01/1988-12-31"),
        ("late July 1988", "1988-07-21/1988-07-31"),
        ("the 1980s", "1980-01-01/1989-12-31"),
    ]


def test_extract_dates_persian() -> None:
    text = "در ۱۵ مرداد ۱۳۶۷ او را بردند. دو روز بعد اعدام شد. در تابستان ۶۷ و در آذر همان سال."
    assert [v for _, v in _values(text, "date")] == [
        "1988-08-06/1988-08-06",
        "1988-08-08/1988-08-08",
        "1988-06-22/1988-09-22",
        "1988-11-22/1988-12-21",
    ]


def test_extract_dates_part_of_season_in_both_languages() -> None:
    # Issue 12: early/mid/late narrow a season to its month, in the calendar it is written in.
    assert _values("They came in late summer 1988. Then in early spring 1989.", "date") == [
        ("late summer 1988", "1988-08-01/1988-09-22"),
        ("early spring 1989", "1989-03-01/1989-04-20"),
    ]
    assert _values("از اواخر تابستان ۱۳۶۷ خبری نشد.", "date") == [
        ("اواخر تابستان ۱۳۶۷", "1988-08-23/1988-09-22")
    ]


# --- counts --------------------------------------------------------------------------------------------


def test_extract_counts_with_what_they_count() -> None:
    text = (
        "That night they took eighty-one men from our ward. I received 160 lashes and Reza 100. "
        "About 40 of the 120 prisoners were executed. Only six came back."
    )
    counts = _of(text, "count")
    assert [(m.text, m.value, m.detail["category"]) for m in counts] == [
        ("eighty-one", 81, "people"),
        ("160", 160, "lashes"),
        ("100", 100, "lashes"),
        ("40", 40, "people"),
        ("120", 120, "people"),
        ("six", 6, "people"),
    ]
    assert counts[3].detail["qualifier"] == "about"


def test_extract_counts_skip_durations_labels_and_dates() -> None:
    text = "He spent 10 years in ward 3, aged 20, and on 6 August 1988 was moved; 1988 was the worst year."
    assert _of(text, "count") == []


def test_extract_counts_keep_the_speaker() -> None:
    text = (
        'The MEK said, "More than 30,000 political prisoners were executed." '
        'Reza Karimi said, "I counted 81 men taken from our ward."'
    )
    mek, witness = _of(text, "count")
    assert mek.value == 30000 and mek.detail["speaker"]["kind"] == "organisation"
    assert mek.detail["speaker"]["text"] == "MEK" and mek.detail["relation"] == "third_party"
    assert witness.value == 81 and witness.detail["speaker"]["text"] == "Reza Karimi"
    assert witness.detail["first_hand"] is True
    indirect = _of("According to Amnesty International, at least 5,000 people were killed.", "count")
    assert indirect[0].detail["speaker"]["text"] == "Amnesty International"


def test_extract_counts_persian_and_number_words() -> None:
    assert _values("آن شب ۸۱ نفر را بردند. سی هزار نفر اعدام شدند.", "count") == [
        ("۸۱", 81),
        ("سی هزار", 30000),
    ]
    assert parse_number_words("one hundred and sixty") == 160
    assert parse_number_words("سی و پنج", persian=True) == 35
    assert parse_number_words("prisoners") is None


# --- persons and roles ---------------------------------------------------------------------------------


def test_extract_persons_with_roles_and_positions() -> None:
    text = (
        "My name is Parviz Kamali. Hojatoleslam Jalal Rahmani, the religious judge, asked my name. "
        "My cellmate, Bijan Rahimi, was hanged on 1 September 1988. Bijan's mother, Sakineh, came every week."
    )
    people = {(m.text, m.role) for m in _of(text, "person")}
    assert people == {
        ("Parviz Kamali", "narrator"),
        ("Jalal Rahmani", "perpetrator"),
        ("Bijan Rahimi", "victim"),
        ("Bijan", "victim"),
        ("Sakineh", "relative"),
    }
    judge = next(m for m in _of(text, "person") if m.text == "Jalal Rahmani")
    assert judge.detail["position"] == "religious judge" and judge.detail["title"] == "Hojatoleslam"


def test_a_title_between_two_names_is_the_first_ones() -> None:
    """In "A, the religious judge, B, the prosecutor" B was the prosecutor, not the judge (a held_position
    claim on the wrong person would put an accused on a commission in the case file)."""
    text = (
        "They brought me before the death commission: Hojatoleslam Ali Karimi, the religious judge, "
        "Naser Jafarnia, the prosecutor, and Abdolkarim Goudarzirad. The prosecutor, Hamid Abbasi, read it."
    )
    held = {m.text: [q["value"] for q in m.detail.get("positions", [])] for m in _of(text, "person")}
    assert held["Ali Karimi"] == ["religious judge"]
    assert held["Naser Jafarnia"] == ["prosecutor"]
    assert held["Hamid Abbasi"] == ["prosecutor"]  # a title before the name, not in apposition: its own


def test_extract_persons_lone_surnames_of_known_people_and_officials() -> None:
    text = "Mojtaba Akhgar survived. Akhgar said nothing. Nayeri, the religious judge, sentenced him."
    assert [(m.text, m.role) for m in _of(text, "person")] == [
        ("Mojtaba Akhgar", "other"),
        ("Akhgar", "other"),
        ("Nayeri", "perpetrator"),
    ]
    first, second, _ = _of(text, "person")
    assert first.detail["entity"] == second.detail["entity"]


def test_extract_persons_not_from_places_organisations_or_common_words() -> None:
    text = "The Death Commission met in Evin. Through Morse code we learned of it. Allah Akbar, they shouted."
    assert _of(text, "person") == []


def test_extract_persons_persian() -> None:
    text = "من حبیب رستمی هستم. حجت‌الاسلام سیاوش جعفری، حاکم شرع، و نیری، دادستان، آنجا بودند."
    assert [(m.text, m.role) for m in _of(text, "person")] == [
        ("حبیب رستمی", "narrator"),
        ("سیاوش جعفری", "perpetrator"),
        ("نیری", "perpetrator"),
    ]
    assert _of(text, "person")[0].detail["latin"] == "Habib Rostami"


# --- places, organisations, acts -----------------------------------------------------------------------


def test_extract_places_and_organisations_from_the_gazetteer() -> None:
    text = (
        "Backers of the People's Mojahedin Organization of Iran were moved from Rajaei Shahr to Evin Prison."
    )
    assert _values(text, "place") == [("Rajaei Shahr", "Gohardasht"), ("Evin Prison", "Evin")]
    assert _values(text, "organisation") == [
        ("People's Mojahedin Organization of Iran", "People's Mojahedin Organization of Iran")
    ]
    assert _of("در زندان قزل‌حصار و خاوران", "place")[0].value == "Ghezel Hesar"


def test_extract_acts_from_the_vocabulary_with_context_rules() -> None:
    text = (
        "I was arrested in 1981. I was questioned by the death commission. They took us to another ward. "
        "They took us to the prison yard. They would be executed if they joined the MEK. "
        "I received 160 lashes; they flogged us. His family was not informed for months."
    )
    acts = _values(text, "act")
    assert acts == [
        ("arrested", "arrest"),
        ("questioned", "hearing"),
        ("took", "transfer"),
        ("flogged", "flogging"),
        ("not informed", "family_not_informed"),
    ]
    flogging = next(m for m in _of(text, "act") if m.value == "flogging")
    assert flogging.detail["lashes"] == [160]


def test_extract_acts_link_victim_date_and_place() -> None:
    text = "Reza Karimi was hanged in Gohardasht on 6 August 1988."
    act = _of(text, "act")[0]
    assert act.value == "execution"
    assert act.detail["victims"][0]["text"] == "Reza Karimi"
    assert act.detail["date"]["value"] == "1988-08-06/1988-08-06"
    assert act.detail["place"]["value"] == "Gohardasht"


def test_extract_mentions_hearsay_and_document_voice() -> None:
    first = _of("We later heard that 200 men were executed.", "count")[0]
    assert first.detail["speaker"]["kind"] == "narrator" and first.detail["stance"] == "hearsay"
    article = _of("In 1988 over 30,000 political prisoners were executed.", "count")[0]
    assert article.detail["speaker"]["kind"] == "author"


def test_extract_mentions_offsets_point_into_the_given_text() -> None:
    text = "Page one.\fOn 6 August 1988 Reza Karimi was hanged in Evin."
    for m in extract_mentions(text):
        assert text[m.start : m.end] == m.text


def test_extract_mentions_refuses_unknown_language() -> None:
    with pytest.raises(InputError, match="language 'de'"):
        extract_mentions("Am 6. August 1988", language="de")
