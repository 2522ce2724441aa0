"""`testament consent`, `export bundle|public|patterns|report` and `verify-bundle` end to end (SQLite; the
library functions they call are tested on every backend in tests/exports and tests/store)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from sqlalchemy import insert
from typer.testing import CliRunner, Result

from testament.cli.main import app
from testament.settings import Settings
from testament.store.case import Case
from testament.store.schema import persons

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}


def _run(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def test_cli_consent_bundle_public_and_verify(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    (tmp_path / "victims.csv").write_text("name,father name\nReza Karimi,Ali\n", "utf-8")
    assert _run("ingest", case, tmp_path / "victims.csv").exit_code == 0
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.write() as conn:
        conn.execute(insert(persons), [{"id": 1, "kind": "individual", "sensitivity": "internal"}])
    assert _run("keygen", tmp_path / "signer.key").exit_code == 0

    granted = _run("consent", "grant", case, 1, "share", "--recipient", "Partner NGO")
    assert granted.exit_code == 0, granted.output
    listed = _run("consent", "list", case, "--json")
    assert [r["use"] for r in json.loads(listed.stdout)] == ["share"]
    refused = _run("consent", "grant", case, 1, "share")
    assert refused.exit_code != 0 and "--recipient" in refused.output

    noted = _run("collection", case, 1, "--by", "Researcher", "--at", "2024-03-02T10:00Z", "--json")
    assert noted.exit_code == 0 and json.loads(noted.stdout)["collected_at"] == "2024-03-02T10:00:00Z"
    bad = _run("collection", case, 1, "--at", "yesterday")
    assert bad.exit_code != 0 and "zone" in bad.output

    bundle = tmp_path / "bundle.zip"
    made = _run(
        "export", "bundle", case, "--key", tmp_path / "signer.key", "--out", bundle, "--to", "Partner NGO"
    )
    assert made.exit_code == 0, made.output
    checked = _run("verify-bundle", bundle, "--pubkey", tmp_path / "signer.key.pub")
    assert checked.exit_code == 0 and "OK" in checked.output
    again = _run("export", "bundle", case, "--key", tmp_path / "signer.key", "--out", bundle, "--to", "X")
    assert again.exit_code != 0 and "already exists" in again.output
    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("manifest.json"))["recipient"] == "Partner NGO"

    dossier = _run("export", "dossier", case, 1, "--out", tmp_path / "d.html")
    assert dossier.exit_code == 0 and "<h1>Dossier of person 1</h1>" in (tmp_path / "d.html").read_text(
        "utf-8"
    )
    wrong = _run("export", "dossier", case, 1, "--out", tmp_path / "d.docx")
    assert wrong.exit_code != 0 and not (tmp_path / "d.docx").exists()

    public = _run("export", "public", case, "--out", tmp_path / "public", "--json")
    assert public.exit_code == 0, public.output
    assert json.loads(public.stdout)["victims"] == 0  # no person linked yet
    withdrawn = _run("consent", "withdraw", case, 1, "share", "--recipient", "Partner NGO")
    assert withdrawn.exit_code == 0 and "withdrawn" in withdrawn.output
    none = _run("export", "patterns", case, "--out", tmp_path / "p.csv")
    assert none.exit_code != 0 and "link" in none.output and not (tmp_path / "p.csv").exists()


def test_consent_list_shows_a_note_only_to_a_cleared_role(tmp_path: Path) -> None:
    """A consent's note can name the witness or whoever took the form: restricted, like their fields."""
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.write() as conn:
        conn.execute(insert(persons), [{"id": 1, "kind": "individual", "sensitivity": "internal"}])
    note = "form signed by Zohreh Canarypour at her sister's flat"
    assert _run("consent", "grant", case, 1, "publish", "--note", note).exit_code == 0
    env = ENV | {"TESTAMENT_NEW_PASSWORD": "correct horse battery staple 1988"}
    for user, role in (("viewer1", "viewer"), ("analyst1", "analyst"), ("inv1", "investigator")):
        added = runner.invoke(app, ["users", "add", str(case), user, "--role", role], env=env)
        assert added.exit_code == 0, added.output
    for user in ("viewer1", "analyst1"):
        listed = _run("consent", "list", case, "--json", "--as", user)
        assert listed.exit_code == 0, listed.output
        assert [r["note"] for r in json.loads(listed.stdout)] == [None] and "Canarypour" not in listed.output
        assert "withheld" in listed.stderr
    for who in (["--as", "inv1"], []):  # an investigator, and the case's owner
        listed = _run("consent", "list", case, "--json", *who)
        assert [r["note"] for r in json.loads(listed.stdout)] == [note]
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.read() as conn:
        from testament.store.custody import read_events

        disclosed = [json.loads(e.details) for e in read_events(conn) if e.event_type == "disclosed"]
    assert [d["fields"] for d in disclosed] == [[["consents", 1, "note"]]] * 2  # values never logged
    assert _run("consent", "list", case).exit_code == 0  # the table has no note column
