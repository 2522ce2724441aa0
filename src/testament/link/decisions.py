"""Human decisions on pairs of records, kept as `identity_links` with origin "reviewer": who decided,
why, and which earlier decision on the same pair it replaces. Nothing is deleted: the newest decision on
a pair is the one that counts, and linkage never overrides it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from testament.errors import InputError
from testament.link.pipeline import Decision
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.ids import Ids
from testament.store.schema import artifacts, identity_links, person_records
from testament.tabular import restore_cell
from testament.vocab import CustodyEventType

__all__ = ["LabelImport", "import_labels", "latest_decisions", "record_decision"]

_SAME = {"same", "match", "yes", "y", "true", "1", "s"}
_DIFFERENT = {"different", "non-match", "nonmatch", "no", "n", "false", "0", "d"}


def latest_decisions(conn: Connection) -> list[Decision]:
    """The newest reviewer decision on each pair of records (either order)."""
    rows = conn.execute(
        select(
            identity_links.c.id,
            identity_links.c.record_a,
            identity_links.c.record_b,
            identity_links.c.decision,
        )
        .where(identity_links.c.origin == "reviewer")
        .order_by(identity_links.c.id)
    ).all()
    latest: dict[tuple[int, int], Decision] = {}
    for _, a, b, decision in rows:
        key = (min(a, b), max(a, b))
        latest[key] = Decision(key[0], key[1], decision == "same")
    return list(latest.values())


def _previous(conn: Connection, a: int, b: int) -> int | None:
    lo, hi = min(a, b), max(a, b)
    found = conn.execute(
        select(func.max(identity_links.c.id)).where(
            identity_links.c.origin == "reviewer",
            ((identity_links.c.record_a == lo) & (identity_links.c.record_b == hi))
            | ((identity_links.c.record_a == hi) & (identity_links.c.record_b == lo)),
        )
    ).scalar()
    return int(found) if found is not None else None


def _insert_decisions(conn: Connection, rows: list[tuple[int, int, bool, str, str | None]]) -> list[int]:
    ids = []
    next_id = Ids(conn).take(identity_links, len(rows))
    now = utc_now()
    for a, b, same, reviewer, reason in rows:
        lo, hi = min(a, b), max(a, b)
        conn.execute(
            insert(identity_links),
            [
                {
                    "id": next_id,
                    "record_a": lo,
                    "record_b": hi,
                    "decision": "same" if same else "different",
                    "origin": "reviewer",
                    "score": None,
                    "model_version": None,
                    "reviewer": reviewer,
                    "reason": reason or None,
                    "supersedes": _previous(conn, lo, hi),
                    "created_at": now,
                    "run_id": None,
                }
            ],
        )
        ids.append(next_id)
        next_id += 1
    if rows:  # record ids and answers only: reasons are free text and may name people
        decided = [[min(a, b), max(a, b), "same" if same else "different"] for a, b, same, _, _ in rows]
        details = {"kind": "identity", "identity_links": [ids[0], ids[-1]], "decisions": decided}
        append_events(conn, rows[0][3], [NewEvent(CustodyEventType.REVIEWED, details)])
    return ids


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
        return _insert_decisions(conn, [(a, b, same, reviewer, reason)])[0]


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
        _insert_decisions(conn, rows)
    return LabelImport(name, len(rows), [])
