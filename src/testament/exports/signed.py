"""Signed zip files: a canonical JSON manifest of every member's SHA-256 and size, signed with Ed25519.
Evidence bundles and estimate reports are both written here and both checked by
`testament.exports.standalone_verify` (`testament verify-bundle`)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from testament import __version__
from testament.exports.standalone_verify import FORMAT, MANIFEST, SIGNATURE
from testament.store import crypto
from testament.store.custody import utc_now

__all__ = ["json_member", "write_signed_zip"]


def json_member(value: Any) -> bytes:
    """A JSON member as people read it (indented, UTF-8); the manifest vouches for its bytes."""
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n").encode(
        "utf-8"
    )


def write_signed_zip(
    path: Path, members: dict[str, bytes], key: Ed25519PrivateKey, about: dict[str, Any]
) -> tuple[str, list[str]]:
    """Write `members` and their signed manifest (with `about`: case, recipient, use...) to the zip `path`.
    Returns the manifest's SHA-256 and the member names, manifest and signature first."""
    if MANIFEST in members or SIGNATURE in members:
        raise ValueError("members may not use the manifest's names")
    manifest: dict[str, Any] = {
        **about,
        "format": FORMAT,
        "created_at": utc_now(),
        "software": {"name": "testament", "version": __version__},
        "signer_public_key": crypto.public_key_text(key),
        "members": {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()},
    }
    raw = rfc8785.dumps(manifest)
    digest = hashlib.sha256(raw).hexdigest()
    signature = {"manifest_sha256": digest, "signature": crypto.sign(key, raw),
                 "public_key": crypto.public_key_text(key)}  # fmt: skip
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, raw)
        archive.writestr(SIGNATURE, json_member(signature))
        for name, data in sorted(members.items()):
            archive.writestr(name, data)
    return digest, [MANIFEST, SIGNATURE, *sorted(members)]
