"""Every cryptographic primitive Testament uses, in one place, from `cryptography` and `argon2-cffi`.

- A case has a random master key; HKDF splits it into the SQLCipher database key and the blob key, so the two
  never share bytes. The master key is kept in case.json wrapped (AES-256-GCM) under a key-encryption key
  stretched from the passphrase with Argon2id, so changing the passphrase re-wraps 32 bytes and leaves the
  evidence untouched. Cases made before wrapping have no wrapped key: their stretched passphrase is the
  master key, and the first passphrase change wraps it.
- Blobs are sealed with AES-256-GCM; the SHA-256 of the plaintext is bound as associated data, so a blob
  swapped for another sealed blob of the same case does not decrypt.
- Custody checkpoints are signed with Ed25519.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from testament.errors import InputError, IntegrityFailure, PassphraseError, StoreError

__all__ = [
    "CaseKeys",
    "KdfParams",
    "blob_name",
    "case_keys",
    "checkpoint_signing_key",
    "derive_keys",
    "generate_signing_key",
    "key_id",
    "load_private_key",
    "load_public_key",
    "new_master_key",
    "open_blob",
    "public_key_text",
    "seal_blob",
    "sign",
    "stretch",
    "unwrap_master_key",
    "verify_signature",
    "wrap_master_key",
]

_NONCE = 12
_MAGIC = b"TSTB1"  # sealed-blob format marker and version
_WRAP = "aes-256-gcm"
_WRAP_AAD = b"testament/master-key/1/"  # + the case id: a wrapped key moved to another case does not open


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 2

    @classmethod
    def new(cls) -> KdfParams:
        return cls(salt=os.urandom(16))

    def to_dict(self) -> dict[str, object]:
        return {
            "kdf": "argon2id",
            "salt": self.salt.hex(),
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> KdfParams:
        return cls(
            salt=bytes.fromhex(str(d["salt"])),
            time_cost=int(str(d["time_cost"])),
            memory_kib=int(str(d["memory_kib"])),
            parallelism=int(str(d["parallelism"])),
        )


@dataclass(frozen=True)
class CaseKeys:
    database: bytes
    blobs: bytes
    master: bytes = b""  # what recovery shares encode and a passphrase change re-wraps

    def __repr__(self) -> str:  # keys never reach logs or tracebacks
        return "CaseKeys(<redacted>)"


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def stretch(passphrase: str, params: KdfParams) -> bytes:
    """Argon2id of the passphrase: slow on purpose, so guessing costs an attacker time per guess."""
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def new_master_key() -> bytes:
    return os.urandom(32)


def case_keys(master: bytes) -> CaseKeys:
    return CaseKeys(
        database=_hkdf(master, b"testament/db"), blobs=_hkdf(master, b"testament/blobs"), master=master
    )


def derive_keys(passphrase: str, params: KdfParams) -> CaseKeys:
    """The keys of a case made before key wrapping: the stretched passphrase is its master key."""
    return case_keys(stretch(passphrase, params))


def key_id(master: bytes) -> str:
    """A one-way fingerprint of a master key, kept in case.json to tell recovered keys of this case from
    others without holding the key."""
    return _hkdf(master, b"testament/key-id")[:16].hex()


def wrap_master_key(stretched: bytes, master: bytes, case_id: str) -> dict[str, str]:
    """The master key sealed under the key-encryption key drawn from a stretched passphrase."""
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_hkdf(stretched, b"testament/kek")).encrypt(
        nonce, master, _WRAP_AAD + case_id.encode("utf-8")
    )
    return {"alg": _WRAP, "nonce": nonce.hex(), "sealed": sealed.hex(), "key_id": key_id(master)}


def unwrap_master_key(stretched: bytes, wrapped: dict[str, str], case_id: str) -> bytes:
    try:
        if wrapped["alg"] != _WRAP:
            raise ValueError(wrapped["alg"])
        nonce, sealed = bytes.fromhex(wrapped["nonce"]), bytes.fromhex(wrapped["sealed"])
    except (KeyError, TypeError, ValueError):
        raise StoreError(
            "case.json: the wrapped case key is unreadable",
            hint="restore case.json from a backup of the case folder",
        ) from None
    try:
        return AESGCM(_hkdf(stretched, b"testament/kek")).decrypt(
            nonce, sealed, _WRAP_AAD + case_id.encode("utf-8")
        )
    except InvalidTag:
        raise PassphraseError(
            "wrong passphrase for this encrypted case (the case key did not unwrap)",
            hint="check TESTAMENT_PASSPHRASE; if it is lost and the case has recovery shares, rebuild the "
            "key with `testament passphrase recover`",
        ) from None


def blob_name(key: bytes, sha256_hex: str) -> str:
    """Name of a sealed blob on disk: a keyed hash, hiding which known files the folder holds."""
    return hmac.new(key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()


def seal_blob(key: bytes, sha256_hex: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return _MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, bytes.fromhex(sha256_hex))


def open_blob(key: bytes, sha256_hex: str, sealed: bytes, *, label: str) -> bytes:
    if not sealed.startswith(_MAGIC):
        raise IntegrityFailure(f"{label}: not a sealed Testament blob")
    nonce = sealed[len(_MAGIC) : len(_MAGIC) + _NONCE]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(_MAGIC) + _NONCE :], bytes.fromhex(sha256_hex))
    except InvalidTag:
        raise IntegrityFailure(
            f"{label}: sealed content fails authentication (altered or swapped)",
            hint="restore this blob from a backup; run `testament verify` to list every failure",
        ) from None


# --- signatures ------------------------------------------------------------------------------------------


def generate_signing_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as (private PEM, public PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def checkpoint_signing_key(master: bytes) -> Ed25519PrivateKey:
    """The Ed25519 key an encrypted case signs its automatic checkpoints with, drawn from its master key:
    nothing more to store, and it survives passphrase changes (which keep the master key)."""
    return Ed25519PrivateKey.from_private_bytes(_hkdf(master, b"testament/checkpoint-signing"))


def load_private_key(pem: bytes, *, label: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise InputError(
            f"{label}: not an unencrypted PEM private key", hint="create one with `testament keygen`"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{label}: not an Ed25519 key", hint="create one with `testament keygen`")
    return key


def load_public_key(pem: bytes, *, label: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise InputError(
            f"{label}: not a PEM public key", hint="use the .pub file written by `testament keygen`"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(
            f"{label}: not an Ed25519 public key", hint="use the .pub file of `testament keygen`"
        )
    return key


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def verify_signature(key: Ed25519PublicKey, message: bytes, signature_b64: str) -> bool:
    try:
        key.verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True
