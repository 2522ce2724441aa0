"""A case is a folder: `case.json` (settings, no secrets), `case.db` (embedded SQLite or SQLCipher) unless the
case lives on PostgreSQL, and `blobs/` (the evidence files, content-addressed).

An encrypted case's case.json also holds its master key wrapped under the passphrase (see
`testament.store.crypto`): a passphrase change or a recovery from shares rewrites that one entry, atomically,
and never touches the database or the evidence files."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, insert, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError

from testament.errors import (
    CaseExistsError,
    CaseNotFoundError,
    InputError,
    IntegrityFailure,
    PassphraseError,
    StoreError,
)
from testament.files import PRIVATE_DIR, PRIVATE_FILE, private_dir, replace_private, tighten, write_private
from testament.settings import Settings
from testament.store import checkpoints, crypto, name_index
from testament.store.backend import (
    Backend,
    WaitFn,
    normalise_db_url,
    open_backend,
    read_transaction,
    write_transaction,
)
from testament.store.blobs import BlobStore
from testament.store.custody import APPENDED_HEAD, NewEvent, append_events, utc_now
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
_OPTIONAL = frozenset({"wrapped_key", "recovery", "checkpoints"})


@dataclass(frozen=True)
class CaseConfig:
    case_id: str
    created_at: str
    database: str  # "sqlite" or a PostgreSQL URL without password
    encrypted: bool
    kdf: dict[str, Any] | None = None
    format: int = _FORMAT
    wrapped_key: dict[str, str] | None = None  # the master key under the passphrase; absent in older cases
    recovery: dict[str, Any] | None = None  # how many SLIP-39 shares were made, and how many rebuild the key
    checkpoints: dict[str, Any] | None = None  # where automatic checkpoints go (see `store.checkpoints`)

    def to_json(self) -> str:
        # Entries added later are left out while empty, so an older case's file stays as it was.
        fields = {k: v for k, v in self.__dict__.items() if v is not None or k not in _OPTIONAL}
        return json.dumps(fields, indent=2, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> CaseConfig:
        hint = "restore case.json from a backup of the case folder"
        try:
            raw = json.loads(path.read_text("utf-8"))
            config = cls(**raw)
        except (OSError, ValueError, TypeError):
            raise StoreError(f"{path}: unreadable case settings", hint=hint) from None
        wrong = _wrong_entry(raw)
        if wrong:
            raise StoreError(f"{path}: unreadable case settings ({wrong})", hint=hint)
        if config.format != _FORMAT:
            raise StoreError(f"{path}: case format {config.format} is not supported by this Testament")
        return config


# The type of each entry of case.json; an entry of another type (an edit by hand, a damaged file) is refused
# as unreadable settings when the case is opened, not met later as a fault deep inside a command.
_ENTRY_TYPES: dict[str, tuple[type, ...]] = {
    "case_id": (str,),
    "created_at": (str,),
    "database": (str,),
    "encrypted": (bool,),
    "format": (int,),
    "kdf": (dict, type(None)),
    "wrapped_key": (dict, type(None)),
    "recovery": (dict, type(None)),
    "checkpoints": (dict, type(None)),
}


def _wrong_entry(raw: dict[str, Any]) -> str | None:
    """What is wrong with the entries of a case.json that loaded, or None."""
    for name, types in _ENTRY_TYPES.items():
        if name in raw and (
            not isinstance(raw[name], types) or (bool in types) != isinstance(raw[name], bool)
        ):
            return f"'{name}' is {type(raw[name]).__name__}"
    if raw["database"] != "sqlite":
        try:
            driver = make_url(raw["database"]).drivername
        except ArgumentError:
            driver = ""
        if driver not in ("postgresql", "postgresql+psycopg"):
            return "'database' is neither sqlite nor a PostgreSQL URL"
    if raw.get("encrypted") and not raw.get("kdf"):
        return "an encrypted case without its 'kdf' parameters"
    cp = raw.get("checkpoints")
    if cp is not None and not (
        cp.get("to") == "code" or (cp.get("to") == "folder" and isinstance(cp.get("folder"), str))
    ):
        return "'checkpoints' names neither a folder nor codes"
    return None


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


def _load_config(path: Path) -> CaseConfig:
    config_path = path / CONFIG_NAME
    if not config_path.exists():
        raise CaseNotFoundError(f"{path}: not a Testament case", hint="create it with `testament init`")
    config = CaseConfig.load(config_path)
    _tighten_case(path)
    return config


def _unlock(path: Path, config: CaseConfig, passphrase: str | None) -> crypto.CaseKeys:
    if not passphrase:
        raise PassphraseError(
            f"{path}: this case is encrypted", hint="set TESTAMENT_PASSPHRASE or answer the prompt"
        )
    assert config.kdf is not None
    stretched = crypto.stretch(passphrase, crypto.KdfParams.from_dict(config.kdf))
    if config.wrapped_key is None:  # made before key wrapping: the stretched passphrase is the master key
        return crypto.case_keys(stretched)
    return crypto.case_keys(crypto.unwrap_master_key(stretched, config.wrapped_key, config.case_id))


def _rewrapped(config: CaseConfig, master: bytes, passphrase: str) -> CaseConfig:
    """`config` with `master` wrapped under `passphrase`, stretched with a fresh salt."""
    params = crypto.KdfParams.new()
    wrapped = crypto.wrap_master_key(crypto.stretch(passphrase, params), master, config.case_id)
    return replace(config, kdf=params.to_dict(), wrapped_key=wrapped)


def _head_revision() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _check_new_case(path: Path, db_url: str | None, encrypt: bool, recovery: tuple[int, int] | None) -> str:
    """Refuse a folder that holds anything, and options that do not go together; returns the database
    ("sqlite", or the normalised PostgreSQL URL)."""
    if (path / CONFIG_NAME).exists():
        raise CaseExistsError(f"{path}: already a case", hint="choose another folder, or open this one")
    if path.exists() and any(path.iterdir()):
        raise CaseExistsError(f"{path}: folder is not empty", hint="a new case needs a new or empty folder")
    database = "sqlite" if db_url is None else normalise_db_url(db_url)
    if encrypt and db_url is not None:
        raise InputError(
            "--encrypt applies to embedded cases; a PostgreSQL case relies on the server's encryption",
            hint="drop --db to keep the case encrypted in its folder, or drop --encrypt",
        )
    if recovery is not None and not encrypt:
        raise InputError(
            "--recovery-shares: recovery shares rebuild the key of an encrypted case",
            hint="add --encrypt, or drop --recovery-shares",
        )
    return database


def _new_keys(
    config: CaseConfig, path: Path, settings: Settings, recovery: tuple[int, int] | None
) -> tuple[CaseConfig, crypto.CaseKeys, list[str]]:
    """A new master key wrapped by the (strong enough) passphrase, and its recovery shares if asked:
    (the config recording both, the keys, the shares)."""
    from testament.store import passphrase  # zxcvbn and SLIP-39: loaded only when needed

    if not settings.passphrase:
        raise PassphraseError(
            "an encrypted case needs a passphrase",
            hint="set TESTAMENT_PASSPHRASE or answer the prompt",
        )
    passphrase.check_strength(settings.passphrase, case=path, actor=settings.actor)
    keys = crypto.case_keys(crypto.new_master_key())
    config = _rewrapped(config, keys.master, settings.passphrase)
    shares: list[str] = []
    if recovery is not None:
        shares = passphrase.split_key(keys.master, *recovery)
        config = replace(
            config, recovery={"scheme": "slip39", "threshold": recovery[0], "shares": recovery[1]}
        )
    return config, keys, shares


def _initialise_database(backend: Backend, config: CaseConfig, actor: str, *, split: bool) -> None:
    """Create the schema and the case's identity in an empty database; with `split`, log that recovery
    shares were made."""
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
        if split:  # who made recovery shares, and when, is custody of the key (never the shares)
            event = NewEvent(CustodyEventType.KEY_SPLIT, dict(config.recovery or {}))
            append_events(conn, actor, [event])


def _undo_create(path: Path, created_dir: bool) -> None:
    """Leave the folder as it was before a failed create: gone if create made it, else empty."""
    if created_dir:
        shutil.rmtree(path, ignore_errors=True)
    else:
        for child in path.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


class Case:
    """An open case: its folder, database and blob store. Use as a context manager or call `close()`."""

    def __init__(
        self,
        path: Path,
        config: CaseConfig,
        backend: Backend,
        blobs: BlobStore,
        settings: Settings,
        on_wait: WaitFn | None = None,
        keys: crypto.CaseKeys | None = None,
    ):
        self.path = path
        self.config = config
        self.backend = backend
        self.blobs = blobs
        self.settings = settings
        self.on_wait = on_wait  # told when a write waits for another process (the CLI says so on stderr)
        self._keys = keys
        # The SLIP-39 shares made by `create(recovery=...)`: shown once, kept nowhere else.
        self.recovery_shares: list[str] = []
        self.checkpoint_news = checkpoints.CheckpointNews()  # what automatic checkpoints did, to report

    # --- lifecycle --------------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        settings: Settings,
        db_url: str | None = None,
        encrypt: bool = False,
        recovery: tuple[int, int] | None = None,
    ) -> Case:
        """A new case. `encrypt` needs a strong `settings.passphrase`; `recovery=(k, n)` also splits the
        master key into n SLIP-39 shares, any k of which rebuild it, left in `recovery_shares`."""
        path = Path(path)
        database = _check_new_case(path, db_url, encrypt, recovery)
        config = CaseConfig(
            case_id=str(uuid.uuid4()), created_at=utc_now(), database=database, encrypted=encrypt
        )
        keys = None
        shares: list[str] = []
        if encrypt:
            config, keys, shares = _new_keys(config, path, settings, recovery)
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
            _initialise_database(backend, config, settings.actor, split=bool(shares))
            private_dir(path / "blobs")
            write_private(path / CONFIG_NAME, config.to_json())
        except BaseException:
            if backend is not None:
                backend.dispose()
            _undo_create(path, created_dir)
            raise
        blobs = BlobStore(path / "blobs", keys.blobs if keys else None)
        created = cls(path, config, backend, blobs, settings, keys=keys)
        created.recovery_shares = shares
        return created

    @classmethod
    def open(cls, path: Path | str, *, settings: Settings, on_wait: WaitFn | None = None) -> Case:
        path = Path(path)
        config = _load_config(path)
        keys = _unlock(path, config, settings.passphrase) if config.encrypted else None
        return cls._attach(path, config, keys, settings, on_wait)

    @classmethod
    def recover(cls, path: Path | str, *, shares: list[str], new_passphrase: str, settings: Settings) -> Case:
        """Rebuild an encrypted case's key from k of its n recovery shares and lock the case with a new
        passphrase (the old one stops working; the shares keep working). Returns the open case."""
        from testament.store import passphrase

        path = Path(path)
        needed = cls.recovery_threshold(path)
        config = _load_config(path)
        assert config.wrapped_key is not None
        passphrase.check_strength(new_passphrase, case=path, actor=settings.actor)
        master = passphrase.combine_shares(shares)
        if crypto.key_id(master) != config.wrapped_key.get("key_id"):
            raise InputError(
                f"{path}: these recovery shares rebuild another case's key",
                hint="use the shares printed when this case was created",
            )
        case = cls._attach(path, config, crypto.case_keys(master), settings)
        try:
            case._rekey(new_passphrase, {"by": "recovery shares", "shares_used": needed})
        except BaseException:
            case.close()
            raise
        return case

    @staticmethod
    def recovery_threshold(path: Path | str) -> int:
        """How many recovery shares rebuild this case's key (asked before anyone types a share)."""
        path = Path(path)
        config = _load_config(path)
        if not config.encrypted or config.recovery is None or config.wrapped_key is None:
            raise InputError(
                f"{path}: no recovery shares were made for this case",
                hint="shares are made by `testament init --encrypt --recovery-shares K-of-N`",
            )
        return int(config.recovery["threshold"])

    def change_passphrase(self, new_passphrase: str) -> None:
        """Lock the case with a new passphrase: the master key is re-wrapped in case.json; the database and
        the evidence files stay byte for byte as they are. A case made before key wrapping gets its
        current key wrapped."""
        from testament.store import passphrase

        if self._keys is None:
            raise InputError(
                f"{self.path}: this case is not encrypted, so it has no passphrase",
                hint="a passphrase is set when a case is created with `testament init --encrypt`",
            )
        passphrase.check_strength(new_passphrase, case=self.path, actor=self.settings.actor)
        self._rekey(new_passphrase, {"by": "passphrase change"})

    def _rekey(self, new_passphrase: str, details: dict[str, Any]) -> None:
        assert self._keys is not None
        rewrapped = _rewrapped(self.config, self._keys.master, new_passphrase)  # Argon2id: outside the lock
        with self.write() as conn:  # the case write lock: one writer of case.json at a time
            current = CaseConfig.load(self.path / CONFIG_NAME)
            if (current.kdf, current.wrapped_key) != (self.config.kdf, self.config.wrapped_key):
                raise StoreError(
                    f"{self.path}: the case key was changed by another process meanwhile",
                    hint="open the case again with its current passphrase",
                )
            config = replace(current, kdf=rewrapped.kdf, wrapped_key=rewrapped.wrapped_key)
            append_events(conn, self.settings.actor, [NewEvent(CustodyEventType.REKEYED, details)])
            # Replaced while the event is uncommitted: if the file cannot be written, neither lands.
            replace_private(self.path / CONFIG_NAME, config.to_json())
        self.config = config

    @classmethod
    def _attach(
        cls,
        path: Path,
        config: CaseConfig,
        keys: crypto.CaseKeys | None,
        settings: Settings,
        on_wait: WaitFn | None = None,
    ) -> Case:
        """Open the database and blob store of a case whose settings are read and whose keys are known."""
        backend = open_backend(config.database, path, key=keys.database if keys else None)
        try:
            with read_transaction(backend) as conn:  # opening never waits on a writer ...
                if not inspect(conn).has_table(case_meta.name):
                    raise StoreError(
                        f"{path}: the database holds no Testament case (an empty or another database)",
                        hint="check the --db URL in case.json points at this case's database, or restore "
                        "case.db from a backup",
                    )
                stored = conn.execute(select(case_meta.c.value).where(case_meta.c.key == "case_id")).scalar()
                if stored != config.case_id:
                    raise StoreError(
                        f"{path}: the database belongs to another case",
                        hint="check the --db URL in case.json points at this case's database",
                    )
                current = MigrationContext.configure(conn).get_current_revision()
            if current != _head_revision():  # ... unless the database needs migrating
                with write_transaction(backend, wait=settings.write_wait, on_wait=on_wait) as conn:
                    command.upgrade(_alembic(conn), "head")  # numbered and tested; a no-op if done since
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
        blobs = BlobStore(path / "blobs", keys.blobs if keys else None)
        return cls(path, config, backend, blobs, settings, on_wait, keys)

    def close(self) -> None:
        self.backend.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- access -----------------------------------------------------------------------------------------

    @contextmanager
    def write(self, *, wait: float | None = None) -> Iterator[Connection]:
        """A transaction holding the case write lock: all of it lands or none of it does. While another
        process writes, wait up to `wait` seconds (default: `settings.write_wait`), then `CaseBusyError`."""
        seconds = self.settings.write_wait if wait is None else wait
        with write_transaction(self.backend, wait=seconds, on_wait=self.on_wait) as conn:
            conn.info.pop(APPENDED_HEAD, None)
            yield conn
            name_index.catch_up(conn)  # the person search index follows every write (derived data)
            head = conn.info.pop(APPENDED_HEAD, None)
        if head is not None:  # committed: checkpoint the new head (the one place every writer passes)
            checkpoints.after_commit(self, *head)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent snapshot of the last commit; never waits on a writer."""
        with read_transaction(self.backend) as conn:
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
