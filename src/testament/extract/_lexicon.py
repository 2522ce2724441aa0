"""The word lists of `data/lexicon.toml`, loaded once and shaped for the finders. Given names are not
among them: they are the names package's one list (`testament.names.given_names`), read here."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from testament.names import given_names

__all__ = ["Lexicon", "boundary_fa", "fa_key", "lexicon", "phrase_pattern"]


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("testament.extract").joinpath("data", name).read_text("utf-8"))


def phrase_pattern(phrase: str, *, persian: bool) -> str:
    """A phrase as a regex where spaces, hyphens and (in Persian) ZWNJ between its parts are interchangeable
    or may be dropped: "Gohar Dasht" also finds "Gohar-Dasht"; "خرم آباد" also finds "خرم‌آباد"."""
    parts = [re.escape(p) for p in re.split(r"[\s\u200c]+" if persian else r"[\s-]+", phrase.strip()) if p]
    joiner = r"[\s\u200c]?" if persian else r"[\s-]+"
    return joiner.join(parts)


def boundary_fa(body: str) -> str:
    # a digit may follow a Persian word written against it ("قتل عام۶۷"); a letter or ZWNJ may not
    return rf"(?<![\w\u200c])(?:{body})(?![^\W\d_]|\u200c)"


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]  # casefolded Latin spellings of the given names, not the everyday words
    surnames: frozenset[str]
    given_fa: frozenset[str]  # Persian script, ZWNJ and spaces removed; not the everyday words
    surnames_fa: frozenset[str]
    canonical: dict[str, str]  # casefolded spelling (or Persian key) -> canonical Latin
    titles: frozenset[str]
    titles_fa: tuple[str, ...]
    cleric_titles: frozenset[str]
    lineage: frozenset[str]
    lineage_fa: frozenset[str]
    positions: tuple[str, ...]
    positions_fa: tuple[str, ...]
    known_officials: frozenset[str]  # casefolded Latin surnames and Persian keys of public-record officials
    relatives: frozenset[str]
    relatives_fa: frozenset[str]
    not_names: frozenset[str]
    stop_words: frozenset[str]
    not_names_fa: frozenset[str]
    raw: dict[str, Any]


def fa_key(word: str) -> str:
    return word.replace("\u200c", "").replace(" ", "")


def _given(english_words: frozenset[str]) -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """The names package's given names (`testament.names.given_names`, the one list): casefolded Latin
    spellings, Persian keys, and each spelling or key → the usual Latin spelling (usual spellings first,
    so "Nemat" is Nemat, not a short Nematollah). A name that is also an everyday Persian word (پیام
    message, ندا call) is no known name in prose, in either script ("Payam-e Haq", "Neda Square" are no
    persons): it is read as one only beside a surname, as an unknown given name is. Neither is a Latin
    spelling that is an English word (`english_words`: Said)."""
    latin: set[str] = set()
    persian: set[str] = set()
    canonical: dict[str, str] = {}
    names = given_names()
    for name in names:
        canonical.setdefault(name.latin.casefold(), name.latin)
        for fa in name.persian:
            canonical.setdefault(fa_key(fa), name.latin)
        if not name.everyday_word:
            latin.add(name.latin.casefold())
            persian.update(fa_key(fa) for fa in name.persian)
    for name in names:
        for spelling in name.variants:
            canonical.setdefault(spelling.casefold(), name.latin)
            if not name.everyday_word:
                latin.add(spelling.casefold())
    return frozenset(latin - english_words), frozenset(persian), canonical


@cache
def lexicon() -> Lexicon:
    raw = _load("lexicon.toml")
    names = raw["names"]
    given, given_fa, canonical = _given(frozenset(w.casefold() for w in names["english_words"]))
    surnames: set[str] = set()
    surnames_fa: set[str] = set()
    for fa, main, others in names["surnames"]:
        for spelling in (main, *others.split()):
            surnames.add(spelling.casefold())
            canonical.setdefault(spelling.casefold(), main)
        surnames_fa.add(fa_key(fa))
        canonical.setdefault(fa_key(fa), main)
    return Lexicon(
        given=given,
        surnames=frozenset(surnames),
        given_fa=given_fa,
        surnames_fa=frozenset(surnames_fa),
        canonical=canonical,
        titles=frozenset(t.casefold() for t in names["titles"]),
        titles_fa=tuple(sorted(names["titles_fa"], key=len, reverse=True)),
        cleric_titles=frozenset(t.casefold() for t in names["cleric_titles"]),
        lineage=frozenset(t.casefold() for t in names["lineage"]),
        lineage_fa=frozenset(names["lineage_fa"]),
        positions=tuple(sorted(names["positions"], key=len, reverse=True)),
        positions_fa=tuple(sorted(names["positions_fa"], key=len, reverse=True)),
        known_officials=frozenset(
            [w.casefold() for w in names["known_officials"]]
            + [fa_key(w) for w in names["known_officials_fa"]]
        ),
        relatives=frozenset(names["relatives"]),
        relatives_fa=frozenset(names["relatives_fa"]),
        not_names=frozenset(w.casefold() for w in names["not_names"]),
        stop_words=frozenset(w.casefold() for w in names["stop_words"]),
        not_names_fa=frozenset(names["not_names_fa"]),
        raw=raw,
    )
