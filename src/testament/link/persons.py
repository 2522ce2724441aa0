"""Reviewers' decisions on whole persons: merge persons into one, or split records off a person.

Both are stored as reviewer decisions on pairs of records (`decisions.py`), the one kind of human decision
every `link` run applies (`cluster.py`: "same" is a must-link, "different" a cannot-link):

- a merge writes "same" from the smallest record of the persons to each of their other records, so they
  stay one person whatever the model says at a later run;
- a split writes "different" between every record that leaves and every record that stays; the records
  that leave become one new person ("same" from the smallest to each other), or with `each` a person
  each ("different" between every two of them too). Records that stay and that reviewers had joined
  through a record that leaves (a merge's centre) get "same" decisions that keep them joined.

The newest decision on a pair counts, so the newest merge or split wins over earlier decisions on the same
records: a merge also writes "same" on every pair of its records a reviewer had called different, and a
split's "different" replaces every "same" across it. Pairs already decided that way are not written again.
Both change the persons at once, in the same transaction, and log one custody event (ids only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, select, update

from testament.errors import InputError
from testament.link.decisions import insert_decisions, latest_decisions
from testament.store.case import Case
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import person_records, persons

__all__ = ["PersonEdit", "merge_persons", "split_person"]

_Pair = tuple[int, int]
_PERSON_HINT = "take person ids from `testament export persons` or `testament link explain CASE PERSON`"


@dataclass(frozen=True)
class PersonEdit:
    """What a merge or a split did (ids and counts; no names)."""

    kind: str  # "merge" or "split"
    person_id: int  # the merged person, or the person that kept the records that stayed
    moved: list[int]  # the records whose person changed
    decisions: int  # reviewer pair decisions written
    replaced: int  # of those, how many reverse an earlier reviewer decision on the same pair
    new_persons: list[int] = field(default_factory=list)  # persons a split made

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "person_id": self.person_id,
            "new_persons": self.new_persons,
            "moved": self.moved,
            "decisions": self.decisions,
            "replaced": self.replaced,
        }


def _check_reviewer(reviewer: str) -> None:
    if not reviewer.strip():
        raise InputError("a decision needs a reviewer", hint="set TESTAMENT_ACTOR or name the reviewer")


def _members(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each person's records (sorted); an error naming every person that holds none."""
    rows = conn.execute(
        select(person_records.c.person_id, person_records.c.id)
        .where(person_records.c.person_id.in_(sorted(set(person_ids))))
        .order_by(person_records.c.id)
    ).all()
    members: dict[int, list[int]] = {p: [] for p in person_ids}
    for person, record in rows:
        members[int(person)].append(int(record))
    empty = [str(p) for p, records in members.items() if not records]
    if empty:
        raise InputError(f"no person {', '.join(empty)} in the current linkage", hint=_PERSON_HINT)
    return members


def _pair(x: int, y: int) -> _Pair:
    return (min(x, y), max(x, y))


def _together(records: Sequence[int], latest: dict[_Pair, bool]) -> dict[_Pair, bool]:
    """The decisions that make `records` one person: "same" from the first to each other, and "same"
    instead of every "different" among them."""
    inside = set(records)
    want = {_pair(records[0], r): True for r in records[1:]}
    want.update({p: True for p, same in latest.items() if not same and p[0] in inside and p[1] in inside})
    return want


def _components(records: Sequence[int], joined: Iterable[_Pair]) -> list[list[int]]:
    """`records` grouped by the `joined` pairs among them (each group sorted, groups by first record)."""
    parent = {r: r for r in records}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in joined:
        if x in parent and y in parent:
            parent[find(x)] = find(y)
    groups: dict[int, list[int]] = {}
    for r in sorted(records):
        groups.setdefault(find(r), []).append(r)
    return sorted(groups.values())


def _still_joined(held: Sequence[int], rest: Sequence[int], latest: dict[_Pair, bool]) -> dict[_Pair, bool]:
    """Decisions ("same") that keep together the records that stay which reviewers had joined through a
    record that leaves (a merge's "same" decisions all start from its smallest record)."""
    same = [p for p, s in latest.items() if s]
    kept = set(rest)
    want: dict[_Pair, bool] = {}
    for group in _components(held, same):
        parts = _components([r for r in group if r in kept], same)
        want.update({_pair(parts[0][0], part[0]): True for part in parts[1:]})
    return want


def _write(
    conn: Connection,
    want: dict[_Pair, bool],
    latest: dict[_Pair, bool],
    reviewer: str,
    reason: str | None,
    details: dict[str, Any],
    facts: FactWriter,
) -> tuple[int, int]:
    """Write the wanted decisions that the newest ones do not already say; (written, reversed)."""
    changed = sorted(p for p, same in want.items() if latest.get(p) != same)
    rows = [(a, b, want[(a, b)], reviewer, reason) for a, b in changed]
    reversed_ = sum(p in latest for p in changed)
    insert_decisions(conn, rows, details, actor=reviewer, action=details["kind"], facts=facts)
    return len(rows), reversed_


def _new_persons(conn: Connection, facts: FactWriter, like: int, count: int) -> list[int]:
    """`count` new persons of the same kind and sensitivity as person `like`."""
    if not count:
        return []
    kind, sensitivity = conn.execute(
        select(persons.c.kind, persons.c.sensitivity).where(persons.c.id == like)
    ).one()
    first = Ids(conn).take(persons, count)
    ids = list(range(first, first + count))
    facts.insert(persons, ("id", "kind", "sensitivity"), [(i, kind, sensitivity) for i in ids])
    return ids


def _move(conn: Connection, facts: FactWriter, records: Iterable[int], person_id: int) -> None:
    """Move records to a person; the event seals the whole assignment of persons again (as a link run)."""
    records = sorted(records)
    facts.written(person_records, records, column="person_id")
    conn.execute(update(person_records).where(person_records.c.id.in_(records)).values(person_id=person_id))


def merge_persons(
    case: Case, person_ids: Sequence[int], *, reviewer: str, reason: str | None = None
) -> PersonEdit:
    """Make the records of `person_ids` (two or more persons of the current linkage) one person, the
    first named keeping its id, now and at every later `link` run (see the module doc)."""
    wanted = list(dict.fromkeys(int(p) for p in person_ids))
    if len(wanted) < 2:
        raise InputError(
            f"a merge needs two different persons; got {', '.join(map(str, person_ids)) or 'none'}",
            hint="name the persons to merge, e.g. `testament review merge CASE 12 40`",
        )
    _check_reviewer(reviewer)
    with case.write() as conn:
        members = _members(conn, wanted)
        keep = wanted[0]
        records = sorted(r for held in members.values() for r in held)
        latest = {(d.a, d.b): d.same for d in latest_decisions(conn)}
        details = {"kind": "merge", "persons": wanted, "person": keep}
        facts = FactWriter(conn)
        moved = sorted(r for p, held in members.items() if p != keep for r in held)
        _move(conn, facts, moved, keep)
        written, reversed_ = _write(
            conn, _together(records, latest), latest, reviewer, reason, details, facts
        )
    return PersonEdit("merge", keep, moved, written, reversed_)


def split_person(
    case: Case,
    person_id: int,
    records: Sequence[int],
    *,
    each: bool = False,
    reviewer: str,
    reason: str | None = None,
) -> PersonEdit:
    """Take `records` out of person `person_id` of the current linkage: together they become one new
    person, or with `each` a new person each; the records that stay keep the id. With `each`, `records`
    may be all of the person's records (the smallest keeps the id). Kept at every later `link` run."""
    leaving = sorted(set(int(r) for r in records))
    if not leaving:
        raise InputError(
            f"person {person_id}: no records named to split off",
            hint="name the records that leave, e.g. --records 12,15",
        )
    _check_reviewer(reviewer)
    with case.write() as conn:
        held = _members(conn, [person_id])[person_id]
        strangers = sorted(set(leaving) - set(held))
        if strangers:
            raise InputError(
                f"record {', '.join(map(str, strangers))} is not a record of person {person_id}",
                hint=f"`testament link explain CASE {person_id}` lists its records",
            )
        rest = [r for r in held if r not in set(leaving)]
        if len(held) < 2 or not (rest or each):
            raise InputError(
                f"person {person_id}: the records named are all of its records, so none would leave",
                hint="name fewer records, or use --each to make each record a person of its own",
            )
        if not rest:  # each, and all of them: the smallest record keeps the person
            rest, leaving = leaving[:1], leaving[1:]
        latest = {(d.a, d.b): d.same for d in latest_decisions(conn)}
        want = _still_joined(held, rest, latest)
        want.update({_pair(x, y): False for x in leaving for y in rest})
        if each:
            want.update({_pair(x, y): False for x, y in combinations(leaving, 2)})
        else:
            want.update(_together(leaving, latest))
        facts = FactWriter(conn)
        made = _new_persons(conn, facts, person_id, len(leaving) if each else 1)
        details = {"kind": "split", "person": person_id, "new_persons": made, "records": leaving}
        if each:
            for record, person in zip(leaving, made, strict=True):
                _move(conn, facts, [record], person)
        else:
            _move(conn, facts, leaving, made[0])
        written, reversed_ = _write(conn, want, latest, reviewer, reason, details, facts)
    return PersonEdit("split", person_id, leaving, written, reversed_, made)
