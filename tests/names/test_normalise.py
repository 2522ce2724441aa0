"""Persian-script and Latin normal forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from testament.names import fold_latin, normalise_latin_token, normalise_persian, script_of, split_tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maqsura
        ("كريم", "کریم"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("زادۀ", "زاده"),  # heh with hamza
        ("أحمد", "احمد"),  # hamza on alef
        ("مسئول", "مسیول"),  # hamza on yeh
        ("مؤمن", "مومن"),  # hamza on waw
        ("آرش", "ارش"),  # alef madda
        ("مـحـمـد", "محمد"),  # tatweel
        ("مُحَمَّد", "محمد"),  # diacritics
        ("محمد\u200cرضا", "محمدرضا"),  # ZWNJ
        ("\u200fعلی\u200e", "علی"),  # bidi marks
        ("۱۳۶۷/۰۵/۱۵", "1367/05/15"),  # Persian digits
        ("١٣٦٧", "1367"),  # Arabic-Indic digits
        ("ﻋﻠﻰ", "علی"),  # presentation forms (NFKC)
        ("  حسن   حسینی ", "حسن حسینی"),
    ],
)
def test_normalise_persian_unifies_letter_forms(raw: str, expected: str) -> None:
    assert normalise_persian(raw) == expected


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["Mohammad", "Mohamad", "Muhammad", "Mohammed", "Mohamed", "MUHAMMED"], "mohamad"),
        (["Hossein", "Hussein", "Hosein", "Husain"], "hosein"),
        (["Yousef", "Yusuf", "Yousof"], "yusef"),
        (["Masoud", "Massoud", "Masood", "Mas'ud"], "masud"),
        (["Ghasem", "Qasem", "Qasim"], "qasem"),
        (["Jafar", "Ja'far", "Jaafar", "Djafar", "Dschafar"], "jafar"),
        (["Khosrow", "Khosro"], "xosrov"),
        (["Fatemeh", "Fateme", "Fatima"], "fateme"),
        (["Saeed", "Said", "Saied"], "said"),
        (["Behrouz", "Behrooz", "Behruz"], "behruz"),
        (["Javad", "Jawad"], "javad"),
    ],
)
def test_normalise_latin_unifies_common_variants(variants: list[str], expected: str) -> None:
    assert {normalise_latin_token(fold_latin(v)) for v in variants} == {expected}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Téhéran", "teheran"), ("Täbris", "tabris"), ("Ja'far", "jafar"), ("Prison d'Evin", "prison d evin")],
)
def test_fold_latin_strips_accents_and_apostrophes(raw: str, expected: str) -> None:
    assert fold_latin(raw) == expected


def test_split_tokens_detects_script_and_breaks_on_punctuation() -> None:
    assert split_tokens("Mohammad-Reza Hosseini") == ("latin", ("mohammad", "reza", "hosseini"))
    assert split_tokens("محمد\u200cرضا، حسینی") == ("fa", ("محمدرضا", "حسینی"))
    assert script_of("123") == ""


@given(st.text())
def test_normalise_persian_is_idempotent_for_any_text(text: str) -> None:
    once = normalise_persian(text)
    assert normalise_persian(once) == once


@given(st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu")), min_size=1, max_size=20))
def test_normalise_latin_is_idempotent_for_any_word(word: str) -> None:
    folded = fold_latin(word).replace(" ", "")
    once = normalise_latin_token(folded)
    assert normalise_latin_token(once) == once


@pytest.mark.parametrize("word", ["gooe", "guee", "ghoue", "kheey"])
def test_normalise_latin_token_twice_changes_nothing(word: str) -> None:
    """Found by the property test above (about one run in thirty): one pass of the rules left a form that
    another rule rewrites, so a name normalised twice got another key."""
    once = normalise_latin_token(word)
    assert normalise_latin_token(once) == once
