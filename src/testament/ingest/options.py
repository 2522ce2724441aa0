"""How a caller wants files ingested (`IngestOptions`), and the progress callback long steps report to.

Ingest records the options that shape what it writes in the file's `ingested` custody event
(`options_record`), so that `verify --rederive` can read the file again exactly as ingest did
(`options_from_record`, `testament.ingest.rederive`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from testament.ingest.mapping import ColumnMapping

__all__ = [
    "OPTIONS_FORMAT",
    "IngestOptions",
    "ProgressFn",
    "options_from_record",
    "options_record",
    "title_digest",
]

# progress(label, rows_done, rows_total): called while a long list is checked ("checking NAME") and
# written (NAME)
ProgressFn = Callable[[str, int, int], None]

OPTIONS_FORMAT = 1  # the version of `options_record`'s layout


@dataclass(frozen=True)
class IngestOptions:
    source_title: str | None = None
    kind: str | None = None  # testimony or list; by default from the file suffix
    mapping: ColumnMapping | None = None
    strict: bool = False  # stop at the first problem
    skip_bad_rows: bool = False  # ingest the good rows, record the rejected ones (default: refuse the file)
    date_order: str = "auto"  # D/M vs M/D dates: auto (per column, from its cells), day-first, month-first
    unknown_columns: str = "refuse"  # a column no header or mapping names: refuse the list, note or ignore


def title_digest(title: str) -> str:
    """The SHA-256 of a source title: the event records this, not the title (a title may name someone)."""
    return hashlib.sha256(title.encode("utf-8")).hexdigest()


def options_record(options: IngestOptions, name: str, suffix: str) -> dict[str, Any]:
    """Every option that shapes what ingest writes for a file, for its custody event: the mapping as it
    was read (the columns it names, its calendar, date order and unknown-column rule), the command's
    choices, the file's name as reported and suffix, and the SHA-256 of the source title used (not the
    title)."""
    mapping = options.mapping
    return {
        "format": OPTIONS_FORMAT,
        "name": name,
        "suffix": suffix,
        "source_title_sha256": title_digest(options.source_title or name),
        "source_title_given": options.source_title is not None,
        "kind": options.kind,
        "strict": options.strict,
        "skip_bad_rows": options.skip_bad_rows,
        "date_order": options.date_order,
        "unknown_columns": options.unknown_columns,
        "mapping": None
        if mapping is None
        else {
            "columns": dict(mapping.columns),
            "calendar": mapping.calendar,
            "date_order": mapping.date_order,
            "unknown_columns": mapping.unknown_columns,
        },
    }


def options_from_record(record: Mapping[str, Any]) -> IngestOptions:
    """The options an `options_record` describes (the source title is not kept: only its digest).
    Raises KeyError, TypeError or ValueError for a record this version cannot read."""
    if record["format"] != OPTIONS_FORMAT:
        raise ValueError(f"options format {record['format']!r}")
    raw = record["mapping"]
    mapping = None
    if raw is not None:
        mapping = ColumnMapping(
            columns={str(k): str(v) for k, v in dict(raw["columns"]).items()},
            calendar=raw["calendar"],
            date_order=raw["date_order"],
            unknown_columns=raw["unknown_columns"],
        )
    return IngestOptions(
        kind=record["kind"],
        mapping=mapping,
        strict=bool(record["strict"]),
        skip_bad_rows=bool(record["skip_bad_rows"]),
        date_order=str(record["date_order"]),
        unknown_columns=str(record["unknown_columns"]),
    )
