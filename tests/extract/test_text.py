"""testament.extract._text: the guard that lets a pattern skip positions where no match can start."""

from __future__ import annotations

import re

import pytest

from testament.extract._text import guard_all, guarded

TEXT = (
    "On 6 August 1988 Karim was executed. KARIM's mother asked; nobody answered. In Shahrivar ۱۳۶۷ "
    "the guards called ten names. 'Arrested' in 1981, released 1987. Kelvin sign: \u212a. د  اعدام شدند."
)

# patterns of the shapes the rules use: lexicon alternations (case-insensitive), lookbehinds before the
# match, optional and repeated starts, classes and categories, Persian terms, a named group for the start
PATTERNS = [
    re.compile(r"\b(?:executed|arrested|released|called)\b", re.IGNORECASE),
    re.compile(r"(?<=the )guards?\b"),
    re.compile(r"(?:the\s+)?(?:early|late)?\s*(?:August|Shahrivar)(?:\s+\d{4})?"),
    re.compile(r"\d{1,2}\s+August|[۰-۹]{4}"),
    re.compile(r"(?:ten|\d+)\s+names|karim", re.IGNORECASE),
    re.compile(r"k", re.IGNORECASE),  # the Kelvin sign folds to "k"
    re.compile(r"(?P<n>\w+)'s\s+mother"),
    re.compile(r"اعدام\s+شدند"),
    re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"),
    re.compile(r"\s*;\s*nobody"),
    re.compile(r"(\w)\1"),  # a back-reference after the first character
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_a_guarded_pattern_finds_the_same_matches(pattern: re.Pattern[str]) -> None:
    guard = guarded(pattern)
    assert guard.pattern != pattern.pattern  # a guard was put in front
    found = [(m.span(), m.groupdict()) for m in pattern.finditer(TEXT)]
    assert found and [(m.span(), m.groupdict()) for m in guard.finditer(TEXT)] == found
    for pos in range(len(TEXT)):  # .match at every position: the same answer
        plain, fast = pattern.match(TEXT, pos), guard.match(TEXT, pos)
        assert (plain and plain.span()) == (fast and fast.span())
    assert guard.sub("#", TEXT) == pattern.sub("#", TEXT)


def test_the_guard_lets_only_possible_starts_through() -> None:
    guard = guarded(re.compile(r"\b(?:executed|arrested)\b", re.IGNORECASE))
    assert guard.match("Xexecuted") is None and guard.search("Xexecuted") is None
    assert guard.search("was EXECUTED").span() == (4, 12)


@pytest.mark.parametrize(
    "source, flags",
    [
        (r"[^a-z]+x", 0),  # a negated class
        (r".+?executed", 0),  # any character
        (r"(?i:k)arim", 0),  # a scoped flag: the guard would not follow it
        (r"x*", 0),  # can match nothing
        (r"(?:a|)b?", 0),
        (r"executed  # a comment", re.VERBOSE),
    ],
)
def test_a_pattern_whose_starts_cannot_be_told_is_kept_as_it_is(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    assert guarded(pattern) is pattern


def test_guard_all_guards_every_pattern_of_a_namespace_and_nothing_else() -> None:
    namespace: dict[str, object] = {"A": re.compile(r"executed"), "B": re.compile(r"x*"), "C": "executed"}
    guard_all(namespace)
    assert isinstance(namespace["A"], re.Pattern) and namespace["A"].pattern.startswith("(?=")
    assert namespace["B"].pattern == "x*"  # type: ignore[attr-defined]
    assert namespace["C"] == "executed"
