"""Reading person records back with what each field says and where it says it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, select

from testament.store.case import Case
from testament.store.schema import artifacts, attestations, claims, identity_links, person_records

__all__ = ["COREFERENCE", "coreference_links", "list_person_records"]

# identity_links.action of a link the extractor's coreference made between two accepted mentions of one
# testimony (origin "model", no link run; `testament.extract.review` writes them, linkage reads them)
COREFERENCE = "coref"


def coreference_links(conn: Connection) -> dict[tuple[int, int], int]:
    """(smaller record, larger record) → id of the extractor's coreference link between them."""
    rows = conn.execute(
        select(identity_links.c.id, identity_links.c.record_a, identity_links.c.record_b).where(
            identity_links.c.origin == "model", identity_links.c.action == COREFERENCE
        )
    ).all()
    return {(min(a, b), max(a, b)): int(i) for i, a, b in rows}


def list_person_records(
    case: Case, *, limit: int | None = None, ids: bool = False, only: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """Each record with its fields: original text, normalised value, the Gregorian interval for dates, and the
    locator (file, sheet of a workbook, row, column) that attests it. With `ids`, each record also names its
    `artifact_id` and each field its `claim_id` and `attestation_id` (for the access gate to label them);
    `only`: just these records (a few: they are listed in the query)."""
    with case.read() as conn:
        rec_q = (
            select(
                person_records.c.id,
                person_records.c.row,
                person_records.c.page,
                person_records.c.artifact_id,
                artifacts.c.filename,
                artifacts.c.sha256,
            )
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .order_by(person_records.c.id)
        )
        if only is not None:
            rec_q = rec_q.where(person_records.c.id.in_(sorted(only)))
        if limit is not None:
            rec_q = rec_q.limit(limit)
        records = {
            r.id: {"id": r.id, "file": r.filename, "sha256": r.sha256, "row": r.row, "fields": []}
            # a workbook's rows: the sheet's number (its name is in the ingest's custody event)
            | ({"sheet": r.page} if r.row is not None and r.page is not None else {})
            | ({"artifact_id": r.artifact_id} if ids else {})
            for r in conn.execute(rec_q)
        }
        if not records:
            return []
        first, last = min(records), max(records)
        q = (
            select(
                claims.c.subject_id,
                claims.c.predicate,
                claims.c.value,
                claims.c.date_start,
                claims.c.date_end,
                claims.c.date_precision,
                claims.c.date_calendar,
                attestations.c.original_text,
                attestations.c.column_name,
                claims.c.id,
                attestations.c.id.label("attestation_id"),
            )
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .where(
                claims.c.subject_type == "person_record",
                claims.c.subject_id >= first,
                claims.c.subject_id <= last,
            )
            .order_by(claims.c.subject_id, claims.c.id)
        )
        for c in conn.execute(q):
            record = records.get(c.subject_id)
            if record is None:
                continue
            entry: dict[str, Any] = {
                "predicate": c.predicate,
                "column": c.column_name,
                "original": c.original_text,
                "value": c.value,
            }
            if c.date_start is not None:
                entry["interval"] = f"{c.date_start.isoformat()}/{c.date_end.isoformat()}"
                entry["precision"] = c.date_precision
                entry["calendar"] = c.date_calendar
            if ids:
                entry |= {"claim_id": c.id, "attestation_id": c.attestation_id}
            record["fields"].append(entry)
    return list(records.values())
