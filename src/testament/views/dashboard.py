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
can be opened to the claims behind it.

The figures are kept per clearance until the case changes; after a change, figures that took long to count
are served (saying how old they are) while one background run counts the new ones (`_figures`)."""

from __future__ import annotations

import datetime
import json
import logging
import threading
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select

from testament.errors import InputError
from testament.names import place_name
from testament.store.access import Viewer, readable_labels
from testament.store.case import Case
from testament.store.schema import artifacts, attestations, custody_events, estimate_runs
from testament.views._common import WITHHELD_NOTICE, Reading, gated
from testament.views._facts import (
    ClaimLine,
    DatedClaim,
    PersonFacts,
    _day,
    claim_lines,
    person_facts,
    readable,
    readable_person_claims,
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
    "ReportedFigure",
    "TriangulationClaims",
    "TriangulationRow",
    "dashboard",
    "documented_deaths",
    "reported_counts",
    "triangulation_claims",
    "wait_for_refresh",
    "warm_dashboard",
]

CellKind = Literal["documented", "reported"]
UNKNOWN_PRISON = "prison not given"  # the row of deaths whose lists name no prison the gazetteer knows
# what a witness's count must count to stand beside deaths (not lashes, not graves)
_DEATHS = frozenset({"people", "executions", "bodies"})
_DEATH_FACTS = ("executed_on", "held_at")  # what a documented death is read from
# A vague quantity is stored as the annotation guide's value for it (`vague_en`/`vague_fa` in the extractor's
# lexicon): the value → the words it stands for, so the page says "thousands", not 2,000.
VAGUE_WORDS = {
    24: "dozens", 40: "scores", 200: "hundreds", 2000: "thousands", 20000: "tens of thousands",
    200000: "hundreds of thousands",
}  # fmt: skip
_RANGE_GAP = 9  # at most this many characters between a range's bounds (" and ", " to ", "-", " الی ")
_HEDGED_RANGE_GAP = 5  # "about 5-6", "حدود ۷۰۰ تا ۸۰۰": the second bound took the first's hedge


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


class ReportedFigure(BaseModel):
    """A witness's count as the text gives it: the number, how the text hedges it and how the speaker knows
    it. "more than 30,000" is `value` 30000 with `qualifier` more_than (a lower bound), "between 2,800 and
    3,800" is 2800 with `upper` 3800 (qualifier range), "thousands" is the conventional 2000 with qualifier
    vague and `vague` "thousands" (words, not a number: never compared as one)."""

    value: int  # the number read; a range's lower bound; a vague quantity's conventional value
    upper: int | None = None  # a range's upper bound (None: not a range, or its other bound is not readable)
    # exact, about, more_than, at_least, at_most (the guide's up_to), less_than, range, vague
    qualifier: str = "exact"
    vague: str | None = None  # a vague quantity's words (`VAGUE_WORDS`); None: not vague, or no such words
    # how the speaker knows it (`testament.extract.provenance`: first_hand, second_hand_named,
    # second_hand_unnamed, hearsay, belief, report) and whether that is first-hand; None: not stored
    provenance: str | None = None
    first_hand: bool | None = None

    @property
    def largest(self) -> int:
        """The largest number the figure reads as (a range's upper bound)."""
        return self.upper if self.upper is not None else self.value


class TriangulationRow(BaseModel):
    """One prison and week: persons documented dead, and what witnesses reported for it."""

    prison: str
    week: str | None = None  # ISO date of the Monday; None: the date is less precise than a week
    documented: int
    # each witness's count (testimonies' `reported_count` claims; a range's two bounds are one), with its
    # hedge, largest first
    reported: list[ReportedFigure]
    reports: int  # how many counts were reported


class PrisonTotal(BaseModel):
    prison: str
    documented: int
    # the largest count a witness gave as a number for one of its weeks, with its hedge ("more than 300"):
    # vague ones ("thousands") are words, not numbers, and never taken for it
    reported_max: ReportedFigure | None = None
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
    # the figures count the case up to this change (custody seq; 0: none) made at `as_of_time`; while
    # `updating`, `changes_pending` newer changes are being counted and a reload shows them
    as_of: int = 0
    as_of_time: str | None = None
    updating: bool = False
    changes_pending: int = 0


class TriangulationClaims(BaseModel):
    kind: CellKind
    prison: str
    week: str | None = None
    claims: list[ClaimLine]
    counts: list[ReportedFigure] = []  # kind reported: the witnesses' counts as the texts give them
    as_of: int = 0  # the figures the claims were read from (`Dashboard.as_of`)


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


class ReportedCount(ReportedFigure):
    """A count of the dead a witness reported in a testimony, at the prison and date its story is at, with
    its hedge (a range's two bounds, two claims, are one count)."""

    claim_id: int
    upper_claim_id: int | None = None  # a range's upper bound's claim
    artifact_id: int  # the text the count is read from
    prison: str
    week: str | None = None
    category: str | None = None  # people, executions, bodies

    @property
    def claim_ids(self) -> list[int]:
        return [self.claim_id] if self.upper_claim_id is None else [self.claim_id, self.upper_claim_id]


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
    out: list[ReportedCount] = []
    last: tuple[ReportedCount, int] | None = None  # the previous count and where its mention ends
    for count in story_context(reading, "reported_count"):  # in text order
        if count.category not in _DEATHS:
            continue
        try:
            value = int(str(count.value))
        except (TypeError, ValueError):
            continue
        qualifier = count.qualifier or "exact"
        if last is not None and _closes_range(last, count, value, qualifier):
            last[0].upper, last[0].upper_claim_id = value, count.claim_id
            last = None
            continue
        week = week_of(count.date_start, count.date_end)
        found = ReportedCount(
            claim_id=count.claim_id, value=value, artifact_id=count.artifact_id,
            prison=count.prison or UNKNOWN_PRISON, week=week.isoformat() if week else None,
            category=count.category, qualifier=qualifier,
            vague=VAGUE_WORDS.get(value) if qualifier == "vague" else None,
            provenance=count.provenance, first_hand=count.first_hand,
        )  # fmt: skip
        out.append(found)
        last = (found, count.char_end) if count.char_end is not None else None
    return out


def _closes_range(last: tuple[ReportedCount, int], count: DatedClaim, value: int, qualifier: str) -> bool:
    """Whether `count` is the upper bound of the range `last` opens: the extractor stores a range as two
    counts side by side with one qualifier, "range" ("between 2,800 and 3,800", "۷۰۰ الی ۸۰۰") or the hedge
    the first bound took ("about 5-6"), and the second larger. A count with a hedge of its own ("over 20,
    over 30") has its hedge's words between them, too far apart."""
    previous, end = last
    if previous.artifact_id != count.artifact_id or previous.upper is not None or value <= previous.value:
        return False
    if qualifier != previous.qualifier or qualifier in ("vague", "exact"):
        return False
    gap = count.char_start - end
    return 0 <= gap <= (_RANGE_GAP if qualifier == "range" else _HEDGED_RANGE_GAP)


def documented_deaths(case: Case, viewer: Viewer) -> list[DocumentedDeath]:
    """Every person the lists document as executed that the viewer may read, with prison and week."""
    with gated(case, viewer, "documented_deaths") as reading:
        return _documented(person_facts(reading, _DEATH_FACTS))


def reported_counts(case: Case, viewer: Viewer) -> list[ReportedCount]:
    """Every count of the dead witnesses reported (not rejected, readable), with prison and week."""
    with gated(case, viewer, "reported_counts") as reading:
        return _reported(reading)


def _cells(reading: Reading) -> tuple[dict[_Key, list[int]], dict[_Key, list[ReportedCount]], int]:
    """(prison, week) → the claims behind each documented death (its execution date and prison claims, -1
    after each person's), (prison, week) → each witness's count, and the number of persons documented."""
    documented, total = _death_cells(reading)
    reported: dict[_Key, list[ReportedCount]] = {}
    for count in _reported(reading):
        reported.setdefault((count.prison, count.week), []).append(count)
    return documented, reported, total


def _death_cells(reading: Reading) -> tuple[dict[_Key, list[int]], int]:
    """What `_documented(person_facts(...))` gives, per cell, read from plain tuples in one pass: the
    dashboard reads every execution date and prison of the case, and at a million records the objects
    per claim were most of its time. A spelling of a prison is put to the gazetteer once, an interval's
    week is found once. Persons come in the order `person_facts` gives them (by their first claim)."""
    first: dict[int, int] = {}  # person key → smallest claim id
    executed: defaultdict[int, list[int]] = defaultdict(list)  # person key → execution date claims
    narrowest: dict[int, tuple[int, datetime.date, int, datetime.date]] = {}  # (days, start, claim, end)
    named: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str | None] = {}  # a spelling → the prison's gazetteer name
    spans: dict[tuple[object, object], tuple[int, datetime.date, datetime.date]] = {}  # (days, start, end)
    for cid, rid, pid, predicate, value, start, end in readable_person_claims(
        reading, _DEATH_FACTS, detail=False
    ):
        key = pid if pid is not None else -rid
        if key not in first or cid < first[key]:
            first[key] = cid
        if predicate == "executed_on":
            executed[key].append(cid)
            if start is not None and end is not None:
                span = spans.get((start, end))
                if span is None:
                    span = spans[(start, end)] = _interval(start, end)
                found = (span[0], span[1], cid, span[2])
                if key not in narrowest or found < narrowest[key]:
                    narrowest[key] = found
        elif value:
            if value in names:
                name = names[value]
            else:
                name = names[value] = place_name(str(value), "prison")
            if name:
                named[key][name].append(cid)
    weeks: dict[tuple[datetime.date, datetime.date], str | None] = {}
    documented: dict[_Key, list[int]] = {}
    for key in sorted(executed, key=first.__getitem__):
        dated = narrowest.get(key)
        week = None
        if dated is not None:
            interval = (dated[1], dated[3])
            if interval not in weeks:
                monday = week_of(*interval)
                weeks[interval] = monday.isoformat() if monday else None
            week = weeks[interval]
        behind = [dated[2]] if dated is not None else sorted(executed[key])
        places = named.get(key)
        prison, prison_claims = UNKNOWN_PRISON, []
        if places:
            prison = min(places, key=lambda n: (-len(places[n]), n))
            prison_claims = sorted(places[prison])
        documented.setdefault((prison, week), []).extend([*behind, *prison_claims, -1])
    return documented, len(executed)


def _interval(start: object, end: object) -> tuple[int, datetime.date, datetime.date]:
    """(days, first day, last day) of a dated claim's interval (both dates given)."""
    first, last = _day(start), _day(end)
    assert first is not None and last is not None
    return (last - first).days, first, last


@dataclass(frozen=True)
class _Figures:
    """What the dashboard reads from the whole case for one clearance (the slow part: every claim)."""

    documented: dict[_Key, array[int]]  # claim ids (an array: a million records hold millions of them)
    deaths: dict[_Key, int]  # persons documented dead per cell (counted once, not on every request)
    reported: dict[_Key, list[ReportedCount]]
    total: int
    records: int
    persons: int
    sources: int
    extracted: int
    reviewed: int
    overall: list[EstimateSummary]
    strata: dict[str, list[EstimateSummary]]
    withheld: bool
    seq: int  # the last change (custody event) they count
    at: str | None  # when it was made
    seconds: float  # how long they took to count


@dataclass(frozen=True)
class _Served:
    figures: _Figures
    newer: int = 0  # changes made since the figures' (0: up to date)
    updating: bool = False  # newer figures are being counted


# Events that only read the case: they change no figure, so they do not make the kept ones old.
_READS = ("disclosed", "read", "verified", "exported")
# Figures that took longer than this to count are, once the case changes, served as they were while newer
# ones are counted in the background (one run at a time per case and clearance); quicker ones are counted
# again at once, so on a small case a change shows on the next page.
STALE_AFTER_S = 1.0

_Base = tuple[str, frozenset[str]]  # (case folder, readable labels)
# (case folder, readable labels, last change) → figures. Every change to a case's facts is a custody event,
# so a new event is a new key. Figures are counts and claim ids (a witness's count with its hedge and how the
# speaker knew it, from claims the clearance reads), never a name or a text, so they disclose
# nothing and are kept for every clearance, protected ones too (each apart: the key holds the labels); the
# claims behind a cell are put to the gate, and logged as `disclosed`, when a cell is opened. Per clearance
# the newest figures and the ones before them are kept (a page drawn from those can still open its cells,
# `triangulation_claims`).
_CACHE: dict[tuple[str, frozenset[str], int], _Figures] = {}
_CACHE_SIZE = 8
_STATE = threading.Lock()  # guards the dicts here (held for lookups only, never while counting)
_FILLING: dict[_Base, threading.Lock] = {}  # one count at a time per case and clearance
_REFRESHING: dict[_Base, threading.Thread] = {}
_RUNS = 0  # background runs started (the tests count them)
_log = logging.getLogger("testament.views")


def _head(reading: Reading) -> tuple[int, str | None]:
    """The last change to the case: (custody seq, when), (0, None) for none."""
    row = reading.conn.execute(
        select(custody_events.c.seq, custody_events.c.occurred_at)
        .where(custody_events.c.event_type.not_in(_READS))
        .order_by(custody_events.c.seq.desc())
        .limit(1)
    ).first()
    return (int(row.seq), str(row.occurred_at)) if row is not None else (0, None)


def _newer(reading: Reading, seq: int) -> int:
    """How many changes were made after `seq`."""
    return int(
        reading.conn.execute(
            select(func.count()).where(custody_events.c.seq > seq, custody_events.c.event_type.not_in(_READS))
        ).scalar()
        or 0
    )


def _figures(case: Case, viewer: Viewer, reading: Reading, *, as_of: int | None = None) -> _Served:
    """The figures for the viewer's clearance: kept ones when they count the last change, else (counting
    took long) the kept older ones while a background run counts the new, else counted now. `as_of`: the
    figures of that change if still kept (the cells of a page drawn from them)."""
    head, at = _head(reading)
    labels = reading.gate.labels
    base: _Base = (str(case.path), frozenset(labels))
    updating = False
    with _STATE:
        figures = _CACHE.get((*base, as_of)) if as_of is not None else None
        figures = figures or _CACHE.get((*base, head))
        older = None if figures is not None else _latest(base)
    if older is not None and older.seconds >= STALE_AFTER_S and not _consent_since(reading, older.seq):
        figures = older
        with _STATE:
            updating = _start_refresh(case, viewer, base)
    if figures is None:
        with _filling(base):  # one request counts; those arriving meanwhile wait for its figures
            figures = _CACHE.get((*base, head))
            if figures is None:
                figures = _compute(reading, head, at)
                _keep(base, figures)
    if figures.withheld:
        reading.gate.withheld += 1
    if figures.seq >= head:  # (newer than this reading's snapshot: counted meanwhile by another request)
        return _Served(figures)
    return _Served(figures, newer=_newer(reading, figures.seq), updating=updating)


def _consent_since(reading: Reading, seq: int) -> bool:
    """Whether a witness's consent was recorded or withdrawn after `seq`: what the viewer may read changed
    by the witness's word, which takes effect on the next page, never after a background run."""
    found = reading.conn.execute(
        select(custody_events.c.seq)
        .where(custody_events.c.seq > seq, custody_events.c.event_type == "consent")
        .limit(1)
    ).first()
    return found is not None


def _latest(base: _Base) -> _Figures | None:
    kept = [f for (path, labels, _), f in _CACHE.items() if (path, labels) == base]
    return max(kept, key=lambda f: f.seq, default=None)


def _filling(base: _Base) -> threading.Lock:
    with _STATE:
        return _FILLING.setdefault(base, threading.Lock())


def _keep(base: _Base, figures: _Figures) -> None:
    with _STATE:
        _CACHE[(*base, figures.seq)] = figures
        mine = sorted(seq for (path, labels, seq) in _CACHE if (path, labels) == base)
        for seq in mine[:-2]:  # the newest and the ones before them
            _CACHE.pop((*base, seq), None)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))


def _start_refresh(case: Case, viewer: Viewer, base: _Base) -> bool:
    """Start counting the figures anew in the background unless a run is under way (call holding
    `_STATE`). True: a run is under way."""
    global _RUNS
    running = _REFRESHING.get(base)
    if running is None or not running.is_alive():
        _RUNS += 1
        thread = threading.Thread(target=_refresh, args=(case, viewer, base), daemon=True)
        thread.name = "dashboard-refresh"
        _REFRESHING[base] = thread
        thread.start()
    return True


def _refresh(case: Case, viewer: Viewer, base: _Base) -> None:
    try:
        with gated(case, viewer, "dashboard", aggregates=True) as reading:
            head, at = _head(reading)
            with _filling(base):
                if (*base, head) not in _CACHE:
                    _keep(base, _compute(reading, head, at))
    except Exception as exc:  # the kept figures stay; the next request tries again
        _log.warning("dashboard figures not refreshed: %s", type(exc).__name__)
    finally:
        with _STATE:
            if _REFRESHING.get(base) is threading.current_thread():
                del _REFRESHING[base]


def warm_dashboard(case: Case) -> None:
    """Count, in one background thread, the figures of every clearance (viewer and analyst read the same
    labels), one after the other, so that after a server starts the first dashboard does not wait for a
    whole count: a request arriving meanwhile waits for the count of its clearance under way, or counts it
    itself if its turn has not come (the thread then finds it kept and goes on)."""
    global _RUNS
    clearances: dict[frozenset[str], str] = {}
    for role in ("viewer", "analyst", "investigator", "admin"):
        clearances.setdefault(readable_labels(role), role)
    bases = {(str(case.path), labels): role for labels, role in clearances.items()}

    def run() -> None:
        for base, role in bases.items():
            _refresh(case, Viewer(None, case.settings.actor, role), base)

    thread = threading.Thread(target=run, daemon=True, name="dashboard-warm")
    with _STATE:
        _RUNS += len(bases)
        for base in bases:
            _REFRESHING.setdefault(base, thread)
        thread.start()


def wait_for_refresh(timeout: float | None = None) -> None:
    """Wait for the background runs under way (tests and benchmarks)."""
    with _STATE:
        running = list(_REFRESHING.values())
    for thread in running:
        thread.join(timeout)


def _compute(reading: Reading, seq: int, at: str | None) -> _Figures:
    started = time.perf_counter()
    documented, reported, total = _cells(reading)
    records, persons = readable_record_counts(reading)  # unlinked: a person of its own
    return _Figures(
        documented={key: array("q", ids) for key, ids in documented.items()},
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
        seq=seq,
        at=at,
        seconds=time.perf_counter() - started,
    )


def dashboard(
    case: Case, viewer: Viewer, *, prison: str | None = None, as_of: int | None = None
) -> Dashboard:
    """The dashboard for `viewer`: counts of what they may see, the latest estimates, and documented deaths
    beside witnesses' counts per prison and week (all prisons, or the one named, a gazetteer name).

    Counting a large case takes long (every execution date and prison of it), so the figures are kept per
    clearance until the case changes; after a change, figures that took long to count are served as they
    were, `updating` and `as_of` saying so, while newer ones are counted in the background (small cases
    are counted again at once); every clearance is kept apart, protected ones too. `as_of`: the
    figures of that change if they are still kept (the chart beside a page drawn from them)."""
    with gated(case, viewer, "dashboard", aggregates=True) as reading:
        served = _figures(case, viewer, reading, as_of=as_of)
        data = served.figures
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
            reported=_figures_of(reported.get((p, w), [])), reports=len(reported.get((p, w), [])),
        )
        for p, w in sorted(keys, key=lambda k: (k[0] == UNKNOWN_PRISON, k[0], k[1] is None, k[1] or ""))
    ]  # fmt: skip
    totals: dict[str, PrisonTotal] = {}
    for row in rows:
        t = totals.setdefault(row.prison, PrisonTotal(prison=row.prison, documented=0, estimates=[]))
        t.documented += row.documented
        numbers = [f for f in row.reported if f.qualifier != "vague"]
        if t.reported_max is not None:
            numbers.append(t.reported_max)
        # the largest reading; of equal ones the unhedged
        t.reported_max = max(numbers, key=lambda f: (f.largest, f.qualifier == "exact"), default=None)
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
        as_of=data.seq,
        as_of_time=data.at,
        updating=served.updating,
        changes_pending=served.newer,
    )


def _figures_of(counts: list[ReportedCount]) -> list[ReportedFigure]:
    """The counts as the page shows them (no claim, text or place: the cell opens those), largest first."""
    figures = [ReportedFigure(**c.model_dump(include=set(ReportedFigure.model_fields))) for c in counts]
    return sorted(figures, key=lambda f: (-f.largest, f.qualifier != "exact", f.value))


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
    case: Case, viewer: Viewer, kind: str, prison: str, week: str | None, *, as_of: int | None = None
) -> TriangulationClaims:
    """The claims behind one cell of the dashboard's table: the execution dates and prisons of the persons
    documented dead there (`documented`), or the witnesses' counts (`reported`). `week` is the Monday's ISO
    date, or None/"" for the row of deaths not dated to a week.

    The claims come from the same figures as the number in the cell: those of `as_of` (the page's
    `Dashboard.as_of`) while they are kept, else the ones the dashboard serves now (possibly older ones
    while newer are counted: never a wait). Each claim is put to the gate again as it is listed, so a claim
    closed since the figures were counted is not shown."""
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
        data = _figures(case, viewer, reading, as_of=as_of).figures
        documented, reported = data.documented, data.reported
        counts: list[ReportedCount] = []
        if kind == "documented":
            ids = [c for c in documented.get((prison, week), []) if c != -1]
        else:
            counts = reported.get((prison, week), [])
            ids = [cid for c in counts for cid in c.claim_ids]
        lines = claim_lines(reading, ids)
    shown = {line.claim_id for line in lines}  # a claim closed since the figures were counted is left out
    figures = _figures_of([c for c in counts if set(c.claim_ids) <= shown])
    cell: CellKind = "documented" if kind == "documented" else "reported"
    return TriangulationClaims(
        kind=cell, prison=prison, week=week, claims=lines, counts=figures, as_of=data.seq
    )
