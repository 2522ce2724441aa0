"""Person search through the name index answers exactly what a scan of every name claim answers (the
search before the index, kept here as the reference), for every role, with a page limit that stops the
index early, in Persian script and Latin spellings; protected names stay unfound."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from testament.ingest import IngestOptions, ingest_files
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.schema import attestations, claims, person_records, persons
from testament.views import search_persons
from testament.views._common import gated, hide_case_terms
from testament.views.persons import NAME_PREDICATES, PersonHit, _hits, _matches, _readable_names, name_keys
from tests.views.conftest import Planted

GIVEN = ["Ali", "Reza", "Zahra", "Maryam", "علی", "زهرا"]
SURNAMES = ["Kazemi", "Hosseini", "کاظمی", "حسینی", "Karimi"]
QUERIES = ["کاظمی", "Ali Kazemi", "Hos", "حسینی زهرا", "Canarypour", "Zz"]


def _scan(case: Case, viewer: Viewer, query: str, limit: int) -> list[PersonHit]:
    """The search as it was before the index: every name claim of the case read and matched."""
    wanted = name_keys(query[:200])
    if not wanted:
        return []
    with gated(case, viewer, "search_persons") as reading:
        rows: list[Any] = list(
            reading.conn.execute(
                select(claims.c.id, claims.c.subject_id, claims.c.value, attestations.c.original_text)
                .join(attestations, attestations.c.claim_id == claims.c.id)
                .where(claims.c.subject_type == "person_record", claims.c.predicate.in_(NAME_PREDICATES))
            )
        )
        keys: dict[int, set[str]] = {}
        for r in rows:
            keys.setdefault(int(r.subject_id), set()).update(
                name_keys(r.original_text or ""), name_keys(r.value or "")
            )
        matched = {rid for rid, k in keys.items() if _matches(wanted, k)}
        readable = _readable_names(reading, [r for r in rows if int(r.subject_id) in matched])
        if readable:
            hide_case_terms(reading)
        return _hits(reading, readable, limit)


def _more_people(case: Case, folder: Path) -> None:
    """100 more list rows, linked two by two into persons far apart in id order (so a person's second record
    comes after a page of hits), one of them restricted."""
    lines = ["name,birth year"] + [f"{GIVEN[i % 6]} {SURNAMES[i % 5]},{1330 + i % 20}" for i in range(100)]
    (folder / "more.csv").write_text("\n".join(lines) + "\n", "utf-8")
    report = ingest_files(case, [folder / "more.csv"], IngestOptions())
    assert report.ok, report.to_dict()
    with case.write() as conn:
        records = sorted(
            conn.execute(
                select(person_records.c.id).where(person_records.c.artifact_id == report.files[0].artifact_id)
            ).scalars()
        )
        first = 10_000_000
        conn.execute(persons.insert(), [{"id": first + i, "kind": "individual"} for i in range(50)])
        for i, rid in enumerate(records):
            conn.execute(
                update(person_records).where(person_records.c.id == rid).values(person_id=first + i % 50)
            )
        conn.execute(
            update(person_records).where(person_records.c.id == records[7]).values(sensitivity="restricted")
        )


def test_the_index_answers_what_a_scan_answers(planted: Planted, tmp_path: Path) -> None:
    _more_people(planted.case, tmp_path)
    compared = 0
    for role in ("viewer", "investigator"):  # the two sides of the protected fields
        viewer = planted.viewers[role]
        for query in QUERIES:
            for limit in (3, 50):
                expected = _scan(planted.case, viewer, query, limit)
                assert search_persons(planted.case, viewer, query, limit=limit) == expected, (
                    role,
                    query,
                    limit,
                )
                compared += bool(expected)
    assert compared > 12  # most questions have answers: the comparison is not of empty lists
    assert search_persons(planted.case, planted.viewers["viewer"], "Canarypour") == []
