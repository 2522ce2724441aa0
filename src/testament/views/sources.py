"""Sources and documents: the files of each source, a document's text with its attested spans (or a list's
rows), one claim with where it is attested, and an original given back to a cleared role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select

from testament.errors import AccessDenied, IntegrityFailure
from testament.store.access import Viewer, acting_as
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.schema import artifacts, attestations, claims, custody_events, person_records, sources
from testament.views._common import (
    WITHHELD_NOTICE,
    Citation,
    Reading,
    citations_of,
    gated,
    hide_case_terms,
    not_found,
)
from testament.vocab import CustodyEventType

__all__ = [
    "ArtifactRow",
    "ClaimDetail",
    "CustodyEntry",
    "DocRow",
    "Document",
    "SourceRow",
    "Span",
    "artifact_content",
    "claim_detail",
    "cleared_download",
    "document",
    "list_sources",
]

MAX_ROWS = 2000  # rows of a list shown on one document page


class ArtifactRow(BaseModel):
    artifact_id: int
    filename: str
    sha256: str
    media_type: str
    size: int
    kind: str  # original, or how it derives from another ("text of", "member of")
    derived_from: int | None = None


class SourceRow(BaseModel):
    source_id: int
    title: str
    kind: str  # testimony, list, ...
    artifacts: list[ArtifactRow]


class Span(BaseModel):
    claim_id: int
    char_start: int
    char_end: int
    predicate: str
    value: str | None = None
    review_status: str


class DocRow(BaseModel):
    row: int
    cells: dict[str, str]  # column → what the list says; withheld cells are left out
    claim_ids: dict[str, int]  # column → the claim the cell attests


class CustodyEntry(BaseModel):
    seq: int
    event_type: str
    actor: str
    occurred_at: str


class Document(BaseModel):
    artifact_id: int
    text_artifact_id: int | None = None  # the text the spans point into (the file itself, or its "text of")
    filename: str
    media_type: str
    sha256: str
    source_id: int
    source_title: str
    source_kind: str
    text: str | None = None  # testimonies; each withheld passage replaced by "[withheld]"
    spans: list[Span]
    columns: list[str]
    rows: list[DocRow]  # lists
    rows_truncated: bool = False
    custody: list[CustodyEntry]
    withheld: bool
    notice: str | None = None


class ClaimDetail(BaseModel):
    claim_id: int
    subject_type: str
    subject_id: int
    person_id: int | None = None
    predicate: str
    value: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_original: str | None = None
    stance: str
    sensitivity: str
    artifact_id: int | None = None  # where to open it: the first citation the viewer may read
    char_start: int | None = None
    char_end: int | None = None
    row: int | None = None
    column: str | None = None
    citations: list[Citation]


def _iso(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def list_sources(case: Case, viewer: Viewer) -> list[SourceRow]:
    """Every source the viewer may see, with the files they may see (id, name, SHA-256, kind)."""
    with gated(case, viewer, "list_sources") as reading:
        rows = reading.conn.execute(
            select(
                artifacts.c.id, artifacts.c.source_id, artifacts.c.filename, artifacts.c.sha256,
                artifacts.c.media_type, artifacts.c.size, artifacts.c.derived_from,
                artifacts.c.transformation, sources.c.title, sources.c.kind,
            )
            .join(sources, sources.c.id == artifacts.c.source_id)
            .order_by(artifacts.c.source_id, artifacts.c.id)
        ).all()  # fmt: skip
        labels = reading.labels.artifact_labels({int(r.id) for r in rows})
        hide_case_terms(reading)
        gate = reading.gate
        out: dict[int, SourceRow] = {}
        for r in rows:
            if not gate.allows(labels[int(r.id)]):
                continue
            source = out.get(int(r.source_id))
            if source is None:
                source = out[int(r.source_id)] = SourceRow(
                    source_id=r.source_id, title=gate.scrub(str(r.title)), kind=r.kind, artifacts=[]
                )
            source.artifacts.append(
                ArtifactRow(
                    artifact_id=r.id, filename=gate.scrub(str(r.filename)), sha256=r.sha256,
                    media_type=r.media_type, size=r.size, kind=r.transformation or "original",
                    derived_from=r.derived_from,
                )
            )  # fmt: skip
    return list(out.values())


def _artifact(reading: Reading, artifact_id: int) -> Any:
    """The artifact row with its source, if the viewer may see it; else NotFoundError."""
    row = reading.conn.execute(
        select(artifacts, sources.c.title, sources.c.kind.label("source_kind"))
        .join(sources, sources.c.id == artifacts.c.source_id)
        .where(artifacts.c.id == artifact_id)
    ).first()
    if row is None:
        raise not_found("artifact", artifact_id)
    label = reading.labels.artifact_labels([artifact_id])[artifact_id]
    if not reading.gate.allows(label):
        raise not_found("artifact", artifact_id)
    return row


def _text_artifact(reading: Reading, row: Any) -> int | None:
    """The artifact holding the text of `row`: itself when it is text, else its "text of" derivative."""
    if row.transformation == "text of" or str(row.media_type).startswith("text/plain"):
        return int(row.id)
    derived = reading.conn.execute(
        select(artifacts.c.id).where(
            artifacts.c.derived_from == row.id, artifacts.c.transformation == "text of"
        )
    ).scalar()
    return None if derived is None else int(derived)


def document(case: Case, viewer: Viewer, artifact_id: int) -> Document:
    """A document: a testimony's text with its attested spans (claim ids), or a list's rows with the claim of
    each cell; and the file's custody history. What the viewer may not read is marked "[withheld]" or left
    out."""
    with gated(case, viewer, "document") as reading:
        row = _artifact(reading, artifact_id)
        hide_case_terms(reading)
        text_id = _text_artifact(reading, row) if row.source_kind != "list" else None
        ids = {artifact_id} | ({text_id} if text_id is not None else set())
        cited = reading.conn.execute(
            select(
                attestations.c.id, attestations.c.claim_id, attestations.c.artifact_id, attestations.c.row,
                attestations.c.column_name, attestations.c.char_start, attestations.c.char_end,
                attestations.c.original_text, attestations.c.review_status, claims.c.predicate,
                claims.c.value,
            )
            .join(claims, claims.c.id == attestations.c.claim_id)
            .where(
                attestations.c.artifact_id.in_(sorted(ids)),
                or_(attestations.c.row.is_(None), attestations.c.row <= MAX_ROWS),
            )
            .order_by(attestations.c.row, attestations.c.char_start, attestations.c.id)
        ).all()  # fmt: skip
        cited_ids = {int(c.claim_id) for c in cited}
        labels, passages = reading.labels.claim_and_attestation_labels(cited_ids)  # passages: attestations
        gate = reading.gate
        readable = []
        for c in cited:
            if not gate.see("claims", int(c.claim_id), "value", labels[int(c.claim_id)]):
                gate.hide(c.original_text, c.value)
            elif gate.allows(passages.get(int(c.id), "sealed")):
                readable.append(c)
            else:
                gate.withheld += 1
        text = None
        move: Callable[[int, bool], int] = _same_place
        if text_id is not None:
            sha = reading.conn.execute(
                select(artifacts.c.sha256).where(artifacts.c.id == text_id)
            ).scalar_one()
            text, move = gate.redact(case.blobs.get(sha).decode("utf-8", errors="replace"))
        spans = [
            Span(
                claim_id=c.claim_id, char_start=move(c.char_start, False), char_end=move(c.char_end, True),
                predicate=c.predicate,
                value=None if c.value is None else gate.scrub(str(c.value)), review_status=c.review_status,
            )
            for c in readable
            if c.artifact_id == text_id and c.char_start is not None and c.char_end is not None
        ]  # fmt: skip
        columns, rows = _rows(
            reading, [c for c in readable if c.row is not None and c.artifact_id == artifact_id]
        )
        custody = _custody(reading, ids)
        withheld = gate.withheld > 0
        return Document(
            artifact_id=artifact_id, text_artifact_id=text_id, filename=gate.scrub(str(row.filename)),
            media_type=row.media_type, sha256=row.sha256, source_id=row.source_id,
            source_title=gate.scrub(str(row.title)), source_kind=row.source_kind, text=text, spans=spans,
            columns=columns, rows=rows, rows_truncated=_more_rows(reading, artifact_id), custody=custody,
            withheld=withheld, notice=WITHHELD_NOTICE if withheld else None,
        )  # fmt: skip


def _same_place(offset: int, end: bool = False) -> int:
    return offset


def _more_rows(reading: Reading, artifact_id: int) -> bool:
    """Does the list have rows past the first MAX_ROWS (not shown)?"""
    return (
        reading.conn.execute(
            select(attestations.c.id)
            .where(attestations.c.artifact_id == artifact_id, attestations.c.row > MAX_ROWS)
            .limit(1)
        ).first()
        is not None
    )


def _rows(reading: Reading, cells: list[Any]) -> tuple[list[str], list[DocRow]]:
    columns: list[str] = []
    rows: dict[int, DocRow] = {}
    for c in cells:
        column = str(c.column_name or c.predicate)
        if column not in columns:
            columns.append(column)
        row = rows.setdefault(int(c.row), DocRow(row=int(c.row), cells={}, claim_ids={}))
        row.cells[column] = reading.gate.scrub(str(c.original_text))
        row.claim_ids[column] = int(c.claim_id)
    return columns, [rows[k] for k in sorted(rows)]


def _custody(reading: Reading, artifact_ids: set[int]) -> list[CustodyEntry]:
    shas = list(
        reading.conn.execute(
            select(artifacts.c.sha256).where(artifacts.c.id.in_(sorted(artifact_ids)))
        ).scalars()
    )
    rows = reading.conn.execute(
        select(
            custody_events.c.seq,
            custody_events.c.event_type,
            custody_events.c.actor,
            custody_events.c.occurred_at,
        )
        .where(custody_events.c.artifact_sha256.in_(shas))
        .order_by(custody_events.c.seq)
    ).all()
    return [
        CustodyEntry(seq=r.seq, event_type=r.event_type, actor=r.actor, occurred_at=r.occurred_at)
        for r in rows
    ]


def claim_detail(case: Case, viewer: Viewer, claim_id: int) -> ClaimDetail:
    """One claim the viewer may read, with its citations and where to open it (artifact and span or cell).
    NotFoundError for a claim that does not exist or that the viewer may not read (alike)."""
    with gated(case, viewer, "claim_detail") as reading:
        r = reading.conn.execute(select(claims).where(claims.c.id == claim_id)).first()
        if r is None:
            raise not_found("claim", claim_id)
        label = reading.labels.claim_labels([claim_id])[claim_id]
        if not reading.gate.see("claims", claim_id, "value", label):
            raise not_found("claim", claim_id)
        hide_case_terms(reading)
        cited = citations_of(reading, [claim_id]).get(claim_id, [])
        person = None
        if r.subject_type == "person_record":
            person = reading.conn.execute(
                select(person_records.c.person_id).where(person_records.c.id == r.subject_id)
            ).scalar()
        first = cited[0] if cited else None
        gate = reading.gate
        return ClaimDetail(
            claim_id=claim_id, subject_type=r.subject_type, subject_id=r.subject_id, person_id=person,
            predicate=r.predicate, value=None if r.value is None else gate.scrub(str(r.value)),
            date_start=_iso(r.date_start), date_end=_iso(r.date_end), date_original=r.date_original,
            stance=r.stance, sensitivity=label, artifact_id=first.artifact_id if first else None,
            char_start=first.char_start if first else None, char_end=first.char_end if first else None,
            row=first.row if first else None, column=first.column if first else None, citations=cited,
        )  # fmt: skip


def cleared_download(reading: Reading, artifact_id: int) -> Any:
    """The artifact's row, if the viewer may download it: they may see the file and read every field attested
    in it or in a file derived from it (else AccessDenied; a hidden file is not found). Notes the file and
    those fields as read. The one rule for the workbench's download and `testament artifact get`."""
    row = _artifact(reading, artifact_id)
    family = {artifact_id}
    family |= set(
        reading.conn.execute(
            select(artifacts.c.id).where(
                or_(artifacts.c.derived_from == artifact_id, artifacts.c.id == row.derived_from)
            )
        ).scalars()
    )
    claim_ids = set(
        reading.conn.execute(
            select(attestations.c.claim_id).where(attestations.c.artifact_id.in_(sorted(family)))
        ).scalars()
    )
    labels = reading.labels.claim_labels(claim_ids)
    if any(not reading.gate.allows(label) for label in labels.values()):
        raise AccessDenied(
            f"artifact {artifact_id}: the file holds fields above your role's clearance",
            hint="ask an admin of the case to download it",
        )
    file_label = reading.labels.artifact_labels([artifact_id])[artifact_id]
    reading.gate.see("artifacts", artifact_id, "content", file_label)
    for cid, label in labels.items():
        reading.gate.see("claims", cid, "value", label)
    return row


def artifact_content(case: Case, viewer: Viewer, artifact_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of an original, for a role that may download it and read everything
    attested in it; its bytes checked against its SHA-256. Logged as `exported` by the viewer."""
    with gated(case, viewer, "artifact_content", action="download") as reading:
        row = cleared_download(reading, artifact_id)
        data = case.blobs.get(row.sha256)
        if sha256_hex(data) != row.sha256 or len(data) != row.size:
            raise IntegrityFailure(
                f"artifact {artifact_id}: the stored file does not match its SHA-256 or size",
                hint="run `testament verify` to see every failure; restore the case from a backup",
            )
        details = {"artifact_id": artifact_id, "size": len(data), "sha256_checked": True, "via": "workbench"}
        append_events(
            reading.conn,
            acting_as(case, viewer).settings.actor,
            [NewEvent(CustodyEventType.EXPORTED, details, row.sha256)],
        )
    name = str(row.filename).replace("\\", "/").rsplit("/", 1)[-1] or f"artifact-{artifact_id}"
    return name, str(row.media_type), data
