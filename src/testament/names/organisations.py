"""Organisation keys: "PMOI", "MEK", "OMPI" and "سازمان مجاهدین خلق" give one key. Generic words are
dropped, listed names map to the organisation's id (`data/organisations.toml`), anything else to its
cross-script skeleton."""

from __future__ import annotations

from functools import cache, lru_cache

from testament.names._data import load
from testament.names.keys import skeleton
from testament.names.normalise import Script, normalise_token, split_tokens

__all__ = ["organisation_key"]


def _words(text: str) -> tuple[Script, list[str]]:
    script, words = split_tokens(text)
    return script, [normalise_token(w, script) for w in words]


@cache
def _generic() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(_words(p)[1]) for p in load("organisations")["generic"])


def _strip(words: list[str]) -> list[str]:
    generic = _generic()
    kept = [w for w in words if (w,) not in generic]
    return kept or words


def _raw_key(text: str) -> str:
    script, words = _words(text)
    return skeleton(_strip(words), script)


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for org, names in load("organisations")["organisations"].items():
        for name in names:
            table[_raw_key(name)] = org
    return table


@lru_cache(maxsize=1 << 12)
def organisation_key(text: str | None) -> str:
    """The key of an organisation name: its id when known, else its skeleton; "" for nothing."""
    if not text:
        return ""
    key = _raw_key(text)
    return _table().get(key, key)
