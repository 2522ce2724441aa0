"""Log-linear model terms: names like `[123,14,34]`, R-style formulas, design columns, model enumeration.

A term is a bitmask over the K lists (bit j = list j, 0-based), the same encoding as capture patterns: the
design column of term S on pattern x is 1 when every list of S caught the person (`x & S == S`). Names
use 1-based list positions, as Rcapture does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

from testament.errors import InputError

__all__: list[str] = []  # private helpers of testament.estimate.loglinear

_TERM_NAME = re.compile(r"^\[([0-9]+(?:,[0-9]+)*)\]$")


def popcount(mask: int) -> int:
    return bin(mask).count("1")


def term_digits(term: int) -> str:
    """'134' for the term over lists 1, 3 and 4 (1-based)."""
    return "".join(str(j + 1) for j in range(term.bit_length()) if term >> j & 1)


def hierarchical_closure(terms: Iterable[int]) -> frozenset[int]:
    """Every non-empty subset of every term: what a hierarchical model with these terms contains."""
    out: set[int] = set()
    for term in terms:
        sub = term
        while sub:  # enumerate the non-empty submasks of `term`
            out.add(sub)
            sub = (sub - 1) & term
    return frozenset(out)


def is_hierarchical(terms: Iterable[int]) -> bool:
    terms = frozenset(terms)
    return hierarchical_closure(terms) == terms


def generating_class(terms: Iterable[int]) -> list[int]:
    """The maximal terms (no other term contains them), sorted as Rcapture names them:
    higher order first, then in lexicographic order of their digits."""
    terms = set(terms)
    maximal = [t for t in terms if not any(u != t and u & t == t for u in terms)]
    return sorted(maximal, key=lambda t: (-popcount(t), term_digits(t)))


def canonical_name(terms: Iterable[int]) -> str:
    """Rcapture's name of a hierarchical model: `[123,14,34]`; main effects only: `[1,2,3,4]`."""
    return "[" + ",".join(term_digits(t) for t in generating_class(terms)) + "]"


def main_effects(k: int) -> frozenset[int]:
    return frozenset(1 << j for j in range(k))


def parse_bracket_name(name: str, k: int) -> frozenset[int] | None:
    """Terms of a hierarchical model named like `[123,14,34]` (main effects always added), or None when
    `name` does not look like such a name."""
    match = _TERM_NAME.match(name.replace(" ", ""))
    if match is None:
        return None
    if k > 9:
        raise InputError(
            f"model {name!r}: names with digits only work for up to 9 lists, this history has {k}",
            hint="give the model as a formula over the list names, e.g. 'A*B + C:D'",
        )
    terms: set[int] = set()
    for part in match.group(1).split(","):
        positions = [int(c) for c in part]
        if len(set(positions)) != len(positions) or not all(1 <= p <= k for p in positions):
            raise InputError(
                f"model {name!r}: term {part!r} must use distinct list positions 1 to {k}",
                hint="e.g. [12,34] for the interactions of lists 1 and 2, and of lists 3 and 4",
            )
        terms.add(sum(1 << (p - 1) for p in positions))
    return _checked(hierarchical_closure(terms | main_effects(k)), k, name)


def _checked(terms: frozenset[int], k: int, what: str) -> frozenset[int]:
    if (1 << k) - 1 in terms:
        raise InputError(
            f"model {what!r}: the interaction of all {k} lists cannot be estimated",
            hint="nobody on no list is observed, so the highest-order term is aliased with the intercept",
        )
    return terms


# --- formulas -------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(`[^`]+`)|([A-Za-z_][A-Za-z0-9_.]*)|([0-9]+)|(\*\*|[-+*:^()~.]))")


def parse_formula(text: str, lists: Sequence[str]) -> frozenset[int]:
    """Terms of an R-style formula such as `c1*c2*c3 + c1:c4 + c3:c4` or `(c1+c2+c3+c4)^2`.

    Variables are `c1`..`cK` (Rcapture's names) or the list names (backquoted when they hold spaces).
    Operators as in R: `+` adds terms, `-` removes them, `:` interacts, `*` crosses (a*b = a + b + a:b),
    `(...)^d` keeps the crossed terms up to order d, `.` is every main effect, `1` the intercept. The terms
    are taken as written (R's model.matrix does the same); main effects are always added."""
    tokens = _tokenize(text)
    parser = _FormulaParser(tokens, lists, text)
    terms = parser.parse()
    return _checked(frozenset(terms | main_effects(len(lists))), len(lists), text)


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    stripped = text.strip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None or match.end() == pos:
            raise InputError(
                f"model formula {text!r}: cannot read it at character {pos + 1}",
                hint="use list names or c1..cK joined by + * : and parentheses, e.g. 'c1*c2 + c3:c4'",
            )
        tokens.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
        while pos < len(stripped) and stripped[pos].isspace():
            pos += 1
    return ["^" if t == "**" else t for t in tokens]


class _FormulaParser:
    """Recursive descent over sets of terms: expr = prod (('+'|'-') prod)*; prod = inter ('*' inter)*;
    inter = power (':' power)*; power = atom ('^' int)?; atom = name | '.' | '1' | '(' expr ')'."""

    def __init__(self, tokens: list[str], lists: Sequence[str], text: str) -> None:
        self.tokens = tokens
        self.pos = 0
        self.text = text
        self.k = len(lists)
        self.names = {f"c{j + 1}": 1 << j for j in range(self.k)}
        self.names.update({name: 1 << j for j, name in enumerate(lists)})

    def fail(self, what: str) -> InputError:
        return InputError(
            f"model formula {self.text!r}: {what}",
            hint=f"variables are c1..c{self.k} or the list names; e.g. 'c1*c2*c3 + c1:c4'",
        )

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise self.fail("it ends too early")
        self.pos += 1
        return token

    def parse(self) -> set[int]:
        if self.peek() == "~":
            self.take()
        terms = self.expr()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()!r}")
        terms.discard(0)  # the intercept is always in the model
        return terms

    def expr(self) -> set[int]:
        if self.peek() == "+":
            self.take()
        terms = self.prod() if self.peek() != "-" else set()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.prod()
            terms = terms | right if op == "+" else terms - (right - {0})
        return terms

    def prod(self) -> set[int]:
        terms = self.inter()
        while self.peek() == "*":
            self.take()
            right = self.inter()
            terms = terms | right | {a | b for a in terms for b in right}
        return terms

    def inter(self) -> set[int]:
        terms = self.power()
        while self.peek() == ":":
            self.take()
            right = self.power()
            terms = {a | b for a in terms for b in right}
        return terms

    def power(self) -> set[int]:
        terms = self.atom()
        if self.peek() == "^":
            self.take()
            degree = self.take()
            if not degree.isdigit() or int(degree) < 1:
                raise self.fail("'^' needs a positive whole number")
            base = sorted(terms)
            crossed: set[int] = set()
            for r in range(1, int(degree) + 1):
                for combo in combinations(base, r):
                    mask = 0
                    for t in combo:
                        mask |= t
                    crossed.add(mask)
            terms = crossed  # R: crossing at most `degree` of the terms, whatever their own order
        return terms

    def atom(self) -> set[int]:
        token = self.take()
        if token == "(":
            terms = self.expr()
            if self.take() != ")":
                raise self.fail("a parenthesis is not closed")
            return terms
        if token == ".":
            return set(main_effects(self.k))
        if token in ("1", "0"):
            if token == "0":
                raise self.fail("the intercept cannot be removed")
            return {0}
        name = token[1:-1] if token.startswith("`") else token
        if name not in self.names:
            raise self.fail(f"unknown variable {name!r}")
        return {self.names[name]}


# --- design matrices ------------------------------------------------------------------------------------


def pattern_masks(k: int) -> np.ndarray:
    """Observable patterns 1..2**K-1 as integers (the rows of every design matrix)."""
    return np.arange(1, 1 << k, dtype=np.int64)


def term_columns(k: int, terms: Sequence[int]) -> np.ndarray:
    """0/1 design columns of `terms` on the observable patterns: shape (2**K-1, len(terms))."""
    pats = pattern_masks(k)
    masks = np.asarray(terms, dtype=np.int64)
    return ((pats[:, None] & masks[None, :]) == masks[None, :]).astype(np.float64)


def sort_terms(terms: Iterable[int]) -> list[int]:
    """Order of design columns: by order, then by digits (as R's model.matrix of Rcapture's formulas)."""
    return sorted(terms, key=lambda t: (popcount(t), term_digits(t)))


# --- enumeration (closedpMS.t) --------------------------------------------------------------------------


def default_max_order(k: int) -> int:
    """Rcapture's closedpMS.t searches interactions up to order K-1, but refuses (stopiflong) K=6 beyond
    order 2 and K>=7 beyond order 1; we default to the largest order it would run."""
    if k <= 5:
        return k - 1
    return 2 if k == 6 else 1


def enumerate_hierarchical(k: int, max_order: int, limit: int) -> list[frozenset[int]]:
    """Every hierarchical model with all main effects and interactions of order 2..max_order.

    Built order by order: any set of pairs, then any set of triples whose pairs are all present, and so
    on. Raises InputError when there would be more than `limit` models."""
    if not 1 <= max_order <= k - 1:
        raise InputError(
            f"model search: max_order must be between 1 and {k - 1} for {k} lists, not {max_order}",
            hint="order K is the saturated interaction and cannot be estimated",
        )
    by_order = [
        [sum(1 << j for j in combo) for combo in combinations(range(k), r)] for r in range(max_order + 1)
    ]
    models: list[frozenset[int]] = []

    def extend(order: int, current: frozenset[int]) -> None:
        if order > max_order:
            models.append(current)
            if len(models) > limit:
                raise InputError(
                    f"model search: more than {limit:,} hierarchical models for {k} lists up to order "
                    f"{max_order}",
                    hint="lower max_order (Rcapture itself refuses K=6 beyond order 2)",
                )
            return
        allowed = [
            t for t in by_order[order] if all((t & ~(1 << j)) in current for j in range(k) if t >> j & 1)
        ]
        for r in range(len(allowed) + 1):
            for chosen in combinations(allowed, r):
                extend(order + 1, current | frozenset(chosen))

    extend(2, main_effects(k))
    return models
