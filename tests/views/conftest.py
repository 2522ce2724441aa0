"""A case with protected fields planted where a page would naturally show them: a witness whose name (Latin
and Persian script) is in a testimony and on a person record, a relative's address (restricted), and a
sealed claim on a victim; four users, one per role."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import insert, text, update

from testament.extract import extract_artifact
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store import users
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import (
    attestations,
    claims,
    link_queue,
    link_runs,
    person_records,
    persons,
)
from testament.store.users import add_user
from testament.vocab import CustodyEventType
from tests.conftest import PASSPHRASE, PG_URL

CANARY_LATIN = "Zohreh Canarypour"
CANARY_PERSIAN = "زهره قناری‌پور"
CANARY_ADDRESS = "17 Canary Lane, Shiraz"
CANARY_SEALED = "SEALED-CANARY-7731"
CANARIES = {
    "witness_latin": CANARY_LATIN,
    "witness_persian": CANARY_PERSIAN,
    "address": CANARY_ADDRESS,
    "sealed": CANARY_SEALED,
}
# Which role may read which canary.
CLEARED = {
    "viewer": set(),
    "analyst": set(),
    "investigator": {"witness_latin", "witness_persian", "address"},
    "admin": {"witness_latin", "witness_persian", "address", "sealed"},
}
ROLES = ("viewer", "analyst", "investigator", "admin")
# The planted users' passwords are hashed by argon2id at test strength: Testament's parameters (argon2-cffi's
# defaults, RFC 9106 low-memory: 64 MiB, 3 passes) cost about 0.2 s of CPU a hash, four per planted case and
# one case per test and backend here. tests/store/test_users.py checks that accounts get the real ones.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "plum orbit lantern seventy"

LIST_CSV = (
    "name,father name,birth year\nAli Kazemi,Mohammad,1340\nعلی کاظمی,محمد,1340\nSara Niknam,Ahmad,1345\n"
)
TESTIMONY = (
    f"My name is {CANARY_LATIN} ({CANARY_PERSIAN}). I saw Ali Kazemi in the prison in the summer of 1988. "
    f"My mother lives at {CANARY_ADDRESS}. The prison file number was {CANARY_SEALED}.\n"
)


@dataclass(frozen=True)
class Planted:
    case: Case
    viewers: dict[str, Viewer]
    list_id: int
    text_id: int
    victim_person: int  # Ali Kazemi: two list records (Latin and Persian), with the sealed claim
    other_person: int  # Sara Niknam
    witness_person: int
    relative_person: int
    witness_claims: list[int]
    address_claim: int
    sealed_claim: int
    open_claim: int  # an ordinary name claim anyone may read
    pair_id: int


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _plant(case: Case, text_id: int, list_records: list[int]) -> dict[str, object]:
    now = utc_now()
    with case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        witness, relative = ids.take(person_records, 2), 0
        relative = witness + 1
        span = _span(TESTIMONY, CANARY_LATIN)
        facts.insert_mappings(
            person_records,
            [
                {"id": witness, "artifact_id": text_id, "row": None, "page": 1, "char_start": span[0],
                 "char_end": span[1], "sensitivity": "internal"},
                {"id": relative, "artifact_id": text_id, "row": None, "page": 1, "char_start": None,
                 "char_end": None, "sensitivity": "internal"},
            ],
        )  # fmt: skip
        planted = [
            # (subject, predicate, value, sensitivity, span text)
            (witness, "name", CANARY_LATIN, "internal", CANARY_LATIN),
            (witness, "name", CANARY_PERSIAN, "internal", CANARY_PERSIAN),
            (
                witness,
                "witnessed",
                "saw Ali Kazemi in the prison",
                "internal",
                "I saw Ali Kazemi in the prison",
            ),
            (relative, "relative_of", "mother", "internal", "My mother"),
            (relative, "resided_in", CANARY_ADDRESS, "restricted", CANARY_ADDRESS),
            (list_records[0], "note", CANARY_SEALED, "sealed", CANARY_SEALED),
        ]
        first = ids.take(claims, len(planted))
        first_att = ids.take(attestations, len(planted))
        claim_rows, att_rows = [], []
        for i, (subject, predicate, value, label, quoted) in enumerate(planted):
            start, end = _span(TESTIMONY, quoted)
            claim_rows.append(
                {"id": first + i, "subject_type": "person_record", "subject_id": subject,
                 "predicate": predicate, "value": value, "stance": "affirms", "created_at": now,
                 "sensitivity": label}
            )  # fmt: skip
            att_rows.append(
                {"id": first_att + i, "claim_id": first + i, "artifact_id": text_id, "locator_kind": "span",
                 "page": 1, "char_start": start, "char_end": end, "original_text": quoted,
                 "relation": "eyewitness", "first_hand": True, "extractor": "reviewer",
                 "extractor_version": "test", "review_status": "accepted", "created_at": now}
            )  # fmt: skip
        facts.insert_mappings(claims, claim_rows)
        facts.insert_mappings(attestations, att_rows)
        append_events(
            conn, "tester", [NewEvent(CustodyEventType.REVIEWED, {"planted": True, **facts.details()})]
        )
        # persons, as a link run would assign them
        p = ids.take(persons, 4)
        conn.execute(
            insert(persons),
            [{"id": p + i, "kind": "individual", "sensitivity": "internal"} for i in range(4)],
        )
        assignment = {
            list_records[0]: p,
            list_records[1]: p,
            list_records[2]: p + 1,
            witness: p + 2,
            relative: p + 3,
        }
        for record, person in assignment.items():
            conn.execute(update(person_records).where(person_records.c.id == record).values(person_id=person))
        run = ids.take(link_runs)
        conn.execute(
            insert(link_runs),
            [{"id": run, "created_at": now, "actor": "tester", "engine": "duckdb", "threshold": 0.5,
              "model_version": "test", "model": "{}", "input_hash": "0" * 64, "code_version": "test",
              "records": 5, "candidate_pairs": 1, "persons": 4, "labels": 0, "summary": "{}"}],
        )  # fmt: skip
        pair = ids.take(link_queue)
        conn.execute(
            insert(link_queue),
            [{"id": pair, "run_id": run, "record_a": list_records[0], "record_b": list_records[2],
              "score": 0.5, "kind": "uncertain", "rank": 0,
              "evidence": json.dumps([["name", "different", -1.5]])}],
        )  # fmt: skip
    return {
        "persons": (p, p + 1, p + 2, p + 3),
        "witness_claims": [first, first + 1, first + 2],
        "address_claim": first + 4,
        "sealed_claim": first + 5,
        "pair_id": pair,
    }


@pytest.fixture
def planted(fresh_case: Case, tmp_path: Path) -> Iterator[Planted]:
    yield build_planted(fresh_case, tmp_path)


@contextmanager
def backend_case(backend: str, folder: Path, pg_engine: Any) -> Iterator[Case]:
    """A new case on `backend` in `folder` (PostgreSQL: in a schema of its own, dropped afterwards): for
    fixtures of wider scope than `fresh_case`'s."""
    options: dict[str, Any] = {"encrypt": backend == "sqlcipher"}
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if backend == "postgres":
        with pg_engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = {"db_url": f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"}
    case = Case.create(folder / "case", settings=Settings(actor="tester", passphrase=PASSPHRASE), **options)
    try:
        yield case
    finally:
        case.close()
        if backend == "postgres":
            with pg_engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def build_planted(case: Case, folder: Path) -> Planted:
    """Plant the protected fields and the four users in `case` (see module doc)."""
    (folder / "victims.csv").write_text(LIST_CSV, "utf-8")
    (folder / "testimony.txt").write_text(TESTIMONY, "utf-8")
    report = ingest_files(case, [folder / "victims.csv", folder / "testimony.txt"], IngestOptions())
    assert report.ok, report.to_dict()
    list_id, text_id = (f.artifact_id for f in report.files)
    assert list_id is not None and text_id is not None
    with case.read() as conn:
        records = sorted(
            conn.execute(person_records.select().where(person_records.c.artifact_id == list_id)).scalars()
        )
        open_claim = conn.execute(
            claims.select().where(claims.c.subject_id == records[0], claims.c.predicate == "name")
        ).scalar_one()
    made = _plant(case, text_id, records)
    extract_artifact(case, text_id)  # proposed candidates for the claim review queue
    viewers = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_HASHER", TEST_HASHER)
        for role in ROLES:
            user = add_user(case, f"{role}1", PASSWORD, role)
            viewers[role] = Viewer.from_user(user)
    victim, other, witness, relative = made["persons"]  # type: ignore[misc]
    return Planted(
        case=case, viewers=viewers, list_id=list_id, text_id=text_id, victim_person=victim,
        other_person=other, witness_person=witness, relative_person=relative,
        witness_claims=made["witness_claims"], address_claim=made["address_claim"],  # type: ignore[arg-type]
        sealed_claim=made["sealed_claim"], open_claim=int(open_claim), pair_id=made["pair_id"],  # type: ignore[arg-type]
    )  # fmt: skip
