"""What the command line prints and exports, read through the access gate like the workbench's pages.

The CLI's viewer is the person at the terminal: whoever holds the case folder (and its passphrase) is the
case's owner and reads as an admin (`Viewer.local`), every protected field they read logged as one
`disclosed` custody event per command (table, row id and field; never the value). `viewer_for(case, NAME)`
(the CLI's `--as NAME` or `TESTAMENT_USER`) reads as that workbench user's role instead, so a viewer or
analyst at a shared server's shell sees what their pages show them: fields above their clearance left out
(records, artifacts, candidates, queue pairs), marked "[withheld]" (a pair's fields) or scrubbed from free
text (file names, a testimony's context), and the number withheld said. Each function wraps the library
read the CLI used before (the same data, the same shape), so the CLI's formatting stays where it was.

    viewer = viewer_for(case, None)            # the owner: admin, reads logged as `disclosed`
    shown = records(case, viewer, limit=20)    # shown.items: as `list_person_records`; shown.withheld: int
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from testament.errors import AccessDenied, InputError
from testament.store.access import Viewer, acting_as, require
from testament.store.case import Case
from testament.store.custody import CustodyEvent
from testament.store.schema import person_records
from testament.store.users import get_user
from testament.views._common import Reading, gated, hide_case_terms, not_found
from testament.views.review import _record

__all__ = [
    "Shown",
    "artifact_rows",
    "candidate_context",
    "candidates",
    "consent_list",
    "custody_log",
    "deciding_as",
    "explain",
    "export_mentions",
    "export_original",
    "export_persons",
    "link_queue",
    "records",
    "viewer_for",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Shown:
    """What a viewer may see of a listing, and how many items or fields were held back from it."""

    items: list[Any]
    withheld: int = 0


def viewer_for(case: Case, username: str | None) -> Viewer:
    """The viewer a command reads as: the workbench user `username` with their role, or (None or empty) the
    case's owner at the terminal, an admin named `settings.actor`. A disabled user reads nothing."""
    if username is None or not username.strip():
        return Viewer.local(case)
    user = get_user(case, username.strip())
    if user.disabled:
        raise AccessDenied(
            f"user {user.username!r} is disabled",
            hint="ask an admin of the case to enable or replace the account",
        )
    return Viewer.from_user(user)


def _scrub_all(reading: Reading, value: T) -> T:
    """`value` with every string in it (inside lists and dicts too) scrubbed of withheld terms."""
    if isinstance(value, str):
        return reading.gate.scrub(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_scrub_all(reading, v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: _scrub_all(reading, v) for k, v in value.items()}  # type: ignore[return-value]
    return value


# --- records, artifacts, custody ---------------------------------------------------------------------------


def records(case: Case, viewer: Viewer, *, limit: int | None = None) -> Shown:
    """`testament records`: the person records the viewer may see (at most `limit`), each with the fields
    whose claim and attestation the viewer may read, as `store.records.list_person_records` gives them."""
    from testament.store.records import list_person_records

    with gated(case, viewer, "records") as reading:
        gate, labels = reading.gate, reading.labels
        every = reading.conn.execute(
            select(person_records.c.id, person_records.c.artifact_id).order_by(person_records.c.id)
        ).all()
        record_labels = labels.record_labels([int(r.id) for r in every])
        files = labels.artifact_labels({int(r.artifact_id) for r in every})
        visible = [
            int(r.id) for r in every
            if gate.allows(record_labels[int(r.id)]) and gate.allows(files[int(r.artifact_id)])
        ]  # fmt: skip
        withheld = len(every) - len(visible)
        # With a limit, only the first records the viewer may see are read (a few, listed in the query).
        only = visible[:limit] if limit is not None else None
        seen = set(visible)
        rows = [r for r in list_person_records(case, ids=True, only=only) if int(r["id"]) in seen]
        claim_ids = {int(f["claim_id"]) for r in rows for f in r["fields"]}
        claim_labels, passages = labels.claim_and_attestation_labels(claim_ids)
        hide_case_terms(reading)
        out: list[dict[str, Any]] = []
        for rec in rows:
            fields = []
            for f in rec.pop("fields"):
                cid, aid = int(f.pop("claim_id")), int(f.pop("attestation_id"))
                if gate.allows(passages.get(aid, "sealed")) and gate.see(
                    "claims", cid, "value", claim_labels[cid]
                ):
                    fields.append(_scrub_all(reading, f))
                else:
                    withheld += 1
            del rec["artifact_id"]
            out.append(rec | {"file": gate.scrub(str(rec["file"])), "fields": fields})
    return Shown(out, withheld)


def artifact_rows(case: Case, viewer: Viewer) -> Shown:
    """`testament artifacts`: the evidence files the viewer may see, as `store.reads.list_artifacts` gives
    them (its `read` event names the viewer), file names scrubbed of withheld terms."""
    from testament.store.reads import list_artifacts

    rows = list_artifacts(acting_as(case, viewer))
    with gated(case, viewer, "artifacts") as reading:
        labels = reading.labels.artifact_labels({int(r["id"]) for r in rows})
        hide_case_terms(reading)
        shown = [
            r | {"filename": reading.gate.scrub(str(r["filename"]))}
            for r in rows
            if reading.gate.allows(labels[int(r["id"])])
        ]
    return Shown(shown, len(rows) - len(shown))


def export_original(
    case: Case, viewer: Viewer, artifact_id: int, out: Path, *, force: bool = False
) -> dict[str, Any]:
    """`testament artifact get`: write an original out, for a role that may download it and read every
    field attested in it (the rule of the workbench's download, `views.sources.artifact_content`); logged as
    `exported` by the viewer, its protected fields as `disclosed`."""
    from testament.store.reads import export_artifact
    from testament.views.sources import cleared_download

    with gated(case, viewer, "artifact_get", action="download") as reading:
        cleared_download(reading, artifact_id)
    return export_artifact(acting_as(case, viewer), artifact_id, out, force=force)


def custody_log(case: Case, viewer: Viewer) -> list[CustodyEvent]:
    """`testament custody`: the whole custody log (its details name tables, ids, counts and file names, never
    field values), for the roles that verify the case (admin); its `read` event names the viewer."""
    from testament.store.reads import read_custody_log

    require(viewer, "verify")
    return read_custody_log(acting_as(case, viewer))


# --- extraction candidates ---------------------------------------------------------------------------------


def candidates(case: Case, viewer: Viewer, found: list[Any], *, action: str = "read") -> Shown:
    """Of the extraction candidates `found` (`extract.list_candidates`, or those just decided), the ones the
    viewer may read, their text and file name scrubbed of withheld terms."""
    with gated(case, viewer, "candidates", action=action) as reading:
        labels = reading.labels.claim_labels({c.claim_id for c in found})
        readable = [c for c in found if reading.gate.see("claims", c.claim_id, "value", labels[c.claim_id])]
        if readable:
            hide_case_terms(reading)
        shown = [
            replace(c, artifact=_scrub_all(reading, c.artifact), text=_scrub_all(reading, c.text),
                    value=_scrub_all(reading, c.value), proposed_value=_scrub_all(reading, c.proposed_value),
                    detail=_scrub_all(reading, c.detail))
            for c in readable
        ]  # fmt: skip
    return Shown(shown, len(found) - len(shown))


def deciding_as(case: Case, viewer: Viewer, claim_ids: list[int], *, action: str = "review_claims") -> Case:
    """The case acting as the viewer (their name on the decisions' custody events), once their role allows
    `action` and they may read every claim to decide (else not found, as on the pages)."""
    with gated(case, viewer, "decide", action=action) as reading:
        labels = reading.labels.claim_labels(set(claim_ids))
        for cid in claim_ids:
            if not reading.gate.allows(labels.get(cid, "sealed")):
                raise not_found("claim", cid)
        reading.gate.disclosed.clear()  # a decision reads nothing out
    return acting_as(case, viewer)


def candidate_context(case: Case, viewer: Viewer, candidate: Any) -> tuple[str, str, str]:
    """`extract.candidate_context` (the text around a candidate) scrubbed of what the viewer may not read."""
    from testament.extract import candidate_context as around

    with gated(case, viewer, "candidate_context") as reading:
        hide_case_terms(reading)
        before, span, after = around(case, candidate)
        return reading.gate.scrub(before), reading.gate.scrub(span), reading.gate.scrub(after)


def export_mentions(
    case: Case,
    viewer: Viewer,
    out: Path,
    *,
    artifact_id: int | None = None,
    statuses: list[str] | None = None,
) -> Shown:
    """`testament export mentions`: the candidates the viewer may read, written as `extract.export_mentions`
    writes them (strings scrubbed of withheld terms); `items` holds the count written."""
    from testament.extract import export_mentions as write
    from testament.extract import list_candidates

    every = list_candidates(case, statuses=statuses, artifact_id=artifact_id)
    with gated(case, viewer, "export_mentions") as reading:
        labels = reading.labels.claim_labels({c.claim_id for c in every})
        hide_case_terms(reading)
        left_out = 0

        def screen(item: dict[str, Any]) -> dict[str, Any] | None:
            nonlocal left_out
            cid = int(item["claim"])
            if not reading.gate.see("claims", cid, "value", labels.get(cid, "sealed")):
                left_out += 1
                return None
            return _scrub_all(reading, item)

        written = write(case, out, artifact_id=artifact_id, statuses=statuses, screen=screen)
    return Shown([written], left_out)


# --- linkage -----------------------------------------------------------------------------------------------


def _side(reading: Reading, side: Any) -> Any | None:
    """A record of a pair or a person as the viewer may read it (the pair view's rule: fields above the
    clearance say "[withheld]"), in the shape `link.review.RecordView` has; None if the record is hidden."""
    from testament.link.review import RecordView

    seen = _record(reading, side)
    if seen is None:
        return None
    return RecordView(seen.record_id, seen.source_name, seen.row, seen.fields)


def link_queue(
    case: Case, viewer: Viewer, *, limit: int | None = None, action: str = "review_links"
) -> Shown:
    """`testament review links`: the open queue's pairs whose two records the viewer may see, at most
    `limit`, as `link.review.open_queue` gives them."""
    from testament.link.review import open_queue

    require(viewer, action)
    items = open_queue(case)
    with gated(case, viewer, "link_queue", action=action) as reading:
        hide_case_terms(reading)
        shown: list[Any] = []
        hidden = 0
        for item in items:
            if limit is not None and len(shown) >= limit:
                break
            left, right = _side(reading, item.left), _side(reading, item.right)
            if left is None or right is None:
                hidden += 1
            else:
                shown.append(replace(item, left=left, right=right))
    return Shown(shown, hidden)


def explain(case: Case, viewer: Viewer, person_id: int) -> Shown:
    """`testament link explain`: `link.review.explain_person` with only the records the viewer may see and
    the joins between them (`items` holds the one Membership). A person with no such record is not found,
    as on the person page."""
    from testament.link.review import explain_person

    try:
        membership = explain_person(case, person_id)
    except InputError:
        raise not_found("person", person_id) from None
    with gated(case, viewer, "link_explain") as reading:
        hide_case_terms(reading)
        sides = [_side(reading, r) for r in membership.records]
        visible = [r for r in sides if r is not None]
        if not visible:
            raise not_found("person", person_id)
        ids = {r.record_id for r in visible}
        joins = [j for j in membership.joins if set(j["records"]) <= ids]
    return Shown([replace(membership, records=visible, joins=joins)], len(sides) - len(visible))


def export_persons(case: Case, viewer: Viewer, out: Path) -> Shown:
    """`testament export persons`: `link.review.export_persons` with only the records the viewer may see (a
    witness's mention in a testimony is no row for a viewer), file names scrubbed; `items` holds the count."""
    from testament.link.review import export_persons as write

    with gated(case, viewer, "export_persons") as reading:
        hide_case_terms(reading)
        left_out = 0

        def screen(rows: list[Any]) -> list[Any]:
            nonlocal left_out
            labels = reading.labels.record_labels({int(r.record_id) for r in rows})
            files = reading.labels.artifact_labels({int(r.artifact_id) for r in rows})
            kept = []
            for r in rows:
                if reading.gate.allows(files[int(r.artifact_id)]) and reading.gate.see(
                    "person_records", int(r.record_id), "person_id", labels[int(r.record_id)]
                ):
                    kept.append(_Row(**{**r._asdict(), "filename": reading.gate.scrub(str(r.filename))}))
                else:
                    left_out += 1
            return kept

        written = write(case, out, screen=screen)
    return Shown([written], left_out)


@dataclass(frozen=True)
class _Row:
    record_id: int
    filename: str
    artifact_id: int
    row: int | None
    char_start: int | None
    char_end: int | None
    person_id: int | None


def consent_list(case: Case, viewer: Viewer) -> Shown:
    """`testament consent list`: every consent on file (`store.consents.list_consents`), each one's free-text
    note (how it was given, which can name the witness or whoever took it) shown only to a role cleared for
    restricted fields and, for such a role, logged as `disclosed`; for the others `note` is None."""
    from testament.store.consents import list_consents

    with gated(case, viewer, "consents") as reading:
        rows = list_consents(reading.conn)
        shown = [
            row if row.note is None or reading.gate.see("consents", row.id, "note", "restricted")
            else replace(row, note=None)
            for row in rows
        ]  # fmt: skip
    return Shown(shown, reading.gate.withheld)
