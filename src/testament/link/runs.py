"""Linking a case: read its records and human decisions, link, and write the result back in one
transaction: person ids (stable where a person's records are unchanged), the pairs that joined each
person (as model identity links), the run with its model and input hashes, and the review queue."""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy import Column, Connection, Integer, MetaData, Table, select, text

from testament import __version__
from testament.link.decisions import latest_decisions
from testament.link.model import Model
from testament.link.pipeline import Decision, LinkOptions, LinkResult, link_records, record_sides
from testament.link.queue import QueueItem, select_queue
from testament.link.records import read_records
from testament.link.uncertainty import ClusterRules, LinkQuality, graph_of_result, link_quality
from testament.store.backend import bulk_insert
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import (
    identity_links,
    link_pairs,
    link_queue,
    link_runs,
    person_records,
    persons,
)
from testament.vocab import CustodyEventType

__all__ = ["CaseLink", "assign_person_ids", "link_case"]

_PAIR_BATCH = 200_000  # link_pairs rows built and written at a time


@dataclass
class CaseLink:
    """What a run did to the case (counts only; no names)."""

    run_id: int
    records: int
    persons: int
    persons_kept: int  # persons whose id carried over from the previous run
    persons_new: int
    decisions: int
    conflicts: list[tuple[int, int]]  # must-links refused because a cannot-link forbids them
    queue: int
    result: LinkResult
    quality: LinkQuality | None = None  # expected precision and recall, borderline pairs (uncertainty.py)
    pairs_kept: int = 0  # plausible candidate pairs stored in link_pairs for re-linking at estimate time

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "records": self.records,
            "persons": self.persons,
            "persons_kept": self.persons_kept,
            "persons_new": self.persons_new,
            "decisions": self.decisions,
            "conflicts": [list(c) for c in self.conflicts],
            "queue": self.queue,
            "pairs_kept": self.pairs_kept,
            **({"quality": self.quality.to_dict()} if self.quality is not None else {}),
            **{
                k: v for k, v in self.result.summary().items() if k not in ("records", "persons", "conflicts")
            },
        }


def assign_person_ids(
    labels: np.ndarray, record_ids: np.ndarray, previous: dict[int, int], next_id: int
) -> tuple[np.ndarray, int, int]:
    """A person id per record. A cluster keeps its previous person's id when it holds exactly that
    person's records, or when most of its records were that person's and most of that person's records
    are in it (a person that gained or lost a few records); otherwise it gets a new id. Returns
    (person id per record, how many persons kept an id, the next free id)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(labels.tolist()):
        members[c].append(i)
    old_size: dict[int, int] = defaultdict(int)
    for pid in previous.values():
        old_size[pid] += 1
    out = np.zeros(len(labels), dtype=np.int64)
    used: set[int] = set()
    kept = 0
    for c in sorted(members, key=lambda c: min(record_ids[i] for i in members[c])):
        idx = members[c]
        counts: dict[int, int] = defaultdict(int)
        for i in idx:
            before = previous.get(int(record_ids[i]))
            if before is not None:
                counts[before] += 1
        best = max(counts, key=lambda p: (counts[p], -p), default=None)
        if (
            best is not None
            and best not in used
            and 2 * counts[best] > len(idx)
            and 2 * counts[best] > old_size[best]
        ):
            pid = best
            kept += 1
        else:
            pid = next_id
            next_id += 1
        used.add(pid)
        out[idx] = pid
    return out, kept, next_id


def _input_hash(records: pa.Table, decisions: list[Decision], options: LinkOptions) -> str:
    digest = hashlib.sha256()
    for column in records.columns:
        for chunk in column.chunks:
            for buffer in chunk.buffers():
                if buffer is not None:
                    digest.update(memoryview(buffer))
    for d in sorted(decisions, key=lambda d: (d.a, d.b)):
        digest.update(f"{d.a},{d.b},{int(d.same)}{'' if d.learn else 'c'};".encode())
    digest.update(
        json.dumps(
            [
                options.threshold,
                options.same_source_threshold,
                options.duplicate_threshold,
                options.exclusive_sources,
            ]
        ).encode()
    )
    return digest.hexdigest()


def _code_version() -> str:
    import splink

    return f"{__version__}+splink{splink.__version__}"[:32]


def _evidence(result: LinkResult, k: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    for j, name in enumerate(result.pairs.comparisons):
        level = int(result.pairs.level[k, j])
        weight = result.model.levels[name][level] + float(result.pairs.tf[k, j])
        out.append([name, result.model.level_labels(name)[level], round(weight, 3)])
    return out


def _store_plausible_pairs(facts: FactWriter, result: LinkResult, run_id: int, floor: float) -> int:
    """Write the rows of `link_pairs`: candidate pairs with probability at least `floor`, smaller record
    first, in batches (a million records keep a few million pairs), in key order so the event's seal is
    streamed as they are written. Returns how many."""
    keep = np.flatnonzero(result.probabilities >= floor)
    a, b = result.pairs.a[keep], result.pairs.b[keep]
    lo, hi, p = np.minimum(a, b), np.maximum(a, b), result.probabilities[keep]
    order = np.lexsort((hi, lo))
    lo, hi, p = lo[order], hi[order], p[order]
    columns = ("run_id", "record_a", "record_b", "probability")
    for start in range(0, len(keep), _PAIR_BATCH):
        part = slice(start, start + _PAIR_BATCH)
        rows = zip(
            [run_id] * len(lo[part]), lo[part].tolist(), hi[part].tolist(), p[part].tolist(), strict=True
        )
        facts.insert_group(link_pairs, columns, list(rows), {"run_id": run_id})
    return len(keep)


def _update_person_ids(conn: Connection, changes: list[tuple[int, int]]) -> None:
    """Set person_id for (record id, person id) pairs: COPY into a temporary table on PostgreSQL, one
    executemany on SQLite."""
    if not changes:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("CREATE TEMP TABLE _testament_pid (id integer, person_id integer) ON COMMIT DROP"))
        temp = Table("_testament_pid", MetaData(), Column("id", Integer), Column("person_id", Integer))
        bulk_insert(conn, temp, ("id", "person_id"), changes)
        conn.execute(
            text(
                "UPDATE person_records SET person_id = t.person_id FROM _testament_pid t "
                "WHERE person_records.id = t.id"
            )
        )
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    cur = driver.cursor()
    try:
        cur.executemany("UPDATE person_records SET person_id = ? WHERE id = ?", [(p, r) for r, p in changes])
    finally:
        cur.close()


_LINK_COLUMNS = (
    "id", "record_a", "record_b", "decision", "origin", "score", "model_version", "created_at", "run_id",
)  # fmt: skip
_QUEUE_COLUMNS = ("id", "run_id", "record_a", "record_b", "score", "kind", "rank", "evidence")


def link_case(
    case: Case, options: LinkOptions | None = None, *, queue_size: int = 200, model: Model | None = None
) -> CaseLink:
    """Link every person record of `case` and write the persons back (see module doc). With `model` (the
    `result.model` of an earlier run), the case is relinked with that model: no training, its m and u."""
    options = options or LinkOptions()
    if case.config.encrypted and not options.encrypted:
        options = replace(options, encrypted=True)  # no plaintext on disk while linking
    records = read_records(case)
    decisions, previous = _read_decisions_and_persons(case)
    result = link_records(records, options, decisions, model=model)
    options = replace(options, threshold=result.threshold)  # the one chosen, when none was given
    quality = _measure_quality(result, records, options, decisions)
    queue = select_queue(
        result.pairs.a,
        result.pairs.b,
        result.probabilities,
        threshold=result.threshold,
        size=queue_size,
        decided=[(d.a, d.b) for d in decisions],
    )
    now = utc_now()
    record_ids = result.record_ids
    with case.write() as conn:
        facts = FactWriter(conn)  # seals every row the run writes, and the whole assignment of persons
        run_id = Ids(conn).take(link_runs)
        kept = _write_persons(conn, facts, result, previous)
        links = _identity_link_rows(conn, result, run_id, now)
        summary = _run_summary(result, options, quality, kept)
        facts.insert_mappings(
            link_runs, [_run_row(case, run_id, now, records, decisions, options, result, summary)]
        )
        facts.insert(identity_links, _LINK_COLUMNS, links)
        plausible = _store_plausible_pairs(facts, result, run_id, ClusterRules.of(options).floor)
        _write_queue(conn, facts, result, queue, run_id)
        details = {"run_id": run_id, "records": len(record_ids), "persons": result.clustering.count}
        append_events(
            conn,
            case.settings.actor,
            [NewEvent(CustodyEventType.LINKED, {**details, **facts.details(always=True)})],
        )
    conflicts = [(int(record_ids[x]), int(record_ids[y])) for x, y in result.clustering.conflicts]
    return CaseLink(
        run_id,
        len(record_ids),
        result.clustering.count,
        kept,
        result.clustering.count - kept,
        len(decisions),
        conflicts,
        len(queue),
        result,
        quality,
        plausible,
    )


def _read_decisions_and_persons(case: Case) -> tuple[list[Decision], dict[int, int]]:
    """The latest human decisions, and the person id each record had after the previous run."""
    with case.read() as conn:
        decisions = latest_decisions(conn)
        previous = {
            int(r): int(p)
            for r, p in conn.execute(
                select(person_records.c.id, person_records.c.person_id).where(
                    person_records.c.person_id.is_not(None)
                )
            )
        }
    return decisions, previous


def _measure_quality(
    result: LinkResult, records: pa.Table, options: LinkOptions, decisions: list[Decision]
) -> LinkQuality:
    """Expected precision and recall of the clustering, timed into `result.timings`."""
    started = time.perf_counter()
    sources = records.column("artifact_id").fill_null(-1).to_numpy()
    graph, labels = graph_of_result(result, sources, options, decisions, record_sides(records))
    quality = link_quality(graph, labels)
    result.timings["quality"] = time.perf_counter() - started
    return quality


def _write_persons(conn: Connection, facts: FactWriter, result: LinkResult, previous: dict[int, int]) -> int:
    """Give each cluster a person id (kept where `assign_person_ids` allows), insert the new persons and
    set `person_id` on the records that changed. Returns how many persons kept their id."""
    record_ids = result.record_ids
    next_person = Ids(conn).take(persons, 0)
    person_ids, kept, after = assign_person_ids(result.clustering.labels, record_ids, previous, next_person)
    facts.insert(
        persons,
        ("id", "kind", "sensitivity"),
        [(p, "individual", "internal") for p in range(next_person, after)],
    )
    # recomputed from sealed inputs, not copied from the rows: no check of the assignment it replaces
    facts.written(person_records, None, column="person_id", check=False)
    changes = [
        (int(r), int(p))
        for r, p in zip(record_ids.tolist(), person_ids.tolist(), strict=True)
        if previous.get(int(r)) != p
    ]
    _update_person_ids(conn, changes)
    return kept


def _identity_link_rows(conn: Connection, result: LinkResult, run_id: int, now: str) -> list[tuple[Any, ...]]:
    """Rows of `identity_links` (in `_LINK_COLUMNS` order) for the model's joins, smaller record first;
    inserted after the run row they point to."""
    record_ids = result.record_ids
    version = result.model.version
    link_id = Ids(conn).take(identity_links, 0)
    model_joins = [j for j in result.clustering.joins if j.origin == "model"]
    rows = []
    for offset, join in enumerate(model_joins):
        a, b = sorted((int(record_ids[join.a]), int(record_ids[join.b])))
        rows.append((link_id + offset, a, b, "same", "model", float(join.score), version, now, run_id))
    return rows


def _run_summary(result: LinkResult, options: LinkOptions, quality: LinkQuality, kept: int) -> dict[str, Any]:
    """The run's `summary` column: the result's counts and how it was reached (record ids, no names)."""
    record_ids = result.record_ids
    return {
        **result.summary(),
        "blocking": result.plan.to_dict(),
        "conflicts": [[int(record_ids[x]), int(record_ids[y])] for x, y in result.clustering.conflicts],
        "persons_kept": kept,
        "refused_joins": result.clustering.refused,
        "unsupervised_prior": result.unsupervised_prior,
        "cluster_rules": ClusterRules.of(options).to_dict(),
        "quality": quality.to_dict(),
    }


def _run_row(
    case: Case,
    run_id: int,
    now: str,
    records: pa.Table,
    decisions: list[Decision],
    options: LinkOptions,
    result: LinkResult,
    summary: dict[str, Any],
) -> dict[str, Any]:
    """The `link_runs` row: the model and the hashes of its inputs, so the run can be reproduced."""
    return {
        "id": run_id,
        "created_at": now,
        "actor": case.settings.actor,
        "engine": options.engine,
        "threshold": options.threshold,
        "model_version": result.model.version,
        "model": json.dumps(result.model.to_dict(), sort_keys=True, default=str),
        "input_hash": _input_hash(records, decisions, options),
        "code_version": _code_version(),
        "records": len(result.record_ids),
        "candidate_pairs": len(result.pairs),
        "persons": result.clustering.count,
        "labels": result.model.labels_used,
        "summary": json.dumps(summary, sort_keys=True, default=str),
    }


def _write_queue(
    conn: Connection, facts: FactWriter, result: LinkResult, queue: list[QueueItem], run_id: int
) -> None:
    """Insert the review queue: each pair smaller record first, with its score and the evidence of each
    comparison."""
    queue_id = Ids(conn).take(link_queue, 0)
    queue_rows = []
    for offset, item in enumerate(queue):
        a, b = int(result.pairs.a[item.pair]), int(result.pairs.b[item.pair])
        queue_rows.append(
            (
                queue_id + offset, run_id, min(a, b), max(a, b), float(result.probabilities[item.pair]),
                item.kind, item.rank, json.dumps(_evidence(result, item.pair)),
            )
        )  # fmt: skip
    facts.insert(link_queue, _QUEUE_COLUMNS, queue_rows)
