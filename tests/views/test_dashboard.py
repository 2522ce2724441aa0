"""The dashboard's numbers against the synthetic truth: deaths documented per prison and week (every person
the lists date to a week sits in the week and prison the truth gives), the counts witnesses reported in the
synthetic testimonies (each at the prison and the week the testimony tells it), and the protection (a
witness's planted death counts for a role cleared to read it, never for a viewer)."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from testament.names import place_name
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, attestations, claims, person_records
from testament.synthetic import read_truth
from testament.views import (
    dashboard,
    documented_deaths,
    place_map,
    reported_counts,
    timeline,
    triangulation_claims,
)
from testament.views.dashboard import UNKNOWN_PRISON
from testament.vocab import CustodyEventType
from tests.views._synthetic import WAVE_START, build_case, make_scenario

_LASHES = re.compile(r"lash|ضربه|شلاق")


@pytest.fixture(scope="module")
def easy_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scenario(tmp_path_factory.mktemp("picture-scenario"), people=120, testimonies=6)


def _monday(day: int) -> str:
    return (WAVE_START + datetime.timedelta(days=7 * day)).isoformat()


def _expected_prison(truth_id: str) -> str:
    found = place_name(truth_id.replace("_", " "), "prison")
    assert found, truth_id
    return found


def _gold_counts(folder: Path) -> set[tuple[str, int, str, str]]:
    """(testimony file, count, prison, week) of every count of people in the synthetic testimonies (not of
    lashes): the week of the last day the testimony tells before the count, and the testimony's prison
    where its text names it (a testimony that never names its prison gives none)."""
    truth = read_truth(folder)
    out = set()
    for t in truth.meta["testimonies"]:
        text = (folder / t["file"]).read_text("utf-8")
        prison = _expected_prison(t["prison"])
        named = {a["value"] for a in t["annotations"] if a["type"] == "place"}
        day = None
        for a in sorted(t["annotations"], key=lambda a: a["start"]):
            if a["type"] == "date":
                first, last = a["value"].split("/")
                if first == last:
                    day = datetime.date.fromisoformat(first)
            elif a["type"] == "count":
                sentence = text[
                    max(text.rfind(".", 0, a["start"]), text.rfind("\n", 0, a["start"])) + 1 : a["end"] + 12
                ]
                if _LASHES.search(sentence):
                    continue
                assert day is not None, t["file"]
                week = (day - datetime.timedelta(days=day.weekday())).isoformat()
                where = prison if prison in named else UNKNOWN_PRISON
                out.add((Path(t["file"]).name, int(a["value"]), where, week))
    return out


def test_dashboard_counts_documented_deaths_and_witness_counts_as_the_truth_has_them(
    fresh_case: Case, easy_scenario: Path
) -> None:
    records = build_case(fresh_case, easy_scenario)
    viewer = Viewer.local(fresh_case)
    truth = read_truth(easy_scenario)
    people = {int(i): k for k, i in enumerate(truth.persons["id"])}

    # Every documented death is a true person of the lists, at the prison and in the week the truth gives.
    deaths = documented_deaths(fresh_case, viewer)
    with fresh_case.read() as conn:
        held_at = set(
            conn.execute(select(claims.c.subject_id).where(claims.c.predicate == "held_at")).scalars()
        )
    listed = {p for p in records.values() if p >= 0}
    assert deaths and {d.person_id for d in deaths} <= {p + 1 for p in listed}
    dated = 0
    for death in deaths:
        assert death.person_id is not None
        row = people[death.person_id - 1]
        if death.prison == UNKNOWN_PRISON:  # no list gives this person's prison (a blank cell)
            assert not held_at & set(death.record_ids), death
        else:
            assert death.prison == _expected_prison(truth.persons["prison"][row]), death
        if death.week is not None:
            dated += 1
            assert death.week == _monday(int(truth.persons["week"][row])), death
    assert dated >= 0.5 * len(deaths), f"only {dated} of {len(deaths)} dated to a week"
    with fresh_case.read() as conn:
        executed = set(
            conn.execute(
                select(person_records.c.person_id)
                .join(claims, claims.c.subject_id == person_records.c.id)
                .where(claims.c.subject_type == "person_record", claims.c.predicate == "executed_on")
            ).scalars()
        )
    assert len(deaths) == len(executed), "one death per person with an execution date"

    # The table: per prison and week, the truth's count of the persons the lists date there.
    board = dashboard(fresh_case, viewer)
    expected = Counter(
        (
            UNKNOWN_PRISON
            if d.prison == UNKNOWN_PRISON
            else _expected_prison(truth.persons["prison"][people[int(d.person_id or 0) - 1]]),
            d.week,
        )
        for d in deaths
    )
    assert {(r.prison, r.week): r.documented for r in board.rows if r.documented} == dict(expected)
    assert board.documented_total == len(deaths) == sum(t.documented for t in board.prisons)
    assert sum(n for (p, _), n in expected.items() if p == UNKNOWN_PRISON) < 0.1 * len(deaths)

    # Witnesses' counts: every count of people in the testimonies, at its prison and week; no lashes.
    gold = _gold_counts(easy_scenario)
    with fresh_case.read() as conn:
        names = {int(i): str(f) for i, f in conn.execute(select(artifacts.c.id, artifacts.c.filename))}
    found = {
        (Path(names[c.artifact_id]).name, c.value, c.prison, c.week)
        for c in reported_counts(fresh_case, viewer)
    }
    assert gold and found == gold
    cells = {(r.prison, r.week): sorted(f.value for f in r.reported) for r in board.rows if r.reports}
    by_cell: dict[tuple[str, str | None], list[int]] = {}
    for _, value, prison, week in gold:
        by_cell.setdefault((prison, week), []).append(value)
    assert cells == {k: sorted(v) for k, v in by_cell.items()}

    # A cell opens the claims behind it: the execution dates and prisons of its persons.
    cell = next(r for r in board.rows if r.documented and r.week)
    behind = triangulation_claims(fresh_case, viewer, "documented", cell.prison, cell.week)
    assert Counter(c.predicate for c in behind.claims)["executed_on"] == cell.documented
    assert {c.predicate for c in behind.claims} == {"executed_on", "held_at"}
    reported_row = next(r for r in board.rows if r.reports)
    told = triangulation_claims(fresh_case, viewer, "reported", reported_row.prison, reported_row.week)
    assert sorted(int(c.value or 0) for c in told.claims) == sorted(f.value for f in reported_row.reported)

    # The filter: one prison's rows only, its totals unchanged.
    one = dashboard(fresh_case, viewer, prison=cell.prison)
    assert {r.prison for r in one.rows} == {cell.prison}
    assert one.documented_total == expected_total(board, cell.prison)
    assert cell.prison in one.choices and len(one.choices) == len(board.choices)


def expected_total(board: Any, prison: str) -> int:
    return sum(r.documented for r in board.rows if r.prison == prison)


# --- protection ---------------------------------------------------------------------------------------------


def _plant_death(case: Case, record: int, text_id: int) -> list[int]:
    """An execution date and a prison (Evin) on `record`, as a reviewer would enter them from a testimony."""
    now = utc_now()
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        first, first_att = ids.take(claims, 2), ids.take(attestations, 2)
        facts.insert_mappings(
            claims,
            [
                {"id": first, "subject_type": "person_record", "subject_id": record,
                 "predicate": "executed_on", "value": "1988-08-01/1988-08-01", "date_start": "1988-08-01",
                 "date_end": "1988-08-01", "date_precision": "day", "date_original": "1 August 1988",
                 "stance": "affirms", "created_at": now, "sensitivity": "internal"},
                {"id": first + 1, "subject_type": "person_record", "subject_id": record,
                 "predicate": "held_at", "value": "Evin Prison", "date_start": None, "date_end": None,
                 "date_precision": None, "date_original": None, "stance": "affirms", "created_at": now,
                 "sensitivity": "internal"},
            ],
        )  # fmt: skip
        facts.insert_mappings(
            attestations,
            [
                {"id": first_att + i, "claim_id": first + i, "artifact_id": text_id, "locator_kind": "page",
                 "page": 1, "original_text": value, "relation": "eyewitness", "first_hand": True,
                 "extractor": "reviewer", "extractor_version": "test", "review_status": "accepted",
                 "created_at": now}
                for i, value in enumerate(("1 August 1988", "Evin Prison"))
            ],
        )  # fmt: skip
        append_events(
            conn, "tester", [NewEvent(CustodyEventType.REVIEWED, {"planted": True, **facts.details()})]
        )
    return [first, first + 1]


def test_a_protected_persons_death_and_places_count_only_for_cleared_roles(planted: Any) -> None:
    """The witness's record (restricted: a witness without consent on file) gets an execution date and a
    prison: the investigator's dashboard counts one death at Evin, the viewer's none, and neither the week's
    cell nor the timeline nor the map tells the viewer anything about it. The relative's address (a
    restricted claim naming Shiraz) puts Shiraz on the investigator's map only."""
    case = planted.case
    with case.read() as conn:
        witness_record = conn.execute(
            select(person_records.c.id).where(person_records.c.person_id == planted.witness_person)
        ).scalar_one()
    _plant_death(case, int(witness_record), planted.text_id)
    viewer, investigator = planted.viewers["viewer"], planted.viewers["investigator"]

    cleared = dashboard(case, investigator)
    assert [(r.prison, r.week, r.documented) for r in cleared.rows] == [("Evin", "1988-08-01", 1)]
    shown = dashboard(case, viewer)
    assert shown.rows == [] and shown.documented_total == 0 and shown.withheld
    assert triangulation_claims(case, viewer, "documented", "Evin", "1988-08-01").claims == []
    assert len(triangulation_claims(case, investigator, "documented", "Evin", "1988-08-01").claims) == 2

    assert [e.person_id for e in timeline(case, investigator).entries] == [planted.witness_person]
    assert timeline(case, viewer).entries == []
    assert timeline(case, viewer, person_id=planted.witness_person).entries == []

    cleared_places = {(p.name, p.kind): p.claims for p in place_map(case, investigator).places}
    viewer_places = {(p.name, p.kind): p.claims for p in place_map(case, viewer).places}
    assert cleared_places[("Evin", "prison")] == 1 and ("Evin", "prison") not in viewer_places
    assert cleared_places.get(("Shiraz", "city"), 0) >= 1 and ("Shiraz", "city") not in viewer_places
