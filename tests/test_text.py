"""The shared Persian text knowledge: script detection, letter and digit folds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from testament.extract._text import Document
from testament.text import (
    LETTERS,
    fold,
    fold_digits,
    fold_letters,
    has_arabic_script,
    in_arabic_script,
    letter_counts,
    script_of,
)


def test_fold_digits_reads_persian_and_arabic_indic_digits() -> None:
    assert fold_digits("۱۳۶۷/٠٥/15") == "1367/05/15"


def test_fold_letters_writes_persian_letters_for_arabic_forms() -> None:
    assert fold_letters("علي كريمي") == "علی کریمی"
    assert fold_letters("فاطمة") == "فاطمه"


def test_fold_changes_letters_and_digits_together() -> None:
    assert fold("يك ۱۳۶۷") == "یک 1367"


@given(st.text(alphabet=st.sampled_from([*map(chr, LETTERS), *"۰۱۹٠٩abc ی\u200cـَ"])))
def test_fold_keeps_the_length_of_a_text(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.sampled_from([*map(chr, LETTERS), *"۰۱۹٠٩abc ی\u200cـَ“”—\u00a0"])))
def test_document_norm_keeps_offsets_of_the_original(text: str) -> None:
    # extraction finds spans in the folded copy and stores them against the original
    assert len(Document(text, "fa").norm) == len(text)


def test_script_of_reads_the_script_most_letters_are_in() -> None:
    assert script_of("حسینی") == "fa"
    assert script_of("Hosseini") == "latin"
    assert script_of("Ali علی") == "fa"  # a tie is Persian
    assert script_of("1367 -") == ""


def test_letter_counts_count_letters_only() -> None:
    assert letter_counts("علی Ali ۱۳۶۷ 1988") == (3, 3)


def test_arabic_script_covers_presentation_forms() -> None:
    assert in_arabic_script("\ufefb")  # lam-alef ligature, as old PDFs extract it
    assert not in_arabic_script("a")
    assert has_arabic_script("Evin زندان")
    assert not has_arabic_script("Evin")
