"""Bad input at the command line: every crafted file of issue 15 gets a clear refusal (exit 2) or is read,
on SQLite and PostgreSQL; paths and cells holding Rich markup are printed as they are; repeated options
apply in full; the review prompt re-asks on a key it does not know. Never "Internal error", never a
traceback."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from tests.ingest.hostile import crafted_files

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}
STORES = [
    pytest.param("sqlite", marks=pytest.mark.sqlite),
    pytest.param("postgres", marks=pytest.mark.postgres),
]

INGESTED = {
    "multi-line.csv", "two-sheets.xlsx", "method.zip", "markup-member.zip", "markup-member.zip/[/]list.csv",
    "markup-member.zip/[bold]t.txt", "nul.txt",
}  # fmt: skip


def _run(*args: object, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], env=ENV, input=input)


def _flat(output: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(output.split())


def _clean(output: str) -> None:
    assert "Internal error" not in output and "Traceback" not in output, output


@pytest.fixture(params=STORES)
def new_case(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    case = tmp_path / "case"
    db = ["--db", request.getfixturevalue("pg_schema_url")] if request.param == "postgres" else []
    assert _run("init", case, *db).exit_code == 0
    return case


def test_cli_ingest_crafted_files_refused_clearly_or_read(new_case: Path, tmp_path: Path) -> None:
    paths = []
    for name, data in crafted_files().items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    result = _run("ingest", new_case, *paths, "--json")
    _clean(result.output)
    assert result.exit_code == 2  # a refused file is bad input
    files = json.loads(result.stdout)["files"]
    status = {f["file"]: f["status"] for f in files}
    assert {n for n, s in status.items() if s == "ingested"} == INGESTED
    assert set(status) == set(crafted_files()) | INGESTED | {"method.zip/list.csv"}
    for refused in (f for f in files if f["status"] == "rejected"):
        assert refused["message"].startswith(refused["file"] + ":") and "Hint:" in refused["message"]
    counts = json.loads(_run("status", new_case, "--json").stdout)

    again = _run("ingest", new_case, *paths)  # text output: names with [markup] printed as they are
    _clean(again.output)
    assert again.exit_code == 2
    assert "unchanged markup-member.zip/[/]list.csv" in _flat(again.output)
    assert json.loads(_run("status", new_case, "--json").stdout) == counts  # refusals changed nothing


def test_cli_ingest_unknown_column_named_then_kept_as_note(new_case: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(crafted_files()["unknown-column.csv"])
    result = _run("ingest", new_case, path)
    assert result.exit_code == 2 and "'شماره پرونده' (column 2)" in _flat(result.output)
    assert "--unknown-columns note" in _flat(result.output)
    kept = _run("ingest", new_case, path, "--unknown-columns", "note", "--json")
    assert kept.exit_code == 0, kept.output
    assert json.loads(kept.stdout)["files"][0]["claims"] == 2


def test_cli_paths_with_markup_printed_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "a[b]").mkdir()
    case = tmp_path / "a[b]" / "case[/]"
    result = _run("init", case)
    # the path as printed (Rich may break a long one across lines at 80 columns: joined again)
    assert result.exit_code == 0 and "a[b]/case[/]" in "".join(result.output.split())
    result = _run("status", case)
    _clean(result.output)
    assert result.exit_code == 0 and "a[b]" in result.output
    (tmp_path / "l[bold].csv").write_text("name,notes\nA [/] B,[red]x\n", "utf-8")
    assert _run("ingest", case, tmp_path / "l[bold].csv").exit_code == 0
    result = _run("records", case)
    _clean(result.output)
    assert result.exit_code == 0 and "A [/] B" in result.output and "[red]x" in result.output
    result = _run("status", tmp_path / "no[/]case")
    _clean(result.output)
    assert result.exit_code == 2 and "no[/]case" in result.output


def test_cli_keygen_into_missing_folder_exits_2(tmp_path: Path) -> None:
    result = _run("keygen", tmp_path / "missing" / "key.pem")
    _clean(result.output)
    assert result.exit_code == 2 and "no such folder" in _flat(result.output)


def test_cli_ingest_damaged_pdf_prints_no_pypdf_noise(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    pdf = crafted_files()["deep.pdf"].replace(b"startxref\n", b"startxref\n1")  # a wrong xref offset too
    (tmp_path / "t.pdf").write_bytes(pdf)
    with caplog.at_level(logging.DEBUG, logger="pypdf"):
        result = _run("ingest", case, tmp_path / "t.pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    assert result.exit_code == 2 and "t.pdf: the PDF is damaged" in _flat(result.output)


# --- review claims: repeated --edit, the interactive prompt ----------------------------------------------


@pytest.fixture
def extracted_case(tmp_path: Path) -> Path:
    from tests.extract.conftest import SEED

    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    seed = tmp_path / SEED.name
    seed.write_bytes(SEED.read_bytes())
    assert _run("ingest", case, seed).exit_code == 0
    assert _run("extract", case).exit_code == 0
    return case


def _counts(case: Path) -> list[dict[str, object]]:
    listed = _run("review", "claims", case, "--list", "--type", "count", "--status", "proposed", "--json")
    return json.loads(listed.stdout)  # type: ignore[no-any-return]


@pytest.mark.sqlite
def test_cli_review_repeated_edit_applies_every_one(extracted_case: Path) -> None:
    first, second, _third = (c["claim_id"] for c in _counts(extracted_case))
    edits = ["--edit", first, "--value", "31000", "--edit", second, "--value", "170"]
    result = _run("review", "claims", extracted_case, *edits, "--json")
    assert result.exit_code == 0, result.output
    assert [(c["claim_id"], str(c["value"]), c["status"]) for c in json.loads(result.stdout)] == [
        (first, "31000", "edited"),
        (second, "170", "edited"),
    ]
    result = _run("review", "claims", extracted_case, "--edit", first, "--edit", second, "--value", "1")
    assert result.exit_code == 2 and "2 --edit but 1 --value" in _flat(result.output)


@pytest.mark.sqlite
def test_cli_review_prompt_reasks_on_unknown_key(
    extracted_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("testament.cli.extract._interactive", lambda: True)
    first = _counts(extracted_case)[0]["claim_id"]
    args = ("review", "claims", extracted_case, "--type", "count", "--limit", "1")
    result = _run(*args, input="x\nfoo\na\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Type a, e, r, s or q") == 2
    assert _counts(extracted_case)[0]["claim_id"] != first  # accepted, not skipped
