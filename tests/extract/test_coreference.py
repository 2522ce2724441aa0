"""Coreference within one text (issue 18): kinship phrases and pronouns bound to the person they refer to,
and what that does to roles and to an act's victims. Texts are our own."""

from __future__ import annotations

from testament.extract import extract_mentions
from testament.extract._text import Document
from testament.extract.coreference import resolve_references
from testament.extract.persons import find_persons


def _references(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    doc = Document(text, language)
    persons = find_persons(doc, bytearray(len(text) + 1))
    names: dict[int, str] = {}
    for p in persons:
        names.setdefault(p.entity, p.text)
    return [(r.text, r.kind, names[r.entity]) for r in resolve_references(doc, persons)]


def test_kinship_phrase_and_pronouns_resolve_to_the_named_relative() -> None:
    text = (
        "My brother Davood Karimi was arrested in 1981. Davood was a student. In 1988 my brother was "
        "hanged. He was 24."
    )
    assert _references(text) == [
        ("my brother", "kinship", "Davood Karimi"),
        ("He", "pronoun", "Davood Karimi"),
    ]


def test_pronoun_gender_and_unbound_kinship() -> None:
    # "She" cannot be the brother; "his mother" names no one here, so it refers to no one
    text = "Parviz, my brother, was taken away. She cried and his mother waited. He never came back."
    assert _references(text) == [("He", "pronoun", "Parviz")]


def test_persian_kinship_suffix_and_pronoun() -> None:
    text = (
        "برادرم داوود کریمی در سال ۱۳۶۰ دستگیر شد. برادرم در مرداد ۱۳۶۷ اعدام شد. او را در خاوران دفن کردند."
    )
    assert _references(text, "fa") == [("برادرم", "kinship", "داوود کریمی"), ("او", "pronoun", "داوود کریمی")]


def test_what_is_said_of_my_brother_makes_the_named_brother_the_victim_of_the_act() -> None:
    text = "My brother Davood Karimi was arrested in 1981. In 1988 my brother was hanged in Gohardasht."
    mentions = extract_mentions(text)
    (person,) = [m for m in mentions if m.type == "person"]
    assert person.role == "victim"  # not "relative": the kinship is the narrator's, the hanging his
    (hanged,) = [m for m in mentions if m.type == "act" and m.value == "execution"]
    assert [(v["text"], v["via"]) for v in hanged.detail["victims"]] == [("Davood Karimi", "my brother")]


def _persons(text: str, language: str) -> list[tuple[str, int]]:
    doc = Document(text, language)
    return [(p.text, p.entity) for p in find_persons(doc, bytearray(len(text) + 1))]


def test_a_bracketed_alias_is_the_same_person() -> None:
    persons = _persons("در آن زمان کاظم کریمی (اکبری) بازجو بود. بعدها اکبری را دیدم.", "fa")
    assert [t for t, _ in persons] == ["کاظم کریمی", "اکبری", "اکبری"]
    assert len({e for _, e in persons}) == 1  # "بعدها" (later) is no given name before the surname


def test_a_parent_called_by_the_family_name_is_a_person_of_their_own() -> None:
    persian = _persons("او در میان خانواده‌ها به «مادر گنجوی» مشهور بود. مادر ایرانی و مادر شهید آمدند.", "fa")
    assert [t for t, _ in persian] == ["گنجوی"]
    english = _persons("After the news, Mother Ganjavi states: “We went there.” Another mother came.", "en")
    assert [t for t, _ in english] == ["Ganjavi"]


def test_persian_names_of_two_given_names_with_an_age_or_allah_written_short() -> None:
    text = (
        "مجاهد خلق پروانه کریم از زندانیان سیاسی بود. من پروانه کریم، خواهر او هستم. "
        "رژیم برادرانم را، ناصر 25 ساله و جواد 23 ساله را کشت. از گفتگو با مهندس لطف اله ساعدی"
    )
    assert [t for t, _ in _persons(text, "fa")] == [
        "پروانه کریم",
        "پروانه کریم",
        "ناصر",
        "جواد",
        "لطف اله ساعدی",
    ]


def test_english_names_after_an_office_and_in_title_case_lines() -> None:
    text = (
        "Grief Remembered  Tyler Brannagan By Tyler Brannagan Jun 3\n"
        "The session was opened by judge Vinterberg. Rules Committee Chair Pete Lawless and Nobel Peace "
        "Laureate Shirin Tavakoli spoke."
    )
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == [
        "Tyler Brannagan",
        "Tyler Brannagan",
        "Vinterberg",
        "Pete Lawless",
        "Shirin Tavakoli",
    ]


def test_a_suffix_written_apart_and_a_word_starting_with_vav_are_no_names() -> None:
    text = 'خامنه ای دستور داد. عده ای از آنان را در "واحد مسکونی" نگه داشتند.'
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["خامنه ای"]


def test_a_surname_alone_as_the_speaker_of_a_quotation() -> None:
    text = (
        "“I saw it,” Tavakoli said. Since then, Tavakoli and others have spoken. “It was late,” said Ganjavi."
    )
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == [
        "Tavakoli",
        "Tavakoli",
        "Ganjavi",
    ]


def test_an_everyday_word_given_name_before_a_surname_with_a_surname_ending() -> None:
    text = "خواهر او، هاله گلشن‌نیا، هر هفته آمد. نام من رشید ترابیان است. خانواده‌های محترم قربانیان آمدند."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["هاله گلشن‌نیا", "رشید ترابیان"]


def test_the_first_half_of_a_double_barrelled_surname_is_the_same_person() -> None:
    persons = _persons(
        "Witness Mohammad Ghaffari-Loui testified.\nGhaffari: As a result, I lost my hearing.", "en"
    )
    assert [t for t, _ in persons] == ["Mohammad Ghaffari-Loui", "Ghaffari"]
    assert len({e for _, e in persons}) == 1


def test_titles_written_one_after_another_or_without_the_madda() -> None:
    text = "نامه‌ای به جناب اقای کرباسچی نوشتم. جناب آقای ملکیان پاسخ نداد. اقای سلطانی آمد."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["کرباسچی", "ملکیان", "سلطانی"]


def test_a_person_introduced_as_named_and_no_surname_shape_in_capitals() -> None:
    text = (
        "ANNUAL SUMMARY\n\nA guard, named Tobias Wrenfield, opened the gate. During the Ahmadinejad "
        "administration, nothing changed."
    )
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == [
        "Tobias Wrenfield",
        "Ahmadinejad",
    ]


def test_a_persian_name_on_a_line_of_its_own_and_read_whole_later() -> None:
    text = (
        "یادداشتی درباره شب‌های زندان\nنسرین پاکروان مهرآبادی\n۱۲ مهر ۱۳۹۵\n"
        "خانم نسرین پاکروان مهرآبادی در آن سال زندانی بود. خانم پاکروان مهرآبادی گفت.\n"
        "گلشن روز\nژیلا آذرگون\n"
    )
    persons = _persons(text, "fa")
    assert [t for t, _ in persons] == [
        "نسرین پاکروان مهرآبادی",
        "نسرین پاکروان مهرآبادی",
        "پاکروان مهرآبادی",
        "ژیلا آذرگون",
    ]
    assert len({e for _, e in persons[:3]}) == 1


def test_a_name_after_by_and_an_everyday_word_given_name() -> None:
    text = (
        "بازجویی توسط اکبر گلپایگانی‌کوش در آن ساختمان انجام شد. او توسط افراد مسلحی برده شد. "
        "پرستار مهربان شکر حسن‌زاده هم آنجا بود."
    )
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == [
        "اکبر گلپایگانی‌کوش",
        "شکر حسن‌زاده",
    ]


def test_a_byline_after_a_title_s_dash_and_a_surname_after_general_secretary() -> None:
    persian = "برگ‌های پاییز ـ عبدالکریم شهابی آذرگون\nمن در زندان بودم."
    assert [m.text for m in extract_mentions(persian) if m.type == "person"] == ["عبدالکریم شهابی آذرگون"]
    english = "Its leaders, such as the general secretary Vantorri, fled abroad."
    assert [m.text for m in extract_mentions(english) if m.type == "person"] == ["Vantorri"]


def test_a_quoted_byname_with_an_office_in_brackets_after_it() -> None:
    text = "مسلحانی که با «تیزرای» (دادستان سابق این شهر) به پادگان آمدند، زندانیان را بردند."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["تیزرای"]


def test_a_byline_with_a_colon() -> None:
    text = "Notes from a Winter\n\nBy: Corinne Ablett-Varga | Date: May 3, 2020\nThe rest of the page."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["Corinne Ablett-Varga"]
