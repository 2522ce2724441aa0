"""Extraction into the store, on every backend: candidates with attestations, review, idempotent re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from testament.errors import InputError
from testament.extract import (
    EXTRACTOR,
    accept_candidate,
    edit_candidate,
    export_mentions,
    extract_artifact,
    extract_case,
    list_candidates,
    reject_candidate,
)
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.facts import FactWriter
from testament.store.integrity import verify_case
from testament.store.records import list_person_records
from testament.store.schema import attestations, claims, mentions
from testament.vocab import CustodyEventType
from tests.extract.conftest import SEED
from tests.samples import CP1256_ROWS

TESTIMONY = (
    "My name is Parviz Kamali. On July 30, 1988 they took us to the corridor. Two days later Reza Karimi "
    "was hanged in Gohardasht. We later heard that 200 men were executed.\n"
)


def _ingest(case: Case, path: Path) -> int:
    outcome = ingest_files(case, [path], IngestOptions()).files[0]
    assert outcome.status == "ingested" and outcome.artifact_id is not None
    return outcome.artifact_id


@pytest.fixture
def testimony_id(fresh_case: Case, tmp_path: Path) -> int:
    path = tmp_path / "kamali.md"
    path.write_text(TESTIMONY, "utf-8")
    return _ingest(fresh_case, path)


def test_extract_writes_candidate_claims_with_span_attestations(fresh_case: Case, testimony_id: int) -> None:
    report = extract_artifact(fresh_case, testimony_id)
    assert report.new == sum(report.by_type.values()) and report.by_type["person"] == 2
    candidates = list_candidates(fresh_case)
    assert {c.status for c in candidates} == {"proposed"}
    hanged = next(c for c in candidates if c.type == "date" and c.text == "Two days later")
    assert hanged.value == "1988-08-01/1988-08-01" and hanged.artifact == "kamali.md"
    with fresh_case.read() as conn:
        row = conn.execute(
            select(claims, attestations.c.char_start, attestations.c.char_end, attestations.c.extractor,
                   attestations.c.locator_kind, attestations.c.original_text)
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .where(claims.c.id == hanged.claim_id)
        ).one()  # fmt: skip
    assert (row.predicate, row.subject_type, row.extractor, row.locator_kind) == (
        "date",
        "mention",
        EXTRACTOR,
        "span",
    )
    assert row.date_precision == "day" and row.date_start.isoformat() == "1988-08-01"
    assert TESTIMONY[row.char_start : row.char_end] == row.original_text == "Two days later"
    narrator = next(c for c in candidates if c.type == "person" and c.role == "narrator")
    with fresh_case.read() as conn:
        label = conn.execute(select(claims.c.sensitivity).where(claims.c.id == narrator.claim_id)).scalar()
    assert label == "restricted"  # a living witness's name starts closed


def test_reextract_keeps_reviews_and_changes_nothing_else(fresh_case: Case, testimony_id: int) -> None:
    extract_artifact(fresh_case, testimony_id)
    people = list_candidates(fresh_case, types=["person"])
    count = next(c for c in list_candidates(fresh_case, types=["count"]))
    accepted = accept_candidate(fresh_case, people[0].claim_id, reviewer="alice")
    rejected = reject_candidate(fresh_case, people[1].claim_id, reviewer="alice")
    edited = edit_candidate(fresh_case, count.claim_id, value="210", reviewer="alice")
    assert (accepted.status, rejected.status, edited.status, edited.value) == (
        "accepted",
        "rejected",
        "edited",
        "210",
    )

    report = extract_artifact(fresh_case, testimony_id)
    assert report.new == 0 and report.reviewed == 3 and report.withdrawn == 0
    after = {c.claim_id: c for c in list_candidates(fresh_case, statuses=None)}
    assert after[rejected.claim_id].status == "rejected"
    assert after[accepted.claim_id].status == "accepted" and after[accepted.claim_id].reviewer == "alice"
    assert after[count.claim_id].value == "210" and after[count.claim_id].proposed_value == "200"
    with fresh_case.read() as conn:
        assert conn.execute(select(func.count()).select_from(mentions)).scalar() == len(after)


def test_accepted_person_mention_becomes_a_person_record(fresh_case: Case, testimony_id: int) -> None:
    extract_artifact(fresh_case, testimony_id)
    victim = next(c for c in list_candidates(fresh_case, types=["person"]) if c.role == "victim")
    accept_candidate(fresh_case, victim.claim_id)
    records = list_person_records(fresh_case)
    assert len(records) == 1
    assert records[0]["fields"] == [
        {"predicate": "name", "column": None, "original": victim.text, "value": victim.text}
    ]
    assert list_candidates(fresh_case, statuses=["accepted"])[0].person_record_id == records[0]["id"]


def test_accepted_official_gets_proposed_held_position_claims(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "commission.txt"
    path.write_text(
        "In July 1988 Morteza Eshraghi, the prosecutor of Tehran, sat on the commission.", "utf-8"
    )
    extract_artifact(fresh_case, _ingest(fresh_case, path))
    official = next(c for c in list_candidates(fresh_case, types=["person"]) if c.role == "perpetrator")
    accept_candidate(fresh_case, official.claim_id)
    with fresh_case.read() as conn:
        rows = conn.execute(
            select(claims.c.value, claims.c.date_start, claims.c.date_end, claims.c.subject_type,
                   attestations.c.original_text, attestations.c.review_status)
            .join(attestations, attestations.c.claim_id == claims.c.id)
            .where(claims.c.predicate == "held_position")
            .order_by(claims.c.id)
        ).all()  # fmt: skip
    assert [(r.value, r.original_text, r.review_status, r.subject_type) for r in rows] == [
        ("prosecutor of Tehran", "prosecutor of Tehran", "proposed", "person_record"),
        ("commission member", "commission", "proposed", "person_record"),
    ]
    assert str(rows[0].date_start) == "1988-07-01" and str(rows[0].date_end) == "1988-07-31"
    assert verify_case(fresh_case).ok


def test_an_accepted_position_is_placed_at_the_case_s_place_row(fresh_case: Case, tmp_path: Path) -> None:
    texts = {
        "en.txt": "Hossein Mortazavi, the warden of Gohardasht, was there in August 1988.\n",
        "fa.txt": "در مرداد ۱۳۶۷ مرتضی اشراقی، دادستان تهران، در اوین بود.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
        extract_artifact(fresh_case, _ingest(fresh_case, tmp_path / name))
    for official in list_candidates(fresh_case, types=["person"]):
        accept_candidate(fresh_case, official.claim_id)
    with fresh_case.read() as conn:
        name = select(claims.c.subject_id, claims.c.value).where(claims.c.subject_type == "place").subquery()
        rows = conn.execute(
            select(claims.c.value, name.c.value.label("place"))
            .join(name, name.c.subject_id == claims.c.place_id)
            .where(claims.c.predicate == "held_position")
            .order_by(claims.c.id)
        ).all()  # fmt: skip
    # the place named with the position (not Evin, named later in the clause), as a row of the case
    assert [tuple(r) for r in rows] == [
        ("warden of Gohardasht", "Gohardasht"),
        ("prosecutor of Tehran", "Tehran"),
    ]
    assert verify_case(fresh_case).ok


def test_withdraw_unreviewed_candidates_the_rules_no_longer_find(fresh_case: Case, testimony_id: int) -> None:
    extract_artifact(fresh_case, testimony_id)
    with fresh_case.write() as conn:  # pretend an older rule set proposed a place that is not there
        stale = conn.execute(select(mentions.c.id).where(mentions.c.mention_type == "place")).scalar()
        facts = FactWriter(conn)  # sealed, as an extraction writes (a raw edit is refused as tampering)
        facts.written(mentions, [stale])
        conn.execute(mentions.update().where(mentions.c.id == stale).values(proposed_value="Nowhere"))
        append_events(conn, "tester", [NewEvent(CustodyEventType.EXTRACTED, facts.details(always=True))])
    report = extract_artifact(fresh_case, testimony_id)
    assert report.withdrawn == 1 and report.new == 1


def test_export_mentions_writes_one_json_object_per_candidate(
    fresh_case: Case, testimony_id: int, tmp_path: Path
) -> None:
    extract_case(fresh_case)
    out = tmp_path / "mentions.jsonl"
    n = export_mentions(fresh_case, out)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert n == len(lines) > 0
    for item in lines:
        assert item["artifact"] == "kamali.md"
        assert TESTIMONY[item["start"] : item["end"]] == item["text"]
        assert ("role" in item) == (item["type"] == "person")
    count = next(i for i in lines if i["type"] == "count")
    assert count["value"] == 200 and count["detail"]["stance"] == "hearsay"


def test_edit_rejects_values_that_do_not_fit_and_names_no_one(fresh_case: Case, testimony_id: int) -> None:
    extract_artifact(fresh_case, testimony_id)
    person = list_candidates(fresh_case, types=["person"])[0]
    with pytest.raises(InputError) as bad_role:
        edit_candidate(fresh_case, person.claim_id, role="hero")
    assert person.text not in str(bad_role.value) and "Hint" in str(bad_role.value)
    date = list_candidates(fresh_case, types=["date"])[0]
    with pytest.raises(InputError, match="not a date"):
        edit_candidate(fresh_case, date.claim_id, value="soon")
    moved = edit_candidate(fresh_case, date.claim_id, value="15 Mordad 1367")
    assert moved.value == "1988-08-06/1988-08-06"
    with pytest.raises(InputError, match="not an extraction candidate"):
        accept_candidate(fresh_case, 999_999)


@pytest.mark.sqlite
def test_extract_refuses_lists_and_finds_the_text_of_a_pdf(tmp_path: Path, settings: object) -> None:
    from fpdf import FPDF

    case = Case.create(tmp_path / "case", settings=settings)  # type: ignore[arg-type]
    try:
        (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
        list_id = _ingest(case, tmp_path / "l.csv")
        with pytest.raises(InputError, match="not a testimony"):
            extract_artifact(case, list_id)
        pdf = FPDF()
        for page in ("First page, nothing here.", "On 6 August 1988 Reza Karimi was hanged in Evin."):
            pdf.add_page()
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, page)
        pdf.output(str(tmp_path / "t.pdf"))
        pdf_id = _ingest(case, tmp_path / "t.pdf")
        report = extract_artifact(case, pdf_id)
        assert report.text_artifact_id != pdf_id and report.filename == "t.pdf"
        hanged = next(c for c in list_candidates(case, types=["act"]))
        assert hanged.page == 2 and hanged.artifact == "t.pdf"
        assert extract_artifact(case, report.text_artifact_id).new == 0  # the text's own id works too
        seed = tmp_path / SEED.name
        seed.write_bytes(SEED.read_bytes())
        seed_report = extract_artifact(case, _ingest(case, seed))
        assert seed_report.by_type["person"] == 10 and seed_report.language == "en"
    finally:
        case.close()


def test_extraction_and_review_are_logged_in_custody_without_content(
    fresh_case: Case, testimony_id: int
) -> None:
    from testament.store.custody import read_events
    from testament.store.integrity import verify_case

    extract_artifact(fresh_case, testimony_id)
    person = next(c for c in list_candidates(fresh_case) if c.type == "person")
    accept_candidate(fresh_case, person.claim_id, reviewer="ana")
    with fresh_case.read() as conn:
        events = read_events(conn)
    extracted = [e for e in events if e.event_type == "extracted"]
    reviewed = [e for e in events if e.event_type == "reviewed"]
    assert len(extracted) == 1 and json.loads(extracted[0].details)["new"] > 0
    assert len(reviewed) == 1 and reviewed[0].actor == "ana"
    assert json.loads(reviewed[0].details)["claim_id"] == person.claim_id
    for event in extracted + reviewed:  # counts and ids, never what the testimony says
        assert "Karimi" not in event.details and "Kamali" not in event.details
    assert not verify_case(fresh_case).findings
