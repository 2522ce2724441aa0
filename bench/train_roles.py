"""Train the learnt role model (testament.extract.learnt) on the development set and measure it.

    .venv/bin/python bench/train_roles.py            # leave-one-part-out table only
    .venv/bin/python bench/train_roles.py --write    # also fit on every part in PARTS and write the model
    .venv/bin/python bench/train_roles.py --no-forward   # the leave-one-part-out table only (half the time)

Trains only on the gold of the parts already scored once (PARTS); never reads the newest fresh part, held
out until the lead has scored it (then it joins PARTS, and a newer part is annotated before the next
score). Leave-one-part-out: for each part, fit on the others and score role accuracy on matched persons of
the left-out part (devset.score_devset, the scorer the bench uses), per language, beside the rules, the
model without the rules' role as a feature and the default combination (the rules' role where a cue of
theirs fired, the model's without it where they said "other"). The rules were tuned on these parts too,
so their figures (and the stacking feature) are optimistic here; the honest comparison is on a part
neither was tuned on. Needs scikit-learn (the `learnt` extra).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "extract" / "data" / "devset"
MODEL = ROOT / "src" / "testament" / "extract" / "data" / "roles_model.json"
# every part scored once; fresh3, fresh4 and fresh5 joined once scored (session 9), fresh6 and then fresh7,
# fresh8 and fresh9 in session 10 (scored at 21:20 UTC, declared scored), then fresh10 and fresh11 (scored at
# 21:50 UTC, declared scored), then fresh12 and fresh13 (scored at 22:13 UTC, declared scored), then fresh14
# and fresh15 (scored once at 22:34 UTC on 2026-12-06, now tuned on: session 11), then fresh16 and fresh17
# (scored once at 00:52 UTC on 2026-12-07, tuned on in session 11's second pass), then fresh18 and fresh19
# (scored once in session 11, tuned on in session 12), then fresh20, fresh21, fresh22 and fresh23 (scored once
# in session 12, tuned on in session 13).
# Never fresh24, fresh25, fresh26 or fresh27: held out, annotated blind and not yet scored.
PARTS = (
    "tuning", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
    "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15",
    "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23",
)  # fmt: skip


def _ratio(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} ({right / total:.2f})" if total else "–"


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return a[0] + b[0], a[1] + b[1]


def _table(rows: list[tuple[str, dict[str, dict[str, Any]]]]) -> None:
    columns = ("rules", "stacked", "alone", "combined")
    print(
        "| left-out part | lang | rules (tuned on it) | learnt + rules' role | learnt alone | "
        "combined (default) |"
    )
    print("|---|---|---|---|---|---|")
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for part, scores in rows:
        for lang in ("en", "fa"):
            name = f"{part}/{lang}"
            cells = [scores[k][name].roles if name in scores[k] else (0, 0) for k in columns]
            for k, cell in zip(columns, cells, strict=True):
                totals[(k, lang)] = _add(totals.get((k, lang), (0, 0)), cell)
            print(f"| {part} | {lang} | " + " | ".join(_ratio(c) for c in cells) + " |")
    for lang in ("en", "fa"):
        print(f"| **together** | {lang} | " + " | ".join(_ratio(totals[(k, lang)]) for k in columns) + " |")


def main() -> None:
    from testament.extract.devset import load_devset, score_devset
    from testament.extract.learnt import Combined, collect_examples, dump_models, train
    from testament.extract.pipeline import extract_mentions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=3.0, help="inverse regularisation strength")
    parser.add_argument(
        "--write", action="store_true", help=f"fit on every part in PARTS and write {MODEL.name}"
    )
    parser.add_argument(
        "--no-forward", action="store_true", help="skip the forward table (trained on earlier parts only)"
    )
    args = parser.parse_args()

    clock = time.perf_counter()
    passages = load_devset(DEVSET, splits=PARTS)
    assert all(p.split in PARTS for p in passages)
    examples = {part: collect_examples(p for p in passages if p.split == part) for part in PARTS}
    print(f"examples (matched person mentions): {', '.join(f'{k} {len(v)}' for k, v in examples.items())}")

    if args.write:  # first: the fit is quick, the tables below run the pipeline four times per fold
        everything = [ex for part in PARTS for ex in examples[part]]
        fitted = {
            "stacked": train(everything, c=args.c, stack=True),
            "alone": train(everything, c=args.c, stack=False),
        }
        for model in fitted.values():
            model.meta["trained_on"] = list(PARTS)
        MODEL.write_text(dump_models(fitted), "utf-8")
        sizes = ", ".join(f"{k} {len(m.weights)} features" for k, m in fitted.items())
        print(f"\nwrote {MODEL.relative_to(ROOT)}: {sizes}", flush=True)

    def fold(part: str, trained_on: list[str]) -> dict[str, dict[str, Any]]:
        rest = [ex for other in trained_on for ex in examples[other]]
        alone = train(rest, c=args.c, stack=False)
        models = {
            "rules": "rules",
            "stacked": train(rest, c=args.c, stack=True),
            "alone": alone,
            "combined": Combined(alone),
        }
        held = [p for p in passages if p.split == part]
        return {
            k: score_devset(held, extract=lambda t, m=m: extract_mentions(t, roles=m))  # type: ignore[misc]
            for k, m in models.items()
        }

    print("\nLeave one part out: trained on the other parts (role accuracy on matched persons)\n", flush=True)
    _table([(part, fold(part, [q for q in PARTS if q != part])) for part in PARTS])
    if not args.no_forward:
        print("\nForward: trained only on the parts annotated before it, as the rules were at first sight\n")
        _table([(part, fold(part, list(PARTS[:i]))) for i, part in enumerate(PARTS) if i])
    print(f"\n({time.perf_counter() - clock:.1f} s)")


if __name__ == "__main__":
    main()
