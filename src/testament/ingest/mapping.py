"""Which list column feeds which person-record field: from a mapping file (TOML) or by recognising common
English, Persian, French and German headers (listed in `headers.toml`)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from testament.errors import IngestError, InputError
from testament.vocab import RecordField

__all__ = ["EXTRA", "IGNORE", "ColumnMapping", "load_mapping", "map_columns", "normalise_header"]

IGNORE = "ignore"
EXTRA = "extra"  # an unrecognised column: kept, each cell a `note` claim naming its column
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": " ", "\u200d": "", "_": " ", "-": " "})
_SPACES = re.compile(r"\s+")


def normalise_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip(" :*")


@cache
def _known_headers() -> dict[str, RecordField]:
    raw = tomllib.loads(files("testament.ingest").joinpath("headers.toml").read_text("utf-8"))
    known: dict[str, RecordField] = {}
    for field_name, entry in raw.items():
        for header in entry["headers"]:
            known[normalise_header(header)] = RecordField(field_name)
    return known


@dataclass(frozen=True)
class ColumnMapping:
    """How to read one list: explicit column → field choices plus options for ambiguous values."""

    columns: dict[str, str] = field(default_factory=dict)  # header as written → RecordField value or IGNORE
    calendar: str | None = None  # default calendar for dates that do not say
    source: str | None = None  # the mapping file, for messages
    date_order: str | None = None  # auto, day-first or month-first: how D/M/YYYY vs M/D/YYYY dates read


def load_mapping(path: Path) -> ColumnMapping:
    label = str(path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{label}: mapping file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{label}: not valid TOML ({exc})", hint="see docs/cli.md, section Mapping files, for the format"
        ) from None
    columns = raw.get("columns", {})
    if not isinstance(columns, dict):
        raise InputError(f'{label}: [columns] must be a table of "header" = "field"')
    valid = {f.value for f in RecordField} | {IGNORE}
    for header, target in columns.items():
        if target not in valid:
            raise InputError(
                f"{label}: column '{header}' maps to unknown field '{target}'",
                hint=f"use one of: {', '.join(sorted(valid))}",
            )
    options = raw.get("options", {})
    calendar = options.get("calendar")
    if calendar not in (None, "gregorian", "solar_hijri"):
        raise InputError(f"{label}: options.calendar must be 'gregorian' or 'solar_hijri'")
    date_order = options.get("date_order")
    if date_order not in (None, "auto", "day-first", "month-first"):
        raise InputError(
            f"{label}: options.date_order must be 'auto', 'day-first' or 'month-first'",
            hint="leave it out to infer each date column's order from its cells",
        )
    return ColumnMapping(columns=dict(columns), calendar=calendar, source=label, date_order=date_order)


def map_columns(
    headers: list[str], mapping: ColumnMapping | None, name: str
) -> list[RecordField | str | None]:
    """The field of each column: a RecordField, EXTRA (unrecognised, kept as notes) or None (ignored by the
    mapping file). Refuses lists where two columns claim one field or no name column exists."""
    mapping = mapping or ColumnMapping()
    explicit = {normalise_header(k): v for k, v in mapping.columns.items()}
    known = _known_headers()
    result: list[RecordField | str | None] = []
    used: dict[RecordField, str] = {}
    for index, header in enumerate(headers, start=1):
        key = normalise_header(header)
        target = explicit.get(key)
        chosen: RecordField | None
        if target == IGNORE:
            chosen = None
        elif target is not None:
            chosen = RecordField(target)
        else:
            chosen = known.get(key)
        if chosen is not None and chosen in used:
            raise IngestError(
                f"{name}: columns '{used[chosen]}' and '{header or f'#{index}'}' both map to {chosen.value}",
                hint='say which one to use with --mapping FILE ([columns] "header" = "ignore")',
            )
        if chosen is not None:
            used[chosen] = header
        result.append(EXTRA if chosen is None and target != IGNORE else chosen)
    if not {RecordField.FULL_NAME, RecordField.GIVEN_NAME, RecordField.SURNAME} & used.keys():
        raise IngestError(
            f"{name}: no name column recognised among {len(headers)} headers",
            hint='name the columns with --mapping FILE, e.g. [columns] "Nom" = "full_name"',
        )
    return result
