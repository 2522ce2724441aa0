"""Refusals of `init`, `keygen` and `artifact get` that a user meets: each exits with the documented code
(2 bad input or a folder that is not what was asked, 3 a failed check), names the path or option, gives a
hint, and leaves nothing half-made behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.sqlite
ENV = {"TESTAMENT_ACTOR": "case-test"}
runner = CliRunner()


def _run(*args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env={**ENV, **(env or {})})


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- init ---------------------------------------------------------------------------------------------------


def test_cli_init_twice_exits_2_naming_the_case(tmp_path: Path) -> None:
    assert _run("init", tmp_path / "case").exit_code == 0
    before = sorted(p.name for p in (tmp_path / "case").iterdir())
    result = _run("init", tmp_path / "case")
    assert result.exit_code == 2 and f"{tmp_path / 'case'}: already a case" in _flat(result.output)
    assert sorted(p.name for p in (tmp_path / "case").iterdir()) == before


def test_cli_init_in_a_folder_that_holds_files_is_refused_and_leaves_them(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "notes.txt").write_text("mine", "utf-8")
    result = _run("init", tmp_path / "case")
    assert result.exit_code == 2 and "folder is not empty" in _flat(result.output)
    assert [p.name for p in (tmp_path / "case").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--encrypt", "--db", "postgresql://u@127.0.0.1/x"), "--encrypt applies to embedded cases"),
        (
            ("--recovery-shares", "2-of-3"),
            "--recovery-shares: recovery shares rebuild the key of an encrypted",
        ),
        (("--encrypt", "--recovery-shares", "3-of-2"), "--recovery-shares"),
        (("--encrypt", "--recovery-shares", "two"), "--recovery-shares: expected K-of-N"),
        (("--db", "mysql://u@host/x"), "--db: unsupported database 'mysql'"),
        (("--db", "postgresql://u:secret@host/x"), "--db: the URL contains a password"),
        (
            ("--checkpoint-code", "--checkpoint-to", "."),
            "give --checkpoint-to or --checkpoint-code, not both",
        ),
    ],
    ids=[
        "encrypt-db",
        "shares-plain",
        "shares-k-over-n",
        "shares-spec",
        "mysql",
        "password",
        "both-checkpoints",
    ],
)
def test_cli_init_options_that_do_not_go_together_exit_2(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    result = _run("init", tmp_path / "case", *args, env={"TESTAMENT_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 2, result.output
    out = _flat(result.output)
    assert expected in out and "Hint:" in out and "secret" not in out
    assert not (tmp_path / "case").exists()


def test_cli_init_encrypted_without_a_passphrase_exits_2_and_makes_nothing(tmp_path: Path) -> None:
    result = _run("init", tmp_path / "case", "--encrypt")
    assert result.exit_code == 2 and "an encrypted case needs a passphrase" in _flat(result.output)
    assert not (tmp_path / "case").exists()


def test_cli_init_checkpoint_folder_missing_exits_2_before_making_the_case(tmp_path: Path) -> None:
    result = _run("init", tmp_path / "case", "--checkpoint-to", tmp_path / "usb")
    assert result.exit_code == 2 and "no such folder" in _flat(result.output)
    assert not (tmp_path / "case").exists()


def test_cli_init_with_checkpoint_code_prints_the_first_code(tmp_path: Path) -> None:
    result = _run("init", tmp_path / "case", "--checkpoint-code")
    assert result.exit_code == 0, result.output
    assert "checkpoint code: " in result.stderr
    code = result.stderr.split("checkpoint code: ")[1].split()[0]
    assert _run("verify", tmp_path / "case", "--code", code, "--no-record").exit_code == 0


def test_cli_open_a_folder_that_is_no_case_exits_2(tmp_path: Path) -> None:
    result = _run("status", tmp_path)
    assert result.exit_code == 2 and "not a Testament case" in _flat(result.output)
    assert "testament init" in result.output


# --- keygen -------------------------------------------------------------------------------------------------


def test_cli_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    assert _run("keygen", tmp_path / "k").exit_code == 0
    key = (tmp_path / "k").read_bytes()
    for existing in (tmp_path / "k", tmp_path / "other"):
        if existing.name == "other":
            (tmp_path / "other.pub").write_text("a partner's key", "utf-8")
        result = _run("keygen", existing)
        assert result.exit_code == 2 and "a key already exists there" in _flat(result.output)
    assert (tmp_path / "k").read_bytes() == key and not (tmp_path / "other").exists()


def test_cli_keygen_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = _run("keygen", tmp_path / "absent" / "k")
    assert result.exit_code == 2 and f"{tmp_path / 'absent'}: no such folder" in _flat(result.output)


# --- artifact get -------------------------------------------------------------------------------------------


@pytest.fixture
def case_with_a_file(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    (tmp_path / "t.txt").write_text("On July 30, 1988, they took me to the prison.\n", "utf-8")
    assert _run("ingest", case, tmp_path / "t.txt").exit_code == 0
    return case


def test_cli_artifact_get_refuses_bad_destinations(case_with_a_file: Path, tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    for out, expected in (
        (tmp_path / "absent" / "t.txt", "no such folder"),
        (tmp_path / "dir", "is a folder"),
    ):
        result = _run("artifact", "get", case_with_a_file, 1, "--out", out)
        assert result.exit_code == 2 and expected in _flat(result.output), result.output


def test_cli_artifact_get_of_a_tampered_blob_exits_3_and_writes_nothing(
    case_with_a_file: Path, tmp_path: Path
) -> None:
    blob = next(p for p in (case_with_a_file / "blobs").rglob("*") if p.is_file())
    blob.chmod(0o600)
    blob.write_bytes(blob.read_bytes().replace(b"July", b"June"))
    result = _run("artifact", "get", case_with_a_file, 1, "--out", tmp_path / "out.txt")
    assert result.exit_code == 3, result.output
    assert not (tmp_path / "out.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]  # no temp file left
