"""Automatic checkpoints, on every backend: after every write that logs custody events a signed checkpoint
lands where the user chose, so deleting the newest events (which leaves a whole chain) is caught."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from testament.errors import InputError
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.checkpoints import age_text, checkpoint_file, set_checkpoints
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import artifacts, custody_events, metadata, sources


def _ingest(case: Case, folder: Path, name: str) -> None:
    (folder / name).write_text(f"Testimony {name}: the corridor, the commission.\n", "utf-8")
    assert ingest_files(case, [folder / name], IngestOptions()).ok


@pytest.fixture
def checkpointed_case(fresh_case: Case, tmp_path: Path) -> Case:
    """A case sending automatic checkpoints to a folder outside it, with two files ingested."""
    (tmp_path / "partner").mkdir()
    set_checkpoints(fresh_case, folder=tmp_path / "partner")
    _ingest(fresh_case, tmp_path, "first.txt")
    _ingest(fresh_case, tmp_path, "second.txt")
    return fresh_case


def _checkpoint(case: Case) -> dict:
    folder = Path(case.config.checkpoints["folder"])  # type: ignore[index]
    return json.loads(checkpoint_file(folder, case.config.case_id).read_text("utf-8"))


def _head(case: Case) -> int:
    with case.read() as conn:
        return int(conn.execute(select(func.max(custody_events.c.seq))).scalar_one())


def _delete_newest_ingest(case: Case) -> int:
    """What an insider does with SQL: the newest ingest's rows, its custody events and its blob, gone.
    Bypasses `Case.write` (straight to the engine), so no checkpoint hook runs. Returns the new head."""
    with case.read() as conn:
        aid, sid, sha = conn.execute(
            select(artifacts.c.id, artifacts.c.source_id, artifacts.c.sha256).order_by(artifacts.c.id.desc())
        ).first()  # type: ignore[misc]
        first = conn.execute(
            select(func.min(custody_events.c.seq)).where(custody_events.c.artifact_sha256 == sha)
        ).scalar_one()
    with case.backend.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if "artifact_id" in table.c:
                conn.execute(delete(table).where(table.c.artifact_id == aid))
        conn.execute(delete(artifacts).where(artifacts.c.id == aid))
        conn.execute(delete(sources).where(sources.c.id == sid))
        conn.execute(delete(custody_events).where(custody_events.c.seq >= first))
    blob = case.blobs.path_for(sha)
    os.chmod(blob, 0o600)
    blob.unlink()
    return int(first) - 1


def test_verify_untouched_case_reports_checkpoint_age(checkpointed_case: Case) -> None:
    head = _head(checkpointed_case)
    assert _checkpoint(checkpointed_case)["seq"] == head  # the hook ran after the last ingest's commit
    report = verify_case(checkpointed_case)
    assert report.ok, report.to_dict()
    assert report.checkpoints_checked == 1 and report.newest_checkpoint is not None
    assert report.newest_checkpoint["seq"] == head
    assert 0 <= report.newest_checkpoint["age_seconds"] < 600 and report.newest_checkpoint["age"]
    assert _checkpoint(checkpointed_case)["seq"] == head + 1  # the `verified` event was checkpointed too


def test_verify_deleted_newest_events_and_ingest_is_caught(checkpointed_case: Case) -> None:
    """Acceptance (issue 14): with automatic checkpoints on, deleting the newest events or the newest ingest
    is caught. Without the checkpoint the truncated case verifies clean: the chain left is whole."""
    signed = _head(checkpointed_case)
    left = _delete_newest_ingest(checkpointed_case)
    assert verify_case(checkpointed_case, record=False).ok is False
    findings = verify_case(checkpointed_case, record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_missing"]
    assert f"custody event {signed} it vouches for" in findings[0].message
    assert f"ends at event {left}" in findings[0].message
    set_checkpoints(checkpointed_case)  # off: the same truncated case now passes, so the checkpoint caught it
    assert verify_case(checkpointed_case, record=False).ok


def test_checkpoint_is_not_replaced_once_the_case_no_longer_extends_it(checkpointed_case: Case) -> None:
    signed = _checkpoint(checkpointed_case)
    _delete_newest_ingest(checkpointed_case)
    for _ in range(signed["seq"]):  # enough new events to pass the old head's number
        verify_case(checkpointed_case)
    assert _checkpoint(checkpointed_case) == signed  # the evidence of the truncation stays
    assert "no longer holds custody event" in (checkpointed_case.checkpoint_news.problem or "")
    assert not verify_case(checkpointed_case, record=False).ok


def test_checkpoint_file_is_owner_only_and_signed_by_the_case(checkpointed_case: Case) -> None:
    folder = Path(checkpointed_case.config.checkpoints["folder"])  # type: ignore[index]
    path = checkpoint_file(folder, checkpointed_case.config.case_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    forged = {**_checkpoint(checkpointed_case), "seq": 1}
    path.write_text(json.dumps(forged), "utf-8")
    assert [f.kind for f in verify_case(checkpointed_case, record=False).findings] == ["checkpoint_signature"]


def test_code_mode_code_holds_then_catches_truncation(fresh_case: Case, tmp_path: Path) -> None:
    set_checkpoints(fresh_case, code=True)
    _ingest(fresh_case, tmp_path, "first.txt")
    _ingest(fresh_case, tmp_path, "second.txt")
    code = fresh_case.checkpoint_news.take().code
    assert code is not None and code.startswith(f"{_head(fresh_case)}-")
    report = verify_case(fresh_case, codes=[code], record=False)
    assert report.ok and report.newest_checkpoint and report.newest_checkpoint["seq"] == _head(fresh_case)
    _delete_newest_ingest(fresh_case)
    assert [f.kind for f in verify_case(fresh_case, codes=[code], record=False).findings] == [
        "checkpoint_missing"
    ]


def test_code_of_a_rewritten_event_is_named_diverged(fresh_case: Case, tmp_path: Path) -> None:
    set_checkpoints(fresh_case, code=True)
    seq = _head(fresh_case)
    wrong = f"{seq}-{'0' * 16}"
    assert [f.kind for f in verify_case(fresh_case, codes=[wrong], record=False).findings] == [
        "checkpoint_diverged"
    ]


@pytest.mark.parametrize("code", ["42", "x-0123456789abcdef", "42-0123", "42-0123456789abcdeg"])
def test_malformed_code_is_refused(fresh_case: Case, code: str) -> None:
    with pytest.raises(InputError) as err:
        verify_case(fresh_case, codes=[code], record=False)
    assert "--code" in err.value.message and err.value.hint


def test_set_checkpoints_refuses_a_folder_inside_the_case_or_missing(
    fresh_case: Case, tmp_path: Path
) -> None:
    (fresh_case.path / "cp").mkdir()
    for folder in (fresh_case.path, fresh_case.path / "cp", tmp_path / "absent"):
        with pytest.raises(InputError):
            set_checkpoints(fresh_case, folder=folder)
    assert fresh_case.config.checkpoints is None


def test_setting_is_kept_in_case_json_and_logged(checkpointed_case: Case, tmp_path: Path) -> None:
    raw = json.loads((checkpointed_case.path / "case.json").read_text("utf-8"))
    assert raw["checkpoints"]["folder"] == str((tmp_path / "partner").resolve())
    with checkpointed_case.read() as conn:
        set_events = [e for e in read_events(conn) if e.event_type == "checkpoint_set"]
    assert len(set_events) == 1 and str(tmp_path) not in set_events[0].details  # never the path


def test_unreachable_folder_is_a_note_and_a_warning_not_a_failure(checkpointed_case: Case) -> None:
    folder = Path(checkpointed_case.config.checkpoints["folder"])  # type: ignore[index]
    checkpoint_file(folder, checkpointed_case.config.case_id).unlink()
    folder.rmdir()  # the second disk, unplugged
    report = verify_case(checkpointed_case)
    assert report.ok and any("unreachable" in n for n in report.notes)
    assert "not written" in (checkpointed_case.checkpoint_news.problem or "")


def test_age_text_uses_the_largest_unit() -> None:
    assert [age_text(s) for s in (1, 59, 60, 7200, 3 * 86400)] == [
        "1 second", "59 seconds", "1 minute", "2 hours", "3 days"
    ]  # fmt: skip
