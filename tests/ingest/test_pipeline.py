"""Contract tests for ingest: run on SQLite, SQLCipher and PostgreSQL."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy import select

from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.records import list_person_records
from testament.store.schema import artifacts


def _fields(record: dict) -> dict[str, dict]:
    return {f["predicate"]: f for f in record["fields"]}


def test_ingest_cp1256_persian_list_gives_solar_hijri_intervals(fresh_case: Case, cp1256_list: Path) -> None:
    report = ingest_files(fresh_case, [cp1256_list], IngestOptions())
    assert report.ok, report.to_dict()
    records = list_person_records(fresh_case)
    assert len(records) == 2
    first, second = (_fields(r) for r in records)
    assert first["given_name"]["original"] == "علي"  # original text kept, Arabic yeh and all
    assert first["surname"]["column"] == "نام خانوادگي"
    assert first["executed_on"]["original"] == "1367/05/15"
    assert first["executed_on"]["interval"] == "1988-08-06/1988-08-06"
    assert first["executed_on"]["calendar"] == "solar_hijri"
    assert first["born"]["interval"] == "1961-03-21/1962-03-20"
    assert second["executed_on"]["interval"] == "1988-08-23/1988-09-22"  # Shahrivar 1367, month precision
    assert second["executed_on"]["precision"] == "month"
    assert first["held_at"]["original"] == "اوين"
    assert records[0]["row"] == 1 and records[1]["row"] == 2


def test_ingest_utf8_list_with_persian_digits_and_month_names(fresh_case: Case, utf8_list: Path) -> None:
    report = ingest_files(fresh_case, [utf8_list], IngestOptions())
    assert report.ok, report.to_dict()
    first, second = (_fields(r) for r in list_person_records(fresh_case))
    assert first["name"]["original"] == "رضا کریمی"
    assert first["arrested_on"]["original"] == "۱۳۶۰/۰۳/۲۰"
    assert first["arrested_on"]["interval"] == "1981-06-10/1981-06-10"
    assert first["executed_on"]["original"] == "۱۵ مرداد ۱۳۶۷"
    assert first["executed_on"]["interval"] == "1988-08-06/1988-08-06"
    assert "arrested_on" not in second  # an empty cell is no claim
    assert second["executed_on"]["interval"] == "1988-08-23/1988-09-22"
    assert second["name"]["original"] == "سارا نیک\u200cنام"  # ZWNJ kept in the original


def test_ingest_every_field_becomes_attested_claim(fresh_case: Case, cp1256_list: Path) -> None:
    report = ingest_files(fresh_case, [cp1256_list], IngestOptions())
    status = fresh_case.status()
    assert report.files[0].claims == 12 == status["claims"] == status["attestations"]
    assert status["person_records"] == 2
    for record in list_person_records(fresh_case):
        assert {f["column"] for f in record["fields"]} == {
            "نام", "نام خانوادگي", "نام پدر", "سال تولد", "تاريخ اعدام", "زندان"
        }  # fmt: skip


def test_ingest_bad_rows_leaves_case_unchanged_and_names_each_row(
    fresh_case: Case, bad_list: Path, cp1256_list: Path
) -> None:
    ingest_files(fresh_case, [cp1256_list], IngestOptions())
    before = fresh_case.status()
    blobs_before = sorted(p for p in (fresh_case.path / "blobs").rglob("*") if p.is_file())
    report = ingest_files(fresh_case, [bad_list], IngestOptions())
    assert not report.ok
    assert fresh_case.status() == before
    assert sorted(p for p in (fresh_case.path / "blobs").rglob("*") if p.is_file()) == blobs_before
    problems = report.files[0].problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "execution date"),
        (3, "birth year"),
        (4, None),
        (5, None),
    ]
    messages = "\n".join(str(p) for p in problems)
    assert "bad.csv, row 2 (line 3), column 'execution date'" in messages
    assert "'1367/13/01'" in messages
    for name in ("Kazemi", "Karimi", "Niknam", "Rahimi", "Hossein"):
        assert name not in messages  # no personal names in the report


def test_ingest_bad_rows_strict_stops_at_first(fresh_case: Case, bad_list: Path) -> None:
    report = ingest_files(fresh_case, [bad_list], IngestOptions(strict=True))
    assert [p.row for p in report.files[0].problems] == [2]
    assert fresh_case.status()["person_records"] == 0


def test_ingest_skip_bad_rows_keeps_good_rows_and_logs_rejected(fresh_case: Case, bad_list: Path) -> None:
    report = ingest_files(fresh_case, [bad_list], IngestOptions(skip_bad_rows=True))
    outcome = report.files[0]
    assert outcome.status == "ingested" and outcome.person_records == 1 and outcome.skipped_rows == 4
    assert [r["row"] for r in list_person_records(fresh_case)] == [1]


def test_ingest_same_file_twice_changes_nothing(
    fresh_case: Case, cp1256_list: Path, testimony_txt: Path
) -> None:
    ingest_files(fresh_case, [cp1256_list, testimony_txt], IngestOptions())
    before = fresh_case.status()
    again = ingest_files(fresh_case, [cp1256_list, testimony_txt], IngestOptions())
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert "already ingested" in again.files[0].message
    assert fresh_case.status() == before


def test_ingest_testimony_stores_original_and_text(fresh_case: Case, testimony_txt: Path) -> None:
    report = ingest_files(fresh_case, [testimony_txt], IngestOptions(source_title="Survivor A"))
    outcome = report.files[0]
    assert outcome.status == "ingested" and outcome.kind == "testimony"
    assert fresh_case.blobs.get(outcome.sha256) == testimony_txt.read_bytes()  # type: ignore[arg-type]
    status = fresh_case.status()
    assert status["sources"] == 1 and status["artifacts"] == 1  # a .txt is its own text
    assert status["custody_events"] == 3  # received, hashed, ingested


# --- archives ---------------------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_ingest_zip_preserves_archive_and_ingests_each_file_as_member_of_it(
    fresh_case: Case, tmp_path: Path, cp1256_list: Path, testimony_txt: Path
) -> None:
    archive = _zip(
        tmp_path / "delivery.zip",
        {
            "lists/list_cp1256.csv": cp1256_list.read_bytes(),
            "testimonies/testimony.txt": testimony_txt.read_bytes(),
            "__MACOSX/lists/._list_cp1256.csv": b"\x00\x05\x16\x07",
            "lists/": b"",
        },
    )
    report = ingest_files(fresh_case, [archive], IngestOptions())
    assert report.ok, report.to_dict()
    assert [(f.file, f.status, f.kind) for f in report.files] == [
        ("delivery.zip", "ingested", "archive"),
        ("delivery.zip/lists/list_cp1256.csv", "ingested", "list"),
        ("delivery.zip/testimonies/testimony.txt", "ingested", "testimony"),
    ]
    assert report.files[1].person_records == 2 and report.files[1].claims == 12
    zip_id = report.files[0].artifact_id
    assert fresh_case.blobs.get(report.files[0].sha256) == archive.read_bytes()  # type: ignore[arg-type]
    assert fresh_case.blobs.get(report.files[1].sha256) == cp1256_list.read_bytes()  # type: ignore[arg-type]
    with fresh_case.read() as conn:
        rows = conn.execute(select(artifacts).order_by(artifacts.c.id)).mappings().all()
        events = read_events(conn)
    members = [r for r in rows if r["derived_from"] == zip_id]
    assert sorted(r["filename"] for r in members) == [
        "delivery.zip/lists/list_cp1256.csv",
        "delivery.zip/testimonies/testimony.txt",
    ]
    assert {r["transformation"] for r in members} == {"member of"}
    unpacked = [json.loads(e.details) for e in events if e.event_type == "derived"]
    assert {d["member"] for d in unpacked} == {"lists/list_cp1256.csv", "testimonies/testimony.txt"}
    assert {d["from"] for d in unpacked} == {report.files[0].sha256}
    assert not [
        e for e in events if e.event_type == "received" and e.artifact_sha256 != report.files[0].sha256
    ]
    assert verify_case(fresh_case, record=False).ok


def test_ingest_zip_reports_unreadable_members_and_keeps_the_rest(
    fresh_case: Case, tmp_path: Path, cp1256_list: Path, bad_list: Path
) -> None:
    inner = _zip(tmp_path / "inner.zip", {"a.txt": b"text"})
    archive = _zip(
        tmp_path / "mixed.zip",
        {
            "good.csv": cp1256_list.read_bytes(),
            "bad.csv": bad_list.read_bytes(),
            "photo.jpg": b"\xff\xd8\xff",
            "nested.zip": inner.read_bytes(),
        },
    )
    report = ingest_files(fresh_case, [archive], IngestOptions())
    assert not report.ok
    status = {f.file: f.status for f in report.files}
    assert status == {
        "mixed.zip": "ingested",
        "mixed.zip/bad.csv": "rejected",
        "mixed.zip/good.csv": "ingested",
        "mixed.zip/nested.zip": "rejected",
        "mixed.zip/photo.jpg": "ingested",  # preserved though damaged (ingest.intake): nothing is lost
    }
    problems = {p.file: p for p in report.problems}
    assert "row" in str(problems["mixed.zip/bad.csv"]) and problems["mixed.zip/bad.csv"].row is not None
    assert "mixed.zip/photo.jpg" not in problems
    assert "archive inside an archive" in str(problems["mixed.zip/nested.zip"])
    assert fresh_case.status()["person_records"] == 2  # the good list only; the bad one is whole or nothing

    again = ingest_files(fresh_case, [archive], IngestOptions(skip_bad_rows=True))
    status = {f.file: f.status for f in again.files}
    assert status["mixed.zip"] == "unchanged" and status["mixed.zip/good.csv"] == "unchanged"
    assert status["mixed.zip/bad.csv"] == "ingested"  # a refused member can be read again with new options
    assert fresh_case.status()["artifacts"] == 4  # the archive, the good list, the photo, the bad list


def test_ingest_zip_with_unsafe_member_path_refused_whole(fresh_case: Case, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "slip.zip", {"../../etc/evil.csv": b"name\nx\n", "ok.txt": b"text"})
    report = ingest_files(fresh_case, [archive], IngestOptions())
    assert [f.status for f in report.files] == ["rejected"]
    assert "unsafe path" in report.files[0].message
    assert fresh_case.status()["artifacts"] == 0 and fresh_case.status()["custody_events"] == 0


def test_ingest_zip_encrypted_member_named(fresh_case: Case, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "locked.zip", {"a.txt": b"some testimony text"})
    raw = bytearray(archive.read_bytes())
    # set the "encrypted" flag on the member (local header and central directory): zipfile then asks for a
    # password, as it would for an archive packed with one
    for offset in (6, raw.rindex(b"PK\x01\x02") + 8):
        raw[offset] |= 0x1
    archive.write_bytes(bytes(raw))
    report = ingest_files(fresh_case, [archive], IngestOptions())
    assert [f.status for f in report.files] == ["ingested", "rejected"]
    assert "encrypted" in report.files[1].message
