"""Coreference within one text: the other ways a named person is referred to, bound to that person.

A testimony names a person in several ways: "Davood Karimi", "Davood", "Karimi" (grouped by the name
finder, `persons._cluster`, on shared given names and surnames), "my brother" and "he". This module adds
the last two as `Reference`s of an entity, so that what the text says of "my brother" or "he" (executed,
ordered) counts for that person's role, and an act told of "him" is linked to him:

* **kinship**: a kinship phrase written beside a name binds to it ("my brother Parviz", "Parviz, my
  brother", "برادرم داوود", "داوود، برادرم"); the same phrase later without a name ("my brother was
  hanged") refers to that person. A phrase bound to no name refers to no one here (the guide does not
  annotate unnamed relatives: "his mother" alone is nobody's mention).
* **pronouns**: "he", "him", "she" (English) and "او", "وی" (Persian) refer to the last person named or
  referred to before them, in the same sentence or the one or two before it, whose gender does not
  contradict the pronoun's (a person bound to "my sister" is no "he"); "I" and "we" are the narrator and
  never resolved here.

References are not mentions: the guide does not annotate pronouns or unnamed kinship phrases, and none is
proposed as a person. They are evidence about the entity they resolve to."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from testament.extract._lexicon import fa_key, lexicon
from testament.extract._text import Document, guard_all
from testament.extract.persons import PersonMention

__all__ = ["Reference", "resolve_references"]

_MALE = frozenset(
    {"brother", "father", "son", "husband", "uncle", "nephew", "grandfather", "fiancé", "fiance"}
    | {"father-in-law", "brother-in-law", "برادر", "پدر", "پسر", "شوهر", "عمو", "دایی", "پدربزرگ"}
    | {"پسرعمو", "پسرخاله"}
)
_FEMALE = frozenset(
    {"sister", "mother", "daughter", "wife", "aunt", "niece", "grandmother", "fiancée", "fiancee"}
    | {"mother-in-law", "sister-in-law", "خواهر", "مادر", "دختر", "خاله", "عمه", "مادربزرگ", "دخترعمو"}
)
_PRONOUN_EN = re.compile(r"\b(?:(?P<m>he|him)|(?P<f>she))\b", re.IGNORECASE)
_PRONOUN_FA = re.compile(r"(?<![\w\u200c])(?:او|وی)(?![\w\u200c])")
# Persian possessive suffixes on a kinship word: برادرم (my), برادرش (his/her), برادرمان (our)
_SUFFIX_FA = "(?:م|ش|ت|مان|شان|تان)"
_SENTENCES_BACK = 2


@dataclass(frozen=True)
class Reference:
    """A kinship phrase or pronoun in the text, resolved to a person `entity` of the name finder."""

    start: int
    end: int
    text: str
    kind: str  # kinship or pronoun
    entity: int


def _gender(kin: str) -> str | None:
    word = kin.split()[-1].casefold()
    if word in _MALE or fa_key(word) in _MALE:
        return "m"
    if word in _FEMALE or fa_key(word) in _FEMALE:
        return "f"
    return None


@cache
def _kin_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    kin_en = "|".join(sorted((re.escape(w) for w in lex.relatives), key=len, reverse=True))
    bare_fa = sorted({w for w in lex.relatives_fa if not w.endswith("ش") or w[:-1] not in lex.relatives_fa})
    kin_fa = "|".join(sorted((re.escape(w) for w in bare_fa), key=len, reverse=True))
    en = re.compile(rf"\b(?P<kin>(?:my|his|her|our|their)\s+(?:{kin_en}))\b", re.IGNORECASE)
    fa = re.compile(
        rf"(?<![\w\u200c])(?P<kin>(?:{kin_fa})(?:\u200c?{_SUFFIX_FA}|\s+(?:من|ما|او))?)(?![\w\u200c])"
    )
    return en, fa


def _kin_key(phrase: str, persian: bool) -> str:
    return fa_key(re.sub(r"\s+", " ", phrase)) if persian else re.sub(r"\s+", " ", phrase).casefold()


def resolve_references(doc: Document, persons: list[PersonMention]) -> list[Reference]:
    """Kinship phrases and pronouns of `doc` bound to the entities of `persons` (sorted by start)."""
    persian = doc.language == "fa"
    norm = doc.norm
    kin_pattern = _kin_patterns()[1 if persian else 0]
    by_start = sorted(persons, key=lambda p: p.start)
    person_starts = [p.start for p in by_start]
    bound: dict[str, int] = {}
    gender: dict[int, str] = {}
    refs: list[Reference] = []
    for m in kin_pattern.finditer(norm):
        phrase = m.group("kin")
        key = _kin_key(phrase, persian)
        named = _named_beside(norm, m.start(), m.end(), by_start, person_starts)
        if named is not None:
            bound.setdefault(key, named.entity)
            g = _gender(phrase if not persian else re.sub(rf"\u200c?{_SUFFIX_FA}$", "", phrase.split()[0]))
            if g is not None:
                gender.setdefault(named.entity, g)
        elif key in bound:
            refs.append(Reference(m.start(), m.end(), norm[m.start() : m.end()], "kinship", bound[key]))
    pronoun = _PRONOUN_FA if persian else _PRONOUN_EN
    # what a pronoun can refer to: names and kinship references, in text order
    anchors = sorted(
        [(p.start, p.end, p.entity) for p in persons] + [(r.start, r.end, r.entity) for r in refs]
    )
    starts = [a[0] for a in anchors]
    for m in pronoun.finditer(norm):
        wanted = None if persian else ("m" if m.group("m") else "f")
        sentence = doc.sentence_at(m.start())
        first = sentence
        for _ in range(_SENTENCES_BACK):
            previous = doc.neighbour(first, -1)
            if previous is None:
                break
            first = previous
        # anchors are sorted by start: walk back from the pronoun, no further than the window
        for i in range(bisect.bisect_left(starts, m.start()) - 1, -1, -1):
            start, end, entity = anchors[i]
            if start < first.start:
                break
            if end > m.start():
                continue
            if wanted is not None and gender.get(entity, wanted) != wanted:
                continue
            refs.append(Reference(m.start(), m.end(), norm[m.start() : m.end()], "pronoun", entity))
            break
    return sorted(refs, key=lambda r: r.start)


def _named_beside(
    norm: str, start: int, end: int, persons: list[PersonMention], starts: list[int]
) -> PersonMention | None:
    """The person named right after a kinship phrase ("my brother, Parviz") or right before it
    ("Parviz, my brother"; "داوود، برادرم")."""
    i = bisect.bisect_left(starts, start)
    for p in persons[max(0, i - 1) : i + 2]:  # sorted by start: only the neighbours can be beside
        if 0 <= p.start - end <= 3 and re.fullmatch(r"[\s,،:]*", norm[end : p.start]):
            return p
        if 0 <= start - p.end <= 3 and re.fullmatch(r"\s*[,،]\s*", norm[p.end : start]):
            return p
    return None


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
