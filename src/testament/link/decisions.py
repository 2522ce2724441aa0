"""Human decisions on pairs of records, kept as `identity_links` with origin "reviewer": who decided,
why, and which earlier decision on the same pair it replaces. Nothing is deleted: the newest decision on
a pair is the one that counts, and linkage never overrides it. Merging and splitting whole persons
(`persons.py`) is stored the same way, as decisions on pairs of their records."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from testament.errors import InputError
from testament.link.pipeline import Decision
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.records import coreference_links
from testament.store.schema import artifacts, identity_links, person_records
from testament.tabular import restore_cell
from testament.vocab import CustodyEventType

__all__ = ["LabelImport", "import_labels", "insert_decisions", "latest_decisions", "record_decision"]

_SAME = {"same", "match", "yes", "y", "true", "1", "s"}
_DIFFERENT = {"different", "non-match", "nonmatch", "no", "n", "false", "0", "d"}


def latest_decisions(conn: Connection) -> list[Decision]:
    """The newest reviewer decision on each pair of records (either order); those that are part of a merge
    or split of persons (`persons.py`) do not train the model (`Decision.learn`). Then the extractor's
    coreference links (`coreference_links`) on pairs no reviewer has decided: must-links that do not train
    the model (`by="extraction"`), so a testimony's "Lashgari" and "he" stay one person at every link run
    until a reviewer unlinks them."""
    reviewed = _latest_rows(conn)
    out = [Decision(a, b, same, learn) for (a, b), (_, same, learn) in reviewed.items()]
    out += [
        Decision(a, b, True, False, "extraction")
        for a, b in coreference_links(conn)
        if (a, b) not in reviewed
    ]
    return out


def _latest_rows(conn: Connection) -> dict[tuple[int, int], tuple[int, bool, bool]]:
    """(smaller record, larger record) → (id, same, learn) of the newest reviewer decision on that pair."""
    rows = conn.execute(
        select(
            identity_links.c.id,
            identity_links.c.record_a,
            identity_links.c.record_b,
            identity_links.c.decision,
            identity_links.c.action,
        )
        .where(identity_links.c.origin == "reviewer")
        .order_by(identity_links.c.id)
    ).all()
    return {
        (min(a, b), max(a, b)): (int(i), decision == "same", action is None)
        for i, a, b, decision, action in rows
    }


def insert_decisions(
    conn: Connection,
    rows: Sequence[tuple[int, int, bool, str, str | None]],
    details: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
    action: str | None = None,
    facts: FactWriter | None = None,
) -> list[int]:
    """Write (record a, record b, same, reviewer, reason) rows as reviewer decisions, each superseding the
    newest earlier one on its pair, and log one custody event by `actor` (default: the first row's
    reviewer): `details` (ids and counts only, never the reasons: free text may name people) with the
    rows' id range and answers added; with `details`, even when there are no rows. `action` marks rows
    that are part of a merge or split ("merge", "split"). The event seals the rows written, with what
    `facts` (the caller's writer, e.g. a merge's persons) sealed. For this package's writers (pair
    decisions, labels, merges and splits); takes the case's write connection."""
    if not rows and details is None:
        return []
    latest = _latest_rows(conn)
    extracted = coreference_links(conn)  # a reviewer's decision on such a pair replaces the extractor's
    first = Ids(conn).take(identity_links, len(rows))
    now = utc_now()
    values = []
    for offset, (a, b, same, reviewer, reason) in enumerate(rows):
        key = (min(a, b), max(a, b))
        before = latest.get(key)
        values.append(
            {
                "id": first + offset,
                "record_a": key[0],
                "record_b": key[1],
                "decision": "same" if same else "different",
                "origin": "reviewer",
                "score": None,
                "model_version": None,
                "reviewer": reviewer,
                "reason": reason or None,
                "supersedes": before[0] if before else extracted.get(key),
                "created_at": now,
                "run_id": None,
                "action": action,
            }
        )
        latest[key] = (first + offset, same, action is None)
    facts = facts or FactWriter(conn)
    facts.insert_mappings(identity_links, values)
    decided = [[v["record_a"], v["record_b"], v["decision"]] for v in values]
    logged = {"kind": "identity", **(details or {})}
    logged.update(identity_links=[first, first + len(rows) - 1] if rows else [], decisions=decided)
    logged.update(facts.details(always=True))
    who = actor or rows[0][3]
    append_events(conn, who, [NewEvent(CustodyEventType.REVIEWED, logged)])
    return list(range(first, first + len(rows)))


def _check_records(conn: Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    found = set(
        conn.execute(select(person_records.c.id).where(person_records.c.id.in_(sorted(ids)))).scalars()
    )
    return ids - found


def record_decision(
    case: Case, a: int, b: int, *, same: bool, reviewer: str, reason: str | None = None
) -> int:
    """Store one decision on records `a` and `b`; returns its identity-link id."""
    if a == b:
        raise InputError(
            f"records {a} and {b}: a record cannot be paired with itself", hint="pick two records"
        )
    if not reviewer.strip():
        raise InputError("a decision needs a reviewer", hint="set TESTAMENT_ACTOR or name the reviewer")
    with case.write() as conn:
        missing = _check_records(conn, {a, b})
        if missing:
            raise InputError(
                f"no person record with id {', '.join(map(str, sorted(missing)))}",
                hint="take record ids from `testament review links` or the persons export",
            )
        return insert_decisions(conn, [(a, b, same, reviewer, reason)])[0]


@dataclass
class LabelImport:
    file: str
    imported: int
    problems: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "imported": self.imported, "problems": self.problems}


def _record_by_row(conn: Connection) -> dict[tuple[str, int], int]:
    rows = conn.execute(
        select(person_records.c.id, artifacts.c.filename, person_records.c.row).join(
            artifacts, artifacts.c.id == person_records.c.artifact_id
        )
    ).all()
    return {(str(f), int(r)): int(i) for i, f, r in rows if r is not None}


def import_labels(case: Case, path: Path, *, reviewer: str) -> LabelImport:
    """Import labelled pairs from a CSV file with a header: either `record_a,record_b` (person record
    ids) or `file_a,row_a,file_b,row_b` (list file name and 1-based data row), then `decision` (same /
    different, or 1 / 0), and optionally `reason` and `reviewer`. The file lands whole or not at all."""
    name = path.name
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise InputError(
            f"{name}: cannot read it as UTF-8 text", hint="save the labels as a UTF-8 CSV"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip().lower() for h in (reader.fieldnames or [])}
    by_id = {"record_a", "record_b"} <= header
    by_row = {"file_a", "row_a", "file_b", "row_b"} <= header
    if "decision" not in header or not (by_id or by_row):
        raise InputError(
            f"{name}: the header needs record_a,record_b or file_a,row_a,file_b,row_b, and decision",
            hint="see docs/linkage.md for the labels file format",
        )
    problems: list[str] = []
    rows: list[tuple[int, int, bool, str, str | None]] = []
    with case.write() as conn:
        lookup = _record_by_row(conn) if by_row and not by_id else {}
        wanted: set[int] = set()
        for line, raw in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            decision = row.get("decision", "").lower()
            if decision in _SAME:
                same = True
            elif decision in _DIFFERENT:
                same = False
            else:
                problems.append(f"{name}, line {line}, column 'decision': expected same or different")
                continue
            try:
                if by_id:
                    a, b = int(row["record_a"]), int(row["record_b"])
                else:
                    # a file name copied from `export persons` may carry its formula-neutralising '
                    a = lookup[(restore_cell(row["file_a"]), int(row["row_a"]))]
                    b = lookup[(restore_cell(row["file_b"]), int(row["row_b"]))]
            except (ValueError, KeyError):
                what = "record ids" if by_id else "a list file and data row that were ingested"
                problems.append(f"{name}, line {line}: expected {what}")
                continue
            if a == b:
                problems.append(f"{name}, line {line}: both sides are record {a}")
                continue
            wanted.update((a, b))
            rows.append((a, b, same, row.get("reviewer") or reviewer, row.get("reason") or None))
        for missing in sorted(_check_records(conn, wanted)):
            problems.append(f"{name}: no person record with id {missing}")
        if problems:
            raise InputError(
                f"{name}: {len(problems)} problem(s); no labels were imported\n" + "\n".join(problems[:20]),
                hint="fix the lines named above and import the file again",
            )
        insert_decisions(conn, rows)
    return LabelImport(name, len(rows), [])
