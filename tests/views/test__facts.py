"""The picture pages' readers that skip the gate for plainly readable rows (`person_facts`,
`readable_record_counts`) give what asking the gate about every row gives, for every role, on the planted
case (a witness, a relative, a sealed and a restricted claim) and after a record, a person and a file are
closed, a claim's only attestation is rejected and a list record becomes a witness's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from testament.store.access import Labeller
from testament.store.schema import artifacts, attestations, claims, mentions, person_records, persons
from testament.views._common import gated
from testament.views._facts import (
    _not_rejected,
    person_facts,
    readable,
    readable_record_counts,
    readable_records,
)
from tests.views.conftest import ROLES, Planted, backend_case, build_planted


@pytest.fixture(
    scope="module",
    params=[pytest.param(b, marks=getattr(pytest.mark, b)) for b in ("sqlite", "sqlcipher", "postgres")],
)
def planted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_engine: Any
) -> Iterator[Planted]:
    folder = tmp_path_factory.mktemp(f"facts-{request.param}")
    with backend_case(request.param, folder, pg_engine) as case:
        yield build_planted(case, folder)


def _gate_every_claim(planted: Planted, role: str, predicates: list[str]) -> tuple[set[tuple[int, int]], int]:
    """(person key, claim id) of every readable, not rejected claim of `predicates`, each asked of the gate
    (the way `person_facts` read them before), and how many the gate withheld."""
    with gated(planted.case, planted.viewers[role], "test") as reading:
        rows = reading.conn.execute(
            select(claims.c.id, claims.c.subject_id).where(
                claims.c.subject_type == "person_record", claims.c.predicate.in_(predicates)
            )
        ).all()
        rows = readable(reading, rows)
        kept = _not_rejected(reading, [int(r.id) for r in rows])
        records = readable_records(reading)
        withheld = reading.gate.withheld
    found = set()
    for r in rows:
        rid = int(r.subject_id)
        if int(r.id) in kept and rid in records:
            person = records[rid]
            found.add((person if person is not None else -rid, int(r.id)))
    return found, withheld


def _compare(planted: Planted) -> None:
    with planted.case.read() as conn:
        predicates = sorted(
            set(
                conn.execute(
                    select(claims.c.predicate).where(claims.c.subject_type == "person_record")
                ).scalars()
            )
        )
    for role in ROLES:
        expected, _ = _gate_every_claim(planted, role, predicates)
        with gated(planted.case, planted.viewers[role], "test") as reading:
            people = person_facts(reading, predicates)
        found = {(key, f.claim_id) for key, person in people.items() for f in person.facts}
        assert found == expected, role
        with gated(planted.case, planted.viewers[role], "test") as reading:
            records = readable_records(reading)
            slow = (len(records), len({p if p is not None else -r for r, p in records.items()}))
            slow_withheld = reading.gate.withheld
        with gated(planted.case, planted.viewers[role], "test") as reading:
            assert readable_record_counts(reading) == slow, role
            assert reading.gate.withheld == slow_withheld, role


def test_the_plain_rows_shortcut_reads_what_the_gate_reads(planted: Planted) -> None:
    _compare(planted)
    case = planted.case
    with case.write() as conn:  # Sara Niknam's list record is named as the testimony's narrator: a witness's
        record = conn.execute(
            select(person_records.c.id).where(
                person_records.c.artifact_id == planted.list_id,
                person_records.c.person_id == planted.other_person,
            )
        ).scalar_one()
        mention = conn.execute(
            select(mentions.c.id).where(mentions.c.artifact_id == planted.text_id).limit(1)
        )
        conn.execute(
            update(mentions)
            .where(mentions.c.id == mention.scalar_one())
            .values(person_record_id=record, role="narrator")
        )
        assert record in Labeller(conn).witness_records()
    _compare(planted)
    with case.write() as conn:  # the list's file closed: no list record is plain
        label = conn.execute(
            select(artifacts.c.sensitivity).where(artifacts.c.id == planted.list_id)
        ).scalar()
        conn.execute(
            update(artifacts).where(artifacts.c.id == planted.list_id).values(sensitivity="restricted")
        )
    _compare(planted)
    with (
        case.write() as conn
    ):  # open again; one of Ali Kazemi's records sealed, a claim's attestation rejected
        conn.execute(update(artifacts).where(artifacts.c.id == planted.list_id).values(sensitivity=label))
        ali = conn.execute(
            select(person_records.c.id).where(person_records.c.person_id == planted.victim_person).limit(1)
        ).scalar_one()
        conn.execute(update(person_records).where(person_records.c.id == ali).values(sensitivity="sealed"))
        conn.execute(
            update(attestations)
            .where(attestations.c.claim_id == planted.open_claim)
            .values(review_status="rejected")
        )
    _compare(planted)
    with case.write() as conn:  # and his person sealed
        conn.execute(
            update(persons).where(persons.c.id == planted.victim_person).values(sensitivity="sealed")
        )
    _compare(planted)
