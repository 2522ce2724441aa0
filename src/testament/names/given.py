"""The one list of Persian given names (`data/given.toml`): each name's usual Latin spelling, its Persian
spellings, the other Latin spellings met in lists and testimony, its gender, and whether it is a compound
of listed names written as one word. Linkage reads known names alike in both scripts with it (`parse`);
extraction recognises names in testimony with it (`testament.extract`). Nothing else keeps a copy.

    from testament.names import given_names
    mohammad = given_names()[0]
    mohammad.latin, mohammad.persian, mohammad.variants[:2]  # 'Mohammad', ('محمد',), ('Muhammad', 'Mohammed')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from testament.names._data import load
from testament.text import fold_letters

__all__ = ["Gender", "GivenName", "given_names"]

Gender = Literal["male", "female"]
_GENDERS: tuple[Gender, ...] = ("male", "female")


@dataclass(frozen=True, slots=True)
class GivenName:
    """One given name. `persian` holds its Persian spellings as written (ZWNJ kept), the usual one first,
    letters folded to their Persian forms (ي → ی, ك → ک); `variants` other Latin spellings (Hussein for
    Hossein). `compound` marks a compound of listed names written as one word (Mohammadreza): linkage reads
    it as its parts, extraction recognises it whole. `everyday_word`: its Persian spelling is also a common
    word in prose (پیام message, ستاره star), so a reader of prose needs more than the word to see a name."""

    latin: str
    persian: tuple[str, ...]
    variants: tuple[str, ...] = ()
    gender: Gender = "male"
    compound: bool = False
    everyday_word: bool = False


@cache
def given_names() -> tuple[GivenName, ...]:
    """Every given name of `data/given.toml`, in its order: male names, male compounds, male names common
    abroad, then the same for female names."""
    raw = load("given")
    words = frozenset(raw.get("everyday_words", []))
    out: list[GivenName] = []
    for gender in _GENDERS:
        table = raw.get(gender, {})
        # `foreign`: given names common abroad (lawyers, judges, reporters of trials abroad), read alike
        tables = (
            (False, table.get("names", [])),
            (True, table.get("compounds", [])),
            (False, table.get("foreign", [])),
        )
        for compound, rows in tables:
            for latin, persian, *others in rows:
                variants = tuple(others[0].split()) if others else ()
                spellings = tuple(fold_letters(p) for p in persian.split())
                out.append(GivenName(latin, spellings, variants, gender, compound, latin in words))
    return tuple(out)
