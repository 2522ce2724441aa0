"""Contract tests for creating and opening cases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from testament.errors import CaseExistsError, CaseNotFoundError, InputError, PassphraseError
from testament.settings import Settings
from testament.store.case import Case


def test_create_case_reports_empty_status(fresh_case: Case, backend: str) -> None:
    status = fresh_case.status()
    assert (
        status["backend"] == {"sqlite": "SQLite", "sqlcipher": "SQLCipher", "postgres": "PostgreSQL"}[backend]
    )
    assert status["encrypted"] is (backend == "sqlcipher")
    assert {k: status[k] for k in ("sources", "artifacts", "person_records", "claims", "custody_events")} == {
        "sources": 0, "artifacts": 0, "person_records": 0, "claims": 0, "custody_events": 0
    }  # fmt: skip


def test_open_case_after_close_keeps_identity(fresh_case: Case, settings: Settings) -> None:
    fresh_case.close()
    with Case.open(fresh_case.path, settings=settings) as reopened:
        assert reopened.config.case_id == fresh_case.config.case_id


def test_create_case_in_existing_case_refused(fresh_case: Case, settings: Settings) -> None:
    with pytest.raises(CaseExistsError):
        Case.create(fresh_case.path, settings=settings)


def test_open_missing_case_refused(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(CaseNotFoundError, match="not a Testament case"):
        Case.open(tmp_path / "nowhere", settings=settings)


@pytest.mark.sqlcipher
def test_open_encrypted_case_with_wrong_passphrase_says_so(tmp_path: Path, settings: Settings) -> None:
    Case.create(tmp_path / "c", settings=settings, encrypt=True).close()
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        Case.open(tmp_path / "c", settings=replace(settings, passphrase="not it"))
    with pytest.raises(PassphraseError, match="encrypted"):
        Case.open(tmp_path / "c", settings=replace(settings, passphrase=None))


@pytest.mark.sqlcipher
def test_create_encrypted_case_without_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError):
        Case.create(tmp_path / "c", settings=Settings(actor="t", passphrase=None), encrypt=True)
    assert not (tmp_path / "c").exists()


@pytest.mark.postgres
def test_create_case_in_database_holding_a_case_refused(
    tmp_path: Path, settings: Settings, pg_schema_url: str
) -> None:
    Case.create(tmp_path / "a", settings=settings, db_url=pg_schema_url).close()
    with pytest.raises(CaseExistsError, match="already holds"):
        Case.create(tmp_path / "b", settings=settings, db_url=pg_schema_url)
    assert not (tmp_path / "b").exists()


def test_db_url_with_password_refused(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError, match="PGPASSWORD"):
        Case.create(tmp_path / "c", settings=settings, db_url="postgresql://u:secret@localhost/db")
