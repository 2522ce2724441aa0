"""Collection records: how each evidence file was collected, the fields the Berkeley Protocol on digital
open source investigations asks of every item (who collected it, when in UTC, from where, how, and in what
context). Intake knows only who brought a file into the case and when; the rest is entered by hand
(`testament collection`), one row per artifact, sealed by a `collection` custody event (which names the
fields set, never their values: a collector can be a person at risk). Evidence bundles carry the record and
say which fields are still missing (`testament.exports.bundle`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from testament.errors import InputError
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, collection_records
from testament.vocab import CustodyEventType, Sensitivity

__all__ = ["COLLECTION_FIELDS", "read_collection", "record_collection"]

COLLECTION_FIELDS = ("collected_by", "collected_at", "collected_from", "method", "context")


def _utc(text: str) -> str:
    """An ISO 8601 time with a zone, as UTC `YYYY-MM-DDTHH:MM:SSZ`; InputError otherwise."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            f"--at {text!r}: not a time with its zone",
            hint="give ISO 8601 with Z or an offset, e.g. 1988-08-02T14:30:00Z or 2024-03-02T10:00+03:30",
        )
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def record_collection(
    case: Case, artifact_id: int, *, sensitivity: str | None = None, **fields: str | None
) -> dict[str, Any]:
    """Set the collection fields given (`COLLECTION_FIELDS`; None leaves a field as it is) for artifact
    `artifact_id`; `collected_at` is normalised to UTC. Returns the record as it now is."""
    unknown = set(fields) - set(COLLECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown collection fields: {sorted(unknown)}")
    given = {k: v.strip() for k, v in fields.items() if v is not None and v.strip()}
    if not given and sensitivity is None:
        raise InputError("nothing to record", hint=f"give one or more of: {', '.join(COLLECTION_FIELDS)}")
    if "collected_at" in given:
        given["collected_at"] = _utc(given["collected_at"])
    if sensitivity is not None and sensitivity not in {s.value for s in Sensitivity}:
        raise InputError(
            f"--sensitivity {sensitivity}: not a label", hint="public, internal, restricted, sealed"
        )
    now = utc_now()
    with case.write() as conn:
        if conn.execute(select(artifacts.c.id).where(artifacts.c.id == artifact_id)).first() is None:
            raise InputError(
                f"artifact {artifact_id}: no such artifact", hint="see `testament artifacts CASE`"
            )
        facts = FactWriter(conn)
        old = conn.execute(
            select(collection_records.c.id).where(collection_records.c.artifact_id == artifact_id)
        ).first()
        values: dict[str, Any] = {**given, "recorded_by": case.settings.actor, "recorded_at": now}
        if sensitivity is not None:
            values["sensitivity"] = sensitivity
        if old is None:
            rid = Ids(conn).take(collection_records)
            row = {"id": rid, "artifact_id": artifact_id, **dict.fromkeys(COLLECTION_FIELDS), **values}
            row.setdefault("sensitivity", "internal")
            facts.insert_mappings(collection_records, [row])
        else:
            rid = int(old.id)
            facts.written(collection_records, [rid])
            conn.execute(update(collection_records).where(collection_records.c.id == rid).values(**values))
        details = {"artifact_id": artifact_id, "fields": sorted(given), "sensitivity": sensitivity,
                   **facts.details()}  # fmt: skip
        append_events(conn, case.settings.actor, [NewEvent(CustodyEventType.COLLECTION, details)])
        return read_collection(conn, [artifact_id])[artifact_id]


def read_collection(conn: Connection, artifact_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """Artifact → its collection record (the fields, who recorded it and when, its label)."""
    out: dict[int, dict[str, Any]] = {}
    ids = sorted(set(artifact_ids))
    for start in range(0, len(ids), 5000):
        for row in conn.execute(
            select(collection_records).where(collection_records.c.artifact_id.in_(ids[start : start + 5000]))
        ):
            out[int(row.artifact_id)] = {
                k: v for k, v in row._mapping.items() if k not in ("id", "artifact_id")
            }
    return out
