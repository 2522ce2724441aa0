"""Verification rules at their edges, each stated by the test that defends it: what an empty report says,
what verify does when another process is writing, and what a checkpoint check counts (plain SQLite: the
rules are the same on every backend)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import VerifyReport, checkpoint_case, verify_case

BUSY_NOTE = (
    "not logged as a `verified` event: another process is writing to this case (files it is storing may "
    "show as unreferenced); run verify again when it has finished to log the check"
)


def test_verify_report_starts_empty_and_ok() -> None:
    """Rule: a report counts only what was checked: before any check every count is zero, nothing is found
    and it is ok."""
    report = VerifyReport().to_dict()
    assert {k: report[k] for k in ("ok", "blobs_checked", "events_checked", "rows_checked")} == {
        "ok": True,
        "blobs_checked": 0,
        "events_checked": 0,
        "rows_checked": 0,
    }
    assert (report["database_check"], report["checkpoint_checked"], report["checkpoints_checked"]) == (
        "",
        False,
        0,
    )
    assert (report["newest_checkpoint"], report["findings"], report["unreferenced"], report["notes"]) == (
        None,
        [],
        [],
        [],
    )
    assert not VerifyReport(findings=[object()]).ok  # type: ignore[list-item]


@pytest.fixture
def case(tmp_path: Path, settings: Settings) -> Iterator[Case]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"t{i}.txt").write_text(f"Testimony number {i}: the corridor.\n", "utf-8")
    with Case.create(tmp_path / "case", settings=settings) as made:
        assert ingest_files(made, sorted(folder.iterdir()), IngestOptions()).ok
        yield made


def _events(case: Case) -> list[str]:
    with case.read() as conn:
        return [ev.event_type for ev in read_events(conn)]


def test_verify_while_another_process_writes_checks_without_waiting_and_says_it_was_not_logged(
    case: Case,
) -> None:
    """Rule: verify reads a snapshot and never waits on a writer: it answers at once, and says plainly
    that the check was not logged as a `verified` event."""
    before = _events(case)
    result: dict[str, VerifyReport] = {}
    waits: list[float] = []
    case.on_wait = waits.append  # told when a write starts waiting for another process
    with case.write():  # another writer holds the write lock
        worker = threading.Thread(target=lambda: result.setdefault("report", verify_case(case)))
        worker.start()
        worker.join(timeout=120)
    report = result["report"]
    assert report.ok and report.blobs_checked == 2
    assert report.notes == [BUSY_NOTE]
    assert waits == []  # it did not wait for the writer
    assert _events(case) == before  # nothing logged


def test_verify_with_a_checkpoint_counts_it(case: Case, tmp_path: Path) -> None:
    """Rule: a checkpoint given to verify is checked and counted; the report says which one is newest."""
    from testament.store.crypto import generate_signing_key

    private, public = generate_signing_key()
    checkpoint = json.dumps(checkpoint_case(case, private, label="partner")).encode()
    without = verify_case(case, record=False)
    assert (without.checkpoint_checked, without.checkpoints_checked, without.newest_checkpoint) == (
        False,
        0,
        None,
    )
    report = verify_case(case, checkpoint=checkpoint, pubkey=public, record=False)
    assert report.ok, report.to_dict()
    assert (report.checkpoint_checked, report.checkpoints_checked) == (True, 1)
    assert report.newest_checkpoint is not None


def test_checkpoint_case_names_the_key_file_it_could_not_read(case: Case) -> None:
    """Rule: a key that is not a private key is refused, naming where it came from (the `--key` file)."""
    from testament.errors import InputError

    with pytest.raises(InputError) as caught:
        checkpoint_case(case, b"not a key", label="partner.pem")
    assert caught.value.message == "partner.pem: not an unencrypted PEM private key"


def test_checkpoint_case_states_the_chain_head_of_this_case(case: Case) -> None:
    from testament.store.crypto import generate_signing_key

    private, _ = generate_signing_key()
    statement = checkpoint_case(case, private, label="partner.pem")
    with case.read() as conn:
        head = read_events(conn)[-1]
    assert (statement["case_id"], statement["seq"], statement["head_hash"]) == (
        case.config.case_id,
        head.seq,
        head.hash,
    )


def test_verify_row_finding_keeps_what_the_row_check_said(case: Case, tmp_path: Path) -> None:
    """Rule: a changed row is reported with the row check's own words: which row, and since which event."""
    from sqlalchemy import select, update

    from testament.store.schema import claims

    (tmp_path / "a.csv").write_text("first name,last name,birth year\nAli,Rahimi,1342\n", "utf-8")
    assert ingest_files(case, [tmp_path / "a.csv"], IngestOptions()).ok
    with case.write() as conn:
        first = conn.execute(select(claims.c.id).order_by(claims.c.id).limit(1)).scalar_one()
        conn.execute(update(claims).where(claims.c.id == first).values(value="Zzz"))
    findings = [(f.kind, f.where, f.message) for f in verify_case(case, record=False).findings]
    assert len(findings) == 1
    kind, where, message = findings[0]
    assert (kind, where) == ("row_changed", f"claims {first}")
    assert message.startswith(f"claims {first}: changed since custody event ")
    assert message.endswith(" wrote it (its digest no longer matches)")


@pytest.mark.parametrize("event_type", ["received", "exported", "ingested"])
def test_verify_artifact_named_only_by_another_kind_of_event_is_unlogged(case: Case, event_type: str) -> None:
    """Rule: only a `hashed` event (its arrival) or a `derived` one accounts for an artifact; an event of
    another kind that names its SHA-256 does not."""
    from sqlalchemy import select

    from testament.store.custody import NewEvent, append_events
    from testament.store.schema import artifacts
    from testament.vocab import CustodyEventType

    data = b"a document nobody logged"
    sha, _ = case.blobs.put(data)
    with case.write() as conn:
        row = dict(conn.execute(select(artifacts).where(artifacts.c.id == 1)).one()._mapping)
        conn.execute(
            artifacts.insert(), [{**row, "id": 99, "sha256": sha, "size": len(data), "filename": "x"}]
        )
        append_events(conn, "clerk", [NewEvent(CustodyEventType(event_type), {}, artifact_sha256=sha)])
    unlogged = [f.where for f in verify_case(case, record=False).findings if f.kind == "artifact_unlogged"]
    assert unlogged == ["artifact 99"]


def test_verify_checkpoint_given_that_is_not_json_is_refused_naming_it(case: Case) -> None:
    from testament.errors import InputError

    with pytest.raises(InputError) as caught:
        verify_case(case, checkpoint=b"not json", record=False)
    assert caught.value.message == "file: not JSON"


def test_verify_checks_a_checkpoint_code_of_the_chain_head(case: Case) -> None:
    """Rule: a code written down from an earlier `checkpoint` (seq and hash prefix) is checked and counted."""
    from testament.store.checkpoints import checkpoint_code

    with case.read() as conn:
        head = read_events(conn)[-1]
    report = verify_case(case, codes=[checkpoint_code(head.seq, head.hash)], record=False)
    assert report.ok, report.to_dict()
    assert (report.checkpoint_checked, report.checkpoints_checked) == (True, 1)


def test_verify_names_the_database_check_it_ran(case: Case, tmp_path: Path, settings: Settings) -> None:
    """Rule: the report says which check of the database itself was run: SQLite's integrity_check, and
    SQLCipher's page authentication first on an encrypted case."""
    assert verify_case(case, record=False).database_check == "integrity_check"
    with Case.create(tmp_path / "encrypted", settings=settings, encrypt=True) as encrypted:
        report = verify_case(encrypted, record=False)
    assert report.database_check == "cipher_integrity_check + integrity_check"


@pytest.mark.parametrize("where", ["check_database", "verify_rows"])
def test_verify_driver_error_while_reading_is_reported_as_damage(
    case: Case, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Rule: an error of the database driver itself (not wrapped by SQLAlchemy), raised by the database's
    own check or by a later read, as a damaged page raises it, is a `database_damaged` finding with the
    restore hint; nothing else is reported and no `verified` event is attempted."""
    import sqlite3

    from testament.store import integrity

    def fail(*args: object, **kwargs: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(integrity, where, fail)
    before = _events(case)
    report = verify_case(case)
    assert [(f.kind, f.where, f.message) for f in report.findings] == [
        ("database_damaged", "database", "database damaged: database disk image is malformed")
    ]
    assert (
        report.rows_checked == 0 and len(report.notes) == 1 and report.notes[0].startswith("database damaged")
    )
    assert _events(case) == before


def test_verify_gives_each_added_check_the_case_being_verified(case: Case) -> None:
    """Rule: a check added by a stage above the store (`verify --rederive`) is run on the case being
    verified, so what it covers is that case's contents."""
    from testament.store.integrity import AddedCheck

    seen: list[Path] = []

    def counting(checked: Case) -> AddedCheck:
        seen.append(checked.path)
        with checked.read() as conn:
            return AddedCheck("events re-read", checked=len(read_events(conn)))

    with case.read() as conn:
        events = len(read_events(conn))
    report = verify_case(case, record=False, added=[counting])
    assert seen == [case.path]
    assert report.ok and report.added == {"events re-read": events}
