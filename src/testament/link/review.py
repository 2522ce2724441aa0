"""What a reviewer and a reader of the results see: the open review queue with both records side by side
and the evidence for and against each field, why each person holds the records it holds, and the
persons as a table (`export persons`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from testament.errors import InputError
from testament.link.decisions import latest_decisions
from testament.link.pipeline import Decision
from testament.store.case import Case
from testament.store.schema import (
    artifacts,
    attestations,
    claims,
    identity_links,
    link_queue,
    link_runs,
    person_records,
)
from testament.tabular import write_csv

__all__ = [
    "Evidence",
    "Membership",
    "RecordView",
    "ReviewItem",
    "explain_person",
    "export_persons",
    "latest_run",
    "open_queue",
]

# Fields shown side by side, in this order: (claim predicate, label)
_SHOWN = (
    ("name", "name"),
    ("given_name", "given name"),
    ("surname", "surname"),
    ("father_name", "father"),
    ("born", "born"),
    ("age", "age"),
    ("sex", "sex"),
    ("resided_in", "city"),
    ("held_at", "prison"),
    ("member_of", "affiliation"),
    ("arrested_on", "arrested"),
    ("executed_on", "executed"),
)


_NAME_LABELS = ("name", "given name", "surname")


@dataclass(frozen=True)
class RecordView:
    record_id: int
    source_file: str
    row: int | None
    fields: dict[str, str]  # label → what the source says (original text)

    @property
    def name(self) -> str:
        """The name as the source wrote it, in its own script: the full name, else given name and surname."""
        if "name" in self.fields:
            return self.fields["name"]
        return " ".join(self.fields[k] for k in ("given name", "surname") if k in self.fields)

    def key_fields(self) -> dict[str, str]:
        """The fields other than the name, in display order."""
        return {k: v for k, v in self.fields.items() if k not in _NAME_LABELS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id, "source_file": self.source_file, "row": self.row,
            "name": self.name, "fields": self.fields,
        }  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    comparison: str
    level: str
    weight: float  # natural-log odds this field adds: > 0 for, < 0 against

    @property
    def direction(self) -> str:
        return "for" if self.weight > 0.05 else "against" if self.weight < -0.05 else "neutral"


@dataclass(frozen=True)
class ReviewItem:
    queue_id: int
    run_id: int
    kind: str
    rank: int
    score: float
    left: RecordView
    right: RecordView
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        """The queue entry as plain data (JSON-ready)."""
        return {
            "queue_id": self.queue_id, "kind": self.kind, "score": self.score,
            "record_a": self.left.record_id, "record_b": self.right.record_id,
            "records": [self.left.to_dict(), self.right.to_dict()],
            "evidence": [[e.comparison, e.level, e.weight] for e in self.evidence],
        }  # fmt: skip


def latest_run(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(select(link_runs).order_by(link_runs.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def _views(conn: Connection, ids: set[int]) -> dict[int, RecordView]:
    if not ids:
        return {}
    base = conn.execute(
        select(person_records.c.id, artifacts.c.filename, person_records.c.row)
        .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
        .where(person_records.c.id.in_(sorted(ids)))
    ).all()
    fields: dict[int, dict[str, str]] = {i: {} for i in ids}
    labels = dict(_SHOWN)
    rows = conn.execute(
        select(claims.c.subject_id, claims.c.predicate, attestations.c.original_text)
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .where(
            claims.c.subject_type == "person_record",
            claims.c.subject_id.in_(sorted(ids)),
            claims.c.predicate.in_(list(labels)),
        )
        .order_by(claims.c.id)
    ).all()
    for subject, predicate, original in rows:
        fields[subject].setdefault(labels[predicate], original)
    order = [label for _, label in _SHOWN]
    return {
        r.id: RecordView(r.id, r.filename, r.row, {k: fields[r.id][k] for k in order if k in fields[r.id]})
        for r in base
    }


def _joined_by_reviewers(decisions: list[Decision]) -> dict[int, int]:
    """Record → a representative record: records that a chain of reviewer "same" decisions joins (a
    merge, or answers A = B and B = C) share one."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d in decisions:
        if d.same:
            parent[find(d.a)] = find(d.b)
    return {x: find(x) for x in list(parent)}


def open_queue(case: Case, *, limit: int | None = None) -> list[ReviewItem]:
    """The latest run's queue without the pairs someone has decided since, directly or through other
    records (a merge, or A = B and B = C decide A-C): most useful first."""
    with case.read() as conn:
        run = latest_run(conn)
        if run is None:
            raise InputError("this case has not been linked yet", hint="run `testament link CASE` first")
        decisions = latest_decisions(conn)
        decided = {(d.a, d.b) for d in decisions}
        joined = _joined_by_reviewers(decisions)
        rows = (
            conn.execute(
                select(link_queue).where(link_queue.c.run_id == run["id"]).order_by(link_queue.c.rank)
            )
            .mappings()
            .all()
        )
        rows = [
            r
            for r in rows
            if (min(r["record_a"], r["record_b"]), max(r["record_a"], r["record_b"])) not in decided
            and joined.get(r["record_a"], -1) != joined.get(r["record_b"], -2)
        ]
        if limit is not None:
            rows = rows[:limit]
        views = _views(conn, {r["record_a"] for r in rows} | {r["record_b"] for r in rows})
    return [
        ReviewItem(
            r["id"],
            r["run_id"],
            r["kind"],
            r["rank"],
            r["score"],
            views[r["record_a"]],
            views[r["record_b"]],
            [Evidence(c, level, float(w)) for c, level, w in json.loads(r["evidence"])],
        )
        for r in rows
    ]


@dataclass
class Membership:
    """Why a person holds its records: the pairs that joined them (model scores or human decisions)."""

    person_id: int
    records: list[RecordView]
    joins: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "records": [r.__dict__ for r in self.records],
            "joins": self.joins,
        }


def explain_person(case: Case, person_id: int) -> Membership:
    with case.read() as conn:
        ids = set(
            conn.execute(select(person_records.c.id).where(person_records.c.person_id == person_id)).scalars()
        )
        if not ids:
            raise InputError(
                f"person {person_id} holds no records", hint="take a person id from `export persons`"
            )
        run = latest_run(conn)
        views = _views(conn, ids)
        joins: list[dict[str, Any]] = []
        if run is not None:
            model_rows = conn.execute(
                select(identity_links.c.record_a, identity_links.c.record_b, identity_links.c.score).where(
                    identity_links.c.run_id == run["id"], identity_links.c.record_a.in_(sorted(ids))
                )
            ).all()
            joins += [{"records": [a, b], "by": "model", "score": s} for a, b, s in model_rows if b in ids]
        for d in latest_decisions(conn):
            if d.same and d.a in ids and d.b in ids:
                joins.append({"records": [d.a, d.b], "by": d.by, "score": None})
    return Membership(person_id, [views[i] for i in sorted(ids)], joins)


def export_persons(case: Case, out: Path, *, screen: Callable[[list[Any]], list[Any]] | None = None) -> int:
    """Write one row per record: list records as `source_file,row,person_id`; testimony mentions as
    `artifact,start,end,person_id` (in the same file, the other columns empty). Returns the rows written.

    The file is its owner's only (mode 0600) and a cell that a spreadsheet would run as a formula (a list
    file named `=HYPERLINK(...).csv`) is written with a leading `'` (see `testament.tabular`). `screen`
    (the access gate's, `testament.views.listings`) takes the rows read (each with `record_id`, `filename`,
    `artifact_id`, `row`, `char_start`, `char_end`, `person_id`) and returns those to write."""
    with case.read() as conn:
        if conn.execute(select(func.count()).select_from(link_runs)).scalar_one() == 0:
            raise InputError("this case has not been linked yet", hint="run `testament link CASE` first")
        rows = conn.execute(
            select(
                person_records.c.id.label("record_id"),
                artifacts.c.filename,
                person_records.c.artifact_id,
                person_records.c.row,
                person_records.c.char_start,
                person_records.c.char_end,
                person_records.c.person_id,
            )
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .order_by(person_records.c.artifact_id, person_records.c.row, person_records.c.char_start)
        ).all()
    if screen is not None:
        rows = screen(list(rows))
    mentions = any(r.row is None for r in rows)
    header = ["source_file", "row", "person_id"] + (["artifact", "start", "end"] if mentions else [])
    table = (
        [r.filename, r.row, r.person_id] + (["", "", ""] if mentions else [])
        if r.row is not None
        else ["", "", r.person_id, r.artifact_id, r.char_start, r.char_end]
        for r in rows
    )
    return write_csv(out, header, table)
