"""Verification of sealed rows (`testament.store.facts`): every live seal recomputed from the rows as they
are now, naming each row that changed, vanished or appeared, by table and id."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, func, or_, select

from testament.store.facts import (
    FULLY_COVERED,
    _merge,
    _Seal,
    event_seals,
    fetch_all,
    live_seals,
    read_range,
    row_bytes,
    seal_target,
    select_sql,
)
from testament.store.schema import metadata

__all__ = ["RowFinding", "RowsCheck", "check_entry", "verify_rows"]

_NAMED = 20  # rows named one by one per event and table; the rest are counted
# Tables whose writers logged no custody event before seals existed: with no seal yet, their rows are old.
_SILENT_BEFORE = frozenset(
    {"persons", "identity_links", "link_runs", "link_queue", "link_pairs", "estimate_runs"}
)


@dataclass(frozen=True)
class RowFinding:
    kind: str  # row_changed, row_vanished, row_appeared, rows_changed, rows_unsealed
    where: str
    message: str


@dataclass
class RowsCheck:
    rows_checked: int = 0
    findings: list[RowFinding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, where: str, message: str) -> None:
        self.findings.append(RowFinding(kind, where, message))


def _ranges(ids: Sequence[Sequence[int]]) -> Iterator[tuple[int, int]]:
    for first, last in ids:
        yield int(first), int(last)


def _check_unset(conn: Connection, seq: int, table: Table, entry: Mapping[str, Any], out: RowsCheck) -> None:
    """Rows of the entry where a column the writer left to the database no longer holds what it filled in."""
    pk = next(iter(table.primary_key.columns))
    for name, default in sorted(dict(entry.get("unset") or {}).items()):
        col = table.c.get(name)
        if col is None:
            continue  # a column dropped by a later migration
        moved = col.is_not(None) if default is None else or_(col.is_(None), col != default)
        for first, last in _ranges(entry["ids"]):
            found = conn.execute(
                select(pk).where(pk.between(first, last), moved).order_by(pk).limit(_NAMED)
            ).scalars()
            for rid in found:
                where = f"{table.name} {rid}"
                out.add(
                    "row_changed",
                    where,
                    f"{where}: column {name} set since custody event {seq} wrote the row without it",
                )


def check_entry(conn: Connection, seq: int, table: Table, entry: Mapping[str, Any], out: RowsCheck) -> None:
    """Recompute one event's seal of one table (or one column of it) and name what differs."""
    import numpy as np

    if "where" in entry:
        _check_group(conn, seq, table, entry, out)
        return
    _check_unset(conn, seq, table, entry, out)
    columns = [str(c) for c in entry["columns"]]
    sql = select_sql(conn, table, columns)
    pk = next(iter(table.primary_key.columns)).name
    at = columns.index(pk)
    seal = _Seal()
    missing: list[int] = []
    index = 0  # place in id order of the window's first id
    for first, last in _ranges(entry["ids"]):
        for lo, hi, rows in read_range(conn, sql, first, last):
            ids = [r[at] for r in rows]
            out.rows_checked += len(ids)
            if len(ids) != hi - lo + 1:
                found = set(ids)
                missing.extend(i for i in range(lo, hi + 1) if i not in found)
            if ids:
                seal.add(row_bytes(rows), np.asarray(ids, dtype=np.int64) - lo + index)
            index += hi - lo + 1
    name = table.name
    what = f"custody event {seq}"
    for rid in missing[:_NAMED]:
        out.add("row_vanished", f"{name} {rid}", f"{name} {rid}: vanished (written by {what})")
    if len(missing) > _NAMED:
        out.add(
            "row_vanished",
            f"{name} ({what})",
            f"{name}: {len(missing) - _NAMED} more row(s) written by {what} vanished",
        )
    if not missing and seal.hasher.hexdigest() == entry["sha256"]:
        return
    stored = [int(x, 16) for x in entry["xor"]]
    located = _locate([s ^ c for s, c in zip(stored, seal.xor, strict=False)])
    row = _id_at(entry["ids"], located) if located is not None else None
    if row is not None and missing == [row]:
        return  # the one difference is the vanished row, already named
    if row is not None and not missing:
        out.add(
            "row_changed",
            f"{name} {row}",
            f"{name} {row}: changed since {what} wrote it (its digest no longer matches)",
        )
        return
    if len(missing) > 1:
        return  # the vanished rows are named; the others cannot be told apart row by row
    span = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in _ranges(entry["ids"]))
    out.add(
        "rows_changed",
        f"{name} {span}",
        f"{name} {span} (written by {what}): more than one row changed; their digest no longer matches",
    )


def _check_group(conn: Connection, seq: int, table: Table, entry: Mapping[str, Any], out: RowsCheck) -> None:
    """A seal of the rows of a table keyed by several columns, one group (e.g. one link run's pairs)."""
    columns = [str(c) for c in entry["columns"]]
    group = dict(entry["where"])
    rows = fetch_all(conn, select_sql(conn, table, columns, where=list(group)), tuple(group.values()))
    out.rows_checked += len(rows)
    seal = _Seal()
    if rows:
        seal.add(row_bytes(rows), _positions(len(rows)))
    if seal.hasher.hexdigest() == entry["sha256"] and len(rows) == int(entry["count"]):
        return
    label = ", ".join(f"{k} {v}" for k, v in group.items())
    where = f"{table.name} ({label})"
    what = f"custody event {seq}"
    keys = [columns.index(c.name) for c in table.primary_key.columns]
    if len(rows) == int(entry["count"]):
        stored = [int(x, 16) for x in entry["xor"]]
        at = _locate([s ^ c for s, c in zip(stored, seal.xor, strict=False)])
        if at is not None and at < len(rows):
            row = " ".join(str(rows[at][k]) for k in keys)
            out.add(
                "row_changed",
                f"{table.name} {row}",
                f"{table.name} {row}: changed since {what} wrote it (its digest no longer matches)",
            )
            return
        out.add(
            "rows_changed",
            where,
            f"{where} (written by {what}): rows changed; their digest no longer matches",
        )
        return
    kind = "row_vanished" if len(rows) < int(entry["count"]) else "row_appeared"
    out.add(
        kind,
        where,
        f"{where}: {entry['count']} row(s) written by {what}, {len(rows)} found now",
    )


def _positions(n: int) -> Any:
    import numpy as np

    return np.arange(n, dtype=np.int64)


def _locate(diff: Sequence[int]) -> int | None:
    """The index of the one row that differs, if exactly one does (see `testament.store.facts`)."""
    if not diff or diff[0] == 0:
        return None
    index = 0
    for b, d in enumerate(diff[1:]):
        if d == diff[0]:
            index |= 1 << b
        elif d != 0:
            return None
    return index


def _id_at(ids: Sequence[Sequence[int]], index: int) -> int | None:
    for a, b in _ranges(ids):
        if index <= b - a:
            return a + index
        index -= b - a + 1
    return None


def _outside(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `spans` (merged) not in `within` (merged)."""
    out: list[tuple[int, int]] = []
    for first, last in spans:
        lo = first
        for a, b in within:
            if b < lo or a > last:
                continue
            if a > lo:
                out.append((lo, a - 1))
            lo = max(lo, b + 1)
        if lo <= last:
            out.append((lo, last))
    return out


def _check_superseded(key: str, seals: list[tuple[int, dict[str, Any]]], out: RowsCheck) -> None:
    """Each superseding seal names earlier seals of the same key that were live, and covers (or deletes)
    every row they covered."""
    by_seq = dict(seals)
    taken: dict[int, int] = {}
    for seq, entry in seals:
        for old in entry.get("supersedes") or ():
            where = f"custody event {seq}"
            earlier = by_seq.get(old) if isinstance(old, int) and old < seq else None
            if earlier is None or old in taken:
                out.add(
                    "rows_unsealed", where, f"{where}: its seal of {key} replaces a seal that is not there"
                )
                continue
            taken[old] = seq
            now = _merge(list(_ranges(entry.get("ids") or [])) + list(_ranges(entry.get("deleted") or [])))
            left = _outside(_merge(list(_ranges(earlier.get("ids") or []))), now)
            if left:
                a, b = left[0]
                out.add(
                    "rows_unsealed",
                    where,
                    f"{where}: replaces custody event {old}'s seal of {key}, leaving {key} {a}-{b} unsealed",
                )


def verify_rows(conn: Connection, events: Sequence[Any], *, writing: frozenset[str]) -> RowsCheck:
    """Recompute every live seal from the rows as they are now. `events` are custody events (`seq`,
    `event_type`, `details` as JSON text); `writing` names the event types that write rows and seal them.
    An event of those types without a seal is legacy before the first sealed event of its type (written by
    an older Testament), a finding after it."""
    out = RowsCheck()
    sealed_types: set[str] = set()
    legacy = 0  # seq of the last legacy writing event
    pairs: list[tuple[int, str]] = []
    for ev in events:
        try:
            details = json.loads(ev.details)
        except ValueError:
            continue  # an edited event is named by the chain check
        rows = details.get("rows") if isinstance(details, dict) else None
        if isinstance(rows, dict):
            sealed_types.add(ev.event_type)
            pairs.append((ev.seq, ev.details))
        elif ev.event_type in writing:
            if ev.event_type not in sealed_types:
                legacy = ev.seq
            else:
                where = f"custody event {ev.seq}"
                out.add(
                    "rows_unsealed",
                    where,
                    f"{where} ({ev.event_type}): records a write but no digest of the rows written",
                )
    seals = event_seals(pairs)
    covered: dict[str, list[tuple[int, int]]] = {}
    bound: dict[str, int] = {}  # lowest id sealed after the last legacy event, per table
    for key, entries in sorted(live_seals(seals).items()):
        try:
            table, column = seal_target(key)
        except KeyError:
            for seq, _ in entries:
                where = f"custody event {seq}"
                out.add("rows_unsealed", where, f"{where}: names a table this case does not have")
            continue
        _check_superseded(key, seals[key], out)
        for seq, entry in entries:
            try:
                check_entry(conn, seq, table, entry, out)
                spans = [] if "where" in entry else list(_ranges(entry["ids"]))
            except (KeyError, TypeError, ValueError):
                where = f"custody event {seq}"
                out.add("rows_unsealed", where, f"{where}: its seal of {key} is malformed")
                continue
            covered.setdefault(key, []).extend(spans)
            if seq > legacy and spans and column is None:
                bound[key] = min(bound.get(key, spans[0][0]), min(a for a, _ in spans))
        if column is not None:
            _check_column(conn, table, column, _merge(covered.get(key, [])), out)
    _check_groups(conn, seals, legacy, out)
    _check_uncovered(conn, covered, bound, legacy, out)
    return out


def _check_column(
    conn: Connection, table: Table, column: str, spans: list[tuple[int, int]], out: RowsCheck
) -> None:
    """Rows outside every seal of one column (written after the last event that sealed it) still hold
    nothing in it."""
    pk = next(iter(table.primary_key.columns))
    query = select(pk).where(table.c[column].is_not(None)).order_by(pk).limit(_NAMED)
    if spans:
        query = query.where(~or_(*[pk.between(a, b) for a, b in spans]))
    for rid in conn.execute(query).scalars():
        where = f"{table.name} {rid}"
        out.add("row_changed", where, f"{where}: column {column} set, and no custody event sealed it")


def _check_groups(
    conn: Connection, seals: Mapping[str, list[tuple[int, dict[str, Any]]]], legacy: int, out: RowsCheck
) -> None:
    """Rows of a group-sealed table in no sealed group: appeared (or written before seals existed)."""
    for name in sorted(FULLY_COVERED):
        table = metadata.tables[name]
        if len(table.primary_key.columns) < 2:
            continue
        groups = [e["where"] for _, e in seals.get(name, []) if isinstance(e.get("where"), dict)]
        column = next(iter(groups[0])) if groups else next(iter(table.primary_key.columns)).name
        values = sorted({g[column] for g in groups if column in g})
        query = select(table.c[column], func.count()).group_by(table.c[column]).order_by(table.c[column])
        if values:
            query = query.where(table.c[column].not_in(values))
        for value, n in conn.execute(query).all():
            where = f"{name} ({column} {value})"
            if legacy or not values or value < values[0]:
                out.notes.append(f"{where}: {n} row(s) written before row digests existed are not covered")
            else:
                out.add(
                    "row_appeared",
                    where,
                    f"{where}: {n} row(s) appeared; no custody event records writing them",
                )


def _check_uncovered(
    conn: Connection,
    covered: dict[str, list[tuple[int, int]]],
    bound: dict[str, int],
    legacy: int,
    out: RowsCheck,
) -> None:
    """Rows of a table every writer seals that no live seal names: planted, unless older than every id
    sealed since the last legacy event (written by an older Testament; a note). Counted in the database,
    never by reading every id."""
    for name in sorted(FULLY_COVERED):
        table = metadata.tables[name]
        if len(table.primary_key.columns) > 1:
            continue
        pk = next(iter(table.primary_key.columns))
        spans = _merge(covered.get(name, []))
        outside = ~or_(*[pk.between(a, b) for a, b in spans]) if spans else None
        count = select(func.count()).select_from(table)
        loose_n = int(conn.execute(count if outside is None else count.where(outside)).scalar_one())
        if not loose_n:
            continue
        # Before seals: below the first id sealed since the last legacy event; with no such seal, every row
        # if the log holds a legacy writing event (or, unsealed, the table's writers logged nothing before).
        low = bound.get(name)
        if low is None and not (legacy or (not spans and name in _SILENT_BEFORE)):
            low = 1
        is_old = pk >= 1 if low is None else and_(pk >= 1, pk < low)
        old = select(func.count()).select_from(table).where(is_old)
        old_n = int(conn.execute(old if outside is None else old.where(outside)).scalar_one())
        planted_q = select(pk).where(~is_old).order_by(pk).limit(_NAMED)
        if outside is not None:
            planted_q = planted_q.where(outside)
        planted = [int(r) for r in conn.execute(planted_q).scalars()]
        for rid in planted:
            out.add(
                "row_appeared",
                f"{name} {rid}",
                f"{name} {rid}: appeared; no custody event records writing it",
            )
        if loose_n - old_n > len(planted):
            out.add("row_appeared", name, f"{name}: {loose_n - old_n - len(planted)} more row(s) appeared")
        if old_n:
            out.notes.append(f"{name}: {old_n} row(s) written before row digests existed are not covered")
