"""Store helpers shared by proposal and review: id allocation under the write lock, canonical JSON."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, func, select

__all__ = ["Ids", "canonical_json"]


class Ids:
    """Ids handed out under the case write lock, so bulk inserts need no round trip per row."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._next: dict[str, int] = {}

    def take(self, table: Table, n: int = 1) -> int:
        if table.name not in self._next:
            pk = next(iter(table.primary_key.columns))
            self._next[table.name] = (
                int(self._conn.execute(select(func.coalesce(func.max(pk), 0))).scalar_one()) + 1
            )
        first = self._next[table.name]
        self._next[table.name] = first + n
        return first


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
