"""Database backends: plain SQLite (default), SQLite encrypted with SQLCipher, PostgreSQL (psycopg 3).

A backend fills in a few primitives (how to connect, how to try the case write lock); everything else is
written once on SQLAlchemy Core. SQLCipher goes through the plain pysqlite dialect with `creator=`, its key
set on connect and never placed in a URL.

One writer at a time per case; readers never wait on it. A reader sees one consistent snapshot: the last
commit before it began (SQLite and SQLCipher in WAL mode; PostgreSQL's MVCC at REPEATABLE READ), so
`status` during a long ingest answers at once with the case as it was before the ingest.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from testament.errors import CaseBusyError, InputError, PassphraseError, StoreError
from testament.settings import DEFAULT_WRITE_WAIT

__all__ = [
    "Backend",
    "WaitFn",
    "bulk_insert",
    "normalise_db_url",
    "open_backend",
    "read_transaction",
    "write_transaction",
]

# on_wait(seconds): called once when another process holds the write lock, before waiting up to `seconds`
WaitFn = Callable[[float], None]

_WRITE = "testament_write"
_PG_LOCK_KEY = 0x7E57A  # advisory lock held by the one writer of a case (with `Backend.lock_key`)
# A waiting writer polls: the sleep is Python's, so Ctrl-C stops it at once (a busy wait inside SQLite's C
# code would not see the signal until it ends), and the writer starts within 0.1 s of the lock's release.
_RETRY_EVERY = 0.1
_BUSY_MS = 30_000  # SQLite's own wait for the rare short locks a reader or a held writer may still meet


@dataclass
class Backend:
    kind: str  # sqlite, sqlcipher, postgresql
    engine: Engine
    # PostgreSQL: the writers' advisory lock is this case's own (its database and schema), so cases in
    # other schemas of one database never wait on each other
    lock_key: int = 0

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


@dataclass(frozen=True)
class _Lock:
    """How a write transaction takes the case write lock."""

    wait: float  # seconds
    on_wait: WaitFn | None


def _take(try_lock: Callable[[], bool], lock: _Lock) -> None:
    """Take the write lock with `try_lock`, waiting up to `lock.wait` seconds for another writer."""
    if try_lock():
        return
    if lock.on_wait is not None and lock.wait > 0:
        lock.on_wait(lock.wait)
    deadline = time.monotonic() + lock.wait
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(_RETRY_EVERY, left))
        if try_lock():
            return
    raise CaseBusyError(
        f"another process is writing to this case; gave up after {lock.wait:g} s, nothing was changed",
        hint="run the command again when the other one has finished, or set TESTAMENT_WAIT=SECONDS to wait "
        "longer",
    )


def _try_begin_immediate(driver: Any, busy: type[Exception]) -> bool:
    driver.execute("PRAGMA busy_timeout = 0")  # fail at once when locked: `_take` does the waiting
    try:
        driver.execute("BEGIN IMMEDIATE")
    except busy as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return False
    finally:
        driver.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    return True


def _install_sqlite_begin(engine: Engine, busy: type[Exception]) -> None:
    # pysqlite's own transaction handling is bypassed (isolation_level=None) so that a writer can take the
    # database lock up front with BEGIN IMMEDIATE instead of failing half-way on upgrade. A reader's plain
    # BEGIN takes no lock: in WAL mode it reads the last commit while a writer carries on.
    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        lock = conn.get_execution_options().get(_WRITE)
        if lock is None:
            conn.exec_driver_sql("BEGIN")
            return
        driver = conn.connection.driver_connection
        _take(lambda: _try_begin_immediate(driver, busy), lock)


def _open_sqlite(path: Path, key: bytes | None) -> Backend:
    if key is None:

        def creator() -> Any:
            conn = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=_BUSY_MS / 1000
            )
            _sqlite_pragmas(conn)
            return conn

        # A file database, though the URL names none: a pool of connections (SQLAlchemy would pick
        # SingletonThreadPool, one shared connection per thread, which a threaded web server breaks).
        engine = create_engine(
            "sqlite+pysqlite://", creator=creator, poolclass=QueuePool, hide_parameters=True
        )
        kind, busy = "sqlite", sqlite3.OperationalError
    else:
        import sqlcipher3.dbapi2 as sqlcipher

        def creator() -> Any:
            conn = sqlcipher.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=_BUSY_MS / 1000
            )
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

        engine = create_engine(
            "sqlite+pysqlite://", creator=creator, module=sqlcipher, poolclass=QueuePool, hide_parameters=True
        )
        kind, busy = "sqlcipher", sqlcipher.OperationalError
    _install_sqlite_begin(engine, busy)
    return Backend(kind=kind, engine=engine)


def open_backend(database: str, case_dir: Path, *, key: bytes | None) -> Backend:
    """Open the database named in case.json: "sqlite" (the file case.db in the folder) or a PostgreSQL URL."""
    if database == "sqlite":
        backend = _open_sqlite(case_dir / "case.db", key)
    else:
        url = make_url(database)  # case.json may hold the URL as a user wrote it: postgresql://...
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        backend = Backend(kind="postgresql", engine=engine)
    try:
        with backend.engine.connect() as conn:
            if backend.kind == "postgresql":
                where = conn.execute(text("SELECT current_database() || '.' || current_schema()")).scalar()
                backend.lock_key = zlib.crc32(str(where).encode()) - (1 << 31)  # a signed int4
            else:
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
def write_transaction(
    backend: Backend, *, wait: float = DEFAULT_WRITE_WAIT, on_wait: WaitFn | None = None
) -> Iterator[Connection]:
    """One writer at a time per case: ids and the custody chain are assigned under this lock. When another
    process holds it, call `on_wait` once and wait up to `wait` seconds, then raise `CaseBusyError`."""
    lock = _Lock(wait, on_wait)
    with backend.engine.connect() as conn:
        if backend.kind != "postgresql":
            conn = conn.execution_options(**{_WRITE: lock})  # taken by the BEGIN IMMEDIATE hook
        with conn.begin():
            if backend.kind == "postgresql":
                try_lock = text("SELECT pg_try_advisory_xact_lock(:k, :c)").bindparams(
                    k=_PG_LOCK_KEY, c=backend.lock_key
                )
                _take(lambda: bool(conn.execute(try_lock).scalar()), lock)
            yield conn


@contextmanager
def read_transaction(backend: Backend) -> Iterator[Connection]:
    """A consistent snapshot that takes no lock, so it never waits on a writer nor holds one up."""
    with backend.engine.connect() as conn:
        if backend.kind == "postgresql":  # READ COMMITTED would see a commit land between two statements
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
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
