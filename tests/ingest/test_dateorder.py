"""Day/month order settled per date column (issue 12): inferred from the column's unambiguous cells, kept
uncertain when none decides, forced by --date-order; on csv, xlsx (text and real date cells) and json, on
every backend. All names are invented."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import InputError
from testament.ingest import IngestOptions, ingest_files, load_mapping
from testament.ingest.dateorder import ColumnOrder, infer_orders, resolve_date_order
from testament.ingest.report import FileOutcome
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.schema import attestations, claims
from testament.vocab import RecordField
from tests.conftest import PASSPHRASE

D = datetime.date
NAMES = ["Ali Rahimi", "Reza Karimi", "Sara Niknam", "Omid Bahrami", "Hamid Sadeghi"]
COLUMN = "execution date"

# Each kind of column: its cells, then the interval and precision each cell must be stored with.
COLUMNS: dict[str, list[tuple[str, D, D, str]]] = {
    "day-first": [
        ("08/09/1988", D(1988, 9, 8), D(1988, 9, 8), "day"),
        ("17/10/1988", D(1988, 10, 17), D(1988, 10, 17), "day"),
        ("01/02/1988", D(1988, 2, 1), D(1988, 2, 1), "day"),
        ("1367/05/15", D(1988, 8, 6), D(1988, 8, 6), "day"),  # Solar Hijri: year first, unaffected
    ],
    "month-first": [
        ("08/09/1988", D(1988, 8, 9), D(1988, 8, 9), "day"),
        ("10/17/1988", D(1988, 10, 17), D(1988, 10, 17), "day"),
        ("01/02/1988", D(1988, 1, 2), D(1988, 1, 2), "day"),
        ("1988-08-06", D(1988, 8, 6), D(1988, 8, 6), "day"),
    ],
    "unknown": [  # every numeric date reads both ways: each covers both readings
        ("08/09/1988", D(1988, 8, 9), D(1988, 9, 8), "either"),
        ("01/02/1988", D(1988, 1, 2), D(1988, 2, 1), "either"),
        ("06/06/1988", D(1988, 6, 6), D(1988, 6, 6), "day"),  # the same either way
    ],
}


def _write(tmp_path: Path, fmt: str, rows: list[list[object]], header: list[str] | None = None) -> Path:
    header = header or ["name", COLUMN]
    path = tmp_path / f"list.{fmt}"
    if fmt == "csv":
        lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
        path.write_text("\n".join(lines) + "\n", "utf-8")
    elif fmt == "json":
        path.write_text(json.dumps([dict(zip(header, row, strict=True)) for row in rows]), "utf-8")
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buf = io.BytesIO()
        book.save(buf)
        path.write_bytes(buf.getvalue())
    return path


def _stored_dates(case: Case) -> dict[int, tuple[D, D, str, str]]:
    """Row -> (date_start, date_end, date_precision, date_original) of each stored execution-date claim."""
    with case.read() as conn:
        found = conn.execute(
            select(
                attestations.c.row,
                claims.c.date_start,
                claims.c.date_end,
                claims.c.date_precision,
                claims.c.date_original,
            )
            .join(claims, claims.c.id == attestations.c.claim_id)
            .where(attestations.c.column_name == COLUMN)
        ).all()
    return {r.row: (r.date_start, r.date_end, r.date_precision, r.date_original) for r in found}


def _ingested_details(case: Case) -> dict:
    with case.read() as conn:
        (event,) = [e for e in read_events(conn) if e.event_type == "ingested"]
    return json.loads(event.details)


def _outcome(case: Case, path: Path, **options: object) -> FileOutcome:
    report = ingest_files(case, [path], IngestOptions(**options))  # type: ignore[arg-type]
    (outcome,) = report.files
    return outcome


# --- the three kinds of column, in every format, on every backend ------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("kind", list(COLUMNS))
def test_ingest_date_column_order_when_inferred_from_cells(
    fresh_case: Case, tmp_path: Path, fmt: str, kind: str
) -> None:
    cells = COLUMNS[kind]
    path = _write(tmp_path, fmt, [[NAMES[i], text] for i, (text, *_) in enumerate(cells)])
    outcome = _outcome(fresh_case, path)
    assert outcome.status == "ingested", outcome.to_dict()
    stored = _stored_dates(fresh_case)
    for row, (text, start, end, precision) in enumerate(cells, start=1):
        assert stored[row] == (start, end, precision, text), (kind, row)
    ambiguous = sum(1 for text, *_ in cells if text.startswith(("08/09", "01/02")))
    (order,) = outcome.date_orders
    assert order == {
        "column": COLUMN,
        "order": kind,
        "forced": False,
        "cells": ambiguous,
        "day_first_cells": int(kind == "day-first"),
        "month_first_cells": int(kind == "month-first"),
    }
    (warning,) = outcome.warnings
    assert f"column '{COLUMN}'" in warning and f"{ambiguous} " in warning
    assert ("unknown" in warning and "Hint:" in warning) if kind == "unknown" else kind in warning
    assert "08/09/1988" not in warning  # says what was decided, never quotes cells
    details = _ingested_details(fresh_case)
    assert details["date_orders"] == [order]
    assert "08/09/1988" not in json.dumps(details)


def test_ingest_xlsx_real_date_cells_when_mixed_with_text_dates(fresh_case: Case, tmp_path: Path) -> None:
    # openpyxl gives real date cells as datetimes: ISO text, no order question. Text cells are inferred.
    rows: list[list[object]] = [
        [NAMES[0], datetime.datetime(1988, 9, 8)],
        [NAMES[1], datetime.datetime(1988, 1, 2)],
        [NAMES[2], "17/10/1988"],
        [NAMES[3], "08/09/1988"],
    ]
    outcome = _outcome(fresh_case, _write(tmp_path, "xlsx", rows))
    assert outcome.status == "ingested", outcome.to_dict()
    stored = _stored_dates(fresh_case)
    assert stored[1] == (D(1988, 9, 8), D(1988, 9, 8), "day", "1988-09-08")
    assert stored[2] == (D(1988, 1, 2), D(1988, 1, 2), "day", "1988-01-02")
    assert stored[4] == (D(1988, 9, 8), D(1988, 9, 8), "day", "08/09/1988")
    assert [(o["order"], o["cells"]) for o in outcome.date_orders] == [("day-first", 1)]


def test_ingest_xlsx_real_date_cells_when_only_dates_raise_no_order_question(
    fresh_case: Case, tmp_path: Path
) -> None:
    rows: list[list[object]] = [[NAMES[i], datetime.datetime(1988, i + 1, 8)] for i in range(3)]
    outcome = _outcome(fresh_case, _write(tmp_path, "xlsx", rows))
    assert outcome.status == "ingested", outcome.to_dict()
    assert outcome.warnings == [] and outcome.date_orders == []
    assert "date_orders" not in _ingested_details(fresh_case)
    assert _stored_dates(fresh_case)[2][:3] == (D(1988, 2, 8), D(1988, 2, 8), "day")


def test_ingest_date_column_when_mixed_reads_each_cell_its_way_and_says_so(
    fresh_case: Case, tmp_path: Path
) -> None:
    cells = ["17/10/1988", "10/17/1988", "08/09/1988", "13/08/1988"]
    outcome = _outcome(fresh_case, _write(tmp_path, "csv", [[NAMES[i], c] for i, c in enumerate(cells)]))
    assert outcome.status == "ingested" and not outcome.problems
    stored = _stored_dates(fresh_case)
    assert stored[1][:3] == stored[2][:3] == (D(1988, 10, 17), D(1988, 10, 17), "day")
    assert stored[3][:3] == (D(1988, 8, 9), D(1988, 9, 8), "either")
    assert stored[4][:3] == (D(1988, 8, 13), D(1988, 8, 13), "day")
    (order,) = outcome.date_orders
    assert (order["order"], order["cells"], order["day_first_cells"], order["month_first_cells"]) == (
        "mixed", 1, 2, 1
    )  # fmt: skip
    (warning,) = outcome.warnings
    assert "mixes day-first (2 cell(s)) and month-first (1 cell(s))" in warning and "Hint:" in warning


def test_ingest_list_when_issue_sized_ambiguous_share_is_not_refused(
    fresh_case: Case, tmp_path: Path
) -> None:
    # The list issue 12 found refused: ambiguous dates among day-first ones (here 57 of 600 rows).
    rows = []
    for i in range(600):
        day, month = (8, 1 + i % 7) if i < 57 else (13 + i % 15, 1 + i % 12)  # 08/MM: never 08/08
        rows.append([f"Person {i}", f"{day:02d}/{month:02d}/1988"])
    outcome = _outcome(fresh_case, _write(tmp_path, "csv", rows))
    assert outcome.status == "ingested" and outcome.person_records == 600
    assert (outcome.date_orders[0]["order"], outcome.date_orders[0]["cells"]) == ("day-first", 57)
    assert "57 ambiguous cell(s) read that way" in outcome.warnings[0]


# --- --date-order and the mapping file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"), [("day-first", D(1988, 9, 8)), ("month-first", D(1988, 8, 9))]
)
def test_ingest_date_order_when_forced_reads_ambiguous_cells_that_way(
    fresh_case: Case, tmp_path: Path, order: str, expected: D
) -> None:
    path = _write(tmp_path, "json", [[NAMES[0], "08/09/1988"], [NAMES[1], "06/06/1988"]])
    outcome = _outcome(fresh_case, path, date_order=order)
    assert outcome.status == "ingested"
    assert _stored_dates(fresh_case)[1][:3] == (expected, expected, "day")
    (entry,) = outcome.date_orders
    assert (entry["order"], entry["forced"], entry["cells"]) == (order, True, 1)
    assert f"read {order}" in outcome.warnings[0] and "as asked" in outcome.warnings[0]
    assert _ingested_details(fresh_case)["date_orders"] == [entry]


@pytest.mark.parametrize(
    ("order", "cell", "shape"),
    [("month-first", "17/10/1988", "MM/DD/YYYY"), ("day-first", "10/17/1988", "DD/MM/YYYY")],
)
def test_ingest_date_order_when_cell_contradicts_it_is_a_row_problem(
    fresh_case: Case, tmp_path: Path, order: str, cell: str, shape: str
) -> None:
    path = _write(tmp_path, "csv", [[NAMES[0], "08/09/1988"], [NAMES[1], cell], [NAMES[2], "01/02/1988"]])
    refused = _outcome(fresh_case, path, date_order=order)
    assert refused.status == "rejected"
    (problem,) = refused.problems
    assert (problem.file, problem.row, problem.column) == ("list.csv", 2, COLUMN)
    assert order in problem.expected and shape in problem.expected and problem.hint
    assert f"list.csv, row 2 (line 3), column '{COLUMN}'" in str(problem) and "Hint:" in str(problem)
    assert fresh_case.status()["claims"] == 0
    kept = _outcome(fresh_case, path, date_order=order, skip_bad_rows=True)
    assert kept.status == "ingested" and kept.person_records == 2 and kept.skipped_rows == 1
    assert "1 cell(s) only" in kept.warnings[0]


def test_ingest_date_order_when_mapping_file_sets_it_and_option_overrides(
    fresh_case: Case, tmp_path: Path
) -> None:
    mapping_path = tmp_path / "map.toml"
    mapping_path.write_text('[options]\ndate_order = "month-first"\n', "utf-8")
    mapping = load_mapping(mapping_path)
    assert mapping.date_order == "month-first"
    first = _write(tmp_path, "csv", [[NAMES[0], "08/09/1988"]])
    assert _outcome(fresh_case, first, mapping=mapping).date_orders[0]["order"] == "month-first"
    assert _stored_dates(fresh_case)[1][0] == D(1988, 8, 9)
    second = tmp_path / "second.csv"
    second.write_text(f"name,{COLUMN}\n{NAMES[1]},08/09/1988\n", "utf-8")
    outcome = _outcome(fresh_case, second, mapping=mapping, date_order="day-first")
    assert outcome.date_orders[0]["order"] == "day-first"


def test_ingest_date_order_when_unknown_value_raises(fresh_case: Case, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--date-order 'ymd' is not known") as info:
        ingest_files(fresh_case, [tmp_path / "x.csv"], IngestOptions(date_order="ymd"))
    assert info.value.hint and "day-first" in info.value.hint
    bad = tmp_path / "map.toml"
    bad.write_text('[options]\ndate_order = "dmy"\n', "utf-8")
    with pytest.raises(InputError, match=r"options\.date_order"):
        load_mapping(bad)


def test_cli_ingest_date_order_option(fresh_case: Case, tmp_path: Path) -> None:
    path = _write(tmp_path, "csv", [[NAMES[0], "08/09/1988"], [NAMES[1], "01/02/1988"]])
    fresh_case.close()
    env = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(fresh_case.path), str(path), "--json"], env=env)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["files"][0]["date_orders"]
    assert (entry["order"], entry["cells"]) == ("unknown", 2)
    (tmp_path / "second").mkdir()
    forced = _write(tmp_path / "second", "csv", [[NAMES[2], "08/09/1988"]])
    shown = runner.invoke(
        app, ["ingest", str(fresh_case.path), str(forced), "--date-order", "day-first"], env=env
    )
    assert shown.exit_code == 0, shown.output
    assert "note: column 'execution date': numeric dates read day-first" in " ".join(shown.output.split())
    result = runner.invoke(app, ["ingest", str(fresh_case.path), str(path), "--date-order", "ymd"], env=env)
    assert result.exit_code == 2 and "day-first" in result.output


# --- seasons and parts of them in list cells ---------------------------------------------------------


def test_ingest_seasons_and_early_mid_late_when_in_list_cells(fresh_case: Case, tmp_path: Path) -> None:
    cells = [
        ("summer 1988", D(1988, 6, 1), D(1988, 9, 22), "season"),
        ("late summer 1988", D(1988, 8, 1), D(1988, 9, 22), "range"),
        ("اواخر تابستان ۱۳۶۷", D(1988, 8, 23), D(1988, 9, 22), "range"),
        ("اواخر مرداد ۱۳۶۷", D(1988, 8, 12), D(1988, 8, 22), "range"),
        ("early 1988", D(1988, 1, 1), D(1988, 4, 30), "range"),
    ]
    path = _write(tmp_path, "csv", [[NAMES[i], c[0]] for i, c in enumerate(cells)])
    outcome = _outcome(fresh_case, path)
    assert outcome.status == "ingested", outcome.to_dict()
    stored = _stored_dates(fresh_case)
    for row, (text, start, end, precision) in enumerate(cells, start=1):
        assert stored[row] == (start, end, precision, text)


# --- the inference itself ------------------------------------------------------------------------------


def test_infer_orders_when_rows_misaligned_or_not_numeric_counts_only_evidence() -> None:
    headers = ["name", "arrest date", "execution date", "city"]
    fields = [RecordField.FULL_NAME, RecordField.ARREST_DATE, RecordField.EXECUTION_DATE, RecordField.CITY]
    rows = [
        ["a", "۰۸/۰۹/۱۹۸۸", "17/10/1988", "01/02/1988"],  # city is not a date column
        ["b", "15/05/1367", "08/09/1988", ""],
        ["c", "1988-08-09", "08/09/1988", ""],
        ["d", "10/17/1988", "", "", "stray"],  # misaligned: no evidence
        ["e", "summer 1988", "unknown", ""],
    ]
    orders = infer_orders(headers, rows, fields)
    assert set(orders) == {1, 2}
    assert orders[1] == ColumnOrder("arrest date", "unknown", False, 0, 0, 1)
    assert orders[2] == ColumnOrder("execution date", "day-first", False, 1, 0, 2)
    assert orders[1].reading == "either" and orders[2].reading == "day-first"


def test_infer_orders_when_no_date_column_or_no_numeric_dates_notes_nothing() -> None:
    assert infer_orders(["name"], [["a"]], [RecordField.FULL_NAME]) == {}
    orders = infer_orders(
        ["name", "d"], [["a", "1988-08-09"]], [RecordField.FULL_NAME, RecordField.ARREST_DATE]
    )
    assert not orders[1].noteworthy


def test_resolve_date_order_when_option_and_mapping_given() -> None:
    assert resolve_date_order("auto", None) == "auto"
    assert resolve_date_order("auto", "month-first") == "month-first"
    assert resolve_date_order("day-first", "month-first") == "day-first"
    assert resolve_date_order(None, None) == "auto"
