"""A case is a folder: `case.json` (settings, no secrets), `case.db` (embedded SQLite or SQLCipher) unless the
case lives on PostgreSQL, and `blobs/` (the evidence files, content-addressed)."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, insert, inspect, select
from sqlalchemy.exc import DatabaseError

from testament.errors import (
    CaseExistsError,
    CaseNotFoundError,
    InputError,
    IntegrityFailure,
    PassphraseError,
    StoreError,
)
from testament.files import PRIVATE_DIR, PRIVATE_FILE, private_dir, tighten, write_private
from testament.settings import Settings
from testament.store import crypto
from testament.store.backend import Backend, normalise_db_url, open_backend, write_transaction
from testament.store.blobs import BlobStore
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.schema import (
    artifacts,
    attestations,
    case_meta,
    claims,
    custody_events,
    person_records,
    sources,
)
from testament.vocab import CustodyEventType

__all__ = ["CONFIG_NAME", "Case", "CaseConfig"]

CONFIG_NAME = "case.json"
_DB_NAME = "case.db"
_FORMAT = 1
_MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class CaseConfig:
    case_id: str
    created_at: str
    database: str  # "sqlite" or a PostgreSQL URL without password
    encrypted: bool
    kdf: dict[str, Any] | None = None
    format: int = _FORMAT

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> CaseConfig:
        try:
            raw = json.loads(path.read_text("utf-8"))
            config = cls(**raw)
        except (OSError, ValueError, TypeError):
            raise StoreError(
                f"{path}: unreadable case settings", hint="restore case.json from a backup of the case folder"
            ) from None
        if config.format != _FORMAT:
            raise StoreError(f"{path}: case format {config.format} is not supported by this Testament")
        return config


def _alembic(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def _tighten_case(path: Path) -> None:
    """Make a case folder written by an older Testament (or copied with loose modes) owner-only: the folder
    0700, its settings and database files 0600. The blobs inside need no walk: nobody else can enter the
    folder. A file this account may not chmod is left as it is."""
    tighten(path, PRIVATE_DIR)
    tighten(path / "blobs", PRIVATE_DIR)
    for name in (CONFIG_NAME, _DB_NAME, f"{_DB_NAME}-wal", f"{_DB_NAME}-shm", f"{_DB_NAME}-journal"):
        tighten(path / name, PRIVATE_FILE)


def _head_revision() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


class Case:
    """An open case: its folder, database and blob store. Use as a context manager or call `close()`."""

    def __init__(
        self, path: Path, config: CaseConfig, backend: Backend, blobs: BlobStore, settings: Settings
    ):
        self.path = path
        self.config = config
        self.backend = backend
        self.blobs = blobs
        self.settings = settings

    # --- lifecycle --------------------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, *, settings: Settings, db_url: str | None = None, encrypt: bool = False
    ) -> Case:
        path = Path(path)
        if (path / CONFIG_NAME).exists():
            raise CaseExistsError(f"{path}: already a case", hint="choose another folder, or open this one")
        if path.exists() and any(path.iterdir()):
            raise CaseExistsError(
                f"{path}: folder is not empty", hint="a new case needs a new or empty folder"
            )
        database = "sqlite" if db_url is None else normalise_db_url(db_url)
        if encrypt and db_url is not None:
            raise InputError(
                "--encrypt applies to embedded cases; a PostgreSQL case relies on the server's encryption",
                hint="drop --db to keep the case encrypted in its folder, or drop --encrypt",
            )
        keys = None
        kdf = None
        if encrypt:
            if not settings.passphrase:
                raise PassphraseError(
                    "an encrypted case needs a passphrase",
                    hint="set TESTAMENT_PASSPHRASE or answer the prompt",
                )
            params = crypto.KdfParams.new()
            kdf = params.to_dict()
            keys = crypto.derive_keys(settings.passphrase, params)
        config = CaseConfig(
            case_id=str(uuid.uuid4()), created_at=utc_now(), database=database, encrypted=encrypt, kdf=kdf
        )
        created_dir = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)  # the folders above the case are the user's
        private_dir(path)
        tighten(path, PRIVATE_DIR)  # an empty folder the user made becomes the case: owner only
        backend: Backend | None = None
        try:
            if database == "sqlite":
                # SQLite gives its -wal, -shm and -journal files the mode of the database file, so a
                # database file made 0600 before the first connect keeps all of them owner-only.
                write_private(path / _DB_NAME, b"", exclusive=True)
            backend = open_backend(database, path, key=keys.database if keys else None)
            with write_transaction(backend) as conn:
                if inspect(conn).has_table("case_meta"):
                    raise CaseExistsError(
                        "the database already holds a Testament case",
                        hint="give each case its own PostgreSQL database",
                    )
                command.upgrade(_alembic(conn), "head")
                conn.execute(
                    insert(case_meta),
                    [
                        {"key": "case_id", "value": config.case_id},
                        {"key": "created_at", "value": config.created_at},
                    ],
                )
            private_dir(path / "blobs")
            write_private(path / CONFIG_NAME, config.to_json())
        except BaseException:
            if backend is not None:
                backend.dispose()
            if created_dir:
                shutil.rmtree(path, ignore_errors=True)
            else:
                for child in path.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            raise
        return cls(path, config, backend, BlobStore(path / "blobs", keys.blobs if keys else None), settings)

    @classmethod
    def open(cls, path: Path | str, *, settings: Settings) -> Case:
        path = Path(path)
        config_path = path / CONFIG_NAME
        if not config_path.exists():
            raise CaseNotFoundError(f"{path}: not a Testament case", hint="create it with `testament init`")
        config = CaseConfig.load(config_path)
        _tighten_case(path)
        keys = None
        if config.encrypted:
            if not settings.passphrase:
                raise PassphraseError(
                    f"{path}: this case is encrypted", hint="set TESTAMENT_PASSPHRASE or answer the prompt"
                )
            assert config.kdf is not None
            keys = crypto.derive_keys(settings.passphrase, crypto.KdfParams.from_dict(config.kdf))
        backend = open_backend(config.database, path, key=keys.database if keys else None)
        try:
            with write_transaction(backend) as conn:
                stored = conn.execute(select(case_meta.c.value).where(case_meta.c.key == "case_id")).scalar()
                if stored != config.case_id:
                    raise StoreError(
                        f"{path}: the database belongs to another case",
                        hint="check the --db URL in case.json points at this case's database",
                    )
                current = MigrationContext.configure(conn).get_current_revision()
                if current != _head_revision():
                    command.upgrade(_alembic(conn), "head")  # migrations are numbered and tested
        except DatabaseError as exc:
            backend.dispose()
            if type(exc.orig).__name__ != "DatabaseError":  # locked, unreachable, ...: not damage
                raise
            raise IntegrityFailure(
                f"{path}: the case database is damaged ({str(exc.orig).splitlines()[0][:200]})",
                hint="restore the case folder from a backup; keep the damaged copy aside as evidence",
            ) from None
        except BaseException:
            backend.dispose()
            raise
        return cls(path, config, backend, BlobStore(path / "blobs", keys.blobs if keys else None), settings)

    def close(self) -> None:
        self.backend.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- access -----------------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction holding the case write lock: all of it lands or none of it does."""
        with write_transaction(self.backend) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.backend.engine.connect() as conn, conn.begin():
            yield conn

    # --- evidence files -----------------------------------------------------------------------------------

    def unreferenced_blobs(self) -> list[Path]:
        """Files in the blob store that no artifact references (see `BlobStore.unreferenced`)."""
        with self.read() as conn:
            return self.blobs.unreferenced(conn.execute(select(artifacts.c.sha256)).scalars())

    def sweep_blobs(self) -> list[Path]:
        """Remove the blob-store files no artifact references, under the write lock (so no writer is
        half-way through a blob), and log how many went. Returns the removed paths."""
        with self.write() as conn:
            removed = self.blobs.sweep(conn.execute(select(artifacts.c.sha256)).scalars())
            if removed:
                append_events(
                    conn,
                    self.settings.actor,
                    [NewEvent(CustodyEventType.SWEPT, {"unreferenced_files": len(removed)})],
                )
        return removed

    def status(self) -> dict[str, Any]:
        with self.read() as conn:

            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            return {
                "case_id": self.config.case_id,
                "backend": self.backend.label,
                "encrypted": self.config.encrypted,
                "sources": count(sources),
                "artifacts": count(artifacts),
                "person_records": count(person_records),
                "claims": count(claims),
                "attestations": count(attestations),
                "custody_events": count(custody_events),
                "persons": int(
                    conn.execute(select(func.count(func.distinct(person_records.c.person_id)))).scalar_one()
                ),
            }
