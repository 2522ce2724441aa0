"""A synthetic accused: a commission member at Gohardasht in the summer of 1988, two testimonies from
different sources (one in Persian), acts of execution, imprisonment, flogging and refusal to inform the
family, evidence linked to elements, and a sealed witness name (the canary) in one testimony."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from testament.ingest import IngestOptions, ingest_files
from testament.legal import (
    Evidence,
    add_act,
    add_organisation,
    add_person,
    add_place,
    add_position,
    link_element,
)
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import attestations, claims, person_records
from testament.vocab import CustodyEventType
from tests.conftest import PASSPHRASE, PG_URL

CANARY = "Zohreh Canarypour"
TESTIMONY_A = (
    "I was arrested in Tehran in 1987 and held at Gohardasht without trial. In August 1988 the commission "
    "sat in the prison. My cellmate Ali Kazemi was taken before them and was executed the same day. "
    f"Only {CANARY} and I saw him taken. We were flogged every day. "
    "Our families were never told where the bodies were. Ali was a supporter of the Mojahedin.\n"
)
TESTIMONY_B = "علی کاظمی در گوهردشت اعدام شد. خانواده او هرگز خبری نگرفتند.\n"


@dataclass
class Scenario:
    case: Case
    accused: int
    victim: int
    place: int
    text_a: int
    text_b: int
    acts: dict[str, int]
    position: int


def span(artifact_text: str, needle: str, artifact_id: int, status: str = "accepted") -> Evidence:
    start = artifact_text.index(needle)
    return Evidence(
        artifact_id=artifact_id, original_text=needle, char_start=start, char_end=start + len(needle), page=1,
        relation="eyewitness", first_hand=True, review_status=status,
    )  # fmt: skip


def build(case: Case, folder: Path) -> Scenario:
    (folder / "a.txt").write_text(TESTIMONY_A, "utf-8")
    (folder / "b.txt").write_text(TESTIMONY_B, "utf-8")
    report = ingest_files(case, [folder / "a.txt", folder / "b.txt"], IngestOptions(kind="testimony"))
    a, b = (int(f.artifact_id or 0) for f in report.files)
    _seal_witness(case, a)
    accused = add_person(case, "Hamid Accusedi")
    victim = add_person(case, "Ali Kazemi")
    gohardasht = add_place(case, "Gohardasht")
    commission = add_organisation(case, "Gohardasht commission")
    position = add_position(
        case, accused, "commission member", place_id=gohardasht, organisation_id=commission,
        start="1988-07-28", end="1988-09-15", date_original="summer 1988",
        evidence=[span(TESTIMONY_A, "In August 1988 the commission sat in the prison", a)],
    )  # fmt: skip
    _extracted_position(case, a, accused)
    _affiliation(case, a, victim)
    acts = {
        "execution": add_act(
            case, "execution", victim_person_id=victim, place_id=gohardasht, start="1988-08-01",
            evidence=[
                ("victim_of", span(TESTIMONY_A, "was executed the same day", a)),
                ("victim_of", span(TESTIMONY_B, "علی کاظمی در گوهردشت اعدام شد", b)),
                # this quote names the sealed witness: withheld from roles without clearance
                ("victim_of", span(TESTIMONY_A, f"Only {CANARY} and I saw him taken", a)),
            ],
        ),
        "imprisonment": add_act(
            case, "imprisonment", victim_person_id=victim, place_id=gohardasht, start="1988-08-01",
            evidence=[("victim_of", span(TESTIMONY_A, "held at Gohardasht without trial", a))],
        ),
        "flogging": add_act(
            case, "flogging", victim_person_id=victim, place_id=gohardasht, start="1988-08-01",
            involvements_of=[(accused, "ordered", "commission member")],
            evidence=[("victim_of", span(TESTIMONY_A, "We were flogged every day", a, "proposed"))],
        ),
        "family_not_informed": add_act(
            case, "family_not_informed", victim_person_id=victim, place_id=gohardasht, start="1988-09-01",
            evidence=[
                ("victim_of", span(TESTIMONY_A, "Our families were never told where the bodies were", a)),
                ("victim_of", span(TESTIMONY_B, "خانواده او هرگز خبری نگرفتند", b)),
            ],
        ),
        # another place: no position links it to the accused
        "elsewhere": add_act(case, "execution", victim_person_id=victim, start="1988-08-01"),
    }  # fmt: skip
    link_element(case, "icc-rome-art7:a:conduct", "act", acts["execution"], strength="strong")
    link_element(case, "icc-rome-art7:e:conduct", "act", acts["imprisonment"])
    link_element(case, "icc-rome-art7:f:conduct", "act", acts["flogging"], strength="weak")
    link_element(case, "icc-rome-art7:i:refusal", "act", acts["family_not_informed"])
    link_element(
        case, "icc-rome-art7:h:conduct", "act", acts["execution"], stance="undermines",
        note=f"defence: sentence after a hearing (per {CANARY})",
    )  # fmt: skip
    link_element(case, "domestic-model:murder:killing", "act", acts["execution"])
    return Scenario(case, accused, victim, gohardasht, a, b, acts, position)


def _extracted_position(case: Case, text_id: int, person_id: int) -> None:
    """A `held_position` claim as extraction writes it: on a person record linked to the accused, proposed."""
    quote = "the commission"
    start = TESTIMONY_A.index(quote)
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        rid, cid, aid = ids.take(person_records), ids.take(claims), ids.take(attestations)
        facts.insert_mappings(
            person_records,
            [{"id": rid, "artifact_id": text_id, "row": None, "page": 1, "char_start": start,
              "char_end": start + len(quote), "person_id": person_id, "sensitivity": "internal"}],
        )  # fmt: skip
        facts.insert_mappings(
            claims,
            [{"id": cid, "subject_type": "person_record", "subject_id": rid, "predicate": "held_position",
              "value": "prosecutor", "date_start": "1988-01-01", "date_end": "1988-12-31",
              "stance": "affirms", "created_at": utc_now(), "sensitivity": "internal"}],
        )  # fmt: skip
        facts.insert_mappings(
            attestations,
            [{"id": aid, "claim_id": cid, "artifact_id": text_id, "locator_kind": "span", "page": 1,
              "char_start": start, "char_end": start + len(quote), "original_text": quote,
              "extractor": "extract:rules", "extractor_version": "test", "review_status": "proposed",
              "created_at": utc_now()}],
        )  # fmt: skip
        append_events(conn, "tester", [NewEvent(CustodyEventType.EXTRACTED, facts.details())])


def _affiliation(case: Case, text_id: int, person_id: int) -> None:
    """The victim's political affiliation (a `member_of` claim): suggests persecution's grounds."""
    quote = "Ali was a supporter of the Mojahedin"
    start = TESTIMONY_A.index(quote)
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        cid, aid = ids.take(claims), ids.take(attestations)
        facts.insert_mappings(
            claims,
            [{"id": cid, "subject_type": "person", "subject_id": person_id, "predicate": "member_of",
              "value": "Mojahedin", "stance": "affirms", "created_at": utc_now(), "sensitivity": "internal"}],
        )  # fmt: skip
        facts.insert_mappings(
            attestations,
            [{"id": aid, "claim_id": cid, "artifact_id": text_id, "locator_kind": "span", "page": 1,
              "char_start": start, "char_end": start + len(quote), "original_text": quote,
              "extractor": "reviewer", "extractor_version": "test", "review_status": "accepted",
              "created_at": utc_now()}],
        )  # fmt: skip
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details())])


def _seal_witness(case: Case, text_id: int) -> None:
    """The witness's record and name claim, sealed: the canary."""
    start = TESTIMONY_A.index(CANARY)
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        rid, cid, aid = ids.take(person_records), ids.take(claims), ids.take(attestations)
        facts.insert_mappings(
            person_records,
            [{"id": rid, "artifact_id": text_id, "row": None, "page": 1, "char_start": start,
              "char_end": start + len(CANARY), "sensitivity": "sealed"}],
        )  # fmt: skip
        facts.insert_mappings(
            claims,
            [{"id": cid, "subject_type": "person_record", "subject_id": rid, "predicate": "name",
              "value": CANARY, "stance": "affirms", "created_at": utc_now(), "sensitivity": "sealed"}],
        )  # fmt: skip
        facts.insert_mappings(
            attestations,
            [{"id": aid, "claim_id": cid, "artifact_id": text_id, "locator_kind": "span", "page": 1,
              "char_start": start, "char_end": start + len(CANARY), "original_text": CANARY,
              "extractor": "reviewer", "extractor_version": "test", "review_status": "accepted",
              "created_at": utc_now()}],
        )  # fmt: skip
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details())])


def _options(backend: str, pg_engine: object) -> tuple[dict[str, object], str | None]:
    if backend != "postgres":
        return {"encrypt": backend == "sqlcipher"}, None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with pg_engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    return {"db_url": f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"}, schema


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """The scenario on SQLite, built once per module."""
    folder = tmp_path_factory.mktemp("legal")
    case = Case.create(folder / "case", settings=Settings(actor="tester", passphrase=PASSPHRASE))
    yield build(case, folder)
    case.close()


@pytest.fixture(
    scope="module",
    params=[pytest.param(b, marks=getattr(pytest.mark, b)) for b in ("sqlite", "sqlcipher", "postgres")],
)
def scenario_on(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    """The scenario on each backend (SQLite, SQLCipher, PostgreSQL), built once per module and backend."""
    pg_engine = request.getfixturevalue("pg_engine") if request.param == "postgres" else None
    options, schema = _options(str(request.param), pg_engine)
    folder = tmp_path_factory.mktemp(f"legal-{request.param}")
    case = Case.create(
        folder / "case",
        settings=Settings(actor="tester", passphrase=PASSPHRASE),
        **options,  # type: ignore[arg-type]
    )
    yield build(case, folder)
    case.close()
    if schema is not None:
        with pg_engine.begin() as conn:  # type: ignore[union-attr]
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
