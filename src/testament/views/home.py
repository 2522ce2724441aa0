"""The workbench's home: how much of the case the viewer may see, and what waits for their review."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import func, select

from testament.errors import InputError
from testament.store.access import Viewer, may
from testament.store.case import Case
from testament.store.schema import artifacts, estimate_runs, person_records
from testament.views._common import gated

__all__ = ["Home", "home_summary"]


class Home(BaseModel):
    sources: int
    artifacts: int
    persons: int  # persons with at least one record the viewer may see
    estimates: int
    pending_pairs: int | None = None  # None: the role does not review pairs
    pending_claims: int | None = None  # None: the role does not review claims


def home_summary(case: Case, viewer: Viewer) -> Home:
    """Counts of what the viewer may see (aggregates only) and the review work waiting for them."""
    reviewing = may(viewer, "review_claims")
    candidates = []
    if reviewing:
        from testament.extract import list_candidates

        candidates = list_candidates(case, statuses=("proposed",))
    pairs: list[tuple[int, int]] | None = None
    if may(viewer, "review_links"):
        from testament.link.review import open_queue  # imports Splink: only for roles that review pairs

        try:
            pairs = [(i.left.record_id, i.right.record_id) for i in open_queue(case)]
        except InputError:  # not linked yet
            pairs = []
    with gated(case, viewer, "home_summary") as reading:
        conn, gate = reading.conn, reading.gate
        rows = conn.execute(select(artifacts.c.id, artifacts.c.source_id)).all()
        labels = reading.labels.artifact_labels({int(r.id) for r in rows})
        seen = [r for r in rows if gate.allows(labels[int(r.id)])]
        records = conn.execute(
            select(person_records.c.id, person_records.c.person_id, person_records.c.artifact_id).where(
                person_records.c.person_id.is_not(None)
            )
        ).all()
        record_labels = reading.labels.record_labels({int(r.id) for r in records})
        persons = {
            int(r.person_id)
            for r in records
            if gate.allows(record_labels[int(r.id)]) and gate.allows(labels.get(int(r.artifact_id), "sealed"))
        }
        estimates = int(conn.execute(select(func.count()).select_from(estimate_runs)).scalar_one())
        pending_claims = None
        if reviewing:
            claim_labels = reading.labels.claim_labels({c.claim_id for c in candidates})
            pending_claims = sum(1 for c in candidates if gate.allows(claim_labels[c.claim_id]))
        pending_pairs = None
        if pairs is not None:  # only the pairs the viewer would be shown
            pair_labels = reading.labels.record_labels({r for pair in pairs for r in pair})
            pending_pairs = sum(
                1
                for a, b in pairs
                if gate.allows(pair_labels.get(a, "sealed")) and gate.allows(pair_labels.get(b, "sealed"))
            )
    return Home(
        sources=len({int(r.source_id) for r in seen}),
        artifacts=len(seen),
        persons=len(persons),
        estimates=estimates,
        pending_pairs=pending_pairs,
        pending_claims=pending_claims,
    )
