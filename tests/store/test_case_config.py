"""A damaged or hand-edited `case.json` is refused when the case is opened, naming the file and the entry,
with a hint to restore it; never met later as an internal error deep inside a command (exit 70). Likewise a
case folder whose database holds no case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import StoreError
from testament.settings import Settings
from testament.store.case import Case

ENV = {"TESTAMENT_ACTOR": "config-test"}
RESTORE = "restore case.json from a backup of the case folder"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A plain SQLite case (closed) and its case.json as written."""
    path = tmp_path_factory.mktemp("config") / "case"
    Case.create(path, settings=Settings(actor="config-test")).close()
    return path, json.loads((path / "case.json").read_text("utf-8"))


def _open(path: Path) -> Case:
    return Case.open(path, settings=Settings(actor="config-test"))


def _write(path: Path, text: str) -> None:
    (path / "case.json").write_text(text, "utf-8")


@pytest.fixture
def case_dir(pristine: tuple[Path, dict]) -> Path:
    path, raw = pristine
    yield path
    _write(path, json.dumps(raw))  # put back for the next test


@pytest.mark.parametrize(
    "text",
    ["", "{half", "[1, 2]", '"a string"', "null", '{"case_id": "x"}', "\udcff"],
    ids=["empty", "truncated", "list", "string", "null", "missing-entries", "not-utf8"],
)
def test_open_unreadable_case_json_names_the_file(case_dir: Path, text: str) -> None:
    (case_dir / "case.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(StoreError) as err:
        _open(case_dir)
    assert err.value.message == f"{case_dir / 'case.json'}: unreadable case settings"
    assert err.value.hint == RESTORE


def test_open_case_json_with_an_unknown_entry_is_refused(case_dir: Path, pristine: tuple[Path, dict]) -> None:
    _write(case_dir, json.dumps({**pristine[1], "owner": "someone"}))
    with pytest.raises(StoreError, match="unreadable case settings"):
        _open(case_dir)


@pytest.mark.parametrize(
    ("entry", "value", "named"),
    [
        ("encrypted", "no", "'encrypted' is str"),
        ("encrypted", 0, "'encrypted' is int"),
        ("database", 5, "'database' is int"),
        ("database", "mysql://db.example/case", "'database' is neither sqlite nor a PostgreSQL URL"),
        ("database", "::", "'database' is neither sqlite nor a PostgreSQL URL"),
        ("format", "1", "'format' is str"),
        ("format", True, "'format' is bool"),
        ("case_id", 7, "'case_id' is int"),
        ("kdf", "argon2id", "'kdf' is str"),
        ("checkpoints", "folder", "'checkpoints' is str"),
        ("checkpoints", {"to": "folder"}, "'checkpoints' names neither a folder nor codes"),
        ("checkpoints", {"to": "usb"}, "'checkpoints' names neither a folder nor codes"),
        ("encrypted", True, "an encrypted case without its 'kdf' parameters"),
    ],
)
def test_open_case_json_entry_of_the_wrong_kind_is_named(
    case_dir: Path, pristine: tuple[Path, dict], entry: str, value: object, named: str
) -> None:
    _write(case_dir, json.dumps({**pristine[1], entry: value}))
    with pytest.raises(StoreError) as err:
        _open(case_dir)
    assert err.value.message == f"{case_dir / 'case.json'}: unreadable case settings ({named})"
    assert err.value.hint == RESTORE


def test_open_case_json_of_a_future_format_is_refused(case_dir: Path, pristine: tuple[Path, dict]) -> None:
    _write(case_dir, json.dumps({**pristine[1], "format": 2}))
    with pytest.raises(StoreError, match="case format 2 is not supported by this Testament"):
        _open(case_dir)


def test_open_case_json_checkpoints_to_codes_is_accepted(case_dir: Path, pristine: tuple[Path, dict]) -> None:
    _write(case_dir, json.dumps({**pristine[1], "checkpoints": {"to": "code", "public_key": "x"}}))
    with _open(case_dir) as case:
        assert case.config.checkpoints == {"to": "code", "public_key": "x"}


@pytest.mark.parametrize("command", ["status", "verify", "custody", "records"])
def test_cli_damaged_case_json_exits_1_for_every_command(
    case_dir: Path, pristine: tuple[Path, dict], command: str
) -> None:
    _write(case_dir, json.dumps({**pristine[1], "checkpoints": "folder"}))
    result = CliRunner().invoke(app, [command, str(case_dir)], env=ENV)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "unreadable case settings ('checkpoints' is str)" in out and f"Hint: {RESTORE}" in out
    assert "Internal error" not in out and "Traceback" not in out


def test_open_case_whose_database_holds_no_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case"
    Case.create(path, settings=Settings(actor="config-test")).close()
    (path / "case.db").write_bytes(b"")  # an empty database file, as a failed copy leaves it
    with pytest.raises(StoreError, match="the database holds no Testament case") as err:
        _open(path)
    assert "case.json" in (err.value.hint or "")
    result = CliRunner().invoke(app, ["status", str(path)], env=ENV)
    assert result.exit_code == 1 and "Internal error" not in result.output


@pytest.mark.postgres
def test_open_case_json_pointing_at_an_empty_postgres_schema_is_refused(
    case_dir: Path, pristine: tuple[Path, dict], pg_schema_url: str
) -> None:
    """A URL written the way users write --db (postgresql://, no driver) is accepted; an empty database is
    named as such, not met as a missing table."""
    _write(case_dir, json.dumps({**pristine[1], "database": pg_schema_url}))
    assert pg_schema_url.startswith("postgresql://")
    with pytest.raises(StoreError, match="the database holds no Testament case"):
        _open(case_dir)
