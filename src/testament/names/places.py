"""Place keys: "Evin", "Evin Prison", "زندان اوین" and "Prison d'Evin" give one key. Generic words (prison,
cemetery, زندان) are dropped, known other names are mapped to one name, and the rest is reduced to its
cross-script skeleton (see `keys`)."""

from __future__ import annotations

from functools import cache, lru_cache

from testament.names._data import load
from testament.names.keys import skeleton
from testament.names.normalise import Script, normalise_token, split_tokens

__all__ = ["place_key"]


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


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for names in load("places")["aliases"]:
        target = _raw_key(names[0])
        for name in names:
            table[_raw_key(name)] = target
    return table


@lru_cache(maxsize=1 << 16)
def place_key(text: str | None) -> str:
    """The key of a place name (a city, a prison, a burial place); "" when nothing is left to compare."""
    if not text:
        return ""
    key = _raw_key(text)
    return _aliases().get(key, key)
