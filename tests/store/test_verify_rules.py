"""Verification rules not tied to one backend, each stated by the test that defends it: the database's own
check and what it reports, driver errors as findings, evidence nobody logged, and what a `verified` event
records."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import VerifyReport, _damaged, check_database, verify_case
from testament.store.schema import artifacts


class _Rows:
    def __init__(self, rows: list[tuple[str]]) -> None:
        self._rows = rows

    def all(self) -> list[tuple[str]]:
        return self._rows


class _Connection:
    """Answers the two PRAGMAs check_database runs, and remembers what was asked."""

    def __init__(self, cipher: list[str], integrity: list[str]) -> None:
        self.answers = {"PRAGMA cipher_integrity_check": cipher, "PRAGMA integrity_check(20)": integrity}
        self.asked: list[str] = []

    def exec_driver_sql(self, sql: str) -> _Rows:
        self.asked.append(sql)
        return _Rows([(line,) for line in self.answers[sql]])


def test_check_database_postgresql_runs_no_page_check_and_says_why() -> None:
    conn = _Connection([], ["ok"])
    assert check_database(conn, "postgresql") == ("none (PostgreSQL: the server's own page checksums)", [])  # type: ignore[arg-type]
    assert conn.asked == []


def test_check_database_sqlite_runs_integrity_check_on_up_to_20_problems() -> None:
    conn = _Connection(["never asked"], ["ok"])
    assert check_database(conn, "sqlite") == ("integrity_check", [])  # type: ignore[arg-type]
    assert conn.asked == ["PRAGMA integrity_check(20)"]


def test_check_database_sqlcipher_runs_page_authentication_first() -> None:
    """Rule: an encrypted database is checked page by page (SQLCipher's HMACs), then as SQLite."""
    conn = _Connection([], ["ok"])
    assert check_database(conn, "sqlcipher") == ("cipher_integrity_check + integrity_check", [])  # type: ignore[arg-type]
    assert conn.asked == ["PRAGMA cipher_integrity_check", "PRAGMA integrity_check(20)"]


def test_check_database_every_problem_line_is_a_finding() -> None:
    conn = _Connection(
        ["HMAC check failed for pgno=7"], ["row 3 missing from index ix", "wrong # of entries"]
    )
    run, findings = check_database(conn, "sqlcipher")  # type: ignore[arg-type]
    assert run == "cipher_integrity_check + integrity_check"
    assert [(f.kind, f.where, f.message) for f in findings] == [
        ("database_damaged", "database", "database damaged: HMAC check failed for pgno=7"),
        ("database_damaged", "database", "database damaged: row 3 missing from index ix"),
        ("database_damaged", "database", "database damaged: wrong # of entries"),
    ]


def test_damaged_driver_error_becomes_one_finding_with_its_first_line() -> None:
    """Rule: a driver error while reading is a finding (not a crash), quoting only the first line of the
    driver's own message, at most 200 characters."""
    wrapped = DBAPIError("SELECT 1", None, Exception("file is not a database\nsecond line"))
    finding = _damaged(wrapped)
    assert (finding.kind, finding.where, finding.message) == (
        "database_damaged",
        "database",
        "database damaged: file is not a database",
    )
    assert _damaged(ValueError("x" * 300 + "\nmore")).message == "database damaged: " + "x" * 200


def test_verify_report_to_dict_names_every_count() -> None:
    report = VerifyReport(blobs_checked=1, events_checked=2, rows_checked=3, database_check="integrity_check")
    assert report.to_dict() == {
        "ok": True,
        "blobs_checked": 1,
        "events_checked": 2,
        "rows_checked": 3,
        "database_check": "integrity_check",
        "checkpoint_checked": False,
        "checkpoints_checked": 0,
        "newest_checkpoint": None,
        "findings": [],
        "unreferenced": [],
        "notes": [],
        "added": {},
    }


# --- on a case (plain SQLite: the rules below are the same on every backend) ----------------------------


@pytest.fixture
def case(tmp_path: Path, settings: Settings) -> Iterator[Case]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"t{i}.txt").write_text(f"Testimony number {i}: the corridor.\n", "utf-8")
    with Case.create(tmp_path / "case", settings=settings) as made:
        assert ingest_files(made, sorted(folder.iterdir()), IngestOptions()).ok
        yield made


def test_verify_artifact_without_custody_event_is_named(case: Case) -> None:
    """Rule: evidence whose arrival no custody event records (a row slipped into the database, with its
    blob) is named, even though its blob is intact."""
    data = b"a document nobody logged"
    sha, _ = case.blobs.put(data)
    with case.write() as conn:
        row = dict(conn.execute(select(artifacts).where(artifacts.c.id == 1)).one()._mapping)
        conn.execute(
            artifacts.insert(), [{**row, "id": 99, "sha256": sha, "size": len(data), "filename": "x"}]
        )
    report = verify_case(case, record=False)
    found = [(f.kind, f.where, f.message) for f in report.findings]
    unlogged = (
        "artifact_unlogged",
        "artifact 99",
        "artifact 99: no custody event records its arrival or derivation",
    )
    assert [f for f in found if f[0] == "artifact_unlogged"] == [unlogged]  # the row seals name it too
    assert report.blobs_checked == 3


def test_verify_blob_findings_say_what_happened_to_which_file(case: Case) -> None:
    with case.read() as conn:
        shas = conn.execute(select(artifacts.c.sha256).order_by(artifacts.c.id)).scalars().all()
    altered, missing = (case.blobs.path_for(s) for s in shas)
    os.chmod(altered, 0o644)
    altered.write_bytes(altered.read_bytes() + b"!")
    missing.unlink()
    report = verify_case(case, record=False)
    where = [f"artifact {i + 1} (blob {p.relative_to(case.path)})" for i, p in enumerate((altered, missing))]
    assert [(f.kind, f.where, f.message) for f in report.findings] == [
        ("blob_altered", where[0], f"{where[0]}: content does not match its SHA-256 (altered)"),
        ("blob_missing", where[1], f"{where[1]}: file missing from the blob store"),
    ]


def test_verify_logs_its_outcome_as_a_verified_event(case: Case) -> None:
    """Rule: each verification is itself on the record: a `verified` event with what it checked."""
    report = verify_case(case)
    with case.read() as conn:
        last = read_events(conn)[-1]
    assert last.event_type == "verified"
    assert json.loads(last.details) == {
        "ok": True,
        "blobs_checked": 2,
        "events_checked": report.events_checked,
        "rows_checked": report.rows_checked,
        "findings": 0,
        "unreferenced": 0,
        "checkpoint_checked": False,
        "checkpoints_checked": report.checkpoints_checked,
    }
    assert report.events_checked > 0 and report.rows_checked > 0


def test_verify_derived_artifact_is_logged_by_its_derived_event(case: Case) -> None:
    """Rule: an artifact made from another (text of a scan, a redacted copy) is accounted for by a `derived`
    event naming it; a `derived` event naming another file does not account for it."""
    from testament.store.custody import NewEvent, append_events
    from testament.vocab import CustodyEventType

    data = b"text extracted from a scan"
    sha, _ = case.blobs.put(data)
    with case.write() as conn:
        row = dict(conn.execute(select(artifacts).where(artifacts.c.id == 1)).one()._mapping)
        conn.execute(
            artifacts.insert(), [{**row, "id": 99, "sha256": sha, "size": len(data), "filename": "x"}]
        )
        append_events(conn, "clerk", [NewEvent(CustodyEventType.DERIVED, {}, artifact_sha256="ab" * 32)])
    kinds = [f.kind for f in verify_case(case, record=False).findings]
    assert "artifact_unlogged" in kinds  # the derived event names another file
    with case.write() as conn:
        append_events(conn, "clerk", [NewEvent(CustodyEventType.DERIVED, {}, artifact_sha256=sha)])
    kinds = [f.kind for f in verify_case(case, record=False).findings]
    assert "artifact_unlogged" not in kinds


def test_verify_damaged_database_reports_damage_only(tmp_path: Path, settings: Settings) -> None:
    """Rule: on a damaged database page nothing else is trusted: the report holds the damage findings, a
    note with the restore hint, no rows counted as checked, and no `verified` event is attempted."""
    made = Case.create(tmp_path / "case", settings=settings)
    rows = "".join(f"Name{i},Family{i},{1300 + i % 50}\n" for i in range(1500))
    (tmp_path / "big.csv").write_text("first name,last name,birth year\n" + rows, "utf-8")
    assert ingest_files(made, [tmp_path / "big.csv"], IngestOptions()).ok
    made.close()
    db = tmp_path / "case" / "case.db"
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page_size
    middle = next(
        p for p in [*range(pages // 2, pages), *range(1, pages // 2)] if data[p * page_size] in (2, 5, 10, 13)
    )
    data[middle * page_size] ^= 0xFF
    db.write_bytes(bytes(data))
    with Case.open(tmp_path / "case", settings=settings) as damaged:
        report = verify_case(damaged)
    assert report.findings and {(f.kind, f.where) for f in report.findings} == {
        ("database_damaged", "database")
    }
    assert all(f.message.startswith("database damaged: ") for f in report.findings)
    assert report.rows_checked == 0
    assert report.notes == [
        "database damaged; hint: restore the case folder from a backup; copy the damaged folder aside first, "
        "it is evidence of what happened"
    ]
