"""Reading the evidence back, on every backend: the artifact list, an original given back, the custody log.
Each read is logged, the log still verifies, and nothing but ids and counts goes into the events."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update

from testament.errors import InputError, IntegrityFailure
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.custody import CustodyEvent, read_events
from testament.store.integrity import verify_case
from testament.store.reads import custody_csv, export_artifact, list_artifacts, read_custody_log
from testament.store.schema import artifacts, custody_events
from testament.tabular import read_csv

TEXT = "Testimony: the corridor, the commission. Witness W-1.\n"


@pytest.fixture
def case_with_file(fresh_case: Case, tmp_path: Path) -> Case:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "t.txt").write_text(TEXT, "utf-8")
    assert ingest_files(fresh_case, [tmp_path / "in" / "t.txt"], IngestOptions()).ok
    return fresh_case


def _events(case: Case) -> list[CustodyEvent]:
    with case.read() as conn:
        return read_events(conn)


def test_list_artifacts_names_hash_custody_and_logs_the_read(case_with_file: Case) -> None:
    before = _events(case_with_file)
    [row] = list_artifacts(case_with_file)
    assert row["id"] == 1 and row["filename"] == "t.txt" and row["kind"] == "testimony"
    assert row["size"] == len(TEXT.encode()) and len(row["sha256"]) == 64
    assert row["custody_events"] == [e.seq for e in before if e.artifact_sha256 == row["sha256"]]
    assert row["received_at"] == next(e.occurred_at for e in before if e.event_type == "received")
    read = _events(case_with_file)[-1]
    assert read.event_type == "read" and json.loads(read.details) == {"what": "artifacts", "count": 1}
    assert verify_case(case_with_file).ok  # the chain grew by the read and still holds


def test_export_artifact_gives_back_the_original_owner_only_and_logs_it(
    case_with_file: Case, tmp_path: Path
) -> None:
    out = tmp_path / "witness-copy.txt"
    done = export_artifact(case_with_file, 1, out)
    assert out.read_text("utf-8") == TEXT and done["size"] == len(TEXT.encode())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    exported = _events(case_with_file)[-1]
    assert exported.event_type == "exported" and exported.artifact_sha256 == done["sha256"]
    assert json.loads(exported.details) == {
        "artifact_id": 1,
        "size": len(TEXT.encode()),
        "sha256_checked": True,
    }
    assert "witness-copy" not in exported.details  # never the output path
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left
    assert verify_case(case_with_file).ok


def test_export_artifact_refuses_to_overwrite_unless_forced(case_with_file: Case, tmp_path: Path) -> None:
    out = tmp_path / "kept.txt"
    out.write_text("someone's notes", "utf-8")
    seq = _events(case_with_file)[-1].seq
    with pytest.raises(InputError, match="already exists") as err:
        export_artifact(case_with_file, 1, out)
    assert "--force" in (err.value.hint or "")
    assert out.read_text("utf-8") == "someone's notes" and _events(case_with_file)[-1].seq == seq
    export_artifact(case_with_file, 1, out, force=True)
    assert out.read_text("utf-8") == TEXT


def test_export_unknown_artifact_is_bad_input_and_not_logged(case_with_file: Case, tmp_path: Path) -> None:
    seq = _events(case_with_file)[-1].seq
    with pytest.raises(InputError, match="artifact 99"):
        export_artifact(case_with_file, 99, tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists() and _events(case_with_file)[-1].seq == seq
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".x.txt")] == []


def test_export_checks_the_blob_against_the_artifact_row(case_with_file: Case, tmp_path: Path) -> None:
    """A row whose SHA-256 was edited to name another stored blob: the bytes given back would not be the
    artifact's, so nothing is written and nothing is logged."""
    (tmp_path / "in" / "other.txt").write_text("Another testimony entirely.\n", "utf-8")
    assert ingest_files(case_with_file, [tmp_path / "in" / "other.txt"], IngestOptions()).ok
    with case_with_file.read() as conn:
        other = conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == 2)).scalar_one()
    with case_with_file.backend.engine.begin() as conn:  # sizes differ: the row check catches it
        conn.execute(update(artifacts).where(artifacts.c.id == 2).values(size=3))
    seq = _events(case_with_file)[-1].seq
    with pytest.raises(IntegrityFailure, match="artifact 2"):
        export_artifact(case_with_file, 2, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists() and _events(case_with_file)[-1].seq == seq
    blob = case_with_file.blobs.path_for(other)
    os.chmod(blob, 0o600)
    blob.write_bytes(blob.read_bytes()[:-1] + b"X")
    with pytest.raises(IntegrityFailure):
        export_artifact(case_with_file, 2, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


def test_custody_log_csv_round_trips_every_field_and_logs_the_read(case_with_file: Case) -> None:
    with case_with_file.backend.engine.begin() as conn:  # an actor name a spreadsheet would run
        conn.execute(update(custody_events).where(custody_events.c.seq == 1).values(actor="=HYPERLINK(1)"))
    events = read_custody_log(case_with_file)
    assert events[-1].event_type == "read" and json.loads(events[-1].details)["what"] == "custody log"
    text = custody_csv(events)
    assert ",'=HYPERLINK(1)," in text  # neutralised
    header, rows = read_csv(text)
    assert len(rows) == len(events) and header[0] == "seq"
    back = [
        CustodyEvent(**{**r, "seq": int(r["seq"]), "artifact_sha256": r["artifact_sha256"] or None})
        for r in rows
    ]
    assert [e.computed_hash() == e.hash for e in back][1:] == [True] * (len(back) - 1)  # row 1 was edited
    assert back[0].actor == "=HYPERLINK(1)"  # restored exactly


def test_reads_extend_the_chain_and_verify_holds(case_with_file: Case, tmp_path: Path) -> None:
    list_artifacts(case_with_file)
    export_artifact(case_with_file, 1, tmp_path / "a.txt")
    read_custody_log(case_with_file)
    kinds = [e.event_type for e in _events(case_with_file)][-3:]
    assert kinds == ["read", "exported", "read"]
    assert verify_case(case_with_file).ok
