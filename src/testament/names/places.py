"""Place keys: "Evin", "Evin Prison", "زندان اوین" and "Prison d'Evin" give one key. Generic words (prison,
cemetery, زندان) are dropped, every name the gazetteer (`data/gazetteer.toml`, the one list of places) gives
a place is mapped to that place's key, and the rest is reduced to its cross-script skeleton (see `keys`).

A place column says what kind of place it holds, and that settles two things a name alone cannot: in a
prison column a city names the city's prison ("Ahvaz" there is the prison the gazetteer says claims
"Ahvaz Prison", Karun), and `place_name` gives the name of the prison ("Tabriz Prison") rather than of the
city ("Tabriz"), which share a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from testament.names._data import load
from testament.names.keys import skeleton
from testament.names.normalise import Script, normalise_token, split_tokens

__all__ = ["PLACE_KINDS", "PlaceKind", "place_key", "place_name"]

PlaceKind = Literal["prison", "city", "burial"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("prison", "city", "burial")
# gazetteer kinds read as places in lists; countries and courts abroad are not (Germany ~ Kerman, Iraq ~ Arak)
_GAZETTEER_KINDS: dict[str, PlaceKind] = {
    "prison": "prison",
    "city": "city",
    "cemetery": "burial",
    "grave_site": "burial",
}


def _words(text: str) -> tuple[Script, list[str]]:
    script, words = split_tokens(text)
    return script, [normalise_token(w, script) for w in words]


@cache
def _generic() -> tuple[frozenset[tuple[str, ...]], int]:
    phrases = {tuple(_words(p)[1]) for p in load("places")["generic"]}
    return frozenset(p for p in phrases if p), max(len(p) for p in phrases)


def _strip_generic(words: list[str]) -> list[str]:
    phrases, longest = _generic()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            if tuple(words[i : i + size]) in phrases:
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out or words  # "Prison" alone stays a (poor) key rather than nothing


def _raw_key(text: str) -> str:
    script, words = _words(text)
    return skeleton(_strip_generic(words), script)


@dataclass(frozen=True)
class _Tables:
    aliases: dict[str, str]  # raw key of any listed name -> the place's key
    names: dict[str, dict[PlaceKind, str]]  # place key -> gazetteer name per kind
    prison_of_city: dict[str, str]  # a city's key -> the key of the prison that claims "<City> Prison"


@cache
def _tables() -> _Tables:
    places = [
        (_GAZETTEER_KINDS[p["kind"]], str(p["name"]), [p["name"], *p.get("variants", []), *p.get("fa", [])])
        for p in load("gazetteer").get("place", [])
        if p.get("kind") in _GAZETTEER_KINDS
    ]
    aliases: dict[str, str] = {}
    names: dict[str, dict[PlaceKind, str]] = {}
    kind_of: dict[str, set[PlaceKind]] = {}
    for kind, name, _spellings in places:  # a place's own name first: no other name of another place takes it
        key = aliases.setdefault(_raw_key(name), _raw_key(name))
        names.setdefault(key, {}).setdefault(kind, name)
        kind_of.setdefault(key, set()).add(kind)
    prison_of_city: dict[str, str] = {}
    # prisons last: a prison's "<City> Prison" (زندان مشهد) must not take the city's own other names (مشهد)
    for kind, name, spellings in sorted(places, key=lambda place: place[0] == "prison"):
        target = aliases[_raw_key(name)]
        for spelling in spellings:
            raw = _raw_key(spelling)
            if spelling != name and spelling.isascii() and len(raw) < 3:
                continue  # a short other spelling ("Deh Lovan": LN) would take everyday words ("Lane")
            claimed = aliases.setdefault(raw, target)
            if claimed != target and kind == "prison" and "city" in kind_of.get(claimed, set()):
                prison_of_city[claimed] = target  # Karun's "Ahvaz Prison": the city Ahvaz's prison
    for group in load("places").get("list_aliases", []):
        target = aliases.get(_raw_key(group[0]), _raw_key(group[0]))
        for spelling in group:
            aliases.setdefault(_raw_key(spelling), target)
    return _Tables(aliases, names, prison_of_city)


def _known_within(text: str, kind: PlaceKind | None) -> str | None:
    """A known place named by some of the words of `text` when the whole is not a known name: "Evin
    Prison, Tehran", "زندان گوهردشت کرج", "Lakan Rasht" (a prison and its city). The longest run of words
    that is a known name wins, the leftmost among equals; in a prison column a prison before a city."""
    tables = _tables()
    script, words = _words(text)
    words = _strip_generic(words)
    found: list[tuple[int, int, int, str]] = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            key = tables.aliases.get(skeleton(words[start : start + size], script))
            if key:
                rank = 0 if kind is None or kind in tables.names.get(key, {}) else 1
                found.append((rank, -size, start, key))
    return min(found)[3] if found else None


@lru_cache(maxsize=1 << 16)
def place_key(text: str | None, kind: PlaceKind | None = None) -> str:
    """The key of a place name (a city, a prison, a burial place); "" when nothing is left to compare.
    With `kind="prison"`, a city's name is read as the city's prison where the gazetteer names one."""
    if not text:
        return ""
    tables = _tables()
    key = _raw_key(text)
    key = tables.aliases.get(key) or _known_within(text, kind) or key
    if kind == "prison":
        key = tables.prison_of_city.get(key, key)
    return key


def place_name(text: str | None, kind: PlaceKind | None = None) -> str | None:
    """The gazetteer's name of the place `text` names ("Rajaei Shahr" → "Gohardasht"), preferring a place of
    `kind`; in a prison column a city without a prison of its own gives "<City> Prison". None when the
    gazetteer does not know the place."""
    key = place_key(text, kind)
    known = _tables().names.get(key) if key else None
    if not known:
        return None
    if kind is not None and kind in known:
        return known[kind]
    if kind == "prison" and "city" in known:
        return f"{known['city']} Prison"
    return next(iter(known.values()))
