"""Every file is preserved: photos, recordings and files of unknown formats, on SQLite, SQLCipher and
PostgreSQL; format detection and the CLI's exit code on their own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files
from testament.ingest.media import identify
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import artifacts, attestations, claims
from tests.ingest.scans import page_image, png_bytes, write_mp4, write_photo, write_wav


def _events_of(case: Case, sha256: str) -> dict[str, dict]:
    with case.read() as conn:
        return {e.event_type: json.loads(e.details) for e in read_events(conn) if e.artifact_sha256 == sha256}


def _preserved(case: Case, path: Path, artifact_id: int | None) -> dict:
    """The artifact row of `path`, checked to hold its exact bytes."""
    with case.read() as conn:
        row = conn.execute(select(artifacts).where(artifacts.c.id == artifact_id)).one()
    data = path.read_bytes()
    assert (row.sha256, row.size, row.filename) == (sha256_hex(data), len(data), path.name)
    assert case.blobs.get(row.sha256) == data
    return dict(row._mapping)


def test_ingest_unknown_format_preserved_hashed_logged_not_read(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "recording.xyz"
    path.write_bytes(os.urandom(2048))
    report = ingest_files(fresh_case, [path], IngestOptions())
    outcome = report.files[0]
    assert report.ok and (outcome.status, outcome.kind) == ("ingested", "other")
    assert "preserved, not read" in outcome.message
    row = _preserved(fresh_case, path, outcome.artifact_id)
    assert row["media_type"] == "application/octet-stream"
    events = _events_of(fresh_case, row["sha256"])
    assert set(events) == {"received", "hashed", "ingested"}
    assert events["ingested"]["read"] is False and events["ingested"]["kind"] == "other"
    again = ingest_files(fresh_case, [path], IngestOptions())
    assert again.files[0].status == "unchanged"
    assert verify_case(fresh_case, record=False).ok


def test_ingest_photo_exif_date_and_gps_become_claims_attested_by_the_file(
    fresh_case: Case, tmp_path: Path
) -> None:
    photo = write_photo(tmp_path / "IMG_0042.jpg")
    report = ingest_files(fresh_case, [photo], IngestOptions())
    outcome = report.files[0]
    assert report.ok and outcome.kind == "media" and outcome.claims == 2, report.to_dict()
    assert "no text read" in outcome.message and "2 claim(s) from its EXIF" in outcome.message
    row = _preserved(fresh_case, photo, outcome.artifact_id)
    assert row["media_type"] == "image/jpeg"
    with fresh_case.read() as conn:
        found = conn.execute(
            select(claims, attestations.c.artifact_id, attestations.c.locator_kind,
                   attestations.c.column_name, attestations.c.original_text, attestations.c.relation)
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .order_by(claims.c.id)
        ).all()  # fmt: skip
        texts = conn.execute(select(artifacts).where(artifacts.c.derived_from == row["id"])).all()
    assert not texts  # a photo's OCR noise is not kept as text
    taken, place = found
    assert (taken.subject_type, taken.subject_id, taken.predicate) == ("artifact", row["id"], "taken_on")
    assert taken.value == "1988-08-06T10:15:30+03:30"
    assert (str(taken.date_start), str(taken.date_end), taken.date_precision) == ("1988-08-06",) * 2 + (
        "day",
    )
    assert taken.date_original == "1988:08:06 10:15:30 +03:30" and taken.date_calendar == "gregorian"
    assert (taken.column_name, taken.locator_kind, taken.relation) == ("DateTimeOriginal", "exif", "device")
    assert (place.subject_type, place.subject_id, place.predicate) == ("artifact", row["id"], "taken_at")
    assert place.value == "35.790000,51.390000" and place.sensitivity == "restricted"
    assert place.original_text == "35° 47' 24\" N, 51° 23' 24\" E"
    assert {taken.artifact_id, place.artifact_id} == {row["id"]}
    assert verify_case(fresh_case, record=False).ok


def test_ingest_audio_and_video_keep_duration_and_hash(fresh_case: Case, tmp_path: Path) -> None:
    audio, video = write_wav(tmp_path / "witness.wav", 0.5), write_mp4(tmp_path / "clip.mp4", 2.5)
    report = ingest_files(fresh_case, [audio, video], IngestOptions())
    assert report.ok, report.to_dict()
    heard, seen = report.files
    assert heard.kind == seen.kind == "media"
    assert heard.message == "audio preserved (audio/wav, 0.5 s)"
    assert seen.message == "video preserved (video/mp4, 2.5 s)"
    for path, outcome, seconds in ((audio, heard, 0.5), (video, seen, 2.5)):
        row = _preserved(fresh_case, path, outcome.artifact_id)
        events = _events_of(fresh_case, row["sha256"])
        assert events["hashed"]["sha256"] == row["sha256"]
        assert events["ingested"]["duration_seconds"] == seconds
    report = verify_case(fresh_case, record=False)
    assert report.ok and report.blobs_checked == 2


@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("head", "name", "media_type", "category"),
    [
        (b"%PDF-1.7\n", "scan.bin", "application/pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\n", "photo.pdf", "image/png", "image"),  # the content decides, not the name
        (b"\xff\xd8\xff\xe0", "x", "image/jpeg", "image"),
        (b"II*\x00", "page.tif", "image/tiff", "image"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "a", "audio/wav", "audio"),
        (b"\x00\x00\x00\x18ftypM4A \x00", "a", "audio/mp4", "audio"),
        (b"\x00\x00\x00\x18ftypqt  \x00", "a", "video/quicktime", "video"),
        (b"\x00\x00\x00\x18ftypisom\x00", "a", "video/mp4", "video"),
        (b"OggS\x00", "voice.ogg", "audio/ogg", "audio"),
        (b"\x1aE\xdf\xa3", "clip.webm", "video/webm", "video"),
        (b"ID3\x04", "song", "audio/mpeg", "audio"),
        (b"plain words", "notes.html", "text/html", "other"),  # no signature: the suffix, if known
        (b"\x00\x01\x02", "blob", "application/octet-stream", "other"),
    ],
)
def test_identify_tells_format_by_content(head: bytes, name: str, media_type: str, category: str) -> None:
    found = identify(head + bytes(16), name)
    assert (found.media_type, found.category) == (media_type, category)


@pytest.mark.sqlite
def test_cli_ingest_of_unknown_and_unreadable_files_exits_zero(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "cli-test"}
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)], env=env).exit_code == 0
    unknown = tmp_path / "notes.xyz"
    unknown.write_bytes(b"\x00" * 64)
    broken = tmp_path / "photo.png"
    broken.write_bytes(png_bytes(page_image("x", rtl=False))[:40])  # a PNG cut short
    result = runner.invoke(app, ["ingest", str(case), str(unknown), str(broken), "--json"], env=env)
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert [(f["status"], f["kind"]) for f in files] == [("ingested", "other"), ("ingested", "media")]
    assert "preserved, not read" in files[0]["message"]
    assert "image preserved" in files[1]["message"]
    assert any("damaged" in w for w in files[1]["warnings"])
