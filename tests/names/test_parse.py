"""Reading names: titles apart, compound parts, surname suffixes, full names in either order."""

from __future__ import annotations

import pytest

from testament.names import read_given, read_person_name, read_surname


@pytest.mark.parametrize(
    "full",
    [
        "سید مرتضی حسینی",
        "Seyed Morteza Hosseini",
        "HOSSEINI Seyyed Morteza",
        "Hosseini, Sayyed Murtaza",
        "حسینی، سید مرتضی",
    ],
)
def test_read_person_name_splits_title_given_surname(full: str) -> None:
    name = read_person_name(full=full)
    assert name.title == "seyed"
    assert name.given.key == "MRTS"
    assert name.surname.key == "HSYN"


def test_read_person_name_keeps_the_original_string() -> None:
    name = read_person_name(full="Seyed Morteza Hosseini")
    assert name.given.original == "Seyed Morteza"
    assert name.surname.original == "Hosseini"


def test_read_person_name_prefers_separate_fields_over_full_name() -> None:
    name = read_person_name(full="ignored words", given="Ali", surname="Ahmadi")
    assert (name.given.form, name.surname.form) == ("ali", "ahmadi")


@pytest.mark.parametrize("text", ["Haj Hossein", "Sheikh Hossein", "Mir Hossein", "Hossein Agha", "حاج حسین"])
def test_read_given_takes_separate_title_apart(text: str) -> None:
    field = read_given(text)
    assert field.form in ("hosein", "حسین") and field.title is not None


def test_read_given_keeps_title_word_inside_a_name() -> None:
    assert read_given("Mirhossein").title is None
    assert read_given("Mir").form == "mir"  # a lone title word is the name


def test_read_given_compares_compound_parts_as_a_set() -> None:
    forms = {read_given(s).parts for s in ["Mohammad Reza", "Mohammadreza", "Mohammad-Reza", "Reza Mohammad"]}
    assert forms == {("mohamad", "reza")}
    assert read_given("محمدرضا").parts == read_given("رضا محمد").parts


def test_read_given_drops_kinship_words() -> None:
    assert read_given("son of Ali").form == "ali"
    assert read_given("فرزند علی").form == "علی"


@pytest.mark.parametrize(
    ("surname", "stem", "affix"),
    [
        ("Hosseinzadeh", "HSYN", "zadeh"),
        ("Hossein Zadeh", "HSYN", "zadeh"),
        ("Hosseinpour", "HSYN", "pour"),
        ("Hosseini", "HSYN", "i"),
        ("Rezaei", "RS", "i"),
        ("Rezapour", "RS", "pour"),
        ("رضایی", "RS", "i"),
        ("حسین‌نژاد", "HSYN", "nejad"),
    ],
)
def test_read_surname_splits_stem_and_suffix(surname: str, stem: str, affix: str) -> None:
    field = read_surname(surname)
    assert (field.stem_key, field.affix) == (stem, affix)


def test_read_person_name_glues_separated_suffix_to_surname() -> None:
    name = read_person_name(full="Ali Hossein Zadeh")
    assert name.given.form == "ali"
    assert name.surname.form == "hoseinzade"


def test_read_given_of_nothing_is_empty() -> None:
    assert read_given(None).empty and read_given("").empty and read_surname("  ").empty


@pytest.mark.parametrize(
    ("full", "given", "surname"),
    [
        ("Iraj Faramarz Nia", "iraj", "faramarznia"),
        ("Hasan Babaei Manesh", "hasan", "babaeimanesh"),
        ("Mohammad Najafi Moghaddam", "mohamad", "najafimoqadam"),
        ("علی صادقی پور", "علی", "صادقیپور"),
    ],
)
def test_read_person_name_keeps_a_separated_suffix_with_the_surname(
    full: str, given: str, surname: str
) -> None:
    name = read_person_name(full=full)
    assert (name.given.form, name.surname.form) == (given, surname)


@pytest.mark.parametrize(
    ("same", "other"),
    [
        (["Mohammad", "محمد", "Muhammad", "Mohamed"], ["Mahmoud", "محمود", "Mahmud"]),
        (["Ahmad", "احمد", "Ahmed"], ["Hamed", "حامد"]),
        (["Abolfazl", "ابوالفضل"], ["Abdollah", "عبدالله"]),
        (["Mohammad Reza", "محمدرضا", "Reza Mohammad"], ["Reza", "رضا"]),
    ],
)
def test_read_given_reads_known_names_alike_in_both_scripts(same: list[str], other: list[str]) -> None:
    readings = {read_given(s).reading for s in same}
    assert len(readings) == 1 and "" not in readings
    assert readings.isdisjoint({read_given(s).reading for s in other})


def test_reading_of_surname_is_known_stem_and_suffix() -> None:
    assert read_surname("Ahmadi").reading == read_surname("احمدی").reading == "ahmad+i"
    assert (
        read_surname("Hamedi").reading == "hamed+i"
        and read_surname("Ahmadi").key == read_surname("Hamedi").key
    )
    assert read_surname("Keshavarz").reading == ""  # not a known given name: the key decides


@pytest.mark.parametrize(
    ("full", "given", "surname"),
    [
        ("Nader Hosseini Barzi", "nader", "hoseinibarzi"),  # a two-word surname
        ("Mohammad Reza Karimi", "mohamadreza", "karimi"),  # a compound given name
        ("Seyed Ali Akbar Hosseini", "aliakbar", "hoseini"),
        ("Alireza Mohammad Baqer", "alireza", "mohamadbaqer"),  # one compound given name is enough
        ("Mohammad Mir Ahmadi", "mohamad", "mirahmadi"),  # a title word before a surname word
        ("Shokati Mohammad Hossein", "mohamadhosein", "shokati"),  # only the last words are given names
        ("Mirza Mahdian", "mirza", "mahdian"),  # a title word as the given name
        ("Haji Afshari", "haji", "afshari"),
    ],
)
def test_read_person_name_finds_where_the_given_name_ends(full: str, given: str, surname: str) -> None:
    name = read_person_name(full=full)
    assert (name.given.form, name.surname.form) == (given, surname)


def test_read_person_name_word_keys_ignore_where_a_full_name_was_split() -> None:
    """However a full name is split (or swapped), the words of given name and surname are the same."""

    def words(given: str, surname: str) -> list[str]:
        name = read_person_name(given=given, surname=surname)
        return sorted((*name.given.word_keys, *name.surname.word_keys))

    assert words("Nader Hosseini", "Barzi") == words("Nader", "Hosseini Barzi") == words("نادر", "حسینی برزی")
    assert words("Karimi", "Ali") == words("Ali", "Karimi")
    assert words("Mohammadreza", "Najafi") == words("Najafi", "Mohammadreza")  # a compound counts as parts
    assert words("Mohammad", "Ahmadi") != words("Ahmad", "Mohammadi")  # a final -i is kept in word keys


def test_read_given_splits_a_joined_compound_before_the_letter_rules() -> None:
    # "Mohammadjavad" must not read its "dj" as the French spelling of j
    assert read_given("Mohammadjavad").parts == read_given("Mohamed Javad").parts == ("javad", "mohamad")
    assert read_given("Djafar").form == "jafar"


def test_read_surname_keeps_title_words() -> None:
    assert read_surname("Mir-Karimi").form == read_surname("Mirkarimi").form == "mirkarimi"
    assert read_surname("شیخ الاسلامی").key == read_surname("Sheikholeslami").key


@pytest.mark.parametrize(("joined", "apart"), [("سیدکریم", "Seyyed Karim"), ("سیده‌فاطمه", "Seyedeh Fatemeh")])
def test_read_given_takes_seyed_joined_in_persian_apart(joined: str, apart: str) -> None:
    persian, latin = read_given(joined), read_given(apart)
    assert persian.title == latin.title == "seyed" and persian.key == latin.key


def test_read_given_keeps_a_joined_title_when_the_rest_is_no_given_name() -> None:
    # Mir-Hossein is a name of its own; "سیدی" is no title plus a name
    assert read_given("میرحسین").title is None and read_given("سیدی").title is None


def test_given_name_chain_keeps_the_written_order_of_its_parts() -> None:
    """Rule: `chain` is the keys of a name's parts in the order written (its `word_keys` are sorted), so
    that the whole name can be read as one string whatever its split."""
    assert read_given("Reza Ali").chain == read_given("رضا علی").chain != read_given("Ali Reza").chain
    assert sorted(read_given("Reza Ali").chain) == list(read_given("Reza Ali").word_keys)
    assert read_given("محمدعلی").chain == read_given("Mohammad Ali").chain
    assert read_surname("Hosseini Barzi").chain == read_surname("Hosseini Barzi").word_keys
