"""What issue 15 found silently wrong or failing on lists: a workbook's later sheets ignored, an unknown
column turned into notes, row numbers that were not the file's own, NUL bytes that only PostgreSQL
refused, lone surrogates no database takes. Every backend."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import openpyxl
from sqlalchemy import select

from testament.ingest import IngestOptions, ingest_files
from testament.ingest.report import FileOutcome
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.records import list_person_records
from testament.store.schema import attestations, person_records
from tests.ingest.hostile import crafted_files


def _ingest(case: Case, path: Path, **options: object) -> FileOutcome:
    (outcome,) = ingest_files(case, [path], IngestOptions(**options)).files  # type: ignore[arg-type]
    return outcome


def _workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "book.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def _ingested_details(case: Case) -> dict[str, object]:
    with case.read() as conn:
        events = [e for e in read_events(conn) if e.event_type == "ingested"]
    return json.loads(events[-1].details)  # type: ignore[no-any-return]


def test_ingest_workbook_reads_every_sheet_and_locators_name_it(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    path.write_bytes(crafted_files()["two-sheets.xlsx"])
    outcome = _ingest(fresh_case, path)
    assert outcome.status == "ingested" and outcome.person_records == 4, outcome
    assert any("sheet 'empty'" in w and "skipped" in w for w in outcome.warnings)
    with fresh_case.read() as conn:
        records = conn.execute(select(person_records.c.page, person_records.c.row)).all()
        cells = conn.execute(select(attestations.c.page).distinct()).scalars().all()
    assert sorted(records) == [(1, 1), (1, 2), (2, 1), (2, 3)]  # sheet 2's row 2 is blank
    assert sorted(cells) == [1, 2]
    listed = {(r["sheet"], r["row"]) for r in list_person_records(fresh_case)}
    assert listed == {(1, 1), (1, 2), (2, 1), (2, 3)}
    sheets = _ingested_details(fresh_case)["sheets"]
    assert [(s["sheet"], s["name"], s["first_row"]) for s in sheets] == [  # type: ignore[index]
        (1, "Evin", 2),
        (2, "Gohardasht (2)", 2),
    ]
    assert verify_case(fresh_case, record=False).ok


def test_ingest_workbook_problem_names_sheet_and_excel_row(fresh_case: Case, tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        {
            "legend": [["code", "meaning"], ["E", "executed"]],  # no name column: skipped, named
            "1367": [[], ["name", "birth year"], ["A B", 1340], [], ["C D", "soon"]],
        },
    )
    outcome = _ingest(fresh_case, path)
    assert outcome.status == "rejected"
    (problem,) = outcome.problems
    assert (problem.sheet, problem.row, problem.line, problem.column) == ("1367", 3, 5, "birth year")
    assert str(problem).startswith("book.xlsx, sheet '1367', row 3 (Excel row 5), column 'birth year'")
    kept = _ingest(fresh_case, path, skip_bad_rows=True)
    assert kept.status == "ingested" and kept.person_records == 1
    assert any("sheet 'legend'" in w and "no name column" in w for w in kept.warnings)
    details = _ingested_details(fresh_case)
    assert details["skipped_sheets"] == ["legend"]
    assert details["rejected_rows"] == [
        {"row": 3, "column": "birth year", "expected": problem.expected, "sheet": "1367", "line": 5}
    ]


def test_ingest_csv_problem_names_the_line_a_quoted_cell_moved(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text('name,birth year,notes\nA B,1340,"one\ntwo\nthree"\nC D,1341,\nE F,soon,\n', "utf-8")
    outcome = _ingest(fresh_case, path)
    (problem,) = outcome.problems
    assert (problem.row, problem.line) == (3, 6) and "row 3 (line 6)" in str(problem)
    assert _ingest(fresh_case, path, skip_bad_rows=True).status == "ingested"
    details = _ingested_details(fresh_case)
    assert details["first_data_line"] == 2 and details["line_shifts"] == [[2, 5]]


def test_ingest_nul_and_lone_surrogate_are_row_problems_on_every_backend(
    fresh_case: Case, tmp_path: Path
) -> None:
    (tmp_path / "nul.csv").write_bytes(b"name,father name\nA\x00B,C\nD E,F\n")
    (tmp_path / "s.json").write_bytes(b'[{"name": "A \\ud800 B"}, {"name": "C D"}]')
    for name in ("nul.csv", "s.json"):
        refused = _ingest(fresh_case, tmp_path / name)
        assert refused.status == "rejected" and [p.row for p in refused.problems] == [1]
        assert "NUL" in refused.problems[0].expected and "\x00" not in str(refused.problems[0])
        assert fresh_case.status()["artifacts"] == 0
    for name in ("nul.csv", "s.json"):
        assert _ingest(fresh_case, tmp_path / name, skip_bad_rows=True).person_records == 1
    assert verify_case(fresh_case, record=False).ok


def test_ingest_header_with_nul_or_surrogate_refused_naming_column(fresh_case: Case, tmp_path: Path) -> None:
    for name in ("nul-header.csv", "lone-surrogate-key.json"):
        (tmp_path / name).write_bytes(crafted_files()[name])
        outcome = _ingest(fresh_case, tmp_path / name, unknown_columns="note")
        assert outcome.status == "rejected" and "header of column 2" in outcome.message


def test_ingest_file_name_not_utf8_refused_asking_to_rename(fresh_case: Case, tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv"))
    path.write_bytes(b"name\nA B\n")
    outcome = _ingest(fresh_case, path)
    assert outcome.status == "rejected" and "not valid UTF-8" in outcome.message
    assert "rename" in outcome.message and fresh_case.status()["artifacts"] == 0


def test_ingest_long_list_reports_progress_while_checking_rows(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("name\n" + "".join(f"P{i} Q\n" for i in range(12_000)), "utf-8")
    seen: list[tuple[str, int, int]] = []
    ingest_files(fresh_case, [path], IngestOptions(), lambda *args: seen.append(args))
    assert ("checking long.csv", 10_000, 12_000) in seen and ("long.csv", 12_000, 12_000) in seen
