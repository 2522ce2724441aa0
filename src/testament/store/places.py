"""The case's place rows: the one writer of a `places` row with its name claim, and the lookup that finds
the row a name stands for through the gazetteer ("Evin", "Evin Prison" and "زندان اوین" are one place).

Legal (`testament.legal.add_place`) and extraction review (a held position "at Evin") both write places
here, so a prison entered by hand and the same prison read in a testimony are one row. The caller holds
the write transaction and logs the custody event that seals what was written (`FactWriter.details`).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Connection, Table, insert, select

from testament.names.places import place_key
from testament.store.custody import utc_now
from testament.store.facts import FactWriter
from testament.store.schema import claims, places

__all__ = ["find_place", "insert_place", "place_for"]


class Ids(Protocol):
    """The caller's id allocator for its write transaction (`testament.store.ids.Ids` or extraction's)."""

    def take(self, table: Table, n: int = 1) -> int: ...


def find_place(conn: Connection, name: str) -> int | None:
    """The place row whose name (any of its name claims) has the same gazetteer key as `name`; the lowest
    id if several do. None when the case has no such place."""
    key = place_key(name)
    if not key:
        return None
    rows = conn.execute(
        select(claims.c.subject_id, claims.c.value)
        .where(claims.c.subject_type == "place", claims.c.predicate == "name")
        .order_by(claims.c.subject_id)
    )
    return next((int(r.subject_id) for r in rows if place_key(r.value) == key), None)


def insert_place(
    conn: Connection,
    ids: Ids,
    facts: FactWriter,
    name: str,
    *,
    kind: str,
    latitude: float | None = None,
    longitude: float | None = None,
    uncertainty_m: float | None = None,
) -> int:
    """A new `places` row with `name` as its name claim. Returns its id."""
    pid, cid = ids.take(places), ids.take(claims)
    facts.written(places, [pid])
    facts.written(claims, [cid])
    conn.execute(
        insert(places),
        [{"id": pid, "kind": kind, "latitude": latitude, "longitude": longitude,
          "uncertainty_m": uncertainty_m, "sensitivity": "internal"}],
    )  # fmt: skip
    conn.execute(
        insert(claims),
        [{"id": cid, "subject_type": "place", "subject_id": pid, "predicate": "name", "value": name.strip(),
          "stance": "affirms", "created_at": utc_now(), "sensitivity": "internal"}],
    )  # fmt: skip
    return pid


def place_for(
    conn: Connection,
    ids: Ids,
    facts: FactWriter,
    name: str,
    *,
    kind: str,
    latitude: float | None = None,
    longitude: float | None = None,
    uncertainty_m: float | None = None,
) -> int:
    """The case's place `name` stands for, written (as `insert_place`) if the case has none yet."""
    found = find_place(conn, name)
    if found is not None:
        return found
    return insert_place(
        conn, ids, facts, name, kind=kind, latitude=latitude, longitude=longitude, uncertainty_m=uncertainty_m
    )
