"""What accepting a testimony's mentions makes beyond their claims, on SQLite and PostgreSQL: the extractor's
coreference as identity links (one person per entity, kept by linkage until a reviewer unlinks), acts with
their victim and involvements (in any order of decisions; gone when rejected), positions reviewed like any
candidate, and the accused's case file showing the acts with their evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from testament.extract import (
    accept_candidate,
    edit_candidate,
    extract_artifact,
    list_candidates,
    reject_candidate,
)
from testament.extract.mention import EXTRACTOR_VERSION
from testament.ingest import IngestOptions, ingest_files
from testament.legal import render_case_file
from testament.link import link_case
from testament.link.decisions import latest_decisions, record_decision
from testament.link.persons import split_person
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.facts import FactWriter
from testament.store.integrity import verify_case
from testament.store.schema import acts, attestations, identity_links, involvements, person_records
from testament.views._common import gated
from testament.views._facts import readable_record_counts
from testament.vocab import CustodyEventType

# our own sentences: an official named three times, a victim named twice
TESTIMONY = (
    "I was held in Gohardasht. On 10 August 1988 the prosecutor Davood Lashgari ordered the hanging of "
    "Reza Karimi in Gohardasht. Lashgari read the names. Reza Karimi was a teacher.\n"
)


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def extracted(fresh_case: Case, tmp_path: Path) -> Case:
    path = tmp_path / "testimony.txt"
    path.write_text(TESTIMONY, "utf-8")
    artifact = ingest_files(fresh_case, [path], IngestOptions(kind="testimony")).files[0].artifact_id
    extract_artifact(fresh_case, int(artifact or 0))
    return fresh_case


def _accept_all(case: Case, *, reverse: bool = False) -> None:
    found = list_candidates(case)
    for c in found[::-1] if reverse else found:
        accept_candidate(case, c.claim_id, reviewer="alice")


def _persons_shown(case: Case) -> int:
    with gated(case, Viewer(None, "tester", "admin"), "test", aggregates=True) as reading:
        return readable_record_counts(reading)[1]


def _record_of(case: Case, text: str) -> list[int]:
    return [
        int(c.person_record_id or 0)
        for c in list_candidates(case, statuses=None, types=["person"])
        if c.text == text and c.person_record_id
    ]


def _acts(case: Case) -> list[tuple[str, int | None, str | None, str | None]]:
    """(type, victim record, date, place id set?) of every act, with its involvements."""
    with case.read() as conn:
        rows = conn.execute(select(acts).order_by(acts.c.act_type, acts.c.id)).mappings().all()
        return [
            (str(r["act_type"]), r["victim_record_id"], str(r["date_start"]) if r["date_start"] else None,
             "placed" if r["place_id"] else None)
            for r in rows
        ]  # fmt: skip


def _involvements(case: Case) -> list[tuple[str, int, str, str | None]]:
    with case.read() as conn:
        return [
            (str(r.perpetrator_type), int(r.perpetrator_id), str(r.degree), r.position)
            for r in conn.execute(select(involvements).order_by(involvements.c.id))
        ]


@pytest.mark.parametrize("reverse", [False, True], ids=["text-order", "reverse-order"])
def test_accept_coreferent_mentions_makes_one_person_in_any_order(extracted: Case, reverse: bool) -> None:
    _accept_all(extracted, reverse=reverse)
    official, victim = (
        _record_of(extracted, "Davood Lashgari") + _record_of(extracted, "Lashgari"),
        _record_of(extracted, "Reza Karimi"),
    )
    assert len(official) == 2 and len(victim) == 2
    with extracted.read() as conn:
        person = dict(conn.execute(select(person_records.c.id, person_records.c.person_id)).all())
        links = conn.execute(select(identity_links)).mappings().all()
    assert person[official[0]] == person[official[1]] is not None
    assert person[victim[0]] == person[victim[1]] is not None and person[victim[0]] != person[official[0]]
    assert _persons_shown(extracted) == 2  # the official and the victim: four records
    assert {(r["origin"], r["decision"], r["action"], r["run_id"]) for r in links} == {
        ("model", "same", "coref", None)
    }
    assert all(str(r["model_version"]).startswith(EXTRACTOR_VERSION) and r["score"] for r in links)
    assert verify_case(extracted).ok


def test_coreference_binds_linkage_until_a_reviewer_unlinks(extracted: Case) -> None:
    _accept_all(extracted)
    a, b = sorted(_record_of(extracted, "Reza Karimi"))
    with extracted.read() as conn:
        bound = [d for d in latest_decisions(conn) if {d.a, d.b} == {a, b}]
    assert [(d.same, d.learn, d.by) for d in bound] == [(True, False, "extraction")]

    link = record_decision(extracted, a, b, same=False, reviewer="bob", reason="two men of one name")
    with extracted.read() as conn:
        bound = [d for d in latest_decisions(conn) if {d.a, d.b} == {a, b}]
        supersedes = conn.execute(
            select(identity_links.c.supersedes).where(identity_links.c.id == link)
        ).scalar_one()
        coref = conn.execute(
            select(identity_links.c.id).where(
                identity_links.c.action == "coref", identity_links.c.record_b == b
            )
        ).scalar_one()
    assert [(d.same, d.by) for d in bound] == [(False, "reviewer")] and supersedes == coref
    with extracted.read() as conn:
        person = conn.execute(select(person_records.c.person_id).where(person_records.c.id == a)).scalar_one()
    split_person(extracted, int(person), [b], reviewer="bob")
    assert _persons_shown(extracted) == 3
    assert verify_case(extracted).ok


def test_coreference_survives_a_relink_and_a_reviewer_s_unlink_too(extracted: Case, small_model: Any) -> None:
    # (the session's trained model: what a relink does with the links is the point, not training)
    _accept_all(extracted)
    a, b = sorted(_record_of(extracted, "Reza Karimi"))
    assert link_case(extracted, model=small_model).persons == 2  # a testimony is no list: one man stays one
    assert _persons_shown(extracted) == 2
    record_decision(extracted, a, b, same=False, reviewer="bob")
    assert link_case(extracted, model=small_model).persons == 3
    assert verify_case(extracted).ok


def test_accepted_act_is_an_act_with_its_victim_and_perpetrator_in_any_order(extracted: Case) -> None:
    found = list_candidates(extracted)
    acts_first = sorted(found, key=lambda c: c.type != "act")
    for c in acts_first:
        accept_candidate(extracted, c.claim_id)
    victim = _record_of(extracted, "Reza Karimi")[0]  # the first mention in the text
    official = _record_of(extracted, "Davood Lashgari")[0]
    assert ("execution", victim, "1988-08-10", "placed") in _acts(extracted)
    assert ("detention", None, None, "placed") in _acts(extracted)  # the narrator's: no victim read
    assert _involvements(extracted) == [("person_record", official, "unspecified", "prosecutor")]
    assert verify_case(extracted).ok


def test_rejecting_an_act_or_its_victim_takes_its_rows_away(extracted: Case) -> None:
    _accept_all(extracted)
    (hanging,) = list_candidates(extracted, statuses=None, types=["act"])[1:]
    first_victim = next(
        c for c in list_candidates(extracted, statuses=None, types=["person"]) if c.text == "Reza Karimi"
    )
    reject_candidate(extracted, first_victim.claim_id)
    second = [r for r in _record_of(extracted, "Reza Karimi") if r != first_victim.person_record_id]
    assert ("execution", second[0], "1988-08-10", "placed") in _acts(extracted)  # the entity's other mention

    edit_candidate(extracted, hanging.claim_id, value="torture")
    assert [a[0] for a in _acts(extracted)] == ["detention", "torture"]
    reject_candidate(extracted, hanging.claim_id)
    assert [a[0] for a in _acts(extracted)] == ["detention"] and _involvements(extracted) == []
    accept_candidate(extracted, hanging.claim_id)  # a decision undone brings the act back
    assert [a[0] for a in _acts(extracted)] == ["detention", "torture"] and len(_involvements(extracted)) == 1
    assert verify_case(extracted).ok


def test_positions_are_offered_for_review_and_decided_like_any_candidate(extracted: Case) -> None:
    _accept_all(extracted)
    (position,) = list_candidates(extracted)  # accepting the official proposed his position
    assert (position.type, position.text, position.value, position.status) == (
        "position", "prosecutor", "prosecutor", "proposed",
    )  # fmt: skip
    assert position.person_record_id == _record_of(extracted, "Davood Lashgari")[0]
    assert list_candidates(extracted, types=["position"]) == [position]
    assert list_candidates(extracted, types=["person"], statuses=["proposed"]) == []
    edited = edit_candidate(extracted, position.claim_id, value="deputy prosecutor", reviewer="alice")
    assert (edited.status, edited.value, edited.proposed_value) == (
        "edited",
        "deputy prosecutor",
        "prosecutor",
    )
    assert reject_candidate(extracted, position.claim_id).status == "rejected"
    assert list_candidates(extracted) == []
    assert verify_case(extracted).ok


def test_case_file_of_the_accused_shows_the_testimony_s_acts_with_their_evidence(extracted: Case) -> None:
    _accept_all(extracted)
    for c in list_candidates(extracted, types=["position"]):
        accept_candidate(extracted, c.claim_id)
    official = _record_of(extracted, "Davood Lashgari")[0]
    with extracted.read() as conn:
        accused = conn.execute(
            select(person_records.c.person_id).where(person_records.c.id == official)
        ).scalar_one()
    data = render_case_file(extracted, int(accused), Viewer(None, "tester", "admin")).data
    (act,) = [a for a in data.acts if a.act_type == "execution"]
    assert act.victim == "Reza Karimi" and act.date.startswith("1988-08-10")
    assert "unspecified" in act.involvement and act.citations
    quotes = {c.number: c for c in data.citations}
    assert (
        quotes[act.citations[0]].quote == "hanging" and quotes[act.citations[0]].review_status == "accepted"
    )
    assert [(p.position, p.reviewed) for p in data.positions] == [("prosecutor", True)]


def test_mentions_of_another_extraction_run_are_not_joined_by_entity_number(extracted: Case) -> None:
    """Entity numbers are one run's: a mention reviewed under earlier rules keeps its detail while the
    unreviewed ones are refreshed, so its entity number says nothing about theirs."""
    found = {c.text: c for c in list_candidates(extracted, types=["person"])}
    accept_candidate(extracted, found["Davood Lashgari"].claim_id)
    with extracted.write() as conn:  # as if it had been accepted before the rules changed (sealed again)
        facts = FactWriter(conn)
        where = attestations.c.claim_id == found["Davood Lashgari"].claim_id
        facts.written(attestations, conn.execute(select(attestations.c.id).where(where)).scalars())
        conn.execute(update(attestations).where(where).values(extractor_version="0.0.1+rules.1"))
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details(always=True))])
    accept_candidate(extracted, found["Lashgari"].claim_id)
    with extracted.read() as conn:
        assert conn.execute(select(identity_links)).first() is None
        assert set(conn.execute(select(person_records.c.person_id)).scalars()) == {None}
    assert verify_case(extracted).ok


def test_person_page_and_public_export_show_the_testimony_s_act_on_its_victim(
    extracted: Case, tmp_path: Path, small_model: Any
) -> None:
    """An act made from an accepted proposal names its victim by the record: the victim's page lists it, and
    the public export names the victim person on it."""
    from testament.exports.public import export_public
    from testament.views.persons import person_page

    _accept_all(extracted)
    link_case(extracted, model=small_model)
    victim = _record_of(extracted, "Reza Karimi")[0]
    with extracted.read() as conn:
        person = conn.execute(
            select(person_records.c.person_id).where(person_records.c.id == victim)
        ).scalar_one()
    assert person is not None
    page = person_page(extracted, Viewer(None, "tester", "admin"), int(person))
    assert "execution" in [a.act_type for a in page.acts]
    export_public(extracted, tmp_path / "public")
    rows = (tmp_path / "public" / "acts.csv").read_text("utf-8").splitlines()
    assert any(row.split(",")[1] == "execution" and row.split(",")[2] == str(person) for row in rows[1:])
