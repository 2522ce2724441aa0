"""`testament ingest` and its options end to end, in-process: --mapping (columns and [options]), --strict,
--skip-bad-rows, --source, --kind, and UTF-16 lists and testimonies with and without a byte-order mark.
Exit codes: 0 ingested, 1 rows skipped, 2 a file refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.settings import Settings
from testament.store.case import Case
from testament.store.schema import sources
from tests.samples import BAD_ROWS

pytestmark = pytest.mark.sqlite
ENV = {"TESTAMENT_ACTOR": "ingest-test"}
runner = CliRunner()
ROWS = "name,father name,execution date\nعلی کاظمی,محمد,1367/05/15\nReza Karimi,Ali,1367/05/20\n"


def _run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case"
    assert _run("init", path).exit_code == 0
    return path


def _records(case: Path) -> list[list[str]]:
    return [[f["original"] for f in r["fields"]] for r in json.loads(_run("records", case, "--json").stdout)]


def _fields(case: Path) -> list[dict[str, dict]]:
    return [
        {f["predicate"]: f for f in r["fields"]} for r in json.loads(_run("records", case, "--json").stdout)
    ]


# --- --mapping ----------------------------------------------------------------------------------------------


def test_cli_ingest_mapping_maps_columns_and_reads_dates_in_its_calendar(case: Path, tmp_path: Path) -> None:
    (tmp_path / "fr.csv").write_text("Nom,Exécuté le,Couleur\nAli Kazemi,67/05/06,bleu\n", "utf-8")
    (tmp_path / "map.toml").write_text(
        '[columns]\n"Nom" = "full_name"\n"Exécuté le" = "execution_date"\n'
        '[options]\ncalendar = "solar_hijri"\nunknown_columns = "note"\n',
        "utf-8",
    )
    result = _run("ingest", case, tmp_path / "fr.csv", "--mapping", tmp_path / "map.toml", "--json")
    assert result.exit_code == 0, result.output
    (record,) = _fields(case)
    assert record["name"]["original"] == "Ali Kazemi"
    executed = record["executed_on"]
    assert (executed["calendar"], executed["interval"]) == ("solar_hijri", "1988-07-28/1988-07-28")
    assert any(f.get("column") == "Couleur" for f in record.values())  # kept as a note, by the mapping


def test_cli_ingest_without_mapping_refuses_unknown_headers_naming_them(case: Path, tmp_path: Path) -> None:
    (tmp_path / "fr.csv").write_text("Nom,Exécuté le\nAli Kazemi,67/05/06\n", "utf-8")
    result = _run("ingest", case, tmp_path / "fr.csv")
    assert result.exit_code == 2
    assert "'Exécuté le' (column 2)" in _flat(result.output) and "--mapping" in result.output
    assert _records(case) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[columns\n", "map.toml"),
        ('[columns]\n"Nom" = "no_such_field"\n', "no_such_field"),
        ('[options]\ncalendar = "lunar"\n', "options.calendar must be 'gregorian' or 'solar_hijri'"),
    ],
    ids=["not-toml", "unknown-field", "bad-calendar"],
)
def test_cli_ingest_bad_mapping_file_exits_2_naming_it(
    case: Path, tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "l.csv").write_text(ROWS, "utf-8")
    (tmp_path / "map.toml").write_text(text, "utf-8")
    result = _run("ingest", case, tmp_path / "l.csv", "--mapping", tmp_path / "map.toml")
    assert result.exit_code == 2, result.output
    assert expected in _flat(result.output) and "Traceback" not in result.output
    assert _records(case) == []


def test_cli_ingest_missing_mapping_file_exits_2(case: Path, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text(ROWS, "utf-8")
    result = _run("ingest", case, tmp_path / "l.csv", "--mapping", tmp_path / "absent.toml")
    assert result.exit_code == 2 and "absent.toml" in _flat(result.output)


# --- --strict and --skip-bad-rows ---------------------------------------------------------------------------


def test_cli_ingest_names_every_bad_row_but_strict_stops_at_the_first(case: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(BAD_ROWS, "utf-8")
    every = json.loads(_run("ingest", case, tmp_path / "bad.csv", "--json").stdout)["files"][0]
    strict = _run("ingest", case, tmp_path / "bad.csv", "--strict", "--json")
    assert strict.exit_code == 2
    first = json.loads(strict.stdout)["files"][0]
    assert every["status"] == first["status"] == "rejected"
    assert len(every["problems"]) >= 3 and len(first["problems"]) == 1
    assert first["problems"][0] == every["problems"][0]  # the same first problem, row and column named
    assert _records(case) == []


def test_cli_ingest_strict_stops_at_the_first_refused_file(case: Path, tmp_path: Path) -> None:
    (tmp_path / "a_bad.csv").write_text(BAD_ROWS, "utf-8")
    (tmp_path / "b_good.csv").write_text(ROWS, "utf-8")
    files = (tmp_path / "a_bad.csv", tmp_path / "b_good.csv")
    strict = json.loads(_run("ingest", case, *files, "--strict", "--json").stdout)["files"]
    assert [f["status"] for f in strict] == ["rejected"]
    lenient = json.loads(_run("ingest", case, *files, "--json").stdout)["files"]
    assert [f["status"] for f in lenient] == ["rejected", "ingested"]


def test_cli_ingest_skip_bad_rows_exits_1_and_keeps_the_good_rows(case: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(BAD_ROWS, "utf-8")
    result = _run("ingest", case, tmp_path / "bad.csv", "--skip-bad-rows")
    assert result.exit_code == 1, result.output
    assert "ingested bad.csv" in _flat(result.output) and "row 2 (line 3)" in _flat(result.output)
    assert [r[0] for r in _records(case)] == ["Ali Kazemi"]


# --- --source and --kind ------------------------------------------------------------------------------------


def test_cli_ingest_source_title_is_kept_for_every_file(case: Path, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text(ROWS, "utf-8")
    (tmp_path / "t.txt").write_text("On July 30, 1988, they took me to the prison.\n", "utf-8")
    result = _run("ingest", case, tmp_path / "l.csv", tmp_path / "t.txt", "--source", "Families' list, 1990")
    assert result.exit_code == 0, result.output
    with Case.open(case, settings=Settings(actor="reader")) as opened, opened.read() as conn:
        titles = conn.execute(select(sources.c.title).order_by(sources.c.id)).scalars().all()
    assert titles == ["Families' list, 1990", "Families' list, 1990"]


def test_cli_ingest_kind_that_does_not_fit_the_file_is_refused(case: Path, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text(ROWS, "utf-8")
    result = _run("ingest", case, tmp_path / "l.csv", "--kind", "testimony")
    assert result.exit_code == 2
    assert "--kind testimony does not fit a '.csv' file" in _flat(result.output)
    assert _records(case) == []
    assert _run("ingest", case, tmp_path / "l.csv", "--kind", "list").exit_code == 0
    assert len(_records(case)) == 2


# --- UTF-16 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),  # with its byte-order mark, as Excel's "Unicode text" saves
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),  # without a byte-order mark
        lambda t: t.encode("utf-16-be"),
    ],
    ids=["bom", "bom-be", "no-bom-le", "no-bom-be"],
)
def test_cli_ingest_utf16_list_reads_every_name(case: Path, tmp_path: Path, encode) -> None:
    (tmp_path / "l.csv").write_bytes(encode(ROWS))
    result = _run("ingest", case, tmp_path / "l.csv")
    assert result.exit_code == 0, result.output
    assert _records(case) == [["علی کاظمی", "محمد", "1367/05/15"], ["Reza Karimi", "Ali", "1367/05/20"]]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_cli_ingest_utf16_testimony_is_read_as_text(case: Path, tmp_path: Path, encoding: str) -> None:
    """Rule: a UTF-16 testimony saved without a byte-order mark is not read as UTF-8 text full of NULs."""
    (tmp_path / "t.txt").write_bytes("On July 30, 1988, they took me to Evin.\n".encode(encoding))
    assert _run("ingest", case, tmp_path / "t.txt").exit_code == 0
    assert _run("extract", case).exit_code == 0
    claims = json.loads(_run("review", "claims", case, "--list", "--type", "date", "--json").stdout)
    assert [c["value"] for c in claims] == ["1988-07-30/1988-07-30"]


def test_cli_ingest_utf16_without_bom_cut_in_half_a_character_is_refused(case: Path, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_bytes(
        "On July 30, 1988, they took me.\n".encode("utf-16-le")[:-1] + b"\x00\xd8"
    )
    result = _run("ingest", case, tmp_path / "t.txt")
    assert result.exit_code == 2
    assert "UTF-16 text saved without a byte-order mark, but is not valid UTF-16" in _flat(result.output)
