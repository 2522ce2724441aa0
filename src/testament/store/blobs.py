"""Content-addressed evidence files: each file stored once, under `blobs/ab/cd/<name>`.

In a plain case the name is the SHA-256 of the content. In an encrypted case the content is sealed
(AES-256-GCM) before it touches the disk, temp files included, and the name is a keyed hash of the SHA-256,
so the folder reveals neither the content nor which known documents it holds.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from testament.errors import IntegrityFailure
from testament.store import crypto

__all__ = ["BlobStore", "sha256_hex"]


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
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)  # originals are never modified
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
        """Remove a blob written by a transaction that then failed (so nothing is half written)."""
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, 0o644)
            path.unlink()
