"""Database backends: plain SQLite (default), SQLite encrypted with SQLCipher, PostgreSQL (psycopg 3).

A backend fills in a few primitives (how to connect, how to take the case write lock); everything else is
written once on SQLAlchemy Core. SQLCipher goes through the plain pysqlite dialect with `creator=`, its key
set on connect and never placed in a URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from testament.errors import InputError, PassphraseError, StoreError

__all__ = ["Backend", "bulk_insert", "normalise_db_url", "open_backend", "write_transaction"]

_WRITE = "testament_write"
_PG_LOCK_KEY = 0x7E57A  # advisory lock held by the one writer of a case


@dataclass
class Backend:
    kind: str  # sqlite, sqlcipher, postgresql
    engine: Engine

    @property
    def label(self) -> str:
        return {"sqlite": "SQLite", "sqlcipher": "SQLCipher", "postgresql": "PostgreSQL"}[self.kind]

    def dispose(self) -> None:
        self.engine.dispose()


def normalise_db_url(url: str) -> str:
    """Accept `postgresql://...` as users write it; refuse passwords in the URL (secrets: env only)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            "--db: not a database URL", hint="write it as postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    if not parsed.drivername.startswith("postgresql"):
        raise InputError(
            f"--db: unsupported database '{parsed.drivername}'",
            hint="use postgresql://USER@HOST:PORT/DATABASE, or omit --db for an embedded SQLite case",
        )
    if parsed.password:
        raise InputError(
            "--db: the URL contains a password, which would be stored in case.json",
            hint="remove it from the URL and set PGPASSWORD in the environment instead",
        )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA page_size = 16384")  # takes effect only in a new database, before WAL is on
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files beside an encrypted case
    cur.execute("PRAGMA cache_size = -65536")  # 64 MiB: bulk ingest touches many index pages
    cur.close()


def _install_sqlite_begin(engine: Engine) -> None:
    # pysqlite's own transaction handling is bypassed (isolation_level=None) so that a writer can take the
    # database lock up front with BEGIN IMMEDIATE instead of failing half-way on upgrade.
    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def _open_sqlite(path: Path, key: bytes | None) -> Backend:
    if key is None:

        def creator() -> Any:
            conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
            _sqlite_pragmas(conn)
            return conn

        engine = create_engine("sqlite+pysqlite://", creator=creator, hide_parameters=True)
        kind = "sqlite"
    else:
        import sqlcipher3.dbapi2 as sqlcipher

        def creator() -> Any:
            conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
            conn.execute("PRAGMA cipher_log_level = NONE")  # its log would go to stderr on a wrong key
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("PRAGMA cipher_page_size = 16384")  # fewer, larger pages to encrypt and sign
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher.DatabaseError:
                conn.close()
                raise PassphraseError(
                    "wrong passphrase for this encrypted case (the database did not decrypt)",
                    hint="check TESTAMENT_PASSPHRASE; the passphrase cannot be recovered if lost",
                ) from None
            _sqlite_pragmas(conn)
            return conn

        engine = create_engine("sqlite+pysqlite://", creator=creator, module=sqlcipher, hide_parameters=True)
        kind = "sqlcipher"
    _install_sqlite_begin(engine)
    return Backend(kind=kind, engine=engine)


def open_backend(database: str, case_dir: Path, *, key: bytes | None) -> Backend:
    """Open the database named in case.json: "sqlite" (the file case.db in the folder) or a PostgreSQL URL."""
    if database == "sqlite":
        backend = _open_sqlite(case_dir / "case.db", key)
    else:
        engine = create_engine(database, pool_pre_ping=True, hide_parameters=True)
        backend = Backend(kind="postgresql", engine=engine)
    try:
        with backend.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except PassphraseError:
        backend.dispose()
        raise
    except Exception as exc:
        backend.dispose()
        where = urlsplit(database).hostname or "the case folder"
        raise StoreError(
            f"cannot reach the case database on {where} ({type(exc).__name__})",
            hint="for PostgreSQL check that the server runs and PGPASSWORD is set if needed",
        ) from None
    return backend


@contextmanager
def write_transaction(backend: Backend) -> Iterator[Connection]:
    """One writer at a time per case: ids and the custody chain are assigned under this lock."""
    with backend.engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if backend.kind == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            yield conn


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many rows at driver speed: one executemany of plain tuples on SQLite, COPY on PostgreSQL.
    Values must be plain (str, int, float, bool, None); dates as ISO strings. Runs in `conn`'s transaction."""
    if not rows:
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "postgresql":
        with driver.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        cur = driver.cursor()
        try:
            cur.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
        finally:
            cur.close()
