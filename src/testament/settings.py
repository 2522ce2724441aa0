"""One typed Settings object, built where the CLI or app starts and passed down. Secrets come only from the
environment (or a prompt), never from files or URLs."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

from testament.errors import InputError

__all__ = ["DEFAULT_WRITE_WAIT", "MAX_LIST_CELLS", "MAX_LIST_COLUMNS", "Settings"]

_DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024
# A victim list has a few dozen columns; a few hundred is a wide survey export. Past that a "column" is a
# stray cell far to the right or a JSON list whose objects each bring their own keys.
MAX_LIST_COLUMNS = 500
# 1,000,000 rows x 20 columns: about 2.4 GB while read (120 bytes a cell, measured); bigger lists go in parts.
MAX_LIST_CELLS = 20_000_000
# How long a writer waits for another process's write to a case to finish (TESTAMENT_WAIT, seconds).
DEFAULT_WRITE_WAIT = 60.0


def _default_actor() -> str:
    try:
        return os.environ.get("TESTAMENT_ACTOR") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass(frozen=True)
class Settings:
    """What a run of Testament is allowed to do and who is doing it."""

    actor: str = field(default_factory=_default_actor)
    passphrase: str | None = field(default=None, repr=False)  # secrets stay out of reprs and tracebacks
    max_file_bytes: int = _DEFAULT_MAX_FILE_BYTES
    max_list_columns: int = MAX_LIST_COLUMNS
    max_list_cells: int = MAX_LIST_CELLS
    write_wait: float = DEFAULT_WRITE_WAIT  # seconds; 0: give up at once when another process writes
    new_passphrase: str | None = field(default=None, repr=False)  # `passphrase change` / `recover` set it

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        max_bytes = env.get("TESTAMENT_MAX_FILE_BYTES")
        max_columns = env.get("TESTAMENT_MAX_LIST_COLUMNS")
        max_cells = env.get("TESTAMENT_MAX_LIST_CELLS")
        return cls(
            actor=env.get("TESTAMENT_ACTOR") or _default_actor(),
            passphrase=env.get("TESTAMENT_PASSPHRASE") or None,
            max_file_bytes=int(max_bytes) if max_bytes else _DEFAULT_MAX_FILE_BYTES,
            max_list_columns=int(max_columns) if max_columns else MAX_LIST_COLUMNS,
            max_list_cells=int(max_cells) if max_cells else MAX_LIST_CELLS,
            write_wait=_seconds(env.get("TESTAMENT_WAIT"), DEFAULT_WRITE_WAIT),
            new_passphrase=env.get("TESTAMENT_NEW_PASSPHRASE") or None,
        )


def _seconds(raw: str | None, default: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise InputError(
            f"TESTAMENT_WAIT: expected a number of seconds, found '{raw[:20]}'",
            hint="e.g. TESTAMENT_WAIT=300 waits up to five minutes for another writer; 0 does not wait",
        )
    return value
