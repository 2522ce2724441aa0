"""The command line end to end, in-process, on every backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from tests.conftest import PASSPHRASE
from tests.samples import BAD_ROWS, CP1256_ROWS, TESTIMONY

runner = CliRunner()
ENV = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}


def _run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env or ENV)


@pytest.fixture
def cli_case(tmp_path: Path, case_options: dict[str, object]) -> Path:
    case = tmp_path / "case"
    opts = ["--encrypt"] if case_options.get("encrypt") else []
    if case_options.get("db_url"):
        opts = ["--db", str(case_options["db_url"])]
    result = _run("init", case, *opts)
    assert result.exit_code == 0, result.output
    return case


def test_cli_ingest_status_records_verify(cli_case: Path, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    (tmp_path / "t.md").write_text(TESTIMONY, "utf-8")
    result = _run("ingest", cli_case, tmp_path / "l.csv", tmp_path / "t.md", "--json")
    assert result.exit_code == 0, result.output
    assert [f["status"] for f in json.loads(result.stdout)["files"]] == ["ingested", "ingested"]
    status = json.loads(_run("status", cli_case, "--json").stdout)
    assert {k: status[k] for k in ("sources", "artifacts", "person_records", "claims", "custody_events")} == {
        "sources": 2, "artifacts": 2, "person_records": 2, "claims": 12, "custody_events": 6
    }  # fmt: skip
    records = json.loads(_run("records", cli_case, "--json").stdout)
    executed = next(f for f in records[0]["fields"] if f["predicate"] == "executed_on")
    assert executed["original"] == "1367/05/15" and executed["interval"] == "1988-08-06/1988-08-06"
    result = _run("verify", cli_case, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def test_cli_ingest_bad_rows_exit_nonzero_and_name_rows(cli_case: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(BAD_ROWS, "utf-8")
    result = _run("ingest", cli_case, tmp_path / "bad.csv")
    assert result.exit_code == 2  # a refused file is bad input
    assert "bad.csv, row 2 (line 3), column 'execution date'" in result.output
    assert "Traceback" not in result.output
    assert json.loads(_run("status", cli_case, "--json").stdout)["person_records"] == 0


def test_cli_checkpoint_then_verify_with_it(cli_case: Path, tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(TESTIMONY, "utf-8")
    _run("ingest", cli_case, tmp_path / "t.md")
    assert _run("keygen", tmp_path / "partner.key").exit_code == 0
    result = _run("checkpoint", cli_case, "--key", tmp_path / "partner.key", "--out", tmp_path / "cp.json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seq"] == 3
    result = _run(
        "verify", cli_case, "--checkpoint", tmp_path / "cp.json", "--pubkey", tmp_path / "partner.key.pub"
    )
    assert result.exit_code == 0, result.output
    assert "checkpoint holds" in result.output


@pytest.mark.sqlite
def test_cli_verify_tampered_blob_exits_3_and_names_it(tmp_path: Path) -> None:
    case = tmp_path / "case"
    _run("init", case)
    (tmp_path / "t.md").write_text(TESTIMONY, "utf-8")
    _run("ingest", case, tmp_path / "t.md")
    blob = next(p for p in (case / "blobs").rglob("*") if p.is_file())
    blob.chmod(0o644)
    blob.write_bytes(blob.read_bytes().replace(b"corridor", b"corrid0r"))
    result = _run("verify", case)
    assert result.exit_code == 3
    assert "artifact 1" in result.output and "does not match" in result.output


@pytest.mark.sqlcipher
def test_cli_wrong_passphrase_one_clear_message(tmp_path: Path) -> None:
    _run("init", tmp_path / "case", "--encrypt")
    result = _run("status", tmp_path / "case", env={"TESTAMENT_PASSPHRASE": "wrong"})
    assert result.exit_code == 2
    assert "wrong passphrase" in result.output and "Traceback" not in result.output


def test_cli_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"`testament {name}` has no help"
        assert f"testament {name}" in docs, f"`testament {name}` is not in docs/cli.md"
        assert _run(name, "--help").exit_code == 0


@pytest.mark.sqlite
def test_cli_file_names_with_brackets_are_shown_whole(tmp_path: Path) -> None:
    """Rich markup would read `[draft]` as a tag and print `lists.csv`."""
    case = tmp_path / "case[1]"
    assert _run("init", case).exit_code == 0
    listed = tmp_path / "lists[draft].csv"
    listed.write_text("name,father name\nPerson One,Father\n", "utf-8")
    result = _run("ingest", case, listed)
    assert result.exit_code == 0, result.output
    assert "lists[draft].csv" in result.output
    missing = _run("ingest", case, tmp_path / "gone[old].csv")
    assert missing.exit_code != 0 and "gone[old].csv" in missing.output
