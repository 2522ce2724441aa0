"""Public export for memorials and researchers: victims and acts as CSV and JSON, and photos without their
metadata, built from an allow-list.

- **Victims**: persons with a record on a list, or the victim of an act. Only the fields of `VICTIM_FIELDS`
  leave (names in both scripts, father's name, birth, sex, city, prison, affiliation, dates of arrest and
  execution, burial place, fate); never notes, record ids, witnesses, relatives, addresses or a photo's GPS.
- **Acts**: type, victim (when exported), dates; no place coordinates.
- A value leaves only when its label, as the access gate computes it (row, predicate, subject, files,
  overlapping passages, witness consent), is `public` or `internal` (never `restricted` or `sealed`), and it
  rests on at least one accepted-or-proposed attestation from a file that is not the testimony of a witness
  without `publish` consent in force: withdrawing that consent removes the witness's material from the next
  export (`testament.store.consents`).
- **Photos**: image files labelled `public` (explicitly cleared for publication) whose witness, if any,
  consented to publication, re-encoded without any metadata (`testament.exports.media`). Documents (PDF,
  Word, text) are not exported: their text can carry names the gate cannot see.

Every CSV cell that a spreadsheet would run as a formula is neutralised (`testament.tabular`). The export is
one `disclosed` custody event (counts, consent ids relied on; never names)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, or_, select

from testament.exports._common import cleared_labels, disclose, output_folder, witness_files
from testament.exports.media import IMAGE_TYPES, strip_image
from testament.files import private_dir, write_private
from testament.store.access import Labeller
from testament.store.case import Case
from testament.store.schema import acts, artifacts, attestations, claims, person_records, persons, sources
from testament.tabular import csv_text
from testament.text import script_of

__all__ = ["ACT_FIELDS", "VICTIM_FIELDS", "PublicExport", "export_public"]

# predicate → column (names get one column per script)
VICTIM_FIELDS: dict[str, str] = {
    "father_name": "father_name",
    "born": "born",
    "age": "age",
    "sex": "sex",
    "resided_in": "city",
    "held_at": "prison",
    "member_of": "affiliation",
    "arrested_on": "arrested",
    "executed_on": "executed",
    "buried_at": "burial_place",
    "fate": "fate",
}
_NAME_PREDICATES = ("name", "given_name", "surname")
VICTIM_COLUMNS = ("person_id", "name_latin", "name_persian", *VICTIM_FIELDS.values())
ACT_FIELDS = ("act_id", "act_type", "victim_person_id", "date_start", "date_end", "date_precision")
_OPEN = cleared_labels("internal")


@dataclass
class PublicExport:
    out: Path
    victims: int = 0
    acts: int = 0
    photos: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # why → how many values or rows

    def to_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "victims": self.victims, "acts": self.acts, "photos": self.photos,
                "left_out": dict(self.left_out)}  # fmt: skip


def _victims(conn: Connection) -> dict[int, list[int]]:
    """Victim person → its records (every record of a person on a list or the victim of an act)."""
    listed = set(
        conn.execute(
            select(person_records.c.person_id)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(sources.c.kind == "list", person_records.c.person_id.is_not(None))
        ).scalars()
    )
    listed |= set(
        conn.execute(select(acts.c.victim_person_id).where(acts.c.victim_person_id.is_not(None))).scalars()
    )
    # a testimony's accepted act names its victim by the record (testament.extract.review)
    listed |= set(
        conn.execute(
            select(person_records.c.person_id)
            .join(acts, acts.c.victim_record_id == person_records.c.id)
            .where(person_records.c.person_id.is_not(None))
        ).scalars()
    )
    out: dict[int, list[int]] = {int(p): [] for p in listed}
    for rid, pid in conn.execute(select(person_records.c.id, person_records.c.person_id)):
        if pid is not None and int(pid) in out:
            out[int(pid)].append(int(rid))
    return out


def _add(table: dict[int, dict[str, list[str]]], person: int, predicate: str, value: str) -> None:
    """One value of a victim's field (names by script), each value once."""
    column = VICTIM_FIELDS.get(predicate) or ("name_persian" if script_of(value) == "fa" else "name_latin")
    values = table.setdefault(person, {}).setdefault(column, [])
    if value not in values:
        values.append(value)


def export_public(case: Case, out: Path, *, force: bool = False) -> PublicExport:
    """Write `victims.csv`, `victims.json`, `acts.csv`, `acts.json`, `photos/` and `README.txt` into the
    folder `out` (see the module docstring). Nothing is left at `out` if it fails."""
    result = PublicExport(out)
    skipped: dict[str, int] = {}

    def skip(why: str) -> None:
        skipped[why] = skipped.get(why, 0) + 1

    with output_folder(out, force=force) as tmp, case.write() as conn:
        labeller = Labeller(conn, use="publish")
        consent_ok, relied = witness_files(conn, labeller, "publish", None)
        victims = _victims(conn)
        person_labels = dict(conn.execute(select(persons.c.id, persons.c.sensitivity)).tuples().all())
        record_owner = {r: p for p, records in victims.items() for r in records}
        subjects = or_(
            (claims.c.subject_type == "person_record") & claims.c.subject_id.in_(sorted(record_owner)),
            (claims.c.subject_type == "person") & claims.c.subject_id.in_(sorted(victims)),
        )
        rows = conn.execute(
            select(
                claims.c.id, claims.c.subject_type, claims.c.subject_id, claims.c.predicate, claims.c.value
            )
            .where(subjects, claims.c.predicate.in_([*_NAME_PREDICATES, *VICTIM_FIELDS]))
            .order_by(claims.c.id)
        ).all()
        claim_labels, att_labels = labeller.claim_and_attestation_labels({int(r.id) for r in rows})
        grounds = _grounds(conn, {int(r.id) for r in rows}, att_labels, consent_ok)
        table: dict[int, dict[str, list[str]]] = {}
        # a record's given name and surname are one name ("given surname"), not two values of the column
        parts: dict[tuple[str, int], tuple[int, dict[str, str]]] = {}
        for r in rows:
            person = (
                record_owner.get(int(r.subject_id))
                if r.subject_type == "person_record"
                else int(r.subject_id)
            )
            if person is None or not r.value:
                continue
            if claim_labels.get(int(r.id), "sealed") not in _OPEN:
                skip("restricted or sealed value")
                continue
            if not grounds.get(int(r.id)):
                skip("no attestation open to publication (witness consent, label, or rejected)")
                continue
            if r.predicate in ("given_name", "surname"):
                held = parts.setdefault((str(r.subject_type), int(r.subject_id)), (person, {}))[1]
                held.setdefault(str(r.predicate), str(r.value))
                continue
            _add(table, person, r.predicate, str(r.value))
        for person, held in parts.values():
            name = " ".join(held[p] for p in ("given_name", "surname") if p in held)
            _add(table, person, "name", name)
        victim_rows = []
        for person in sorted(table):
            if person_labels.get(person, "sealed") not in _OPEN:
                skip("restricted or sealed person")
                continue
            fields = table[person]
            if not fields.get("name_latin") and not fields.get("name_persian"):
                skip("no publishable name")
                continue
            victim_rows.append(
                {"person_id": person, **{c: " | ".join(fields.get(c, [])) for c in VICTIM_COLUMNS[1:]}}
            )
        exported = {int(str(v["person_id"])) for v in victim_rows}
        act_rows = _acts(conn, labeller, consent_ok, exported, skip)
        photos = _photos(conn, case, labeller, consent_ok, tmp / "photos", skip)
        _write(tmp, "victims", VICTIM_COLUMNS, victim_rows)
        _write(tmp, "acts", ACT_FIELDS, act_rows)
        write_private(tmp / "README.txt", _README)
        result.victims, result.acts, result.photos, result.left_out = (
            len(victim_rows), len(act_rows), photos, dict(sorted(skipped.items()))
        )  # fmt: skip
        disclose(
            conn,
            case.settings.actor,
            {"what": "public export", "to": "public", "use": "publish", "consents": relied,
             "victims": result.victims, "acts": result.acts, "photos": photos, "left_out": result.left_out},
        )  # fmt: skip
    return result


def _grounds(
    conn: Connection, claim_ids: set[int], att_labels: dict[int, str], consent_ok: dict[int, bool]
) -> dict[int, bool]:
    """Claim → whether one of its attestations may ground a publication: not rejected, its passage open,
    and its file not the testimony of a witness without publish consent."""
    out: dict[int, bool] = {}
    ordered = sorted(claim_ids)
    for start in range(0, len(ordered), 5000):
        for aid, cid, artifact_id, status in conn.execute(
            select(
                attestations.c.id, attestations.c.claim_id, attestations.c.artifact_id,
                attestations.c.review_status,
            )
            .where(attestations.c.claim_id.in_(ordered[start : start + 5000]))
        ):  # fmt: skip
            ok = (
                status != "rejected"
                and att_labels.get(int(aid), "sealed") in _OPEN
                and consent_ok.get(int(artifact_id), True)
            )
            out[int(cid)] = out.get(int(cid), False) or ok
    return out


def _acts(
    conn: Connection, labeller: Labeller, consent_ok: dict[int, bool], victims: set[int], skip: Any
) -> list[dict[str, Any]]:
    """Acts whose label is open, and whose evidence (claims about the act, `object_type` act) includes one
    publishable attestation when there is any evidence at all."""
    evidence: dict[int, list[int]] = {}
    for cid, act_id in conn.execute(
        select(claims.c.id, claims.c.object_id).where(
            claims.c.object_type == "act", claims.c.object_id.is_not(None)
        )
    ):
        evidence.setdefault(int(act_id), []).append(int(cid))
    claim_labels, att_labels = labeller.claim_and_attestation_labels(
        {c for cs in evidence.values() for c in cs}
    )
    grounds = _grounds(conn, set(claim_labels), att_labels, consent_ok)
    rows = []
    # a testimony's accepted act names its victim by the record: the victim is that record's person
    person_of_record: dict[int, int | None] = {
        int(r.id): r.person_id
        for r in conn.execute(
            select(person_records.c.id, person_records.c.person_id).where(
                person_records.c.id.in_(
                    select(acts.c.victim_record_id).where(acts.c.victim_record_id.is_not(None))
                )
            )
        )
    }
    for act in conn.execute(select(acts).order_by(acts.c.id)):
        victim = act.victim_person_id or person_of_record.get(act.victim_record_id)
        if act.sensitivity not in _OPEN:
            skip("restricted or sealed act")
            continue
        cited = evidence.get(int(act.id), [])
        if cited and not any(grounds.get(c) and claim_labels.get(c) in _OPEN for c in cited):
            skip("act resting only on withheld evidence")
            continue
        rows.append(
            {
                "act_id": int(act.id),
                "act_type": act.act_type,
                "victim_person_id": victim if victim in victims else None,
                "date_start": act.date_start.isoformat() if act.date_start else None,
                "date_end": act.date_end.isoformat() if act.date_end else None,
                "date_precision": act.date_precision,
            }
        )
    return rows


def _photos(
    conn: Connection, case: Case, labeller: Labeller, consent_ok: dict[int, bool], folder: Path, skip: Any
) -> int:
    rows = conn.execute(
        select(artifacts.c.id, artifacts.c.sha256, artifacts.c.media_type).where(
            artifacts.c.media_type.in_(sorted(IMAGE_TYPES))
        )
    ).all()
    labels = labeller.artifact_labels({int(r.id) for r in rows})
    written = 0
    for r in rows:
        if labels.get(int(r.id)) != "public" or not consent_ok.get(int(r.id), True):
            skip("photo not cleared for publication")
            continue
        clean = strip_image(case.blobs.get(r.sha256), r.media_type)
        if clean is None:
            skip("photo that could not be re-encoded without metadata")
            continue
        private_dir(folder)
        suffix = "jpg" if "jpeg" in r.media_type else r.media_type.split("/")[-1]
        write_private(folder / f"{int(r.id)}.{suffix}", clean)
        written += 1
    return written


def _write(folder: Path, name: str, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    write_private(folder / f"{name}.csv", csv_text(columns, ([row.get(c) for c in columns] for row in rows)))
    text = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_private(folder / f"{name}.json", text)


_README = """Public export from a Testament case.

victims.csv / victims.json: one row per victim, only fields cleared for publication (names in Latin and
Persian script, father's name, birth, sex, city, prison, affiliation, arrest and execution dates, burial
place, fate); several values for one field are separated by " | ".
acts.csv / acts.json: acts (type, victim, dates).
photos/: photos cleared for publication, re-encoded without any metadata (no GPS, author or camera).
Documents are not included.

CSV cells that a spreadsheet could run as a formula start with a ' (it is not part of the value).
"""
