"""Verification of a whole case: the database's own integrity check first, then every blob's hash, the custody
chain, the links between them, the rows each writing event sealed (`testament.store.facts`, checked by
`testament.store.rowcheck`), and optionally a partner's signed checkpoint. A damaged database is reported
as findings, never as "verified". Stages above the store add checks of their own (`AddedCheck`: ingest's
re-derivation of every list from its blob, `verify --rederive`), run after these and part of the outcome."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from testament.errors import CaseBusyError, IntegrityFailure
from testament.store.case import Case
from testament.store.checkpoints import check_checkpoints
from testament.store.custody import (
    Finding,
    NewEvent,
    append_events,
    make_checkpoint,
    read_events,
    verify_chain,
)
from testament.store.rowcheck import verify_rows
from testament.store.schema import artifacts
from testament.vocab import CustodyEventType

__all__ = ["AddedCheck", "VerifyReport", "check_database", "checkpoint_case", "verify_case"]

# Event types whose events write rows and seal them (see `testament.store.facts`); an event of these types
# without a digest, after the first one with digests, is a finding.
_SEALING = frozenset(
    t.value
    for t in (
        CustodyEventType.INGESTED,
        CustodyEventType.EXTRACTED,
        CustodyEventType.REVIEWED,
        CustodyEventType.LINKED,
        CustodyEventType.ESTIMATED,
        CustodyEventType.MAPPED,
    )
)
_DAMAGE_HINT = (
    "restore the case folder from a backup; copy the damaged folder aside first, it is evidence of what "
    "happened"
)


@dataclass
class AddedCheck:
    """What a check added by a stage above the store covered (`checked`, counted under `label`, e.g.
    "lists re-derived") and found; notes say what it could not cover."""

    label: str
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class VerifyReport:
    blobs_checked: int = 0
    events_checked: int = 0
    rows_checked: int = 0
    database_check: str = ""  # what the database's own check was (integrity_check, none on PostgreSQL...)
    checkpoint_checked: bool = False
    checkpoints_checked: int = 0  # automatic ones in the case's folder, those given, and codes
    newest_checkpoint: dict[str, Any] | None = None  # the newest checked: where, seq, made_at, age
    findings: list[Finding] = field(default_factory=list)
    # Blob-store files no artifact references (a killed ingest's leftovers): listed, not a failure, since
    # they are outside the evidence; the next ingest sweeps them.
    unreferenced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what verify could not cover, said plainly
    added: dict[str, int] = field(default_factory=dict)  # what each added check covered, by its label

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "blobs_checked": self.blobs_checked,
            "events_checked": self.events_checked,
            "rows_checked": self.rows_checked,
            "database_check": self.database_check,
            "checkpoint_checked": self.checkpoint_checked,
            "checkpoints_checked": self.checkpoints_checked,
            "newest_checkpoint": self.newest_checkpoint,
            "findings": [f.to_dict() for f in self.findings],
            "unreferenced": self.unreferenced,
            "notes": self.notes,
            "added": self.added,
        }


def _damaged(exc: BaseException) -> Finding:
    """A driver error while reading the case, as a finding (the driver's message names no case data)."""
    detail = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
    return Finding("database_damaged", "database", f"database damaged: {detail}")


def check_database(conn: Connection, kind: str) -> tuple[str, list[Finding]]:
    """The database's own integrity check: SQLCipher's page authentication and SQLite's `integrity_check`
    (every page, every index against its table). PostgreSQL: none here (the server checks its pages when
    data checksums are on). Returns (what was run, findings)."""
    if kind == "postgresql":
        return "none (PostgreSQL: the server's own page checksums)", []
    findings: list[Finding] = []
    run = []
    if kind == "sqlcipher":
        run.append("cipher_integrity_check")
        for (line,) in conn.exec_driver_sql("PRAGMA cipher_integrity_check").all():
            findings.append(Finding("database_damaged", "database", f"database damaged: {line}"))
    run.append("integrity_check")
    lines = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check(20)").all()]
    if lines != ["ok"]:
        findings.extend(Finding("database_damaged", "database", f"database damaged: {x}") for x in lines)
    return " + ".join(run), findings


def verify_case(
    case: Case,
    *,
    checkpoint: bytes | None = None,
    pubkey: bytes | None = None,
    codes: Sequence[str] = (),
    record: bool = True,
    added: Sequence[Callable[[Case], AddedCheck]] = (),
) -> VerifyReport:
    """Run the database's own check, recompute every blob hash, the chain and every sealed row; check the
    checkpoints (the case's checkpoint folder, `checkpoint`, `codes`); then run each `added` check (e.g.
    `testament.ingest.rederive.rederive_lists`); name every failure. Records a `verified` custody event
    (with the outcome) unless `record` is False or the database is damaged."""
    report = VerifyReport()
    # Reads below go through SQLAlchemy (errors wrapped) and, for speed, the driver itself (errors raw).
    driver_error: type[Exception] = getattr(case.backend.engine.dialect.dbapi, "Error", DBAPIError)

    damage: list[Finding]
    try:
        with case.read() as conn:
            report.database_check, damage = check_database(conn, case.backend.kind)
    except (DBAPIError, driver_error) as exc:
        damage = [_damaged(exc)]
    if not damage:
        # A damaged page can make any later read fail or mislead: on damage, nothing else is read.
        try:
            _verify_contents(case, report, checkpoint, pubkey, codes)
            for check in added:
                done = check(case)
                report.added[done.label] = done.checked
                report.findings.extend(done.findings)
                report.notes.extend(done.notes)
        except (DBAPIError, driver_error) as exc:
            damage = [_damaged(exc)]
    if damage:
        report.findings = damage
        report.notes = [f"database damaged; hint: {_DAMAGE_HINT}"]
        report.rows_checked = 0
        return report
    if record:
        _record(case, report)
    return report


def _record(case: Case, report: VerifyReport) -> None:
    """Log the outcome as a `verified` event if no other process is writing: verify reads a snapshot and
    never waits on a writer, so a long ingest does not hold up (or time out) its answer."""
    try:
        with case.write(wait=0) as conn:
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
                            "rows_checked": report.rows_checked,
                            "findings": len(report.findings),
                            "unreferenced": len(report.unreferenced),
                            "checkpoint_checked": report.checkpoint_checked,
                            "checkpoints_checked": report.checkpoints_checked,
                            **({"added": report.added} if report.added else {}),
                        },
                    )
                ],
            )
    except CaseBusyError:
        report.notes.append(
            "not logged as a `verified` event: another process is writing to this case (files it is storing "
            "may show as unreferenced); run verify again when it has finished to log the check"
        )


def _verify_contents(
    case: Case, report: VerifyReport, checkpoint: bytes | None, pubkey: bytes | None, codes: Sequence[str]
) -> None:
    with case.read() as conn:
        rows = conn.execute(select(artifacts.c.id, artifacts.c.sha256).order_by(artifacts.c.id)).all()
        events = read_events(conn)
        facts = verify_rows(conn, events, writing=_SEALING)
    report.rows_checked = facts.rows_checked
    report.notes.extend(facts.notes)
    for row in rows:
        where = f"artifact {row.id} (blob {case.blobs.path_for(row.sha256).relative_to(case.path)})"
        try:
            case.blobs.get(row.sha256)
        except IntegrityFailure as exc:
            kind = "blob_altered" if "missing" not in exc.message else "blob_missing"
            report.findings.append(Finding(kind, where, f"{where}: {exc.message.split(': ', 1)[-1]}"))
        report.blobs_checked += 1
    report.unreferenced = [str(p.relative_to(case.path)) for p in case.unreferenced_blobs()]
    report.events_checked = len(events)
    report.findings.extend(verify_chain(events))
    report.findings.extend(Finding(f.kind, f.where, f.message) for f in facts.findings)
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
    given = [("file", checkpoint)] if checkpoint is not None else []
    checked = check_checkpoints(case, events, given=given, pubkey=pubkey, codes=codes)
    report.findings.extend(checked.findings)
    report.notes.extend(checked.notes)
    report.checkpoints_checked, report.newest_checkpoint = checked.checked, checked.newest
    report.checkpoint_checked = checked.checked > 0


def checkpoint_case(case: Case, key_pem: bytes, *, label: str) -> dict[str, Any]:
    """A signed statement of the current chain head (see `custody.make_checkpoint`)."""
    with case.read() as conn:
        events = read_events(conn)
    return make_checkpoint(case.config.case_id, events, key_pem, label=label)
