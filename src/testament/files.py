"""Files and folders Testament writes are its owner's only: folders 0700, files 0600, evidence blobs 0400.

A case folder holds victims' and witnesses' data; an export, a plot or a checkpoint is drawn from it. None
of it may be readable by other accounts on the machine, whatever the process umask. The modes are set
explicitly at creation (`os.open(..., 0o600)`, `mkdir(mode=0o700)`) and then pinned with chmod, because the
mode given at creation is masked by the umask; the process umask itself is never changed (it is global and
would race with other threads). On Windows chmod only toggles the read-only flag, so the pinning is done
on POSIX only and the folders inherit the user profile's ACLs there.

This module sits in the core layer (beside `errors` and `dates`) so that every stage can use it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Literal, overload

__all__ = [
    "PRIVATE_DIR",
    "PRIVATE_FILE",
    "READ_ONLY_FILE",
    "open_private",
    "private_dir",
    "replace_private",
    "tighten",
    "write_private",
]

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
READ_ONLY_FILE = 0o400  # evidence originals: never modified, readable by the owner only

_POSIX = os.name == "posix"


def private_dir(path: Path | str, *, parents: bool = False) -> Path:
    """Create folder `path` (and, with `parents`, its missing parents) with mode 0700. A folder that already
    exists is left as it is: Testament does not change the modes of folders it did not make."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if not parents or probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # made meanwhile by someone else: not ours to change
            continue
        if _POSIX:
            os.chmod(folder, PRIVATE_DIR)
    if not path.is_dir():
        raise NotADirectoryError(str(path))
    return path


@overload
def open_private(
    path: Path | str,
    mode: Literal["w", "x"] = ...,
    *,
    encoding: str = ...,
    newline: str | None = ...,
) -> IO[str]: ...
@overload
def open_private(
    path: Path | str, mode: Literal["wb", "xb"], *, encoding: None = ..., newline: None = ...
) -> IO[bytes]: ...
def open_private(
    path: Path | str, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None
) -> IO[Any]:
    """Open `path` for writing with mode 0600: "w"/"wb" create or truncate (an existing file is tightened
    to 0600 too), "x"/"xb" create and fail if the file exists (FileExistsError)."""
    if mode not in ("w", "wb", "x", "xb"):
        raise ValueError(f"open_private: unsupported mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= os.O_EXCL if mode.startswith("x") else os.O_TRUNC
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
        if mode.endswith("b"):
            return os.fdopen(fd, "wb")
        return os.fdopen(fd, "w", encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


def write_private(
    path: Path | str, data: str | bytes, *, encoding: str = "utf-8", exclusive: bool = False
) -> None:
    """Write `data` to `path` with mode 0600; text is written as given (no newline translation)."""
    if isinstance(data, bytes):
        with open_private(path, "xb" if exclusive else "wb") as fh:
            fh.write(data)
    else:
        with open_private(path, "x" if exclusive else "w", encoding=encoding, newline="") as fh:
            fh.write(data)


def replace_private(path: Path | str, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace `path` with `data` (mode 0600) atomically: a temp file beside it, flushed to disk, renamed over
    it, so a crash leaves the old file or the new one, never half of either (for files that hold keys)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if _POSIX:
                os.fchmod(fh.fileno(), PRIVATE_FILE)
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if _POSIX:  # the rename itself reaches the disk only when the folder is synced
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def tighten(path: Path | str, mode: int) -> bool:
    """Remove from `path` every permission bit `mode` does not grant (POSIX; a no-op elsewhere). For cases
    made by older versions. Returns whether the mode changed; a file that is missing or that this account
    may not chmod is left alone."""
    if not _POSIX:
        return False
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
        if current & ~mode == 0:
            return False
        os.chmod(path, current & mode)
    except OSError:
        return False
    return True
