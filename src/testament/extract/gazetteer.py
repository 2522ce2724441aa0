"""The gazetteer: places (prisons, cities, cemeteries and grave sites, countries, courts abroad) and
organisations, with Latin and Persian names, read from an editable TOML file. The shipped one is
`testament/names/data/gazetteer.toml`, the one list of places that `testament.names.place_key` (linkage,
estimation strata) reads too.

Matching works on word tokens, not one huge regular expression, so it stays linear in the text: every
name is keyed by its casefolded letters with spaces, hyphens, ZWNJ and apostrophes dropped, so "Gohar
Dasht", "Gohar-Dasht" and "Gohardasht" are one key, and the longest name starting at a word wins."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from testament.errors import InputError

__all__ = ["Gazetteer", "GazetteerEntry", "GazetteerMatch", "load_gazetteer"]

_TOKEN = re.compile(r"[^\W_]+(?:'(?!s\b)[^\W_]+)*")  # "Amnesty International's": the 's is not the name
_GAP = re.compile(r"[\s\-\u200c()']{0,3}")
_MAX_TOKENS = 8
_KINDS = {
    "place": {"prison", "city", "province", "cemetery", "grave_site", "country", "court"},
    # court_abroad: a court trying the events (Stockholm), never a party to them; media: a news organisation
    "organisation": {
        "party",
        "state_body",
        "commission",
        "court",
        "court_abroad",
        "ngo",
        "international",
        "media",
    },
}


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    category: str  # place or organisation
    name: str  # the gazetteer name: a mention's value
    kind: str
    names: tuple[str, ...]  # every spelling, Latin and Persian
    lat: float | None = None
    lon: float | None = None
    uncertainty_m: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.lat is not None:
            out.update(lat=self.lat, lon=self.lon, uncertainty_m=self.uncertainty_m)
        return out


@dataclass(frozen=True)
class GazetteerMatch:
    start: int
    end: int
    entry: GazetteerEntry


def _key(text: str) -> str:
    return re.sub(r"[\s\-\u200c'()]", "", text).casefold()


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    # key -> (entry, spelling as written in the gazetteer)
    _index: dict[str, list[tuple[GazetteerEntry, str]]] = field(default_factory=dict, repr=False)

    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.id] = entry
        for spelling in entry.names:
            self._index.setdefault(_key(spelling), []).append((entry, spelling))

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry a name stands for, in any of its spellings."""
        found = self._index.get(_key(name))
        return found[0][0] if found else None

    def find(self, norm: str) -> Iterator[GazetteerMatch]:
        """Longest non-overlapping names in `norm` (a text normalised by `Document`)."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(norm)]
        i = 0
        while i < len(tokens):
            best: tuple[int, int, GazetteerEntry] | None = None
            key = ""
            for j in range(i, min(i + _MAX_TOKENS, len(tokens))):
                if j > i and not _GAP.fullmatch(norm, tokens[j - 1][1], tokens[j][0]):
                    break
                key += _key(norm[tokens[j][0] : tokens[j][1]])
                for entry, spelling in self._index.get(key, ()):
                    start, end = tokens[i][0], tokens[j][1]
                    if _case_fits(norm[start:end], spelling):
                        best = (j, end, entry)
                        break
            if best is None:
                i += 1
                continue
            j, end, entry = best
            start = tokens[i][0]
            if "(" in norm[start:end] and end < len(norm) and norm[end] == ")":
                end += 1  # "Fadaian (Majority)"
            yield GazetteerMatch(start, end, entry)
            i = j + 1


def _case_fits(found: str, spelling: str) -> bool:
    if not spelling[:1].isascii() or not spelling[:1].isalpha():
        return True
    letters = re.sub(r"[^A-Za-z]", "", spelling)
    if letters.isupper() and len(letters) <= 6:  # acronyms: MEK, UN, IRGC
        return re.sub(r"[^A-Za-z]", "", found) == letters
    return not spelling[0].isupper() or found[0].isupper()


def _entries(raw: dict[str, Any], source: str) -> Iterator[GazetteerEntry]:
    for category in ("place", "organisation"):
        for n, item in enumerate(raw.get(category, []), start=1):
            where = f"{source}: [[{category}]] number {n}"
            try:
                entry_id, name, kind = str(item["id"]), str(item["name"]), str(item["kind"])
            except KeyError as missing:
                raise InputError(
                    f"{where} has no {missing.args[0]}", hint="every entry needs id, name and kind"
                ) from None
            if kind not in _KINDS[category]:
                raise InputError(
                    f"{where} ({entry_id}): kind '{kind}' is not known",
                    hint=f"use one of {', '.join(sorted(_KINDS[category]))}",
                )
            names = (name, *item.get("variants", []), *item.get("fa", []))
            yield GazetteerEntry(
                entry_id,
                category,
                name,
                kind,
                tuple(dict.fromkeys(names)),
                item.get("lat"),
                item.get("lon"),
                item.get("uncertainty_m"),
            )


def _with_prisons(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Every prison is also found as "<name> Prison" and "زندان <name>"; every city gives "<City> Prison"
    unless a prison entry already holds that name."""
    out: list[GazetteerEntry] = []
    claimed = {_key(n) for e in entries if e.kind in ("prison", "court_abroad") for n in e.names}
    for e in entries:
        if e.kind == "prison":
            extra = [
                f"{n} Prison" for n in e.names if n.isascii() and not n.lower().endswith(("prison", "jail"))
            ]
            extra += [f"زندان {n}" for n in e.names if not n.isascii() and not n.startswith("زندان")]
            out.append(GazetteerEntry(**{**e.__dict__, "names": tuple(dict.fromkeys((*e.names, *extra)))}))
            continue
        out.append(e)
        if e.kind == "city" and e.category == "place" and _key(f"District Court of {e.name}") not in claimed:
            # "District Court of Durres", "Stockholm's District Court": the court (an organisation), so the
            # city inside its name is no place mention (docs/annotation.md)
            latin = [n for n in e.names if n.isascii()]
            courts = [f"District Court of {n}" for n in latin] + [f"{n}'s District Court" for n in latin]
            courts += [f"{n} District Court" for n in latin]
            out.append(
                GazetteerEntry(
                    f"{e.id}_district_court",
                    "organisation",
                    f"{e.name} District Court",
                    "court_abroad",
                    tuple(courts),
                )
            )
        if e.kind == "city" and e.category == "place" and _key(f"{e.name} Prison") not in claimed:
            latin = [n for n in e.names if n.isascii()]
            names = [f"{n} Prison" for n in latin] + [f"prison of {n}" for n in latin]
            names += [f"زندان {n}" for n in e.names if not n.isascii()]
            out.append(
                GazetteerEntry(
                    f"{e.id}_prison",
                    "place",
                    f"{e.name} Prison",
                    "prison",
                    tuple(names),
                    e.lat,
                    e.lon,
                    5000.0,
                )
            )
    return out


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """The shipped gazetteer, or one read from `path` (same layout as names/data/gazetteer.toml)."""
    if path is None:
        return _shipped()
    source = Path(path)
    try:
        raw = tomllib.loads(source.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"{source}: not a readable gazetteer ({type(exc).__name__})",
            hint="copy src/testament/names/data/gazetteer.toml and edit it",
        ) from None
    return _build(raw, source.name)


def _build(raw: dict[str, Any], source: str) -> Gazetteer:
    gazetteer = Gazetteer()
    # organisations first: where a name is both ("Komiteh"), the organisation is meant
    entries = sorted(_with_prisons(list(_entries(raw, source))), key=lambda e: e.category != "organisation")
    for entry in entries:
        gazetteer.add(entry)
    return gazetteer


@cache
def _shipped() -> Gazetteer:
    text = resources.files("testament.names").joinpath("data", "gazetteer.toml").read_text("utf-8")
    return _build(tomllib.loads(text), "gazetteer.toml")
