"""List ingest throughput: 100,000 rows into a fresh case on SQLite and SQLCipher (and PostgreSQL with --pg).

Run: .venv/bin/python bench/ingest.py [--rows N] [--pg URL]. Prints a table for bench/README.md.
Rows are invented from small word lists; they look like a real list (12 columns, Solar Hijri dates).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

GIVEN = ["Ali", "Reza", "Mohammad", "Hossein", "Mehdi", "Maryam", "Zahra", "Fatemeh", "Hamid", "Saeed"]
SURNAMES = ["Ahmadi", "Karimi", "Hosseini", "Rahimi", "Moradi", "Jafari", "Rezaei", "Mousavi", "Kazemi"]
CITIES = ["Tehran", "Tabriz", "Mashhad", "Shiraz", "Isfahan", "Rasht", "Ahvaz", "Kermanshah"]
PRISONS = ["Evin", "Gohardasht", "Dizel Abad", "Vakilabad", "Adelabad"]
HEADERS = (
    "id,first name,last name,father name,birth year,sex,city,prison,affiliation,"
    "arrest date,execution date,notes"
)


def write_list(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADERS + "\n")
        for i in range(1, rows + 1):
            fh.write(
                f"{i},{rng.choice(GIVEN)},{rng.choice(SURNAMES)},{rng.choice(GIVEN)},"
                f"{rng.randint(1320, 1350)},"
                f"{rng.choice('mf')},{rng.choice(CITIES)},{rng.choice(PRISONS)},group {rng.randint(1, 6)},"
                f"{rng.randint(1360, 1366)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d},"
                f"1367/{rng.randint(5, 6):02d}/{rng.randint(1, 29):02d},invented row\n"
            )


def run(label: str, csv: Path, workdir: Path, **case_options: object) -> tuple[str, float, int]:
    settings = Settings(actor="bench", passphrase="bench passphrase")
    case = Case.create(workdir / label, settings=settings, **case_options)  # type: ignore[arg-type]
    start = time.perf_counter()
    report = ingest_files(case, [csv], IngestOptions())
    elapsed = time.perf_counter() - start
    case.close()
    assert report.ok, report.to_dict()
    return label, elapsed, report.files[0].person_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", help="also measure PostgreSQL at this URL (an empty database or schema)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv = workdir / "list.csv"
        write_list(csv, args.rows)
        results = [run("SQLite", csv, workdir), run("SQLCipher", csv, workdir, encrypt=True)]
        if args.pg:
            results.append(run("PostgreSQL", csv, workdir, db_url=args.pg))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| backend | rows | seconds | rows/s | target 5,000 rows/s |  (peak RSS {peak_mb:.0f} MB)")
    print("|---|---:|---:|---:|---|")
    for label, elapsed, rows in results:
        rate = rows / elapsed
        print(f"| {label} | {rows:,} | {elapsed:.1f} | {rate:,.0f} | {'met' if rate >= 5000 else 'MISSED'} |")


if __name__ == "__main__":
    main()
