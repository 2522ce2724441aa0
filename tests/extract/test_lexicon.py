"""Extraction's word lists: given names are the names package's one list, read through its public API."""

from __future__ import annotations

from testament.extract import extract_mentions
from testament.extract._lexicon import fa_key, lexicon
from testament.names import given_names


def test_extraction_recognises_exactly_the_names_packages_given_names() -> None:
    lex = lexicon()
    names = given_names()
    # a name that is also an everyday word (پیام, ستاره) is read as a name only beside a surname
    spellings = {s.casefold() for n in names if not n.everyday_word for s in (n.latin, *n.variants)}
    assert lex.given == spellings - {"said"}  # an English word (lexicon.toml `english_words`)
    assert lex.given_fa == {fa_key(p) for n in names if not n.everyday_word for p in n.persian}
    assert all(lex.canonical[fa_key(p)] == n.latin for n in names for p in n.persian)
    assert all(lex.canonical[s.casefold()] == n.latin for n in names for s in (n.latin, *n.variants))


def test_a_latin_spelling_reads_as_the_usual_one() -> None:
    lex = lexicon()
    assert lex.canonical["nemat"] == "Nemat"  # a name of its own, not a short Nematollah
    assert lex.canonical["mehmet"] == lex.canonical["mohammad"] == "Mohammad"


def test_everyday_words_are_names_only_before_a_known_surname() -> None:
    def persons(text: str) -> list[str]:
        return [m.text for m in extract_mentions(text, language="fa") if m.type == "person"]

    assert persons("پیام رسمی دادستان را خواندند. شادی زیادی نداشتیم.") == []
    assert persons("پیام رضایی را اعدام کردند.") == ["پیام رضایی"]
    assert persons("هاشم شمسی را اعدام کردند.") == ["هاشم شمسی"]  # شمسی: a surname here, "solar" in dates
    latin = [
        m.text
        for m in extract_mentions("He was shot near Neda Square. Payam Rezaei saw it.")
        if m.type == "person"
    ]
    assert latin == ["Payam Rezaei"]


def test_person_value_gives_the_usual_latin_spelling_of_a_persian_name() -> None:
    found = [m for m in extract_mentions("داوود رضایی را بردند.", language="fa") if m.type == "person"]
    assert [m.detail.get("latin") for m in found] == ["Davoud Rezaei"]  # داوود as well as داود
