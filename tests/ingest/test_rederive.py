"""`verify --rederive` (issue 14): every list read again from its blob with the options its ingest recorded,
and the person records, claims and attestations compared with what ingest writes. An insider who edits a
row and rewrites its seal and the custody chain passes plain `verify`; re-derivation names the row. On
SQLite, SQLCipher and PostgreSQL. All names are invented."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import rfc8785
from sqlalchemy import delete, func, insert, select, update
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files, load_mapping
from testament.ingest.options import options_from_record, options_record
from testament.ingest.rederive import LABEL, TEXTS_LABEL, rederive_lists, rederive_texts
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import GENESIS, read_events
from testament.store.facts import _Seal, read_sealed
from testament.store.integrity import VerifyReport, verify_case
from testament.store.schema import (
    artifacts,
    attestations,
    claims,
    custody_events,
    metadata,
    person_records,
)
from tests.conftest import copied_case

CSV = (
    "Nom,father name,birth year,arrest date,Remarque\n"
    "Behrouz Karimi,Ali,1340,05/08/1988,seen in Evin\n"
    "Maryam Ahmadi,Reza,1345,12/03/1987,\n"
    "Bad Row,Hassan,99999,1367/13/01,\n"  # refused: kept out by --skip-bad-rows
    "Reza Moradi,Hossein,1338,04/11/1982,moved to Gohardasht\n"
)
SHEETS = {
    "Evin": [["Nom", "father name", "execution date"], ["Ali Rahimi", "Hassan", "06/08/1988"]],
    "Gohardasht": [
        ["Nom", "birth year", "execution date"],
        ["Zahra Jafari", 1347, "1367/05/15"],
        ["Saeed Kazemi", 1339, "09/08/1988"],
    ],
}
JSON = [
    {"Nom": "Hamid Rezaei", "father name": "Mehdi", "execution date": "1367/05/20", "Remarque": "x"},
    {"Nom": "Fatemeh Mousavi", "father name": "Saeed", "arrest date": "03/02/1986"},
]
TESTIMONY = b"They took us to the corridor.\r\nThe commission sat in the next room.\r\n"  # text: LF
MAPPING = '[columns]\n"Nom" = "full_name"\n"Remarque" = "notes"\n\n[options]\ncalendar = "solar_hijri"\n'


def _workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in SHEETS.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(buf.getvalue())


def _options(folder: Path) -> IngestOptions:
    (folder / "map.toml").write_text(MAPPING, "utf-8")
    return IngestOptions(
        mapping=load_mapping(folder / "map.toml"),
        date_order="day-first",
        skip_bad_rows=True,
        source_title="Lists from a partner",
    )


def _with_three_lists(case: Case, folder: Path) -> Case:
    (folder / "list.csv").write_text(CSV, "utf-8")
    _workbook(folder / "book.xlsx")
    (folder / "list.json").write_text(json.dumps(JSON), "utf-8")
    (folder / "testimony.txt").write_bytes(TESTIMONY)
    files = [folder / "list.csv", folder / "book.xlsx", folder / "list.json", folder / "testimony.txt"]
    report = ingest_files(case, files, _options(folder))
    outcomes = [(f.status, f.skipped_rows) for f in report.files]
    assert outcomes == [("ingested", 1), ("ingested", 0), ("ingested", 0), ("ingested", 0)], report.to_dict()
    return case


@pytest.fixture(scope="module")
def _cases_with_three_lists() -> dict[str, Path]:
    """`case_with_three_lists` per file backend, made once per module (see there)."""
    return {}


@pytest.fixture
def case_with_three_lists(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _cases_with_three_lists: dict[str, Path],
) -> Iterator[Case]:
    """A case (as tests/conftest.py's `fresh_case` makes it) with a csv, an xlsx (two sheets) and a json
    list, ingested with a mapping file, a date order, --skip-bad-rows and a source title; and a testimony
    whose text is a derived artifact. Each test changes its own: on SQLite and SQLCipher a copy of one made
    once per module (a case is its folder; creating and ingesting cost ~0.1-0.3 s a test); on PostgreSQL,
    kept in the database, made per test."""
    yield from copied_case(
        backend,
        case_options,
        settings,
        tmp_path,
        tmp_path_factory,
        _cases_with_three_lists,
        _with_three_lists,
    )


def _rederived(case: Case) -> VerifyReport:
    return verify_case(case, record=False, added=[rederive_lists, rederive_texts])


def _found(report: VerifyReport) -> list[tuple[str, str]]:
    return [(f.kind, f.where) for f in report.findings]


def _rewrite_log(
    case: Case, edit: Any = None, reseal: frozenset[str] = frozenset(), blobs: dict[str, str] | None = None
) -> None:
    """What an insider who knows the code does after changing rows: recompute every seal of the tables in
    `reseal` over the rows as they are now (the newest seal of a table takes rows added after it), let
    `edit(details)` change an event's details, point events at replaced blobs (`blobs`: old SHA-256 to
    new), and rebuild the hash chain so it checks again."""
    with case.read() as conn:
        events = read_events(conn)
    newest = {
        key: ev.seq for ev in events for key in (json.loads(ev.details).get("rows") or {}) if key in reseal
    }
    prev = GENESIS
    with case.write() as conn:
        for ev in events:
            details = json.loads(ev.details)
            for key, entry in (details.get("rows") or {}).items():
                if key in reseal:
                    _reseal_entry(conn, key, entry, extend=newest[key] == ev.seq)
            if edit is not None:
                edit(details)
            swap = (blobs or {}).get(ev.artifact_sha256 or "", ev.artifact_sha256)
            text = rfc8785.dumps(details).decode("utf-8")
            for old, new in (blobs or {}).items():
                text = text.replace(old, new)
            values = dict(ev.__dict__, details=text, artifact_sha256=swap, prev_hash=prev)
            values["hash"] = type(ev)(**values).computed_hash()
            prev = values["hash"]
            conn.execute(update(custody_events).where(custody_events.c.seq == ev.seq).values(**values))


def _reseal_entry(conn: Any, key: str, entry: dict[str, Any], *, extend: bool) -> None:
    table = metadata.tables[key]
    spans = [(int(a), int(b)) for a, b in entry["ids"]]
    if extend:
        top = int(conn.execute(select(func.max(table.c.id))).scalar_one())
        spans[-1] = (spans[-1][0], max(spans[-1][1], top))
    seal = _Seal()
    for ids, texts in read_sealed(conn, table, entry["columns"], spans):
        seal.add_ids(ids, texts)
    entry.update(ids=seal.ranges, **seal.digest())


def _artifact(case: Case, filename: str) -> int:
    with case.read() as conn:
        return int(conn.execute(select(artifacts.c.id).where(artifacts.c.filename == filename)).scalar_one())


def _cell(case: Case, aid: int, column: str, page: int | None = None) -> tuple[int, int, int, int]:
    """(record id, claim id, attestation id, row) of the first cell of `column` in artifact `aid`."""
    query = (
        select(person_records.c.id, claims.c.id, attestations.c.id, attestations.c.row)
        .join(claims, claims.c.subject_id == person_records.c.id)
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .where(person_records.c.artifact_id == aid, attestations.c.column_name == column)
        .order_by(attestations.c.id)
    )
    if page is not None:
        query = query.where(attestations.c.page == page)
    with case.read() as conn:
        first = conn.execute(query.limit(1)).one()
    return int(first[0]), int(first[1]), int(first[2]), int(first[3])


def _messages(report: VerifyReport) -> str:
    return " ".join(f.message for f in report.findings) + " ".join(report.notes)


def test_rederive_untouched_case_with_three_lists_is_clean(case_with_three_lists: Case) -> None:
    report = _rederived(case_with_three_lists)
    assert report.ok, report.to_dict()
    assert report.added == {LABEL: 3, TEXTS_LABEL: 1}
    assert not [n for n in report.notes if "re-derive" in n]


def test_ingest_records_every_option_that_shapes_what_it_writes(case_with_three_lists: Case) -> None:
    with case_with_three_lists.read() as conn:
        ingested = [json.loads(e.details) for e in read_events(conn) if e.event_type == "ingested"]
    events = [e for e in ingested if e["kind"] == "list"]
    recorded = events[0]["options"]
    assert recorded["name"] == "list.csv" and recorded["suffix"] == ".csv"
    assert recorded["skip_bad_rows"] is True and recorded["date_order"] == "day-first"
    assert recorded["mapping"] == {
        "columns": {"Nom": "full_name", "Remarque": "notes"},
        "calendar": "solar_hijri",
        "date_order": None,
        "unknown_columns": None,
    }
    assert "Lists from a partner" not in json.dumps(recorded)  # the title's digest, not the title
    assert [e["options"]["suffix"] for e in events] == [".csv", ".xlsx", ".json"]


def test_options_record_reads_back_as_the_options(tmp_path: Path) -> None:
    options = _options(tmp_path)
    back = options_from_record(options_record(options, "list.csv", ".csv"))
    assert back.mapping is not None and options.mapping is not None
    assert back.mapping.columns == options.mapping.columns
    assert (back.date_order, back.skip_bad_rows, back.mapping.calendar) == ("day-first", True, "solar_hijri")


def test_rederive_catches_a_claim_edit_with_its_seal_rewritten(case_with_three_lists: Case) -> None:
    case = case_with_three_lists
    aid = _artifact(case, "book.xlsx")
    _, cid, _, _ = _cell(case, aid, "execution date", page=2)
    with case.write() as conn:
        conn.execute(update(claims).where(claims.c.id == cid).values(date_start=date(1988, 1, 1)))
    _rewrite_log(case, reseal=frozenset({"claims"}))
    assert verify_case(case, record=False).ok  # the seal and the chain were rewritten: plain verify passes
    report = _rederived(case)
    assert _found(report) == [("rederived_changed", f"claims {cid}")]
    assert f"claims {cid}: date_start not what ingest reads from artifact {aid}, sheet 2, row 1" in _messages(
        report
    )
    assert "1988-01-01" not in _messages(report) and "1367" not in _messages(report)


def test_rederive_catches_an_attestation_edit_with_its_seal_rewritten(case_with_three_lists: Case) -> None:
    case = case_with_three_lists
    aid = _artifact(case, "list.csv")
    _, _, att, _ = _cell(case, aid, "Remarque")
    with case.write() as conn:
        conn.execute(update(attestations).where(attestations.c.id == att).values(original_text="seen"))
    _rewrite_log(case, reseal=frozenset({"attestations"}))
    assert verify_case(case, record=False).ok
    report = _rederived(case)
    assert _found(report) == [("rederived_changed", f"attestations {att}")]
    assert "seen" not in _messages(report)


def test_rederive_catches_a_deleted_record_with_its_seals_rewritten(case_with_three_lists: Case) -> None:
    case = case_with_three_lists
    aid = _artifact(case, "list.json")
    rid, _, _, row = _cell(case, aid, "Nom")
    with case.write() as conn:
        gone = list(conn.execute(select(claims.c.id).where(claims.c.subject_id == rid)).scalars())
        conn.execute(delete(attestations).where(attestations.c.claim_id.in_(gone)))
        conn.execute(delete(claims).where(claims.c.id.in_(gone)))
        conn.execute(delete(person_records).where(person_records.c.id == rid))
    _rewrite_log(case, reseal=frozenset({"person_records", "claims", "attestations"}))
    assert verify_case(case, record=False).ok
    report = _rederived(case)
    assert _found(report) == [("rederived_missing", f"person_records (artifact {aid}, row {row})")]


def test_rederive_catches_an_added_record_with_its_seals_rewritten(case_with_three_lists: Case) -> None:
    case = case_with_three_lists
    aid = _artifact(case, "list.csv")
    first, cid, att, _ = _cell(case, aid, "Nom")
    with case.write() as conn:
        rid = int(conn.execute(select(func.max(person_records.c.id))).scalar_one()) + 1
        new_claim = int(conn.execute(select(func.max(claims.c.id))).scalar_one()) + 1
        new_att = int(conn.execute(select(func.max(attestations.c.id))).scalar_one()) + 1
        record = conn.execute(select(person_records).where(person_records.c.id == first)).mappings().one()
        conn.execute(insert(person_records), [dict(record, id=rid, row=9)])
        claim = conn.execute(select(claims).where(claims.c.id == cid)).mappings().one()
        conn.execute(insert(claims), [dict(claim, id=new_claim, subject_id=rid, value="Invented Person")])
        attestation = conn.execute(select(attestations).where(attestations.c.id == att)).mappings().one()
        conn.execute(
            insert(attestations),
            [dict(attestation, id=new_att, claim_id=new_claim, row=9, original_text="Invented Person")],
        )
    _rewrite_log(case, reseal=frozenset({"person_records", "claims", "attestations"}))
    assert verify_case(case, record=False).ok
    report = _rederived(case)
    assert _found(report) == [("rederived_extra", f"person_records {rid}")]
    assert "Invented" not in _messages(report)


def test_rederive_uses_the_recorded_options(case_with_three_lists: Case) -> None:
    """The recorded date order is what re-derivation reads with: recorded otherwise (month-first), the
    ambiguous dates of the csv no longer match."""

    def month_first(details: dict[str, Any]) -> None:
        if details.get("options", {}).get("name") == "list.csv":
            details["options"]["date_order"] = "month-first"

    _rewrite_log(case_with_three_lists, edit=month_first)
    assert verify_case(case_with_three_lists, record=False).ok
    report = _rederived(case_with_three_lists)
    kinds = {kind for kind, _ in _found(report)}
    assert kinds == {"rederived_changed"} and len(report.findings) == 3  # the three day-first dates


def test_rederive_list_from_before_options_were_recorded_gets_a_note(case_with_three_lists: Case) -> None:
    _rewrite_log(case_with_three_lists, edit=lambda details: details.pop("options", None))
    report = _rederived(case_with_three_lists)
    assert report.ok, report.to_dict()
    assert report.added == {LABEL: 0, TEXTS_LABEL: 1}
    assert "3 list(s) (artifact 1, 2, 3): cannot re-derive: options not recorded" in " ".join(report.notes)


def test_rederive_catches_a_testimony_text_replaced_with_its_seal_rewritten(
    case_with_three_lists: Case,
) -> None:
    case = case_with_three_lists
    with case.read() as conn:
        text = conn.execute(select(artifacts).where(artifacts.c.transformation == "text of")).mappings().one()
    forged = b"They took us to the corridor.\nNothing else happened.\n"
    new_sha, _ = case.blobs.put(forged)
    with case.write() as conn:
        conn.execute(
            update(artifacts).where(artifacts.c.id == text["id"]).values(sha256=new_sha, size=len(forged))
        )
    _rewrite_log(case, reseal=frozenset({"artifacts"}), blobs={text["sha256"]: new_sha})
    plain = verify_case(case, record=False)
    assert plain.ok, plain.to_dict()
    report = _rederived(case)
    assert _found(report) == [("rederived_changed", f"artifacts {text['id']}")]


@pytest.mark.sqlite
def test_cli_verify_rederive_exits_3_naming_the_row(tmp_path: Path) -> None:
    settings = Settings(actor="tester")
    case = Case.create(tmp_path / "case", settings=settings)
    (tmp_path / "list.csv").write_text(CSV, "utf-8")
    assert ingest_files(case, [tmp_path / "list.csv"], _options(tmp_path)).files[0].status == "ingested"
    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "tester"}
    clean = runner.invoke(app, ["verify", str(tmp_path / "case"), "--rederive", "--no-record"], env=env)
    assert clean.exit_code == 0, clean.output
    assert "1 lists re-derived" in clean.output
    _, cid, _, _ = _cell(case, 1, "father name")
    with case.write() as conn:
        conn.execute(update(claims).where(claims.c.id == cid).values(value="Someone"))
    _rewrite_log(case, reseal=frozenset({"claims"}))
    case.close()
    plain = runner.invoke(app, ["verify", str(tmp_path / "case"), "--no-record"], env=env)
    assert plain.exit_code == 0, plain.output
    result = runner.invoke(app, ["verify", str(tmp_path / "case"), "--rederive", "--no-record"], env=env)
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert f"claims {cid}: value not what ingest reads from artifact 1, row 1" in said
    assert "Someone" not in result.output
