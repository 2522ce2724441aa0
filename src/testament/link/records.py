"""The records linkage reads: one row per person record with the fields its claims give, as an Arrow
table. Linkage never reaches into the store beyond this module and `persist`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy import Connection, select

from testament.store.case import Case
from testament.store.schema import artifacts, claims, mentions, person_records

__all__ = [
    "DATE_FIELDS",
    "PREDICATE_FIELDS",
    "RECORD_SCHEMA",
    "ROLE_FIELD",
    "TEXT_FIELDS",
    "read_record_sides",
    "read_records",
    "records_table",
]

# Claim predicate → record field. The first claim of a predicate on a record is the one linkage uses.
PREDICATE_FIELDS: dict[str, str] = {
    "name": "full_name",
    "given_name": "given_name",
    "surname": "surname",
    "father_name": "father_name",
    "sex": "sex",
    "resided_in": "city",
    "held_at": "prison",
    "member_of": "affiliation",
    "buried_at": "burial",
    "age": "age",
    "born": "born",
    "arrested_on": "arrested",
    "executed_on": "executed",
}
TEXT_FIELDS = (
    "full_name", "given_name", "surname", "father_name", "sex", "city", "prison", "affiliation", "burial",
)  # fmt: skip
DATE_FIELDS = ("born", "arrested", "executed")
# A testimony mention's part in the account (`mentions.role`: narrator, victim, perpetrator, relative,
# fellow_prisoner, other); null for a list row (a victim list names victims).
ROLE_FIELD = "role"

RECORD_SCHEMA = pa.schema(
    [
        pa.field("record_id", pa.int64(), nullable=False),
        pa.field("artifact_id", pa.int64()),
        pa.field("source_file", pa.string()),
        pa.field("row", pa.int64()),
        pa.field("char_start", pa.int64()),
        pa.field("char_end", pa.int64()),
        *[pa.field(f, pa.string()) for f in TEXT_FIELDS],
        pa.field("age", pa.int64()),
        *[pa.field(f"{f}_{end}", pa.date32()) for f in DATE_FIELDS for end in ("start", "end")],
        pa.field(ROLE_FIELD, pa.string()),
    ]
)


def records_table(rows: list[dict[str, Any]]) -> pa.Table:
    """An Arrow table in `RECORD_SCHEMA` from plain dicts (missing keys are nulls). Dates may be
    `datetime.date` or ISO strings."""
    dates = {f"{f}_{end}" for f in DATE_FIELDS for end in ("start", "end")}
    columns: dict[str, list[Any]] = {f.name: [] for f in RECORD_SCHEMA}
    for row in rows:
        for name, values in columns.items():
            value = row.get(name)
            if isinstance(value, str) and name in dates:
                value = dt.date.fromisoformat(value)
            values.append(value)
    return pa.table(columns, schema=RECORD_SCHEMA)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def read_records(case: Case) -> pa.Table:
    """Every person record of the case with its linkage fields, ordered by record id."""
    with case.read() as conn:
        base = conn.execute(
            select(
                person_records.c.id,
                person_records.c.artifact_id,
                artifacts.c.filename,
                person_records.c.row,
                person_records.c.char_start,
                person_records.c.char_end,
            )
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .order_by(person_records.c.id)
        ).all()
        index = {r[0]: i for i, r in enumerate(base)}
        n = len(base)
        columns: dict[str, list[Any]] = {f.name: [None] * n for f in RECORD_SCHEMA}
        for i, r in enumerate(base):
            columns["record_id"][i] = r[0]
            columns["artifact_id"][i] = r[1]
            columns["source_file"][i] = r[2]
            columns["row"][i] = r[3]
            columns["char_start"][i] = r[4]
            columns["char_end"][i] = r[5]
        query = (
            select(
                claims.c.subject_id,
                claims.c.predicate,
                claims.c.value,
                claims.c.date_start,
                claims.c.date_end,
            )
            .where(
                claims.c.subject_type == "person_record",
                claims.c.predicate.in_(list(PREDICATE_FIELDS)),
                claims.c.stance != "denies",
            )
            .order_by(claims.c.subject_id, claims.c.id)
        )
        for subject, predicate, value, start, end in conn.execute(query):
            found = index.get(subject)
            if found is None:
                continue
            i = found
            field = PREDICATE_FIELDS[predicate]
            if field in DATE_FIELDS:
                if columns[f"{field}_start"][i] is None and start is not None:
                    columns[f"{field}_start"][i] = _as_date(start)
                    columns[f"{field}_end"][i] = _as_date(end if end is not None else start)
            elif field == "age":
                if columns["age"][i] is None:
                    columns["age"][i] = _as_int(value)
            elif columns[field][i] is None and value:
                columns[field][i] = value
        roles = select(mentions.c.person_record_id, mentions.c.role).where(
            mentions.c.person_record_id.is_not(None), mentions.c.mention_type == "person"
        )
        for record, role in conn.execute(roles.order_by(mentions.c.id)):
            found = index.get(record)
            if found is not None and columns[ROLE_FIELD][found] is None and role:
                columns[ROLE_FIELD][found] = role
    return pa.table(columns, schema=RECORD_SCHEMA)


def read_record_sides(conn: Connection, record_ids: Sequence[int]) -> np.ndarray | None:
    """Per record of `record_ids`, its side as `cluster.role_sides` reads it (a list row or a victim's
    mention: a victim's; a perpetrator's or the narrator's mention: adverse); None when no record is
    adverse. For clustering again from stored pairs (plausible linkages) with the run's rules."""
    from testament.link.cluster import role_sides

    index = {int(r): i for i, r in enumerate(record_ids)}
    rows: list[int | None] = [None] * len(index)
    roles: list[str | None] = [None] * len(index)
    for record, row in conn.execute(select(person_records.c.id, person_records.c.row)):
        if (i := index.get(int(record))) is not None:
            rows[i] = row
    query = select(mentions.c.person_record_id, mentions.c.role).where(
        mentions.c.person_record_id.is_not(None), mentions.c.mention_type == "person"
    )
    for record, role in conn.execute(query.order_by(mentions.c.id)):
        if (i := index.get(int(record))) is not None and roles[i] is None and role:
            roles[i] = role
    return role_sides(rows, roles)
