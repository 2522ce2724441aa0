"""Benchmark `testament.synthetic.generate`: wall time and peak memory per population size.

    .venv/bin/python bench/synth.py        # 10k, 100k, 1M people, 5 lists, realistic and hard
    .venv/bin/python bench/synth.py --people 1000000 --scenario hard

Each run happens in a fresh subprocess that reports its own peak RSS (ru_maxrss, interpreter start-up
included, as a user of `testament synth` would see it). The target from issue 3: 1,000,000 people
with 5 lists in at most 60 s and 4 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import json, resource, sys, time
from testament.synthetic import generate, scenario
people, lists, testimonies = (int(a) for a in sys.argv[1:4])
name, out = sys.argv[4], sys.argv[5]
start = time.perf_counter()
result = generate(out, scenario(name, people=people, lists=lists, testimonies=testimonies), seed=1)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": sum(result.rows.values()),
                  "stages": result.seconds, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

LIMIT_SECONDS, LIMIT_GB = 60.0, 4.0


def _run(people: int, lists: int, testimonies: int, name: str) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="synth-bench-"))
    try:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(people), str(lists), str(testimonies), name, str(out / "s")],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    info = json.loads(done.stdout)
    return {
        "generate_s": info["seconds"],
        "wall_s": wall,
        "peak_gb": info["peak_kb"] / 1024**2,
        "rows": info["rows"],
        "output_mb": size / 1024**2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--lists", type=int, default=5)
    parser.add_argument("--testimonies", type=int, default=100)
    parser.add_argument("--scenario", nargs="*", default=["realistic", "hard"])
    args = parser.parse_args()
    header = (
        f"{'scenario':<10} {'people':>10} {'lists':>5} {'rows':>10} {'generate s':>10} {'wall s':>8} "
        f"{'peak GB':>8} {'output MB':>9}  target"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for name in args.scenario:
        for people in sorted(args.people):
            r = _run(people, args.lists, args.testimonies, name)
            ok = people < 1_000_000 or (r["wall_s"] <= LIMIT_SECONDS and r["peak_gb"] <= LIMIT_GB)
            failed |= not ok
            print(
                f"{name:<10} {people:>10,} {args.lists:>5} {r['rows']:>10,.0f} {r['generate_s']:>10.1f} "
                f"{r['wall_s']:>8.1f} {r['peak_gb']:>8.2f} {r['output_mb']:>9.0f}  "
                + ("ok" if ok else "MISSED"),
                flush=True,
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
