"""The custody log: append-only and hash-chained. Each event carries the hash of the one before, so an
edited, deleted or reordered event breaks the chain; a signed checkpoint of the head, kept off-site by a
partner, catches even an insider who rewrites the whole chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, insert, select

from testament import __version__
from testament.errors import InputError
from testament.store import crypto
from testament.store.schema import custody_events
from testament.vocab import CustodyEventType

__all__ = [
    "APPENDED_HEAD",
    "GENESIS",
    "CustodyEvent",
    "Finding",
    "NewEvent",
    "append_events",
    "check_checkpoint",
    "check_statement",
    "make_checkpoint",
    "read_events",
    "sign_checkpoint",
    "statement_of",
    "utc_now",
    "verify_chain",
]

GENESIS = "0" * 64
APPENDED_HEAD = "testament_appended_head"  # connection info key: (seq, hash) of the last event appended
_CHECKPOINT_TYPE = "testament-custody-checkpoint/1"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class NewEvent:
    event_type: CustodyEventType
    details: dict[str, Any] = field(default_factory=dict)
    artifact_sha256: str | None = None


@dataclass(frozen=True)
class CustodyEvent:
    seq: int
    event_type: str
    artifact_sha256: str | None
    actor: str
    tool: str
    tool_version: str
    occurred_at: str
    details: str
    prev_hash: str
    hash: str

    def computed_hash(self) -> str:
        return _hash_event(
            self.seq,
            self.event_type,
            self.artifact_sha256,
            self.actor,
            self.tool,
            self.tool_version,
            self.occurred_at,
            self.details,
            self.prev_hash,
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "details": json.loads(self.details)}


@dataclass(frozen=True)
class Finding:
    """One verification failure, named so a person can find it."""

    kind: str  # blob_altered, blob_missing, event_edited, chain_broken, event_missing, checkpoint_...
    where: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "message": self.message}


_EVENT_FIELDS = (
    "seq", "event_type", "artifact_sha256", "actor", "tool", "tool_version", "occurred_at", "details",
    "prev_hash",
)  # fmt: skip


def _hash_event(*fields: object) -> str:
    body: dict[str, Any] = dict(zip(_EVENT_FIELDS, fields, strict=True))
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def append_events(conn: Connection, actor: str, new: Sequence[NewEvent]) -> list[CustodyEvent]:
    """Append events to the chain. Call inside `write_transaction`, which serialises writers."""
    head = conn.execute(
        select(custody_events.c.seq, custody_events.c.hash).order_by(custody_events.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    rows: list[CustodyEvent] = []
    for ev in new:
        seq += 1
        details = rfc8785.dumps(ev.details).decode("utf-8")
        occurred = utc_now()
        h = _hash_event(
            seq,
            str(ev.event_type),
            ev.artifact_sha256,
            actor,
            "testament",
            __version__,
            occurred,
            details,
            prev,
        )
        rows.append(
            CustodyEvent(
                seq,
                str(ev.event_type),
                ev.artifact_sha256,
                actor,
                "testament",
                __version__,
                occurred,
                details,
                prev,
                h,
            )
        )
        prev = h
    if rows:
        conn.execute(insert(custody_events), [r.__dict__ for r in rows])
        # The new head, for `Case.write` to checkpoint once the transaction has committed.
        conn.info[APPENDED_HEAD] = (rows[-1].seq, rows[-1].hash)
    return rows


def read_events(conn: Connection) -> list[CustodyEvent]:
    result = conn.execute(select(custody_events).order_by(custody_events.c.seq))
    return [CustodyEvent(**row._mapping) for row in result]


def verify_chain(events: Sequence[CustodyEvent]) -> list[Finding]:
    """Name every event that was edited, and every break where one was deleted, inserted or reordered."""
    findings: list[Finding] = []
    prev_hash, prev_seq = GENESIS, 0
    for ev in events:
        where = f"custody event {ev.seq}"
        if ev.computed_hash() != ev.hash:
            findings.append(
                Finding("event_edited", where, f"{where} ({ev.event_type}): content does not match its hash")
            )
        if ev.seq != prev_seq + 1:
            gap = f"{prev_seq + 1}" if ev.seq == prev_seq + 2 else f"{prev_seq + 1}-{ev.seq - 1}"
            if ev.seq > prev_seq + 1:
                findings.append(
                    Finding("event_missing", f"custody event {gap}", f"custody event {gap} missing (deleted)")
                )
            else:
                findings.append(Finding("chain_broken", where, f"{where}: sequence number out of order"))
        if ev.prev_hash != prev_hash:
            findings.append(
                Finding(
                    "chain_broken",
                    where,
                    f"{where}: does not follow custody event {prev_seq} "
                    "(an event before it was deleted, inserted, edited or reordered)",
                )
            )
        prev_hash, prev_seq = ev.hash, ev.seq
    return findings


# --- checkpoints -----------------------------------------------------------------------------------------


def make_checkpoint(
    case_id: str, events: Sequence[CustodyEvent], key_pem: bytes, *, label: str
) -> dict[str, Any]:
    """A small signed statement of the chain head, to be kept off-site by a partner."""
    head = events[-1] if events else None
    return sign_checkpoint(
        case_id,
        head.seq if head else 0,
        head.hash if head else GENESIS,
        crypto.load_private_key(key_pem, label=label),
    )


def sign_checkpoint(case_id: str, seq: int, head_hash: str, key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed statement "event `seq` of case `case_id` has hash `head_hash`", made now."""
    statement: dict[str, Any] = {
        "type": _CHECKPOINT_TYPE,
        "case_id": case_id,
        "seq": seq,
        "head_hash": head_hash,
        "made_at": utc_now(),
        "public_key": crypto.public_key_text(key),
    }
    return {**statement, "signature": crypto.sign(key, rfc8785.dumps(statement))}


def check_checkpoint(
    checkpoint: dict[str, Any], pubkey_pem: bytes, case_id: str, events: Sequence[CustodyEvent], *, label: str
) -> list[Finding]:
    """Prove the log still extends a checkpoint: the signature is good and the event it names is unchanged."""
    pub = crypto.load_public_key(pubkey_pem, label="--pubkey")
    return check_statement(checkpoint, pub, case_id, events, label=label)


def statement_of(checkpoint: Any, *, label: str) -> dict[str, Any]:
    """The signed fields of a checkpoint (signature included), or InputError naming `label`."""
    hint = "use the JSON printed by `testament checkpoint` or written by automatic checkpoints"
    try:
        statement = {
            k: checkpoint[k] for k in ("type", "case_id", "seq", "head_hash", "made_at", "public_key")
        }
        signature = str(checkpoint["signature"])
        int(statement["seq"])
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{label}: not a Testament checkpoint", hint=hint) from None
    if statement["type"] != _CHECKPOINT_TYPE:
        raise InputError(f"{label}: unknown checkpoint type", hint=hint)
    return {**statement, "signature": signature}


def check_statement(
    checkpoint: Any, pub: Ed25519PublicKey, case_id: str, events: Sequence[CustodyEvent], *, label: str
) -> list[Finding]:
    """`check_checkpoint` with the public key already loaded."""
    statement = statement_of(checkpoint, label=label)
    signature = statement.pop("signature")
    where = f"checkpoint {label}"
    if statement["public_key"] != crypto.public_key_text(pub) or not crypto.verify_signature(
        pub, rfc8785.dumps(statement), signature
    ):
        return [
            Finding("checkpoint_signature", where, f"{where}: signature does not verify with the given key")
        ]
    if statement["case_id"] != case_id:
        return [Finding("checkpoint_case", where, f"{where}: made for another case")]
    seq, head_hash = int(statement["seq"]), str(statement["head_hash"])
    if seq == 0:
        return []
    match = next((ev for ev in events if ev.seq == seq), None)
    if match is None:
        last = events[-1].seq if events else 0
        gone = f"{seq}" if last + 1 >= seq else f"{last + 1}-{seq}"
        return [
            Finding(
                "checkpoint_missing",
                where,
                f"{where}: custody event {seq} it vouches for (signed on {statement['made_at']}) is gone; "
                f"the log now ends at event {last}, so at least custody events {gone} were deleted",
            )
        ]
    if match.hash != head_hash:
        return [
            Finding(
                "checkpoint_diverged",
                where,
                f"{where}: custody event {seq} differs from the one signed on {statement['made_at']} "
                "(the log was rewritten since)",
            )
        ]
    return []
