"""Normal forms of names in Persian script and in Latin transliteration. The original string is never
changed: these functions return new strings for matching, and callers keep the original beside them.

Persian script: NFKC; the shared letter and digit folds of `testament.text` (Arabic yeh and kaf → Persian,
teh marbuta → heh, Persian and Arabic-Indic digits → ASCII ...), and for names also hamza carriers → their
base letters; tatweel, diacritics, ZWNJ/ZWJ and bidi marks dropped. Script detection is `testament.text`'s
`script_of`, re-exported here.

Latin script: lowercase, accents and apostrophes stripped, then letter rules that unify the common
transliteration choices (ou/oo/u, ee/i, ey/ei, gh/q, kh/x, dj/j, w/v, final -eh/-e, doubled letters, the
French and German spellings of sh, ch and j) and a table of common name variants (Muhammad, Mohamed →
Mohammad). Results are cached: lists repeat the same names many times over.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from testament.names._data import load
from testament.names.given import given_names
from testament.text import DIGITS, DIRECTION_MARKS, LETTERS, MARKS, Script, script_of

__all__ = [
    "Script",
    "fold_latin",
    "normalise_latin_token",
    "normalise_persian",
    "normalise_token",
    "script_of",
    "split_tokens",
    "variant_of",
]

_CACHE = 1 << 18  # distinct spellings; a million list rows hold far fewer

# --- Persian script -----------------------------------------------------------------------------------

# Name matching folds more than the shared letter fold: hamza carriers and alef madda to their base
# letters, hamza and every mark dropped, ZWNJ and ZWJ dropped (the word's parts are read as one).
_DROP = (
    *MARKS,  # tatweel, harakat, superscript alef
    *range(0x0653, 0x0660),  # the other marks above and below
    *range(0x06D6, 0x06EE),  # Quranic annotation marks
    *(0x200C, 0x200D, 0x00AD),  # ZWNJ, ZWJ, soft hyphen
    *DIRECTION_MARKS,
)
_PERSIAN_MAP: dict[int, str | None] = {c: None for c in _DROP}
_PERSIAN_MAP.update(
    {
        **LETTERS,
        **DIGITS,
        ord("ئ"): "ی",
        ord("ە"): "ه",
        ord("آ"): "ا",
        ord("ء"): None,
        ord("،"): ",",
        ord("؛"): ";",
    }
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=_CACHE)
def normalise_persian(text: str) -> str:
    """Persian-script text in one normal form (see the module doc); whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_PERSIAN_MAP)
    return _SPACES.sub(" ", text).strip()


# --- Latin script -------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans("", "", "'’‘ʼʻ`´ʿʾ\u02bc")
_ELISION = re.compile(r"\b([dl])['’](?=\w)")  # French d'Evin, l'Evin: the article is its own word
_NON_LETTER = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=_CACHE)
def fold_latin(text: str) -> str:
    """Lowercase ASCII letters and digits separated by single spaces: accents and apostrophes removed,
    every other mark (hyphen, dot, comma) a word break."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ß", "ss")
    text = _ELISION.sub(r"\1 ", text).translate(_APOSTROPHES)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_LETTER.sub(" ", text).strip()


# Ordered: German and French digraphs first, then the rules that need doubled letters (ee, oo) before
# doubled letters are collapsed, then the ones that must see single letters.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in (
        # the Arabic article assimilated to the next letter, written as said: Abdorreza, Abdossamad for
        # Abdolreza, Abdolsamad; Nureddin, Shamsoddin for Nuraldin, Shamsoldin (Persian: عبدالرضا، نورالدین)
        (r"^abd[aeou]([dnrstz])\1?", r"abdol\1"),
        (r"(?<=[a-z]{2})[aeou]ddin$", "oldin"),
        (r"([b-df-hj-np-tv-z])\1+", r"\1"),  # doubled consonants first (ddj = dj = j)
        ("dsch", "j"),
        ("tsch", "ch"),
        ("sch", "sh"),
        ("tch", "ch"),
        ("dzh", "j"),
        ("dj", "j"),
        ("ph", "f"),
        ("kh", "x"),
        ("gh", "q"),
        ("gu(?=[ei])", "g"),  # French Guilan: a hard g before e and i
        ("ee", "i"),
        ("oo", "u"),
        (r"([a-z])\1+", r"\1"),
        ("ou", "u"),
        ("ey", "ei"),
        ("w", "v"),
        ("eh$", "e"),
        (r"([a-z])\1+", r"\1"),  # again: the rules above can bring two letters together (uou → uu)
    )
]


def _apply_rules(token: str) -> str:
    # To a fixed point: one pass can make a form another rule rewrites ("gooe" → "gue" → "ge"), and a key
    # must not change when a name is normalised twice. No rule lengthens a word, so this ends.
    while True:
        before = token
        for pattern, repl in _RULES:
            token = pattern.sub(repl, token)
        if token == before:
            return token


@cache
def _variants() -> dict[str, str]:
    """Other spelling → preferred spelling, both in normal form: given names' spellings (given.toml, the one
    list of given names), then surnames' (variants.toml)."""
    given = [(name.latin, name.variants) for name in given_names()]
    table: dict[str, str] = {}
    for canonical, others in [*given, *load("variants")["surname"].items()]:
        target = _apply_rules(fold_latin(canonical).replace(" ", ""))
        for spelling in [canonical, *others]:
            table[_apply_rules(fold_latin(spelling).replace(" ", ""))] = target
    return table


def variant_of(form: str) -> str:
    """The preferred spelling of an already normalised Latin form (itself when none is listed)."""
    return _variants().get(form, form)


@lru_cache(maxsize=_CACHE)
def normalise_latin_token(token: str) -> str:
    """One folded Latin word (see `fold_latin`) in normal form, common variants mapped to one spelling."""
    return variant_of(_apply_rules(token))


# --- both -----------------------------------------------------------------------------------------------

_PERSIAN_SPLIT = re.compile(r"[^\w]+|_")
_HEH_ZWNJ = re.compile("([هةۀ])\u200c")


@lru_cache(maxsize=_CACHE)
def split_tokens(text: str) -> tuple[Script, tuple[str, ...]]:
    """The script of `text` and its words in script-normal form (Persian normalised, or Latin folded but
    not yet rule-normalised). Hyphens, dots and commas break words; ZWNJ joins them."""
    script = script_of(text)
    if script == "fa":
        # a heh before ZWNJ ends a word (خلیفه‌سلطانی): the words stay apart, so its heh stays silent
        words = _PERSIAN_SPLIT.split(normalise_persian(_HEH_ZWNJ.sub("\\1 ", text)))
        return script, tuple(w for w in words if w and not w.isdigit())
    if script == "latin":
        return script, tuple(w for w in fold_latin(text).split() if not w.isdigit())
    return script, ()


def normalise_token(token: str, script: Script) -> str:
    """A word from `split_tokens` in final normal form for its script."""
    return normalise_latin_token(token) if script == "latin" else token
