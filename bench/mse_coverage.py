"""Coverage and bias of each estimator on synthetic scenarios with known N (issue 4).

For each scenario and seed: generate a scenario, take its true capture patterns (what perfect linkage
would give), run every method, and record whether the 95% interval covers the true N and the relative
error of the estimate. Prints a Markdown table; results go to docs/estimation.md.

Run: .venv/bin/python bench/mse_coverage.py [--seeds 20] [--people 5000] [--lists 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import warnings
from pathlib import Path

import numpy as np

from testament.estimate import CaptureHistory, EstimateOptions, run_estimates
from testament.synthetic import generate, scenario


def truth_history(truth: dict) -> CaptureHistory:
    lists = [entry["id"] for entry in truth["lists"]]
    patterns = [[int(ch) for ch in key] for key in truth["capture_patterns"]]
    return CaptureHistory.from_counts(lists, patterns, truth["capture_patterns"].values())


def main() -> None:
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--scenarios", default="easy,realistic,hard")
    parser.add_argument("--out", type=Path, default=None, help="also write every run as JSON lines here")
    args = parser.parse_args()
    rows: list[dict] = []
    for name in args.scenarios.split(","):
        for seed in range(1, args.seeds + 1):
            with tempfile.TemporaryDirectory() as tmp:
                spec = scenario(name, people=args.people, lists=args.lists, testimonies=0)
                result = generate(Path(tmp) / "s", spec, seed=seed)
                truth = json.loads(result.truth.read_text("utf-8"))
            history = truth_history(truth)
            options = EstimateOptions(methods=("loglinear", "dga", "lcmcr"), model="best-bic", seed=seed)
            for r in run_estimates({None: history}, options):
                rows.append({
                    "scenario": name, "seed": seed, "method": r.method, "model": r.model,
                    "truth": result.people, "observed": r.observed, "estimate": r.estimate,
                    "lower": r.lower, "upper": r.upper,
                })  # fmt: skip
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    print(f"N = {args.people:,} per scenario, {args.lists} lists, {args.seeds} seeds\n")
    print("| scenario | method | runs | covered | coverage | median rel. error | median width / N |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in args.scenarios.split(","):
        for method in ("loglinear", "dga", "lcmcr"):
            sel = [r for r in rows if r["scenario"] == name and r["method"] == method]
            covered = sum(r["lower"] <= r["truth"] <= r["upper"] for r in sel)
            err = np.median([(r["estimate"] - r["truth"]) / r["truth"] for r in sel])
            width = np.median([(r["upper"] - r["lower"]) / r["truth"] for r in sel])
            share = covered / len(sel)
            print(f"| {name} | {method} | {len(sel)} | {covered} | {share:.0%} | {err:+.1%} | {width:.1%} |")


if __name__ == "__main__":
    main()
