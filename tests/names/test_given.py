"""The one list of given names (`names/data/given.toml`): its shape, and that no other data file copies it."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from testament.names import GivenName, given_names, normalise_persian, read_given
from testament.names._data import load
from testament.text import fold_letters

NAMES = given_names()


def test_given_names_are_read_with_every_field() -> None:
    davoud = next(n for n in NAMES if n.latin == "Davoud")
    assert davoud == GivenName("Davoud", ("داود", "داوود"), davoud.variants, "male", False, False)
    assert {"Davood", "Dawud"} <= set(davoud.variants)
    assert next(n for n in NAMES if n.latin == "Mohammadreza").compound
    assert next(n for n in NAMES if n.latin == "Fatemeh").gender == "female"
    assert next(n for n in NAMES if n.latin == "Payam").everyday_word


def test_given_names_are_each_listed_once() -> None:
    latin = [n.latin.casefold() for n in NAMES]
    assert len(latin) == len(set(latin))
    persian = [normalise_persian(p) for n in NAMES for p in n.persian]
    assert len(persian) == len(set(persian))
    spellings = [s.casefold() for n in NAMES for s in (n.latin, *n.variants)]
    assert len(spellings) == len(set(spellings))  # one spelling, one name


def test_given_names_are_written_as_the_loader_reads_them() -> None:
    for name in NAMES:
        assert name.persian and all(p == fold_letters(p) and " " not in p for p in name.persian), name
        assert name.latin not in name.variants, name


def test_everyday_words_are_listed_names() -> None:
    listed = {n.latin for n in NAMES}
    assert set(load("given")["everyday_words"]) <= listed
    assert {n.latin for n in NAMES if n.everyday_word} == set(load("given")["everyday_words"])


@pytest.mark.parametrize("name", [n for n in NAMES if n.compound], ids=lambda n: n.latin)
def test_compounds_split_into_known_parts_in_both_scripts(name: GivenName) -> None:
    assert len(read_given(name.latin).parts) >= 2
    assert all(len(read_given(p).parts) >= 2 for p in name.persian)
    assert read_given(name.latin).reading == read_given(name.persian[0]).reading != ""


def test_every_persian_spelling_reads_as_its_latin_name() -> None:
    for name in NAMES:
        if not name.compound:
            readings = {read_given(p).reading for p in name.persian}
            assert readings == {read_given(name.latin).reading}, name


def test_no_other_data_file_keeps_given_names() -> None:
    """given.toml is the only list: compounds.toml holds only parts that are no names by themselves,
    variants.toml only surnames, and extraction's lexicon has no given names of its own."""
    persian = {normalise_persian(p) for n in NAMES for p in n.persian}
    assert not {normalise_persian(fa) for _, fa in load("compounds")["parts"]} & persian
    assert set(load("variants")) == {"surname"}
    lexicon = files("testament.extract").joinpath("data", "lexicon.toml").read_text("utf-8")
    assert "given" not in tomllib.loads(lexicon)["names"]


def test_names_that_are_everyday_words_are_marked_so() -> None:
    """خاطره (memory), آرزو (wish), بهار (spring), دنیا (world): names that prose uses as words are read as
    names only beside a known surname; names that are no words are not marked."""
    by_latin = {n.latin: n for n in NAMES}
    for latin in ("Khatereh", "Arezou", "Bahar", "Donya", "Sharif", "Omar", "Farhang", "Malakeh"):
        assert by_latin[latin].everyday_word, latin
    for latin in ("Farshad", "Sasan", "Samaneh", "Hayedeh", "Anahita", "Touraj"):
        assert not by_latin[latin].everyday_word, latin


def test_given_names_in_testimony_and_everyday_words_not() -> None:
    from testament.extract import extract_mentions

    def persons(text: str) -> list[str]:
        return [m.text for m in extract_mentions(text, roles="rules") if m.type == "person"]

    assert persons("فرشاد کریمی و سمانه رضایی در سال ۱۳۶۷ اعدام شدند.") == ["فرشاد کریمی", "سمانه رضایی"]
    assert persons("Touraj Karimi and Hayedeh Ahmadi were executed in 1988.") == [
        "Touraj Karimi",
        "Hayedeh Ahmadi",
    ]
    # "a bitter memory", "the spring of that year", "the world": words, not the names Khatereh, Bahar, Donya
    assert persons("این خاطره تلخی بود. بهار آن سال گذشت و دنیا خاموش ماند.") == []


def test_given_names_common_abroad_name_the_lawyers_and_reporters_of_trials_abroad() -> None:
    from testament.extract import extract_mentions

    thomas = next(n for n in NAMES if n.latin == "Thomas")
    assert thomas.persian == ("توماس",) and not thomas.compound
    english = "The report was written by Tyler Brannagan. Hannah Westfold spoke to the court."
    persons = [m.text for m in extract_mentions(english) if m.type == "person"]
    assert persons == ["Tyler Brannagan", "Hannah Westfold"]
    persian = "در جلسه امروز دانیل برگستروم، وکیل او، سخن گفت."
    assert [m.text for m in extract_mentions(persian) if m.type == "person"] == ["دانیل برگستروم"]


def test_common_given_names_of_the_period_are_read_and_everyday_ones_only_with_a_surname() -> None:
    from testament.extract import extract_mentions

    text = "در آن جلسه غفار تهرانچی و نریمان دشتکی بودند. عید نوروز گذشت."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["غفار تهرانچی", "نریمان دشتکی"]
    assert next(n for n in NAMES if n.latin == "Norouz").everyday_word


def test_given_names_closing_on_gods_name_written_apart() -> None:
    from testament.extract import extract_mentions

    hebat = next(n for n in NAMES if n.latin == "Hebatollah")
    assert hebat.persian == ("هبت‌الله",)
    # named by the given name alone after a word for kin: known to the list, or no name is read
    text = "برادرانم هبت الله و عطاالله را در سال ۱۳۶۷ بردند."
    assert [m.text for m in extract_mentions(text) if m.type == "person"] == ["هبت الله", "عطاالله"]
