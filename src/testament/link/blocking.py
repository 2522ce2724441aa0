"""Finding candidate pairs without comparing everyone with everyone.

Each rule groups records that agree on a few cross-script keys. A rule's blocks are capped: a block larger
than the rule's cap (two thousand men called Mohammad Hosseini) is left to the other rules, which add a
father's name, a birth year or a place. Caps are set so that the rules together stay within a budget of
comparisons that grows linearly with the number of records; on small data nothing is capped at all. Each
rule becomes one key column (`blk_<i>`), null where the record is not blocked by it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BlockingPlan", "RuleUse", "plan_blocking"]


@dataclass(frozen=True)
class RuleUse:
    on: tuple[str, ...]
    column: str
    cap: int | None  # largest block kept; None = no cap
    pairs: int  # comparisons this rule makes on its own (before removing pairs of earlier rules)
    uncapped_pairs: int


@dataclass(frozen=True)
class BlockingPlan:
    rules: list[RuleUse]
    budget: int

    @property
    def pairs(self) -> int:
        return sum(r.pairs for r in self.rules)

    def to_dict(self) -> dict[str, object]:
        return {
            "budget": self.budget,
            "rules": [
                {"on": list(r.on), "cap": r.cap, "pairs": r.pairs, "uncapped_pairs": r.uncapped_pairs}
                for r in self.rules
            ],
        }


def _group_codes(table: pa.Table, columns: tuple[str, ...]) -> np.ndarray:
    """Per record, an integer id of its block under `columns`; -1 where any column is null."""
    n = table.num_rows
    valid = np.ones(n, dtype=bool)
    code = np.zeros(n, dtype=np.int64)
    for column in columns:
        encoded = pc.dictionary_encode(table.column(column)).combine_chunks()
        valid &= ~np.asarray(pc.is_null(encoded.indices).to_numpy(zero_copy_only=False))
        indices = np.asarray(pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
        code = code * (len(encoded.dictionary) + 1) + indices
        _, code = np.unique(code, return_inverse=True)  # keep codes small: no overflow over many columns
    return np.where(valid, code, -1)


def _pairs(sizes: np.ndarray) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def _cap_for(sizes: np.ndarray, budget: int) -> int | None:
    """The largest block size whose blocks, with all smaller ones, make at most `budget` pairs."""
    if _pairs(sizes) <= budget:
        return None
    ordered = np.sort(sizes)
    cumulative = np.cumsum(ordered * (ordered - 1) // 2)
    # a cap keeps every block of its size: it fits only if all of them do, so look at each size's last block
    last = np.r_[ordered[1:] != ordered[:-1], True]
    fits = ordered[last][cumulative[last] <= budget]
    return int(fits[-1]) if fits.size else 1


def plan_blocking(
    features: pa.Table, rules: list[tuple[str, ...]], *, budget: int
) -> tuple[pa.Table, BlockingPlan]:
    """Add one capped block-key column per rule to `features` and say what each rule costs. Rules are
    given the budget in equal shares; what a cheap rule leaves unused goes to the costlier ones."""
    codes: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    for on in rules:
        code = _group_codes(features, on)
        codes.append(code)
        sizes.append(np.bincount(code[code >= 0]))  # int64 block sizes; none when nobody has the keys
    uncapped = [_pairs(s) for s in sizes]
    caps: dict[int, int | None] = {}
    left = budget
    order = sorted(range(len(rules)), key=lambda i: uncapped[i])
    for done, i in enumerate(order):
        share = left // (len(rules) - done)
        caps[i] = _cap_for(sizes[i], share)
        used = uncapped[i] if caps[i] is None else _pairs(sizes[i][sizes[i] <= caps[i]])
        left -= used
    out = features
    uses: list[RuleUse] = []
    for i, on in enumerate(rules):
        code, cap = codes[i], caps[i]
        keep = code >= 0
        if cap is not None:
            keep &= sizes[i][np.maximum(code, 0)] <= cap
        column = f"blk_{i}"
        out = out.append_column(column, pa.array(code, mask=~keep))  # int64 codes; null where not kept
        pairs = uncapped[i] if cap is None else _pairs(sizes[i][sizes[i] <= cap])
        uses.append(RuleUse(on, column, cap, pairs, uncapped[i]))
    return out, BlockingPlan(uses, budget)
