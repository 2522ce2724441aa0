"""Two people sending one file at once, and an ingest killed half-way: evidence is never lost or doubled.

Each round writes a new list; two worker processes, each with the case open, ingest it at the same moment
(a barrier releases them together). One must ingest it, the other must report "unchanged", and the blob
must be in the store with `verify` clean. Killed ingests leave at most unreferenced blob files, which
`verify` lists and the next ingest sweeps."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import artifacts
from tests.conftest import PASSPHRASE

ROUNDS = 50
VERIFY_EVERY = 10  # a lost blob is still missing at the next verify; a left-over one is swept by the next
# ingest, which writes a `swept` event: the test asserts there is none at the end
ROWS = 60  # the race is over the artifact and its blob; the rows only make each ingest take longer
_TIMEOUT = 120


def _list_bytes(round_no: int, rows: int = 300) -> bytes:
    """An invented list, different in every round (so every round is a new file)."""
    lines = ["name,father_name,birth_year,prison"]
    lines += [f"Round{round_no} Person{i},Father{i},{1950 + i % 30},Evin" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _worker(case_dir: str, jobs: Any, results: Any, barrier: Any) -> None:
    from testament.store import backend

    # The worker that loses a round waits for the lock, polling every 0.1 s: 5 s of sleep per test. Polled
    # ten times as often, it waits the same way (as busy or more), only not idle.
    backend._RETRY_EVERY = 0.01
    settings = Settings(actor=f"worker-{os.getpid()}", passphrase=PASSPHRASE)
    with Case.open(case_dir, settings=settings) as case:
        while (path := jobs.get()) is not None:
            barrier.wait()
            try:
                report = ingest_files(case, [Path(path)], IngestOptions())
                results.put([(o.status, o.artifact_id) for o in report.files])
            except Exception as exc:  # reported to the test, which fails on it
                results.put([("error: " + type(exc).__name__, None)])


def _artifact_count(case: Case) -> int:
    with case.read() as conn:
        return int(conn.execute(select(func.count()).select_from(artifacts)).scalar_one())


@pytest.mark.parametrize(
    "backend",
    [pytest.param("sqlite", marks=pytest.mark.sqlite), pytest.param("postgres", marks=pytest.mark.postgres)],
)
def test_ingest_same_file_twice_at_once_keeps_one_artifact_and_its_blob(
    backend: str, tmp_path: Path, settings: Settings, request: pytest.FixtureRequest
) -> None:
    options: dict[str, Any] = (
        {"db_url": request.getfixturevalue("pg_schema_url")} if backend == "postgres" else {}
    )
    case = Case.create(tmp_path / "case", settings=settings, **options)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2, timeout=_TIMEOUT)
    jobs = [ctx.Queue(), ctx.Queue()]
    results = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(str(case.path), q, results, barrier)) for q in jobs]
    for w in workers:
        w.start()
    try:
        for round_no in range(1, ROUNDS + 1):
            path = tmp_path / f"list-{round_no}.csv"
            path.write_bytes(_list_bytes(round_no, rows=ROWS))
            for q in jobs:
                q.put(str(path))
            first, second = (results.get(timeout=_TIMEOUT) for _ in jobs)
            statuses = sorted([first[0][0], second[0][0]])
            assert statuses == ["ingested", "unchanged"], f"round {round_no}: {statuses}"
            assert first[0][1] == second[0][1], f"round {round_no}: two artifacts for one file"
            assert _artifact_count(case) == round_no
            if round_no % VERIFY_EVERY and round_no != ROUNDS:
                continue  # verify reads every row so far: each round would make the test quadratic
            report = verify_case(case, record=False)
            assert report.ok, f"round {round_no}: {[f.message for f in report.findings]}"
            assert report.unreferenced == []
    finally:
        for q in jobs:
            q.put(None)
        for w in workers:
            w.join(timeout=_TIMEOUT)
            if w.is_alive():
                w.kill()
        case.close()
    assert all(w.exitcode == 0 for w in workers)
    with Case.open(tmp_path / "case", settings=settings) as reopened, reopened.read() as conn:
        assert [e.details for e in read_events(conn) if e.event_type == "swept"] == []


def test_verify_lists_unreferenced_blobs_and_ingest_sweeps_them(fresh_case: Case, tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_bytes(_list_bytes(1, rows=5))
    ingest_files(fresh_case, [kept], IngestOptions())
    # What a writer killed between its blob and its commit leaves: a blob, and a temp file mid-write.
    digest, _ = fresh_case.blobs.put(b"orphan bytes")
    stale = fresh_case.blobs.path_for(digest).parent / ".incoming-stale"
    stale.write_bytes(b"half")
    report = verify_case(fresh_case, record=False)
    assert report.ok
    assert sorted(report.unreferenced) == sorted(
        str(p.relative_to(fresh_case.path)) for p in (fresh_case.blobs.path_for(digest), stale)
    )
    new = tmp_path / "new.csv"
    new.write_bytes(_list_bytes(2, rows=5))
    swept = ingest_files(fresh_case, [new], IngestOptions())
    assert swept.swept == 2
    assert [o.status for o in swept.files] == ["ingested"]
    after = verify_case(fresh_case)
    assert after.ok and after.unreferenced == [] and after.blobs_checked == 2
    with fresh_case.read() as conn:
        events = [e for e in read_events(conn) if e.event_type == "swept"]
    assert [json.loads(e.details) for e in events] == [{"unreferenced_files": 2}]


# The child stops for good once it has written rows (its blob is stored by then, its transaction open), so
# the kill -9 lands after the blob and before the commit however slow the machine is; the list need not be
# long to keep the child busy (it was 30,000 rows, most of the test's time spent ingesting them again).
_KILLED_INGEST = """
import sys, time
from pathlib import Path
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

def halt(label, done, total):
    if label == Path(sys.argv[2]).name:  # rows written, not committed ("checking ..." comes before the blob)
        time.sleep(3600)

with Case.open(sys.argv[1], settings=Settings(actor="killed", passphrase=sys.argv[3])) as case:
    ingest_files(case, [Path(sys.argv[2])], IngestOptions(), halt)
"""
KILLED_ROWS = 6000  # over one batch of 5,000: the kill leaves rows written in the open transaction


def test_ingest_killed_after_its_blob_loses_nothing_and_is_swept(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(_list_bytes(7, rows=KILLED_ROWS))
    blobs = fresh_case.path / "blobs"
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_INGEST, str(fresh_case.path), str(path), PASSPHRASE],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + _TIMEOUT
        while not any(p.is_file() for p in blobs.rglob("*")) and child.poll() is None:
            assert time.monotonic() < deadline, "the child never wrote its blob"
            time.sleep(0.005)
        assert child.poll() is None, f"the child ended before its kill (exit {child.returncode})"
    finally:
        child.kill()  # SIGKILL
        child.wait()
    assert _artifact_count(fresh_case) == 0  # killed before its commit: the list is not in the case
    report = verify_case(fresh_case, record=False)
    assert report.ok and report.unreferenced  # the killed writer's blob is listed, not passed over
    again = ingest_files(fresh_case, [path], IngestOptions())
    assert [o.status for o in again.files] == ["ingested"] and again.swept == len(report.unreferenced)
    final = verify_case(fresh_case, record=False)
    assert final.ok and final.unreferenced == [] and final.blobs_checked == 1
