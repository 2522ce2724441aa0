"""The one claim writer: rows go into the case through here, and each custody event that writes rows commits
to a digest of exactly the rows it wrote, so `verify` covers the facts and not only the files.

How a writing event names its rows (in its details, under `"rows"`, one entry per table):

    {"columns": [...], "unset": {column: default}, "ids": [[first, last], ...], "count": n,
     "sha256": "...", "xor": ["8 hex", ...]}

- `columns`: the columns the digest covers, in the writer's order (all it gave except the few that later
  stages legitimately set, `MUTABLE`); `unset`: every other column of the table, with the value the
  database filled in (server default or NULL), checked at verify by one query per range.
- `ids`: the primary keys written, as inclusive ranges (ids are handed out in blocks, so usually one range).
- `sha256`: the seal: SHA-256 over the rows' canonical bytes, concatenated in id order. A row's canonical
  bytes are its tuple of values in `columns` order, values canonical (None, int, float, str; dates as ISO
  `YYYY-MM-DD`, booleans as 0/1, so SQLite and PostgreSQL give the same bytes), in Python's `marshal`
  format version 2: self-delimiting and independent of object identity (`(` + int32 item count, then per
  value `N` for None, `i` + int32 or `l` + 15-bit digits for ints, `g` + float64 for floats, `u` + int32
  length + UTF-8 for strings; all little-endian), and C-fast, which keeps bulk ingest fast.
- `xor`: a locator, not a seal: the XOR of every row's CRC-32 (of its canonical bytes), then for each bit `b`
  of a row's index (its place in id order) the XOR over the rows whose index has bit `b` set. When exactly
  one row differs, the partitions that moved spell its index, so verify names the row; when more differ,
  it names the range. The seal is `sha256`, under the custody chain's hash.

`verify_rows` recomputes every entry from the rows as they are now and names each row that changed, vanished
or appeared. Writers keep ids increasing per table within one event (as `Ids.take` gives them).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Float, Table, func, or_, select

from testament.store.backend import bulk_insert
from testament.store.schema import metadata

__all__ = [
    "FULLY_COVERED",
    "MUTABLE",
    "FactWriter",
    "RowFinding",
    "RowsCheck",
    "covered_columns",
    "row_bytes",
    "verify_rows",
]

# Columns a later stage sets on rows another event wrote: not under the writing event's digest.
# person_records.person_id: linkage assigns persons (reproducible from the saved link runs).
MUTABLE: dict[str, frozenset[str]] = {"person_records": frozenset({"person_id"})}

# Tables whose every writer goes through `FactWriter`: a row in them that no event names has been planted.
# (claims, attestations, person_records and mentions are also written by extraction and review, identity
# links and link tables by linkage, estimate_runs by estimation: those writers adopt `FactWriter` next.)
FULLY_COVERED: frozenset[str] = frozenset({"sources", "artifacts"})

_BITS = 63  # enough index bits for any table
_MARSHAL = 2  # marshal format version: the last without back-references, so bytes depend on values only
_FETCH = 50_000  # rows per query when verify reads a range back
_NAMED = 20  # rows named one by one per event and table; the rest are counted


def covered_columns(table: Table) -> tuple[str, ...]:
    """The columns a row digest covers, in table order."""
    skip = MUTABLE.get(table.name, frozenset())
    return tuple(c.name for c in table.columns if c.name not in skip)


def _default(table: Table, name: str) -> Any:
    server = table.c[name].server_default
    arg = getattr(server, "arg", None)
    return arg if isinstance(arg, str) else None


def _canon_bool(v: Any) -> Any:
    return v if v is None else int(bool(v))


def _canon_float(v: Any) -> Any:
    return v if v is None else float(v)


def _canonicaliser(table: Table, columns: Sequence[str]) -> Any:
    """A function making one row's values canonical, or None when the columns need nothing. Dates need
    nothing: writers give them as ISO strings (as `bulk_insert` takes them), SQLite gives them back so and
    verify reads them as text on PostgreSQL."""
    fixes = []
    for i, name in enumerate(columns):
        kind = table.c[name].type
        if isinstance(kind, Boolean):
            fixes.append((i, _canon_bool))
        elif isinstance(kind, Float):
            fixes.append((i, _canon_float))
    if not fixes:
        return None

    def canon(row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, fix in fixes:
            values[i] = fix(values[i])
        return tuple(values)

    return canon


def row_bytes(rows: Iterable[tuple[Any, ...]]) -> list[bytes]:
    """Each row's canonical bytes: its tuple of canonical values in `marshal` format version 2."""
    return list(map(marshal.dumps, rows, repeat(_MARSHAL)))


class _Seal:
    """A running seal of one table's rows in id order: the SHA-256 and the XOR locator."""

    def __init__(self) -> None:
        self.hasher = hashlib.sha256()
        self.count = 0
        self.xor = [0] * (_BITS + 1)  # [all, bit 0, bit 1, ...]
        self.ranges: list[list[int]] = []

    def add(self, texts: Sequence[bytes], index: Any) -> None:
        """Seal `texts` (canonical bytes), the rows at places `index` (increasing) in id order."""
        import numpy as np

        if not texts:
            return
        self.hasher.update(b"".join(texts))
        crc = np.fromiter(map(zlib.crc32, texts), dtype=np.uint32, count=len(texts))
        self.xor[0] ^= int(np.bitwise_xor.reduce(crc))
        for b in range(int(index[-1]).bit_length()):
            part = crc[((index >> b) & 1) == 1]
            if len(part):
                self.xor[b + 1] ^= int(np.bitwise_xor.reduce(part))
        self.count += len(texts)

    def add_ids(self, ids: Sequence[int], texts: Sequence[bytes]) -> None:
        """Seal rows written with these ids (increasing), after those already sealed."""
        import numpy as np

        if not ids:
            return
        arr = np.asarray(ids, dtype=np.int64)
        if (self.ranges and arr[0] <= self.ranges[-1][1]) or bool(np.any(np.diff(arr) <= 0)):
            raise ValueError("ids must increase within one event")
        self.add(texts, np.arange(self.count, self.count + len(texts), dtype=np.int64))
        breaks = np.flatnonzero(np.diff(arr) != 1)  # ranges of consecutive ids
        starts = [int(arr[0])] + [int(arr[i + 1]) for i in breaks]
        ends = [int(arr[i]) for i in breaks] + [int(arr[-1])]
        for first, last in zip(starts, ends, strict=True):
            if self.ranges and first == self.ranges[-1][1] + 1:
                self.ranges[-1][1] = last
            else:
                self.ranges.append([first, last])

    def entry(self, table: Table, columns: Sequence[str]) -> dict[str, Any]:
        bits = max(1, (self.count - 1).bit_length())
        unset = {c: _default(table, c) for c in covered_columns(table) if c not in columns}
        return {
            "columns": list(columns),
            "unset": unset,  # the other sealed columns, as the database filled them in
            "ids": self.ranges,
            "count": self.count,
            "sha256": self.hasher.hexdigest(),
            "xor": [f"{x:08x}" for x in self.xor[: bits + 1]],
        }


class FactWriter:
    """Writes rows for one custody event and seals them. Use inside `Case.write()`:

        facts = FactWriter(conn)
        facts.insert(claims, columns, rows)          # as many calls as needed, ids increasing per table
        append_events(conn, actor, [NewEvent(kind, {..., **facts.details()})])

    Sealing costs bulk ingest about 12% (`marshal`, CRC-32 and SHA-256 run in C; bench/README.md). A worker
    thread beside SQLite's writes was tried and gained nothing measurable, so rows are sealed in line."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._seals: dict[str, tuple[tuple[str, ...], _Seal]] = {}

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Bulk-insert `rows` (tuples in `columns` order, values as `bulk_insert` takes) and seal them."""
        if not rows:
            return
        self._seal(table, tuple(columns), rows)
        bulk_insert(self._conn, table, columns, rows)

    def insert_mappings(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """`insert` for rows given as dicts (all with the same keys)."""
        if not rows:
            return
        columns = tuple(rows[0])
        self.insert(table, columns, [tuple(r[c] for c in columns) for r in rows])

    def details(self) -> dict[str, Any]:
        """`{"rows": {table: entry}}` for the event's details (empty if nothing was written)."""
        if not self._seals:
            return {}
        return {
            "rows": {
                name: seal.entry(metadata.tables[name], cols) for name, (cols, seal) in self._seals.items()
            }
        }

    def _seal(self, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> None:
        cols, ids, texts = _texts_of(table, columns, rows)
        if table.name not in self._seals:
            self._seals[table.name] = (cols, _Seal())
        known, seal = self._seals[table.name]
        if known != cols:
            raise ValueError(f"{table.name}: one event writes its rows with one column list")
        try:
            seal.add_ids(ids, texts)
        except ValueError:
            raise ValueError(f"{table.name}: ids must increase within one event") from None


def _texts_of(
    table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> tuple[tuple[str, ...], list[int], list[bytes]]:
    """(sealed columns, ids, canonical bytes): the writer's columns in its order, less the mutable ones.
    The table's other columns are sealed as unset (`_Seal.entry`), checked by one query at verify."""
    skip = MUTABLE.get(table.name, frozenset())
    given = tuple(c for c in columns if c not in skip)
    pk = next(iter(table.primary_key.columns)).name
    canon = _canonicaliser(table, given)
    full: Iterable[tuple[Any, ...]] = rows
    if given != columns:
        spots = [columns.index(c) for c in given]
        full = map(itemgetter(*spots), rows) if len(spots) > 1 else ((r[spots[0]],) for r in rows)
    if canon is not None:
        full = map(canon, full)
    materialised = rows if full is rows else list(full)
    ids = list(map(itemgetter(given.index(pk)), materialised))
    return given, ids, row_bytes(materialised)


# --- verification ----------------------------------------------------------------------------------------


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


def _ranges(ids: Sequence[Sequence[int]]) -> Iterator[tuple[int, int]]:
    for first, last in ids:
        yield int(first), int(last)


def _select_sql(conn: Connection, table: Table, columns: Sequence[str]) -> str:
    pg = conn.dialect.name == "postgresql"
    exprs = []
    for name in columns:
        kind = table.c[name].type
        if pg and isinstance(kind, Date):
            exprs.append(f'CAST("{name}" AS TEXT)')
        elif isinstance(kind, Boolean):
            exprs.append(f'CAST("{name}" AS INTEGER)')
        else:
            exprs.append(f'"{name}"')
    pk = next(iter(table.primary_key.columns)).name
    mark = "%s" if pg else "?"
    return (
        f'SELECT {", ".join(exprs)} FROM "{table.name}" '
        f'WHERE "{pk}" BETWEEN {mark} AND {mark} ORDER BY "{pk}"'
    )


def _read_range(
    conn: Connection, sql: str, first: int, last: int, where: int, canon: Any
) -> Iterator[tuple[int, int, list[int], list[bytes]]]:
    """(window first id, window last id, ids found, their canonical texts) per window of ids read back."""
    driver = conn.connection.driver_connection
    assert driver is not None
    lo = first
    while lo <= last:
        hi = min(last, lo + _FETCH - 1)
        cur = driver.cursor()
        try:
            cur.execute(sql, (lo, hi))
            rows = cur.fetchall()
        finally:
            cur.close()
        if canon is not None:
            rows = list(map(canon, rows))
        yield lo, hi, list(map(itemgetter(where), rows)), row_bytes(rows)
        lo = hi + 1


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
                out.findings.append(
                    RowFinding(
                        "row_changed",
                        where,
                        f"{where}: column {name} set since custody event {seq} wrote the row without it",
                    )
                )


def _check_entry(conn: Connection, seq: int, table: Table, entry: Mapping[str, Any], out: RowsCheck) -> None:
    import numpy as np

    _check_unset(conn, seq, table, entry, out)
    columns = [str(c) for c in entry["columns"]]
    sql = _select_sql(conn, table, columns)
    pk = next(iter(table.primary_key.columns)).name
    canon = None  # read back canonical: booleans cast in SQL, REAL/double columns give floats
    seal = _Seal()
    missing: list[int] = []
    index = 0  # place in id order of the window's first id
    for first, last in _ranges(entry["ids"]):
        for lo, hi, ids, texts in _read_range(conn, sql, first, last, columns.index(pk), canon):
            out.rows_checked += len(ids)
            if len(ids) != hi - lo + 1:
                found = set(ids)
                missing.extend(i for i in range(lo, hi + 1) if i not in found)
            if ids:
                seal.add(texts, np.asarray(ids, dtype=np.int64) - lo + index)
            index += hi - lo + 1
    name = table.name
    what = f"custody event {seq}"
    for rid in missing[:_NAMED]:
        out.findings.append(
            RowFinding("row_vanished", f"{name} {rid}", f"{name} {rid}: vanished (written by {what})")
        )
    if len(missing) > _NAMED:
        out.findings.append(
            RowFinding(
                "row_vanished",
                f"{name} ({what})",
                f"{name}: {len(missing) - _NAMED} more row(s) written by {what} vanished",
            )
        )
    if not missing and seal.hasher.hexdigest() == entry["sha256"]:
        return
    stored = [int(x, 16) for x in entry["xor"]]
    located = _locate([s ^ c for s, c in zip(stored, seal.xor, strict=False)])
    row = _id_at(entry["ids"], located) if located is not None else None
    if row is not None and missing == [row]:
        return  # the one difference is the vanished row, already named
    if row is not None and not missing:
        out.findings.append(
            RowFinding(
                "row_changed",
                f"{name} {row}",
                f"{name} {row}: changed since {what} wrote it (its digest no longer matches)",
            )
        )
        return
    if len(missing) > 1:
        return  # the vanished rows are named; the others cannot be told apart row by row
    span = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in _ranges(entry["ids"]))
    out.findings.append(
        RowFinding(
            "rows_changed",
            f"{name} {span}",
            f"{name} {span} (written by {what}): more than one row changed; their digest no longer matches",
        )
    )


def _locate(diff: Sequence[int]) -> int | None:
    """The index of the one row that differs, if exactly one does (see the module docstring)."""
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


def verify_rows(conn: Connection, events: Sequence[Any], *, writing: frozenset[str]) -> RowsCheck:
    """Recompute every event's row digests from the rows as they are now. `events` are custody events
    (`seq`, `event_type`, `details` as JSON text); `writing` names the event types that write rows."""
    out = RowsCheck()
    covered: dict[str, list[tuple[int, int]]] = {}
    sealed_from: int | None = None
    legacy = 0
    for ev in events:
        try:
            details = json.loads(ev.details)
        except ValueError:
            continue  # an edited event is named by the chain check
        rows = details.get("rows") if isinstance(details, dict) else None
        if not isinstance(rows, dict):
            if ev.event_type in writing:
                if sealed_from is None:
                    legacy += 1
                else:
                    where = f"custody event {ev.seq}"
                    out.findings.append(
                        RowFinding(
                            "rows_unsealed",
                            where,
                            f"{where} ({ev.event_type}): records a write but no digest of the rows written",
                        )
                    )
            continue
        sealed_from = ev.seq if sealed_from is None else sealed_from
        for name, entry in sorted(rows.items()):
            table = metadata.tables.get(name)
            if table is None:
                where = f"custody event {ev.seq}"
                out.findings.append(
                    RowFinding("rows_unsealed", where, f"{where}: names a table this case does not have")
                )
                continue
            try:
                _check_entry(conn, ev.seq, table, entry, out)
                covered.setdefault(name, []).extend(_ranges(entry["ids"]))
            except (KeyError, TypeError, ValueError):
                where = f"custody event {ev.seq}"
                out.findings.append(
                    RowFinding("rows_unsealed", where, f"{where}: its seal of {name} is malformed")
                )
    _check_uncovered(conn, covered, legacy, out)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _check_uncovered(
    conn: Connection, covered: dict[str, list[tuple[int, int]]], legacy: int, out: RowsCheck
) -> None:
    """Rows no event names: planted, in a table every writer seals; otherwise written by a stage that does
    not seal yet (a note). Counted and found in the database, never by reading every id."""
    for name in sorted(FULLY_COVERED | set(covered)):
        table = metadata.tables[name]
        pk = next(iter(table.primary_key.columns))
        spans = _merge(covered.get(name, []))
        outside = ~or_(*[pk.between(a, b) for a, b in spans]) if spans else None
        count = select(func.count()).select_from(table)
        loose_n = int(conn.execute(count if outside is None else count.where(outside)).scalar_one())
        if not loose_n:
            continue
        if name not in FULLY_COVERED:
            out.notes.append(
                f"{name}: {loose_n} row(s) are not under a row digest (written by a stage that does not "
                "seal its rows yet, or before row digests existed)"
            )
            continue
        lowest = spans[0][0] if spans else None
        old_n = 0
        if legacy:  # rows older than the first sealed one were written before seals existed
            old = select(func.count()).select_from(table)
            if lowest is not None:
                old = old.where(pk < lowest)
            old_n = int(conn.execute(old).scalar_one())
        planted_q = select(pk).order_by(pk).limit(_NAMED)
        if outside is not None:
            planted_q = planted_q.where(outside)
        if old_n:
            planted_q = planted_q.where(pk > lowest) if lowest is not None else planted_q.where(pk < 0)
        planted = [int(r) for r in conn.execute(planted_q).scalars()]
        for rid in planted:
            out.findings.append(
                RowFinding(
                    "row_appeared",
                    f"{name} {rid}",
                    f"{name} {rid}: appeared; no custody event records writing it",
                )
            )
        if loose_n - old_n > len(planted):
            out.findings.append(
                RowFinding(
                    "row_appeared", name, f"{name}: {loose_n - old_n - len(planted)} more row(s) appeared"
                )
            )
        if old_n:
            out.notes.append(f"{name}: {old_n} row(s) written before row digests existed are not covered")
