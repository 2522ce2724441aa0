"""Capture histories from a case (`testament.estimate.casedata`), each rule stated by the test that defends
it: which records count, which lists a person is on, a person's stratum, and what is said about what was left
out. One small hand-linked case per backend (SQLite, PostgreSQL), read but never written by the tests.

The case: three lists (amnesty, families, prisons), a fourth (late) whose only record is not linked yet, and
a testimony naming Mina twice (in Evin, against her list's Gohardasht) and one person no list has.

| person | amnesty | families | prisons | prison (list records) | pattern |
|---|---|---|---|---|---|
| Ali    | Evin | Evin | Gohardasht | Evin (2 of 3) | 7 |
| Reza   | Evin | | | Evin | 1 |
| Sara   | Gohardasht | Gohardasht | | Gohardasht | 3 |
| Nima   | | Gohardasht | | Gohardasht | 2 |
| Omid   | | Evin | Evin | Evin | 6 |
| Mina   | | | Gohardasht | Gohardasht | 4 |
| Hamid  | | | Qezel Hesar | Qezel Hesar | 4 |
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from testament.errors import InputError
from testament.estimate.casedata import (
    STRATA_FIELDS,
    CaseRecords,
    case_histories,
    history_from_case,
    read_case,
)
from testament.estimate.strata import UNKNOWN, StrataRule
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import utc_now
from testament.store.ids import Ids
from testament.store.schema import artifacts, claims, person_records, persons
from testament.vocab import FIELD_PREDICATES, RecordField
from tests.conftest import PG_URL

LISTS = {
    "amnesty.csv": [("Ali Karimi", "Evin"), ("Reza Tehrani", "Evin"), ("Sara Ahmadi", "Gohardasht")],
    "families.csv": [
        ("Ali Karimi", "Evin"),
        ("Sara Ahmadi", "Gohardasht"),
        ("Nima Rostami", "Gohardasht"),
        ("Omid Jafari", "Evin"),
    ],
    "prisons.csv": [
        ("Ali Karimi", "Gohardasht"),
        ("Omid Jafari", "Evin"),
        ("Mina Sadeghi", "Gohardasht"),
        ("Hamid Moradi", "Qezel Hesar"),
    ],
    "late.csv": [("Late Record", "Evin")],
}
PEOPLE = [
    "Ali Karimi",
    "Reza Tehrani",
    "Sara Ahmadi",
    "Nima Rostami",
    "Omid Jafari",
    "Mina Sadeghi",
    "Hamid Moradi",
]
TITLES = ["amnesty.csv", "families.csv", "prisons.csv"]  # lists with a linked record, in title order
# pattern index (amnesty 1, families 2, prisons 4) -> persons
ALL = [0, 1, 1, 1, 2, 0, 1, 1]
EVIN = [0, 1, 0, 0, 0, 0, 1, 1]  # Reza, Omid, Ali
GOHARDASHT = [0, 0, 1, 1, 1, 0, 0, 0]  # Nima, Sara, Mina
QEZEL = [0, 0, 0, 0, 1, 0, 0, 0]  # Hamid


def _csv(rows: list[tuple[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "prison"])
    writer.writerows(rows)
    return buffer.getvalue()


def _link(case: Case) -> None:
    """Link list records by name (as a linkage run would, without its cost); add the testimony's persons."""
    with case.write() as conn:
        first = Ids(conn).take(persons, len(PEOPLE) + 1)
        ids = {name: first + i for i, name in enumerate(PEOPLE)}
        conn.execute(
            insert(persons),
            [
                {"id": i, "kind": "individual", "sensitivity": "internal"}
                for i in range(first, first + len(PEOPLE) + 1)
            ],
        )
        for record, value in conn.execute(
            select(claims.c.subject_id, claims.c.value).where(claims.c.predicate == "name")
        ).all():
            if value in ids:
                conn.execute(
                    update(person_records).where(person_records.c.id == record).values(person_id=ids[value])
                )
        testimony = conn.execute(
            select(artifacts.c.id).where(artifacts.c.filename == "witness.txt")
        ).scalar_one()
        mentions = Ids(conn).take(person_records, 3)
        who = [ids["Mina Sadeghi"], ids["Mina Sadeghi"], first + len(PEOPLE)]  # the last: on no list
        conn.execute(
            insert(person_records),
            [{"id": mentions + i, "artifact_id": testimony, "person_id": p} for i, p in enumerate(who)],
        )
        said = Ids(conn).take(claims, 2)
        prison = FIELD_PREDICATES[RecordField("prison")]
        conn.execute(
            insert(claims),
            [
                {"id": said + i, "subject_type": "person_record", "subject_id": mentions + i,
                 "predicate": prison, "value": "Evin", "created_at": utc_now()}
                for i in range(2)
            ],
        )  # fmt: skip


def _make(folder: Path, **options: object) -> Case:
    paths = []
    for name, rows in LISTS.items():
        (folder / name).write_text(_csv(rows), "utf-8")
        paths.append(folder / name)
    (folder / "witness.txt").write_text("A witness saw Mina in Evin, and someone else.\n", "utf-8")
    case = Case.create(folder / "case", settings=Settings(actor="tester"), **options)
    assert ingest_files(case, paths, IngestOptions(kind="list")).ok
    assert ingest_files(case, [folder / "witness.txt"], IngestOptions()).ok
    _link(case)
    return case


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ],
)
def linked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    folder = tmp_path_factory.mktemp(f"casedata-{request.param}")
    schema = None
    options: dict[str, object] = {}
    if request.param == "postgres":
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with request.getfixturevalue("pg_engine").begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options["db_url"] = f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"
    case = _make(folder, **options)
    yield case
    case.close()
    if schema is not None:
        with request.getfixturevalue("pg_engine").begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _person_ids(case: Case) -> dict[str, int]:
    with case.read() as conn:
        rows = conn.execute(
            select(claims.c.value, person_records.c.person_id)
            .join(person_records, person_records.c.id == claims.c.subject_id)
            .where(claims.c.predicate == "name", person_records.c.person_id.is_not(None))
        ).all()
    return {str(name): int(person) for name, person in rows}


def _counts(data: object) -> list[int]:
    return [int(c) for c in data.counts]  # type: ignore[attr-defined]


def test_read_case_a_person_is_on_each_list_one_of_their_records_comes_from(linked: Case) -> None:
    """Rule: list j caught person p when a record of p comes from list j; lists are the list sources with
    a linked record, named by source title (the file name), in title order; each pattern is counted once
    per person, however many records make it."""
    data = read_case(linked)
    (history,) = data.histories.values()
    assert list(data.histories) == [None]
    assert history.lists == tuple(TITLES) and _counts(history) == ALL
    assert history.source == str(linked.path)  # named in the estimators' messages
    assert (data.kind, data.source, data.observed) == ("case", str(linked.path), 7)
    assert data.available == TITLES
    assert [(u.name, u.files, u.persons) for u in data.lists] == [
        ("amnesty.csv", ("amnesty.csv",), 3),
        ("families.csv", ("families.csv",), 4),
        ("prisons.csv", ("prisons.csv",), 4),
    ]
    (again,) = history_from_case(linked).values()
    assert again.lists == history.lists and _counts(again) == ALL


def test_read_case_says_what_it_read_and_what_it_left_out(linked: Case) -> None:
    """Rule: the notes say how many lists and persons were read and that testimony-only persons were not
    counted (persons, not mentions: Mina's two mentions do not make her testimony-only); a list record
    with no person yet is left out with a warning to link again."""
    data = read_case(linked)
    assert data.notes == [
        "read from the case: 3 list sources, 7 linked persons",
        "1 person(s) known only from testimonies were not counted: a testimony is not a list, only list "
        "records make capture patterns",
    ]
    assert data.warnings == [
        "1 list record(s) have no person yet (ingested after the last link?) and were left out: run "
        "`testament link CASE`"
    ]


def test_read_case_lists_chosen_by_file_name_and_the_others_named_as_left_out(linked: Case) -> None:
    """Rule: `--lists` keeps the lists it names (a person on none of them is not observed) and the notes
    name the lists it left out."""
    data = read_case(linked, lists=["prisons", "AMNESTY.csv"])
    (history,) = data.histories.values()
    assert history.lists == ("amnesty.csv", "prisons.csv")
    # amnesty 1, prisons 2: Reza, Sara 1; Omid, Mina, Hamid 2; Ali 3; Nima (families only) is not observed
    assert _counts(history) == [0, 2, 3, 1]
    assert "left out by --lists: families.csv" in data.notes
    assert data.case_records is not None and data.case_records.chosen == ["amnesty.csv", "prisons.csv"]
    with pytest.raises(InputError, match=f"{linked.path}: no list named 'nope'") as refused:
        read_case(linked, lists=["nope", "amnesty"])
    assert refused.value.hint is not None and "amnesty.csv" in refused.value.hint


def test_read_case_a_persons_stratum_is_what_most_of_their_list_records_give(linked: Case) -> None:
    """Rule: a person's stratum is the value most of their list records give (Ali: Evin twice, Gohardasht
    once); what a testimony says is not a list record's value (Mina stays in Gohardasht)."""
    data = read_case(linked, strata="prison", rule=StrataRule(min_persons=1, min_overlap=0))
    assert sorted(data.histories) == ["Evin", "Ghezel Hesar", "Gohardasht"]  # the gazetteer's names
    assert _counts(data.histories["Evin"]) == EVIN
    assert _counts(data.histories["Gohardasht"]) == GOHARDASHT
    assert _counts(data.histories["Ghezel Hesar"]) == QEZEL
    assert all(h.lists == tuple(TITLES) for h in data.histories.values())
    assert data.strata is not None and data.strata.field_name == "prison"
    assert data.case_records is not None and data.case_records.strata == "prison"


def test_history_from_case_makes_strata_by_the_field_named(linked: Case) -> None:
    """Rule: `history_from_case` stratifies by the field it is given, under the default rule (50 persons a
    stratum: too many for this case, so it is refused rather than estimated without strata)."""
    with pytest.raises(InputError, match="too few to estimate by prison"):
        history_from_case(linked, stratum_field="prison")


def test_case_histories_a_person_with_no_value_is_in_the_unknown_stratum() -> None:
    """Rule: a person none of whose list records gives the stratum field is counted in `(unknown)`, not
    left out."""
    records = CaseRecords(
        "toy",
        [1, 2, 3, 4],
        ["a", "b", "a", "b"],
        [10, 10, 20, 30],
        {"a": ("a.csv",), "b": ("b.csv",)},
        values={1: ["Evin"], 2: ["Evin"]},
        strata="prison",
        chosen=["a", "b"],
        rule=StrataRule(min_persons=1, min_overlap=0),
    )
    histories, stratification, counted = case_histories(records)
    assert counted == 3 and stratification is not None
    assert {k: _counts(h) for k, h in histories.items()} == {"Evin": [0, 0, 0, 1], UNKNOWN: [0, 1, 1, 0]}


def test_read_case_strata_too_small_are_merged_with_a_warning(linked: Case) -> None:
    """Rule: the strata rule given is the one applied (the default, 50 persons, refuses strata this small),
    and what it merged is said among the input's warnings."""
    with pytest.raises(InputError, match="too few to estimate by prison"):
        read_case(linked, strata="prison")
    rule = StrataRule(min_persons=2, min_overlap=0)
    data = read_case(linked, strata="prison", rule=rule)
    assert data.strata is not None and data.strata.rule == rule and data.strata.warnings
    assert data.warnings[-len(data.strata.warnings) :] == data.strata.warnings
    assert any("Ghezel Hesar" in w for w in data.warnings)


def test_case_histories_count_another_linkage_exactly(linked: Case) -> None:
    """Rule: histories for another assignment of records to persons count that assignment (records it does
    not name are left out), and the persons counted are the persons it makes."""
    records = read_case(linked).case_records
    assert records is not None
    by_person: dict[int | None, list[int]] = {}
    for record, person in zip(records.record_ids, records.person_ids, strict=True):
        by_person.setdefault(person, []).append(record)
    ids = _person_ids(linked)
    reza, nima = ids["Reza Tehrani"], ids["Nima Rostami"]
    merged = {r: reza for r in by_person[reza] + by_person[nima]}  # Reza and Nima one person
    histories, stratification, counted = case_histories(records, merged)
    assert (_counts(histories[None]), stratification, counted) == ([0, 0, 0, 1, 0, 0, 0, 0], None, 1)
    same, _, counted = case_histories(records)
    assert (_counts(same[None]), counted) == (ALL, 7)


def test_read_case_strata_field_must_be_a_record_field(linked: Case) -> None:
    """Rule: strata come from a record field that can make them; any other is refused naming the ones
    that can."""
    with pytest.raises(InputError, match="--strata name: not a stratum field") as refused:
        read_case(linked, strata="name")
    assert refused.value.hint == f"use one of: {', '.join(STRATA_FIELDS)}"


def _plain(tmp_path: Path, files: dict[str, list[tuple[str, str]]]) -> Case:
    paths = []
    for name, rows in files.items():
        (tmp_path / name).write_text(_csv(rows), "utf-8")
        paths.append(tmp_path / name)
    case = Case.create(tmp_path / "case", settings=Settings(actor="tester"))
    assert ingest_files(case, paths, IngestOptions(kind="list")).ok
    return case


def test_read_case_before_any_linkage_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    lists = {"a.csv": [("Ali Karimi", "Evin")], "b.csv": [("Reza Tehrani", "Evin")]}
    with (
        _plain(tmp_path, lists) as case,
        pytest.raises(InputError, match="no linked persons on any list yet") as refused,
    ):
        read_case(case)
    assert refused.value.hint is not None and "testament link CASE" in refused.value.hint


def test_read_case_with_persons_from_one_list_only_is_refused(tmp_path: Path) -> None:
    """Rule: estimation needs two lists with linked persons; a list whose records are all unlinked does
    not count as one."""
    with _plain(tmp_path, {"a.csv": [("Ali Karimi", "Evin")], "b.csv": [("Reza Tehrani", "Evin")]}) as case:
        with case.write() as conn:
            conn.execute(insert(persons), [{"id": 1, "kind": "individual", "sensitivity": "internal"}])
            first = conn.execute(select(person_records.c.id).order_by(person_records.c.id)).scalars().first()
            conn.execute(update(person_records).where(person_records.c.id == first).values(person_id=1))
        with pytest.raises(InputError, match=r"linked persons come from 1 list\(s\)") as refused:
            read_case(case)
    assert refused.value.hint == "MSE needs two or more lists"


def test_read_case_with_persons_from_two_lists_is_estimable(tmp_path: Path) -> None:
    """Rule: two lists with linked persons are enough (the least multiple systems estimation needs)."""
    lists = {"a.csv": [("Ali Karimi", "Evin")], "b.csv": [("Ali Karimi", "Gohardasht")]}
    with _plain(tmp_path, lists) as case:
        with case.write() as conn:
            conn.execute(insert(persons), [{"id": 1, "kind": "individual", "sensitivity": "internal"}])
            conn.execute(update(person_records).values(person_id=1))
        (history,) = read_case(case).histories.values()
    assert history.lists == ("a.csv", "b.csv") and _counts(history) == [0, 0, 0, 1]
