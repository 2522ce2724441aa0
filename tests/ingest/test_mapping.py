"""Column recognition and mapping files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from testament.errors import IngestError, InputError
from testament.ingest import IngestOptions, ingest_files
from testament.ingest.mapping import EXTRA, ColumnMapping, load_mapping, map_columns
from testament.ingest.report import IngestReport
from testament.store.case import Case
from testament.store.schema import claims
from testament.vocab import RecordField as F


def test_map_persian_headers_with_arabic_letters_and_zwnj() -> None:
    headers = ["نام", "نام خانوادگي", "نام\u200cپدر", "تاريخ اعدام", "سال تولد", "زندان", "كد"]
    assert map_columns(headers, None, "l.csv") == [
        F.GIVEN_NAME, F.SURNAME, F.FATHER_NAME, F.EXECUTION_DATE, F.BIRTH_YEAR, F.PRISON, F.RECORD_ID
    ]  # fmt: skip


def test_map_english_headers_case_and_spacing_insensitive() -> None:
    headers = ["Full_Name", "FATHER'S NAME", "Date of Execution", "Burial place", "Remarks", "Colour"]
    assert map_columns(headers, None, "l.csv", unknown="note") == [
        F.FULL_NAME, F.FATHER_NAME, F.EXECUTION_DATE, F.BURIAL_PLACE, F.NOTES, EXTRA
    ]  # fmt: skip


def test_map_unknown_header_refused_naming_it_unless_kept_or_left_out() -> None:
    headers = ["نام", "وابستگی سازمانی", "شماره پرونده", "", "Colour"]
    with pytest.raises(IngestError) as info:
        map_columns(headers, None, "l.csv", empty=frozenset({3}))
    message = str(info.value)
    assert "'شماره پرونده' (column 3)" in message and "'Colour' (column 5)" in message
    assert "column 4" not in message and "وابستگی" not in message  # padding; a known synonym
    assert "--mapping" in message and "--unknown-columns note" in message
    assert map_columns(headers, None, "l.csv", unknown="ignore", empty=frozenset({3})) == [
        F.GIVEN_NAME, F.AFFILIATION, None, None, None
    ]  # fmt: skip
    kept = ColumnMapping(columns={"Colour": "ignore"}, unknown_columns="note")
    assert map_columns(headers, kept, "l.csv") == [F.GIVEN_NAME, F.AFFILIATION, EXTRA, EXTRA, None]


def test_map_without_name_column_refused_with_hint() -> None:
    with pytest.raises(IngestError, match="no name column") as info:
        map_columns(["city", "prison"], None, "l.csv")
    assert "--mapping" in (info.value.hint or "")


def test_map_two_columns_to_one_field_refused() -> None:
    with pytest.raises(IngestError, match="both map to full_name"):
        map_columns(["name", "full name"], None, "l.csv")


def test_mapping_file_overrides_and_ignores(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[columns]\n"Nom complet" = "ignore"\n"Nom" = "full_name"\n"X" = "prison"\n', "utf-8")
    mapping = load_mapping(path)
    assert map_columns(["Nom complet", "Nom", "X"], mapping, "l.csv") == [None, F.FULL_NAME, F.PRISON]


def test_mapping_file_with_unknown_field_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[columns]\n"Nom" = "fullname"\n', "utf-8")
    with pytest.raises(InputError, match="unknown field 'fullname'"):
        load_mapping(path)


def _ingest_with_mapping(case: Case, tmp_path: Path, mapping_text: str) -> IngestReport:
    tmp_path.mkdir()
    lst = tmp_path / "liste.csv"
    lst.write_text(f"Nom,Exécuté le\nPerson {tmp_path.name.upper()},67/05/06\n", "utf-8")
    path = tmp_path / "m.toml"
    path.write_text(mapping_text, "utf-8")
    return ingest_files(case, [lst], IngestOptions(mapping=load_mapping(path)))


_COLUMNS = '[columns]\n"Nom" = "full_name"\n"Exécuté le" = "execution_date"\n'


def test_ingest_mapping_file_calendar_option_decides_two_digit_years(
    fresh_case: Case, tmp_path: Path
) -> None:
    """Rule: `[options] calendar` in a mapping file is how a list's undeclared dates are read: "67/05/06" is
    Solar Hijri 1367 under `solar_hijri` and refused (with the row named) under `gregorian`."""
    solar = _ingest_with_mapping(
        fresh_case, tmp_path / "a", _COLUMNS + '[options]\ncalendar = "solar_hijri"\n'
    )
    assert [f.status for f in solar.files] == ["ingested"]
    with fresh_case.read() as conn:
        stored = conn.execute(
            select(claims.c.date_start, claims.c.date_calendar).where(claims.c.predicate == "executed_on")
        ).one()
    assert (str(stored[0]), stored[1]) == ("1988-07-28", "solar_hijri")
    gregorian = _ingest_with_mapping(
        fresh_case, tmp_path / "b", _COLUMNS + '[options]\ncalendar = "gregorian"\n'
    )
    assert [f.status for f in gregorian.files] == ["rejected"]
    assert [(p.row, p.column) for p in gregorian.problems] == [(1, "Exécuté le")]
