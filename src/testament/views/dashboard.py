"""The dashboard: how much the case holds, the latest estimate of each method, and the triangulation of
three kinds of evidence per prison and week: deaths documented in the lists (persons with an execution
date), the counts witnesses reported (`reported_count` claims from testimonies: prisoners tapped their
tallies through the walls, and their counts are evidence too) and the estimates.

    from testament.views import dashboard, triangulation_claims
    board = dashboard(case, viewer)                       # counts, estimates, rows per prison and week
    claims = triangulation_claims(case, viewer, "documented", "Evin", "1988-07-25")

Places are gazetteer names (`testament.names.place_name`), weeks start on Monday; a death dated only to a
month, a season or a year has no week and is counted in its prison's row "week not known". Every number is
counted over the claims the viewer may read, so it never singles out a protected person, and every cell
can be opened to the claims behind it."""

from __future__ import annotations

import datetime
import json
import threading
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select

from testament.errors import InputError
from testament.store.access import PROTECTED, Viewer
from testament.store.case import Case
from testament.store.schema import artifacts, attestations, custody_events, estimate_runs
from testament.views._common import WITHHELD_NOTICE, Reading, gated
from testament.views._facts import (
    ClaimLine,
    PersonFacts,
    claim_lines,
    person_facts,
    readable,
    readable_record_counts,
    story_context,
    week_of,
)

__all__ = [
    "UNKNOWN_PRISON",
    "CellKind",
    "Dashboard",
    "DocumentedDeath",
    "EstimateSummary",
    "PrisonTotal",
    "ReportedCount",
    "TriangulationClaims",
    "TriangulationRow",
    "dashboard",
    "documented_deaths",
    "reported_counts",
    "triangulation_claims",
]

CellKind = Literal["documented", "reported"]
UNKNOWN_PRISON = "prison not given"  # the row of deaths whose lists name no prison the gazetteer knows
# what a witness's count must count to stand beside deaths (not lashes, not graves)
_DEATHS = frozenset({"people", "executions", "bodies"})
_DEATH_FACTS = ("executed_on", "held_at")  # what a documented death is read from


class EstimateSummary(BaseModel):
    estimate_id: int
    created_at: str
    method: str
    model: str
    stratum: str | None = None
    estimate: float
    lower: float
    upper: float
    observed: int
    # the same method over other plausible linkages (None when not computed): the range of the point
    # estimates and the interval that combines linkage and model uncertainty
    linkage_min: float | None = None
    linkage_max: float | None = None
    linkage_lower: float | None = None
    linkage_upper: float | None = None


class TriangulationRow(BaseModel):
    """One prison and week: persons documented dead, and what witnesses reported for it."""

    prison: str
    week: str | None = None  # ISO date of the Monday; None: the date is less precise than a week
    documented: int
    reported: list[int]  # each witness's count (testimonies' `reported_count` claims), largest first
    reports: int  # how many counts were reported


class PrisonTotal(BaseModel):
    prison: str
    documented: int
    reported_max: int | None = None  # the largest count a witness reported for one of its weeks
    estimates: list[EstimateSummary]  # the latest per method for this prison as a stratum


class Dashboard(BaseModel):
    sources: int
    records: int
    persons: int
    claims_from_testimonies: int
    claims_reviewed: int
    reviewed_share: float | None = None  # reviewed / extracted (None: nothing extracted yet)
    estimates: list[EstimateSummary]  # the latest estimate of the whole case per method
    documented_total: int
    weeks: list[str]  # the weeks with any evidence, in order
    rows: list[TriangulationRow]
    prisons: list[PrisonTotal]
    prison: str | None = None  # the prison the dashboard is filtered to
    choices: list[str] = []  # every prison with evidence, to filter by
    withheld: bool = False
    notice: str | None = None


class TriangulationClaims(BaseModel):
    kind: CellKind
    prison: str
    week: str | None = None
    claims: list[ClaimLine]


def _estimates(reading: Reading) -> tuple[list[EstimateSummary], dict[str, list[EstimateSummary]]]:
    """The latest estimate per method for the whole case, and per stratum name (latest per method)."""
    rows = reading.conn.execute(select(estimate_runs).order_by(estimate_runs.c.id.desc())).all()
    overall: dict[str, EstimateSummary] = {}
    strata: dict[str, dict[str, EstimateSummary]] = {}
    for r in rows:
        linkage = _linkage(r.result)
        summary = EstimateSummary(
            estimate_id=r.id, created_at=r.created_at, method=r.method, model=r.model, stratum=r.stratum,
            estimate=r.estimate, lower=r.lower, upper=r.upper, observed=r.observed, **linkage,
        )  # fmt: skip
        if r.stratum is None:
            overall.setdefault(str(r.method), summary)
        else:
            strata.setdefault(str(r.stratum), {}).setdefault(str(r.method), summary)
    ordered = sorted(overall.values(), key=lambda s: s.method)
    return ordered, {k: sorted(v.values(), key=lambda s: s.method) for k, v in strata.items()}


def _linkage(result: str | None) -> dict[str, float | None]:
    try:
        found = (json.loads(result) if result else {}).get("linkage") or {}
    except (ValueError, AttributeError):
        found = {}
    if not isinstance(found, dict):
        found = {}

    def number(key: str) -> float | None:
        value = found.get(key)
        return float(value) if isinstance(value, int | float) else None

    return {
        "linkage_min": number("min"),
        "linkage_max": number("max"),
        "linkage_lower": number("lower"),
        "linkage_upper": number("upper"),
    }


_Key = tuple[str, str | None]  # (prison, week)


class DocumentedDeath(BaseModel):
    """A person the lists document as executed: the prison most of their records give (a gazetteer name)
    and the week of their most precise execution date (None: not dated to a week)."""

    person_id: int | None = None  # None: a record not linked to a person yet
    record_ids: list[int]
    prison: str  # UNKNOWN_PRISON when no record names a prison the gazetteer knows
    week: str | None = None  # the Monday, ISO
    claim_ids: list[int]  # the execution date and the prison claims behind it


class ReportedCount(BaseModel):
    """A count of the dead a witness reported in a testimony, at the prison and date its story is at."""

    claim_id: int
    value: int
    artifact_id: int  # the text the count is read from
    prison: str
    week: str | None = None
    category: str | None = None  # people, executions, bodies


def _documented(people: dict[int, PersonFacts]) -> list[DocumentedDeath]:
    out = []
    for person in people.values():
        dated = person.dated("executed_on")
        if dated is None and not person.of("executed_on"):
            continue
        prison, prison_claims = person.place("held_at", "prison")
        week = week_of(dated.date_start, dated.date_end) if dated is not None else None
        behind = [dated.claim_id] if dated is not None else [f.claim_id for f in person.of("executed_on")]
        out.append(
            DocumentedDeath(
                person_id=person.person_id, record_ids=sorted({f.record_id for f in person.facts}),
                prison=prison or UNKNOWN_PRISON, week=week.isoformat() if week else None,
                claim_ids=[*behind, *prison_claims],
            )
        )  # fmt: skip
    return out


def _reported(reading: Reading) -> list[ReportedCount]:
    out = []
    for count in story_context(reading, "reported_count"):
        if count.category not in _DEATHS:
            continue
        try:
            value = int(str(count.value))
        except (TypeError, ValueError):
            continue
        week = week_of(count.date_start, count.date_end)
        out.append(
            ReportedCount(
                claim_id=count.claim_id, value=value, artifact_id=count.artifact_id,
                prison=count.prison or UNKNOWN_PRISON, week=week.isoformat() if week else None,
                category=count.category,
            )
        )  # fmt: skip
    return out


def documented_deaths(case: Case, viewer: Viewer) -> list[DocumentedDeath]:
    """Every person the lists document as executed that the viewer may read, with prison and week."""
    with gated(case, viewer, "documented_deaths") as reading:
        return _documented(person_facts(reading, _DEATH_FACTS))


def reported_counts(case: Case, viewer: Viewer) -> list[ReportedCount]:
    """Every count of the dead witnesses reported (not rejected, readable), with prison and week."""
    with gated(case, viewer, "reported_counts") as reading:
        return _reported(reading)


def _cells(reading: Reading) -> tuple[dict[_Key, list[int]], dict[_Key, list[tuple[int, int]]], int]:
    """(prison, week) → the claims behind each documented death (its execution date and prison claims, -1
    after each person's), (prison, week) → (count, claim id) of each witness's count, and the number of
    persons documented."""
    documented: dict[_Key, list[int]] = {}
    deaths = _documented(person_facts(reading, _DEATH_FACTS))
    for death in deaths:
        documented.setdefault((death.prison, death.week), []).extend([*death.claim_ids, -1])
    reported: dict[_Key, list[tuple[int, int]]] = {}
    for count in _reported(reading):
        reported.setdefault((count.prison, count.week), []).append((count.value, count.claim_id))
    return documented, reported, len(deaths)


@dataclass(frozen=True)
class _Figures:
    """What the dashboard reads from the whole case for one clearance (the slow part: every claim)."""

    documented: dict[_Key, list[int]]
    deaths: dict[_Key, int]  # persons documented dead per cell (counted once, not on every request)
    reported: dict[_Key, list[tuple[int, int]]]
    total: int
    records: int
    persons: int
    sources: int
    extracted: int
    reviewed: int
    overall: list[EstimateSummary]
    strata: dict[str, list[EstimateSummary]]
    withheld: bool


# (case folder, readable labels, last custody event) → figures. Every change to a case's facts is a custody
# event, so a new event is a new key; a role that may read protected fields is never served from here,
# because each of its readings must be logged (`disclosed`) as it happens.
_CACHE: dict[tuple[str, frozenset[str], int], _Figures] = {}
_CACHE_SIZE = 8
_FILLING = threading.Lock()


def _figures(case: Case, reading: Reading) -> _Figures:
    labels = reading.gate.labels
    if labels & PROTECTED:
        return _compute(reading)
    head = reading.conn.execute(select(func.max(custody_events.c.seq))).scalar() or 0
    key = (str(case.path), frozenset(labels), int(head))
    with _FILLING:  # one request reads the case; those arriving meanwhile wait for its figures
        figures = _CACHE.get(key)
        if figures is None:
            figures = _compute(reading)
            while len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = figures
    if figures.withheld:
        reading.gate.withheld += 1
    return figures


def _compute(reading: Reading) -> _Figures:
    documented, reported, total = _cells(reading)
    records, persons = readable_record_counts(reading)  # unlinked: a person of its own
    return _Figures(
        documented=documented,
        deaths={key: ids.count(-1) for key, ids in documented.items()},
        reported=reported,
        total=total,
        records=records,
        persons=persons,
        sources=_sources(reading),
        extracted=(counts := _reviewed(reading))[0],
        reviewed=counts[1],
        overall=(estimates := _estimates(reading))[0],
        strata=estimates[1],
        withheld=reading.gate.withheld > 0,
    )


def dashboard(case: Case, viewer: Viewer, *, prison: str | None = None) -> Dashboard:
    """The dashboard for `viewer`: counts of what they may see, the latest estimates, and documented deaths
    beside witnesses' counts per prison and week (all prisons, or the one named, a gazetteer name)."""
    with gated(case, viewer, "dashboard") as reading:
        data = _figures(case, reading)
        documented, reported, total = data.documented, data.reported, data.total
        sources, extracted, reviewed = data.sources, data.extracted, data.reviewed
        overall, strata, withheld = data.overall, data.strata, data.withheld
    keys = set(documented) | set(reported)
    choices = sorted({k[0] for k in keys}, key=lambda p: (p == UNKNOWN_PRISON, p))
    if prison is not None:
        keys = {k for k in keys if k[0] == prison}
    rows = [
        TriangulationRow(
            prison=p, week=w, documented=data.deaths.get((p, w), 0),
            reported=sorted((v for v, _ in reported.get((p, w), [])), reverse=True),
            reports=len(reported.get((p, w), [])),
        )
        for p, w in sorted(keys, key=lambda k: (k[0] == UNKNOWN_PRISON, k[0], k[1] is None, k[1] or ""))
    ]  # fmt: skip
    totals: dict[str, PrisonTotal] = {}
    for row in rows:
        t = totals.setdefault(row.prison, PrisonTotal(prison=row.prison, documented=0, estimates=[]))
        t.documented += row.documented
        if row.reported:
            t.reported_max = max(t.reported_max or 0, row.reported[0])
    for name, t in totals.items():
        t.estimates = strata.get(name, [])
    return Dashboard(
        sources=sources,
        records=data.records,
        persons=data.persons,
        claims_from_testimonies=extracted,
        claims_reviewed=reviewed,
        reviewed_share=(reviewed / extracted) if extracted else None,
        estimates=overall,
        documented_total=total if prison is None else sum(t.documented for t in totals.values()),
        weeks=sorted({w for _, w in keys if w is not None}),
        rows=rows,
        prisons=sorted(totals.values(), key=lambda t: (t.prison == UNKNOWN_PRISON, t.prison)),
        prison=prison,
        choices=choices,
        withheld=withheld,
        notice=WITHHELD_NOTICE if withheld else None,
    )


def _sources(reading: Reading) -> int:
    rows = reading.conn.execute(select(artifacts.c.id, artifacts.c.source_id)).all()
    labels = reading.labels.artifact_labels({int(r.id) for r in rows})
    return len({int(r.source_id) for r in rows if reading.gate.allows(labels[int(r.id)])})


def _reviewed(reading: Reading) -> tuple[int, int]:
    """(claims extracted from testimonies the viewer may read, how many of them a person reviewed)."""
    rows = reading.conn.execute(
        select(attestations.c.claim_id.label("id"), attestations.c.review_status).where(
            attestations.c.extractor.like("extract%")
        )
    ).all()
    shown = readable(reading, rows)
    status: dict[int, bool] = {}
    for r in shown:
        status[int(r.id)] = status.get(int(r.id), False) or str(r.review_status) != "proposed"
    return len(status), sum(status.values())


def triangulation_claims(
    case: Case, viewer: Viewer, kind: str, prison: str, week: str | None
) -> TriangulationClaims:
    """The claims behind one cell of the dashboard's table: the execution dates and prisons of the persons
    documented dead there (`documented`), or the witnesses' counts (`reported`). `week` is the Monday's ISO
    date, or None/"" for the row of deaths not dated to a week."""
    if kind not in ("documented", "reported"):
        raise InputError("kind: expected documented or reported", hint="open a cell of the dashboard")
    week = week or None
    if week is not None:
        try:
            datetime.date.fromisoformat(week)
        except ValueError:
            hint = "open a cell of the dashboard"
            raise InputError("week: expected an ISO date (YYYY-MM-DD)", hint=hint) from None
    with gated(case, viewer, "triangulation_claims") as reading:
        data = _figures(case, reading)
        documented, reported = data.documented, data.reported
        if kind == "documented":
            ids = [c for c in documented.get((prison, week), []) if c != -1]
        else:
            ids = [cid for _, cid in reported.get((prison, week), [])]
        lines = claim_lines(reading, ids)
    return TriangulationClaims(kind=kind, prison=prison, week=week, claims=lines)  # type: ignore[arg-type]
