"""The one access gate: what a role may do, and which fields it may read (role × sensitivity × consent).

The CLI, the workbench pages, its API and (later) exports all read through here (`testament.views` builds
every result from an allow-list of fields passed through a `Gate`).

A field's label is the most closed of: its row's sensitivity, its predicate's (`vocab.SENSITIVE_PREDICATES`),
the sensitivity of the person record and person it is about, and the labels of the files that attest it
(the most open one: a fact a public list also gives is no secret of the testimony that repeats it), where a
span of a text counts with the label of every claim whose span overlaps it (a claim standing only on a
withheld passage is withheld with it: its value would tell what the passage says). It is
**protected** when that label is restricted or sealed, or when the person it identifies is a witness whose
consents do not allow the use: a witness's every field counts as restricted unless the witness granted
`publish` (and did not withdraw it), and as sealed when they refused or withdrew `archive`.

A witness is a person record that is the subject of a `witnessed` claim, the narrator of a testimony (an
accepted narrator mention), or a record of a person with any consent on file. A relative (the subject of a
`relative_of` claim, or an accepted mention in the relative role) has every field restricted.

A role reads a field only when the field's label is among `readable_labels(role)`; each read of a protected
field by a cleared role is logged as a `disclosed` custody event (table, row id and field; never the value).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select

from testament.errors import AccessDenied
from testament.store.case import Case
from testament.store.consents import ConsentRow, consent_allows, consents_by_person
from testament.store.custody import NewEvent, append_events
from testament.store.schema import (
    artifacts,
    attestations,
    claims,
    mentions,
    person_records,
    persons,
    sources,
)
from testament.vocab import SENSITIVE_PREDICATES, CustodyEventType, Sensitivity

__all__ = [
    "ACTIONS",
    "LABELS",
    "PROTECTED",
    "WITHHELD_MARK",
    "Gate",
    "Labeller",
    "Viewer",
    "acting_as",
    "cut_spans",
    "may",
    "most_closed",
    "readable_labels",
    "require",
]

LABELS: tuple[str, ...] = tuple(s.value for s in Sensitivity)  # most open first
PROTECTED: frozenset[str] = frozenset({Sensitivity.RESTRICTED.value, Sensitivity.SEALED.value})
WITHHELD_MARK = "[withheld]"  # what stands in free text where a withheld string was
_RANK = {label: i for i, label in enumerate(LABELS)}

_READABLE: dict[str, frozenset[str]] = {
    "viewer": frozenset({"public", "internal"}),
    "analyst": frozenset({"public", "internal"}),
    "investigator": frozenset({"public", "internal", "restricted"}),
    "admin": frozenset(LABELS),
}

ACTIONS: tuple[str, ...] = (
    "read", "review_links", "estimate", "ingest", "review_claims", "download", "verify", "admin",
)  # fmt: skip
_ALLOWED: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "analyst": frozenset({"read", "review_links", "estimate"}),
    "investigator": frozenset({"read", "review_links", "estimate", "ingest", "review_claims", "download"}),
    "admin": frozenset(ACTIONS),
}
_CHUNK = 5000


@dataclass(frozen=True)
class Viewer:
    """Who is reading: a workbench user (or the CLI's local user, `user_id` None) and their role."""

    user_id: int | None
    username: str
    role: str

    @classmethod
    def from_user(cls, user: Any) -> Viewer:
        return cls(int(user.id), str(user.username), str(user.role))

    @classmethod
    def local(cls, case: Case, role: str = "admin") -> Viewer:
        """The person at the command line, who holds the case folder (and its passphrase) and so every
        clearance: `settings.actor`, role admin unless given."""
        return cls(None, case.settings.actor, role)


def readable_labels(role: str) -> frozenset[str]:
    """The sensitivity labels `role` may read (an unknown role reads nothing)."""
    return _READABLE.get(role, frozenset())


def may(viewer: Viewer, action: str) -> bool:
    return action in _ALLOWED.get(viewer.role, frozenset())


def require(viewer: Viewer, action: str) -> None:
    """AccessDenied unless the viewer's role allows `action`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not may(viewer, action):
        raise AccessDenied(
            f"the {viewer.role} role may not {action.replace('_', ' ')}",
            hint="ask an admin of the case for a role that allows it",
        )


def acting_as(case: Case, viewer: Viewer) -> Case:
    """The same open case (same database, blobs and keys) with `viewer.username` as the actor, so the
    custody events of a change made on a user's behalf name that user. Do not close the copy."""
    view = copy.copy(case)
    view.settings = replace(case.settings, actor=viewer.username)
    return view


def most_closed(*labels: str | None) -> str:
    """The most closed of the labels given (None ignored); "public" for none."""
    ranks = [_RANK.get(label, _RANK["sealed"]) for label in labels if label is not None]
    return LABELS[max(ranks)] if ranks else "public"


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


class Labeller:
    """Effective labels of claims, person records and artifacts, read through one connection."""

    def __init__(self, conn: Connection, *, use: str = "publish", recipient: str | None = None) -> None:
        self.conn = conn
        # The use whose consent opens a witness's fields: `publish` for pages and public exports; a bundle
        # for a prosecutor or a named organisation asks for `prosecutor` or `share` with that recipient.
        self.use, self.recipient = use, recipient
        self._witness: dict[int, str | None] | None = None  # record id → label its witness status adds

    # --- witnesses --------------------------------------------------------------------------------------

    def witness_records(self) -> dict[int, str | None]:
        """Every witness's or relative's record → the label it adds to its fields (None: the witness's
        consent allows the use)."""
        if self._witness is None:
            self._witness = self._read_witnesses()
        return self._witness

    def _read_witnesses(self) -> dict[int, str | None]:
        conn = self.conn
        direct = set(
            conn.execute(
                select(claims.c.subject_id).where(
                    claims.c.predicate == "witnessed", claims.c.subject_type == "person_record"
                )
            ).scalars()
        )
        direct |= set(
            conn.execute(
                select(mentions.c.person_record_id).where(
                    mentions.c.role.in_(("narrator", "witness")), mentions.c.person_record_id.is_not(None)
                )
            ).scalars()
        )
        uses = consents_by_person(conn)
        person_of: dict[int, int | None] = {}
        for chunk in _chunks(direct):
            for rid, pid in conn.execute(
                select(person_records.c.id, person_records.c.person_id).where(person_records.c.id.in_(chunk))
            ):
                person_of[int(rid)] = pid
        witness_persons = {int(p) for p in person_of.values() if p is not None} | set(uses)
        out: dict[int, str | None] = {int(r): "restricted" for r in direct}
        for chunk in _chunks(witness_persons):
            for rid, pid in conn.execute(
                select(person_records.c.id, person_records.c.person_id).where(
                    person_records.c.person_id.in_(chunk)
                )
            ):
                out[int(rid)] = _consent_label(uses.get(int(pid), []), self.use, self.recipient)
        for rid, pid in person_of.items():
            if pid is not None:
                out[rid] = _consent_label(uses.get(int(pid), []), self.use, self.recipient)
        for rid in self._relatives():  # a relative's details are restricted whatever consent says
            out[rid] = most_closed(out.get(rid), "restricted")
        return out

    def relative_records(self) -> set[int]:
        """Person records of relatives (see `_relatives`): exports tell them from witnesses."""
        return self._relatives()

    def _relatives(self) -> set[int]:
        """Person records of witnesses' or victims' relatives: the subject of a `relative_of` claim, or an
        accepted mention in the relative role."""
        found = set(
            self.conn.execute(
                select(claims.c.subject_id).where(
                    claims.c.predicate == "relative_of", claims.c.subject_type == "person_record"
                )
            ).scalars()
        )
        found |= set(
            self.conn.execute(
                select(mentions.c.person_record_id).where(
                    mentions.c.role == "relative", mentions.c.person_record_id.is_not(None)
                )
            ).scalars()
        )
        return {int(r) for r in found}

    # --- labels ---------------------------------------------------------------------------------------

    def record_labels(self, ids: Collection[int]) -> dict[int, str]:
        """Person record → the most closed of its own label, its person's and its witness status."""
        witness = self.witness_records()
        out: dict[int, str] = {}
        for chunk in _chunks(ids):
            for rid, own, person_label in self.conn.execute(
                select(person_records.c.id, person_records.c.sensitivity, persons.c.sensitivity)
                .outerjoin(persons, persons.c.id == person_records.c.person_id)
                .where(person_records.c.id.in_(chunk))
            ):
                out[int(rid)] = most_closed(own, person_label, witness.get(int(rid)))
        return out

    def artifact_labels(self, ids: Collection[int]) -> dict[int, str]:
        """Artifact → the most closed of its label, its source's and (for a derived file) its original's."""
        out: dict[int, str] = {}
        parents: dict[int, int] = {}
        for chunk in _chunks(ids):
            for aid, own, source_label, parent in self.conn.execute(
                select(
                    artifacts.c.id, artifacts.c.sensitivity, sources.c.sensitivity, artifacts.c.derived_from
                )
                .join(sources, sources.c.id == artifacts.c.source_id)
                .where(artifacts.c.id.in_(chunk))
            ):
                out[int(aid)] = most_closed(own, source_label)
                if parent is not None:
                    parents[int(aid)] = int(parent)
        if parents:
            above = self.artifact_labels(set(parents.values()) - set(out))
            for aid, parent in parents.items():
                out[aid] = most_closed(out[aid], out.get(parent, above.get(parent)))
        return out

    def claim_labels(self, ids: Collection[int]) -> dict[int, str]:
        """Claim → its effective label (see the module's docstring)."""
        wanted = set(ids)
        return {
            cid: label for cid, label in self.claim_and_attestation_labels(wanted)[0].items() if cid in wanted
        }

    def attestation_labels(self, claim_ids: Collection[int]) -> dict[int, str]:
        """Attestation → its label, for every attestation of the claims given: the most closed of its file's
        label and the labels of the claims whose spans in the same text overlap its span (the passage it
        stands on). A claim is readable only through an attestation the viewer may read."""
        return self.claim_and_attestation_labels(claim_ids)[1]

    def claim_and_attestation_labels(self, ids: Collection[int]) -> tuple[dict[int, str], dict[int, str]]:
        """Labels of the claims given (and of the claims whose spans touch theirs) and of their attestations.

        A claim's label is the most closed of its own, its predicate's and its subject's (`fixed`) and the
        label of its most open attestation. An attestation's label is the most closed of its file's and,
        for a span of a text, the label of every other claim with a span overlapping it in the same text: a
        passage withheld from a role withholds every claim that stands on it (inside it or overlapping it),
        else the claim's value and place would tell what the withheld passage says (the city of a relative's
        address, a word of a witness's name). Labels only rise, so this is found by iterating to a fixpoint
        over the claims whose spans touch, transitively, those asked about."""
        fixed: dict[int, str] = {}
        atts: dict[int, list[tuple[int, int, int | None, int | None]]] = {}  # claim → (att, file, start, end)
        span_artifacts: set[int] = set()
        todo, asked = set(ids), set()
        while todo:
            asked |= todo
            rows: dict[int, tuple[str, str, str, int]] = {}
            for chunk in _chunks(todo):
                for cid, predicate, own, subject_type, subject_id in self.conn.execute(
                    select(
                        claims.c.id, claims.c.predicate, claims.c.sensitivity, claims.c.subject_type,
                        claims.c.subject_id,
                    ).where(claims.c.id.in_(chunk))
                ):  # fmt: skip
                    rows[int(cid)] = (str(predicate), str(own), str(subject_type), int(subject_id))
            records = self.record_labels({s for _, _, t, s in rows.values() if t == "person_record"})
            for cid, (predicate, own, subject_type, subject_id) in rows.items():
                predicate_label = SENSITIVE_PREDICATES.get(predicate)
                subject_label = records.get(subject_id) if subject_type == "person_record" else None
                fixed[cid] = most_closed(
                    own, str(predicate_label) if predicate_label else None, subject_label
                )
                atts.setdefault(cid, [])
            new_texts: set[int] = set()
            for chunk in _chunks(rows):
                for aid, cid, artifact_id, start, end in self.conn.execute(
                    select(
                        attestations.c.id, attestations.c.claim_id, attestations.c.artifact_id,
                        attestations.c.char_start, attestations.c.char_end,
                    ).where(attestations.c.claim_id.in_(chunk))
                ):  # fmt: skip
                    atts[int(cid)].append((int(aid), int(artifact_id), start, end))
                    if start is not None and end is not None and int(artifact_id) not in span_artifacts:
                        new_texts.add(int(artifact_id))
            span_artifacts |= new_texts
            todo = set()
            for chunk in _chunks(new_texts):  # every claim with a span in those texts
                todo |= {
                    int(c)
                    for c in self.conn.execute(
                        select(attestations.c.claim_id).where(
                            attestations.c.artifact_id.in_(chunk), attestations.c.char_start.is_not(None),
                            attestations.c.char_end.is_not(None),
                        )
                    ).scalars()
                }  # fmt: skip
            todo -= asked
        files = self.artifact_labels({a for found in atts.values() for _, a, _, _ in found})
        # Overlapping spans: attestation → the claims (other than its own) whose spans overlap it.
        by_text: dict[int, list[tuple[int, int, int, int]]] = {}
        for cid, found in atts.items():
            for aid, artifact_id, start, end in found:
                if start is not None and end is not None and end > start:
                    by_text.setdefault(artifact_id, []).append((int(start), int(end), aid, cid))
        touching: dict[int, set[int]] = {}
        for spans in by_text.values():
            spans.sort()
            for i, (_start, end, aid, cid) in enumerate(spans):
                for other_start, _other_end, other_aid, other_cid in spans[i + 1 :]:
                    if other_start >= end:
                        break
                    if other_cid != cid:
                        touching.setdefault(aid, set()).add(other_cid)
                        touching.setdefault(other_aid, set()).add(cid)
        labels: dict[int, str] = {}
        att_labels: dict[int, str] = {}
        changed = True
        while changed:
            changed = False
            for cid, found in atts.items():
                open_most: str | None = None
                for aid, artifact_id, _, _ in found:
                    label = most_closed(
                        files.get(artifact_id, "sealed"),
                        *(labels.get(other, fixed[other]) for other in touching.get(aid, ())),
                    )
                    att_labels[aid] = label
                    if open_most is None or _RANK[label] < _RANK[open_most]:
                        open_most = label
                label = most_closed(fixed[cid], open_most)
                if labels.get(cid) != label:
                    labels[cid] = label
                    changed = True
        return labels, att_labels


def _consent_label(rows: list[ConsentRow], use: str = "publish", recipient: str | None = None) -> str | None:
    """What a witness's consents add to their fields: sealed if they refused or withdrew `archive`, nothing
    if they granted `use` (`publish` unless a bundle asks for another; not withdrawn), else restricted
    (`store.consents.consent_allows` is the rule)."""
    if any(r.use == "archive" and not r.in_force for r in rows):
        return "sealed"
    return None if consent_allows(rows, use, recipient) else "restricted"


def cut_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, Callable[[int, bool], int]]:
    """`text` with each span (start, end) replaced by `WITHHELD_MARK` (overlapping spans cut once), and a
    function moving an offset into `text` to the same place in the cut text (`end`: an offset inside a cut
    span moves past its mark, else to its start)."""
    cuts: list[tuple[int, int]] = []
    pos = 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        cuts.append((max(start, pos), end))
        pos = end
    if not cuts:
        return text, lambda offset, end=False: offset
    pieces, pos = [], 0
    for start, end in cuts:
        pieces += [text[pos:start], WITHHELD_MARK]
        pos = end
    pieces.append(text[pos:])
    mark = len(WITHHELD_MARK)

    def move(offset: int, end: bool = False) -> int:
        shift = 0
        for s, e in cuts:
            if offset >= e:
                shift += (e - s) - mark
            elif offset > s:
                return s - shift + (mark if end else 0)
            else:
                break
        return offset - shift

    return "".join(pieces), move


@dataclass
class Gate:
    """One view's pass through the access layer: says whether the viewer may read a field, notes every
    protected field it lets through (to log as `disclosed`) and the strings it held back (to scrub from
    free text such as a testimony or a file name, where a fixed mark replaces them)."""

    viewer: Viewer
    labels: frozenset[str] = frozenset()
    disclosed: list[tuple[str, int, str]] = field(default_factory=list)
    withheld: int = 0
    hidden_terms: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.labels = readable_labels(self.viewer.role)

    def allows(self, label: str) -> bool:
        return label in self.labels

    def see(self, table: str, row_id: int, field_name: str, label: str) -> bool:
        """May the viewer read this field? Protected fields let through are noted for the custody log."""
        if label not in self.labels:
            self.withheld += 1
            return False
        if label in PROTECTED:
            self.disclosed.append((table, int(row_id), field_name))
        return True

    def hide(self, *texts: str | None) -> None:
        """Strings of withheld fields: never to appear in the view's free text."""
        for text in texts:
            term = (text or "").strip()
            if len(term) >= 3 and any(ch.isalpha() for ch in term):  # not a year, a sex, an empty cell
                self.hidden_terms.add(term)

    def scrub(self, text: str) -> str:
        """`text` with every withheld string replaced by `WITHHELD_MARK` (which does not tell its length)."""
        return self.redact(text)[0]

    def redact(self, text: str) -> tuple[str, Callable[[int, bool], int]]:
        """`scrub`, and a function moving an offset into `text` to the same place in the scrubbed text
        (`end`: an offset inside a withheld string moves past its mark, else to its start)."""
        cuts: list[tuple[int, int]] = []
        for term in sorted(self.hidden_terms, key=len, reverse=True):  # longest first: a name, then its parts
            start = text.find(term)
            while start != -1:
                end = start + len(term)
                if not any(s < end and start < e for s, e in cuts):
                    cuts.append((start, end))
                start = text.find(term, start + 1)
        return cut_spans(text, cuts)

    def log(self, conn: Connection, view: str) -> None:
        """Log the protected fields this view let through as one `disclosed` event (nothing if none)."""
        if not self.disclosed:
            return
        fields = sorted(set(self.disclosed))
        details = {"view": view, "role": self.viewer.role, "fields": [list(f) for f in fields]}
        append_events(conn, self.viewer.username, [NewEvent(CustodyEventType.DISCLOSED, details)])
        self.disclosed.clear()
