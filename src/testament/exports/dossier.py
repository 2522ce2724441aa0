"""Per-victim dossier: every claim about one person that the reader may see, each with its sources' exact
words, where they stand (file, row and column, or page and characters), the file's SHA-256 and its custody
events; HTML (self-contained, no scripts, right-to-left text marked) and PDF (`testament.legal.pdf`).

It reads through the access gate (`store.access`) as the viewer given: a claim, a quote or a file the role
may not read is left out, its words are scrubbed from the rest, and the dossier says that something was
withheld (never how much). Protected fields read by a cleared role are logged as `disclosed` (table, row
and field), and making the dossier is one `disclosed` event (person, counts)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from testament import __version__
from testament.errors import InputError
from testament.exports._common import disclose
from testament.store.access import Gate, Labeller, Viewer
from testament.store.case import Case
from testament.store.custody import utc_now
from testament.store.schema import artifacts, attestations, claims, custody_events, person_records, persons

__all__ = ["Dossier", "build_dossier"]


@dataclass
class Dossier:
    person_id: int
    html: str
    claims: int
    withheld: bool
    files: list[str] = field(default_factory=list)  # SHA-256 of every file cited

    def pdf(self) -> bytes:
        from testament.legal.pdf import html_to_pdf  # WeasyPrint stays in its one module

        return html_to_pdf(self.html)


def _locator(row: Any) -> str:
    if row.locator_kind == "cell":
        return f"row {row.row}, column {row.column_name}" + (f", sheet {row.page}" if row.page else "")
    if row.char_start is not None:
        page = f"page {row.page}, " if row.page else ""
        return f"{page}characters {row.char_start}-{row.char_end}"
    if row.time_start is not None:
        return f"{row.time_start:.1f}-{(row.time_end or row.time_start):.1f} s"
    return str(row.locator_kind)


def build_dossier(case: Case, person_id: int, viewer: Viewer) -> Dossier:
    """The dossier of person `person_id` as `viewer` may read it (see the module docstring)."""
    gate = Gate(viewer)
    with case.write() as conn:
        person = conn.execute(select(persons).where(persons.c.id == person_id)).first()
        if person is None:
            raise InputError(
                f"person {person_id}: no such person in this case",
                hint="person ids: `testament export persons CASE --out FILE.csv`",
            )
        labeller = Labeller(conn)
        records = sorted(
            conn.execute(select(person_records.c.id).where(person_records.c.person_id == person_id)).scalars()
        )
        found = conn.execute(
            select(claims)
            .where(
                or_(
                    (claims.c.subject_type == "person") & (claims.c.subject_id == person_id),
                    (claims.c.subject_type == "person_record") & claims.c.subject_id.in_(records),
                )
            )
            .order_by(claims.c.predicate, claims.c.id)
        ).all()
        claim_labels, att_labels = labeller.claim_and_attestation_labels({int(c.id) for c in found})
        shown = []
        for c in found:
            if gate.see("claims", int(c.id), "value", claim_labels.get(int(c.id), "sealed")):
                shown.append(c)
            else:
                gate.hide(c.value, c.date_original)
        atts = conn.execute(
            select(attestations, artifacts.c.sha256, artifacts.c.id.label("file_id"))
            .join(artifacts, artifacts.c.id == attestations.c.artifact_id)
            .where(attestations.c.claim_id.in_([int(c.id) for c in shown]))
            .order_by(attestations.c.claim_id, attestations.c.id)
        ).all()
        by_claim: dict[int, list[Any]] = {}
        for a in atts:
            if gate.see("attestations", int(a.id), "original_text", att_labels.get(int(a.id), "sealed")):
                by_claim.setdefault(int(a.claim_id), []).append(a)
            else:
                gate.hide(a.original_text)
        shas = sorted({a.sha256 for found_atts in by_claim.values() for a in found_atts})
        events: dict[str, list[Any]] = {}
        for start in range(0, len(shas), 5000):
            for ev in conn.execute(
                select(custody_events.c.seq, custody_events.c.event_type, custody_events.c.occurred_at,
                       custody_events.c.artifact_sha256)
                .where(custody_events.c.artifact_sha256.in_(shas[start : start + 5000]))
                .order_by(custody_events.c.seq)
            ):  # fmt: skip
                events.setdefault(ev.artifact_sha256, []).append(ev)
        page = _render(person_id, shown, by_claim, events, gate)
        gate.log(conn, "dossier")
        disclose(conn, case.settings.actor, {"what": "dossier", "person_id": person_id, "role": viewer.role,
                                             "claims": len(shown), "files": len(shas)})  # fmt: skip
    return Dossier(person_id, page, len(shown), gate.withheld > 0, shas)


def _render(person_id: int, shown: list[Any], by_claim: dict[int, list[Any]], events: dict[str, list[Any]],
            gate: Gate) -> str:  # fmt: skip
    def esc(text: object) -> str:
        return html.escape(gate.scrub("" if text is None else str(text)))

    rows = []
    for n, c in enumerate(shown, start=1):
        value = c.value if c.value is not None else f"{c.object_type} {c.object_id}"
        dates = f" ({esc(c.date_original)})" if c.date_original else ""
        quotes = []
        for a in by_claim.get(int(c.id), []):
            trail = ", ".join(
                f"{ev.event_type} #{ev.seq} {ev.occurred_at}" for ev in events.get(a.sha256, [])
            )
            quotes.append(
                f'<li><q dir="auto">{esc(a.original_text)}</q> — file {a.file_id}, {esc(_locator(a))}; '
                f"{esc(a.relation or 'source')}, {esc(a.review_status)}<br><code>sha256 {a.sha256}</code>"
                f"<br><small>custody: {esc(trail)}</small></li>"
            )
        cited = "".join(quotes) or "<li>no readable source</li>"
        rows.append(
            f'<section><h3>{n}. {esc(c.predicate)}: <span dir="auto">{esc(value)}</span>{dates}</h3>'
            f"<p>claim {c.id}, stance {esc(c.stance)}</p><ul>{cited}</ul></section>"
        )
    note = (
        "<p><strong>Some of what the case holds about this person is withheld from your role.</strong></p>"
        if gate.withheld
        else ""
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dossier of person '
        f"{person_id}</title><style>body{{font-family:Vazirmatn,DejaVu Sans,sans-serif;margin:2em}}"
        "q{font-style:italic}code{font-size:.8em}</style></head><body>"
        f"<h1>Dossier of person {person_id}</h1><p>Made {utc_now()} by Testament {__version__}.</p>{note}"
        f"{''.join(rows) or '<p>No claim readable.</p>'}</body></html>\n"
    )
