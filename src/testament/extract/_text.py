"""Text preparation shared by the finders: a normalised copy of the same length (so every offset found in
it is an offset in the original: `testament.text`'s letter and digit folds, one character for one, and
typography), sentences, paragraphs, quotations and the document's voice."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from re import _constants as _C  # type: ignore[attr-defined]  # (the standard parser, to read a pattern)
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from testament.text import DIGITS, LETTERS, MARKS, letter_counts

__all__ = [
    "Document",
    "Quote",
    "Sentence",
    "detect_language",
    "guard_all",
    "guarded",
    "last_match",
    "overlaps",
]


def _fold_table() -> dict[int, str]:
    # The shared letter and digit fold (one char for one char), then typography.
    table: dict[int, str] = {**DIGITS, **LETTERS}
    for cp in (0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033):  # double quotes and guillemets
        table[cp] = '"'
    for cp in (0x2018, 0x2019, 0x201A, 0x201B, 0x0060, 0x00B4, 0x2032):
        table[cp] = "'"
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212):
        table[cp] = "-"
    for cp in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x3000):
        table[cp] = " "
    # Tatweel and harakat sit inside words; ZWNJ keeps the word whole where deleting would shift offsets.
    for cp in MARKS:
        table[cp] = "\u200c"
    table.update({0x066C: ",", 0x066B: "."})
    return table


_FOLD = _fold_table()
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "nos",
        "mt",
        "jr",
        "sr",
        "vs",
        "e.g",
        "i.e",
        "etc",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "prof",
        "rev",
        "p",
        "pp",
        "fig",
        "vol",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "ca",
        "c",
    ]
)
_BREAK = re.compile(r"\n[ \t]*\n|\f")
_END = re.compile(r"[.!?؟…]+['\")\]]*(?=\s|$)")
_FIRST_PERSON_EN = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours|myself|ourselves)\b", re.IGNORECASE)
# Persian drops the pronoun: the verb's ending says "I" or "we" ("بودم", "می‌دیدیم")
_FIRST_PERSON_FA = re.compile(
    r"(?<![\w\u200c])(?:من|ما|مرا|برایم|خودم|ما را|بودم|بودیم|دیدم|دیدیم|شدم|شدیم|کردم|کردیم|رفتم|رفتیم|"
    r"گفتم|گفتیم|شنیدم|شنیدیم|داشتم|داشتیم|آمدم|آمدیم|هستم|هستیم)(?![\w\u200c])"
    r"|(?<![\w\u200c])می[\u200c ]?(?:دید|شنید|رفت|کرد|گفت|زد|خورد|آمد|داشت|توانست|دانست|خواست)"
    r"(?:یم|م)(?![\w\u200c])"
)
_WORDS = re.compile(r"[^\W\d_][\w\u200c'-]*")


def detect_language(text: str) -> str:
    """ "fa" when Arabic-script letters make up a third of the letters of the first 20,000 characters,
    else "en"."""
    arabic, latin = letter_counts(text[:20000])
    return "fa" if arabic and 3 * arabic >= arabic + latin else "en"


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text` (the nearest cue before a mention), or None."""
    return max(pattern.finditer(text), key=lambda m: m.start(), default=None)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int


@dataclass(slots=True)
class Quote:
    """A quotation long enough to be someone's words; `speaker` is filled by the discourse step."""

    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the paragraph when it is never closed)
    speaker: dict[str, object] | None = None
    first_person: bool = False


@dataclass
class Document:
    text: str
    language: str
    norm: str = field(init=False)
    sentences: list[Sentence] = field(init=False)
    quotes: list[Quote] = field(init=False)

    def __post_init__(self) -> None:
        self.norm = self.text.translate(_FOLD)
        assert len(self.norm) == len(self.text)
        self.sentences = self._split()
        self._starts = [s.start for s in self.sentences]
        self.quotes = self._find_quotes()
        self._quote_starts = [q.start for q in self.quotes]

    # --- structure ---------------------------------------------------------------------------------------
    def _split(self) -> list[Sentence]:
        norm = self.norm
        sentences: list[Sentence] = []
        paragraph = 0
        pos = 0
        for block in [*_BREAK.finditer(norm), None]:
            stop = block.start() if block else len(norm)
            start = pos
            for end_mark in _END.finditer(norm, pos, stop):
                if self._is_abbreviation(end_mark.start()):
                    continue
                end = end_mark.end()
                if norm[start:end].strip():
                    sentences.append(self._sentence(len(sentences), start, end, paragraph))
                start = end
            if norm[start:stop].strip():
                sentences.append(self._sentence(len(sentences), start, stop, paragraph))
            paragraph += 1
            pos = block.end() if block else len(norm)
        return sentences

    def _sentence(self, index: int, start: int, end: int, paragraph: int) -> Sentence:
        while start < end and self.norm[start].isspace():
            start += 1
        return Sentence(index, start, end, paragraph)

    def _is_abbreviation(self, dot: int) -> bool:
        if self.norm[dot] != ".":
            return False
        word = re.search(r"([A-Za-z.]+)$", self.norm[max(0, dot - 6) : dot])
        if word is None:
            return False
        token = word.group(1).lower()
        return token in _ABBREVIATIONS or (len(token) == 1 and self.norm[dot - 1].isupper())

    def _find_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        norm = self.norm
        breaks = [m.start() for m in _BREAK.finditer(norm)] + [len(norm)]
        open_at: int | None = None
        b = 0
        for m in re.finditer('"', norm):
            while breaks[b] < m.start():
                if open_at is not None:  # a quotation running to the end of its paragraph
                    self._keep(quotes, open_at, breaks[b])
                    open_at = None
                b += 1
            if open_at is None:
                open_at = m.start()
            else:
                self._keep(quotes, open_at, m.end())
                open_at = None
        if open_at is not None:
            self._keep(quotes, open_at, breaks[b] if b < len(breaks) else len(norm))
        return quotes

    def _keep(self, quotes: list[Quote], start: int, end: int) -> None:
        inner = self.norm[start + 1 : end]
        if len(_WORDS.findall(inner)) >= 5:  # shorter ones are names or scare quotes, not someone's words
            pattern = _FIRST_PERSON_FA if self.language == "fa" else _FIRST_PERSON_EN
            quotes.append(Quote(start, end, first_person=bool(pattern.search(inner))))

    # --- lookups -----------------------------------------------------------------------------------------
    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[max(i, 0)] if self.sentences else Sentence(0, 0, len(self.text), 0)

    def quote_at(self, pos: int) -> Quote | None:
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def sentence_norm(self, sentence: Sentence) -> str:
        return self.norm[sentence.start : sentence.end]

    def neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        i = sentence.index + step
        if 0 <= i < len(self.sentences) and self.sentences[i].paragraph == sentence.paragraph:
            return self.sentences[i]
        return None

    @cached_property
    def first_person(self) -> bool:
        """A testimony told by "I" (outside quotations), as opposed to an article about a witness."""
        outside: list[str] = []
        pos = 0
        for q in self.quotes:
            outside.append(self.norm[pos : q.start])
            pos = q.end
        outside.append(self.norm[pos:])
        body = " ".join(outside)
        words = len(_WORDS.findall(body)) or 1
        pattern = _FIRST_PERSON_FA if self.language == "fa" else _FIRST_PERSON_EN
        return len(pattern.findall(body)) / words >= 0.01


# --- a faster search for the same matches -------------------------------------------------------------


class _NoGuard(Exception):
    """The pattern can start in a way `_first_chars` does not follow: it keeps no guard."""


# a class's categories as they are written inside a class of the guard (compiled with the same flags)
_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d",
    _C.CATEGORY_NOT_DIGIT: r"\D",
    _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S",
    _C.CATEGORY_WORD: r"\w",
    _C.CATEGORY_NOT_WORD: r"\W",
}


def _first_chars(items: Any, into: set[str]) -> bool:
    """Adds to `into` (as items of a character class) every character a match of the parsed `items` can
    start by consuming; True when the items can also match nothing (the caller goes on to what follows)."""
    for op, av in items:
        if op is _C.LITERAL:
            into.add(re.escape(chr(av)))
            return False
        if op is _C.IN:
            for kind, arg in av:
                if kind is _C.LITERAL:
                    into.add(re.escape(chr(arg)))
                elif kind is _C.RANGE:
                    into.add(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
                elif kind is _C.CATEGORY and arg in _CATEGORIES:
                    into.add(_CATEGORIES[arg])
                else:
                    raise _NoGuard  # a negated class
            return False
        if op is _C.SUBPATTERN:
            if av[1] & (re.IGNORECASE | re.UNICODE):
                raise _NoGuard  # "(?i:…)" matches more than the guard would (flags it takes off, less)
            if not _first_chars(av[3], into):
                return False
        elif op is _C.BRANCH:
            empty = False
            for alternative in av[1]:
                empty = _first_chars(alternative, into) or empty
            if not empty:
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            if not _first_chars(av[2], into) and av[0] >= 1:
                return False
        elif op not in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):  # (lookarounds and anchors consume nothing)
            raise _NoGuard
    return True


@lru_cache(maxsize=512)
def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a lookahead for the characters its matches can start with: the same matches (the
    lookahead only fails where the pattern would), found faster, since the regex engine tries a long
    alternation (a lexicon's terms, case-insensitive) at every position of a text otherwise. `pattern`
    itself where its starts cannot be told."""
    if pattern.flags & re.VERBOSE or not isinstance(pattern.pattern, str):
        return pattern
    first: set[str] = set()
    try:
        if _first_chars(_parser.parse(pattern.pattern, pattern.flags), first):
            return pattern  # (it can match the empty string)
        return re.compile(f"(?=[{''.join(sorted(first))}])(?:{pattern.pattern})", pattern.flags)
    except (_NoGuard, re.error, RecursionError):
        return pattern


def guard_all(namespace: dict[str, Any]) -> None:
    """Puts every pattern bound in `namespace` (a module's globals, once all are compiled) behind its guard;
    patterns composed from another's `.pattern` are composed before."""
    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern):
            namespace[name] = guarded(value)
