"""The rules of a case's keys and signatures, each stated by the test that defends it: the master key is
wrapped afresh each time and bound to its case, derived keys never share bytes, key parameters survive
case.json, and a checkpoint signature verifies only with its own key and message."""

from __future__ import annotations

import base64
import json

import pytest

from testament.errors import InputError, PassphraseError, StoreError
from testament.store import crypto

STRETCHED = bytes(range(32))
MASTER = bytes(range(100, 132))


def test_wrap_master_key_uses_a_fresh_nonce_each_time() -> None:
    """Rule: two wraps of one master key under one passphrase share no nonce (AES-GCM nonce reuse leaks
    the key stream) and so never look alike."""
    wraps = [crypto.wrap_master_key(STRETCHED, MASTER, "case-a") for _ in range(16)]
    assert len({w["nonce"] for w in wraps}) == 16
    assert len({w["sealed"] for w in wraps}) == 16
    assert "00" * 12 not in {w["nonce"] for w in wraps}
    assert all(len(bytes.fromhex(w["nonce"])) == 12 for w in wraps)


def test_wrap_master_key_round_trips_and_names_its_algorithm_and_key() -> None:
    wrapped = crypto.wrap_master_key(STRETCHED, MASTER, "case-a")
    assert wrapped["alg"] == "aes-256-gcm" and wrapped["key_id"] == crypto.key_id(MASTER)
    assert MASTER.hex() not in json.dumps(wrapped)
    assert crypto.unwrap_master_key(STRETCHED, wrapped, "case-a") == MASTER


def test_unwrap_master_key_in_another_case_fails_as_wrong_passphrase() -> None:
    """Rule: the case id is associated data of the wrapped key: case.json copied into another case
    (same passphrase) does not open it."""
    wrapped = crypto.wrap_master_key(STRETCHED, MASTER, "case-a")
    with pytest.raises(PassphraseError, match="wrong passphrase") as caught:
        crypto.unwrap_master_key(STRETCHED, wrapped, "case-b")
    assert "testament passphrase recover" in (caught.value.hint or "")


def test_unwrap_master_key_with_another_passphrase_fails() -> None:
    wrapped = crypto.wrap_master_key(STRETCHED, MASTER, "case-a")
    with pytest.raises(PassphraseError):
        crypto.unwrap_master_key(bytes(32), wrapped, "case-a")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda w: {**w, "alg": "aes-128-cbc"},
        lambda w: {k: v for k, v in w.items() if k != "nonce"},
        lambda w: {k: v for k, v in w.items() if k != "sealed"},
        lambda w: {**w, "sealed": "not hex"},
        lambda w: {**w, "nonce": None},
    ],
    ids=["other-algorithm", "no-nonce", "no-sealed", "not-hex", "null-nonce"],
)
def test_unwrap_master_key_unreadable_entry_is_a_store_error_with_hint(mangle) -> None:
    """Rule: a damaged case.json is reported as such (restore it), not as a wrong passphrase."""
    wrapped = crypto.wrap_master_key(STRETCHED, MASTER, "case-a")
    with pytest.raises(StoreError, match="wrapped case key is unreadable") as caught:
        crypto.unwrap_master_key(STRETCHED, mangle(wrapped), "case-a")
    assert not isinstance(caught.value, PassphraseError)
    assert "backup" in (caught.value.hint or "")


def test_key_id_is_stable_one_way_and_per_key() -> None:
    kid = crypto.key_id(MASTER)
    assert kid == crypto.key_id(MASTER) and len(kid) == 32 and int(kid, 16) >= 0
    assert kid != crypto.key_id(STRETCHED)
    assert kid not in MASTER.hex() and MASTER.hex()[:8] not in kid


def test_case_keys_split_one_master_into_keys_sharing_no_bytes() -> None:
    """Rule: the database key, the blob key and the key id are separate HKDF outputs of the master key."""
    keys = crypto.case_keys(MASTER)
    assert keys.master == MASTER
    assert len(keys.database) == len(keys.blobs) == 32
    assert len({keys.database, keys.blobs, MASTER, bytes.fromhex(crypto.key_id(MASTER))[:16] * 2}) == 4
    assert keys == crypto.case_keys(MASTER) and keys.blobs != crypto.case_keys(STRETCHED).blobs


def test_new_master_key_is_32_random_bytes() -> None:
    keys = {crypto.new_master_key() for _ in range(8)}
    assert len(keys) == 8 and all(len(k) == 32 for k in keys)


def test_kdf_params_survive_case_json() -> None:
    """Rule: the Argon2id parameters written to case.json read back exactly, or the key is lost."""
    params = crypto.KdfParams(salt=b"0123456789abcdef", time_cost=4, memory_kib=2048, parallelism=3)
    stored = json.loads(json.dumps(params.to_dict()))
    assert stored == {
        "kdf": "argon2id",
        "salt": b"0123456789abcdef".hex(),
        "time_cost": 4,
        "memory_kib": 2048,
        "parallelism": 3,
    }
    assert crypto.KdfParams.from_dict(stored) == params


def test_kdf_params_new_draw_a_fresh_salt_with_strong_defaults() -> None:
    one, two = crypto.KdfParams.new(), crypto.KdfParams.new()
    assert one.salt != two.salt and len(one.salt) == 16
    assert (one.time_cost, one.memory_kib, one.parallelism) == (3, 65536, 2)


def test_stretch_depends_on_passphrase_salt_and_every_cost() -> None:
    """Rule: every Argon2id parameter is used, so a case.json edit to one of them cannot go unnoticed."""
    base = crypto.KdfParams(salt=b"s" * 16, time_cost=1, memory_kib=1024, parallelism=1)
    key = crypto.stretch("a passphrase", base)
    assert len(key) == 32 and key == crypto.stretch("a passphrase", base)
    variants = [
        crypto.stretch("another passphrase", base),
        crypto.stretch("a passphrase", crypto.KdfParams(b"t" * 16, 1, 1024, 1)),
        crypto.stretch("a passphrase", crypto.KdfParams(b"s" * 16, 2, 1024, 1)),
        crypto.stretch("a passphrase", crypto.KdfParams(b"s" * 16, 1, 2048, 1)),
        crypto.stretch("a passphrase", crypto.KdfParams(b"s" * 16, 1, 1024, 2)),
    ]
    assert key not in variants and len(set(variants)) == len(variants)
    assert crypto.derive_keys("a passphrase", base) == crypto.case_keys(key)


def test_stretch_is_argon2id_over_utf8() -> None:
    """Reference value: Argon2id (RFC 9106) of a Persian passphrase, UTF-8 encoded; a change of variant,
    encoding or output length would lose every existing case."""
    from argon2.low_level import Type, hash_secret_raw

    params = crypto.KdfParams(salt=b"s" * 16, time_cost=1, memory_kib=1024, parallelism=1)
    expected = hash_secret_raw("گذرواژه".encode(), b"s" * 16, 1, 1024, 1, 32, Type.ID)
    assert crypto.stretch("گذرواژه", params) == expected


# --- signatures ------------------------------------------------------------------------------------------


def test_sign_verifies_only_with_its_key_and_message() -> None:
    private_pem, public_pem = crypto.generate_signing_key()
    key = crypto.load_private_key(private_pem, label="k")
    pub = crypto.load_public_key(public_pem, label="p")
    signature = crypto.sign(key, b"statement")
    assert len(base64.b64decode(signature)) == 64
    assert crypto.verify_signature(pub, b"statement", signature)
    assert not crypto.verify_signature(pub, b"statement!", signature)
    other = crypto.load_public_key(crypto.generate_signing_key()[1], label="p")
    assert not crypto.verify_signature(other, b"statement", signature)
    assert not crypto.verify_signature(pub, b"statement", "not base64 at all!")


def test_generate_signing_key_writes_pem_pairs() -> None:
    private_pem, public_pem = crypto.generate_signing_key()
    assert private_pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    key = crypto.load_private_key(private_pem, label="k")
    assert crypto.public_key_text(key) == crypto.public_key_text(
        crypto.load_public_key(public_pem, label="p")
    )
    assert len(base64.b64decode(crypto.public_key_text(key))) == 32
    assert private_pem != crypto.generate_signing_key()[0]


def test_load_keys_refuse_other_input_naming_it() -> None:
    _, public_pem = crypto.generate_signing_key()
    with pytest.raises(InputError, match=r"^k\.pem: not an unencrypted PEM private key") as caught:
        crypto.load_private_key(public_pem, label="k.pem")
    assert "testament keygen" in (caught.value.hint or "")
    with pytest.raises(InputError, match=r"^p\.pub: not a PEM public key") as caught:
        crypto.load_public_key(b"junk", label="p.pub")
    assert "testament keygen" in (caught.value.hint or "")


def test_load_keys_refuse_a_key_that_is_not_ed25519() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    private_pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = other.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(InputError, match=r"^k: not an Ed25519 key"):
        crypto.load_private_key(private_pem, label="k")
    with pytest.raises(InputError, match=r"^p: not an Ed25519 public key"):
        crypto.load_public_key(public_pem, label="p")


def _hkdf_reference(master: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def test_case_keys_are_hkdf_sha256_under_fixed_labels() -> None:
    """Rule: the labels that split the master key are part of the format: changing one loses every
    existing case's database or blobs (reference: HKDF-SHA256, RFC 5869, no salt)."""
    keys = crypto.case_keys(MASTER)
    assert keys.database == _hkdf_reference(MASTER, b"testament/db")
    assert keys.blobs == _hkdf_reference(MASTER, b"testament/blobs")
    assert crypto.key_id(MASTER) == _hkdf_reference(MASTER, b"testament/key-id")[:16].hex()


def test_case_keys_repr_is_redacted() -> None:
    assert repr(crypto.case_keys(MASTER)) == "CaseKeys(<redacted>)"


def test_crypto_refusals_say_what_failed_and_what_to_do() -> None:
    """Rule: each refusal names what failed, in words, with the command that helps."""
    wrapped = crypto.wrap_master_key(STRETCHED, MASTER, "case-a")
    with pytest.raises(StoreError) as caught:
        crypto.unwrap_master_key(STRETCHED, {**wrapped, "alg": "x"}, "case-a")
    assert caught.value.message == "case.json: the wrapped case key is unreadable"
    assert caught.value.hint == "restore case.json from a backup of the case folder"
    with pytest.raises(PassphraseError) as caught:
        crypto.unwrap_master_key(bytes(32), wrapped, "case-a")
    assert caught.value.message == "wrong passphrase for this encrypted case (the case key did not unwrap)"
    assert (caught.value.hint or "").startswith("check TESTAMENT_PASSPHRASE; if it is lost")
    assert (caught.value.hint or "").endswith("rebuild the key with `testament passphrase recover`")

    from testament.errors import IntegrityFailure

    digest = "ab" * 32
    with pytest.raises(IntegrityFailure) as caught:
        crypto.open_blob(STRETCHED, digest, b"plain bytes", label="blob ab12")
    assert caught.value.message == "blob ab12: not a sealed Testament blob"
    sealed = crypto.seal_blob(STRETCHED, digest, b"content")
    with pytest.raises(IntegrityFailure) as caught:
        crypto.open_blob(STRETCHED, "cd" * 32, sealed, label="blob ab12")
    assert caught.value.message == "blob ab12: sealed content fails authentication (altered or swapped)"
    assert "testament verify" in (caught.value.hint or "") and "backup" in (caught.value.hint or "")


def test_checkpoint_signing_key_is_the_master_keys_own_ed25519_key() -> None:
    """Rule: a case's automatic checkpoints are signed with a key drawn from its master key (HKDF-SHA256,
    label testament/checkpoint-signing): the same case always signs alike, another case differently."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = crypto.checkpoint_signing_key(MASTER)
    reference = Ed25519PrivateKey.from_private_bytes(_hkdf_reference(MASTER, b"testament/checkpoint-signing"))
    assert crypto.public_key_text(key) == crypto.public_key_text(reference)
    assert crypto.public_key_text(key) != crypto.public_key_text(crypto.checkpoint_signing_key(STRETCHED))
