"""Mapping files and column messages, each rule stated by the test that defends it: every option of a mapping
file is read (or refused, naming the file and the option), and a refused list says which columns, by header
or position."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.errors import IngestError, InputError
from testament.ingest.mapping import ColumnMapping, load_mapping, map_columns, normalise_header
from testament.vocab import RecordField as F


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, "utf-8")
    return path


def test_load_mapping_reads_every_option(tmp_path: Path) -> None:
    """Rule: each `[options]` key of a mapping file reaches the ingest (calendar, date order, what to do
    with unknown columns), and the file is named as the mapping's source."""
    path = _write(
        tmp_path,
        '[columns]\n"Nom" = "full_name"\n"Ville" = "ignore"\n'
        '[options]\ncalendar = "solar_hijri"\ndate_order = "month-first"\nunknown_columns = "note"\n',
    )
    assert load_mapping(path) == ColumnMapping(
        columns={"Nom": "full_name", "Ville": "ignore"},
        calendar="solar_hijri",
        source=str(path),
        date_order="month-first",
        unknown_columns="note",
    )


@pytest.mark.parametrize("order", ["auto", "day-first", "month-first"])
def test_load_mapping_accepts_each_date_order(tmp_path: Path, order: str) -> None:
    assert load_mapping(_write(tmp_path, f'[options]\ndate_order = "{order}"\n')).date_order == order


@pytest.mark.parametrize("choice", ["refuse", "note", "ignore"])
def test_load_mapping_accepts_each_unknown_columns_choice(tmp_path: Path, choice: str) -> None:
    assert (
        load_mapping(_write(tmp_path, f'[options]\nunknown_columns = "{choice}"\n')).unknown_columns == choice
    )


def test_load_mapping_without_options_leaves_every_choice_to_the_command(tmp_path: Path) -> None:
    mapping = load_mapping(_write(tmp_path, ""))
    assert (mapping.columns, mapping.calendar, mapping.date_order, mapping.unknown_columns) == (
        {},
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[options]\ncalendar = "lunar"\n', "options.calendar must be 'gregorian' or 'solar_hijri'"),
        (
            '[options]\ndate_order = "DD/MM"\n',
            "options.date_order must be 'auto', 'day-first' or 'month-first'",
        ),
        (
            '[options]\nunknown_columns = "keep"\n',
            "options.unknown_columns must be 'refuse', 'note' or 'ignore'",
        ),
        ('columns = "Nom"\n', '[columns] must be a table of "header" = "field"'),
        ('[columns]\n"Nom" = "fullname"\n', "column 'Nom' maps to unknown field 'fullname'"),
    ],
    ids=["calendar", "date_order", "unknown_columns", "columns-not-table", "unknown-field"],
)
def test_load_mapping_bad_option_is_refused_naming_file_and_option(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert caught.value.message == f"{path}: {message}"


def test_load_mapping_missing_or_not_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_mapping(tmp_path / "absent.toml")
    assert caught.value.message == f"{tmp_path / 'absent.toml'}: mapping file not found"
    path = _write(tmp_path, "[columns\n")
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert caught.value.message.startswith(f"{path}: not valid TOML (")
    path.write_bytes(b'[columns]\n"Nom" = "\xff"\n')
    with pytest.raises(InputError, match="not valid TOML"):
        load_mapping(path)


def test_load_mapping_reads_utf8_headers(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes('[columns]\n"نام" = "given_name"\n'.encode())
    assert load_mapping(path).columns == {"نام": "given_name"}


def test_load_mapping_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """Rule: a mapping file is UTF-8 (TOML says so), also on a machine whose locale is not: Persian headers
    in it are read, not refused, when the process runs in the C (ASCII) locale."""
    import locale

    path = tmp_path / "m.toml"
    path.write_bytes('[columns]\n"نام پدر" = "father_name"\n'.encode())
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        columns = load_mapping(path).columns
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert columns == {"نام پدر": "father_name"}


@pytest.mark.parametrize(
    ("header", "normal"),
    [
        ("  Nom :* ", "nom"),
        ("*Full   Name:", "full name"),
        ("نام_خانوادگي", "نام خانوادگی"),
        ("نام\u200cپدر", "نام پدر"),
        ("ＮＡＭＥ", "name"),
    ],
)
def test_normalise_header_folds_case_letters_spacing_and_markers(header: str, normal: str) -> None:
    assert normalise_header(header) == normal


def test_map_columns_header_with_bytes_that_are_not_text_is_refused_by_position() -> None:
    with pytest.raises(IngestError) as caught:
        map_columns(["name", "ci\x00ty"], None, "l.csv")
    assert caught.value.message == (
        "l.csv: the header of column 2 holds bytes that are not text (a NUL byte or half a character)"
    )


def test_map_columns_two_columns_for_one_field_named_by_header_or_position() -> None:
    with pytest.raises(IngestError) as caught:
        map_columns(["Full Name", "", "name"], ColumnMapping(columns={"": "full_name"}), "l.csv")
    assert caught.value.message == "l.csv: columns 'Full Name' and '#2' both map to full_name"


def test_map_columns_unknown_blank_header_is_named_by_position() -> None:
    with pytest.raises(IngestError) as caught:
        map_columns(["name", " "], None, "l.csv")
    assert (
        caught.value.message
    ) == "l.csv: column(s) not recognised: column 2 (no header); nothing was ingested from this file"


@pytest.mark.parametrize(("unknown", "more"), [(8, ""), (9, " and 1 more"), (12, " and 4 more")])
def test_map_columns_names_eight_unknown_columns_and_counts_the_rest(unknown: int, more: str) -> None:
    headers = ["name", *[f"c{i}" for i in range(unknown)]]
    with pytest.raises(IngestError) as caught:
        map_columns(headers, None, "l.csv")
    named = ", ".join(f"'c{i}' (column {i + 2})" for i in range(min(unknown, 8)))
    assert caught.value.message == (
        f"l.csv: column(s) not recognised: {named}{more}; nothing was ingested from this file"
    )


def test_map_columns_mapping_file_choice_of_unknown_columns_wins() -> None:
    assert map_columns(["name", "x"], ColumnMapping(unknown_columns="ignore"), "l.csv", unknown="refuse") == [
        F.FULL_NAME,
        None,
    ]
