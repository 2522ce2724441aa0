"""Row ids handed out by the writer under the case write lock (`Case.write()`), so bulk inserts need no
round trip per row and work the same on every backend."""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select

__all__ = ["Ids"]


class Ids:
    """Next free ids per table for one write transaction. Only valid inside `Case.write()`."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._next: dict[str, int] = {}

    def take(self, table: Table, n: int = 1) -> int:
        """Reserve `n` consecutive ids in `table`; return the first."""
        if table.name not in self._next:
            pk = next(iter(table.primary_key.columns))
            self._next[table.name] = (
                int(self._conn.execute(select(func.coalesce(func.max(pk), 0))).scalar_one()) + 1
            )
        first = self._next[table.name]
        self._next[table.name] = first + n
        return first
