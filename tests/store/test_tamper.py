"""The tamper suite (issue 14): what an insider with write access to the database would do, on every backend.
Each change is caught by `verify`, named by table and row id; an untouched case verifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, delete, func, insert, select, update
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import GENESIS, NewEvent, append_events, read_events
from testament.store.integrity import verify_case
from testament.store.schema import artifacts, attestations, claims, custody_events, person_records, sources
from testament.vocab import CustodyEventType
from tests.conftest import copied_case

LIST_A = (
    "first name,last name,birth year,arrest date,prison\n"
    "Behrouz,Karimi,1340,1362/05/12,Evin\n"
    "Maryam,Ahmadi,1345,1363/01/20,Gohardasht\n"
    "Reza,Moradi,1338,1361/11/02,Evin\n"
)
LIST_B = "first name,last name,birth year\nAli,Rahimi,1342\nZahra,Jafari,1347\n"


def _with_lists(case: Case, folder: Path) -> Case:
    (folder / "a.csv").write_text(LIST_A, "utf-8")
    (folder / "b.csv").write_text(LIST_B, "utf-8")
    (folder / "t.txt").write_text("A testimony: the corridor, the commission.\n", "utf-8")
    report = ingest_files(case, [folder / "a.csv", folder / "b.csv", folder / "t.txt"], IngestOptions())
    assert report.ok, report.to_dict()
    return case


@pytest.fixture(scope="module")
def _cases_with_lists() -> dict[str, Path]:
    """A case with the lists ingested per file backend, made once per module (see `case_with_lists`)."""
    return {}


@pytest.fixture
def case_with_lists(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _cases_with_lists: dict[str, Path],
) -> Iterator[Case]:
    """A case (as tests/conftest.py's `fresh_case` makes it) with two lists and a testimony ingested. Each
    test changes its own: on SQLite and SQLCipher a copy of one made once per module (a case is its folder;
    creating and ingesting cost ~0.2-0.5 s a test); on PostgreSQL, kept in the database, made per test."""
    yield from copied_case(
        backend, case_options, settings, tmp_path, tmp_path_factory, _cases_with_lists, _with_lists
    )


def _change(case: Case, statement: Any) -> None:
    with case.write() as conn:
        conn.execute(statement)


def _found(case: Case) -> list[tuple[str, str]]:
    return [(f.kind, f.where) for f in verify_case(case, record=False).findings]


def _one(case: Case, column: Any, *where: Any) -> int:
    with case.read() as conn:
        return int(conn.execute(select(column).where(*where).order_by(column).limit(1)).scalar_one())


def test_verify_untouched_case_checks_every_row(case_with_lists: Case) -> None:
    report = verify_case(case_with_lists)
    assert report.ok, report.to_dict()
    status = case_with_lists.status()
    written = sum(status[t] for t in ("sources", "artifacts", "person_records", "claims", "attestations"))
    assert report.rows_checked == written > 0
    assert report.notes == []
    assert report.database_check  # the database's own check ran (or says why not)
    assert verify_case(case_with_lists, record=False).ok  # the verified event writes no rows


def test_verify_changed_claim_value_names_the_claim(case_with_lists: Case) -> None:
    cid = _one(case_with_lists, claims.c.id, claims.c.predicate == "given_name")
    _change(case_with_lists, update(claims).where(claims.c.id == cid).values(value="Forged Name"))
    assert _found(case_with_lists) == [("row_changed", f"claims {cid}")]


def test_verify_changed_attestation_text_names_it(case_with_lists: Case) -> None:
    aid = _one(case_with_lists, attestations.c.id, attestations.c.id > 3)
    _change(case_with_lists, update(attestations).where(attestations.c.id == aid).values(original_text="X"))
    assert _found(case_with_lists) == [("row_changed", f"attestations {aid}")]


def test_verify_deleted_person_record_with_its_claims_names_each_row(case_with_lists: Case) -> None:
    rid = 2
    with case_with_lists.write() as conn:
        cids = list(conn.execute(select(claims.c.id).where(claims.c.subject_id == rid)).scalars())
        aids = list(
            conn.execute(select(attestations.c.id).where(attestations.c.claim_id.in_(cids))).scalars()
        )
        conn.execute(delete(attestations).where(attestations.c.id.in_(aids)))
        conn.execute(delete(claims).where(claims.c.id.in_(cids)))
        conn.execute(delete(person_records).where(person_records.c.id == rid))
    expected = {("row_vanished", f"person_records {rid}")}
    expected |= {("row_vanished", f"claims {c}") for c in cids}
    expected |= {("row_vanished", f"attestations {a}") for a in aids}
    assert set(_found(case_with_lists)) == expected and len(cids) == 5


def test_verify_swapped_artifact_hashes_names_both(case_with_lists: Case) -> None:
    with case_with_lists.read() as conn:
        (a, sha_a), (b, sha_b) = conn.execute(
            select(artifacts.c.id, artifacts.c.sha256).order_by(artifacts.c.id).limit(2)
        ).all()
    with case_with_lists.write() as conn:  # sha256 is unique: through a placeholder, as a forger would
        conn.execute(update(artifacts).where(artifacts.c.id == a).values(sha256="0" * 64))
        conn.execute(update(artifacts).where(artifacts.c.id == b).values(sha256=sha_a))
        conn.execute(update(artifacts).where(artifacts.c.id == a).values(sha256=sha_b))
    assert sorted(_found(case_with_lists)) == [
        ("row_changed", f"artifacts {a}"),
        ("row_changed", f"artifacts {b}"),
    ]


def test_verify_renamed_artifact_names_it(case_with_lists: Case) -> None:
    _change(case_with_lists, update(artifacts).where(artifacts.c.id == 2).values(filename="other.csv"))
    assert _found(case_with_lists) == [("row_changed", "artifacts 2")]


def test_verify_forged_artifact_with_consistent_events_is_named(case_with_lists: Case) -> None:
    data = b"a forged document\n"
    digest = sha256_hex(data)
    case_with_lists.blobs.put(data, digest)
    with case_with_lists.write() as conn:
        new_id = int(conn.execute(select(func.max(artifacts.c.id))).scalar_one()) + 1
        conn.execute(
            insert(artifacts),
            [
                {
                    "id": new_id, "source_id": 1, "sha256": digest, "size": len(data),
                    "media_type": "text/plain", "filename": "forged.txt", "created_at": "2026-01-01",
                }
            ],
        )  # fmt: skip
        append_events(  # a chain that still checks: the forger used Testament's own code
            conn,
            "forger",
            [
                NewEvent(CustodyEventType.RECEIVED, {"filename": "forged.txt"}, digest),
                NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
            ],
        )
    assert _found(case_with_lists) == [("row_appeared", f"artifacts {new_id}")]


def test_verify_planted_blob_is_listed_as_unreferenced(case_with_lists: Case) -> None:
    data = b"planted\n"
    case_with_lists.blobs.put(data, sha256_hex(data))
    report = verify_case(case_with_lists, record=False)
    where = case_with_lists.blobs.path_for(sha256_hex(data)).relative_to(case_with_lists.path)
    assert report.ok and report.unreferenced == [str(where)]


_EDITS: list[tuple[Table, str, Any]] = [
    (sources, "title", "Another title"),
    (artifacts, "media_type", "application/pdf"),
    (person_records, "row", 99),
    (person_records, "sensitivity", "public"),
    (claims, "date_start", date(1900, 1, 1)),
    (claims, "object_id", 7),  # a column ingest leaves empty: filled in later, still caught
    (attestations, "column_name", "other column"),
    (attestations, "confidence", 0.5),
]


@pytest.mark.parametrize(("table", "column", "value"), _EDITS, ids=[f"{t.name}.{c}" for t, c, _ in _EDITS])
def test_verify_edit_to_an_ingested_row_names_it(
    case_with_lists: Case, table: Table, column: str, value: Any
) -> None:
    rid = 3 if table is not sources else 1
    if table is claims and column == "date_start":
        rid = _one(case_with_lists, claims.c.id, claims.c.date_start.is_not(None))
    _change(case_with_lists, update(table).where(table.c.id == rid).values({column: value}))
    assert _found(case_with_lists) == [("row_changed", f"{table.name} {rid}")]


def test_verify_person_assignment_is_not_a_change(case_with_lists: Case) -> None:
    """Linkage sets person_records.person_id later: outside the ingest digest by design (MUTABLE)."""
    from testament.store.schema import persons

    with case_with_lists.write() as conn:
        conn.execute(insert(persons), [{"id": 1, "kind": "individual"}])
        conn.execute(update(person_records).where(person_records.c.id == 1).values(person_id=1))
    assert _found(case_with_lists) == []


def test_verify_several_changed_rows_of_one_event_names_the_range(case_with_lists: Case) -> None:
    _change(case_with_lists, update(claims).where(claims.c.id.in_([1, 2])).values(value="X"))
    findings = _found(case_with_lists)
    assert [k for k, _ in findings] == ["rows_changed"] and findings[0][1].startswith("claims 1-")


def test_verify_ingest_event_without_digest_is_named(case_with_lists: Case) -> None:
    with case_with_lists.write() as conn:
        append_events(conn, "forger", [NewEvent(CustodyEventType.INGESTED, {"kind": "list"})])
        seq = int(conn.execute(select(func.max(custody_events.c.seq))).scalar_one())
    assert _found(case_with_lists) == [("rows_unsealed", f"custody event {seq}")]


def test_verify_case_from_before_digests_verifies_with_a_note(case_with_lists: Case) -> None:
    """Events written by an older Testament carry no digests: still verified, with what is not covered."""
    with case_with_lists.read() as conn:
        events = read_events(conn)
    prev = GENESIS
    with case_with_lists.write() as conn:
        for ev in events:
            details = json.loads(ev.details)
            details.pop("rows", None)
            values = dict(ev.__dict__, details=json.dumps(details, sort_keys=True), prev_hash=prev)
            values["hash"] = type(ev)(**values).computed_hash()
            prev = values["hash"]
            conn.execute(update(custody_events).where(custody_events.c.seq == ev.seq).values(**values))
    report = verify_case(case_with_lists, record=False)
    assert report.ok, report.to_dict()
    assert report.rows_checked == 0
    assert any(n.startswith("artifacts: 3 row(s) written before row digests") for n in report.notes)


@pytest.mark.sqlite
def test_verify_flipped_byte_in_a_database_page_exits_3(tmp_path: Path, settings: Any) -> None:
    case = Case.create(tmp_path / "case", settings=settings)
    rows = "".join(f"Name{i},Family{i},{1300 + i % 50}\n" for i in range(3000))
    (tmp_path / "big.csv").write_text("first name,last name,birth year\n" + rows, "utf-8")
    assert ingest_files(case, [tmp_path / "big.csv"], IngestOptions()).ok
    case.close()  # the last connection folds the write-ahead log into case.db
    db = tmp_path / "case" / "case.db"
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page_size
    # a table or index b-tree page near the middle of the file: its first byte is the page type
    middle = next(
        p
        for p in list(range(pages // 2, pages)) + list(range(1, pages // 2))
        if data[p * page_size] in (2, 5, 10, 13)
    )
    data[middle * page_size] ^= 0xFF
    db.write_bytes(bytes(data))
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "case")], env={"TESTAMENT_DEBUG": ""})
    assert result.exit_code == 3, result.output
    assert "damaged" in result.output and "verified" not in result.output
    assert "Traceback" not in result.output
