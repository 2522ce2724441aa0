"""Readers never wait on the writer; a second writer waits, then gives up cleanly; Ctrl-C rolls back.

A child process ingests a list and stops half-way with its rows written but not committed, holding the case
write lock, until the test lets it go. Meanwhile `status` (the library call the CLI makes, timed, and the
CLI itself) must answer at once with the case as it was before the ingest, and a second writer with a short
`TESTAMENT_WAIT` must give up with the busy message, changing nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.integrity import verify_case
from tests.conftest import PASSPHRASE

_TIMEOUT = 60
# The ingest writes its first batch (5,000 rows) and reports progress, still inside its transaction: there
# the child says so and blocks until the test writes a line to its stdin.
_HALTED_INGEST = """
import sys
from pathlib import Path
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

def halt(label, done, total):
    if label == Path(sys.argv[2]).name and done < total:  # rows written (not "checking ...")
        print("writing", flush=True)
        sys.stdin.readline()

with Case.open(sys.argv[1], settings=Settings(actor="writer", passphrase=sys.argv[3])) as case:
    ingest_files(case, [Path(sys.argv[2])], IngestOptions(), halt)
"""
# The CLI, with every batch of rows it writes followed by a pause: a Ctrl-C then lands mid-write.
_SLOW_CLI = """
import sys, time
from testament.store import facts
from testament.cli.main import app

insert = facts.FactWriter.insert

def slow(self, table, columns, rows):
    insert(self, table, columns, rows)
    if len(rows) > 1000:
        print("writing", flush=True)
        time.sleep(0.5)

facts.FactWriter.insert = slow
app(sys.argv[1:], prog_name="testament")
"""


def _list(path: Path, rows: int, tag: str) -> Path:
    lines = ["name,father_name,birth_year"] + [
        f"{tag} Person{i},Father{i},{1950 + i % 30}" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "TESTAMENT_PASSPHRASE": PASSPHRASE, **extra}


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = "from testament.cli.main import app; app(prog_name='testament')"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
    )


def _wait_for_line(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdout is not None
    got = child.stdout.readline().strip()  # blocks; the child prints it once it is mid-write
    assert got == line, f"child said {got!r} (exit {child.poll()})"


@contextmanager
def _halted_writer(case: Case, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A child ingesting a 6,000-row list, stopped with 5,000 rows written and the write lock held."""
    path = _list(tmp_path / "big.csv", 6000, "Big")
    child = subprocess.Popen(
        [sys.executable, "-c", _HALTED_INGEST, str(case.path), str(path), PASSPHRASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_line(child, "writing")
        yield child
    finally:
        if child.poll() is None:
            child.communicate("go\n", timeout=_TIMEOUT)


def _in_thread(fn: Any) -> tuple[Any, float]:
    """Run `fn` in a thread and return its result and wall time; fail, not hang, if it waits for the writer
    (the old code waited 30 s on SQLite and for ever on PostgreSQL)."""
    out: dict[str, Any] = {}

    def run() -> None:
        start = time.perf_counter()
        out["result"] = fn()
        out["seconds"] = time.perf_counter() - start

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert "seconds" in out, "the reader waited for the writer"
    return out["result"], out["seconds"]


def _status(path: Path, settings: Settings) -> dict[str, Any]:
    with Case.open(path, settings=settings) as case:
        return case.status()


def test_status_during_ingest_answers_at_once_with_the_case_before_it(
    fresh_case: Case, settings: Settings, tmp_path: Path
) -> None:
    ingest_files(fresh_case, [_list(tmp_path / "small.csv", 3, "Small")], IngestOptions())
    before, idle = _in_thread(lambda: _status(fresh_case.path, settings))  # SQLCipher: mostly Argon2
    with _halted_writer(fresh_case, tmp_path) as child:
        during, seconds = _in_thread(lambda: _status(fresh_case.path, settings))
        assert seconds < idle + 1.0, f"status took {seconds:.2f} s while an ingest wrote ({idle:.2f} s idle)"
        assert during == before  # a consistent snapshot: none of the 5,000 uncommitted rows
        cli = _cli("status", str(fresh_case.path), "--json")
        assert cli.returncode == 0, cli.stderr
        assert json.loads(cli.stdout) == before
        verified, _ = _in_thread(lambda: verify_case(fresh_case))  # reads, and does not wait to log
        assert verified.ok
        assert any("not logged" in note for note in verified.notes)
        from testament.errors import CaseBusyError  # here, so older code fails on the timing above

        with pytest.raises(CaseBusyError), fresh_case.write(wait=0):
            pass  # the child did hold the write lock all along
        child.communicate("go\n", timeout=_TIMEOUT)
    assert child.returncode == 0
    after = fresh_case.status()
    assert after["person_records"] == before["person_records"] + 6000  # the writer did write, then commit


def test_second_writer_gives_up_with_busy_message_and_changes_nothing(
    fresh_case: Case, tmp_path: Path
) -> None:
    other = _list(tmp_path / "other.csv", 3, "Other")
    before = fresh_case.status()
    with _halted_writer(fresh_case, tmp_path):
        start = time.perf_counter()
        second = _cli("ingest", str(fresh_case.path), str(other), TESTAMENT_WAIT="0.5")
        seconds = time.perf_counter() - start
        assert second.returncode == 75, second.stderr
        said = " ".join(second.stderr.split())  # Rich wraps long lines
        assert said.count("another process is writing to this case; waiting up to 0.5 s") == 1
        assert "gave up after 0.5 s, nothing was changed" in said
        assert "set TESTAMENT_WAIT=SECONDS to wait longer" in said and "Internal error" not in said
        assert seconds < 20
        assert fresh_case.status() == before
    assert fresh_case.status()["artifacts"] == before["artifacts"] + 1  # the first writer's file only
    again = _cli("ingest", str(fresh_case.path), str(other), "--json")
    assert again.returncode == 0, again.stderr
    assert [f["status"] for f in json.loads(again.stdout)["files"]] == ["ingested"]


def test_busy_wait_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    result = _cli("status", str(tmp_path), TESTAMENT_WAIT="soon")
    assert result.returncode == 2
    assert "TESTAMENT_WAIT: expected a number of seconds, found 'soon'" in " ".join(result.stderr.split())


def test_ctrl_c_during_ingest_rolls_back_the_file_and_keeps_the_ones_before(
    fresh_case: Case, tmp_path: Path
) -> None:
    small = _list(tmp_path / "small.csv", 3, "Small")
    big = _list(tmp_path / "big.csv", 6000, "Big")
    before = fresh_case.status()
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CLI, "ingest", str(fresh_case.path), str(small), str(big)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_line(child, "writing")  # big.csv's first 5,000 rows are written, not committed
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=_TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, stderr
    message = " ".join(stderr.split())  # Rich wraps long lines
    assert "interrupted: big.csv was rolled back, nothing of it is in the case" in message
    assert "kept 1 file(s) ingested before it: small.csv" in message
    assert "Traceback" not in stderr and "Internal error" not in stderr
    after = fresh_case.status()
    assert after["artifacts"] == before["artifacts"] + 1
    assert after["person_records"] == before["person_records"] + 3
    report = verify_case(fresh_case, record=False)
    assert report.ok and report.unreferenced == [] and report.blobs_checked == 1
    blobs = fresh_case.path / "blobs"
    assert [p for p in blobs.rglob("*") if p.is_dir() and not any(p.iterdir())] == []


def test_ctrl_c_in_any_command_exits_130_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    from testament.cli._common import guard

    caught: BaseException | None = None
    try:
        with guard():
            raise KeyboardInterrupt
    except BaseException as exc:  # the old guard let KeyboardInterrupt through (Click: "Aborted!")
        caught = exc
    assert isinstance(caught, typer.Exit) and caught.exit_code == 130
    assert "Interrupted" in capsys.readouterr().err
