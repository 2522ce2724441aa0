"""A synthetic case for the picture views (dashboard, timeline, places): the `easy` scenario's clean lists
and testimonies, ingested, extracted and linked by the scenario's truth, so every number can be checked
against what the generator knows."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from sqlalchemy import insert, update

from testament.extract import extract_case
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.schema import person_records, persons
from testament.synthetic import generate, scenario, truth_of_case

__all__ = ["WAVE_START", "build_case", "make_scenario"]

WAVE_START = datetime.date(1988, 7, 25)  # the synthetic population's week 0 (a Monday)


def make_scenario(out: Path, *, people: int = 150, lists: int = 3, testimonies: int = 8) -> Path:
    """`easy` resized, with a third of the testimonies in Persian."""
    spec = dataclasses.replace(
        scenario("easy", people=people, lists=lists, testimonies=testimonies), persian_testimony_share=0.3
    )
    generate(out, spec, seed=11)
    return out


def build_case(case: Case, folder: Path) -> dict[int, int]:
    """Ingest the lists and testimonies, extract, and link by the truth (person id = true id + 1). Returns
    record id → true person (-1 for testimony records)."""
    files = sorted((folder / "lists").iterdir()) + sorted((folder / "testimonies").iterdir())
    report = ingest_files(case, files, IngestOptions(skip_bad_rows=True))
    assert all(f.status == "ingested" for f in report.files), [f.message for f in report.files]
    extract_case(case)
    truth = truth_of_case(case, folder)
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
