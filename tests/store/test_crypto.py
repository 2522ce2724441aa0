"""The rules of sealed evidence, each stated by the test that defends it: a fresh nonce per seal, the
plaintext hash bound as associated data, names that reveal nothing, keys that never share bytes."""

from __future__ import annotations

import hashlib

import pytest

from testament.errors import IntegrityFailure
from testament.store import crypto

KEY = bytes(range(32))
DATA = b"a testimony, sealed"
DIGEST = hashlib.sha256(DATA).hexdigest()


def test_seal_blob_round_trips() -> None:
    assert crypto.open_blob(KEY, DIGEST, crypto.seal_blob(KEY, DIGEST, DATA), label="b") == DATA


def test_seal_blob_uses_a_fresh_nonce_each_time() -> None:
    """Rule: AES-GCM never sees a nonce twice under one key (a repeat leaks the XOR of two plaintexts)."""
    seals = [crypto.seal_blob(KEY, DIGEST, DATA) for _ in range(64)]
    head = len(b"TSTB1")
    nonces = {s[head : head + 12] for s in seals}
    assert len(nonces) == 64
    assert b"\0" * 12 not in nonces


def test_seal_blob_hides_the_plaintext() -> None:
    assert DATA not in crypto.seal_blob(KEY, DIGEST, DATA)


def test_open_blob_under_another_hash_fails() -> None:
    """Rule: the plaintext's SHA-256 is associated data, so a sealed blob moved to another name (swapped
    for another file of the same case) does not open."""
    other = hashlib.sha256(b"another file").hexdigest()
    sealed = crypto.seal_blob(KEY, DIGEST, DATA)
    with pytest.raises(IntegrityFailure, match="altered or swapped"):
        crypto.open_blob(KEY, other, sealed, label="b")


def test_open_blob_with_flipped_byte_fails() -> None:
    sealed = bytearray(crypto.seal_blob(KEY, DIGEST, DATA))
    sealed[-1] ^= 1
    with pytest.raises(IntegrityFailure):
        crypto.open_blob(KEY, DIGEST, bytes(sealed), label="b")


def test_open_blob_with_another_key_fails() -> None:
    sealed = crypto.seal_blob(KEY, DIGEST, DATA)
    with pytest.raises(IntegrityFailure):
        crypto.open_blob(bytes(32), DIGEST, sealed, label="b")


def test_blob_name_reveals_not_the_hash() -> None:
    """Rule: an encrypted case's folder does not say which known documents it holds."""
    name = crypto.blob_name(KEY, DIGEST)
    assert name != DIGEST and DIGEST[:16] not in name
    assert name == crypto.blob_name(KEY, DIGEST)  # stable: a file is stored once
    assert name != crypto.blob_name(bytes(32), DIGEST)  # keyed: another case names it differently


def test_derive_keys_gives_separate_database_and_blob_keys() -> None:
    params = crypto.KdfParams(salt=b"s" * 16, time_cost=1, memory_kib=1024, parallelism=1)
    keys = crypto.derive_keys("a passphrase", params)
    assert len(keys.database) == len(keys.blobs) == 32
    assert keys.database != keys.blobs
    assert keys == crypto.derive_keys("a passphrase", params)
    assert keys.blobs != crypto.derive_keys("another passphrase", params).blobs
    assert (
        keys.blobs
        != crypto.derive_keys(
            "a passphrase", crypto.KdfParams(salt=b"t" * 16, time_cost=1, memory_kib=1024, parallelism=1)
        ).blobs
    )


def test_case_keys_never_reach_a_repr() -> None:
    params = crypto.KdfParams(salt=b"s" * 16, time_cost=1, memory_kib=1024, parallelism=1)
    keys = crypto.derive_keys("a passphrase", params)
    for secret in (keys.blobs, keys.database):
        assert secret.hex() not in repr(keys) and repr(secret) not in repr(keys)
