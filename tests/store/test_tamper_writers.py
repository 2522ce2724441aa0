"""The tamper suite for every writer after ingest (issue 14): extraction, review of claims, link runs, link
review, merge, estimation. Each writes its rows under a seal in its custody event; an edit, deletion or
forged row in any table it wrote is caught by `verify`, named by table and row. One case is built per
backend (module scope); each test changes it with raw SQL, checks the findings, and puts it back."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, create_engine, delete, func, insert, select, text, update

from testament.errors import IntegrityFailure
from testament.estimate import CaptureHistory, EstimateOptions, run_estimates
from testament.estimate.store import save_results
from testament.extract import extract_case
from testament.extract.review import accept_candidate, edit_candidate, list_candidates, reject_candidate
from testament.ingest import IngestOptions, ingest_files
from testament.link import link_case, merge_persons, record_decision
from testament.link.model import Model
from testament.link.review import open_queue
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, read_events
from testament.store.facts import FactWriter
from testament.store.integrity import verify_case
from testament.store.schema import (
    attestations,
    claims,
    estimate_runs,
    identity_links,
    link_pairs,
    link_queue,
    link_runs,
    mentions,
    person_records,
    persons,
)
from testament.synthetic import generate, scenario
from testament.vocab import CustodyEventType
from tests.conftest import MSE_DATA, PASSPHRASE, PG_URL
from tests.link.conftest import FAST

TESTIMONY = (
    "I am Maryam Ahmadi. On 12 Mordad 1367 my brother Reza Moradi was taken from Evin prison to the "
    "commission. Later we heard that 160 prisoners were executed at Gohardasht. Behrouz Karimi, a fellow "
    "prisoner, was hanged on 6 August 1988.\n"
)


def _build(case: Case, work: Path, model: Model) -> None:
    generate(work / "scenario", scenario("realistic", people=60, testimonies=0), seed=5)
    (work / "testimony.txt").write_text(TESTIMONY, "utf-8")
    lists = sorted((work / "scenario" / "lists").iterdir())
    assert ingest_files(case, [*lists, work / "testimony.txt"], IngestOptions(skip_bad_rows=True)).ok
    extract_case(case)
    found = list_candidates(case)
    person = next(c for c in found if c.type == "person")
    accept_candidate(case, person.claim_id, reviewer="reviewer")  # a person record, a moved claim
    date = next(c for c in found if c.type == "date")
    edit_candidate(case, date.claim_id, value="1988-08-03/1988-08-03", reviewer="reviewer")
    other = next(c for c in found if c.claim_id not in (person.claim_id, date.claim_id))
    reject_candidate(case, other.claim_id, reviewer="reviewer")
    extract_case(case)  # again: refreshes what is still proposed, keeps what was reviewed
    # with the session's trained model (`small_model`): what is sealed is the run's writing, not training
    link_case(case, FAST, queue_size=5, model=model)
    item = open_queue(case)[0]
    record_decision(case, item.left.record_id, item.right.record_id, same=False, reviewer="reviewer")
    with case.read() as conn:
        two = list(
            conn.execute(
                select(person_records.c.person_id)
                .where(person_records.c.person_id.is_not(None))
                .group_by(person_records.c.person_id)
                .order_by(person_records.c.person_id)
                .limit(2)
            ).scalars()
        )
    merge_persons(case, two, reviewer="reviewer")
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "kosovo.csv")[None]
    save_results(case, run_estimates({None: history}, EstimateOptions(methods=("loglinear",), model="Mt")))


@pytest.fixture(
    scope="module",
    params=[pytest.param(b, marks=getattr(pytest.mark, b)) for b in ("sqlite", "sqlcipher", "postgres")],
)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, small_model: Model
) -> Iterator[Case]:
    """A case every writer has written to, on one backend (built once per module and backend)."""
    work = tmp_path_factory.mktemp(f"writers-{request.param}")
    settings = Settings(actor="tester", passphrase=PASSPHRASE)
    options: dict[str, Any] = {"encrypt": request.param == "sqlcipher"}
    engine = None
    if request.param == "postgres":
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = {"db_url": f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"}
    case = Case.create(work / "case", settings=settings, **options)
    _build(case, work, small_model)
    yield case
    case.close()
    if engine is not None:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def _found(case: Case) -> list[tuple[str, str]]:
    return sorted((f.kind, f.where) for f in verify_case(case, record=False).findings)


def _row(case: Case, table: Table, *where: Any) -> dict[str, Any]:
    pk = next(iter(table.primary_key.columns))
    with case.read() as conn:
        return dict(conn.execute(select(table).where(*where).order_by(pk).limit(1)).mappings().one())


def _key(table: Table, row: dict[str, Any]) -> Any:
    return [table.c[c.name] == row[c.name] for c in table.primary_key.columns]


def _where(table: Table, row: dict[str, Any]) -> str:
    if table is link_pairs:
        return f"link_pairs {row['run_id']} {row['record_a']} {row['record_b']}"
    return f"{table.name} {row['id']}"


# (table, the row to change, column, forged value): one row of every table a writer after ingest wrote
_EXTRACTED = claims.c.id.in_(select(mentions.c.claim_id))  # not the list's claims (ingest's, test_tamper.py)
_REVIEWER_PAIR = identity_links.c.action.is_(None) & (identity_links.c.origin == "reviewer")
_PICKS: dict[str, tuple[Table, Callable[[], Any], str, Any]] = {
    "claims.extracted": (claims, lambda: claims.c.subject_type == "mention", "value", "forged"),
    "claims.edited": (
        claims,
        lambda: _EXTRACTED & claims.c.value.like("1988-08-03/%"),
        "date_start",
        date(1900, 1, 1),
    ),
    "claims.moved": (
        claims,
        lambda: _EXTRACTED & (claims.c.subject_type == "person_record"),
        "subject_id",
        10**6,
    ),
    "attestations.reviewed": (
        attestations,
        lambda: attestations.c.reviewer == "reviewer",
        "review_status",
        "proposed",
    ),
    "attestations.proposed": (
        attestations,
        lambda: attestations.c.extractor == "extract:rules",
        "confidence",
        0.01,
    ),
    "mentions": (mentions, lambda: mentions.c.id > 0, "role", "perpetrator"),
    "mentions.accepted": (
        mentions,
        lambda: mentions.c.person_record_id.is_not(None),
        "person_record_id",
        None,
    ),
    "person_records.reviewed": (person_records, lambda: person_records.c.row.is_(None), "char_start", 0),
    "person_records.person_id": (person_records, lambda: person_records.c.person_id > 0, "person_id", None),
    "persons": (persons, lambda: persons.c.id > 0, "sensitivity", "public"),
    "identity_links.model": (identity_links, lambda: identity_links.c.origin == "model", "score", 0.5),
    "identity_links.reviewer": (identity_links, lambda: _REVIEWER_PAIR, "decision", "same"),
    "identity_links.merge": (identity_links, lambda: identity_links.c.action == "merge", "reviewer", "other"),
    "link_runs": (link_runs, lambda: link_runs.c.id > 0, "threshold", 0.01),
    "link_queue": (link_queue, lambda: link_queue.c.id > 0, "score", 0.123),
    "link_pairs": (link_pairs, lambda: link_pairs.c.run_id > 0, "probability", 0.999),
    "estimate_runs": (estimate_runs, lambda: estimate_runs.c.id > 0, "estimate", 1.0),
}


def test_verify_case_every_writer_wrote_to_checks_every_row(built: Case) -> None:
    report = verify_case(built, record=False)
    assert report.ok, report.to_dict()
    assert report.notes == []  # every row of every table is under a live seal
    with built.read() as conn:
        kinds = {e.event_type for e in read_events(conn)}
    assert {"extracted", "reviewed", "linked", "estimated"} <= kinds


@pytest.mark.parametrize("pick", list(_PICKS))
def test_verify_edit_to_a_written_row_names_it(built: Case, pick: str) -> None:
    table, where, column, value = _PICKS[pick]
    row = _row(built, table, where())
    try:
        with built.write() as conn:
            conn.execute(update(table).where(*_key(table, row)).values({column: value}))
        assert _found(built) == [("row_changed", _where(table, row))]
    finally:
        with built.write() as conn:
            conn.execute(update(table).where(*_key(table, row)).values({column: row[column]}))
    assert _found(built) == []


_LEAVES = ["attestations.proposed", "mentions", "identity_links.model", "link_queue", "estimate_runs"]
_LEAVES += ["persons"]


@pytest.mark.parametrize("pick", _LEAVES)
def test_verify_deleted_written_row_names_it(built: Case, pick: str) -> None:
    table, where = _PICKS[pick][0], _PICKS[pick][1]()
    if pick == "mentions":  # a mention nothing points at
        where = mentions.c.person_record_id.is_(None)
    if table is persons:  # the person a merge emptied: no record points at it
        held = select(person_records.c.person_id).where(person_records.c.person_id.is_not(None))
        where = ~persons.c.id.in_(held)
    row = _row(built, table, where)
    try:
        with built.write() as conn:
            conn.execute(delete(table).where(*_key(table, row)))
        assert _found(built) == [("row_vanished", _where(table, row))]
    finally:
        with built.write() as conn:
            conn.execute(insert(table), [row])
    assert _found(built) == []


def test_verify_deleted_link_pair_names_the_run(built: Case) -> None:
    row = _row(built, link_pairs, link_pairs.c.run_id > 0)
    try:
        with built.write() as conn:
            conn.execute(delete(link_pairs).where(*_key(link_pairs, row)))
        assert _found(built) == [("row_vanished", f"link_pairs (run_id {row['run_id']})")]
    finally:
        with built.write() as conn:
            conn.execute(insert(link_pairs), [row])


_FORGED = ["claims", "attestations", "mentions", "person_records", "persons", "identity_links", "link_runs",
           "link_queue", "estimate_runs"]  # fmt: skip


@pytest.mark.parametrize("name", _FORGED)
def test_verify_forged_row_names_it(built: Case, name: str) -> None:
    table = {t.name: t for t in (claims, attestations, mentions, person_records, persons, identity_links,
                                 link_runs, link_queue, estimate_runs)}[name]  # fmt: skip
    row = _row(built, table, table.c.id > 0)
    with built.read() as conn:
        row["id"] = int(conn.execute(select(func.max(table.c.id))).scalar_one()) + 1
    if table is mentions:
        row["proposed_value"] = "forged"  # (artifact, type, span, value) is unique
    if table is person_records:
        row["person_id"] = None
    try:
        with built.write() as conn:
            conn.execute(insert(table), [row])
        assert _found(built) == [("row_appeared", f"{name} {row['id']}")]
    finally:
        with built.write() as conn:
            conn.execute(delete(table).where(table.c.id == row["id"]))


def test_verify_forged_link_pair_in_a_sealed_run_names_the_run(built: Case) -> None:
    row = _row(built, link_pairs, link_pairs.c.run_id > 0)
    row["record_b"] = 10**6
    try:
        with built.write() as conn:
            conn.execute(insert(link_pairs), [row])
        assert _found(built) == [("row_appeared", f"link_pairs (run_id {row['run_id']})")]
    finally:
        with built.write() as conn:
            conn.execute(delete(link_pairs).where(*_key(link_pairs, row)))


def test_verify_forged_row_at_a_withdrawn_id_names_it(built: Case) -> None:
    """A row put back at an id inside a sealed range that a later event deleted (as extraction withdraws
    candidates): the id is in no live seal, so it has appeared."""
    row = _row(
        built, attestations, attestations.c.reviewer.is_(None), attestations.c.extractor == "extract:rules"
    )
    with built.write() as conn:
        facts = FactWriter(conn)
        facts.delete(attestations, [row["id"]])
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details(always=True))])
    assert _found(built) == []
    try:
        with built.write() as conn:
            conn.execute(insert(attestations), [row])
        assert _found(built) == [("row_appeared", f"attestations {row['id']}")]
    finally:
        with built.write() as conn:
            conn.execute(delete(attestations).where(attestations.c.id == row["id"]))


def test_write_over_a_tampered_row_is_refused(built: Case) -> None:
    """A writer that seals rows again checks their seal first: it never blesses an unlogged change."""
    row = _row(built, person_records, person_records.c.person_id.is_not(None))
    other = _row(built, person_records, person_records.c.person_id != row["person_id"])
    try:
        with built.write() as conn:
            conn.execute(
                update(person_records)
                .where(person_records.c.id == row["id"])
                .values(person_id=other["person_id"])
            )
        with pytest.raises(IntegrityFailure, match=f"person_records {row['id']}"):
            merge_persons(built, [row["person_id"], other["person_id"]], reviewer="reviewer")
    finally:
        with built.write() as conn:
            conn.execute(
                update(person_records)
                .where(person_records.c.id == row["id"])
                .values(person_id=row["person_id"])
            )
    assert _found(built) == []
