"""What every view shares: the gated read (a snapshot, or for a cleared role a transaction that also logs
what it disclosed), the strings to scrub from free text, and citations."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, select
from sqlalchemy import text as sql_text

from testament.errors import AccessDenied, NotFoundError
from testament.store.access import PROTECTED, Gate, Labeller, Viewer, readable_labels, require
from testament.store.case import Case
from testament.store.schema import CLOSED, artifacts, attestations, claims, sources
from testament.store.users import ROLES
from testament.vocab import SENSITIVE_PREDICATES

__all__ = [
    "WITHHELD_NOTICE",
    "Citation",
    "Reading",
    "citations_of",
    "gated",
    "hide_case_terms",
    "not_found",
]

WITHHELD_NOTICE = "some fields withheld"
_CHUNK = 5000


def not_found(what: str, item_id: int) -> NotFoundError:
    """The one message for an id that does not exist, belongs to another case or may not be seen."""
    return NotFoundError(
        f"{what} {item_id}: no such {what} in this case", hint=f"pick a {what} from its list"
    )


@dataclass
class Reading:
    conn: Connection
    gate: Gate
    labels: Labeller


@contextmanager
def gated(
    case: Case, viewer: Viewer, view: str, action: str = "read", *, aggregates: bool = False
) -> Iterator[Reading]:
    """A read through the access gate. For a role cleared for protected labels the read runs in a write
    transaction, so the `disclosed` event lands with it (or not at all); for the others it is a snapshot.
    `aggregates=True`: the view shows counts only, never a field's value, so it discloses nothing and reads a
    snapshot for every role (no write lock held while it counts); a field let through is then a bug."""
    if viewer.role not in ROLES:
        raise AccessDenied(f"role {viewer.role!r} is not known", hint="ask an admin of the case for a role")
    require(viewer, action)
    cleared = bool(readable_labels(viewer.role) & PROTECTED) and not aggregates
    with case.write() if cleared else case.read() as conn:
        reading = Reading(conn, Gate(viewer), Labeller(conn))
        yield reading
        if cleared:
            reading.gate.log(conn, view)
        elif aggregates and reading.gate.disclosed:
            raise RuntimeError(f"{view} let protected fields through in a read that logs none")


def hide_case_terms(reading: Reading) -> None:
    """Note, as terms to scrub, the values and source texts of every claim in the case the viewer may not
    read that could name someone: claims with a closed label, a sensitive predicate, or about a witness or a
    relative. Free text (a testimony, a file name, a source title) is scrubbed of them."""
    conn, gate = reading.conn, reading.gate
    closed = [label for label in ("public", "internal", "restricted", "sealed") if label not in gate.labels]
    people = sorted(reading.labels.witness_records())
    candidates: set[int] = set()
    # Two questions rather than one OR, each answered by an index (schema: ix_claims_predicate and
    # ix_claims_closed, whose condition CLOSED a query must repeat word for word to use it).
    sensitive = select(claims.c.id).where(claims.c.predicate.in_(list(SENSITIVE_PREDICATES)))
    candidates |= set(conn.execute(sensitive).scalars())
    if set(closed) <= {"restricted", "sealed"}:
        candidates |= {
            int(cid)
            for cid, label in conn.execute(select(claims.c.id, claims.c.sensitivity).where(sql_text(CLOSED)))
            if label in closed
        }
    else:  # a role that may not read internal fields either: every claim is a candidate
        candidates |= set(conn.execute(select(claims.c.id).where(claims.c.sensitivity.in_(closed))).scalars())
    for start in range(0, len(people), _CHUNK):
        chunk = people[start : start + _CHUNK]
        candidates |= set(
            conn.execute(
                select(claims.c.id).where(
                    claims.c.subject_type == "person_record", claims.c.subject_id.in_(chunk)
                )
            ).scalars()
        )
    labels = reading.labels.claim_labels(candidates)
    hidden = sorted(cid for cid, label in labels.items() if not gate.allows(label))
    for start in range(0, len(hidden), _CHUNK):
        chunk = hidden[start : start + _CHUNK]
        for value in conn.execute(select(claims.c.value).where(claims.c.id.in_(chunk))).scalars():
            gate.hide(value)
        for text in conn.execute(
            select(attestations.c.original_text).where(attestations.c.claim_id.in_(chunk))
        ).scalars():
            gate.hide(text)


class Citation(BaseModel):
    """Where a claim is attested: the file (artifact id and source name) and the place in it."""

    attestation_id: int
    artifact_id: int
    source_name: str
    locator_kind: str  # cell, span, page, timecode
    row: int | None = None
    column: str | None = None
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    original_text: str
    relation: str | None = None
    review_status: str


def citations_of(reading: Reading, claim_ids: Collection[int]) -> dict[int, list[Citation]]:
    """The citations of readable claims, each only if the viewer may read the file it points into and the
    passage of it (a span on withheld text is no citation). Claim labels are the caller's business: call
    only with claims the viewer may read."""
    out: dict[int, list[Citation]] = {}
    if not claim_ids:
        return out
    rows: list[Any] = []
    ordered = sorted(set(claim_ids))
    for start in range(0, len(ordered), _CHUNK):
        rows += reading.conn.execute(
            select(
                attestations.c.id, attestations.c.claim_id, attestations.c.artifact_id,
                attestations.c.locator_kind, attestations.c.row, attestations.c.column_name,
                attestations.c.page, attestations.c.char_start, attestations.c.char_end,
                attestations.c.original_text, attestations.c.relation, attestations.c.review_status,
                artifacts.c.filename, sources.c.title,
            )
            .join(artifacts, artifacts.c.id == attestations.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(attestations.c.claim_id.in_(ordered[start : start + _CHUNK]))
            .order_by(attestations.c.id)
        ).all()  # fmt: skip
    # An attestation's label: its file's, and that of any withheld passage its span stands on.
    cited = reading.labels.attestation_labels({int(r.claim_id) for r in rows})
    gate = reading.gate
    for r in rows:
        if not gate.allows(cited.get(int(r.id), "sealed")):
            gate.withheld += 1
            continue
        out.setdefault(int(r.claim_id), []).append(
            Citation(
                attestation_id=r.id, artifact_id=r.artifact_id, source_name=gate.scrub(str(r.filename)),
                locator_kind=r.locator_kind, row=r.row, column=r.column_name, page=r.page,
                char_start=r.char_start, char_end=r.char_end, original_text=gate.scrub(r.original_text),
                relation=r.relation, review_status=r.review_status,
            )
        )  # fmt: skip
    return out
