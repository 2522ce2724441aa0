"""Collection records on every backend: fields set by hand, times normalised to UTC, re-recording, sealed
by a `collection` event that names the fields and never their values, and bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from testament.errors import InputError
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.collection import read_collection, record_collection
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import collection_records


def test_record_collection_and_seal(fresh_case: Case, tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("name\nReza Karimi\n", "utf-8")
    artifact = ingest_files(fresh_case, [tmp_path / "list.csv"], IngestOptions()).files[0].artifact_id
    assert artifact is not None
    first = record_collection(
        fresh_case, artifact, collected_by="Field researcher K.", collected_at="1988-08-02T14:30:00+04:30",
        method="photographed the prison's posted list",
    )  # fmt: skip
    assert first["collected_at"] == "1988-08-02T10:00:00Z" and first["collected_from"] is None
    again = record_collection(
        fresh_case, artifact, collected_from="Evin prison gate", sensitivity="restricted"
    )
    assert again["method"] == "photographed the prison's posted list"  # kept
    assert again["collected_from"] == "Evin prison gate" and again["sensitivity"] == "restricted"
    with fresh_case.read() as conn:
        assert read_collection(conn, [artifact])[artifact] == again
        events = [ev for ev in read_events(conn) if ev.event_type == "collection"]
    assert [json.loads(ev.details)["fields"] for ev in events] == [
        ["collected_at", "collected_by", "method"], ["collected_from"],
    ]  # fmt: skip
    assert not any("Field researcher" in ev.details or "Evin" in ev.details for ev in events)
    assert verify_case(fresh_case, record=False).ok
    with fresh_case.write() as conn:  # edited behind the log's back: verify names it
        conn.execute(update(collection_records).values(collected_by="someone else"))
    assert any("collection_records" in f.where for f in verify_case(fresh_case, record=False).findings)
    with pytest.raises(InputError, match="not a time with its zone"):
        record_collection(fresh_case, artifact, collected_at="1988-08-02 14:30")
    with pytest.raises(InputError, match="no such artifact"):
        record_collection(fresh_case, 999, method="x")
    with pytest.raises(InputError, match="nothing to record"):
        record_collection(fresh_case, artifact, method="  ")
