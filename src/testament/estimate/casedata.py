"""Capture histories from a case: which lists each linked person appears on.

List j caught person p when a record of p comes from list source j (a source of kind `list`; lists are
named by source title, which is the file name unless `ingest --title` set another). Testimony mentions are
not counted: a testimony is not a list (see `testament.estimate.inputs`). A person's stratum is the
normalised value most of their list records give (see `testament.estimate.strata`).

The case is read once into `CaseRecords` (per list record: its list, file, person and stratum values);
`case_histories` makes histories from it for any assignment of records to persons, so that other plausible
linkages (`testament.estimate.linkage`) are counted exactly as the linkage the case holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.estimate.inputs import EstimateInput, choose_lists, histories_from_units, lists_used
from testament.estimate.strata import StrataRule, Stratification
from testament.store.case import Case
from testament.store.schema import artifacts, claims, person_records, sources
from testament.vocab import FIELD_PREDICATES, RecordField

__all__ = ["STRATA_FIELDS", "CaseRecords", "case_histories", "history_from_case", "read_case"]

STRATA_FIELDS = ("prison", "city", "affiliation", "sex", "burial_place", "fate")


@dataclass
class CaseRecords:
    """The list records of a case as estimation reads them, and the choices that made its histories."""

    where: str  # the case folder
    record_ids: list[int]
    titles: list[str]  # per record: its list (source title)
    person_ids: list[int | None]  # per record: the person linkage gave it (None: not linked yet)
    files: dict[str, tuple[str, ...]]  # list title -> its files, for every list with a linked record
    values: dict[int, list[str]] = field(default_factory=dict)  # record id -> its stratum field values
    everyone: int = 0  # persons of the case, testimony-only ones included
    strata: str | None = None  # the record field strata were made from
    chosen: list[str] = field(default_factory=list)  # the lists used
    rule: StrataRule | None = None


def history_from_case(case: Case, *, stratum_field: str | None = None) -> dict[str | None, CaptureHistory]:
    """One history (or one per stratum) from the persons linkage made (`read_case(...).histories`)."""
    return read_case(case, strata=stratum_field).histories


def _read_records(case: Case, strata: str | None) -> CaseRecords:
    if strata is not None and strata not in STRATA_FIELDS:
        raise InputError(
            f"--strata {strata}: not a stratum field", hint=f"use one of: {', '.join(STRATA_FIELDS)}"
        )
    where = str(case.path)
    with case.read() as conn:
        rows = conn.execute(
            select(person_records.c.id, person_records.c.person_id, sources.c.title, artifacts.c.filename)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(sources.c.kind == "list")
            .order_by(person_records.c.id)
        ).all()
        if not any(r.person_id is not None for r in rows):
            raise InputError(
                f"{where}: no linked persons on any list yet",
                hint="run `testament link CASE` first, or estimate from a pattern CSV",
            )
        everyone = len(
            set(
                conn.execute(
                    select(person_records.c.person_id)
                    .where(person_records.c.person_id.is_not(None))
                    .distinct()
                ).scalars()
            )
        )
        values: dict[int, list[str]] = defaultdict(list)
        if strata is not None:
            predicate = FIELD_PREDICATES[RecordField(strata)]
            for record, value in conn.execute(
                select(claims.c.subject_id, claims.c.value)
                .join(person_records, person_records.c.id == claims.c.subject_id)
                .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
                .join(sources, sources.c.id == artifacts.c.source_id)
                .where(
                    claims.c.subject_type == "person_record",
                    claims.c.predicate == predicate,
                    sources.c.kind == "list",
                )
                .order_by(claims.c.subject_id, claims.c.id)
            ):
                if value:
                    values[record].append(value)
    files: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.person_id is not None:
            files[r.title].add(r.filename)
    return CaseRecords(
        where,
        [int(r.id) for r in rows],
        [str(r.title) for r in rows],
        [int(r.person_id) if r.person_id is not None else None for r in rows],
        {title: tuple(sorted(files[title])) for title in sorted(files)},
        dict(values),
        everyone,
        strata,
    )


def case_histories(
    records: CaseRecords, persons: Mapping[int, int] | None = None
) -> tuple[dict[str | None, CaptureHistory], Stratification | None, int]:
    """Histories of `records` over their chosen lists, with persons as linkage gave them or, with
    `persons`, as that assignment (record id -> person) gives them (records it does not name are left
    out). Returns the histories, the strata made and the persons counted."""
    bit = {title: 1 << j for j, title in enumerate(records.chosen)}
    pattern: dict[int, int] = defaultdict(int)
    values: dict[int, list[str]] = defaultdict(list)
    for record, title, linked in zip(records.record_ids, records.titles, records.person_ids, strict=True):
        person = linked if persons is None else persons.get(record)
        if person is None:
            continue
        pattern[person] |= bit.get(title, 0)
        values[person].extend(records.values.get(record, ()))
    units = [(values.get(person, []), index, 1) for person, index in sorted(pattern.items())]
    histories, stratification = histories_from_units(
        units, records.chosen, stratum_field=records.strata, source=records.where, rule=records.rule
    )
    return histories, stratification, len(pattern)


def read_case(
    case: Case,
    *,
    strata: str | None = None,
    lists: Sequence[str] | None = None,
    rule: StrataRule | None = None,
) -> EstimateInput:
    """The capture histories of a linked case, with the lists used (all list sources, or those `lists`
    names by title or file name) and the strata made from record field `strata`. The records read stay
    on the result (`EstimateInput.case_records`) for re-estimating over other linkages."""
    records = _read_records(case, strata)
    where = records.where
    available = records.files
    if len(available) < 2:
        raise InputError(
            f"{where}: linked persons come from {len(available)} list(s)", hint="MSE needs two or more lists"
        )
    records.chosen = choose_lists(available, lists, where)
    records.rule = rule
    histories, stratification, _ = case_histories(records)
    data = EstimateInput(
        "case", where, histories, lists_used(histories, available), list(available), stratification
    )
    data.case_records = records
    data.notes.append(
        f"read from the case: {len(records.chosen)} list sources, {data.observed} linked persons"
    )
    left = [title for title in available if title not in records.chosen]
    if left:
        data.notes.append(f"left out by --lists: {', '.join(left)}")
    testimony_only = records.everyone - len({p for p in records.person_ids if p is not None})
    if testimony_only:
        data.notes.append(
            f"{testimony_only} person(s) known only from testimonies were not counted: a testimony is not a "
            "list, only list records make capture patterns"
        )
    unlinked = sum(p is None for p in records.person_ids)
    if unlinked:
        data.warnings.append(
            f"{unlinked} list record(s) have no person yet (ingested after the last link?) and were left "
            "out: run `testament link CASE`"
        )
    if stratification is not None:
        data.warnings.extend(stratification.warnings)
    return data
