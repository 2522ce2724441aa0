"""The case file of one accused: positions held, acts linked with the degree of involvement, and for each
element of each charge the supporting and undermining evidence with quotes and exact locators, the number of
independent sources (sources copied from one another count once), whether it was reviewed, and the gaps.

Everything is read through the access gate for the viewer (`testament.views._common.gated`): a field the
role may not read is left out, and free text is scrubbed of every withheld string, so a case file rendered
for a role without clearance holds no protected field. `render_case_file` returns a `CaseFile` with the HTML
(Jinja2, no scripts), the PDF on demand (`testament.legal.pdf`) and the artifacts it cites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select

from testament.errors import InputError, NotFoundError
from testament.legal.frameworks import Crime, Element, Frameworks, load_frameworks
from testament.legal.independence import source_groups
from testament.legal.positions import LinkedAct, Position, linked_acts, positions_of
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.schema import (
    artifacts,
    claims,
    element_supports,
    person_records,
    persons,
    sources,
)
from testament.text import has_arabic_script
from testament.views._common import Citation, Reading, citations_of, gated, hide_case_terms
from testament.vocab import CustodyEventType

__all__ = [
    "ActRow",
    "CaseFile",
    "CaseFileData",
    "ChargeSection",
    "CitationRef",
    "CitedArtifact",
    "ElementRow",
    "EvidenceItem",
    "PositionRow",
    "build_case_file",
    "render_case_file",
    "write_case_file",
]

_SHOWN_SUGGESTIONS = 12  # acts listed per suggested element; the rest are counted
_REVIEWED = ("accepted", "edited")


@dataclass(frozen=True)
class CitedArtifact:
    artifact_id: int
    sha256: str
    filename: str
    label: str  # the file's effective sensitivity


@dataclass
class CitationRef:
    number: int
    attestation_id: int
    artifact_id: int
    sha256: str
    source_id: int
    source_group: int  # sources copied from one another share a group
    source_name: str
    locator_kind: str
    locator: str  # human-readable: "characters 120-168, page 1", "row 4, column name"
    char_start: int | None
    char_end: int | None
    page: int | None
    row: int | None
    column: str | None
    quote: str
    review_status: str
    relation: str | None
    rtl: bool


@dataclass
class EvidenceItem:
    stance: str  # supports, undermines
    origin: str  # analyst (linked by a person), suggested (from the act's type or the victim's claims)
    target: str  # what the evidence is, in words: "act 12: execution, 1988-08-01, Gohardasht"
    strength: str | None = None
    analyst: str | None = None
    note: str | None = None
    when: str | None = None
    citations: list[int] = field(default_factory=list)
    reviewed: bool = False
    more: int = 0  # suggestions not listed


@dataclass
class ElementRow:
    element: Element
    supporting: list[EvidenceItem]
    undermining: list[EvidenceItem]
    independent_sources: int
    reviewed: bool
    status: str  # supported, single source, not reviewed, suggested only, gap
    gap: str | None  # why it is not proven on the record yet (None when supported)
    anchor: str = ""


@dataclass
class ChargeSection:
    crime: Crime
    framework_title: str
    elements: list[ElementRow]
    anchor: str


@dataclass
class PositionRow:
    claim_id: int
    position: str
    organisation: str | None
    place: str | None
    start: str | None
    end: str | None
    date_original: str | None
    stance: str
    reviewed: bool
    citations: list[int]


@dataclass
class ActRow:
    act_id: int
    act_type: str
    date: str
    place: str | None
    victim: str | None
    involvement: list[str]  # degrees, and "held position: …" for position links
    citations: list[int]


@dataclass
class CaseFileData:
    accused_id: int
    accused_name: str | None
    generated_at: str
    role: str
    frameworks: list[tuple[str, str, str]]  # id, title, source
    positions: list[PositionRow]
    acts: list[ActRow]
    charges: list[ChargeSection]
    modes: list[ChargeSection]
    gaps: list[tuple[str, str, str, str]]  # charge ref, element id, status, reason
    citations: list[CitationRef]
    source_groups: list[list[str]]  # names of the sources in each group of related sources (2 or more)
    withheld: bool


@dataclass
class CaseFile:
    """A rendered case file: the HTML, the PDF on demand, and the artifacts it cites (for a bundle)."""

    data: CaseFileData
    html: str
    cited_artifacts: list[CitedArtifact]

    def pdf(self) -> bytes:
        from testament.legal.pdf import html_to_pdf

        return html_to_pdf(self.html)


def render_case_file(
    case: Case,
    accused_id: int,
    viewer: Viewer,
    *,
    frameworks: Sequence[Path] = (),
    charges: Sequence[str] | None = None,
) -> CaseFile:
    """The case file of person `accused_id` as `viewer` may read it. `frameworks`: framework files besides
    the built-in and the case's own; `charges`: crimes as `framework:crime` (default: every crime with
    evidence linked or suggested by the accused's acts)."""
    from testament.legal.html import render_html

    data, cited = build_case_file(case, accused_id, viewer, frameworks=frameworks, charges=charges)
    return CaseFile(data=data, html=render_html(data), cited_artifacts=cited)


def write_case_file(case_file: CaseFile, out: Path, *, case: Case | None = None) -> Path:
    """Write the case file as HTML or PDF (by `out`'s suffix), atomically: a failed write leaves no file.
    With `case`, the file leaving the case is one `disclosed` custody event (what, accused, role, format,
    the artifacts cited; never a name or the path), committed only once the file is written."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InputError(
            f"{out.name}: the case file is written as .html or .pdf", hint="end --out with .html or .pdf"
        )
    content = case_file.pdf() if suffix == ".pdf" else case_file.html.encode("utf-8")
    if case is not None:
        data = case_file.data
        details = {"what": "case file", "accused": data.accused_id, "role": data.role, "format": suffix[1:],
                   "citations": len(data.citations), "withheld": data.withheld,
                   "artifacts": sorted({a.artifact_id for a in case_file.cited_artifacts})}  # fmt: skip
        with case.write() as conn:  # the event commits only if the file was written
            append_events(conn, case.settings.actor, [NewEvent(CustodyEventType.DISCLOSED, details)])
            return _write_atomic(out, suffix, content)
    return _write_atomic(out, suffix, content)


def _write_atomic(out: Path, suffix: str, content: bytes) -> Path:
    import os
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".casefile-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o600)  # a case file quotes testimony: readable by its owner only
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def build_case_file(
    case: Case,
    accused_id: int,
    viewer: Viewer,
    *,
    frameworks: Sequence[Path] = (),
    charges: Sequence[str] | None = None,
) -> tuple[CaseFileData, list[CitedArtifact]]:
    """The case file's content, gated for `viewer`, and the artifacts it cites."""
    known = load_frameworks(case.path, frameworks)
    wanted = [known.crime(k) for k in charges] if charges is not None else None
    with gated(case, viewer, "case_file") as reading:
        return _Builder(reading, known, accused_id).build(wanted)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _when(start: dt.date | None, end: dt.date | None, original: str | None) -> str:
    if start and end and start != end:
        text = f"{start.isoformat()} – {end.isoformat()}"
    else:
        text = _iso(start or end) or "undated"
    return f"{text} ({original})" if original else text


class _Builder:
    def __init__(self, reading: Reading, frameworks: Frameworks, accused_id: int) -> None:
        self.reading = reading
        self.conn = reading.conn
        self.gate = reading.gate
        self.frameworks = frameworks
        self.accused = accused_id
        self.numbers: dict[int, CitationRef] = {}  # attestation id → citation
        self.by_number: dict[int, CitationRef] = {}
        self.groups = source_groups(self.conn)
        self.files: dict[int, tuple[str, int, str]] = {}  # artifact → sha256, source id, label
        self.claim_cites: dict[int, list[Citation]] = {}
        self.claim_ok: dict[int, bool] = {}
        self.victim_claims: dict[tuple[int, str], list[int]] = {}  # (victim, predicate) → readable claims
        self.record_victims: dict[int, str] = {}  # victim record (no person yet) → name

    # --- reading ------------------------------------------------------------------------------------

    def _names(self, subject_type: str, ids: Iterable[int]) -> dict[int, str]:
        """Readable `name` claims of places, organisations or persons (and their records), by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        conditions = [and_(claims.c.subject_type == subject_type, claims.c.subject_id.in_(wanted))]
        record_of: dict[int, int] = {}
        if subject_type == "person":
            for rid, pid in self.conn.execute(
                select(person_records.c.id, person_records.c.person_id).where(
                    person_records.c.person_id.in_(wanted)
                )
            ):
                record_of[int(rid)] = int(pid)
            if record_of:
                conditions.append(
                    and_(claims.c.subject_type == "person_record", claims.c.subject_id.in_(sorted(record_of)))
                )
        rows = self.conn.execute(
            select(claims.c.id, claims.c.subject_type, claims.c.subject_id, claims.c.value)
            .where(claims.c.predicate == "name", or_(*conditions))
            .order_by(claims.c.id)
        ).all()
        labels = self.reading.labels.claim_labels({int(r.id) for r in rows})
        out: dict[int, str] = {}
        for r in rows:
            owner = (
                record_of.get(int(r.subject_id)) if r.subject_type == "person_record" else int(r.subject_id)
            )
            if owner is None or owner in out or not r.value:
                continue
            if self.gate.see("claims", int(r.id), "value", labels[int(r.id)]):
                out[owner] = self.gate.scrub(str(r.value))
        return out

    def _cite(self, claim_ids: Iterable[int]) -> None:
        """Read the citations of these claims (those the viewer may read) into the cache."""
        todo = sorted(set(claim_ids) - set(self.claim_ok))
        if not todo:
            return
        labels = self.reading.labels.claim_labels(todo)
        readable = [c for c in todo if self.gate.see("claims", c, "value", labels[c])]
        for c in todo:
            self.claim_ok[c] = c in readable
        self.claim_cites.update(citations_of(self.reading, readable))
        fresh = {x.artifact_id for c in readable for x in self.claim_cites.get(c, [])} - set(self.files)
        if fresh:
            file_labels = self.reading.labels.artifact_labels(fresh)
            for aid, sha, sid in self.conn.execute(
                select(artifacts.c.id, artifacts.c.sha256, artifacts.c.source_id).where(
                    artifacts.c.id.in_(sorted(fresh))
                )
            ):
                self.files[int(aid)] = (str(sha), int(sid), file_labels[int(aid)])

    def _numbers(self, claim_ids: Iterable[int]) -> tuple[list[int], bool]:
        """Citation numbers (assigned in order of first use) of the claims' readable attestations, and
        whether any of them was reviewed (accepted or edited)."""
        out: list[int] = []
        reviewed = False
        for cid in claim_ids:
            for c in self.claim_cites.get(cid, []):
                reviewed = reviewed or c.review_status in _REVIEWED
                ref = self.numbers.get(c.attestation_id)
                if ref is None:
                    sha, sid, _ = self.files[c.artifact_id]
                    ref = self.numbers[c.attestation_id] = CitationRef(
                        number=len(self.numbers) + 1, attestation_id=c.attestation_id,
                        artifact_id=c.artifact_id, sha256=sha, source_id=sid,
                        source_group=self.groups.get(sid, sid), source_name=c.source_name,
                        locator_kind=c.locator_kind, locator=_locator(c), char_start=c.char_start,
                        char_end=c.char_end, page=c.page, row=c.row, column=c.column, quote=c.original_text,
                        review_status=c.review_status, relation=c.relation,
                        rtl=has_arabic_script(c.original_text),
                    )  # fmt: skip
                    self.by_number[ref.number] = ref
                if ref.number not in out:
                    out.append(ref.number)
        return out, reviewed

    # --- building -----------------------------------------------------------------------------------

    def build(self, wanted: list[Crime] | None) -> tuple[CaseFileData, list[CitedArtifact]]:
        conn, gate = self.conn, self.gate
        row = conn.execute(
            select(persons.c.id, persons.c.sensitivity).where(persons.c.id == self.accused)
        ).first()
        if row is None or not gate.see("persons", self.accused, "id", str(row.sensitivity)):
            raise NotFoundError(
                f"person {self.accused}: no such person in this case",
                hint="person ids: `testament export persons CASE --out FILE.csv`",
            )
        hide_case_terms(self.reading)
        name = self._names("person", [self.accused]).get(self.accused)
        positions = [p for p in positions_of(conn, self.accused) if self._readable_claim(p.claim_id)]
        found = [
            a
            for a in linked_acts(conn, self.accused, positions)
            if gate.see("acts", a.act_id, "act_type", a.sensitivity)
        ]
        acts_by_id = {a.act_id: a for a in found}
        evidence = self._act_evidence(found)
        self._cite([p.claim_id for p in positions] + [c for cs in evidence.values() for c in cs])
        place_names = self._names(
            "place", {a.place_id for a in found if a.place_id} | {p.place_id for p in positions if p.place_id}
        )
        org_names = self._names("organisation", {p.organisation_id for p in positions if p.organisation_id})
        victims = self._names("person", {a.victim_person_id for a in found if a.victim_person_id})
        # a testimony act's victim whose record is linked to no person yet: named by the record
        self.record_victims = self._names(
            "person_record",
            {a.victim_record_id for a in found if a.victim_record_id and not a.victim_person_id},
        )
        position_rows = [self._position_row(p, place_names, org_names) for p in positions]
        by_claim = {p.claim_id: p for p in positions}
        act_rows = [
            self._act_row(a, evidence.get(("act", a.act_id), []), place_names, victims, by_claim)
            for a in found
        ]
        supports = self._supports(found, evidence, positions)
        describe = {("act", a.act_id): self._describe(a, place_names) for a in found}
        victim_predicates = self._victim_predicates(found)
        crimes = wanted if wanted is not None else self._default_charges(found, supports, victim_predicates)
        charges = [
            self._section(c, found, supports, evidence, describe, victim_predicates, acts_by_id)
            for c in crimes
        ]
        degrees = {d for a in found for d in a.degrees}
        modes = [
            self._section(m, found, supports, evidence, describe, {}, acts_by_id)
            for m in self.frameworks.modes()
            if set(m.suggested_by_degrees) & degrees
            or any(s["framework_id"] == m.framework_id and s["crime_id"] == m.id for s in supports)
        ]
        gaps = [
            (s.crime.ref, e.element.id, e.status, e.gap or "")
            for s in charges + modes
            for e in s.elements
            if e.gap
        ]
        cited = sorted(self.numbers.values(), key=lambda c: c.number)
        groups: dict[int, list[str]] = {}
        for sid, title in self._source_titles():
            groups.setdefault(self.groups.get(sid, sid), []).append(title)
        data = CaseFileData(
            accused_id=self.accused, accused_name=name, generated_at=utc_now(), role=gate.viewer.role,
            frameworks=[(f.id, f.title, f.source) for f in self.frameworks],
            positions=position_rows, acts=act_rows, charges=charges, modes=modes, gaps=gaps, citations=cited,
            source_groups=[g for g in groups.values() if len(g) > 1], withheld=gate.withheld > 0,
        )  # fmt: skip
        files = sorted({c.artifact_id for c in cited})
        names = {c.artifact_id: c.source_name for c in cited}
        return data, [CitedArtifact(aid, self.files[aid][0], names[aid], self.files[aid][2]) for aid in files]

    def _source_titles(self) -> list[tuple[int, str]]:
        """Sources in groups of two or more, with the titles the viewer may read (scrubbed)."""
        sizes: dict[int, int] = {}
        for root in self.groups.values():
            sizes[root] = sizes.get(root, 0) + 1
        related = sorted(s for s, root in self.groups.items() if sizes[root] > 1)
        if not related:
            return []
        out = []
        for sid, title, label in self.conn.execute(
            select(sources.c.id, sources.c.title, sources.c.sensitivity).where(sources.c.id.in_(related))
        ):
            shown = self.gate.scrub(str(title)) if self.gate.allows(str(label)) else f"source {sid}"
            out.append((int(sid), shown))
        return out

    def _readable_claim(self, claim_id: int) -> bool:
        self._cite([claim_id])
        return self.claim_ok[claim_id]

    def _act_evidence(self, found: Sequence[LinkedAct]) -> dict[tuple[str, int], list[int]]:
        """Claims attesting each act (object_type act, or the act claim a testimony act was accepted from)
        and each involvement (object_type involvement)."""
        out: dict[tuple[str, int], list[int]] = {}
        act_ids = [a.act_id for a in found]
        inv_ids = [i for a in found for i in a.involvement_ids]
        for kind, wanted in (("act", act_ids), ("involvement", inv_ids)):
            for start in range(0, len(wanted), 5000):
                chunk = wanted[start : start + 5000]
                for cid, oid in self.conn.execute(
                    select(claims.c.id, claims.c.object_id)
                    .where(claims.c.object_type == kind, claims.c.object_id.in_(chunk))
                    .order_by(claims.c.id)
                ):
                    out.setdefault((kind, int(oid)), []).append(int(cid))
        for a in found:  # a testimony act is attested by the act claim it was accepted from
            if a.claim_id is not None and a.claim_id not in out.get(("act", a.act_id), []):
                out.setdefault(("act", a.act_id), []).insert(0, a.claim_id)
        return out

    def _victim_predicates(self, found: Sequence[LinkedAct]) -> dict[int, set[str]]:
        """Act → predicates of readable claims about its victim (a `member_of` suggests persecution's
        grounds)."""
        victims = {a.victim_person_id for a in found if a.victim_person_id}
        if not victims:
            return {}
        rows: list[Any] = list(
            self.conn.execute(
                select(claims.c.id, claims.c.predicate, person_records.c.person_id)
                .join(person_records, person_records.c.id == claims.c.subject_id)
                .where(
                    claims.c.subject_type == "person_record", person_records.c.person_id.in_(sorted(victims))
                )
            ).all()
        )
        rows += self.conn.execute(
            select(claims.c.id, claims.c.predicate, claims.c.subject_id.label("person_id")).where(
                claims.c.subject_type == "person", claims.c.subject_id.in_(sorted(victims))
            )
        ).all()
        labels = self.reading.labels.claim_labels({int(r.id) for r in rows})
        by_person: dict[int, set[str]] = {}
        for r in rows:
            if self.gate.allows(labels[int(r.id)]):
                by_person.setdefault(int(r.person_id), set()).add(str(r.predicate))
                self.victim_claims.setdefault((int(r.person_id), str(r.predicate)), []).append(int(r.id))
        return {a.act_id: by_person.get(a.victim_person_id or -1, set()) for a in found}

    def _supports(
        self,
        found: Sequence[LinkedAct],
        evidence: dict[tuple[str, int], list[int]],
        positions: Sequence[Position],
    ) -> list[dict[str, Any]]:
        """Element supports on the accused's acts, involvements and the claims about them, and on claims
        about no one in particular (an organisation, an event: the context of an attack)."""
        act_ids = {a.act_id for a in found}
        inv_ids = {i for a in found for i in a.involvement_ids}
        own_claims = {c for cs in evidence.values() for c in cs} | {p.claim_id for p in positions}
        rows = self.conn.execute(select(element_supports).order_by(element_supports.c.id)).mappings().all()
        claim_targets = {int(r["target_id"]) for r in rows if r["target_type"] == "claim"} - own_claims
        general: set[int] = set()
        if claim_targets:
            general = {
                int(c)
                for c in self.conn.execute(
                    select(claims.c.id).where(
                        claims.c.id.in_(sorted(claim_targets)),
                        claims.c.subject_type.not_in(("person", "person_record")),
                    )
                ).scalars()
            }
        keep = []
        for r in rows:
            kind, target = str(r["target_type"]), int(r["target_id"])
            mine = (
                (kind == "act" and target in act_ids)
                or (kind == "involvement" and target in inv_ids)
                or (kind == "claim" and (target in own_claims or target in general))
            )
            if mine and self.gate.see("element_supports", int(r["id"]), "note", str(r["sensitivity"])):
                keep.append(dict(r))
        self._cite([int(r["target_id"]) for r in keep if r["target_type"] == "claim"])
        return keep

    def _default_charges(
        self,
        found: Sequence[LinkedAct],
        supports: Sequence[dict[str, Any]],
        victim_predicates: dict[int, set[str]],
    ) -> list[Crime]:
        types = {a.act_type for a in found}
        predicates = set().union(*victim_predicates.values()) if victim_predicates else set()
        out = []
        ordered = sorted(
            self.frameworks.crimes(),
            key=lambda c: self.frameworks.by_id[c.framework_id].kind != "international",
        )
        for crime in ordered:
            linked = any(
                s["framework_id"] == crime.framework_id and s["crime_id"] == crime.id for s in supports
            )
            suggested = any(
                (set(e.suggested_by) & types) and e.kind == "conduct" for e in crime.elements
            ) or any(set(e.suggested_by_predicates) & predicates for e in crime.elements if types)
            if linked or suggested:
                out.append(crime)
        return out

    def _describe(self, act: LinkedAct, places: dict[int, str]) -> str:
        where = places.get(act.place_id or -1)
        return f"act {act.act_id}: {act.act_type.replace('_', ' ')}, {_when(act.start, act.end, None)}" + (
            f", {where}" if where else ""
        )

    def _position_row(self, p: Position, places: dict[int, str], orgs: dict[int, str]) -> PositionRow:
        numbers, _ = self._numbers([p.claim_id])
        return PositionRow(
            claim_id=p.claim_id, position=self.gate.scrub(p.position),
            organisation=orgs.get(p.organisation_id or -1), place=places.get(p.place_id or -1),
            start=_iso(p.start), end=_iso(p.end), stance=p.stance,
            date_original=self.gate.scrub(p.date_original) if p.date_original else None,
            reviewed=p.reviewed, citations=numbers,
        )  # fmt: skip

    def _act_row(
        self, a: LinkedAct, claim_ids: list[int], places: dict[int, str], victims: dict[int, str],
        positions: dict[int, Position],
    ) -> ActRow:  # fmt: skip
        numbers, _ = self._numbers(claim_ids)
        how = [d.replace("_", " ") for d in a.degrees]
        for cid in a.positions:
            p = positions[cid]
            how.append(f"held position: {self.gate.scrub(p.position)} (claim {cid})")
        return ActRow(
            act_id=a.act_id, act_type=a.act_type.replace("_", " "),
            date=self.gate.scrub(_when(a.start, a.end, a.date_original)), place=places.get(a.place_id or -1),
            victim=victims.get(a.victim_person_id or -1) or self.record_victims.get(a.victim_record_id or -1),
            involvement=how,
            citations=numbers,
        )  # fmt: skip

    def _section(
        self,
        crime: Crime,
        found: Sequence[LinkedAct],
        supports: Sequence[dict[str, Any]],
        evidence: dict[tuple[str, int], list[int]],
        describe: dict[tuple[str, int], str],
        victim_predicates: dict[int, set[str]],
        acts_by_id: dict[int, LinkedAct],
    ) -> ChargeSection:
        inv_act = {i: a.act_id for a in found for i in a.involvement_ids}
        rows = []
        for element in crime.elements:
            items: list[EvidenceItem] = []
            for s in supports:
                same_crime = s["crime_id"] == crime.id or element.common
                if s["framework_id"] != crime.framework_id or not same_crime or s["element_id"] != element.id:
                    continue
                kind, target = str(s["target_type"]), int(s["target_id"])
                if kind == "act":
                    claim_ids, what = (
                        evidence.get(("act", target), []),
                        describe.get(("act", target), f"act {target}"),
                    )
                elif kind == "involvement":
                    claim_ids = evidence.get(("involvement", target), []) + evidence.get(
                        ("act", inv_act[target]), []
                    )
                    what = f"involvement {target} in " + describe.get(("act", inv_act[target]), "an act")
                else:
                    claim_ids, what = [target], f"claim {target}"
                numbers, reviewed = self._numbers(claim_ids)
                items.append(
                    EvidenceItem(
                        stance=str(s["stance"]), origin="analyst", target=what, strength=str(s["strength"]),
                        analyst=self.gate.scrub(str(s["analyst"])),
                        note=self.gate.scrub(str(s["note"])) if s["note"] else None,
                        when=str(s["created_at"])[:10], citations=numbers, reviewed=reviewed,
                    )
                )  # fmt: skip
            linked_here = {  # acts an analyst linked to this element need no suggestion
                int(s["target_id"])
                for s in supports
                if s["target_type"] == "act"
                and (s["framework_id"], s["crime_id"], s["element_id"])
                == (crime.framework_id, crime.id, element.id)
            }
            wanted_predicates = set(element.suggested_by_predicates)
            hinted = [
                a
                for a in found
                if a.act_id not in linked_here
                and (
                    a.act_type in element.suggested_by
                    or victim_predicates.get(a.act_id, set()) & wanted_predicates
                )
            ]
            if hinted:
                shown: list[int] = []
                for a in hinted[:_SHOWN_SUGGESTIONS]:
                    cited = list(evidence.get(("act", a.act_id), []))
                    for predicate in sorted(wanted_predicates):  # the victim's claims that suggest it
                        cited += self.victim_claims.get((a.victim_person_id or -1, predicate), [])
                    self._cite(cited)
                    shown += [n for n in self._numbers(cited)[0] if n not in shown]
                items.append(
                    EvidenceItem(
                        stance="supports", origin="suggested",
                        target="; ".join(describe[("act", a.act_id)] for a in hinted[:_SHOWN_SUGGESTIONS]),
                        citations=shown, more=max(0, len(hinted) - _SHOWN_SUGGESTIONS),
                    )
                )  # fmt: skip
            rows.append(self._element_row(crime, element, items))
        return ChargeSection(
            crime=crime,
            framework_title=self.frameworks.by_id[crime.framework_id].title,
            elements=rows,
            anchor=_anchor(crime.key),
        )

    def _element_row(self, crime: Crime, element: Element, items: list[EvidenceItem]) -> ElementRow:
        supporting = [i for i in items if i.stance == "supports"]
        undermining = [i for i in items if i.stance == "undermines"]
        linked = [i for i in supporting if i.origin == "analyst"]
        groups = {self.by_number[n].source_group for i in linked for n in i.citations}
        reviewed = any(i.reviewed for i in linked)
        if linked and reviewed and len(groups) >= 2:
            status, gap = "supported", None
        elif linked and reviewed:
            status, gap = "single source", "one independent source only"
        elif linked:
            status, gap = "not reviewed", "evidence linked but none of it reviewed"
        elif supporting:
            status, gap = "suggested only", "acts suggest it; no analyst has linked evidence"
        else:
            status, gap = "gap", "no evidence"
        if undermining and gap is None:
            gap = "contested: evidence undermines it"
        return ElementRow(
            element=element,
            supporting=supporting,
            undermining=undermining,
            independent_sources=len(groups),
            reviewed=reviewed,
            status=status,
            gap=gap,
            anchor=_anchor(f"{crime.key}:{element.id}"),
        )


def _anchor(key: str) -> str:
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in key)


def _locator(c: Citation) -> str:
    parts = []
    if c.page is not None and c.locator_kind != "cell":
        parts.append(f"page {c.page}")
    if c.char_start is not None:
        parts.append(f"characters {c.char_start}–{c.char_end}")
    if c.row is not None:
        parts.append(f"row {c.row}")
    if c.column:
        parts.append(f"column {c.column}")
    return ", ".join(parts) or c.locator_kind
