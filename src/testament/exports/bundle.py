"""Evidence bundles: the files a case file cites, with their custody and collection records, the case file
itself, and a manifest signed with Ed25519, in one zip a court or a partner can check without Testament
(`testament.exports.standalone_verify`).

**What goes in.** With an accused, the files the accused's case file cites (`testament.legal`) and the case
file (HTML, and PDF when it can be rendered); without, every file of the case. Each file goes in as

- its **original**, when its label is within the bundle's clearance (`cleared`, default `internal`) and no
  claim attested in it (or in a text made from it) is above that clearance;
- a **redacted copy**, when it is a UTF-8 text whose protected passages can be cut: the span of every claim
  above the clearance is replaced by `[withheld]`, and so is every other occurrence of those claims' words
  (a witness's name repeated further on); a photo whose only protected claims are its own metadata (GPS)
  goes as a copy without metadata;
- **nothing** (listed in `withheld.json` with the reason, by artifact id) otherwise, and whenever the file
  is the testimony of a witness whose consent does not cover the bundle's use (`archive`, `share` with the
  recipient, `prosecutor`; `testament.store.consents`): withdrawing consent removes it from the next bundle.

Every file gets its **collection record** (`collection.json`), the fields the Berkeley Protocol asks:
what intake knows (who brought it into the case and when, in UTC; with which tool and version; what it was
derived from), what was recorded by hand with `testament collection` (who collected it, when, from where,
how, in what context; `testament.store.collection`), the source's context (kind, organisation,
positionality, reliability, date), and under `missing` every collection field nobody recorded. A collection
record labelled above the clearance is withheld and says so. The **custody events** naming the files
(`custody.json`) keep their hashes, so the standalone verifier re-hashes them; an event whose details held a
withheld word is scrubbed and marked `details_redacted`.

The manifest (`manifest.json`, canonical JSON) lists every member's SHA-256 and size, the software and
version, the time, the recipient, the use and the consents relied on; `manifest.sig` holds the Ed25519
signature over its bytes. Making a bundle is one `disclosed` custody event (files, recipient, use, consent
ids, the manifest's SHA-256; never names), in the same transaction that reads the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from testament.errors import InputError
from testament.exports._common import cleared_labels, disclose, output_file, witness_files
from testament.exports.media import IMAGE_TYPES, strip_image
from testament.exports.signed import json_member, write_signed_zip
from testament.exports.standalone_verify import CUSTODY
from testament.store import crypto
from testament.store.access import Gate, Labeller, Viewer, cut_spans
from testament.store.case import Case
from testament.store.collection import COLLECTION_FIELDS, read_collection
from testament.store.custody import read_events
from testament.store.schema import artifacts, attestations, claims, person_records, persons, sources

__all__ = ["BUNDLE_USES", "BundleResult", "build_bundle"]

BUNDLE_USES = ("archive", "share", "prosecutor")
_ROLE_FOR = {"public": "viewer", "internal": "analyst", "restricted": "investigator", "sealed": "admin"}
_MISSING = {
    "collected_by": "who collected it (before intake): not recorded",
    "collected_at": "when it was collected, in UTC: not recorded",
    "collected_from": "where it was collected from (URL, device, place): not recorded",
    "method": "how it was collected (download, screenshot, scan, interview): not recorded",
    "context": "in what circumstances and for what purpose: not recorded",
}
_SUFFIX = {"text/plain": "txt", "text/csv": "csv", "application/pdf": "pdf", "image/jpeg": "jpg",
           "image/png": "png", "application/json": "json"}  # fmt: skip


@dataclass
class BundleResult:
    out: Path
    members: list[str]
    originals: list[int] = field(default_factory=list)
    redacted: list[int] = field(default_factory=list)
    withheld: dict[int, str] = field(default_factory=dict)
    manifest_sha256: str = ""
    case_file: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out), "members": self.members, "originals": self.originals,
            "redacted": self.redacted, "withheld": {str(k): v for k, v in self.withheld.items()},
            "manifest_sha256": self.manifest_sha256, "case_file": self.case_file,
        }  # fmt: skip


@dataclass
class _File:
    id: int
    sha256: str
    media_type: str
    filename: str
    derived_from: int | None
    label: str


def _member_name(f: _File, redacted: bool) -> str:
    base = f.media_type.split(";")[0].strip().lower()
    suffix = _SUFFIX.get(base, "bin")
    return f"files/{f.id}-{f.sha256[:12]}{'-redacted' if redacted else ''}.{suffix}"


def _case_file(case: Case, accused: int, cleared: str) -> tuple[Any | None, str | None]:
    """The accused's case file from `testament.legal`, or None and why (the hook while it is not there)."""
    try:
        legal = importlib.import_module("testament.legal")
        render = legal.render_case_file
    except (ImportError, AttributeError):
        return None, "testament.legal is not available in this installation"
    viewer = Viewer.local(case, _ROLE_FOR[cleared])
    return render(case, accused, viewer), None


Move = Callable[[int, bool], int]  # an offset into an original text -> the same place in its redacted copy


def _relocated(case_file: Any, moves: dict[int, Move]) -> str:
    """The case file's HTML with each citation of a file that goes as a redacted copy located in that copy
    (its characters move where `[withheld]` replaced longer or shorter words), so it opens the right span."""
    if not moves:
        return str(case_file.html)
    from testament.legal.html import render_html

    cited = []
    for c in case_file.data.citations:
        move = moves.get(c.artifact_id)
        if move is None or c.char_start is None or c.char_end is None:
            cited.append(c)
            continue
        start, end = move(c.char_start, False), move(c.char_end, True)
        was = f"characters {c.char_start}–{c.char_end}"
        locator = c.locator.replace(was, f"characters {start}–{end} of the redacted copy")
        cited.append(replace(c, char_start=start, char_end=end, locator=locator))
    return render_html(replace(case_file.data, citations=cited))


def _cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, Move]:
    """`text` with each span replaced by `WITHHELD_MARK`, and where each offset of `text` moved to."""
    return cut_spans(text, spans)


def _pdf(page: str) -> bytes:
    from testament.legal.pdf import html_to_pdf  # WeasyPrint stays in its one module

    return html_to_pdf(page)


def _accused_files(conn: Connection, accused: int) -> set[int]:
    """Without a case file: the files attesting any claim about the accused or their records."""
    records = set(
        conn.execute(select(person_records.c.id).where(person_records.c.person_id == accused)).scalars()
    )
    query = select(attestations.c.artifact_id).join(claims, claims.c.id == attestations.c.claim_id)
    found = set(
        conn.execute(query.where(claims.c.subject_type == "person", claims.c.subject_id == accused)).scalars()
    )
    for start in range(0, len(sorted(records)), 5000):
        chunk = sorted(records)[start : start + 5000]
        found |= set(
            conn.execute(
                query.where(claims.c.subject_type == "person_record", claims.c.subject_id.in_(chunk))
            ).scalars()
        )
    return {int(a) for a in found}


def build_bundle(
    case: Case,
    out: Path,
    key_pem: bytes,
    *,
    recipient: str,
    use: str = "share",
    accused: int | None = None,
    cleared: str = "internal",
    key_label: str = "--key",
    force: bool = False,
) -> BundleResult:
    """Write the evidence bundle `out` (a zip), signed with the Ed25519 private key `key_pem` (see the
    module docstring). `recipient` is who receives it (named in the manifest and the custody event), `use`
    the consent it is given under, `cleared` the most closed label it may carry."""
    if use not in BUNDLE_USES:
        raise InputError(
            f"--use {use}: not a use a bundle is given under", hint=f"one of {', '.join(BUNDLE_USES)}"
        )
    if not recipient.strip():
        raise InputError("--to: say who receives the bundle", hint="e.g. --to 'Stockholm District Court'")
    key = crypto.load_private_key(key_pem, label=key_label)
    labels = cleared_labels(cleared)
    case_file, no_case_file = (None, None)
    if accused is not None:
        with case.read() as conn:
            if conn.execute(select(persons.c.id).where(persons.c.id == accused)).first() is None:
                raise InputError(
                    f"--accused {accused}: no such person in this case",
                    hint="person ids: `testament export persons CASE --out FILE.csv`",
                )
        case_file, no_case_file = _case_file(case, accused, cleared)
    gate = Gate(Viewer.local(case, _ROLE_FOR[cleared]))
    gate.labels = labels
    result = BundleResult(out, [])
    members: dict[str, bytes] = {}
    with output_file(out, force=force) as tmp, case.write() as conn:
        labeller = Labeller(conn, use=use, recipient=recipient.strip())
        consent_ok, relied = witness_files(conn, labeller, use, recipient.strip())
        if case_file is not None:
            wanted = {int(c.artifact_id) for c in case_file.cited_artifacts}
        elif accused is not None:
            wanted = _accused_files(conn, accused)
        else:
            wanted = set(conn.execute(select(artifacts.c.id)).scalars())
        files = _read_files(conn, labeller, wanted)
        texts = _protected_spans(conn, labeller, labels, set(files), gate)
        chosen: dict[int, tuple[str, bytes]] = {}
        moves: dict[int, Move] = {}
        for f in files.values():
            why = _withhold_reason(f, files, consent_ok, labels)
            if why:
                result.withheld[f.id] = why
                continue
            data = case.blobs.get(f.sha256)
            if hashlib.sha256(data).hexdigest() != f.sha256:
                raise InputError(
                    f"artifact {f.id}: the stored file does not match its SHA-256",
                    hint="run `testament verify` and restore the case from a backup",
                )
            copy = _redacted(
                f, data, texts.get(f.id, []), gate, child=_child_spans(f, files, texts), moves=moves
            )
            if copy is None:
                result.withheld[f.id] = "holds protected passages and cannot be redacted automatically"
            else:
                chosen[f.id] = ("original" if copy == data else "redacted", copy)
        for aid, (kind, data) in sorted(chosen.items()):
            f = files[aid]
            name = _member_name(f, kind == "redacted")
            members[name] = data
            (result.originals if kind == "original" else result.redacted).append(aid)
        shas = {files[a].sha256 for a in chosen}
        events = [ev for ev in read_events(conn) if ev.artifact_sha256 in shas]
        members[CUSTODY] = json_member({"events": [_event(ev, gate) for ev in events]})
        collected = read_collection(conn, set(chosen))
        members["collection.json"] = json_member(
            {
                "files": [
                    _collection(conn, files[a], kind, events, gate, collected.get(a), labels)
                    for a, (kind, _) in sorted(chosen.items())
                ]
            }
        )
        members["withheld.json"] = json_member(
            {"files": [{"artifact_id": a, "reason": r} for a, r in sorted(result.withheld.items())]}
        )
        if case_file is not None:
            redacted = {a: moves[a] for a, (kind, _) in chosen.items() if kind == "redacted" and a in moves}
            page = gate.scrub(_relocated(case_file, redacted))  # and what this bundle's consent withholds
            members["casefile.html"] = page.encode("utf-8")
            with contextlib.suppress(ImportError):  # no PDF renderer installed: the HTML is the case file
                members["casefile.pdf"] = _pdf(page)
            result.case_file = True
        about = {
            "kind": "evidence bundle", "case_id": case.config.case_id, "recipient": recipient.strip(),
            "use": use, "consents_relied_on": relied, "cleared": cleared, "accused": accused,
            "case_file": "casefile.html" if case_file is not None else no_case_file,
        }  # fmt: skip
        digest, names = write_signed_zip(tmp, members, key, about)
        disclose(
            conn,
            case.settings.actor,
            {
                "what": "bundle", "to": recipient.strip(), "use": use, "consents": relied, "cleared": cleared,
                "accused": accused, "originals": result.originals, "redacted": result.redacted,
                "withheld": sorted(result.withheld), "manifest_sha256": digest,
            },
        )  # fmt: skip
        result.manifest_sha256 = digest
    result.members = names
    return result


def _read_files(conn: Connection, labeller: Labeller, wanted: set[int]) -> dict[int, _File]:
    """The wanted files, and the originals and texts they derive from or that derive from them."""
    rows = {int(r.id): r for r in conn.execute(select(artifacts))}
    keep = {a for a in wanted if a in rows}
    keep |= {int(r.id) for r in rows.values() if r.derived_from in keep}  # texts of cited originals
    labels = labeller.artifact_labels(keep)
    return {
        a: _File(a, rows[a].sha256, rows[a].media_type, rows[a].filename, rows[a].derived_from, labels[a])
        for a in sorted(keep)
    }


def _protected_spans(
    conn: Connection, labeller: Labeller, labels: frozenset[str], files: set[int], gate: Gate
) -> dict[int, list[tuple[int, int]]]:
    """Per file: the spans of claims above the clearance attested in it (and, for any such claim anywhere
    in those files, its value and quoted text are hidden from every member's text)."""
    rows = conn.execute(
        select(
            attestations.c.claim_id, attestations.c.artifact_id, attestations.c.char_start,
            attestations.c.char_end, attestations.c.locator_kind, attestations.c.original_text,
            claims.c.value,
        ).join(claims, claims.c.id == attestations.c.claim_id)
        .where(attestations.c.artifact_id.in_(sorted(files)))
    ).all()  # fmt: skip
    claim_labels = labeller.claim_labels({int(r.claim_id) for r in rows})
    spans: dict[int, list[tuple[int, int]]] = {}
    for r in rows:
        if claim_labels.get(int(r.claim_id), "sealed") in labels:
            continue
        gate.hide(r.value, r.original_text)
        if r.char_start is not None and r.char_end is not None:
            spans.setdefault(int(r.artifact_id), []).append((int(r.char_start), int(r.char_end)))
        else:  # a cell of a list, a photo's own metadata: the file holds it, with no span to cut
            spans.setdefault(int(r.artifact_id), []).append(
                (-1, -1) if r.locator_kind != "exif" else (-2, -2)
            )
    # A witness's or relative's record with a span (a name in a testimony) above the clearance.
    witness = labeller.record_labels(set(labeller.witness_records()))
    for rid, aid, start, end in conn.execute(
        select(person_records.c.id, person_records.c.artifact_id, person_records.c.char_start,
               person_records.c.char_end).where(person_records.c.id.in_(sorted(witness)))
    ):  # fmt: skip
        if witness.get(int(rid), "sealed") not in labels and int(aid) in files and start is not None:
            spans.setdefault(int(aid), []).append((int(start), int(end)))
    return spans


def _child_spans(f: _File, files: dict[int, _File], texts: dict[int, list[tuple[int, int]]]) -> bool:
    return any(c.derived_from == f.id and texts.get(c.id) for c in files.values())


def _withhold_reason(
    f: _File, files: dict[int, _File], consent_ok: dict[int, bool], labels: frozenset[str]
) -> str:
    if f.label not in labels:
        return f"labelled {f.label}, above the bundle's clearance"
    for aid in (f.id, f.derived_from, *(c.id for c in files.values() if c.derived_from == f.id)):
        if aid is not None and not consent_ok.get(aid, True):
            return "a witness's testimony: their consent does not cover this use (not given, or withdrawn)"
    return ""


def _redacted(
    f: _File,
    data: bytes,
    spans: list[tuple[int, int]],
    gate: Gate,
    *,
    child: bool,
    moves: dict[int, Move] | None = None,
) -> bytes | None:
    """What of file `f` may go: `data` itself, a redacted copy, or None when it cannot be redacted. `spans`
    are its protected passages ((-1, -1): a protected cell with no span; (-2, -2): its own metadata);
    `child`: a text made from it has protected passages (the original then cannot go). For a redacted text,
    `moves[f.id]` maps offsets of the original to the copy."""
    media = f.media_type.split(";")[0].strip().lower()
    if child:
        return None
    if media.startswith("text/"):
        if any(start < 0 for start, _ in spans):
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data if not spans else None
        spanned, first = _cut(text, spans)
        cut, second = gate.redact(spanned)  # the withheld words wherever else they occur
        if cut == text:
            return data
        if moves is not None:

            def both(offset: int, end: bool = False) -> int:
                return second(first(offset, end), end)

            moves[f.id] = both
        return cut.encode("utf-8")
    if not spans:
        return data
    if media in IMAGE_TYPES and all(start == -2 for start, _ in spans):
        return strip_image(data, media)  # only its own metadata (GPS, time) is protected
    return None


def _event(ev: Any, gate: Gate) -> dict[str, Any]:
    body = dict(ev.__dict__)
    scrubbed = gate.scrub(ev.details)
    if scrubbed != ev.details:
        body["details"], body["details_redacted"] = scrubbed, True
    return body


def _method(f: _File, arrival: Any, details: dict[str, Any]) -> str | None:
    if arrival is None:
        return None
    if f.derived_from is not None:
        how = details.get("transformation", "derived from")
        return f"{how} artifact {f.derived_from}, by {details.get('tool', arrival.tool)}"
    return f"received into the case by {arrival.tool} {arrival.tool_version} ({details.get('kind', 'file')})"


def _collection(
    conn: Connection,
    f: _File,
    kind: str,
    events: list[Any],
    gate: Gate,
    recorded: dict[str, Any] | None,
    labels: frozenset[str],
) -> dict[str, Any]:
    """The Berkeley Protocol's collection record of one file: what intake knows (who brought it into the
    case, when, with what), what was recorded by hand (`testament collection`), and what is missing."""
    arrival = next(
        (ev for ev in events if ev.artifact_sha256 == f.sha256 and ev.event_type in ("received", "derived")),
        None,
    )
    source = conn.execute(
        select(sources.c.kind, sources.c.organisation, sources.c.positionality, sources.c.reliability,
               sources.c.date_text, sources.c.language, sources.c.sensitivity)
        .join(artifacts, artifacts.c.source_id == sources.c.id).where(artifacts.c.id == f.id)
    ).one()  # fmt: skip
    details = json.loads(arrival.details) if arrival is not None else {}
    collection: dict[str, Any] = dict.fromkeys(COLLECTION_FIELDS)
    missing = dict(_MISSING)
    if recorded is not None and recorded["sensitivity"] not in labels:
        collection = {"withheld": f"the collection record is labelled {recorded['sensitivity']}"}
        missing = {}
    elif recorded is not None:
        for name in COLLECTION_FIELDS:
            value = recorded.get(name)
            collection[name] = gate.scrub(value) if isinstance(value, str) else value
            if value:
                missing.pop(name)
        collection["recorded_by"], collection["recorded_at"] = (
            recorded["recorded_by"],
            recorded["recorded_at"],
        )
    return {
        "artifact_id": f.id,
        "sha256": f.sha256,
        "in_bundle_as": kind,
        "file_name": gate.scrub(f.filename),
        "media_type": f.media_type,
        "intake": {
            "received_by": arrival.actor if arrival is not None else None,
            "received_at_utc": arrival.occurred_at if arrival is not None else None,
            "method": _method(f, arrival, details),
            "custody_event": arrival.seq if arrival is not None else None,
        },
        "collection": collection,
        "source": {
            "kind": source.kind,
            "organisation": gate.scrub(source.organisation or "") or None,
            "positionality": gate.scrub(source.positionality or "") or None,
            "reliability": source.reliability,
            "date": gate.scrub(source.date_text or "") or None,
            "language": source.language,
        },
        "missing": missing,
    }
