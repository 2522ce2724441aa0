"""Contract tests for custody and verification: tampering of every kind is found and named."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.crypto import generate_signing_key
from testament.store.custody import GENESIS, read_events
from testament.store.integrity import checkpoint_case, verify_case
from testament.store.schema import artifacts, custody_events
from tests.conftest import copied_case


def _with_evidence(case: Case, folder: Path) -> Case:
    for i in range(3):
        (folder / f"t{i}.txt").write_text(f"Testimony number {i}: the corridor, the commission.\n", "utf-8")
    report = ingest_files(case, sorted(folder.glob("t*.txt")), IngestOptions())
    assert report.ok
    return case


@pytest.fixture(scope="module")
def _cases_with_evidence() -> dict[str, Path]:
    """A case with evidence per file backend, made once per module (see `case_with_evidence`)."""
    return {}


@pytest.fixture
def case_with_evidence(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _cases_with_evidence: dict[str, Path],
) -> Iterator[Case]:
    """A case (as tests/conftest.py's `fresh_case` makes it) with three testimonies ingested. Each test
    changes its own: on SQLite and SQLCipher a copy of one made once per module (a case is its folder;
    creating and ingesting cost ~0.1-0.3 s a test); on PostgreSQL, kept in the database, made per test."""
    yield from copied_case(
        backend, case_options, settings, tmp_path, tmp_path_factory, _cases_with_evidence, _with_evidence
    )


def _flip_byte(path: Path) -> None:
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_verify_untouched_case_is_clean(case_with_evidence: Case) -> None:
    report = verify_case(case_with_evidence)
    assert report.ok, report.to_dict()
    assert report.blobs_checked == 3 and report.events_checked == 9
    events = _events(case_with_evidence)
    assert events[-1].event_type == "verified" and json.loads(events[-1].details)["ok"] is True
    assert verify_case(case_with_evidence, record=False).ok  # the verified event keeps the chain intact


def test_verify_flipped_byte_in_blob_names_it(case_with_evidence: Case) -> None:
    with case_with_evidence.read() as conn:
        sha = conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == 2)).scalar_one()
    _flip_byte(case_with_evidence.blobs.path_for(sha))
    report = verify_case(case_with_evidence)
    assert not report.ok
    assert [f.where.split(" (")[0] for f in report.findings] == ["artifact 2"]
    assert report.findings[0].kind == "blob_altered"


def test_verify_missing_blob_names_it(case_with_evidence: Case) -> None:
    with case_with_evidence.read() as conn:
        sha = conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == 3)).scalar_one()
    case_with_evidence.blobs.path_for(sha).unlink()
    findings = verify_case(case_with_evidence).findings
    assert [(f.kind, f.where.split(" (")[0]) for f in findings] == [("blob_missing", "artifact 3")]


def _events(case: Case):
    with case.read() as conn:
        return read_events(conn)


def test_verify_edited_custody_event_names_it(case_with_evidence: Case) -> None:
    with case_with_evidence.write() as conn:
        conn.execute(update(custody_events).where(custody_events.c.seq == 4).values(actor="someone else"))
    findings = verify_case(case_with_evidence, record=False).findings
    assert [(f.kind, f.where) for f in findings] == [("event_edited", "custody event 4")]


def test_verify_deleted_custody_event_names_gap(case_with_evidence: Case) -> None:
    with case_with_evidence.write() as conn:
        conn.execute(custody_events.delete().where(custody_events.c.seq == 5))
    findings = verify_case(case_with_evidence, record=False).findings
    kinds = {(f.kind, f.where) for f in findings}
    assert ("event_missing", "custody event 5") in kinds
    assert ("chain_broken", "custody event 6") in kinds


def test_verify_reordered_custody_events_are_found(case_with_evidence: Case) -> None:
    events = _events(case_with_evidence)
    a, b = events[3], events[4]
    with case_with_evidence.write() as conn:  # swap the contents of events 4 and 5, keeping their seq
        for src, dst in ((a, b), (b, a)):
            values = {k: v for k, v in src.__dict__.items() if k != "seq"}
            conn.execute(update(custody_events).where(custody_events.c.seq == dst.seq).values(**values))
    findings = verify_case(case_with_evidence, record=False).findings
    assert {f.where for f in findings} >= {"custody event 4", "custody event 5"}


def _rewrite_chain(case: Case, seq: int) -> None:
    """What an insider with write access does: edit an event, then recompute every hash after it."""
    events = _events(case)
    prev = GENESIS
    with case.write() as conn:
        for ev in events:
            values = dict(ev.__dict__)
            if ev.seq == seq:
                values["actor"] = "forger"
            values["prev_hash"] = prev
            rewritten = type(ev)(**values)
            values["hash"] = rewritten.computed_hash()
            prev = values["hash"]
            conn.execute(update(custody_events).where(custody_events.c.seq == ev.seq).values(**values))


def test_verify_checkpoint_detects_full_chain_rewrite(case_with_evidence: Case, tmp_path: Path) -> None:
    private, public = generate_signing_key()
    checkpoint = json.dumps(checkpoint_case(case_with_evidence, private, label="key")).encode()
    assert verify_case(case_with_evidence, checkpoint=checkpoint, pubkey=public, record=False).ok
    _rewrite_chain(case_with_evidence, seq=2)
    assert verify_case(case_with_evidence, record=False).ok  # the chain alone cannot tell
    findings = verify_case(case_with_evidence, checkpoint=checkpoint, pubkey=public, record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_diverged"]


def test_verify_checkpoint_with_wrong_key_fails(case_with_evidence: Case) -> None:
    private, _ = generate_signing_key()
    _, other_public = generate_signing_key()
    checkpoint = json.dumps(checkpoint_case(case_with_evidence, private, label="key")).encode()
    findings = verify_case(
        case_with_evidence, checkpoint=checkpoint, pubkey=other_public, record=False
    ).findings
    assert [f.kind for f in findings] == ["checkpoint_signature"]


def test_verify_checkpoint_still_holds_after_more_ingest(case_with_evidence: Case, tmp_path: Path) -> None:
    private, public = generate_signing_key()
    checkpoint = json.dumps(checkpoint_case(case_with_evidence, private, label="key")).encode()
    (tmp_path / "later.txt").write_text("A later testimony.\n", "utf-8")
    ingest_files(case_with_evidence, [tmp_path / "later.txt"], IngestOptions())
    assert verify_case(case_with_evidence, checkpoint=checkpoint, pubkey=public, record=False).ok


def test_verify_runs_added_checks_and_their_findings_fail_it(case_with_evidence: Case) -> None:
    """A check a stage above the store adds (`verify --rederive`) counts under its label, its findings fail
    the verification, and the `verified` event records what it covered."""
    from testament.store.custody import Finding
    from testament.store.integrity import AddedCheck

    def clean(case: Case) -> AddedCheck:
        return AddedCheck("things re-read", checked=2, notes=["one thing not re-read"])

    def failing(case: Case) -> AddedCheck:
        return AddedCheck("other things", checked=1, findings=[Finding("changed", "claims 7", "claims 7: x")])

    report = verify_case(case_with_evidence, added=[clean])
    assert report.ok and report.added == {"things re-read": 2}
    assert "one thing not re-read" in report.notes
    assert json.loads(_events(case_with_evidence)[-1].details)["added"] == {"things re-read": 2}
    report = verify_case(case_with_evidence, record=False, added=[clean, failing])
    assert not report.ok and [f.where for f in report.findings] == ["claims 7"]
    assert report.to_dict()["added"] == {"things re-read": 2, "other things": 1}
