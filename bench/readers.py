"""Hostile list files: wall time and peak memory of ingesting each into a fresh case.

    .venv/bin/python bench/readers.py                 # all files
    .venv/bin/python bench/readers.py --limit-gb 6    # address-space cap of each child (default 8)

Files (built by tests/ingest/hostile.py):
- stray-cell.xlsx: a 5.6 KB list with one formatted cell at XFD1048576; its dimension declares the sheet
- crafted.xlsx: the same with its XML edited: every row claims all 16,384 columns, the last row of the
  sheet holds an empty cell in the last column
- stray-value.xlsx, last-row.xlsx: a value (not only a format) at XFD1048576, at A1048576 (a million rows,
  nearly all blank)
- 20000-keys.json: 623 KB, 20,000 objects each with a key of its own
- plain.csv: the floor, an interpreter that imports Testament and creates a case

Each file is ingested in a fresh subprocess that reports its own peak RSS (ru_maxrss); the child's address
space is capped and its time limited, so a reader that runs away is stopped, not the machine. Target
(issue "five broken promises"): each hostile file ingested or refused in under 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.ingest.hostile builds the files

from tests.ingest.hostile import crafted_xlsx, many_keys_json, stray_cell_xlsx

_CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
with tempfile.TemporaryDirectory() as tmp:
    case = Case.create(Path(tmp) / "case", settings=Settings(actor="bench"))
    start = time.perf_counter()
    try:
        report = ingest_files(case, [Path(sys.argv[1])], IngestOptions())
        outcome = report.files[0]
        result = {"status": outcome.status, "message": outcome.message[:160]}
    except MemoryError:
        result = {"status": "MemoryError", "message": f"address space cap of {limit >> 30} GB reached"}
    seconds = time.perf_counter() - start
    case.close()
result.update(seconds=seconds, peak_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps(result))
"""

TARGET_SECONDS, TARGET_MB = 5.0, 300.0


def _files(folder: Path) -> list[tuple[str, Path]]:
    made = {
        "plain.csv": b"name,father name,birth year\nInvented Person,Ahmad,1340\n",
        "stray-cell.xlsx": stray_cell_xlsx(),
        "crafted.xlsx": crafted_xlsx(),
        "stray-value.xlsx": stray_cell_xlsx("x"),
        "last-row.xlsx": stray_cell_xlsx("Invented Person X", at="A1048576"),
        "20000-keys.json": many_keys_json(),
    }
    out = []
    for name, data in made.items():
        path = folder / name
        path.write_bytes(data)
        out.append((name, path))
    return out


def _peak_kb(pid: int) -> int | None:
    """VmHWM (peak resident set) of a running process, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _run(path: Path, limit_bytes: int, timeout: float) -> dict[str, object]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), str(limit_bytes)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = None
    while child.poll() is None:
        peak = _peak_kb(child.pid) or peak
        if time.perf_counter() - start > timeout:
            child.kill()
            child.communicate()
            return {"status": f"stopped after {timeout:.0f} s", "seconds": timeout, "peak_kb": peak}
        time.sleep(0.05)
    out, err = child.communicate()
    if child.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return {"status": f"crashed: {last[:80]}", "seconds": time.perf_counter() - start, "peak_kb": peak}
    result: dict[str, object] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--limit-gb", type=float, default=8.0, help="address-space cap of each child")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a child is stopped")
    args = parser.parse_args()
    limit = int(args.limit_gb * 1024**3)
    print("| file | size KB | outcome | seconds | peak RSS MB | target 5 s, 300 MB |")
    print("|---|---:|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _files(Path(tmp)):
            r = _run(path, limit, args.timeout)
            peak = r["peak_kb"]
            mb = float(peak) / 1024 if isinstance(peak, int | float) else None
            seconds = float(r["seconds"])  # type: ignore[arg-type]
            done = r["status"] in ("ingested", "rejected")
            met = done and mb is not None and seconds < TARGET_SECONDS and mb < TARGET_MB
            outcome = str(r["status"]) + (f": {r['message']}" if r.get("message") else "")
            outcome = " ".join(outcome.split()).replace("|", "/")
            print(
                f"| {name} | {path.stat().st_size / 1024:.1f} | {outcome} | {seconds:.2f} | "
                f"{'-' if mb is None else f'{mb:,.0f}'} | {'met' if met else 'MISSED'} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
