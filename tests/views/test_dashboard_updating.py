"""The dashboard after a change to a large case: the kept figures are served at once, saying how old they are
and that newer ones are being counted, one background run counts them and they replace the old; a role that
may read protected fields is never served kept figures; the cells of a page open the claims of the figures
it shows. And the fast count of documented deaths (`_death_cells`, plain tuples) gives what a plain reading
of every claim through the gate gives, for every role, on the synthetic scenario with protected fields
planted into it."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from testament.ingest import IngestOptions, ingest_files
from testament.names import place_name
from testament.store.access import PROTECTED
from testament.store.consents import record_consent
from testament.store.schema import attestations, claims, person_records, persons
from testament.views import dashboard, triangulation_claims
from testament.views._common import gated
from testament.views._facts import _not_rejected, readable, readable_records, week_of
from tests.views._synthetic import build_case, make_scenario
from tests.views.conftest import ROLES, Planted, backend_case, build_planted
from tests.views.test_dashboard import _plant_death

board_module = sys.modules["testament.views.dashboard"]
BACKENDS = [pytest.param(b, marks=getattr(pytest.mark, b)) for b in ("sqlite", "postgres")]


def _more(case: Any, folder: Path, name: str) -> None:
    """A change to the case: a list of two more persons (a list of its own: named in it)."""
    (folder / name).write_text(f"name,birth year\nReza Karimi,1335\nMaryam {name},1340\n", "utf-8")
    assert ingest_files(case, [folder / name], IngestOptions()).ok


@pytest.fixture(params=BACKENDS)
def slow(
    request: pytest.FixtureRequest, tmp_path: Path, pg_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Planted]:
    """The planted case, its figures taken as slow to count (every count "took long")."""
    monkeypatch.setattr(board_module, "STALE_AFTER_S", 0.0)
    with backend_case(request.param, tmp_path, pg_engine) as case:
        yield build_planted(case, tmp_path)
        board_module.wait_for_refresh(60)


def test_kept_figures_are_served_while_newer_are_counted(slow: Planted, tmp_path: Path) -> None:
    case, viewer = slow.case, slow.viewers["viewer"]
    first = dashboard(case, viewer)  # nothing kept: counted now
    assert not first.updating and first.changes_pending == 0 and first.as_of > 0 and first.as_of_time
    board_module.wait_for_refresh(60)

    _more(case, tmp_path, "more.csv")
    old = dashboard(case, viewer)  # served at once, saying so
    assert old.updating and old.changes_pending >= 1
    assert (old.as_of, old.as_of_time, old.records, old.persons) == (
        first.as_of, first.as_of_time, first.records, first.persons,
    )  # fmt: skip
    board_module.wait_for_refresh(60)
    new = dashboard(case, viewer)
    assert not new.updating and new.changes_pending == 0 and new.as_of > first.as_of
    assert new.records == first.records + 2 and new.sources == first.sources + 1

    # one background run per case and clearance, whatever the number of requests meanwhile
    _more(case, tmp_path, "again.csv")
    runs_before = _runs()
    boards = [dashboard(case, viewer) for _ in range(3)]
    assert all(b.records == new.records for b in boards if b.updating)
    board_module.wait_for_refresh(60)
    assert _runs() - runs_before <= 1
    assert dashboard(case, viewer).records == new.records + 2


def _runs() -> int:
    return board_module._RUNS


def test_a_role_that_reads_protected_fields_keeps_figures_of_its_own(slow: Planted, tmp_path: Path) -> None:
    """An investigator's figures are kept apart from a viewer's (they count protected persons a viewer's
    never do) and served the same way: at once after a change, while a background run counts the new."""
    case = slow.case
    investigator, viewer = slow.viewers["investigator"], slow.viewers["viewer"]
    seen = dashboard(case, viewer)
    before = dashboard(case, investigator)
    assert before.records > seen.records  # its own figures, not the viewer's
    _more(case, tmp_path, "more.csv")
    kept = dashboard(case, investigator)
    assert kept.updating and kept.records == before.records and kept.as_of == before.as_of
    board_module.wait_for_refresh(60)
    after = dashboard(case, investigator)
    assert not after.updating and after.records == before.records + 2 and after.as_of > before.as_of
    assert dashboard(case, viewer).updating  # the viewer's, kept apart, are old too: now counted anew
    board_module.wait_for_refresh(60)
    assert dashboard(case, viewer).records == seen.records + 2


def test_a_consent_recorded_or_withdrawn_is_counted_at_once(slow: Planted) -> None:
    """A witness's word on the use of their testimony changes what a viewer may read: the next page counts
    it, kept figures are not served meanwhile."""
    case, viewer = slow.case, slow.viewers["viewer"]
    first = dashboard(case, viewer)
    record_consent(case, slow.witness_person, "publish", granted=False)
    after = dashboard(case, viewer)
    assert not after.updating and after.changes_pending == 0 and after.as_of > first.as_of


def test_a_pages_cells_open_the_claims_of_the_figures_it_shows(slow: Planted, tmp_path: Path) -> None:
    """A cell opened with the page's `as_of` is read from those figures while they are kept (after the
    refresh too), and from the current ones once they are not."""
    case, viewer = slow.case, slow.viewers["analyst"]
    with case.read() as conn:
        victim, other = (
            conn.execute(
                select(person_records.c.id).where(person_records.c.person_id == p).limit(1)
            ).scalar_one()
            for p in (slow.victim_person, slow.other_person)
        )
    _plant_death(case, int(victim), slow.text_id)
    first = dashboard(case, viewer)
    assert [(r.prison, r.week, r.documented) for r in first.rows] == [("Evin", "1988-08-01", 1)]
    board_module.wait_for_refresh(60)
    _plant_death(case, int(other), slow.text_id)  # a second death in the same cell
    page = dashboard(case, viewer)
    assert page.updating and page.as_of == first.as_of and page.rows == first.rows
    behind = triangulation_claims(case, viewer, "documented", "Evin", "1988-08-01", as_of=page.as_of)
    assert behind.as_of == first.as_of and len(behind.claims) == 2
    board_module.wait_for_refresh(60)
    pinned = triangulation_claims(case, viewer, "documented", "Evin", "1988-08-01", as_of=page.as_of)
    assert pinned.claims == behind.claims  # the page's figures, still kept after the refresh
    current = triangulation_claims(case, viewer, "documented", "Evin", "1988-08-01")
    assert current.as_of > first.as_of and len(current.claims) == 4
    assert dashboard(case, viewer).rows[0].documented == 2
    gone = triangulation_claims(case, viewer, "documented", "Evin", "1988-08-01", as_of=first.as_of - 1)
    assert gone.as_of == current.as_of  # figures no longer kept: the current ones


# --- the fast count against a plain reading of every claim --------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def scenario_case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_engine: Any
) -> Iterator[Planted]:
    folder = tmp_path_factory.mktemp(f"deaths-{request.param}")
    scenario = make_scenario(folder / "scenario", people=60, testimonies=2)
    with backend_case(request.param, folder, pg_engine) as case:
        build_case(case, scenario)
        yield build_planted(case, folder)


_FACTS = ("executed_on", "held_at")


def _reference(planted: Planted, role: str) -> tuple[dict[tuple[str, str | None], list[int]], int]:
    """The cells as the dashboard counted them before it read plain tuples: every claim put to the gate,
    rejected ones dropped, records (and their files) the viewer may not read left out, then per person the
    narrowest execution date (then the earliest, then the first claim) and the prison most of their claims
    name (ties: the first name), persons in the order of their first claim."""
    with gated(planted.case, planted.viewers[role], "test") as reading:
        rows = reading.conn.execute(
            select(claims.c.id, claims.c.subject_id, claims.c.predicate, claims.c.value, claims.c.date_start,
                   claims.c.date_end)
            .where(claims.c.subject_type == "person_record", claims.c.predicate.in_(_FACTS))
        ).all()  # fmt: skip
        rows = readable(reading, rows)
        kept = _not_rejected(reading, [int(r.id) for r in rows])
        records = readable_records(reading)
    people: dict[int, list[Any]] = {}
    for r in sorted(rows, key=lambda r: int(r.id)):
        rid = int(r.subject_id)
        if int(r.id) in kept and rid in records:
            person = records[rid]
            people.setdefault(person if person is not None else -rid, []).append(r)
    cells: dict[tuple[str, str | None], list[int]] = {}
    total = 0
    for facts in people.values():
        executed = [f for f in facts if f.predicate == "executed_on"]
        if not executed:
            continue
        total += 1
        dated = [f for f in executed if f.date_start is not None and f.date_end is not None]

        def day(value: Any) -> datetime.date:
            return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])

        best = min(
            dated, key=lambda f: ((day(f.date_end) - day(f.date_start)).days, day(f.date_start), int(f.id)),
            default=None,
        )  # fmt: skip
        monday = week_of(day(best.date_start), day(best.date_end)) if best is not None else None
        named: dict[str, list[int]] = {}
        for f in facts:
            name = place_name(str(f.value), "prison") if f.predicate == "held_at" and f.value else None
            if name:
                named.setdefault(name, []).append(int(f.id))
        prison = min(named, key=lambda n: (-len(named[n]), n)) if named else board_module.UNKNOWN_PRISON
        behind = [int(best.id)] if best is not None else [int(f.id) for f in executed]
        key = (prison, monday.isoformat() if monday else None)
        cells.setdefault(key, []).extend([*behind, *named.get(prison, []), -1])
    return cells, total


def _compare(planted: Planted) -> None:
    for role in ROLES:
        expected = _reference(planted, role)
        with gated(planted.case, planted.viewers[role], "test") as reading:
            found = board_module._death_cells(reading)
        assert found == expected, role


def test_the_fast_count_of_deaths_is_the_plain_reading_for_every_role(scenario_case: Planted) -> None:
    case = scenario_case
    _compare(case)
    with case.case.read() as conn:  # the witness (restricted without consent) dies at Evin
        witness = conn.execute(
            select(person_records.c.id).where(person_records.c.person_id == case.witness_person)
        ).scalar_one()
    _plant_death(case.case, int(witness), case.text_id)
    _compare(case)
    with case.case.read() as conn:
        assert conn.execute(select(claims.c.id).where(claims.c.predicate == "executed_on").limit(1)).first()
        dead = [
            int(r.subject_id)
            for r in conn.execute(
                select(claims.c.subject_id).where(claims.c.predicate == "executed_on").order_by(claims.c.id)
            )
        ]
    with case.case.write() as conn:  # a dead person sealed, a record restricted, a date's only attestation
        person = conn.execute(
            select(person_records.c.person_id).where(person_records.c.id == dead[0])
        ).scalar()
        conn.execute(update(persons).where(persons.c.id == person).values(sensitivity="sealed"))
        conn.execute(
            update(person_records).where(person_records.c.id == dead[3]).values(sensitivity="restricted")
        )
        date = conn.execute(
            select(claims.c.id).where(claims.c.subject_id == dead[6], claims.c.predicate == "executed_on")
        ).scalar()
        conn.execute(
            update(attestations).where(attestations.c.claim_id == date).values(review_status="rejected")
        )
        conn.execute(  # and a prison claim restricted: it no longer names the prison for a viewer
            update(claims)
            .where(claims.c.subject_id == dead[9], claims.c.predicate == "held_at")
            .values(sensitivity="restricted")
        )
    _compare(case)


def test_warming_counts_the_kept_clearance_before_the_first_request(slow: Planted) -> None:
    """`testament serve` warms the figures at start, every clearance in turn: the first dashboard after it
    is served from them (no count of its own)."""
    case = slow.case
    runs_before = _runs()
    board_module.warm_dashboard(case)
    board_module.wait_for_refresh(60)
    assert _runs() - runs_before == 3  # viewer and analyst read the same labels: three clearances
    kept = {labels for (path, labels, _) in board_module._CACHE if path == str(case.path)}
    assert len(kept) == 3 and sum(bool(labels & PROTECTED) for labels in kept) == 2
    warmed = {key: f for key, f in board_module._CACHE.items() if key[0] == str(case.path)}
    board = dashboard(case, slow.viewers["analyst"])
    assert not board.updating and board.changes_pending == 0
    after = {key: f for key, f in board_module._CACHE.items() if key[0] == str(case.path)}
    assert after.keys() == warmed.keys() and all(after[k] is warmed[k] for k in warmed)  # not counted again
    assert _runs() - runs_before == 3
