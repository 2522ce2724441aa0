"""Migrations are permanent records: the numbered revisions must build exactly the schema the code uses."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from testament.store.case import Case, _alembic
from testament.store.schema import metadata


def test_migrations_build_the_schema_in_schema_py(fresh_case: Case) -> None:
    with fresh_case.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrations_downgrade_to_base_and_back(fresh_case: Case) -> None:
    with fresh_case.write() as conn:
        command.downgrade(_alembic(conn), "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        command.upgrade(_alembic(conn), "head")
        assert {"claims", "attestations", "custody_events", "consents"} <= set(
            inspect(conn).get_table_names()
        )
