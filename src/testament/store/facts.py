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

Rows changed after they were written (extraction refreshing or withdrawing its candidates, a review, a
merge or split moving records between persons) are sealed again, never left behind a stale seal: the event
that changes a row names it (`FactWriter.written` before updating, `FactWriter.delete`), the writer checks
the seal that covered it (refusing to write over a row that was tampered with), and the event seals anew
every row of that earlier seal, read back as they are after its change, with

    "supersedes": [seq, ...], "deleted": [[first, last], ...]

so each row has exactly one live seal: the newest. A superseded seal is not checked again; every id it
covered must be in the new seal or in its `deleted`. Keys are table names, or `table.column` for a seal of
one column of rows another event wrote (`person_records.person_id`: each link run seals the whole
assignment, a merge or split seals it again). Tables keyed by more than one column (`link_pairs`) are sealed
per group (`"where": {"run_id": 3}`, rows in primary-key order) instead of by id ranges.

`testament.store.rowcheck.verify_rows` recomputes every live entry from the rows as they are now and names
each row that changed, vanished or appeared. Writers keep ids increasing per table within one event (as
`Ids.take` gives them).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Float, Table, func, select

from testament.errors import IntegrityFailure
from testament.store import name_index
from testament.store.backend import bulk_insert
from testament.store.schema import custody_events, metadata

__all__ = [
    "FULLY_COVERED",
    "MUTABLE",
    "FactWriter",
    "covered_columns",
    "event_seals",
    "live_seals",
    "read_sealed",
    "row_bytes",
    "seal_target",
    "select_sql",
]

# Columns a later stage sets on rows another event wrote: not under the writing event's digest.
# person_records.person_id: linkage assigns persons (reproducible from the saved link runs).
MUTABLE: dict[str, frozenset[str]] = {"person_records": frozenset({"person_id"})}

# Tables whose every writer goes through `FactWriter`: a row in them that no event names has been planted.
# consents and collection_records too: a planted grant would open a witness's testimony to an export.
FULLY_COVERED: frozenset[str] = frozenset(
    {
        "sources", "artifacts", "person_records", "claims", "attestations", "mentions", "persons",
        "identity_links", "link_runs", "link_queue", "link_pairs", "estimate_runs",
        "element_supports", "source_relations", "consents", "collection_records",
    }
)  # fmt: skip

_BITS = 63  # enough index bits for any table
_MARSHAL = 2  # marshal format version: the last without back-references, so bytes depend on values only
_FETCH = 50_000  # rows per query when a range is read back


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
        self.add(texts, _arange(self.count, len(texts)))
        breaks = np.flatnonzero(np.diff(arr) != 1)  # ranges of consecutive ids
        starts = [int(arr[0])] + [int(arr[i + 1]) for i in breaks]
        ends = [int(arr[i]) for i in breaks] + [int(arr[-1])]
        for first, last in zip(starts, ends, strict=True):
            if self.ranges and first == self.ranges[-1][1] + 1:
                self.ranges[-1][1] = last
            else:
                self.ranges.append([first, last])

    def digest(self) -> dict[str, Any]:
        bits = max(1, (self.count - 1).bit_length())
        return {
            "count": self.count,
            "sha256": self.hasher.hexdigest(),
            "xor": [f"{x:08x}" for x in self.xor[: bits + 1]],
        }

    def entry(self, table: Table, columns: Sequence[str]) -> dict[str, Any]:
        unset = {c: _default(table, c) for c in covered_columns(table) if c not in columns}
        return {
            "columns": list(columns),
            "unset": unset,  # the other sealed columns, as the database filled them in
            "ids": self.ranges,
            **self.digest(),
        }


class FactWriter:
    """Writes rows for one custody event and seals them. Use inside `Case.write()`:

        facts = FactWriter(conn)
        facts.insert(claims, columns, rows)          # as many calls as needed, ids increasing per table
        facts.written(attestations, [7, 9])          # before updating rows in place (sealed by reading back)
        facts.delete(mentions, [12])                 # rows removed
        append_events(conn, actor, [NewEvent(kind, {..., **facts.details()})])

    Sealing costs bulk ingest about 12% (`marshal`, CRC-32 and SHA-256 run in C; bench/README.md). A worker
    thread beside SQLite's writes was tried and gained nothing measurable, so rows are sealed in line."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._seals: dict[str, tuple[tuple[str, ...], _Seal]] = {}
        self._groups: dict[str, tuple[tuple[str, ...], dict[str, Any], _Seal]] = {}
        self._again: dict[str, _Reseal] = {}
        self._known: dict[str, list[tuple[int, dict[str, Any]]]] | None = None

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Bulk-insert `rows` (tuples in `columns` order, values as `bulk_insert` takes) and seal them."""
        if not rows:
            return
        if table.name in self._again:  # sealed with the rows changed, by reading back
            bulk_insert(self._conn, table, columns, rows)
            pk = columns.index(next(iter(table.primary_key.columns)).name)
            self._again[table.name].spans.extend((int(r[pk]), int(r[pk])) for r in rows)
            return
        self._seal(table, tuple(columns), rows)
        bulk_insert(self._conn, table, columns, rows)

    def insert_mappings(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """`insert` for rows given as dicts (all with the same keys)."""
        if not rows:
            return
        columns = tuple(rows[0])
        self.insert(table, columns, [tuple(r[c] for c in columns) for r in rows])

    def insert_group(
        self, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], group: Mapping[str, Any]
    ) -> None:
        """`insert` for a table keyed by several columns (`link_pairs`): every row has the `group` values
        (e.g. one run id) and rows come in primary-key order, across calls too; verify reads the group
        back in that order."""
        if table.name not in self._groups:
            self._groups[table.name] = (tuple(columns), dict(group), _Seal())
        cols, known, seal = self._groups[table.name]
        if cols != tuple(columns) or known != dict(group):
            raise ValueError(f"{table.name}: one event writes one group with one column list")
        if not rows:
            return
        canon = _canonicaliser(table, cols)
        texts = row_bytes(rows if canon is None else map(canon, rows))
        seal.add(texts, _arange(seal.count, len(texts)))
        bulk_insert(self._conn, table, columns, rows)

    def written(
        self, table: Table, ids: Iterable[int] | None, *, column: str | None = None, check: bool = True
    ) -> None:
        """Rows with these ids (None: every row of the table) that this event inserts or changes by its own
        statements: call before changing them. The seals covering them are checked now (`check`: refuse to
        seal again rows someone tampered with) and replaced, at `details()`, by one seal of all their rows
        read back. `column`: only that column of the rows is sealed (`person_records.person_id`)."""
        key = table.name if column is None else f"{table.name}.{column}"
        again = self._again.get(key)
        if again is None:
            columns = covered_columns(table) if column is None else (_pk(table), column)
            again = self._again[key] = _Reseal(table, columns)
            if key in self._seals:  # rows this event already sealed in line join the read-back
                _, seal = self._seals.pop(key)
                again.spans.extend((a, b) for a, b in seal.ranges)
        wanted = None if ids is None else sorted(set(map(int, ids)))
        name_index.mark_changed(self._conn, table.name, wanted)  # the search index follows in-place changes
        if wanted is None:
            first, last = self._conn.execute(
                select(func.min(table.c[_pk(table)]), func.max(table.c[_pk(table)]))
            ).one()
            if first is not None:
                again.spans.append((int(first), int(last)))
        else:
            again.spans.extend((i, i) for i in wanted)
        for seq, entry in self._live(key):
            if seq in again.supersedes or not (wanted is None or _covers(entry["ids"], wanted)):
                continue
            if check:
                _refuse_tampered(self._conn, seq, table, entry)
            again.supersedes.add(seq)
            again.spans.extend((int(a), int(b)) for a, b in entry["ids"])

    def delete(self, table: Table, ids: Iterable[int]) -> None:
        """Delete rows (by id) that earlier events wrote; the event's seal records them as deleted."""
        gone = sorted(set(map(int, ids)))
        if not gone:
            return
        self.written(table, gone)
        pk = table.c[_pk(table)]
        for start in range(0, len(gone), _CHUNK):
            self._conn.execute(table.delete().where(pk.in_(gone[start : start + _CHUNK])))
        self._again[table.name].deleted.update(gone)

    def details(self, *, always: bool = False) -> dict[str, Any]:
        """`{"rows": {table: entry}}` for the event's details (empty if nothing was written, unless
        `always`: an event of a sealing type that wrote nothing says so with an empty `rows`)."""
        rows: dict[str, Any] = {
            name: seal.entry(metadata.tables[name], cols) for name, (cols, seal) in self._seals.items()
        }
        for name, (cols, group, seal) in self._groups.items():
            rows[name] = {"columns": list(cols), "where": group, **seal.digest()}
        for key, again in self._again.items():
            rows[key] = again.entry(self._conn)
        return {"rows": rows} if rows or always else {}

    def _live(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        if self._known is None:
            self._known = live_seals(event_seals(_sealing_events(self._conn)))
        return self._known.get(key, [])

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


_CHUNK = 500  # ids per DELETE statement


def _pk(table: Table) -> str:
    return str(next(iter(table.primary_key.columns)).name)


def _arange(start: int, n: int) -> Any:
    import numpy as np

    return np.arange(start, start + n, dtype=np.int64)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _covers(ids: Sequence[Sequence[int]], wanted: Sequence[int]) -> bool:
    """Whether any id of `wanted` (sorted) falls in the ranges `ids`."""
    import bisect

    for first, last in ids:
        at = bisect.bisect_left(wanted, int(first))
        if at < len(wanted) and wanted[at] <= int(last):
            return True
    return False


def _refuse_tampered(conn: Connection, seq: int, table: Table, entry: Mapping[str, Any]) -> None:
    """Raise if the rows an earlier seal covers no longer match it: sealing them again would bless a
    change nobody logged."""
    from testament.store.rowcheck import RowsCheck, check_entry

    found = RowsCheck()
    check_entry(conn, seq, table, entry, found)
    if found.findings:
        raise IntegrityFailure(
            f"{found.findings[0].message}; nothing was written",
            hint="run `testament verify CASE` and restore the case from a backup before changing it",
        )


class _Reseal:
    """Rows of one table (or one column of them) an event changed: sealed by reading them back."""

    def __init__(self, table: Table, columns: tuple[str, ...]) -> None:
        self.table = table
        self.columns = columns
        self.spans: list[tuple[int, int]] = []
        self.supersedes: set[int] = set()
        self.deleted: set[int] = set()

    def entry(self, conn: Connection) -> dict[str, Any]:
        seal = _Seal()
        for ids, texts in read_sealed(conn, self.table, self.columns, _merge(self.spans)):
            seal.add_ids(ids, texts)
        out = seal.entry(self.table, self.columns)
        out["unset"] = {}  # every sealed column is read back
        if self.supersedes:
            out["supersedes"] = sorted(self.supersedes)
        if self.deleted:
            out["deleted"] = [list(s) for s in _merge((i, i) for i in self.deleted)]
        return out


def seal_target(key: str) -> tuple[Table, str | None]:
    """The table a seal's key names, and the one column it seals (`table.column`) or None."""
    name, _, column = key.partition(".")
    return metadata.tables[name], column or None


# --- reading sealed rows back (the writer, when it seals rows again, and verify) ------------------------


def select_sql(
    conn: Connection, table: Table, columns: Sequence[str], where: Sequence[str] | None = None
) -> str:
    """The driver-level SELECT of `columns` in canonical form, by id range (or by the `where` columns'
    values, in primary-key order)."""
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
    mark = "%s" if pg else "?"
    if where is not None:
        keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        test = " AND ".join(f'"{c}" = {mark}' for c in where)
        return f'SELECT {", ".join(exprs)} FROM "{table.name}" WHERE {test} ORDER BY {keys}'
    pk = _pk(table)
    return (
        f'SELECT {", ".join(exprs)} FROM "{table.name}" '
        f'WHERE "{pk}" BETWEEN {mark} AND {mark} ORDER BY "{pk}"'
    )


def read_range(conn: Connection, sql: str, first: int, last: int) -> Iterator[tuple[int, int, list[Any]]]:
    """(window first id, window last id, rows) per window of ids of `select_sql` read back."""
    lo = first
    while lo <= last:
        hi = min(last, lo + _FETCH - 1)
        yield lo, hi, fetch_all(conn, sql, (lo, hi))
        lo = hi + 1


def fetch_all(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """Run `sql` on the driver itself (SQLAlchemy's row objects cost more than the digest)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    cur = driver.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def read_sealed(
    conn: Connection, table: Table, columns: Sequence[str], spans: Sequence[tuple[int, int]]
) -> Iterator[tuple[list[int], list[bytes]]]:
    """(ids, canonical bytes) of the rows in `spans`, in id order, as verify reads them."""
    sql = select_sql(conn, table, columns)
    where = list(columns).index(_pk(table))
    for first, last in spans:
        for _, _, rows in read_range(conn, sql, first, last):
            yield list(map(itemgetter(where), rows)), row_bytes(rows)


# --- which seals are live -------------------------------------------------------------------------------


def _sealing_events(conn: Connection) -> list[tuple[int, str]]:
    return [
        (int(seq), str(details))
        for seq, details in conn.execute(
            select(custody_events.c.seq, custody_events.c.details)
            .where(custody_events.c.details.like('%"sha256"%'))
            .order_by(custody_events.c.seq)
        )
    ]


def event_seals(events: Iterable[tuple[int, str]]) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Every (seq, entry) per seal key, in event order, from (seq, details JSON) pairs."""
    out: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for seq, text in events:
        try:
            details = json.loads(text)
        except ValueError:
            continue
        rows = details.get("rows") if isinstance(details, dict) else None
        if isinstance(rows, dict):
            for key, entry in rows.items():
                if isinstance(entry, dict):
                    out.setdefault(str(key), []).append((int(seq), entry))
    return out


def live_seals(
    seals: Mapping[str, list[tuple[int, dict[str, Any]]]],
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """The seals no later event superseded: each row's newest."""
    out = {}
    for key, entries in seals.items():
        gone = {int(s) for _, e in entries for s in e.get("supersedes") or () if isinstance(s, int)}
        out[key] = [(seq, e) for seq, e in entries if seq not in gone]
    return out


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
