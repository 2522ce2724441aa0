"""Mis-decoded text ("mojibake"): UTF-8 read back as a one-byte Windows code page, the way a list gets
garbled when it passes through a tool that guessed the wrong encoding. Persian saved as UTF-8 and read as
Windows-1256 becomes runs of ط and ظ between the code page's other letters and punctuation (علی → ط¹ظ„غŒ);
read as Windows-1252 or Latin-1 it becomes Ø and Ù between symbols (علی → Ø¹Ù„ÛŒ), and é becomes Ã©.

A word looks mis-decoded when written back in the code page it gives valid UTF-8 holding at least one
character of two or more bytes, and that character is plausible: a letter, mark, digit or punctuation
(for Windows-1256, Arabic-script or Latin letters only). Genuine Persian and Arabic words fail the first
test: most Arabic letters are UTF-8 lead bytes in Windows-1256, so a word of them is not valid UTF-8.
Genuine Latin names fail it too (Müller is 4D FC 6C..., and FC 6C is not UTF-8).

These functions only look; callers keep the original text, which is the evidence.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from testament.text import in_arabic_script

__all__ = ["looks_like_mojibake", "mojibake_source", "repair_mojibake"]

WINDOWS_1256 = "Windows-1256"
WINDOWS_1252 = "Windows-1252"
LATIN_1 = "Latin-1"


def _byte_table(codec: str) -> dict[str, int]:
    """Character → byte for the upper half of a one-byte code page."""
    table = {}
    for byte in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):  # Windows-1252 leaves five bytes undefined
            table[bytes([byte]).decode(codec)] = byte
    return table


# Windows-1252 with Latin-1's C1 controls: a Latin-1 reading, and the five bytes Windows-1252 leaves
# undefined (which Windows and browsers pass through as C1 controls), both give these characters.
_ARABIC_PAGE = _byte_table("cp1256")
_WESTERN_PAGE = _byte_table("cp1252") | {chr(b): b for b in range(0x80, 0xA0)}
_UNDEFINED_1252 = frozenset("\x81\x8d\x8f\x90\x9d")
_PAGES = ((WINDOWS_1256, _ARABIC_PAGE, True), (WINDOWS_1252, _WESTERN_PAGE, False))


def _suspect(page: dict[str, int], leads: Iterable[int]) -> str:
    """One of the UTF-8 `leads` followed by a continuation byte, as the code page shows them."""
    first = "".join(re.escape(c) for c, b in page.items() if b in leads)
    follows = "".join(re.escape(c) for c, b in page.items() if 0x80 <= b <= 0xBF)
    return f"[{first}][{follows}]"


# Read from Windows-1256 only Arabic script, Latin letters and punctuation are plausible (see _plausible),
# so only their lead bytes: U+00A0-017F (C2-C5), U+0600-06FF (D8-DB), U+0750-077F (DD), general
# punctuation and ZWNJ (E2), presentation forms (EF). Most Persian letters are other lead bytes, so genuine
# Persian text rarely gets past this first look.
_ARABIC_LEADS = (0xC2, 0xC3, 0xC4, 0xC5, 0xD8, 0xD9, 0xDA, 0xDB, 0xDD, 0xE2, 0xEF)
_SUSPECT = re.compile(
    _suspect(_ARABIC_PAGE, _ARABIC_LEADS) + "|" + _suspect(_WESTERN_PAGE, range(0xC2, 0xF5))
)
_ASCII_SPACE = re.compile(r"([ \t\r\n\f\v]+)")  # not str.split(): NBSP and U+0085 are continuation bytes


def _plausible(text: str, arabic_page: bool) -> bool:
    """Could `text` be what the UTF-8 author wrote? Letters, marks, digits, punctuation; read from
    Windows-1256, only Arabic script, Latin letters and punctuation, and at least two Arabic letters when
    Arabic (a lone letter rebuilt from two genuine Persian letters, as ژ from عک, is too easy a match)."""
    arabic = 0
    for ch in text:
        if ch < "\x80" or ch in "\u200c\u200d":  # ZWNJ and ZWJ: common in Persian words
            continue
        kind = unicodedata.category(ch)[0]
        if kind not in "LMNPZ":  # controls, symbols, private use, unassigned: not from a name
            return False
        if arabic_page:
            if in_arabic_script(ch):
                arabic += 1
            elif not ("\u00a0" <= ch <= "\u017f" or "\u2000" <= ch <= "\u206f"):
                return False
    return not arabic_page or arabic != 1


@lru_cache(maxsize=1 << 16)  # lists repeat the same words many times over
def _reread(word: str) -> tuple[str, str] | None:
    """(code page, the word as its UTF-8 author wrote it), if `word` looks mis-decoded."""
    if word.isascii() or not _SUSPECT.search(word):
        return None
    for label, page, arabic in _PAGES:
        try:
            raw = bytes(ord(c) if c < "\x80" else page[c] for c in word)
            fixed = raw.decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if _plausible(fixed, arabic):
            if not arabic and any("\x80" <= c <= "\x9f" and c not in _UNDEFINED_1252 for c in word):
                label = LATIN_1  # a C1 control where Windows-1252 has a character: read as Latin-1
            return label, fixed
    return None


def mojibake_source(text: str) -> str | None:
    """The code page UTF-8 text was wrongly read as ("Windows-1256", "Windows-1252" or "Latin-1") if some
    word of `text` looks mis-decoded; None otherwise."""
    if text.isascii() or not _SUSPECT.search(text):
        return None
    for word in _ASCII_SPACE.split(text):
        found = _reread(word) if not word.isascii() else None
        if found is not None:
            return found[0]
    return None


def looks_like_mojibake(text: str) -> bool:
    """True if some word of `text` looks like UTF-8 read as Windows-1256, Windows-1252 or Latin-1."""
    return mojibake_source(text) is not None


def repair_mojibake(text: str) -> str:
    """`text` with each word that looks mis-decoded read again as UTF-8; other words unchanged. A guess
    for a reviewer to confirm against the source, never a replacement for the original."""
    if text.isascii() or not _SUSPECT.search(text):
        return text
    parts = _ASCII_SPACE.split(text)
    for i in range(0, len(parts), 2):  # odd indexes are the separators
        found = _reread(parts[i])
        if found is not None:
            parts[i] = found[1]
    return "".join(parts)
