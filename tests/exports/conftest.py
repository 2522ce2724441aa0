"""A case for the export tests, built once per module and backend (SQLite, PostgreSQL): the planted case of
tests/views (a victim list in Latin and Persian script, a testimony whose narrator is a witness with no
consent on file, a relative's address, a sealed note) with every canary claim sealed, and

- a restricted address on a victim's own record (an allow-listed field whose value must never leave);
- a restricted birth year for a victim in an archivist's note (no witness, so only its label keeps it in);
- an execution date for a victim that only the witness's testimony gives (the witness's material: it leaves
  only while the witness's consent to the use is in force);
- a key pair for signing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from sqlalchemy import select, text, update

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.crypto import generate_signing_key
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import attestations, claims, person_records, persons
from testament.vocab import CustodyEventType
from tests.conftest import PASSPHRASE, PG_URL
from tests.views.conftest import (
    CANARIES,
    CANARY_ADDRESS,
    CANARY_LATIN,
    CANARY_PERSIAN,
    CANARY_SEALED,
    LIST_CSV,
    TESTIMONY,
)

__all__ = ["CANARIES", "ExportCase", "canary_hits", "pdf_text"]

EXECUTION_SPAN = "the summer of 1988"
EXECUTION_DATE = "1988-07-30"
RESTRICTED_BORN = "1346"  # a restricted value of an allow-listed field, in a file with no witness
NOTES = f"An archivist's note: Sara Niknam was born in {RESTRICTED_BORN}.\n"


@dataclass
class ExportCase:
    case: Case
    folder: Path
    list_id: int
    text_id: int
    witness_person: int
    victims: tuple[int, int]
    private_key: bytes
    public_key: bytes


def canary_hits(data: bytes) -> list[str]:
    """The canaries found in `data` (UTF-8, and UTF-16 in case a writer chose it)."""
    found = []
    for name, value in CANARIES.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if value.encode(encoding) in data:
                found.append(f"{name} ({encoding})")
    return found


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF (its streams are compressed: a byte search proves little)."""
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _span(quoted: str) -> tuple[int, int]:
    start = TESTIMONY.index(quoted)
    return start, start + len(quoted)


def _plant(case: Case, text_id: int, records: list[int], notes_id: int) -> dict[str, int]:
    """The witness and relative records, the claims (sealed canaries), and persons as linkage would give."""
    now = utc_now()
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        witness = ids.take(person_records, 2)
        relative = witness + 1
        start, end = _span(CANARY_LATIN)
        facts.insert_mappings(
            person_records,
            [
                {"id": witness, "artifact_id": text_id, "row": None, "page": 1, "char_start": start,
                 "char_end": end, "sensitivity": "internal"},
                {"id": relative, "artifact_id": text_id, "row": None, "page": 1, "char_start": None,
                 "char_end": None, "sensitivity": "internal"},
            ],
        )  # fmt: skip
        planted = [  # (subject, predicate, value, label, quoted span)
            (witness, "name", CANARY_LATIN, "sealed", CANARY_LATIN),
            (witness, "name", CANARY_PERSIAN, "sealed", CANARY_PERSIAN),
            (
                witness,
                "witnessed",
                "saw Ali Kazemi in the prison",
                "internal",
                "I saw Ali Kazemi in the prison",
            ),
            (relative, "relative_of", "mother", "internal", "My mother"),
            (relative, "resided_in", CANARY_ADDRESS, "sealed", CANARY_ADDRESS),
            (records[0], "note", CANARY_SEALED, "sealed", CANARY_SEALED),
            (records[2], "executed_on", EXECUTION_DATE, "internal", EXECUTION_SPAN),
            (records[2], "resided_in", CANARY_ADDRESS, "restricted", CANARY_ADDRESS),  # allow-listed field
            (records[2], "born", RESTRICTED_BORN, "restricted", RESTRICTED_BORN),  # in notes.txt, no witness
        ]
        first, first_att = ids.take(claims, len(planted)), ids.take(attestations, len(planted))
        claim_rows, att_rows = [], []
        for i, (subject, predicate, value, label, quoted) in enumerate(planted):
            artifact, text = (notes_id, NOTES) if quoted == RESTRICTED_BORN else (text_id, TESTIMONY)
            start = text.index(quoted)
            end = start + len(quoted)
            claim_rows.append(
                {"id": first + i, "subject_type": "person_record", "subject_id": subject,
                 "predicate": predicate, "value": value, "stance": "affirms", "created_at": now,
                 "sensitivity": label}
            )  # fmt: skip
            att_rows.append(
                {"id": first_att + i, "claim_id": first + i, "artifact_id": artifact, "locator_kind": "span",
                 "page": 1, "char_start": start, "char_end": end, "original_text": quoted,
                 "relation": "eyewitness", "first_hand": True, "extractor": "reviewer",
                 "extractor_version": "test", "review_status": "accepted", "created_at": now}
            )  # fmt: skip
        facts.insert_mappings(claims, claim_rows)
        facts.insert_mappings(attestations, att_rows)
        p = ids.take(persons, 4)
        facts.insert_mappings(
            persons, [{"id": p + i, "kind": "individual", "sensitivity": "internal"} for i in range(4)]
        )
        assignment = {records[0]: p, records[1]: p, records[2]: p + 1, witness: p + 2, relative: p + 3}
        for record, person in assignment.items():
            conn.execute(update(person_records).where(person_records.c.id == record).values(person_id=person))
        append_events(
            conn, "tester", [NewEvent(CustodyEventType.REVIEWED, {"planted": True, **facts.details()})]
        )
    return {"victim": p, "other": p + 1, "witness": p + 2, "relative": p + 3}


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ],
)
def export_case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ExportCase]:
    folder = tmp_path_factory.mktemp(f"exports-{request.param}")
    options: dict[str, object] = {}
    schema = None
    if request.param == "postgres":
        engine = request.getfixturevalue("pg_engine")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options["db_url"] = f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"
    case = Case.create(folder / "case", settings=Settings(actor="tester", passphrase=PASSPHRASE), **options)
    (folder / "victims.csv").write_text(LIST_CSV, "utf-8")
    (folder / "testimony.txt").write_text(TESTIMONY, "utf-8")
    (folder / "notes.txt").write_text(NOTES, "utf-8")
    files = [folder / "victims.csv", folder / "testimony.txt", folder / "notes.txt"]
    report = ingest_files(case, files, IngestOptions())
    assert report.ok, report.to_dict()
    list_id, text_id, notes_id = (int(f.artifact_id) for f in report.files if f.artifact_id is not None)
    with case.read() as conn:
        records = sorted(
            conn.execute(select(person_records.c.id).where(person_records.c.artifact_id == list_id)).scalars()
        )
    made = _plant(case, text_id, records, notes_id)
    victim, other, witness = made["victim"], made["other"], made["witness"]
    private, public = generate_signing_key()
    yield ExportCase(case, folder, list_id, text_id, witness, (victim, other), private, public)
    case.close()
    if schema is not None:
        with request.getfixturevalue("pg_engine").begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
