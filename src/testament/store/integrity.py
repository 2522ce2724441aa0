"""Verification of a whole case: every blob's hash, the custody chain, the links between them, and
optionally a partner's signed checkpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from testament.errors import InputError, IntegrityFailure
from testament.store.case import Case
from testament.store.custody import (
    Finding,
    NewEvent,
    append_events,
    check_checkpoint,
    make_checkpoint,
    read_events,
    verify_chain,
)
from testament.store.schema import artifacts
from testament.vocab import CustodyEventType

__all__ = ["VerifyReport", "checkpoint_case", "verify_case"]


@dataclass
class VerifyReport:
    blobs_checked: int = 0
    events_checked: int = 0
    checkpoint_checked: bool = False
    findings: list[Finding] = field(default_factory=list)
    # Blob-store files no artifact references (a killed ingest's leftovers): listed, not a failure, since
    # they are outside the evidence; the next ingest sweeps them.
    unreferenced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "blobs_checked": self.blobs_checked,
            "events_checked": self.events_checked,
            "checkpoint_checked": self.checkpoint_checked,
            "findings": [f.to_dict() for f in self.findings],
            "unreferenced": self.unreferenced,
        }


def verify_case(
    case: Case, *, checkpoint: bytes | None = None, pubkey: bytes | None = None, record: bool = True
) -> VerifyReport:
    """Recompute every blob hash and the chain; name every failure. Records a `verified` custody event
    (with the outcome) unless `record` is False."""
    report = VerifyReport()
    with case.read() as conn:
        rows = conn.execute(select(artifacts.c.id, artifacts.c.sha256).order_by(artifacts.c.id)).all()
        events = read_events(conn)
    for row in rows:
        where = f"artifact {row.id} (blob {case.blobs.path_for(row.sha256).relative_to(case.path)})"
        try:
            case.blobs.get(row.sha256)
        except IntegrityFailure as exc:
            kind = "blob_missing" if "missing" in exc.message else "blob_altered"
            report.findings.append(Finding(kind, where, f"{where}: {exc.message.split(': ', 1)[-1]}"))
        report.blobs_checked += 1
    report.unreferenced = [str(p.relative_to(case.path)) for p in case.unreferenced_blobs()]
    report.events_checked = len(events)
    report.findings.extend(verify_chain(events))
    hashed = {ev.artifact_sha256 for ev in events if ev.event_type == CustodyEventType.HASHED}
    for row in rows:
        if row.sha256 not in hashed:
            derived = any(
                ev.event_type == CustodyEventType.DERIVED and ev.artifact_sha256 == row.sha256
                for ev in events
            )
            if not derived:
                where = f"artifact {row.id}"
                report.findings.append(
                    Finding(
                        "artifact_unlogged",
                        where,
                        f"{where}: no custody event records its arrival or derivation",
                    )
                )
    if checkpoint is not None:
        if pubkey is None:
            raise InputError("--checkpoint needs --pubkey", hint="give the partner's copy of the public key")
        try:
            statement = json.loads(checkpoint)
        except ValueError:
            raise InputError(
                "--checkpoint: not JSON", hint="use the file printed by `testament checkpoint`"
            ) from None
        report.findings.extend(check_checkpoint(statement, pubkey, case.config.case_id, events, label="file"))
        report.checkpoint_checked = True
    if record:
        with case.write() as conn:
            append_events(
                conn,
                case.settings.actor,
                [
                    NewEvent(
                        CustodyEventType.VERIFIED,
                        {
                            "ok": report.ok,
                            "blobs_checked": report.blobs_checked,
                            "events_checked": report.events_checked,
                            "findings": len(report.findings),
                            "unreferenced": len(report.unreferenced),
                            "checkpoint_checked": report.checkpoint_checked,
                        },
                    )
                ],
            )
    return report


def checkpoint_case(case: Case, key_pem: bytes, *, label: str) -> dict[str, Any]:
    """A signed statement of the current chain head (see `custody.make_checkpoint`)."""
    with case.read() as conn:
        events = read_events(conn)
    return make_checkpoint(case.config.case_id, events, key_pem, label=label)
