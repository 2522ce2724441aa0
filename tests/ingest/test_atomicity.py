"""A file lands whole or not at all, even when the database fails half-way; and the failure leaks no names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from tests.conftest import PASSPHRASE
from tests.samples import CP1256_ROWS


def _break_custody_log(case: Case) -> None:
    """A real failure at the last step of ingest: the database refuses the custody events."""
    with case.write() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON custody_events "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON custody_events "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


def _blob_files(case: Case) -> list[Path]:
    return sorted(p for p in (case.path / "blobs").rglob("*") if p.is_file())


def test_ingest_database_failure_leaves_nothing_behind(fresh_case: Case, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    _break_custody_log(fresh_case)
    before = fresh_case.status()
    with pytest.raises(Exception, match="refused"):
        ingest_files(fresh_case, [tmp_path / "l.csv"], IngestOptions())
    assert fresh_case.status() == before
    assert _blob_files(fresh_case) == []


@pytest.mark.sqlite
def test_cli_database_failure_prints_no_case_data(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    Case.create(case_dir, settings=Settings(actor="t")).close()
    with Case.open(case_dir, settings=Settings(actor="t")) as case:
        _break_custody_log(case)
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    result = CliRunner().invoke(
        app, ["ingest", str(case_dir), str(tmp_path / "l.csv")], env={"TESTAMENT_PASSPHRASE": PASSPHRASE}
    )
    assert result.exit_code == 70
    assert "Internal error" in result.output and "Traceback" not in result.output
    for word in ("كاظمي", "محمد", "1367/05/15", "اوين"):
        assert word not in result.output


def test_ingest_file_over_size_limit_refused(fresh_case: Case, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    small = Case.open(fresh_case.path, settings=Settings(actor="t", passphrase=PASSPHRASE, max_file_bytes=50))
    try:
        report = ingest_files(small, [tmp_path / "l.csv"], IngestOptions())
    finally:
        small.close()
    assert report.files[0].status == "rejected"
    assert "over the limit of 50" in report.files[0].message


def test_ingest_broken_zip_refused_and_case_unchanged(fresh_case: Case, tmp_path: Path) -> None:
    (tmp_path / "archive.zip").write_bytes(b"PK\x03\x04")
    report = ingest_files(fresh_case, [tmp_path / "archive.zip"], IngestOptions())
    assert report.files[0].status == "rejected" and "not a valid zip" in report.files[0].message
    assert fresh_case.status()["artifacts"] == 0 and fresh_case.status()["custody_events"] == 0


def test_ingest_kind_mismatch_refused(fresh_case: Case, tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    report = ingest_files(fresh_case, [tmp_path / "l.csv"], IngestOptions(kind="testimony"))
    assert report.files[0].status == "rejected"
    assert "--kind testimony does not fit a '.csv' file" in report.files[0].message
