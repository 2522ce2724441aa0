"""Column recognition and mapping files."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.errors import IngestError, InputError
from testament.ingest.mapping import EXTRA, load_mapping, map_columns
from testament.vocab import RecordField as F


def test_map_persian_headers_with_arabic_letters_and_zwnj() -> None:
    headers = ["نام", "نام خانوادگي", "نام\u200cپدر", "تاريخ اعدام", "سال تولد", "زندان", "كد"]
    assert map_columns(headers, None, "l.csv") == [
        F.GIVEN_NAME, F.SURNAME, F.FATHER_NAME, F.EXECUTION_DATE, F.BIRTH_YEAR, F.PRISON, F.RECORD_ID
    ]  # fmt: skip


def test_map_english_headers_case_and_spacing_insensitive() -> None:
    headers = ["Full_Name", "FATHER'S NAME", "Date of Execution", "Burial place", "Remarks", "Colour"]
    assert map_columns(headers, None, "l.csv") == [
        F.FULL_NAME, F.FATHER_NAME, F.EXECUTION_DATE, F.BURIAL_PLACE, F.NOTES, EXTRA
    ]  # fmt: skip


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
