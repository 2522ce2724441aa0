"""The public export on every backend: allow-listed fields only, no canary in any byte, publication
consent and its withdrawal, photos without metadata, and the `disclosed` event."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PIL import Image
from sqlalchemy import update

from testament.exports.media import strip_image
from testament.exports.public import VICTIM_COLUMNS, export_public
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.consents import record_consent, withdraw_consent
from testament.store.custody import NewEvent, append_events, read_events
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, person_records, persons, sources
from testament.vocab import CustodyEventType
from tests.exports.conftest import EXECUTION_DATE, RESTRICTED_BORN, ExportCase, canary_hits


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _victims(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "victims.csv").read_text("utf-8"))))


def test_public_export_holds_allowed_fields_and_no_canary(export_case: ExportCase, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = export_public(export_case.case, out)
    files = _files(out)
    assert set(files) == {"victims.csv", "victims.json", "acts.csv", "acts.json", "README.txt"}
    for name, data in files.items():
        assert canary_hits(data) == [], name
    rows = _victims(out)
    assert list(rows[0]) == list(VICTIM_COLUMNS)
    victim, other = export_case.victims
    by_id = {int(r["person_id"]): r for r in rows}
    assert set(by_id) == {victim, other} and result.victims == 2
    assert by_id[victim]["name_latin"] == "Ali Kazemi" and by_id[victim]["name_persian"] == "علی کاظمی"
    assert by_id[victim]["father_name"] == "Mohammad | محمد"
    assert by_id[other]["city"] == ""  # restricted: left out
    assert by_id[other]["born"] == "1966-03-21/1967-03-20"  # the list's 1345 only, not the note's
    assert RESTRICTED_BORN.encode() not in b"".join(files.values())
    assert by_id[other]["executed"] == ""  # only the witness's testimony says it, and no consent is on file
    assert json.loads(files["victims.json"]) == [dict(r, person_id=int(r["person_id"])) for r in rows]
    with export_case.case.read() as conn:
        last = read_events(conn)[-1]
    assert last.event_type == "disclosed" and json.loads(last.details)["what"] == "public export"


def test_publication_consent_and_its_withdrawal(export_case: ExportCase, tmp_path: Path) -> None:
    ec = export_case
    other = ec.victims[1]
    record_consent(ec.case, ec.witness_person, "publish")
    export_public(ec.case, tmp_path / "granted")
    assert {int(r["person_id"]): r for r in _victims(tmp_path / "granted")}[other][
        "executed"
    ] == EXECUTION_DATE
    for name, data in _files(tmp_path / "granted").items():
        assert canary_hits(data) == [], name  # consent opens the witness's testimony, not sealed fields
    withdraw_consent(ec.case, ec.witness_person, "publish")
    export_public(ec.case, tmp_path / "withdrawn")
    assert {int(r["person_id"]): r for r in _victims(tmp_path / "withdrawn")}[other]["executed"] == ""
    assert EXECUTION_DATE.encode() not in b"".join(_files(tmp_path / "withdrawn").values())


def _photo(path: Path) -> None:
    image = Image.new("RGB", (24, 16), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Canary Photographer"  # Artist
    exif[0x8298] = "(c) Canary Family"  # Copyright
    gps = {1: "N", 2: (29.0, 36.0, 0.0), 3: "E", 4: (52.0, 32.0, 0.0)}
    exif[0x8825] = gps
    image.save(path, format="JPEG", exif=exif, comment=b"Canary comment")


def test_strip_image_drops_every_tag(tmp_path: Path) -> None:
    _photo(tmp_path / "p.jpg")
    raw = (tmp_path / "p.jpg").read_bytes()
    assert b"Canary" in raw  # the test photo does carry its tags
    clean = strip_image(raw, "image/jpeg")
    assert clean is not None and b"Canary" not in clean and b"Exif" not in clean
    with Image.open(io.BytesIO(clean)) as im:
        assert im.size == (24, 16) and not im.getexif() and "comment" not in im.info
    assert strip_image(b"not an image", "image/jpeg") is None


def test_public_photo_leaves_without_metadata(export_case: ExportCase, tmp_path: Path) -> None:
    from testament.ingest import IngestOptions, ingest_files

    ec = export_case
    _photo(tmp_path / "grave.jpg")
    report = ingest_files(ec.case, [tmp_path / "grave.jpg"], IngestOptions())
    photo_id = report.files[0].artifact_id
    export_public(ec.case, tmp_path / "before")
    assert not (tmp_path / "before" / "photos").exists()  # internal by default: not published
    with ec.case.write() as conn:  # an admin clears the photo for publication
        conn.execute(update(artifacts).where(artifacts.c.id == photo_id).values(sensitivity="public"))
        conn.execute(update(sources).values(sensitivity="public").where(
            sources.c.id == artifacts.c.source_id, artifacts.c.id == photo_id
        ))  # fmt: skip
    result = export_public(ec.case, tmp_path / "after")
    assert result.photos == 1
    data = (tmp_path / "after" / "photos" / f"{photo_id}.jpg").read_bytes()
    assert b"Canary" not in data and b"Exif" not in data


def test_given_name_and_surname_are_one_name(fresh_case: Case, tmp_path: Path) -> None:
    """A list with separate given-name and surname columns: one name "given surname", not two values."""
    (tmp_path / "list.csv").write_text("نام,نام خانوادگی\nحسین,عباسی\n", "utf-8")
    report = ingest_files(fresh_case, [tmp_path / "list.csv"], IngestOptions())
    assert report.ok, report.to_dict()
    with fresh_case.write() as conn:  # the person linkage would give the record
        facts = FactWriter(conn)
        person = Ids(conn).take(persons)
        facts.insert_mappings(persons, [{"id": person, "kind": "individual", "sensitivity": "internal"}])
        conn.execute(update(person_records).values(person_id=person))
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details())])
    export_public(fresh_case, tmp_path / "public")
    (row,) = _victims(tmp_path / "public")
    assert row["name_persian"] == "حسین عباسی" and row["name_latin"] == ""
