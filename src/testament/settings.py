"""One typed Settings object, built where the CLI or app starts and passed down. Secrets come only from the
environment (or a prompt), never from files or URLs."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

__all__ = ["Settings"]

_DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024


def _default_actor() -> str:
    try:
        return os.environ.get("TESTAMENT_ACTOR") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass(frozen=True)
class Settings:
    """What a run of Testament is allowed to do and who is doing it."""

    actor: str = field(default_factory=_default_actor)
    passphrase: str | None = None
    max_file_bytes: int = _DEFAULT_MAX_FILE_BYTES

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        max_bytes = env.get("TESTAMENT_MAX_FILE_BYTES")
        return cls(
            actor=env.get("TESTAMENT_ACTOR") or _default_actor(),
            passphrase=env.get("TESTAMENT_PASSPHRASE") or None,
            max_file_bytes=int(max_bytes) if max_bytes else _DEFAULT_MAX_FILE_BYTES,
        )
