"""Verify throughput: a list of N rows (bench/ingest.py's invented list, 12 claims per row) ingested into a
fresh case, then `verify` timed: the database's own check, every blob, the chain and every sealed row.

Run: .venv/bin/python bench/verify.py [--rows N] [--encrypt] [--pg URL]. Prints a row for bench/README.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ingest import write_list  # type: ignore[import-not-found]
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.integrity import verify_case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--encrypt", action="store_true")
    parser.add_argument("--pg", help="measure PostgreSQL at this URL (an empty database or schema)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv = workdir / "list.csv"
        write_list(csv, args.rows)
        settings = Settings(actor="bench", passphrase="bench passphrase")
        options: dict[str, object] = {"encrypt": True} if args.encrypt else {}
        if args.pg:
            options = {"db_url": args.pg}
        case = Case.create(workdir / "case", settings=settings, **options)  # type: ignore[arg-type]
        start = time.perf_counter()
        assert ingest_files(case, [csv], IngestOptions()).ok
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        report = verify_case(case, record=False)
        verify_s = time.perf_counter() - start
        case.close()
        assert report.ok, report.to_dict()
        label = "PostgreSQL" if args.pg else "SQLCipher" if args.encrypt else "SQLite"
        print("| backend | list rows | table rows checked | ingest s | verify s | verify rows/s |")
        print("|---|---:|---:|---:|---:|---:|")
        print(
            f"| {label} | {args.rows:,} | {report.rows_checked:,} | {ingest_s:.1f} | {verify_s:.1f} | "
            f"{report.rows_checked / verify_s:,.0f} |"
        )


if __name__ == "__main__":
    main()
