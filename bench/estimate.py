"""Estimation speed against the R packages' times in ../shared/data/mse/reference.csv (issue 4).

Run: .venv/bin/python bench/estimate.py [--repeat 5]. Prints a Markdown table of Testament's best-of-N time
beside R's, and the ratio (R / Testament: above 1 means faster). Record results in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from testament.estimate import CaptureHistory

SHARED = Path(os.environ.get("TESTAMENT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
MSE = SHARED / "data" / "mse"
DATASETS = ("kosovo", "hiv_rome", "my_5list")
LCMCR_SWEEPS = 110_000  # LCMCR's standard run: burn-in 10,000 + 10,000 draws x thinning 10


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def r_times() -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    with (MSE / "reference.csv").open() as fh:
        for row in csv.DictReader(fh):
            package, method = row["package"], row["method"]
            if package == "Rcapture" and "BIC-best" in method:
                out[(row["dataset"], "search")] = float(row["time_s"])
            wanted = (package == "dga" and method == "bma.cr model-averaged") or (
                package == "LCMCR" and method.endswith("seed=1")
            )
            if wanted:
                out[(row["dataset"], package)] = float(row["time_s"])
    return out


def main() -> None:
    warnings.simplefilter("ignore")  # convergence warnings of the tiny warm-up runs are expected
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from testament.estimate.dga import estimate_dga
    from testament.estimate.lcmcr import estimate_lcmcr
    from testament.estimate.loglinear import estimate_loglinear

    reference = r_times()
    print("| dataset | task | Testament s | R s | R / Testament |")
    print("|---|---|---:|---:|---:|")
    for name in DATASETS:
        history = CaptureHistory.from_pattern_csv(MSE / f"{name}.csv")[None]
        estimate_loglinear(history, "best-bic")  # compile once; numba caches to disk
        estimate_lcmcr(history, chains=1, burnin=10, samples=10, thinning=1, seed=1)
        search = best_of(args.repeat, lambda h=history: estimate_loglinear(h, "best-bic"))
        dga = best_of(args.repeat, lambda h=history: estimate_dga(h))
        lcmcr = min(  # CPU seconds of the sampling thread: what the sweep costs, not what else ran
            estimate_lcmcr(
                history, chains=1, workers=1, burnin=10_000, samples=10_000, thinning=10, seed=1
            ).diagnostics["sampling_cpu_s"]
            for _ in range(args.repeat)
        )
        rows = [
            ("log-linear BIC search + interval", search, reference.get((name, "search"))),
            ("dga model averaging", dga, reference.get((name, "dga"))),
            (f"LCMCR {LCMCR_SWEEPS:,} sweeps, 1 chain", lcmcr, reference.get((name, "LCMCR"))),
        ]
        for task, ours, r in rows:
            ratio = f"{r / ours:,.1f}x" if r else "n/a"
            print(f"| {name} | {task} | {ours:.3f} | {f'{r:.3f}' if r is not None else 'n/a'} | {ratio} |")
        print(f"| {name} | LCMCR sweeps/s | {LCMCR_SWEEPS / lcmcr:,.0f} | "
              f"{LCMCR_SWEEPS / reference[(name, 'LCMCR')]:,.0f} | |")  # fmt: skip


if __name__ == "__main__":
    main()
