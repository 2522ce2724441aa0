"""Strata an estimator can trust: values grouped by what they mean, not how they are spelt, and strata too
small to estimate merged before any estimator sees them.

**Normalisation.** A stratum is a normalised value. Prisons, cities and burial places go through the
gazetteer (`testament.names.place_key`): "Evin", "Evin Prison" and "زندان اوين" are one stratum, Rajaei
Shahr is Gohardasht, Karun Prison is Ahvaz Prison, Tehran/Teheran/Téhéran and Yazd with an Arabic or a
Persian yeh are one city. A value the gazetteer does not know is folded the same way (case, accents,
Arabic/Persian letters, ZWNJ, generic words such as prison or زندان dropped, then its cross-script
skeleton), so near-identical spellings join. Affiliations go through `organisation_key`; any other field
(sex, fate, a stratum column of a pattern file) is folded by case, script and spacing only. A stratum is
named by the gazetteer's name when the place is known, else by its most frequent spelling; every spelling
that went into it is kept with its count (`Stratum.spellings`).

**A person's stratum** is the normalised value most of their records give (ties: the first key in sort
order); the spelling it is shown with is the most frequent of that value's spellings among their records.
A person with no value is in `(unknown)`.

**Too small to estimate.** A stratum is estimable when it holds at least `StrataRule.min_persons` observed
persons (default 50) and at least `StrataRule.min_overlap` of them (default 10) are on two or more lists:
with fewer, there is no overlap to estimate from and every method's interval is wide or wrong. Strata
that fail are merged into one `(other)` stratum, with a warning naming them. If `(other)` still fails, the
smallest estimable strata are folded into it one by one until it passes. If what is left is a single
stratum, or the whole input fails the rule, stratifying is refused (`InputError`): estimate without
strata, or lower the minimum.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.names import organisation_key, place_key, split_tokens
from testament.names.normalise import normalise_token
from testament.names.places import PlaceKind, place_name

__all__ = [
    "OTHER",
    "UNKNOWN",
    "StrataRule",
    "Stratification",
    "Stratum",
    "stratify",
    "stratum_key",
]

OTHER = "(other)"
UNKNOWN = "(unknown)"
_PLACE_FIELDS: dict[str, PlaceKind] = {"prison": "prison", "city": "city", "burial_place": "burial"}
_SHOWN = 8  # strata named in a merge warning before "and N more"


@dataclass(frozen=True)
class StrataRule:
    """When a stratum is too small to estimate on its own (see the module docstring)."""

    min_persons: int = 50
    min_overlap: int = 10

    def __post_init__(self) -> None:
        if self.min_persons < 1 or self.min_overlap < 0:
            raise InputError(
                f"minimum stratum size must be at least 1 person, not {self.min_persons}",
                hint="the default minimum is 50 persons",
            )

    def describe(self) -> str:
        return f"at least {self.min_persons} persons, {self.min_overlap} of them on two or more lists"


@dataclass
class Stratum:
    """One normalised value: how many observed persons it holds, and the spellings that went into it."""

    label: str
    persons: int
    overlap: int  # persons on two or more lists
    spellings: dict[str, int] = field(default_factory=dict)  # raw value -> persons shown with it
    merged_into: str | None = None  # OTHER when it was too small to estimate on its own

    def to_dict(self) -> dict[str, Any]:
        return {
            "stratum": self.label,
            "persons": self.persons,
            "on_two_or_more_lists": self.overlap,
            "spellings": dict(self.spellings),
            "merged_into": self.merged_into,
        }


@dataclass
class Stratification:
    """The strata made from one field: every normalised value (`strata`), which were merged, and why."""

    field_name: str  # the record field or column the strata were made from
    rule: StrataRule
    strata: list[Stratum]  # every normalised value, largest first
    estimated: dict[str, int]  # stratum estimated -> persons (after merging)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field_name,
            "rule": {"min_persons": self.rule.min_persons, "min_overlap": self.rule.min_overlap},
            "estimated": dict(self.estimated),
            "strata": [s.to_dict() for s in self.strata],
            "warnings": list(self.warnings),
        }


def _fold(text: str) -> str:
    script, words = split_tokens(text)
    if not words:
        return unicodedata.normalize("NFKC", text).casefold().strip()
    return " ".join(normalise_token(w, script) for w in words)


def stratum_key(field_name: str, value: str) -> str:
    """The normalised value a stratum is made of (see the module docstring)."""
    kind = _PLACE_FIELDS.get(field_name)
    if kind is not None:
        return "place:" + (place_key(value, kind) or _fold(value))
    if field_name == "affiliation":
        return "organisation:" + (organisation_key(value) or _fold(value))
    return "value:" + _fold(value)


def _label(field_name: str, spellings: Counter[str]) -> str:
    top = min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
    kind = _PLACE_FIELDS.get(field_name)
    return (place_name(top, kind) if kind is not None else None) or top


def _overlap(table: np.ndarray) -> int:
    index = np.arange(len(table))
    several = np.array([bin(i).count("1") >= 2 for i in index.tolist()], dtype=bool)
    return int(table[several].sum())


def stratify(
    units: Iterable[tuple[Sequence[str], int, int]],
    field_name: str,
    lists: Sequence[str],
    *,
    source: str,
    rule: StrataRule | None = None,
) -> tuple[dict[str | None, CaptureHistory], Stratification]:
    """Capture histories per stratum from `units`: (the raw values a person's records give, the person's
    pattern index, how many persons the unit stands for: 1 for a person, the count for a pattern row)."""
    rule = rule or StrataRule()
    size = 2 ** len(lists)
    tables: dict[str, np.ndarray] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for values, index, weight in units:
        if index == 0 or weight == 0:
            continue
        key, shown = _choose(field_name, values)
        tables.setdefault(key, np.zeros(size, dtype=np.int64))[index] += weight
        spellings[key][shown] += weight
    if not tables:
        raise InputError(
            f"{source}: nobody is on any list", hint="check the list columns or the names of the lists chosen"
        )
    strata: dict[str, Stratum] = {}
    labels: dict[str, str] = {}
    for key in sorted(tables, key=lambda k: (-int(tables[k].sum()), k)):
        label = UNKNOWN if key == UNKNOWN else _label(field_name, spellings[key])
        while label in strata or label in (OTHER,):
            label += "'"  # two values that read the same: keep them apart, visibly
        labels[key] = label
        spelt = {} if key == UNKNOWN else dict(sorted(spellings[key].items(), key=lambda i: (-i[1], i[0])))
        strata[label] = Stratum(label, int(tables[key].sum()), _overlap(tables[key]), spelt)
    by_label = {labels[k]: t for k, t in tables.items()}
    merged, warnings = _merge(strata, by_label, rule, field_name, source)
    histories: dict[str | None, CaptureHistory] = {
        label: CaptureHistory(tuple(lists), table, stratum=label, source=source)
        for label, table in merged.items()
    }
    estimated = {label: int(t.sum()) for label, t in merged.items()}
    return histories, Stratification(field_name, rule, list(strata.values()), estimated, warnings)


def _choose(field_name: str, values: Sequence[str]) -> tuple[str, str]:
    """A person's normalised value (the most common among their records) and the spelling to show it by."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for value in values:
        text = " ".join(str(value).split()) if value is not None else ""
        if text:
            votes[stratum_key(field_name, text)][text] += 1
    if not votes:
        return UNKNOWN, UNKNOWN
    key = min(votes, key=lambda k: (-sum(votes[k].values()), k))
    shown = min(votes[key].items(), key=lambda item: (-item[1], item[0]))[0]
    return key, shown


def _fits(rule: StrataRule, table: np.ndarray) -> bool:
    return int(table.sum()) >= rule.min_persons and _overlap(table) >= rule.min_overlap


def _merge(
    strata: dict[str, Stratum],
    tables: dict[str, np.ndarray],
    rule: StrataRule,
    field_name: str,
    source: str,
) -> tuple[dict[str, np.ndarray], list[str]]:
    total = np.sum(list(tables.values()), axis=0)
    if not _fits(rule, total):
        raise InputError(
            f"{source}: {int(total.sum())} persons, {_overlap(total)} on two or more lists: too few to "
            f"estimate by {field_name} (each stratum needs {rule.describe()})",
            hint="estimate without strata, or lower the minimum stratum size",
        )
    order = sorted(tables, key=lambda label: (-int(tables[label].sum()), label))
    small = [label for label in order if not _fits(rule, tables[label])]
    if not small:
        return dict(tables), []
    kept = {label: t for label, t in tables.items() if label not in small}
    other = np.sum([tables[label] for label in small], axis=0)
    added: list[str] = []  # estimable strata folded in to make OTHER estimable
    while not _fits(rule, other) and kept:
        smallest = min(kept, key=lambda label: (int(kept[label].sum()), label))
        added.append(smallest)
        other = other + kept.pop(smallest)
    if not kept:
        raise InputError(
            f"{source}: no two strata of {field_name} are large enough to estimate apart (each needs "
            f"{rule.describe()}; the largest holds {max(int(t.sum()) for t in tables.values())} persons)",
            hint="estimate without strata, or lower the minimum stratum size",
        )
    for label in small + added:
        strata[label].merged_into = OTHER
    warning = (
        f"{len(small)} of {len(tables)} strata of {field_name} were too small to estimate on their own "
        f"(each needs {rule.describe()}) and were estimated together as {OTHER}: {_named(strata, small)}"
    )
    if added:
        warning += f"; to make {OTHER} large enough, so were {_named(strata, added)}"
    return {**kept, OTHER: other}, [warning]


def _named(strata: dict[str, Stratum], labels: list[str]) -> str:
    named = ", ".join(f"{label} ({strata[label].persons})" for label in labels[:_SHOWN])
    return named + (f" and {len(labels) - _SHOWN} more" if len(labels) > _SHOWN else "")
