"""Persian text knowledge that every stage shares, written once: which script a text is in, the Arabic
letter forms that Persian keyboards, OCR and old exports write for Persian ones, and Persian and
Arabic-Indic digits. It sits in the core layer so that dates, names, ingest, extract, link and estimate
all use the same tables (`testament.names` builds its name normal forms on top of it).

Every table here maps one character to one character (or, for the marks, to what the caller chooses),
so a fold keeps the length of a text and every offset found in the folded copy is an offset in the
original: extraction relies on that to keep its spans valid.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

__all__ = [
    "DIGITS",
    "DIRECTION_MARKS",
    "LETTERS",
    "MARKS",
    "Script",
    "fold",
    "fold_digits",
    "fold_letters",
    "has_arabic_script",
    "in_arabic_script",
    "letter_counts",
    "script_of",
]

Script = Literal["fa", "latin", ""]

# Persian (U+06F0-06F9) and Arabic-Indic (U+0660-0669) digits → ASCII.
DIGITS: dict[int, str] = {zero + i: str(i) for zero in (0x06F0, 0x0660) for i in range(10)}
# Arabic letter forms → the Persian letter a Persian reader sees in them, one character for one.
LETTERS: dict[int, str] = {
    ord("ي"): "ی",  # Arabic yeh
    ord("ى"): "ی",  # alef maqsura
    ord("ك"): "ک",  # Arabic kaf
    ord("ة"): "ه",  # teh marbuta
    ord("ۀ"): "ه",  # heh with yeh above (ezafe)
    ord("أ"): "ا",  # alef with hamza above
    ord("إ"): "ا",  # alef with hamza below
    ord("ٱ"): "ا",  # alef wasla
    ord("ؤ"): "و",  # waw with hamza
}
# Tatweel, harakat (fatha ... sukun) and superscript alef: they sit inside words and never tell two words
# apart, so matching ignores them (a caller drops them, or keeps a placeholder to keep offsets).
MARKS: tuple[int, ...] = (0x0640, *range(0x064B, 0x0653), 0x0670)
# Invisible marks that only steer display: LRM, RLM, ALM, BOM, bidi embeddings, overrides and isolates.
DIRECTION_MARKS: tuple[int, ...] = (
    0x200E,
    0x200F,
    0x061C,
    0xFEFF,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)

_FOLD = {**DIGITS, **LETTERS}
# Arabic, Arabic Supplement, Arabic Extended-A, and the presentation forms A and B.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII digits ("۱۳۶۷" → "1367"); nothing else changes."""
    return text.translate(DIGITS)


def fold_letters(text: str) -> str:
    """Arabic letter forms as their Persian letters (ي → ی, ك → ک, ة → ه ...); the same length."""
    return text.translate(LETTERS)


def fold(text: str) -> str:
    """Letters and digits folded (`fold_letters` and `fold_digits`); the same length as `text`."""
    return text.translate(_FOLD)


def in_arabic_script(ch: str) -> bool:
    """Whether one character belongs to the Arabic script (Persian letters, digits and marks included)."""
    code = ord(ch)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


def has_arabic_script(text: str) -> bool:
    """Whether any character of `text` is in the Arabic script."""
    return any(in_arabic_script(ch) for ch in text)


def letter_counts(text: str) -> tuple[int, int]:
    """(letters in the Arabic script, other letters) of `text`."""
    arabic = latin = 0
    for ch in text:
        if ch.isalpha():
            if in_arabic_script(ch):
                arabic += 1
            else:
                latin += 1
    return arabic, latin


@lru_cache(maxsize=1 << 18)  # lists repeat the same spellings many times over
def script_of(text: str) -> Script:
    """ "fa" when most letters are in the Arabic script, "latin" when most are not, "" when there are
    none (a tie is "fa": a name half in Persian script is read as Persian)."""
    arabic, latin = letter_counts(text)
    if not arabic and not latin:
        return ""
    return "fa" if arabic >= latin else "latin"
