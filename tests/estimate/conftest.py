"""Cases to estimate from: synthetic scenarios whose lists spell prisons in Persian script (Arabic and Persian
letters) and in English, French and German, linked perfectly (from the scenario's truth) or by the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, update

from testament.ingest import IngestOptions, ingest_files
from testament.link import link_case
from testament.link.model import Model
from testament.store.case import Case
from testament.store.schema import person_records, persons
from testament.synthetic import generate, scenario, truth_of_case
from tests.link.conftest import FAST

STRATA_PEOPLE = 1000  # true N of the strata scenario


@pytest.fixture(scope="session")
def strata_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`realistic`, 1,000 people in 26 prisons, six lists in four languages and three formats."""
    out = tmp_path_factory.mktemp("estimate-strata")
    generate(out, scenario("realistic", people=STRATA_PEOPLE, testimonies=0), seed=5)
    return out


@pytest.fixture(scope="session")
def small_link_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("estimate-link")
    generate(out, scenario("realistic", people=150, testimonies=0), seed=21)
    return out


def ingest_lists(case: Case, scenario_dir: Path) -> None:
    report = ingest_files(case, sorted((scenario_dir / "lists").iterdir()), IngestOptions(skip_bad_rows=True))
    assert all(f.status == "ingested" for f in report.files), [f.message for f in report.files]


def link_by_truth(case: Case, scenario_dir: Path) -> dict[int, int]:
    """Perfect linkage: every list record's person is its true person (id = true id + 1). Returns the
    record → true person map."""
    truth = truth_of_case(case, scenario_dir)
    people = sorted({p for p in truth.values() if p >= 0})
    with case.write() as conn:
        conn.execute(
            insert(persons), [{"id": p + 1, "kind": "individual", "sensitivity": "internal"} for p in people]
        )
        for record, person in truth.items():
            if person >= 0:
                conn.execute(
                    update(person_records).where(person_records.c.id == record).values(person_id=person + 1)
                )
    return truth


@pytest.fixture
def strata_case(fresh_case: Case, strata_scenario: Path) -> Case:
    ingest_lists(fresh_case, strata_scenario)
    link_by_truth(fresh_case, strata_scenario)
    return fresh_case


@pytest.fixture
def linked_case(fresh_case: Case, small_link_scenario: Path, small_model: Model) -> Case:
    """A small case linked by the model (unsupervised), as a user would have it: the model trained once per
    session on these lists (`small_model`; `small_link_scenario` is the same scenario), not per backend."""
    ingest_lists(fresh_case, small_link_scenario)
    link_case(fresh_case, FAST, queue_size=0, model=small_model)
    return fresh_case
