"""Which list column feeds which person-record field: from a mapping file (TOML) or by recognising common
English, Persian, French and German headers (listed in `headers.toml`). A column neither names is not
guessed at: the list is refused, naming it, unless the user chose to keep such columns as notes or to
leave them out (`--unknown-columns note|ignore`, or `unknown_columns` in the mapping file's options)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from testament.errors import IngestError, InputError
from testament.ingest.values import UNSTORABLE
from testament.text import fold_letters
from testament.vocab import RecordField

__all__ = [
    "EXTRA",
    "IGNORE",
    "UNKNOWN_COLUMNS",
    "ColumnMapping",
    "NoNameColumn",
    "load_mapping",
    "map_columns",
    "normalise_header",
]

IGNORE = "ignore"
EXTRA = "extra"  # an unrecognised column kept by choice: each cell a `note` claim naming its column
UNKNOWN_COLUMNS = ("refuse", "note", "ignore")  # what to do with a column no header or mapping names
_NAMED = 8  # unknown columns named in a message; the rest are counted


class NoNameColumn(IngestError):
    """No column of the list (or sheet) holds names."""


# Header spelling only: ZWNJ, underscores and hyphens separate words as spaces do (نام‌پدر, نام_پدر).
_SEPARATORS = str.maketrans({"\u200c": " ", "\u200d": "", "_": " ", "-": " "})
_SPACES = re.compile(r"\s+")


def normalise_header(header: str) -> str:
    """A header as it is matched: NFKC, the shared letter fold (ي → ی), word separators as spaces,
    casefolded, without the markers " :*" around it."""
    text = fold_letters(unicodedata.normalize("NFKC", header)).translate(_SEPARATORS).casefold()
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
    unknown_columns: str | None = None  # refuse, note or ignore (see UNKNOWN_COLUMNS)


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
    unknown = options.get("unknown_columns")
    if unknown not in (None, *UNKNOWN_COLUMNS):
        raise InputError(
            f"{label}: options.unknown_columns must be 'refuse', 'note' or 'ignore'",
            hint="leave it out to refuse a list with a column the mapping does not name",
        )
    return ColumnMapping(
        columns=dict(columns), calendar=calendar, source=label, date_order=date_order, unknown_columns=unknown
    )


def map_columns(
    headers: list[str],
    mapping: ColumnMapping | None,
    name: str,
    *,
    unknown: str = "refuse",
    empty: frozenset[int] = frozenset(),
) -> list[RecordField | str | None]:
    """The field of each column: a RecordField, EXTRA (unrecognised, kept as notes) or None (ignored).
    Refuses lists where two columns claim one field, no name column exists, or a column is not recognised
    and `unknown` (or the mapping file) says refuse. `empty`: 0-based columns with no header and no cell,
    padding that is ignored."""
    mapping = mapping or ColumnMapping()
    unknown = mapping.unknown_columns or unknown
    explicit = {normalise_header(k): v for k, v in mapping.columns.items()}
    known = _known_headers()
    result: list[RecordField | str | None] = []
    used: dict[RecordField, str] = {}
    unrecognised: list[str] = []
    for index, header in enumerate(headers, start=1):
        if UNSTORABLE.search(header):
            raise IngestError(
                f"{name}: the header of column {index} holds bytes that are not text (a NUL byte or half "
                "a character)",
                hint="correct the header row in the source, or ask the sender for a clean export",
            )
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
        if chosen is None and target != IGNORE and index - 1 not in empty:
            unrecognised.append(
                f"'{header}' (column {index})" if header.strip() else f"column {index} (no header)"
            )
            result.append(None if unknown == IGNORE else EXTRA)
        else:
            result.append(chosen)
    if not {RecordField.FULL_NAME, RecordField.GIVEN_NAME, RecordField.SURNAME} & used.keys():
        raise NoNameColumn(
            f"{name}: no name column recognised among {len(headers)} headers",
            hint='name the columns with --mapping FILE, e.g. [columns] "Nom" = "full_name"',
        )
    if unrecognised and unknown == "refuse":
        more = f" and {len(unrecognised) - _NAMED} more" if len(unrecognised) > _NAMED else ""
        raise IngestError(
            f"{name}: column(s) not recognised: {', '.join(unrecognised[:_NAMED])}{more}; nothing was "
            "ingested from this file",
            hint='say what each holds with --mapping FILE ([columns] "header" = "affiliation", or "notes", '
            'or "ignore"), or pass --unknown-columns note to keep their cells as notes (or ignore: leave '
            "them out)",
        )
    return result
