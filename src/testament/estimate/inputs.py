"""What `testament estimate` reads, recognised by its columns, and what it was read as.

`read_input(source)` takes a case (an open `Case`) or a CSV file and returns an `EstimateInput`: the
capture histories (one per stratum), which sources were treated as lists, the strata made and every
decision worth a warning. `estimate_input` runs the estimators on it and puts that description and those
warnings on every result, so a script reading `--json` sees what a person reading the table sees.

A CSV file is recognised by its header:

- **`export persons` output**: exactly the columns `source_file,row,person_id` (and `artifact,start,end`
  when testimony mentions are present). Each distinct `source_file` is a list; a person's capture pattern
  is the set of files holding one of their rows. Testimony mentions (rows with no `source_file`) are not
  counted: a testimony is not a list, it reports whom one witness saw, not a systematic attempt to record
  every victim, and counting it would break the model every estimator assumes. Rows with no `person_id`
  (records linked after the export) are left out, with a warning. It gives the same histories, and so the
  same estimate, as the case it came from (lists are named by file; a case names them by source title,
  which is the file name unless `ingest --title` set another).
- **`export persons --wide` output**: one row per person, with `person_id` and one 0/1 column `list:TITLE`
  per list (the other columns, names, dates, places, are left aside; `--strata` may name one of them). It
  gives the same histories as the case (lists named by source title, as a case names them).
- **a pattern file**: a `count` (or `freq`) column; every other column but the stratum column is a list
  holding 0 or 1 (as in `../shared/data/mse/` and `CaptureHistory.to_csv_text`).
- **a one-row-per-person file**: every column but an id column (`id`, `person_id`, `person`, `record_id`)
  and the stratum column holds only list marks (0/1, yes/no, true/false, y/n, x or blank). Rows that share
  an id are one person. `--lists` names the list columns (others are then left aside).

Anything else is refused with the columns it has (a victim list: name, father, dates...), and so are files
that are not UTF-8 CSV text (xlsx, xls, ods, json, pdf, zip). `--lists` names a subset of lists: a case's
source titles or file names, a file's list columns, an export's file names; a name it does not have is
refused with the ones it has. The stratum column of a file is `--strata` or, when present, `stratum`;
strata are normalised and small ones merged (see `testament.estimate.strata`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from testament.errors import InputError
from testament.estimate.history import CaptureHistory
from testament.estimate.strata import OTHER, StrataRule, Stratification, stratify
from testament.tabular import read_csv

if TYPE_CHECKING:
    from testament.estimate.casedata import CaseRecords
    from testament.estimate.result import EstimateResult
    from testament.estimate.run import EstimateOptions, ProgressFn
    from testament.settings import Settings
    from testament.store.case import Case

__all__ = [
    "EXPORT_COLUMNS",
    "KINDS",
    "WIDE_LIST_PREFIX",
    "EstimateInput",
    "ListUsed",
    "choose_lists",
    "estimate_input",
    "estimate_source",
    "histories_from_units",
    "lists_used",
    "read_input",
]

KINDS = (
    "case",
    "patterns",
    "people",
    "persons",
)  # a case, a pattern file, one row per person, export persons
EXPORT_COLUMNS = ("source_file", "row", "person_id", "artifact", "start", "end")
WIDE_LIST_PREFIX = "list:"  # `export persons --wide`: a list's 0/1 column is `list:TITLE`
_COUNT_COLUMNS = ("count", "freq", "frequency")
_ID_COLUMNS = ("id", "person_id", "person", "record_id")
_MARKS_TRUE = frozenset({"1", "1.0", "yes", "true", "y", "x"})
_MARKS_FALSE = frozenset({"", "0", "0.0", "no", "false", "n"})
_COMBINED = "(all strata)"  # run.combine_strata's stratum
_SIGNATURES = (
    (b"PK\x03\x04", "a zip container (an xlsx, ods or docx workbook, or a zip archive)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (xls or doc)"),
    (b"%PDF", "a PDF"),
    (b"PAR1", "a Parquet file"),
)
_SUFFIXES = {
    ".xlsx": "an Excel workbook",
    ".xlsm": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".ods": "an OpenDocument spreadsheet",
    ".json": "a JSON file",
    ".parquet": "a Parquet file",
    ".zip": "a zip archive",
    ".pdf": "a PDF",
    ".docx": "a Word document",
}
_SHOW_COLUMNS = 12


@dataclass(frozen=True)
class ListUsed:
    """A source treated as a list: its name in the histories, the files it came from, persons it caught."""

    name: str
    files: tuple[str, ...]
    persons: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "files": list(self.files), "persons": self.persons}


@dataclass
class EstimateInput:
    """Capture histories and how they were made: the input's kind, the lists used, the strata."""

    kind: str  # one of KINDS
    source: str  # the file's name or the case's folder
    histories: dict[str | None, CaptureHistory]
    lists: list[ListUsed]
    available: list[str]  # every list `--lists` can choose from
    strata: Stratification | None = None
    notes: list[str] = field(default_factory=list)  # how it was read
    warnings: list[str] = field(default_factory=list)  # what could make the number wrong
    # a case's list records and the choices made reading them, for re-estimating over other linkages
    case_records: CaseRecords | None = field(default=None, repr=False, compare=False)

    @property
    def observed(self) -> int:
        return sum(h.observed for h in self.histories.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "observed": self.observed,
            "lists": [item.to_dict() for item in self.lists],
            "available_lists": list(self.available),
            "strata": self.strata.to_dict() if self.strata is not None else None,
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }


# --- building histories ---------------------------------------------------------------------------------


def histories_from_units(
    units: Iterable[tuple[Sequence[str], int, int]],
    lists: Sequence[str],
    *,
    stratum_field: str | None,
    source: str,
    rule: StrataRule | None = None,
) -> tuple[dict[str | None, CaptureHistory], Stratification | None]:
    """Histories from (stratum values, pattern index, persons) units: one history, or one per stratum."""
    if stratum_field is not None:
        return stratify(units, stratum_field, lists, source=source, rule=rule)
    table = np.zeros(2 ** len(lists), dtype=np.int64)
    for _values, index, weight in units:
        table[index] += weight
    table[0] = 0
    if not table.any():
        raise InputError(
            f"{source}: nobody is on any list", hint="check the list columns or the names of the lists chosen"
        )
    return {None: CaptureHistory(tuple(lists), table, source=source)}, None


def lists_used(
    histories: Mapping[str | None, CaptureHistory], files: Mapping[str, Sequence[str]]
) -> list[ListUsed]:
    """The lists of `histories` with the files each came from and how many persons each caught."""
    totals: dict[str, int] = {}
    for history in histories.values():
        for name, persons in history.list_totals().items():
            totals[name] = totals.get(name, 0) + persons
    return [ListUsed(name, tuple(files.get(name, ())), persons) for name, persons in totals.items()]


def choose_lists(
    available: Mapping[str, Sequence[str]], wanted: Sequence[str] | None, source: str
) -> list[str]:
    """The lists `--lists` names, in the input's order; each may be given by its name or by one of its file
    names (with or without the suffix). All of them when `wanted` is None."""
    if not wanted:
        return list(available)
    index: dict[str, str] = {}
    for name, files in available.items():
        for alias in (name, *files):
            index.setdefault(alias.casefold(), name)
            index.setdefault(Path(alias).stem.casefold(), name)
    unknown = [w for w in wanted if w.strip().casefold() not in index]
    if unknown:
        raise InputError(
            f"{source}: no list named {', '.join(repr(u) for u in unknown)}",
            hint=f"the lists it has: {_names(list(available))}",
        )
    chosen = {index[w.strip().casefold()] for w in wanted}
    if len(chosen) < 2:
        raise InputError(
            f"{source}: --lists names {len(chosen)} list",
            hint="multiple systems estimation needs two or more",
        )
    return [name for name in available if name in chosen]


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOW_COLUMNS])
    return shown + (f" and {len(names) - _SHOW_COLUMNS} more" if len(names) > _SHOW_COLUMNS else "")


# --- reading ---------------------------------------------------------------------------------------------


def read_input(
    source: Path | str | Case,
    *,
    strata: str | None = None,
    lists: Sequence[str] | None = None,
    rule: StrataRule | None = None,
) -> EstimateInput:
    """Capture histories from a case or a CSV file, recognised by its columns (see the module docstring).
    `strata` is a record field of a case (prison, city...) or a column of a file; `lists` chooses lists."""
    if not isinstance(source, (str, Path)):
        from testament.estimate.casedata import read_case

        return read_case(source, strata=strata, lists=lists, rule=rule)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{path}: a folder", hint="open it as a case (`Case.open`) and pass the case")
    if not path.is_file():
        raise InputError(f"{path}: no such file or case folder", hint="give a pattern CSV or a case folder")
    header, rows = _read_table(path)
    name = path.name
    lowered = {h.casefold(): h for h in header}
    if {"source_file", "row", "person_id"} <= lowered.keys() and lowered.keys() <= set(EXPORT_COLUMNS):
        return _from_export(name, lowered, rows, strata, lists, rule)
    if "person_id" in lowered and any(h.startswith(WIDE_LIST_PREFIX) for h in header):
        return _from_wide(name, header, rows, lowered, strata, lists, rule)
    count = next((lowered[c] for c in _COUNT_COLUMNS if c in lowered), None)
    stratum = _stratum_column(name, header, lowered, strata)
    if count is not None:
        return _from_patterns(name, header, rows, count, stratum, lists, rule)
    return _from_people(name, header, rows, lowered, stratum, lists, rule)


def _read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{name}: cannot read ({type(exc).__name__})", hint="check the path and its permissions"
        ) from None
    what = _SUFFIXES.get(path.suffix.lower())
    if what is None:
        what = next((label for magic, label in _SIGNATURES if data.startswith(magic)), None)
    if what is None and b"\0" in data[:65536]:
        what = "a binary file"
    if what is not None:
        raise InputError(
            f"{name}: {what}, not a CSV file; estimate reads CSV files and cases",
            hint="save the sheet as CSV (UTF-8), or ingest the list into a case (`testament ingest CASE "
            "FILE`), link it and estimate the case",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: not UTF-8 text",
            hint="save it as CSV UTF-8 (a list in Windows-1256 can be ingested into a case)",
        ) from None
    header, rows = read_csv(text)
    header = [h.strip() for h in header]
    if not header or not any(header):
        raise InputError(f"{name}: no header row", hint="the first line names the columns")
    seen: set[str] = set()
    for h in header:
        if h.casefold() in seen:
            raise InputError(f"{name}: column '{h}' appears twice", hint="give every column its own name")
        seen.add(h.casefold())
    return header, [{k.strip(): v for k, v in row.items()} for row in rows]


def _stratum_column(name: str, header: list[str], lowered: dict[str, str], strata: str | None) -> str | None:
    if strata is None:
        return lowered.get("stratum")
    found = lowered.get(strata.strip().casefold())
    if found is None:
        raise InputError(
            f"{name}: --strata {strata}: no such column", hint=f"the columns it has: {_names(header)}"
        )
    return found


def _from_export(
    name: str,
    lowered: dict[str, str],
    rows: list[dict[str, str]],
    strata: str | None,
    lists: Sequence[str] | None,
    rule: StrataRule | None,
) -> EstimateInput:
    if strata is not None:
        raise InputError(
            f"{name}: `export persons` output has no {strata} column to stratify by",
            hint=f"estimate the case itself, stratified by {strata}",
        )
    col = {c: lowered[c] for c in ("source_file", "row", "person_id")}
    caught: dict[int, set[str]] = {}
    files: list[str] = []
    mentions = unlinked = 0
    for line, row in enumerate(rows, start=2):
        file, person = row[col["source_file"]].strip(), row[col["person_id"]].strip()
        if not file:
            mentions += 1
            continue
        if not person:
            unlinked += 1
            continue
        try:
            pid = int(person)
        except ValueError:
            raise InputError(
                f"{name}, line {line}, column person_id: expected a person id (a whole number)",
                hint="this file should be `testament export persons` output, unchanged",
            ) from None
        caught.setdefault(pid, set()).add(file)
        files.append(file)
    available = {f: (f,) for f in sorted(set(files))}
    if len(available) < 2:
        raise InputError(
            f"{name}: linked records come from {len(available)} list file(s)",
            hint="MSE needs two or more lists",
        )
    chosen = choose_lists(available, lists, name)
    bit = {f: 1 << j for j, f in enumerate(chosen)}
    units = [((), sum(bit.get(f, 0) for f in seen), 1) for seen in caught.values()]
    histories, _ = histories_from_units(units, chosen, stratum_field=None, source=name)
    data = EstimateInput("persons", name, histories, lists_used(histories, available), list(available))
    data.notes.append(f"read as `export persons` output: {len(chosen)} list files, {data.observed} persons")
    if mentions:
        data.notes.append(
            f"{mentions} testimony mention(s) were not counted: a testimony is not a list, only list rows "
            "make capture patterns"
        )
    if unlinked:
        data.warnings.append(
            f"{unlinked} list row(s) have no person id (added after the last link?) and were left out",
        )
    _note_left_out(data, available, chosen)
    return data


def _from_patterns(
    name: str,
    header: list[str],
    rows: list[dict[str, str]],
    count: str,
    stratum: str | None,
    lists: Sequence[str] | None,
    rule: StrataRule | None,
) -> EstimateInput:
    if not rows:
        raise InputError(f"{name}: no rows", hint="one row per capture pattern, with a count column")
    columns = [h for h in header if h not in (count, stratum)]
    available = {h: (h,) for h in columns}
    chosen = choose_lists(available, lists, name)
    if len(columns) < 2:
        raise InputError(
            f"{name}: a pattern file needs two or more list columns besides {count}",
            hint="columns: one 0/1 per list, then count",
        )
    units: list[tuple[tuple[str, ...], int, int]] = []
    for line, row in enumerate(rows, start=2):
        bits: list[int] = []
        for column in columns:
            cell = row[column].strip()
            if cell not in ("0", "1"):
                raise InputError(
                    f"{name}, line {line}, column {column}: expected 0 or 1",
                    hint="a pattern file holds one 0/1 column per list and a count; check for blank cells",
                )
            bits.append(int(cell))
        try:
            weight = int(row[count].strip())
        except ValueError:
            weight = -1
        if weight < 0:
            raise InputError(
                f"{name}, line {line}, column {count}: expected a whole number >= 0",
                hint="check for blank cells or text in the count column",
            )
        mask = dict(zip(columns, bits, strict=True))
        if weight and not any(bits):
            raise InputError(
                f"{name}, line {line}: the all-zero pattern cannot have a count",
                hint="drop the all-zero row: nobody can be observed on no list",
            )
        index = sum(1 << j for j, c in enumerate(chosen) if mask[c])
        units.append(((row[stratum],) if stratum else (), index, weight))
    histories, strata = histories_from_units(units, chosen, stratum_field=stratum, source=name, rule=rule)
    data = EstimateInput("patterns", name, histories, lists_used(histories, available), columns, strata)
    data.notes.append(f"read as a pattern file: {len(chosen)} lists, {data.observed} persons")
    _note_left_out(data, available, chosen)
    if strata is not None:
        data.warnings.extend(strata.warnings)
    return data


def _is_mark(cell: str) -> bool:
    text = cell.strip().casefold()
    return text in _MARKS_TRUE or text in _MARKS_FALSE


def _from_people(
    name: str,
    header: list[str],
    rows: list[dict[str, str]],
    lowered: dict[str, str],
    stratum: str | None,
    lists: Sequence[str] | None,
    rule: StrataRule | None,
) -> EstimateInput:
    id_column = next((lowered[c] for c in _ID_COLUMNS if c in lowered), None)
    columns = [h for h in header if h not in (id_column, stratum)]
    not_marks = [c for c in columns if not all(_is_mark(row[c]) for row in rows)]
    available = {h: (h,) for h in columns}
    if lists:
        chosen = choose_lists(available, lists, name)
        bad = [c for c in chosen if c in not_marks]
        if bad:
            raise InputError(
                f"{name}: column(s) {', '.join(bad)} hold values other than list marks (0/1, yes/no)",
                hint="choose as lists only the columns that say, for each person, whether a list holds them",
            )
    else:
        if not_marks:
            raise InputError(
                f"{name}: not a capture history: column(s) {_names(not_marks)} hold text, not 0/1 list marks "
                "(a victim list?)",
                hint="ingest the list into a case (`testament ingest CASE FILE`), link it (`testament link "
                "CASE`) and estimate the case; or give a pattern CSV (0/1 per list + count) or one row per "
                "person with 0/1 per list, naming its list columns with --lists",
            )
        chosen = columns
    if len(chosen) < 2:
        raise InputError(
            f"{name}: {len(chosen)} list column(s) ({_names(header)})",
            hint="one row per person needs two or more 0/1 list columns; a pattern file also has a count",
        )
    people: dict[str, tuple[list[str], int]] = {}
    for line, row in enumerate(rows, start=2):
        key = row[id_column].strip() if id_column and row[id_column].strip() else f"line {line}"
        values, index = people.setdefault(key, ([], 0))
        index |= sum(1 << j for j, c in enumerate(chosen) if row[c].strip().casefold() in _MARKS_TRUE)
        people[key] = (values + ([row[stratum]] if stratum and row[stratum].strip() else []), index)
    units = [(values, index, 1) for values, index in people.values()]
    histories, strata = histories_from_units(units, chosen, stratum_field=stratum, source=name, rule=rule)
    data = EstimateInput("people", name, histories, lists_used(histories, available), columns, strata)
    data.notes.append(f"read as one row per person: {len(chosen)} lists, {data.observed} persons")
    if id_column and len(people) < len(rows):
        data.notes.append(f"{len(rows) - len(people)} row(s) share an id with another row: one person each")
    _note_left_out(data, available, chosen)
    if strata is not None:
        data.warnings.extend(strata.warnings)
    return data


def _from_wide(
    name: str,
    header: list[str],
    rows: list[dict[str, str]],
    lowered: dict[str, str],
    strata: str | None,
    lists: Sequence[str] | None,
    rule: StrataRule | None,
) -> EstimateInput:
    """`export persons --wide`: one row per person read on its `person_id` and `list:` columns only."""
    stratum = _stratum_column(name, header, lowered, strata) if strata is not None else None
    marks = {h: h[len(WIDE_LIST_PREFIX) :] for h in header if h.startswith(WIDE_LIST_PREFIX)}
    kept = ["person_id", *marks.values(), *([stratum] if stratum else [])]
    if len(set(kept)) < len(kept):
        raise InputError(f"{name}: a list is named like another column", hint="rename the list column")
    narrow = [
        {"person_id": row[lowered["person_id"]], **{marks[h]: row[h] for h in marks},
         **({stratum: row[stratum]} if stratum else {})}
        for row in rows
    ]  # fmt: skip
    data = _from_people(name, kept, narrow, {k.casefold(): k for k in kept}, stratum, lists, rule)
    data.notes.insert(0, "read as `export persons --wide` output: its list: columns")
    return data


def _note_left_out(
    data: EstimateInput, available: Mapping[str, Sequence[str]], chosen: Sequence[str]
) -> None:
    left = [name for name in available if name not in chosen]
    if left:
        data.notes.append(f"left out by --lists: {_names(left)}")


# --- estimating ------------------------------------------------------------------------------------------


def estimate_input(
    data: EstimateInput,
    options: EstimateOptions,
    *,
    progress: ProgressFn | None = None,
    plot_dir: Path | None = None,
    case: Case | None = None,
    linkages: int = 0,
) -> list[EstimateResult]:
    """Every requested method on `data` (see `run_estimates`). Each result carries the input's description
    (`result.input`: kind, lists, strata); results for the whole input (unstratified, the combination of
    strata, or the only stratum) and the `(other)` stratum carry the input's warnings too.

    With `linkages` > 0 and the `case` `data` was read from, every method is re-run over that many
    plausible linkages of the case and each result gets its linkage spread (`result.linkage`; see
    `testament.estimate.linkage`). Then methods that disagree beyond their intervals are warned about and,
    with two or more methods, one estimate is recommended (`result.recommendation`; see
    `testament.estimate.advice`)."""
    from testament.estimate.advice import advise
    from testament.estimate.run import run_estimates

    results = run_estimates(data.histories, options, progress=progress, plot_dir=plot_dir)
    if linkages > 0 and data.kind == "case":
        from testament.estimate.linkage import linkage_spread

        if case is None:
            raise InputError(
                "linkage uncertainty needs the case the estimate was read from",
                hint="pass the open case (estimate_input(..., case=case)), or linkages=0",
            )
        linkage_spread(case, data, results, options, linkages=linkages, progress=progress)
    elif linkages > 0 and data.kind == "persons":
        data.notes.append(
            "linkage uncertainty not included: this file holds one linkage; estimate the case itself to "
            "re-estimate over other plausible linkages"
        )
    advise(results, data.histories)
    summary = data.to_dict()
    single = len(data.histories) == 1
    for result in results:
        result.input = summary
        whole = single or result.stratum in (None, _COMBINED)
        merged = data.strata.warnings if data.strata is not None and result.stratum == OTHER else []
        extra = data.warnings if whole else merged
        if extra:
            warnings = result.diagnostics.setdefault("warnings", [])
            warnings[:0] = [w for w in extra if w not in warnings]
    return results


def estimate_source(
    source: Path | str,
    options: EstimateOptions,
    *,
    settings: Settings,
    strata: str | None = None,
    lists: Sequence[str] | None = None,
    rule: StrataRule | None = None,
    linkages: int = 0,
    progress: ProgressFn | None = None,
    plot_dir: Path | None = None,
) -> tuple[EstimateInput, list[EstimateResult]]:
    """Read `source` and estimate (see `read_input` and `estimate_input`). A folder is opened as a case (with
    `settings`): its linkage uncertainty is measured (`linkages`) and the results are saved in it, with
    what reproduces them (`testament.estimate.store`). A file is read by its columns and nothing is saved."""
    path = Path(source)
    if not path.is_dir():
        data = read_input(path, strata=strata, lists=lists, rule=rule)
        return data, estimate_input(data, options, progress=progress, plot_dir=plot_dir, linkages=linkages)
    from testament.estimate.store import save_results
    from testament.store.case import Case

    with Case.open(path, settings=settings) as case:
        data = read_input(case, strata=strata, lists=lists, rule=rule)
        results = estimate_input(
            data, options, progress=progress, plot_dir=plot_dir, case=case, linkages=linkages
        )
        save_results(case, results)
    return data, results
