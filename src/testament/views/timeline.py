"""The timeline of acts: executions and arrests the lists date, and the acts testimonies tell (executions,
transfers, hearings, floggings), each at the precision its source gives. A day is a day; a month, a season
or a year is a band from its first to its last day, never a day within it.

    from testament.views import timeline
    line = timeline(case, viewer, prison="Evin", affiliation=None, city=None, person_id=None)

Filters use the gazetteer's names for prisons and cities (`testament.names`) and organisation keys for
affiliations, so every spelling of one place or party filters together. A person the viewer may not see
filters to nothing, exactly like a person who does not exist."""

from __future__ import annotations

import datetime
from collections import Counter

from pydantic import BaseModel
from sqlalchemy import select

from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.schema import person_records
from testament.views._common import WITHHELD_NOTICE, gated
from testament.views._facts import PersonFacts, person_facts, place_kind, story_context

__all__ = ["Choice", "Timeline", "TimelineEntry", "timeline"]

_LIST_ACTS = {"executed_on": "execution", "arrested_on": "arrest"}
_PREDICATES = ("executed_on", "arrested_on", "held_at", "resided_in", "member_of", "name")


class TimelineEntry(BaseModel):
    act: str  # execution, arrest, transfer, hearing, flogging, ...
    date_start: str  # ISO dates, inclusive
    date_end: str
    precision: str | None = None  # day, month, season, year, range, either
    date_original: str | None = None  # as the source wrote it
    is_day: bool  # one day (a point), else a band
    person_id: int | None = None
    person_name: str | None = None
    prison: str | None = None
    city: str | None = None
    affiliation: str | None = None
    claim_id: int  # the claim that dates it (opens at its citation)
    origin: str  # list or testimony


class Choice(BaseModel):
    value: str
    label: str


class Timeline(BaseModel):
    entries: list[TimelineEntry]
    prisons: list[str]
    cities: list[str]
    affiliations: list[Choice]
    start: str | None = None
    end: str | None = None
    withheld: bool = False
    notice: str | None = None


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _list_entries(persons: dict[int, PersonFacts]) -> tuple[list[TimelineEntry], dict[str, str]]:
    entries: list[TimelineEntry] = []
    spellings: dict[str, Counter[str]] = {}
    for person in persons.values():
        prison, _ = person.place("held_at", "prison")
        city, _ = person.place("resided_in", "city")
        affiliation, spelled = person.affiliation()
        if affiliation and spelled:
            spellings.setdefault(affiliation, Counter())[spelled] += 1
        names = person.of("name")
        name = names[0].value if names else None
        for predicate, act in _LIST_ACTS.items():
            fact = person.dated(predicate)
            if fact is None or fact.date_start is None or fact.date_end is None:
                continue
            entries.append(
                TimelineEntry(
                    act=act, date_start=_iso(fact.date_start), date_end=_iso(fact.date_end),
                    precision=fact.precision, date_original=fact.original,
                    is_day=fact.date_start == fact.date_end, person_id=person.person_id, person_name=name,
                    prison=prison, city=city, affiliation=affiliation, claim_id=fact.claim_id, origin="list",
                )
            )  # fmt: skip
    labels = {k: min(c, key=lambda s: (-c[s], s)) for k, c in spellings.items()}
    return entries, labels


def timeline(
    case: Case,
    viewer: Viewer,
    *,
    prison: str | None = None,
    city: str | None = None,
    affiliation: str | None = None,
    person_id: int | None = None,
) -> Timeline:
    """The dated acts the viewer may read, oldest first, filtered by prison and city (gazetteer names),
    affiliation (an organisation key) and person (a person id), and the values each filter offers."""
    with gated(case, viewer, "timeline") as reading:
        persons = person_facts(reading, _PREDICATES)
        entries, affiliation_labels = _list_entries(persons)
        told = story_context(reading, "act")
        records = {r for act in told for r in act.victims}
        person_of: dict[int, int | None] = {}
        if records:
            for rid, pid in reading.conn.execute(
                select(person_records.c.id, person_records.c.person_id).where(
                    person_records.c.id.in_(sorted(records))
                )
            ):
                person_of[int(rid)] = None if pid is None else int(pid)
        by_person = {p.person_id: p for p in persons.values() if p.person_id is not None}
        for act in told:
            if act.date_start is None or act.date_end is None or not act.value:
                continue
            victims = [person_of.get(r) for r in act.victims]
            victim = next((v for v in victims if v is not None and v in by_person), None)
            known = by_person.get(victim) if victim is not None else None
            names = known.of("name") if known is not None else []
            place_is_city = act.place is not None and place_kind(act.place) == "city"
            entries.append(
                TimelineEntry(
                    act=act.value, date_start=_iso(act.date_start), date_end=_iso(act.date_end),
                    precision=act.precision, date_original=act.original,
                    is_day=act.date_start == act.date_end, person_id=victim,
                    person_name=names[0].value if names else None, prison=act.prison,
                    city=act.place if place_is_city else None, claim_id=act.claim_id, origin="testimony",
                )
            )  # fmt: skip
        withheld = reading.gate.withheld > 0
    prisons = sorted({e.prison for e in entries if e.prison})
    cities = sorted({e.city for e in entries if e.city})
    offered = {e.affiliation for e in entries if e.affiliation}
    affiliations = [Choice(value=k, label=affiliation_labels.get(k, k)) for k in offered]
    affiliations.sort(key=lambda c: c.label.casefold())
    chosen = [
        e
        for e in entries
        if (prison is None or e.prison == prison)
        and (city is None or e.city == city)
        and (affiliation is None or e.affiliation == affiliation)
        and (person_id is None or e.person_id == person_id)
    ]
    chosen.sort(key=lambda e: (e.date_start, e.date_end, e.claim_id))
    return Timeline(
        entries=chosen,
        prisons=prisons,
        cities=cities,
        affiliations=affiliations,
        start=min((e.date_start for e in chosen), default=None),
        end=max((e.date_end for e in chosen), default=None),
        withheld=withheld,
        notice=WITHHELD_NOTICE if withheld else None,
    )
