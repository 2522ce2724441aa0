"""Linking a case on every backend: persons written back, human decisions kept, ids stable on re-runs."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from testament.link import evaluate, latest_decisions, link_case, record_decision
from testament.link.model import Model
from testament.store.case import Case
from testament.store.schema import identity_links, link_queue, link_runs, person_records
from testament.synthetic import truth_of_case
from tests.link.conftest import FAST, PLAIN_BACKENDS


def _persons(case: Case) -> dict[int, int]:
    with case.read() as conn:
        return {r: p for r, p in conn.execute(select(person_records.c.id, person_records.c.person_id))}


def _members(assignment: dict[int, int]) -> dict[int, frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for record, person in assignment.items():
        groups[person].add(record)
    return {p: frozenset(m) for p, m in groups.items()}


def test_link_case_writes_persons_run_and_queue(case_with_lists: Case, small_scenario: Path) -> None:
    """A trained run writes persons, the run and the queue; a run with its model gives the same persons."""
    report = link_case(case_with_lists, FAST, queue_size=20)
    assignment = _persons(case_with_lists)
    assert all(p is not None for p in assignment.values())
    assert report.persons == len(set(assignment.values())) < report.records
    assert case_with_lists.status()["persons"] == report.persons
    scores = evaluate.evaluate_case(case_with_lists, truth_of_case(case_with_lists, small_scenario))
    assert scores.pair_f1 > 0.85, scores
    with case_with_lists.read() as conn:
        run = conn.execute(select(link_runs)).mappings().one()
        assert run["records"] == report.records and len(run["input_hash"]) == 64
        assert json.loads(run["model"])["splink"]["comparisons"]
        links = (
            conn.execute(select(identity_links).where(identity_links.c.run_id == run["id"])).mappings().all()
        )
        queued = conn.execute(select(link_queue)).mappings().all()
    assert links and all(
        link["origin"] == "model" and link["model_version"] == run["model_version"] for link in links
    )
    assert 0 < len(queued) <= 20 and all(json.loads(q["evidence"]) for q in queued)

    # relinked with this run's model (`model=`): no training, the same persons, that model stored again
    again = link_case(case_with_lists, FAST, queue_size=0, model=report.result.model)
    assert report.result.model.log and not again.result.model.log  # training logs its sessions; none ran
    assert _persons(case_with_lists) == assignment
    with case_with_lists.read() as conn:
        versions = list(conn.execute(select(link_runs.c.model_version).order_by(link_runs.c.id)).scalars())
    assert versions == [report.result.model.version] * 2


# decision logic: SQLite and PostgreSQL (see PLAIN_BACKENDS); the first test here links on SQLCipher too
@PLAIN_BACKENDS
def test_relink_after_decisions_keeps_every_decision_and_unchanged_ids(
    case_with_lists: Case, small_model: Model
) -> None:
    # the first run links with the session's model, trained with FAST on these very lists (what a trained
    # first run would learn); the runs after the decisions train, with them, as `testament link` does
    link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    first = _persons(case_with_lists)
    groups = _members(first)
    # a cannot-link inside a person the model made, and a must-link across two persons it kept apart
    split_records = next(sorted(m) for m in groups.values() if len(m) >= 2)
    singles = sorted(next(iter(m)) for m in groups.values() if len(m) == 1)
    a, b = split_records[0], split_records[1]
    c, d = singles[0], singles[-1]
    record_decision(case_with_lists, a, b, same=False, reviewer="tester", reason="different fathers")
    record_decision(case_with_lists, c, d, same=True, reviewer="tester", reason="family confirmed")

    report = link_case(case_with_lists, FAST, queue_size=0)
    second = _persons(case_with_lists)
    assert second[a] != second[b]
    assert second[c] == second[d]
    assert report.decisions == 2 and not report.conflicts
    # every person whose records did not change keeps its id
    after = _members(second)
    touched = {first[x] for x in (a, b, c, d)}
    unchanged = [p for p, m in groups.items() if p not in touched and after.get(p) == m]
    assert len(unchanged) >= 0.9 * (len(groups) - len(touched))
    for p in unchanged:
        assert all(second[r] == p for r in groups[p])

    # a third run with no new decisions changes nothing
    link_case(case_with_lists, FAST, queue_size=0)
    assert _persons(case_with_lists) == second
    with case_with_lists.read() as conn:
        decisions = {(d.a, d.b): d.same for d in latest_decisions(conn)}
        reviewer_rows = (
            conn.execute(select(identity_links).where(identity_links.c.origin == "reviewer")).mappings().all()
        )
    assert decisions == {(min(a, b), max(a, b)): False, (min(c, d), max(c, d)): True}
    assert {r["reviewer"] for r in reviewer_rows} == {"tester"}
    assert {r["reason"] for r in reviewer_rows} == {"different fathers", "family confirmed"}


def test_record_decision_supersedes_the_earlier_one(case_with_lists: Case) -> None:
    with case_with_lists.read() as conn:
        ids = sorted(conn.execute(select(person_records.c.id)).scalars())[:2]
    first = record_decision(case_with_lists, ids[0], ids[1], same=True, reviewer="a")
    second = record_decision(case_with_lists, ids[1], ids[0], same=False, reviewer="b", reason="checked")
    with case_with_lists.read() as conn:
        row = conn.execute(select(identity_links).where(identity_links.c.id == second)).mappings().one()
        assert row["supersedes"] == first and row["decision"] == "different"
        assert [d.same for d in latest_decisions(conn)] == [False]
        from testament.store.custody import read_events

        logged = [e for e in read_events(conn) if e.event_type == "reviewed"]
    # each decision is in the custody log with its reviewer; the free-text reason is not
    assert [e.actor for e in logged] == ["a", "b"]
    assert json.loads(logged[1].details)["decisions"] == [[ids[0], ids[1], "different"]]
    assert "checked" not in logged[1].details


def test_labels_from_the_queue_raise_f1_on_hard_lists(tmp_path: Path) -> None:
    """Issue 5's curve in small: label the queue's pairs from the truth, re-link, and the persons get better
    (the full-size curve is bench/link.py curve)."""
    from testament.link.evaluate import evaluate_case
    from testament.link.review import open_queue
    from testament.settings import Settings
    from testament.synthetic import generate, scenario
    from tests.link.conftest import ingest_lists

    data = tmp_path / "hard"
    generate(data, scenario("hard", people=1500, testimonies=0), seed=5)
    case = Case.create(tmp_path / "case", settings=Settings(actor="test"))
    try:
        ingest_lists(case, data)
        truth = truth_of_case(case, data)
        link_case(case, FAST, queue_size=100)
        before = evaluate_case(case, truth)
        items = open_queue(case, limit=100)
        assert len(items) == 100
        for item in items:
            a, b = item.left.record_id, item.right.record_id
            record_decision(case, a, b, same=truth[a] == truth[b], reviewer="truth")
        link_case(case, FAST, queue_size=100)
        after = evaluate_case(case, truth)
    finally:
        case.close()
    assert after.pair_f1 > before.pair_f1, (before.pair_f1, after.pair_f1)
    assert after.pair_f1 >= 0.95, after.pair_f1
