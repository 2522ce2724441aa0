"""How a caller wants files ingested (`IngestOptions`), and the progress callback long steps report to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from testament.ingest.mapping import ColumnMapping

__all__ = ["IngestOptions", "ProgressFn"]

# progress(label, rows_done, rows_total): called while a long list is checked ("checking NAME") and
# written (NAME)
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class IngestOptions:
    source_title: str | None = None
    kind: str | None = None  # testimony or list; by default from the file suffix
    mapping: ColumnMapping | None = None
    strict: bool = False  # stop at the first problem
    skip_bad_rows: bool = False  # ingest the good rows, record the rejected ones (default: refuse the file)
    date_order: str = "auto"  # D/M vs M/D dates: auto (per column, from its cells), day-first, month-first
    unknown_columns: str = "refuse"  # a column no header or mapping names: refuse the list, note or ignore
