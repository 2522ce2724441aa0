"""The timeline against the synthetic truth: each execution a list dates to the day is on the day the truth
gives, a date known only to a month is a band over that month (never a day in it), entries run oldest first,
and the filters (prison, city, affiliation, person) keep exactly the entries that match."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from testament.store.access import Viewer
from testament.store.case import Case
from testament.synthetic import read_truth
from testament.views import timeline
from tests.views._synthetic import build_case, make_scenario


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scenario(tmp_path_factory.mktemp("timeline-scenario"), people=60, lists=2, testimonies=3)


def test_timeline_dates_acts_at_their_precision_and_filters_them(
    fresh_case: Case, small_scenario: Path
) -> None:
    build_case(fresh_case, small_scenario)
    viewer = Viewer.local(fresh_case)
    truth = read_truth(small_scenario)
    line = timeline(fresh_case, viewer)
    entries = line.entries
    assert [(e.date_start, e.date_end, e.claim_id) for e in entries] == sorted(
        (e.date_start, e.date_end, e.claim_id) for e in entries
    )
    assert {e.origin for e in entries} == {"list", "testimony"}

    executions = [e for e in entries if e.origin == "list" and e.act == "execution"]
    days = [e for e in executions if e.precision == "day"]
    months = [e for e in executions if e.precision == "month"]
    assert days and months
    for e in days:
        assert e.is_day and e.date_start == e.date_end
        assert e.person_id is not None
        assert e.date_start == truth.persons["execution_date"][e.person_id - 1]
    for e in months:  # a band over its month, holding the true day
        start, end = datetime.date.fromisoformat(e.date_start), datetime.date.fromisoformat(e.date_end)
        assert not e.is_day and 28 <= (end - start).days + 1 <= 31  # a Gregorian or a Solar Hijri month
        assert e.person_id is not None
        true_day = datetime.date.fromisoformat(truth.persons["execution_date"][e.person_id - 1])
        assert start <= true_day <= end

    # Each filter keeps exactly the entries that match it, and says what it offers.
    prison = "Evin" if "Evin" in line.prisons else line.prisons[0]
    assert timeline(fresh_case, viewer, prison=prison).entries == [e for e in entries if e.prison == prison]
    city = line.cities[0]
    assert timeline(fresh_case, viewer, city=city).entries == [e for e in entries if e.city == city]
    group = line.affiliations[0].value
    picked = timeline(fresh_case, viewer, affiliation=group).entries
    assert picked and picked == [e for e in entries if e.affiliation == group]
    person = days[0].person_id
    assert timeline(fresh_case, viewer, person_id=person).entries == [
        e for e in entries if e.person_id == person
    ]
    assert timeline(fresh_case, viewer, person_id=987_654_321).entries == []
    assert timeline(fresh_case, viewer, prison=prison, city=city).entries == [
        e for e in entries if e.prison == prison and e.city == city
    ]
