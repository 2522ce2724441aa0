"""Content-addressed evidence files: each file stored once, under `blobs/ab/cd/<name>`.

In a plain case the name is the SHA-256 of the content. In an encrypted case the content is sealed
(AES-256-GCM) before it touches the disk, temp files included, and the name is a keyed hash of the SHA-256,
so the folder reveals neither the content nor which known documents it holds.

A blob is referenced when an artifact row names its SHA-256. Blobs are written, discarded and swept only by a
process holding the case write lock, so a writer can never remove a file another writer has just committed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from testament.errors import IntegrityFailure
from testament.files import READ_ONLY_FILE, private_dir
from testament.store import crypto

__all__ = ["BlobStore", "sha256_hex"]

_INCOMING = ".incoming-"  # prefix of a blob being written (temp file + rename)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path, key: bytes | None) -> None:
        self.root = root
        self._key = key

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def path_for(self, sha256: str) -> Path:
        name = sha256 if self._key is None else crypto.blob_name(self._key, sha256)
        return self.root / name[:2] / name[2:4] / name

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put(self, data: bytes, sha256: str | None = None) -> tuple[str, bool]:
        """Store `data`; return its SHA-256 and whether it was new. Writes are atomic (temp file + rename)."""
        digest = sha256 or sha256_hex(data)
        path = self.path_for(digest)
        if path.exists():
            return digest, False
        payload = data if self._key is None else crypto.seal_blob(self._key, digest, data)
        private_dir(path.parent, parents=True)  # ab/ and ab/cd/: 0700 (mkstemp makes the file 0600)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_INCOMING)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, READ_ONLY_FILE)  # originals are never modified; their owner alone reads them
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest, True

    def get(self, sha256: str) -> bytes:
        """The exact bytes stored under `sha256`, checked against it."""
        path = self.path_for(sha256)
        label = f"blob {sha256[:12]}"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise IntegrityFailure(f"{label}: file missing from the blob store") from None
        data = raw if self._key is None else crypto.open_blob(self._key, sha256, raw, label=label)
        if sha256_hex(data) != sha256:
            raise IntegrityFailure(f"{label}: content does not match its SHA-256 (altered)")
        return data

    def discard(self, sha256: str) -> None:
        """Remove a blob written by a transaction that then failed (so nothing is half written). Call it only
        under the case write lock, after checking that no artifact references the blob."""
        self._remove(self.path_for(sha256))

    def files(self) -> Iterator[Path]:
        """Every file in the store: blobs, and temp files of writes that never finished."""
        # os.walk, not Path.rglob: every ingest sweeps the store, and rglob costs several times more
        for folder, _, names in os.walk(self.root):
            yield from (p for p in (Path(folder, n) for n in names) if p.is_file())

    def unreferenced(self, referenced: Iterable[str]) -> list[Path]:
        """Files in the store that no SHA-256 in `referenced` names: left by a process killed between writing
        a blob and committing its artifact, or planted. Sorted, so reports are stable."""
        names = {self.path_for(digest).name for digest in referenced}
        return sorted(p for p in self.files() if p.name not in names)

    def sweep(self, referenced: Iterable[str]) -> list[Path]:
        """Remove the unreferenced files and return them. Call it only under the case write lock, with every
        SHA-256 that an artifact names: then no other writer is half-way through a blob of its own."""
        removed = self.unreferenced(referenced)
        for path in removed:
            self._remove(path)
        return removed

    def _remove(self, path: Path) -> None:
        try:
            os.chmod(path, 0o600)
            path.unlink()
        except FileNotFoundError:
            pass
        # A rolled-back write leaves no empty ab/cd/ or ab/ folder behind. No writer can be about to fill one:
        # blobs are put and removed only under the case write lock.
        for folder in (path.parent, path.parent.parent):
            if folder == self.root or self.root not in folder.parents:
                break
            try:
                folder.rmdir()
            except OSError:  # not empty
                break
