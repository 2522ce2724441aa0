"""Merging and splitting persons by hand on every backend: applied at once, kept by every later link run,
the newest decision winning."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from sqlalchemy import select

from testament.errors import InputError
from testament.link import link_case, merge_persons, record_decision, split_person
from testament.link.model import Model
from testament.link.review import open_queue
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.schema import identity_links, person_records
from tests.link.conftest import FAST, PLAIN_BACKENDS

# Decision logic: on SQLite and PostgreSQL, every run relinking with one model trained once per session
# (`small_model`): what is proved here is what runs do with merges and splits, not training (tested in
# test_case_link.py); together they cut 30 trainings (about 5 s each) to one.
pytestmark = PLAIN_BACKENDS


def _persons(case: Case) -> dict[int, int]:
    with case.read() as conn:
        return {r: p for r, p in conn.execute(select(person_records.c.id, person_records.c.person_id))}


def _members(case: Case) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for record, person in sorted(_persons(case).items()):
        groups[person].append(record)
    return dict(groups)


def _linked(case: Case, model: Model) -> dict[int, list[int]]:
    link_case(case, FAST, queue_size=20, model=model)
    return _members(case)


def test_merge_persons_joins_them_now_and_every_relink_keeps_it(
    case_with_lists: Case, small_model: Model
) -> None:
    groups = _linked(case_with_lists, small_model)
    big = next(p for p, m in groups.items() if len(m) >= 2)
    single = next(p for p, m in groups.items() if len(m) == 1)
    persons_before = case_with_lists.status()["persons"]

    edit = merge_persons(case_with_lists, [big, single], reviewer="tester", reason="same family, checked")
    merged = sorted(groups[big] + groups[single])
    assert (edit.person_id, edit.moved) == (big, groups[single])
    now = _persons(case_with_lists)
    assert {now[r] for r in merged} == {big}  # at once, not only at the next run
    assert case_with_lists.status()["persons"] == persons_before - 1
    with case_with_lists.read() as conn:
        rows = (
            conn.execute(select(identity_links).where(identity_links.c.origin == "reviewer")).mappings().all()
        )
        logged = [json.loads(e.details) for e in read_events(conn) if e.event_type == "reviewed"]
    assert len(rows) == edit.decisions == len(merged) - 1
    assert {(r["decision"], r["action"], r["reviewer"], r["reason"]) for r in rows} == {
        ("same", "merge", "tester", "same family, checked")
    }
    assert logged[-1]["kind"] == "merge" and logged[-1]["persons"] == [big, single]
    assert "family" not in json.dumps(logged)  # free-text reasons stay out of the custody log

    report = link_case(case_with_lists, FAST, queue_size=20, model=small_model)
    again = _persons(case_with_lists)
    assert {again[r] for r in merged} == {big}
    assert not report.conflicts
    # decisions of a merge bind clustering but are not training labels (chosen for their answer)
    assert report.result.labels_in_pairs == 0
    queued = {frozenset((i.left.record_id, i.right.record_id)) for i in open_queue(case_with_lists)}
    assert not any(pair <= set(merged) for pair in queued)


def test_split_person_parts_records_now_and_every_relink_keeps_it(
    case_with_lists: Case, small_model: Model
) -> None:
    groups = _linked(case_with_lists, small_model)
    person, records = next((p, m) for p, m in groups.items() if len(m) >= 3)
    leaving, staying = records[-1:], records[:-1]

    edit = split_person(case_with_lists, person, leaving, reviewer="tester", reason="another man")
    (new,) = edit.new_persons
    now = _persons(case_with_lists)
    assert now[leaving[0]] == new != person and {now[r] for r in staying} == {person}
    assert edit.decisions == len(staying)

    link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    again = _persons(case_with_lists)
    assert all(again[leaving[0]] != again[r] for r in staying)
    assert again[leaving[0]] == new  # an unchanged person keeps its id

    # each record a person of its own, all of them
    other, held = next((p, m) for p, m in _members(case_with_lists).items() if len(m) >= 2 and p != person)
    edit = split_person(case_with_lists, other, held, each=True, reviewer="tester")
    assert len(edit.new_persons) == len(held) - 1
    link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    again = _persons(case_with_lists)
    assert len({again[r] for r in held}) == len(held)


def test_newest_decision_wins_between_merges_splits_and_pair_decisions(
    case_with_lists: Case, small_model: Model
) -> None:
    groups = _linked(case_with_lists, small_model)
    person, records = next((p, m) for p, m in groups.items() if len(m) >= 2)
    single = next(p for p, m in groups.items() if len(m) == 1)
    # a pair decision says "different"; a later merge says the two persons are one: the merge wins
    record_decision(case_with_lists, records[0], groups[single][0], same=False, reviewer="a")
    edit = merge_persons(case_with_lists, [person, single], reviewer="b")
    assert edit.replaced == 1
    merged = sorted(records + groups[single])
    # split the merge's centre record off (the others stay together), then merge it back: the merge wins
    split = split_person(case_with_lists, person, merged[:1], reviewer="c")
    back = merge_persons(case_with_lists, [person, split.new_persons[0]], reviewer="d")
    assert back.replaced == len(merged) - 1
    report = link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    assert not report.conflicts
    assert len({_persons(case_with_lists)[r] for r in merged}) == 1

    # the split alone, newest: the centre leaves, the rest stays one person
    split_person(case_with_lists, person, merged[:1], reviewer="e")
    link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    after = _persons(case_with_lists)
    assert after[merged[0]] != after[merged[1]] and len({after[r] for r in merged[1:]}) == 1

    # a later pair decision that contradicts a merge's chain (m1 = m0 = m2 but m1 != m2) is reported at the
    # next run, and "different" wins, as for any contradicting decisions
    merge_persons(case_with_lists, [after[merged[1]], after[merged[0]]], reviewer="f")
    record_decision(case_with_lists, merged[1], merged[2], same=False, reviewer="g")
    report = link_case(case_with_lists, FAST, queue_size=0, model=small_model)
    assert report.conflicts
    final = _persons(case_with_lists)
    assert final[merged[1]] != final[merged[2]]


def test_merge_and_split_refuse_bad_input_and_change_nothing(
    case_with_lists: Case, small_model: Model
) -> None:
    groups = _linked(case_with_lists, small_model)
    person, records = next((p, m) for p, m in groups.items() if len(m) >= 2)
    other = next(p for p in groups if p != person)
    unknown = max(groups) + 100
    cases = [
        (lambda: merge_persons(case_with_lists, [person, unknown], reviewer="t"), f"no person {unknown}"),
        (lambda: merge_persons(case_with_lists, [person, person], reviewer="t"), "two different persons"),
        (lambda: merge_persons(case_with_lists, [person, other], reviewer=" "), "needs a reviewer"),
        (lambda: split_person(case_with_lists, person, groups[other], reviewer="t"), "is not a record of"),
        (lambda: split_person(case_with_lists, person, records, reviewer="t"), "none would leave"),
        (lambda: split_person(case_with_lists, person, [], reviewer="t"), "no records named"),
        (lambda: split_person(case_with_lists, unknown, [1], reviewer="t"), f"no person {unknown}"),
    ]
    before = _persons(case_with_lists)
    for call, message in cases:
        with pytest.raises(InputError, match=message) as caught:
            call()
        assert caught.value.hint
    assert _persons(case_with_lists) == before
    with case_with_lists.read() as conn:
        assert not conn.execute(select(identity_links).where(identity_links.c.origin == "reviewer")).all()
