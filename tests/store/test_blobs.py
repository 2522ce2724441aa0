"""The blob store's rules, each stated by the test that defends it: an encrypted case's folder names no
known document and holds no plaintext; a plain case's is addressed by content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from testament.errors import IntegrityFailure
from testament.store.blobs import BlobStore, sha256_hex

KEY = bytes(range(32))
DOCUMENTS = [b"a list of names, as sent", b"a testimony, as recorded", b"%PDF-1.7 a scanned letter"]


def test_encrypted_blob_store_file_names_reveal_no_sha256(tmp_path: Path) -> None:
    """Rule: anyone holding a known document can hash it; the folder of an encrypted case must not tell
    them the case holds it (no path names the plaintext's SHA-256, or a prefix of it)."""
    store = BlobStore(tmp_path / "blobs", KEY)
    digests = [store.put(data)[0] for data in DOCUMENTS]
    paths = [str(p.relative_to(tmp_path)) for p in store.files()]
    assert len(paths) == len(DOCUMENTS)
    for digest in digests:
        for path in paths:
            assert digest[:16] not in path.replace("/", ""), f"{path} names the SHA-256 {digest[:12]}…"


def test_encrypted_blob_store_holds_no_plaintext_and_reads_back(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", KEY)
    digests = [store.put(data)[0] for data in DOCUMENTS]
    for path in store.files():
        content = path.read_bytes()
        assert not any(data in content for data in DOCUMENTS)
    assert [store.get(d) for d in digests] == DOCUMENTS


def test_encrypted_blob_store_under_another_key_names_files_otherwise(tmp_path: Path) -> None:
    """Rule: blob names are keyed, so two cases holding one document do not share a file name."""
    one = BlobStore(tmp_path / "a", KEY)
    other = BlobStore(tmp_path / "b", bytes(32))
    digest = sha256_hex(DOCUMENTS[0])
    assert one.path_for(digest).name != other.path_for(digest).name


def test_plain_blob_store_is_addressed_by_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", None)
    digest, new = store.put(DOCUMENTS[0])
    assert digest == hashlib.sha256(DOCUMENTS[0]).hexdigest() and new
    assert store.path_for(digest) == tmp_path / "blobs" / digest[:2] / digest[2:4] / digest
    assert store.put(DOCUMENTS[0]) == (digest, False)  # stored once


def test_encrypted_blob_swapped_for_another_fails_authentication(tmp_path: Path) -> None:
    """Rule: a sealed blob copied over another of the same case does not open (its SHA-256 is bound)."""
    store = BlobStore(tmp_path / "blobs", KEY)
    first, second = (store.put(data)[0] for data in DOCUMENTS[:2])
    target = store.path_for(first)
    target.chmod(0o600)
    target.write_bytes(store.path_for(second).read_bytes())
    with pytest.raises(IntegrityFailure, match="altered or swapped"):
        store.get(first)
