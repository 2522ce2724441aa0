"""`testament export persons --wide`: one row per linked person, for R or a spreadsheet.

The record-per-row export (`testament.link.review.export_persons`, `source_file,row,person_id`) stays the
default: `testament estimate` and scripts read it as it is. This one is what a researcher opens: per person
the name in Persian and in Latin script (the spelling most of their records give first; every other
spelling, of either script, in `other_names`), father's name, sex, birth year, arrest and execution dates
(as written and as an ISO 8601 interval), prison, city and burial place (the gazetteer's name,
`testament.names.places`, so that "Rajaei Shahr" and "Gohardasht" are one prison), fate, the number of
records, the lists (`lists`, and one 0/1 column `list:TITLE` per list source, named by source title as a
case's estimate names them). Several values of one field are joined by " | ", most attested first.

It reads through the access gate (`testament.views._common.gated`) with the viewer's role: a record the
role may not see gives no row and no list mark (a person with none is left out), a claim above the role
leaves its cell empty, and list titles are scrubbed of withheld words. The owner's protected reads are logged
as one `disclosed` event (table, row, field). Every cell goes through `testament.tabular` (a cell starting
with = + - @ is written with a leading '), and `testament estimate` reads the `list:` columns back
(`testament.estimate.inputs`): same persons, same lists, so the same estimate as the case."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from testament.errors import InputError
from testament.estimate.inputs import WIDE_LIST_PREFIX
from testament.files import write_private
from testament.names.places import PlaceKind, place_name
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.schema import artifacts, claims, link_runs, person_records, sources
from testament.tabular import csv_text
from testament.text import script_of
from testament.views._common import gated, hide_case_terms

__all__ = ["WIDE_COLUMNS", "WideExport", "export_persons_wide"]

WIDE_COLUMNS = (
    "person_id",
    "name_persian",
    "name_latin",
    "other_names",
    "father_name",
    "sex",
    "born",
    "arrested",
    "arrested_iso",
    "executed",
    "executed_iso",
    "prison",
    "city",
    "burial_place",
    "fate",
    "records",
    "lists",
)  # then one `list:TITLE` column per list
# predicate → column, for the fields whose values are counted and written as they are (or as places)
_PLAIN = {"father_name": "father_name", "sex": "sex", "fate": "fate"}
_PLACES: dict[str, tuple[str, PlaceKind]] = {
    "held_at": ("prison", "prison"),
    "resided_in": ("city", "city"),
    "buried_at": ("burial_place", "burial"),
}
_DATES = {"arrested_on": "arrested", "executed_on": "executed"}
_NAMES = ("name", "given_name", "surname")
_PAIR = "\x00"  # joins a date as written to its interval while they are counted
_PREDICATES = (*_NAMES, *_PLAIN, *_PLACES, *_DATES, "born")


@dataclass(frozen=True)
class WideExport:
    """What was written: persons (rows), the lists (columns) and how many fields or records were withheld."""

    persons: int
    lists: list[str]
    withheld: int


class _Person:
    """A person's values per column, each counted once per record (or person) that gives it."""

    def __init__(self) -> None:
        self.records = 0
        self.lists: set[str] = set()
        self.values: dict[str, Counter[str]] = defaultdict(Counter)
        self.order: dict[str, dict[str, int]] = defaultdict(dict)  # first seen, to break ties

    def add(self, column: str, value: str) -> None:
        if not value:
            return
        self.values[column][value] += 1
        self.order[column].setdefault(value, len(self.order[column]))

    def ranked(self, column: str) -> list[str]:
        counts, order = self.values.get(column, Counter()), self.order.get(column, {})
        return sorted(counts, key=lambda v: (-counts[v], order[v]))

    def joined(self, column: str) -> str:
        return " | ".join(self.ranked(column))


def _born(row: Any) -> str:
    """A birth year: the year of the claim's interval ("1340" is 1961-03-21/1962-03-20: 1961/1962)."""
    if row.date_start is None:
        return str(row.value or "")
    first, last = row.date_start.year, (row.date_end or row.date_start).year
    return str(first) if first == last else f"{first}/{last}"


def export_persons_wide(case: Case, viewer: Viewer, out: Path) -> WideExport:
    """Write `out` (CSV, mode 0600): one row per person the viewer may see (see the module docstring)."""
    with gated(case, viewer, "export_persons") as reading:
        conn, gate = reading.conn, reading.gate
        if conn.execute(select(link_runs.c.id).limit(1)).first() is None:
            raise InputError("this case has not been linked yet", hint="run `testament link CASE` first")
        hide_case_terms(reading)
        records = conn.execute(
            select(
                person_records.c.id, person_records.c.person_id, person_records.c.artifact_id,
                sources.c.kind, sources.c.title,
            )
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(person_records.c.person_id.is_not(None))
            .order_by(person_records.c.id)
        ).all()  # fmt: skip
        labels = reading.labels.record_labels({int(r.id) for r in records})
        files = reading.labels.artifact_labels({int(r.artifact_id) for r in records})
        people: dict[int, _Person] = {}
        owner: dict[int, int] = {}  # visible record → person
        for r in records:
            rid = int(r.id)
            if not (
                gate.allows(files[int(r.artifact_id)])
                and gate.see("person_records", rid, "person_id", labels[rid])
            ):
                continue
            person = people.setdefault(int(r.person_id), _Person())
            person.records += 1
            owner[rid] = int(r.person_id)
            if r.kind == "list":
                person.lists.add(str(r.title))
        rows = _claims(conn, owner, set(people))
        claim_labels = reading.labels.claim_labels({int(c.id) for c in rows})
        parts: dict[int, dict[str, str]] = defaultdict(dict)  # record → its given name and surname
        for c in rows:
            pid = owner[int(c.subject_id)] if c.subject_type == "person_record" else int(c.subject_id)
            if not c.value or not gate.see(
                "claims", int(c.id), "value", claim_labels.get(int(c.id), "sealed")
            ):
                continue
            person, value = people[pid], str(c.value)
            if c.predicate in ("given_name", "surname"):
                parts[int(c.subject_id) if c.subject_type == "person_record" else -pid].setdefault(
                    c.predicate, value
                )
            elif c.predicate == "name":
                person.add("name", value)
            elif c.predicate in _PLAIN:
                person.add(_PLAIN[c.predicate], value)
            elif c.predicate in _PLACES:
                column, kind = _PLACES[c.predicate]
                person.add(column, place_name(value, kind) or value)
            elif c.predicate in _DATES:  # as written and its interval, kept side by side
                iso = (
                    f"{c.date_start.isoformat()}/{(c.date_end or c.date_start).isoformat()}"
                    if c.date_start is not None
                    else ""
                )
                person.add(_DATES[c.predicate], f"{c.date_original or value}{_PAIR}{iso}")
            elif c.predicate == "born":
                person.add("born", _born(c))
        for key, held in parts.items():
            pid = owner[key] if key > 0 else -key
            people[pid].add("name", " ".join(held[p] for p in ("given_name", "surname") if p in held))
        titles = sorted({t for p in people.values() for t in p.lists})
        shown_titles = [gate.scrub(t) for t in titles]
        table = [_row(pid, people[pid], titles) for pid in sorted(people)]
        header = [*WIDE_COLUMNS, *(WIDE_LIST_PREFIX + t for t in shown_titles)]
        write_private(out, csv_text(header, table))
        withheld = gate.withheld + sum(t != s for t, s in zip(titles, shown_titles, strict=True))
    return WideExport(len(table), shown_titles, withheld)


def _claims(conn: Any, owner: dict[int, int], persons: set[int]) -> list[Any]:
    """The claims of the fields written, about the visible records and their persons."""
    found: list[Any] = []
    for subject_type, ids in (("person_record", sorted(owner)), ("person", sorted(persons))):
        for start in range(0, len(ids), 5000):
            found += conn.execute(
                select(
                    claims.c.id, claims.c.subject_type, claims.c.subject_id, claims.c.predicate,
                    claims.c.value, claims.c.date_start, claims.c.date_end, claims.c.date_original,
                ).where(
                    claims.c.subject_type == subject_type,
                    claims.c.subject_id.in_(ids[start : start + 5000]),
                    claims.c.predicate.in_(_PREDICATES),
                    claims.c.stance != "denies",
                )
            ).all()  # fmt: skip
    return sorted(found, key=lambda c: int(c.id))


def _row(pid: int, person: _Person, titles: list[str]) -> list[object]:
    names = person.ranked("name")
    persian = [n for n in names if script_of(n) == "fa"]
    latin = [n for n in names if script_of(n) != "fa"]
    first = [n[0] for n in (persian, latin) if n]
    values: dict[str, object] = {c: person.joined(c) for c in WIDE_COLUMNS}
    for column in _DATES.values():  # the n-th interval is the n-th date's
        pairs = [v.split(_PAIR) for v in person.ranked(column)]
        values[column] = " | ".join(written for written, _ in pairs)
        values[f"{column}_iso"] = " | ".join(iso for _, iso in pairs)
    values.update(
        person_id=pid,
        name_persian=persian[0] if persian else "",
        name_latin=latin[0] if latin else "",
        other_names=" | ".join(n for n in names if n not in first),
        records=person.records,
        lists=" | ".join(t for t in titles if t in person.lists),
    )
    return [values[c] for c in WIDE_COLUMNS] + [int(t in person.lists) for t in titles]
