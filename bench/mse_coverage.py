"""Coverage and bias of each estimator on synthetic scenarios with known N (issues 4 and 12).

Two modes (`--mode`):

- `truth` (the default): for each scenario and seed, generate a scenario, take its true capture patterns
  (what perfect linkage would give), run every method, and record whether the 95% interval covers the true
  N and the relative error of the estimate.
- `linked`: for each scenario and seed, generate the scenario's lists (no testimonies), then do what
  `testament init`, `ingest --skip-bad-rows`, `link` and `estimate CASE --method all --linkages N` do,
  through the same library calls, in a temporary SQLite case: create the case, ingest the lists (the rows
  the scenario corrupted are refused and skipped), link unsupervised with the default options, and
  estimate from the case with every method, re-estimating over N plausible linkages. For each method it
  records the plain interval (on the case's one linkage), the interval that includes linkage uncertainty
  (`result.linkage["lower"/"upper"]`, the pooled interval over the linkages), the persons the linkage
  made against the true persons behind the ingested records, and whether each interval covers the true N.
- `both`: the two above, on the same seeds (so linkage error and model error can be told apart).

Prints a Markdown table per mode; `--out` writes every run as JSON lines (written as each seed finishes,
so a long run that is stopped keeps what it did).

Run: .venv/bin/python bench/mse_coverage.py [--seeds 20] [--people 5000] [--lists 4]
     .venv/bin/python bench/mse_coverage.py --mode both --out bench/out/mse_coverage.jsonl
A linked run takes about 40 s per seed at 5,000 people (20 s at 2,000) on one busy core, mostly linkage
and LCMCR's re-runs; `--first-seed` splits a long study into parts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import numpy as np

from testament.estimate import CaptureHistory, EstimateOptions, run_estimates
from testament.synthetic import SynthResult, generate, scenario

METHODS = ("loglinear", "dga", "lcmcr")


def truth_history(truth: dict) -> CaptureHistory:
    lists = [entry["id"] for entry in truth["lists"]]
    patterns = [[int(ch) for ch in key] for key in truth["capture_patterns"]]
    return CaptureHistory.from_counts(lists, patterns, truth["capture_patterns"].values())


def _generate(root: Path, name: str, people: int, lists: int, seed: int) -> tuple[SynthResult, dict]:
    spec = scenario(name, people=people, lists=lists, testimonies=0)
    result = generate(root / "s", spec, seed=seed)
    return result, json.loads(result.truth.read_text("utf-8"))


def truth_runs(name: str, seed: int, people: int, lists: int) -> list[dict[str, Any]]:
    """Every method on the true capture patterns of one scenario and seed (perfect linkage)."""
    with tempfile.TemporaryDirectory() as tmp:
        result, truth = _generate(Path(tmp), name, people, lists, seed)
    history = truth_history(truth)
    options = EstimateOptions(methods=METHODS, model="best-bic", seed=seed)
    return [
        {
            "mode": "truth",
            "scenario": name,
            "seed": seed,
            "method": r.method,
            "model": r.model,
            "truth": result.people,
            "observed": r.observed,
            "estimate": r.estimate,
            "lower": r.lower,
            "upper": r.upper,
        }
        for r in run_estimates({None: history}, options)
    ]


def _covers(lower: float | None, upper: float | None, truth: int) -> bool:
    return lower is not None and upper is not None and lower <= truth <= upper


def linked_runs(
    name: str, seed: int, people: int, lists: int, *, linkages: int, chains: int
) -> list[dict[str, Any]]:
    """Generate, ingest, link and estimate one scenario and seed through the library, as the CLI does."""
    from testament.estimate import estimate_source
    from testament.ingest import IngestOptions, ingest_files
    from testament.link import LinkOptions, link_case
    from testament.link.evaluate import evaluate_case
    from testament.settings import Settings
    from testament.store.case import Case
    from testament.synthetic import truth_of_case

    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 2)
        clock = now

    settings = Settings(actor="bench")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        synth, _ = _generate(root, name, people, lists, seed)
        lap("generate")
        case_dir = root / "case"
        with Case.create(case_dir, settings=settings) as case:  # `testament init CASE`
            files = sorted((synth.out_dir / "lists").iterdir())
            report = ingest_files(case, files, IngestOptions(skip_bad_rows=True))
            lap("ingest")
            linked = link_case(case, LinkOptions())  # `testament link CASE`
            lap("link")
            truth_map = truth_of_case(case, synth.out_dir)
            scores = evaluate_case(case, truth_map)
        true_observed = len({p for p in truth_map.values() if p >= 0})
        options = EstimateOptions(methods=("all",), model="best-bic", seed=seed, chains=chains)
        data, results = estimate_source(case_dir, options, settings=settings, linkages=linkages)
        lap("estimate")
    base = {
        "mode": "linked", "scenario": name, "seed": seed, "truth": synth.people,
        "observed_true": synth.observed, "observed_ingested_true": true_observed,
        "records": linked.records, "persons": linked.persons,
        "rows_refused": sum(o.skipped_rows for o in report.files),
        "pair_precision": scores.pair_precision, "pair_recall": scores.pair_recall,
        "pair_f1": scores.pair_f1, "linkages": linkages, "seconds": seconds,
    }  # fmt: skip
    rows = []
    for r in results:
        if r.stratum is not None:
            continue  # no strata are asked for; a stratified case would need its own table
        spread = r.linkage or {}
        lo, hi = spread.get("lower"), spread.get("upper")
        rows.append(
            base | {
                "method": r.method, "model": r.model, "observed": r.observed, "estimate": r.estimate,
                "lower": r.lower, "upper": r.upper, "covered": _covers(r.lower, r.upper, synth.people),
                "linkage_lower": lo, "linkage_upper": hi,
                "linkage_covered": _covers(lo, hi, synth.people) if spread else None,
                "linkage_used": spread.get("linkages", 0), "linkage_min": spread.get("min"),
                "linkage_max": spread.get("max"), "linkage_observed": spread.get("observed"),
                "rhat": r.diagnostics.get("rhat"), "recommended": r.recommendation is not None,
                "warnings": list(r.warnings),
            }
        )  # fmt: skip
    if not any(r["linkage_used"] for r in rows):
        print(f"note: {name} seed {seed}: no linkage spread ({'; '.join(data.notes)})", file=sys.stderr)
    return rows


def _median(values: Iterable[float]) -> float:
    arr = [v for v in values if v is not None and np.isfinite(v)]
    return float(np.median(arr)) if arr else float("nan")


def print_truth(rows: list[dict[str, Any]], scenarios: list[str]) -> None:
    print("| scenario | method | runs | covered | coverage | median rel. error | median width / N |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in scenarios:
        for method in METHODS:
            sel = [r for r in rows if r["scenario"] == name and r["method"] == method]
            if not sel:
                continue
            covered = sum(r["lower"] <= r["truth"] <= r["upper"] for r in sel)
            err = np.median([(r["estimate"] - r["truth"]) / r["truth"] for r in sel])
            width = np.median([(r["upper"] - r["lower"]) / r["truth"] for r in sel])
            share = covered / len(sel)
            print(f"| {name} | {method} | {len(sel)} | {covered} | {share:.0%} | {err:+.1%} | {width:.1%} |")


def print_linked(rows: list[dict[str, Any]], scenarios: list[str]) -> None:
    """One row per scenario and method, and one for the estimate `testament estimate` recommends in each
    run (`recommended`, whichever method that is). Persons error: persons the linkage made against the
    true persons behind the ingested records."""
    print(
        "| scenario | method | runs | plain covered | with linkage covered | median rel. error "
        "| median width / N (plain) | median width / N (with linkage) | median persons error | pair F1 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in scenarios:
        for method in (*METHODS, "recommended"):
            sel = [
                r
                for r in rows
                if r["scenario"] == name
                and (r["method"] == method or (method == "recommended" and r["recommended"]))
            ]
            if not sel:
                continue
            n = len(sel)
            plain = sum(r["covered"] for r in sel)
            spread = [r for r in sel if r["linkage_used"]]
            wide = sum(bool(r["linkage_covered"]) for r in spread)
            missing = f" ({n - len(spread)} without)" if len(spread) < n else ""
            err = _median((r["estimate"] - r["truth"]) / r["truth"] for r in sel)
            width = _median((r["upper"] - r["lower"]) / r["truth"] for r in sel)
            lwidth = _median((r["linkage_upper"] - r["linkage_lower"]) / r["truth"] for r in spread)
            persons = _median(
                (r["observed"] - r["observed_ingested_true"]) / r["observed_ingested_true"] for r in sel
            )
            f1 = _median(r["pair_f1"] for r in sel)
            print(
                f"| {name} | {method} | {n} | {plain} ({plain / n:.0%}) | "
                f"{wide} ({wide / max(len(spread), 1):.0%}){missing} | {err:+.1%} | {width:.1%} | "
                f"{lwidth:.1%} | {persons:+.1%} | {f1:.3f} |"
            )


def _stream(out: IO[str] | None) -> Callable[[list[dict[str, Any]]], None]:
    def write(rows: list[dict[str, Any]]) -> None:
        if out is not None:
            out.write("".join(json.dumps(r, default=float) + "\n" for r in rows))
            out.flush()

    return write


def main() -> None:
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1, help="seeds run from here (to split a long run)")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--scenarios", default="easy,realistic,hard")
    parser.add_argument(
        "--mode", choices=("truth", "linked", "both"), default="truth",
        help="truth: estimate from the true capture patterns; linked: ingest, link and estimate a case "
        "with linkage uncertainty; both",
    )  # fmt: skip
    parser.add_argument(
        "--linkages", type=int, default=20, help="linked: plausible linkages (CLI default 20)"
    )
    parser.add_argument("--chains", type=int, default=4, help="linked: LCMCR chains (CLI default 4)")
    parser.add_argument("--out", type=Path, default=None, help="also write every run as JSON lines here")
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    truth_rows: list[dict[str, Any]] = []
    linked_rows: list[dict[str, Any]] = []
    out = args.out.open("w", encoding="utf-8") if args.out else None
    write = _stream(out)
    try:
        for name in scenarios:
            for seed in seeds:
                if args.mode in ("truth", "both"):
                    rows = truth_runs(name, seed, args.people, args.lists)
                    truth_rows += rows
                    write(rows)
                if args.mode in ("linked", "both"):
                    started = time.perf_counter()
                    rows = linked_runs(
                        name, seed, args.people, args.lists, linkages=args.linkages, chains=args.chains
                    )
                    linked_rows += rows
                    write(rows)
                    stages = (
                        ", ".join(f"{k} {v:.0f} s" for k, v in rows[0]["seconds"].items()) if rows else ""
                    )
                    print(
                        f"{name} seed {seed}: linked in {time.perf_counter() - started:.0f} s ({stages})",
                        file=sys.stderr,
                    )
    finally:
        if out is not None:
            out.close()
    shape = f"N = {args.people:,} per scenario, {args.lists} lists, {args.seeds} seeds"
    if truth_rows:
        print(f"{shape}\n" if args.mode == "truth" else f"True capture patterns (perfect linkage); {shape}\n")
        print_truth(truth_rows, scenarios)
    if linked_rows:
        if truth_rows:
            print()
        print(f"Linked cases, {args.linkages} plausible linkages (LCMCR over at most 8); {shape}\n")
        print_linked(linked_rows, scenarios)


if __name__ == "__main__":
    main()
