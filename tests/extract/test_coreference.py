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
