"""Issue 14 end to end on every backend: automatic checkpoints from `init`, `checkpoint-to`, `verify --code`,
and reading the evidence back (`artifacts`, `artifact get`, `custody --csv`), each read logged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.settings import Settings
from testament.store.case import Case
from testament.store.crypto import KdfParams
from testament.store.schema import artifacts, custody_events, metadata, sources
from testament.tabular import read_csv
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.samples import TESTIMONY

runner = CliRunner()
ENV = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}


@pytest.fixture(autouse=True)
def _test_strength_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """`init --encrypt` stretches the passphrase at test strength, as tests/conftest.py's `fresh_case` does:
    these tests are about checkpoints and reads, and every command reopens the case (Testament's argon2id,
    ~0.3 s an open, was most of each SQLCipher test). `init --encrypt` at Testament's own parameters is
    run by tests/cli/test_commands.py, test_passphrase.py and test_case_errors.py."""
    monkeypatch.setattr(KdfParams, "new", classmethod(lambda cls: cls(salt=os.urandom(16), **TEST_KDF)))


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def _flat(text: str) -> str:
    """Output as one line: Rich wraps long messages at the terminal's width."""
    return " ".join(text.split())


def _init(tmp_path: Path, case_options: dict[str, object], *extra: object) -> Path:
    case = tmp_path / "case"
    opts: list[object] = ["--encrypt"] if case_options.get("encrypt") else []
    if case_options.get("db_url"):
        opts = ["--db", case_options["db_url"]]
    result = _run("init", case, *opts, *extra)
    assert result.exit_code == 0, result.output
    return case


def _ingest_two(case: Path, tmp_path: Path) -> None:
    (tmp_path / "first.md").write_text(TESTIMONY, "utf-8")
    (tmp_path / "second.md").write_text(TESTIMONY.replace("corridor", "courtyard"), "utf-8")
    for name in ("first.md", "second.md"):
        result = _run("ingest", case, tmp_path / name)
        assert result.exit_code == 0, result.output


def _delete_second_ingest(case_dir: Path) -> None:
    """Straight SQL, as an insider would: the second file's rows, custody events and blob."""
    with Case.open(case_dir, settings=Settings(actor="insider", passphrase=PASSPHRASE)) as case:
        engine = case.backend.engine
        with engine.begin() as conn:
            aid, sid, sha = conn.execute(
                select(artifacts.c.id, artifacts.c.source_id, artifacts.c.sha256).where(artifacts.c.id == 2)
            ).one()
            first = conn.execute(
                select(func.min(custody_events.c.seq)).where(custody_events.c.artifact_sha256 == sha)
            ).scalar_one()
            for table in reversed(metadata.sorted_tables):
                if "artifact_id" in table.c:
                    conn.execute(delete(table).where(table.c.artifact_id == aid))
            conn.execute(delete(artifacts).where(artifacts.c.id == aid))
            conn.execute(delete(sources).where(sources.c.id == sid))
            conn.execute(delete(custody_events).where(custody_events.c.seq >= first))
        blob = case.blobs.path_for(sha)
    os.chmod(blob, 0o600)
    blob.unlink()


def test_cli_automatic_checkpoints_catch_deleted_newest_ingest(
    tmp_path: Path, case_options: dict[str, object]
) -> None:
    (tmp_path / "partner").mkdir()
    case = _init(tmp_path, case_options, "--checkpoint-to", tmp_path / "partner")
    _ingest_two(case, tmp_path)
    result = _run("verify", case)
    assert result.exit_code == 0, result.output
    assert "checkpoint holds" in result.stdout and "newest checkpoint checked: made" in _flat(result.stdout)
    _delete_second_ingest(case)
    result = _run("verify", case, "--json")
    assert result.exit_code == 3, result.output
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["kind"] == "checkpoint_missing" and "were deleted" in finding["message"]
    # The next logged event is not checkpointed over the evidence, and the command says so. (Not verify's own
    # `verified` event: verify skips it when another test's case holds PostgreSQL's advisory lock.)
    result = _run("artifacts", case, "--json")
    assert "automatic checkpoint not written" in _flat(result.stderr)


def test_cli_checkpoint_code_printed_on_stderr_and_checked(
    tmp_path: Path, case_options: dict[str, object]
) -> None:
    case = _init(tmp_path, case_options)
    result = _run("checkpoint-to", case, "--code")
    assert result.exit_code == 0, result.output
    _ingest_two(case, tmp_path)
    ingest = _run("ingest", case, tmp_path / "first.md")  # unchanged: no event, no code
    assert "checkpoint code" not in ingest.output
    result = _run("artifacts", case, "--json")  # a read logs an event, so it prints a code
    code = result.stderr.split("checkpoint code: ")[1].split()[0]
    assert _run("verify", case, "--code", code, "--no-record").exit_code == 0
    _delete_second_ingest(case)
    result = _run("verify", case, "--code", code, "--no-record")
    assert result.exit_code == 3 and f"checkpoint code {code}" in _flat(result.output)
    result = _run("verify", case, "--code", "not-a-code")
    assert result.exit_code == 2 and "not a checkpoint code" in _flat(result.output)


def test_cli_artifacts_get_and_custody_csv_are_logged(
    tmp_path: Path, case_options: dict[str, object]
) -> None:
    case = _init(tmp_path, case_options)
    _ingest_two(case, tmp_path)
    result = _run("artifacts", case, "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [a["filename"] for a in listed] == ["first.md", "second.md"] and listed[0]["custody_events"]
    out = tmp_path / "back.md"
    assert _run("artifact", "get", case, 2, "--out", out).exit_code == 0
    assert out.read_bytes() == (tmp_path / "second.md").read_bytes()
    again = _run("artifact", "get", case, 2, "--out", out)
    assert again.exit_code == 2 and "already exists" in _flat(again.output)
    assert _run("artifact", "get", case, 2, "--out", out, "--force").exit_code == 0
    assert _run("artifact", "get", case, 9, "--out", tmp_path / "none.md").exit_code == 2
    result = _run("custody", case, "--csv")
    assert result.exit_code == 0, result.output
    _, rows = read_csv(result.stdout)
    assert [r["event_type"] for r in rows][-4:] == ["read", "exported", "exported", "read"]
    assert _run("verify", case).exit_code == 0


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "args",
    [
        ["checkpoint-to", "{case}"],
        ["checkpoint-to", "{case}", "{tmp}", "--code"],
        ["checkpoint-to", "{case}", "{case}"],
    ],
    ids=["none", "two", "inside-case"],
)
def test_cli_checkpoint_to_bad_choice_exits_2(tmp_path: Path, args: list[str]) -> None:
    case = _init(tmp_path, {})
    result = _run(*(a.format(case=case, tmp=tmp_path) for a in args))
    assert result.exit_code == 2 and "Error" in result.output


@pytest.mark.sqlite
def test_cli_init_refuses_missing_checkpoint_folder_before_creating(tmp_path: Path) -> None:
    result = _run("init", tmp_path / "case", "--checkpoint-to", tmp_path / "absent")
    assert result.exit_code == 2 and "no such folder" in _flat(result.output)
    assert not (tmp_path / "case").exists()
