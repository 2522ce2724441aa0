"""End to end: a position read in a testimony, accepted in review, links its holder to an act at its place
in the case file, with no position re-entered by hand; and a position's place and dates set by hand on the
extracted claim. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from testament.errors import InputError, NotFoundError
from testament.extract import accept_candidate, extract_artifact, list_candidates
from testament.ingest import IngestOptions, ingest_files
from testament.legal import add_act, add_person, add_place, correct_position, render_case_file
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.facts import FactWriter
from testament.store.integrity import verify_case
from testament.store.schema import attestations, claims, person_records
from testament.vocab import CustodyEventType

# our own sentence
TESTIMONY = (
    "Ebrahim Raisi, the deputy prosecutor of Tehran, sat on the commission at Evin in the summer of 1988.\n"
)


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _extracted(case: Case, folder: Path) -> int:
    """Ingest, extract and accept the official; link the record to a person (as linkage or a reviewer's
    merge would: `link_case` trains a model, seconds a case this small does not need). Returns the person."""
    path = folder / "testimony.txt"
    path.write_text(TESTIMONY, "utf-8")
    artifact = ingest_files(case, [path], IngestOptions(kind="testimony")).files[0].artifact_id
    extract_artifact(case, int(artifact or 0))
    (official,) = [c for c in list_candidates(case, types=["person"]) if c.text == "Ebrahim Raisi"]
    record = accept_candidate(case, official.claim_id).person_record_id
    person = add_person(case, "Ebrahim Raisi")
    with case.write() as conn:
        facts = FactWriter(conn)
        facts.written(person_records, [int(record or 0)], column="person_id")
        conn.execute(update(person_records).where(person_records.c.id == record).values(person_id=person))
        append_events(conn, "tester", [NewEvent(CustodyEventType.LINKED, facts.details())])
    return person


def _positions(case: Case) -> dict[str, tuple[int | None, str, str]]:
    with case.read() as conn:
        rows = conn.execute(
            select(claims.c.value, claims.c.place_id, claims.c.date_start, claims.c.date_end)
            .where(claims.c.predicate == "held_position")
        ).all()  # fmt: skip
    return {r.value: (r.place_id, str(r.date_start), str(r.date_end)) for r in rows}


def test_an_extracted_position_links_its_holder_to_the_act_there_and_then(
    fresh_case: Case, tmp_path: Path
) -> None:
    evin = add_place(fresh_case, "Evin Prison")  # entered first by hand: extraction finds this row
    execution = add_act(fresh_case, "execution", place_id=evin, start="1988-08-10")
    add_act(fresh_case, "execution", place_id=evin, start="1988-11-10")  # after the summer: not linked
    person = _extracted(fresh_case, tmp_path)

    positions = _positions(fresh_case)
    tehran = positions["deputy prosecutor of Tehran"][0]
    assert positions["commission member"] == (evin, "1988-06-01", "1988-09-22")
    assert tehran is not None and tehran != evin  # a new place row, from the gazetteer
    made = render_case_file(fresh_case, person, Viewer.local(fresh_case), charges=["icc-rome-art7:a"])
    assert [a.act_id for a in made.data.acts] == [execution]
    assert any("commission member" in how for how in made.data.acts[0].involvement)
    places = {p.position: p.place for p in made.data.positions}
    assert places == {"deputy prosecutor of Tehran": "Tehran", "commission member": "Evin Prison"}
    assert verify_case(fresh_case).ok


def test_a_position_s_place_and_dates_are_corrected_by_hand_and_reviewed(
    fresh_case: Case, tmp_path: Path
) -> None:
    person = _extracted(fresh_case, tmp_path)
    gohardasht = add_place(fresh_case, "Gohardasht")
    act = add_act(fresh_case, "execution", place_id=gohardasht, start="1988-07-30")
    with fresh_case.read() as conn:
        claim = conn.execute(
            select(claims.c.id).where(claims.c.value == "deputy prosecutor of Tehran")
        ).scalar_one()
    with pytest.raises(InputError, match="before start"):
        correct_position(fresh_case, claim, start="1988-09-01", end="1988-08-01")
    with pytest.raises(NotFoundError, match="no held_position"):
        correct_position(fresh_case, 1, place_id=gohardasht)
    correct_position(fresh_case, claim, place_id=gohardasht, start="1988-07-28", reviewer="alice")

    assert _positions(fresh_case)["deputy prosecutor of Tehran"] == (gohardasht, "1988-07-28", "1988-09-22")
    with fresh_case.read() as conn:
        review = conn.execute(
            select(attestations.c.review_status, attestations.c.reviewer).where(
                attestations.c.claim_id == claim
            )
        ).all()
    assert [tuple(r) for r in review] == [("edited", "alice")]
    made = render_case_file(fresh_case, person, Viewer.local(fresh_case), charges=["icc-rome-art7:a"])
    assert act in {a.act_id for a in made.data.acts}
    assert verify_case(fresh_case).ok
