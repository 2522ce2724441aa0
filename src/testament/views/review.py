"""The review queues of the workbench: pairs of records (same person or not) and extracted claims (accept
or reject). Decisions go through the same library functions as `testament review links|claims`, with the
user as the actor of their custody events."""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlalchemy import select

from testament.errors import InputError
from testament.store.access import Viewer, acting_as, require
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.schema import artifacts, claims, custody_events, link_queue
from testament.views._common import Reading, gated, hide_case_terms, not_found
from testament.vocab import CustodyEventType

__all__ = [
    "ClaimReview",
    "EvidenceView",
    "PairRecord",
    "PairView",
    "decide_claim",
    "decide_link_pair",
    "next_claim_review",
    "next_link_pair",
]

LINK_DECISIONS = ("same", "different", "unsure")
CLAIM_DECISIONS = ("accept", "reject")
_LABELS = {
    "name": "name", "given_name": "given name", "surname": "surname", "father_name": "father", "born": "born",
    "age": "age", "sex": "sex", "resided_in": "city", "held_at": "prison", "member_of": "affiliation",
    "arrested_on": "arrested", "executed_on": "executed",
}  # fmt: skip


class PairRecord(BaseModel):
    record_id: int
    source_name: str
    row: int | None = None
    name: str
    fields: dict[str, str]  # label → what the source says; withheld fields say "[withheld]"


class EvidenceView(BaseModel):
    comparison: str
    level: str
    weight: float
    direction: str  # for, against, neutral


class PairView(BaseModel):
    pair_id: int
    run_id: int
    kind: str  # uncertain, calibration
    score: float
    left: PairRecord
    right: PairRecord
    evidence: list[EvidenceView]


class ClaimReview(BaseModel):
    claim_id: int
    type: str
    value: str | None = None
    proposed_value: str
    role: str | None = None
    artifact_id: int  # the text the span is in
    source_name: str
    char_start: int
    char_end: int
    before: str
    span: str
    after: str
    confidence: float | None = None
    sensitivity: str


def _unsure_pairs(reading: Reading, username: str) -> set[tuple[int, int]]:
    """Pairs this user answered "unsure" (skipped for them, left for others)."""
    out: set[tuple[int, int]] = set()
    for details in reading.conn.execute(
        select(custody_events.c.details).where(
            custody_events.c.event_type == CustodyEventType.REVIEWED.value,
            custody_events.c.actor == username,
            custody_events.c.details.like('%"unsure"%'),
        )
    ).scalars():
        pair = json.loads(details).get("unsure")
        if isinstance(pair, list) and len(pair) == 2:
            out.add((min(pair), max(pair)))
    return out


def _record(reading: Reading, item_side: object) -> PairRecord | None:
    """A record of a pair as the viewer may read it; None if the viewer may not see the record."""
    rid = int(item_side.record_id)  # type: ignore[attr-defined]
    if not reading.gate.allows(reading.labels.record_labels([rid]).get(rid, "sealed")):
        return None
    rows = reading.conn.execute(
        select(claims.c.id, claims.c.predicate).where(
            claims.c.subject_type == "person_record", claims.c.subject_id == rid
        )
    ).all()
    labels = reading.labels.claim_labels({int(r.id) for r in rows})
    closed = {
        _LABELS.get(r.predicate, r.predicate) for r in rows if not reading.gate.allows(labels[int(r.id)])
    }
    for r in rows:
        reading.gate.see("claims", int(r.id), "value", labels[int(r.id)])
    fields = {
        k: ("[withheld]" if k in closed else reading.gate.scrub(v))
        for k, v in item_side.fields.items()  # type: ignore[attr-defined]
    }
    name = " ".join(fields[k] for k in ("name",) if k in fields) or " ".join(
        fields[k] for k in ("given name", "surname") if k in fields
    )
    return PairRecord(
        record_id=rid,
        source_name=reading.gate.scrub(str(item_side.source_file)),  # type: ignore[attr-defined]
        row=item_side.row,  # type: ignore[attr-defined]
        name=name,
        fields=fields,
    )


def next_link_pair(case: Case, viewer: Viewer) -> PairView | None:
    """The most useful pair of records still to decide that the viewer may see (None when none is left or
    the case is not linked yet)."""
    from testament.link.review import open_queue

    require(viewer, "review_links")
    try:
        items = open_queue(case)
    except InputError:  # not linked yet: nothing to review
        return None
    with gated(case, viewer, "next_link_pair", action="review_links") as reading:
        skipped = _unsure_pairs(reading, viewer.username)
        hide_case_terms(reading)
        for item in items:
            a, b = item.left.record_id, item.right.record_id
            if (min(a, b), max(a, b)) in skipped:
                continue
            left, right = _record(reading, item.left), _record(reading, item.right)
            if left is None or right is None:
                continue
            return PairView(
                pair_id=item.queue_id, run_id=item.run_id, kind=item.kind, score=item.score, left=left,
                right=right,
                evidence=[
                    EvidenceView(
                        comparison=e.comparison, level=e.level, weight=e.weight, direction=e.direction
                    )
                    for e in item.evidence
                ],
            )  # fmt: skip
    return None


def decide_link_pair(case: Case, viewer: Viewer, pair_id: int, decision: str, reason: str = "") -> None:
    """Record the viewer's answer on a queued pair: same or different (a reviewer decision, as `review
    links` records it), or unsure (logged, and the pair is skipped for this viewer)."""
    from testament.link import record_decision

    if decision not in LINK_DECISIONS:
        raise InputError(
            f"decision {decision!r} is not known", hint=f"use one of {', '.join(LINK_DECISIONS)}"
        )
    with gated(case, viewer, "decide_link_pair", action="review_links") as reading:
        row = reading.conn.execute(
            select(link_queue.c.record_a, link_queue.c.record_b).where(link_queue.c.id == pair_id)
        ).first()
        if row is None:
            raise not_found("pair", pair_id)
        a, b = int(row.record_a), int(row.record_b)
        labels = reading.labels.record_labels([a, b])
        if not all(reading.gate.allows(labels.get(r, "sealed")) for r in (a, b)):
            raise not_found("pair", pair_id)
        reading.gate.disclosed.clear()  # a decision reads nothing out
    if decision == "unsure":
        details = {"kind": "identity", "queue_id": pair_id, "unsure": [min(a, b), max(a, b)]}
        with case.write() as conn:
            append_events(conn, viewer.username, [NewEvent(CustodyEventType.REVIEWED, details)])
    else:
        record_decision(
            acting_as(case, viewer),
            a,
            b,
            same=decision == "same",
            reviewer=viewer.username,
            reason=reason or None,
        )


def next_claim_review(case: Case, viewer: Viewer) -> ClaimReview | None:
    """The next extracted claim waiting for review that the viewer may read, with its text around it."""
    from testament.extract import list_candidates

    require(viewer, "review_claims")
    candidates = list_candidates(case, statuses=("proposed",))
    if not candidates:
        return None
    with gated(case, viewer, "next_claim_review", action="review_claims") as reading:
        labels = reading.labels.claim_labels({c.claim_id for c in candidates})
        chosen = next((c for c in candidates if reading.gate.allows(labels[c.claim_id])), None)
        if chosen is None:
            return None
        reading.gate.see("claims", chosen.claim_id, "value", labels[chosen.claim_id])
        hide_case_terms(reading)
        sha = reading.conn.execute(
            select(artifacts.c.sha256).where(artifacts.c.id == chosen.text_artifact_id)
        ).scalar_one()
        text = case.blobs.get(sha).decode("utf-8", errors="replace")
        scrub = reading.gate.scrub
        start, end = chosen.start, chosen.end
        return ClaimReview(
            claim_id=chosen.claim_id, type=chosen.type,
            value=None if chosen.value is None else scrub(chosen.value),
            proposed_value=scrub(chosen.proposed_value), role=chosen.role,
            artifact_id=chosen.text_artifact_id, source_name=scrub(chosen.artifact),
            char_start=start, char_end=end, before=scrub(text[max(0, start - 200) : start]),
            span=scrub(text[start:end]), after=scrub(text[end : end + 200]), confidence=chosen.confidence,
            sensitivity=labels[chosen.claim_id],
        )  # fmt: skip


def decide_claim(case: Case, viewer: Viewer, claim_id: int, decision: str, reason: str = "") -> None:
    """Accept or reject an extracted claim, as `review claims` does, with the viewer as reviewer and actor.
    (`reason` is accepted for the form's sake; claim decisions keep no free text.)"""
    from testament.extract import accept_candidate, reject_candidate

    if decision not in CLAIM_DECISIONS:
        raise InputError(
            f"decision {decision!r} is not known", hint=f"use one of {', '.join(CLAIM_DECISIONS)}"
        )
    with gated(case, viewer, "decide_claim", action="review_claims") as reading:
        exists = reading.conn.execute(select(claims.c.id).where(claims.c.id == claim_id)).first()
        if exists is None or not reading.gate.allows(reading.labels.claim_labels([claim_id])[claim_id]):
            raise not_found("claim", claim_id)
        reading.gate.disclosed.clear()  # a decision reads nothing out
    acting = acting_as(case, viewer)
    try:
        if decision == "accept":
            accept_candidate(acting, claim_id, reviewer=viewer.username)
        else:
            reject_candidate(acting, claim_id, reviewer=viewer.username)
    except InputError as exc:
        if "not an extraction candidate" in exc.message:
            raise not_found("claim", claim_id) from None
        raise
