"""Every cryptographic primitive Testament uses, in one place, from `cryptography` and `argon2-cffi`.

- A case passphrase is stretched once with Argon2id (salt kept in case.json) into a master key; HKDF splits
  it into the SQLCipher database key and the blob key, so the two never share bytes.
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

from testament.errors import InputError, IntegrityFailure

__all__ = [
    "CaseKeys",
    "KdfParams",
    "blob_name",
    "derive_keys",
    "generate_signing_key",
    "load_private_key",
    "load_public_key",
    "open_blob",
    "public_key_text",
    "seal_blob",
    "sign",
    "verify_signature",
]

_NONCE = 12
_MAGIC = b"TSTB1"  # sealed-blob format marker and version


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

    def __repr__(self) -> str:  # keys never reach logs or tracebacks
        return "CaseKeys(<redacted>)"


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def derive_keys(passphrase: str, params: KdfParams) -> CaseKeys:
    master = hash_secret_raw(
        passphrase.encode("utf-8"),
        params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return CaseKeys(database=_hkdf(master, b"testament/db"), blobs=_hkdf(master, b"testament/blobs"))


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
