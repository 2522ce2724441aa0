"""The blocking plan's rules, each stated by the test that defends it: who shares a block, how big blocks are
capped within the comparison budget, and how the budget is shared between rules."""

from __future__ import annotations

import pyarrow as pa
import pytest

from testament.link.blocking import plan_blocking

# Block sizes 2, 2, 3, 5 and 10 (pairs 1, 1, 3, 10, 45: 60 in all), and one record with no key.
SIZES = {"a": 2, "b": 2, "c": 3, "d": 5, "e": 10}
KEYS = [key for key, size in SIZES.items() for _ in range(size)] + [None]


def _blocks(table: pa.Table, column: str) -> list[object]:
    return table.column(column).to_pylist()


@pytest.mark.parametrize(
    ("budget", "cap", "pairs"),
    [(60, None, 60), (59, 5, 15), (15, 5, 15), (14, 3, 5), (5, 3, 5), (4, 2, 2), (0, 1, 0)],
)
def test_plan_blocking_cap_is_the_largest_block_size_within_budget(
    budget: int, cap: int | None, pairs: int
) -> None:
    """Rule: blocks are kept smallest first while their pairs fit the budget; the cap is the size of the
    largest kept block (None when everything fits), and no block above it is compared."""
    out, plan = plan_blocking(pa.table({"k": KEYS}), [("k",)], budget=budget)
    (rule,) = plan.rules
    assert (rule.cap, rule.pairs, rule.uncapped_pairs) == (cap, pairs, 60)
    assert plan.pairs == pairs <= budget
    kept = [k for k, b in zip(KEYS, _blocks(out, "blk_0"), strict=True) if b is not None]
    assert all(SIZES[k] <= (cap or 99) for k in kept)  # type: ignore[index]
    assert len(kept) == sum(size for size in SIZES.values() if size <= (cap or 99))


def test_plan_blocking_same_key_same_block_other_key_other_block() -> None:
    out, _ = plan_blocking(pa.table({"k": KEYS}), [("k",)], budget=1000)
    blocks = _blocks(out, "blk_0")
    assert blocks[-1] is None  # a record without the key is not blocked by this rule
    by_key: dict[object, set[object]] = {}
    for key, block in zip(KEYS[:-1], blocks[:-1], strict=True):
        by_key.setdefault(key, set()).add(block)
    assert all(len(b) == 1 for b in by_key.values())
    assert len({next(iter(b)) for b in by_key.values()}) == len(SIZES)


def test_plan_blocking_on_several_columns_needs_all_to_agree_and_be_known() -> None:
    """Rule: a rule on several columns groups records that agree on every one; a null in any leaves the
    record out of that rule."""
    table = pa.table(
        {
            "x": ["a", "a", "a", "b", "b", None, "a"],
            "y": ["1", "1", "2", "1", "1", "1", None],
        }
    )
    out, plan = plan_blocking(table, [("x", "y")], budget=1000)
    blocks = _blocks(out, "blk_0")
    assert blocks[0] == blocks[1] and blocks[3] == blocks[4]
    assert len({blocks[0], blocks[2], blocks[3]}) == 3
    assert blocks[5] is None and blocks[6] is None
    assert plan.rules[0].uncapped_pairs == 2 and plan.rules[0].on == ("x", "y")


def test_plan_blocking_codes_do_not_collide_across_many_columns() -> None:
    """Many columns of many values: blocks are exactly the distinct combinations (no arithmetic overflow
    or collision merging two combinations)."""
    n = 600
    columns = {f"c{j}": [str((i * (j + 7)) % (31 + j)) for i in range(n)] for j in range(6)}
    out, _ = plan_blocking(pa.table(columns), [tuple(columns)], budget=10**9)
    combos = list(zip(*columns.values(), strict=True))
    blocks = _blocks(out, "blk_0")
    assert len(set(blocks)) == len(set(combos))
    assert len(set(zip(combos, blocks, strict=True))) == len(set(combos))


def test_plan_blocking_cheap_rule_leaves_its_unused_share_to_costly_ones() -> None:
    """Rule: rules get equal shares of the budget, cheapest first, and what a rule does not use goes to
    the rules after it."""
    table = pa.table({"cheap": [str(i // 2) for i in range(100)], "costly": ["same"] * 50 + [None] * 50})
    _, plan = plan_blocking(table, [("costly",), ("cheap",)], budget=1225 + 50)
    costly, cheap = plan.rules
    assert (cheap.cap, cheap.pairs) == (None, 50)
    assert (costly.cap, costly.pairs, costly.uncapped_pairs) == (None, 1225, 1225)  # more than half of 1275
    _, plan = plan_blocking(table, [("costly",), ("cheap",)], budget=1225 + 49)
    assert [(r.cap, r.pairs) for r in plan.rules] == [(1, 0), (None, 50)]


def test_plan_blocking_shares_budget_equally_between_costly_rules() -> None:
    """Two rules of one block of 20 records (190 pairs each): a budget of 380 keeps both; at 379 the first
    rule's half (189) cannot hold its block, and the second gets what the first left."""
    table = pa.table({"p": ["x"] * 20, "q": ["y"] * 20})
    _, plan = plan_blocking(table, [("p",), ("q",)], budget=380)
    assert [(r.cap, r.pairs) for r in plan.rules] == [(None, 190), (None, 190)]
    _, plan = plan_blocking(table, [("p",), ("q",)], budget=379)
    assert [(r.cap, r.pairs) for r in plan.rules] == [(1, 0), (None, 190)]


def test_plan_blocking_adds_one_named_column_per_rule_and_reports_itself() -> None:
    table = pa.table({"k": ["a", "a", "b"], "m": ["1", "1", "1"]})
    out, plan = plan_blocking(table, [("k",), ("m",)], budget=100)
    assert out.column_names == ["k", "m", "blk_0", "blk_1"]
    assert [r.column for r in plan.rules] == ["blk_0", "blk_1"]
    assert out.column("blk_0").type == pa.int64()
    assert plan.to_dict() == {
        "budget": 100,
        "rules": [
            {"on": ["k"], "cap": None, "pairs": 1, "uncapped_pairs": 1},
            {"on": ["m"], "cap": None, "pairs": 3, "uncapped_pairs": 3},
        ],
    }
    assert plan.pairs == 4


def test_plan_blocking_rule_with_no_known_keys_makes_no_pairs() -> None:
    table = pa.table({"k": pa.array([None, None], pa.string()), "m": ["1", "1"]})
    out, plan = plan_blocking(table, [("k",), ("m",)], budget=100)
    assert _blocks(out, "blk_0") == [None, None]
    assert (plan.rules[0].pairs, plan.rules[0].cap) == (0, None)


def test_plan_blocking_blocks_tied_at_the_cap_stay_within_budget() -> None:
    """Rule (module docstring): the rules together stay within the budget, also when many blocks have the
    size at which the cap falls."""
    _, plan = plan_blocking(pa.table({"k": [str(i // 2) for i in range(2000)]}), [("k",)], budget=500)
    assert plan.pairs <= 500
    _, plan = plan_blocking(pa.table({"k": KEYS}), [("k",)], budget=1)
    assert plan.pairs <= 1


def test_plan_blocking_a_capped_rule_counts_the_blocks_it_keeps_at_the_cap() -> None:
    """Rule: what a capped rule uses includes its blocks of exactly the cap's size, so later rules are not
    given pairs that are already spent (here: 40 - 3 = 37 left, too few for the second rule's 39)."""
    table = pa.table(
        {"a": ["a"] * 3 + ["b"] * 8 + [None], "b": ["c"] * 9 + ["d"] * 3},
    )
    _, plan = plan_blocking(table, [("a",), ("b",)], budget=40)
    assert [(r.uncapped_pairs, r.cap, r.pairs) for r in plan.rules] == [(31, 3, 3), (39, 3, 3)]


def test_plan_blocking_blocks_tied_at_a_cap_above_the_smallest_size_stay_within_budget() -> None:
    """Rule: a cap keeps every block of its size, so a size fits only if all its blocks do, also when the
    tie is not at the smallest size (blocks of 2, 3 and 3 records: budget 4 holds the 2 and one 3, not both
    3s, so the cap is 2)."""
    table = pa.table({"k": ["a"] * 2 + ["b"] * 3 + ["c"] * 3})
    _, plan = plan_blocking(table, [("k",)], budget=4)
    assert [(r.cap, r.pairs) for r in plan.rules] == [(2, 1)]
