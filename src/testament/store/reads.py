"""Reading the evidence back: the list of files with their hashes and custody, an original given back out of
the case, the custody log itself. Each read is logged as a custody event (`read`, or `exported` for an
original) in the same transaction that reads, so nothing is read without a trace: a read takes the case write
lock for a moment, like any write, and its event extends the chain (and the automatic checkpoint) as any
other event does. Events name what was read and how much, never content, file names or output paths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from testament.errors import InputError, IntegrityFailure
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import CustodyEvent, NewEvent, append_events, read_events
from testament.store.schema import artifacts, custody_events, sources
from testament.tabular import csv_text
from testament.vocab import CustodyEventType

__all__ = ["CUSTODY_COLUMNS", "custody_csv", "export_artifact", "list_artifacts", "read_custody_log"]

# Every field of an event, in the order its hash covers them, then the hash: enough to recompute the chain.
CUSTODY_COLUMNS = (
    "seq", "occurred_at", "event_type", "artifact_sha256", "actor", "tool", "tool_version", "details",
    "prev_hash", "hash",
)  # fmt: skip
_ARRIVAL = (CustodyEventType.RECEIVED.value, CustodyEventType.DERIVED.value)


def list_artifacts(case: Case) -> list[dict[str, Any]]:
    """Every artifact: id, file name, source kind, media type, size, SHA-256, when it was received (or
    derived), what it derives from and how, and the custody events that name it. Logged as a `read`."""
    with case.write() as conn:
        rows = conn.execute(
            select(
                artifacts.c.id,
                artifacts.c.filename,
                sources.c.kind,
                artifacts.c.media_type,
                artifacts.c.size,
                artifacts.c.sha256,
                artifacts.c.created_at,
                artifacts.c.derived_from,
                artifacts.c.transformation,
            )
            .join(sources, sources.c.id == artifacts.c.source_id)
            .order_by(artifacts.c.id)
        ).all()
        named = conn.execute(
            select(
                custody_events.c.seq,
                custody_events.c.event_type,
                custody_events.c.artifact_sha256,
                custody_events.c.occurred_at,
            )
            .where(custody_events.c.artifact_sha256.is_not(None))
            .order_by(custody_events.c.seq)
        ).all()
        append_events(
            conn,
            case.settings.actor,
            [NewEvent(CustodyEventType.READ, {"what": "artifacts", "count": len(rows)})],
        )
    events: dict[str, list[int]] = {}
    arrived: dict[str, str] = {}
    for ev in named:
        events.setdefault(ev.artifact_sha256, []).append(ev.seq)
        if ev.event_type in _ARRIVAL:
            arrived.setdefault(ev.artifact_sha256, ev.occurred_at)
    return [
        {
            "id": r.id,
            "filename": r.filename,
            "kind": r.kind,
            "media_type": r.media_type,
            "size": r.size,
            "sha256": r.sha256,
            "received_at": arrived.get(r.sha256, r.created_at),
            "derived_from": r.derived_from,
            "transformation": r.transformation,
            "custody_events": events.get(r.sha256, []),
        }
        for r in rows
    ]


def export_artifact(case: Case, artifact_id: int, out: Path, *, force: bool = False) -> dict[str, Any]:
    """Give back the original of artifact `artifact_id` (decrypted) as file `out`, mode 0600, after checking
    its bytes against the artifact's SHA-256. Refuses to replace an existing file unless `force`. Logged as an
    `exported` event (the artifact and its size; never the output path). Returns id, sha256, size, path."""
    _check_output(out, force)
    # Written beside `out` first (mkstemp: mode 0600), moved there once the event has committed.
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with case.write() as conn:
            row = conn.execute(
                select(artifacts.c.sha256, artifacts.c.size).where(artifacts.c.id == artifact_id)
            ).first()
            if row is None:
                raise InputError(
                    f"artifact {artifact_id}: no such artifact in this case",
                    hint="list them with `testament artifacts CASE`",
                )
            data = case.blobs.get(row.sha256)  # checked against the blob's name ...
            if sha256_hex(data) != row.sha256 or len(data) != row.size:  # ... and against the row itself
                raise IntegrityFailure(
                    f"artifact {artifact_id}: the stored file does not match its SHA-256 or size",
                    hint="run `testament verify` to see every failure; restore the case from a backup",
                )
            with os.fdopen(fd, "wb") as fh:
                fd = -1
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            details = {"artifact_id": artifact_id, "size": len(data), "sha256_checked": True}
            append_events(
                conn, case.settings.actor, [NewEvent(CustodyEventType.EXPORTED, details, row.sha256)]
            )
        _place(Path(tmp), out, force)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"id": artifact_id, "sha256": row.sha256, "size": len(data), "out": str(out)}


def _check_output(out: Path, force: bool) -> None:
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: no such folder {out.parent}", hint="create the folder first")
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder", hint="give the path of the file to write")
    if out.exists() and not force:
        raise InputError(
            f"--out {out}: already exists", hint="choose another name, or add --force to replace it"
        )


def _place(tmp: Path, out: Path, force: bool) -> None:
    """Move the written file to `out`: replacing it only with `force`, else failing if it has appeared."""
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)  # atomic, and never replaces a file
    except FileExistsError:
        raise InputError(
            f"--out {out}: appeared while the file was being written",
            hint="choose another name, or add --force to replace it",
        ) from None
    except OSError:  # a file system without hard links
        if out.exists():
            raise InputError(f"--out {out}: already exists", hint="add --force to replace it") from None
        os.replace(tmp, out)
        return
    tmp.unlink()


def read_custody_log(case: Case) -> list[CustodyEvent]:
    """The whole custody log, this read's own `read` event last (appended first, in the same transaction)."""
    with case.write() as conn:
        head = conn.execute(select(func.max(custody_events.c.seq))).scalar()
        read = NewEvent(CustodyEventType.READ, {"what": "custody log", "events": int(head or 0) + 1})
        append_events(conn, case.settings.actor, [read])
        return read_events(conn)


def custody_csv(events: list[CustodyEvent]) -> str:
    """The log as CSV (every cell neutralised against spreadsheet formulas; `tabular.read_csv` restores)."""
    return csv_text(CUSTODY_COLUMNS, ([getattr(ev, c) for c in CUSTODY_COLUMNS] for ev in events))
