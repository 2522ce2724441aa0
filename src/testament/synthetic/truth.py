"""The ground truth of a scenario: `truth.json` (always), plus `truth/persons.parquet` and
`truth/rows.parquet` when the population is large. `read_truth` gives the same columns either way."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from testament.errors import InputError
from testament.files import open_private, private_dir
from testament.synthetic._calendar import gregorian_parts
from testament.synthetic.capture import Capture
from testament.synthetic.population import Gazetteer, Population
from testament.synthetic.spelling import name_tables

__all__ = [
    "TRUTH_FORMAT",
    "Truth",
    "person_columns",
    "read_truth",
    "truth_for_records",
    "truth_of_case",
    "write_tables",
]

TRUTH_FORMAT = "testament-synthetic/1"


@dataclass
class Truth:
    """truth.json as a dict (`meta`) and the person and row tables as columns (name → list)."""

    meta: dict[str, Any]
    persons: dict[str, list[Any]]
    rows: dict[str, list[Any]]


def _iso(days: np.ndarray) -> list[str]:
    # day numbers count from 1970-01-01, numpy's own epoch
    return np.datetime_as_string(days.astype("datetime64[D]")).tolist()


def person_columns(pop: Population, capture: Capture, gaz: Gazetteer) -> dict[str, Any]:
    """One column per person attribute, as numpy arrays (strings as object arrays)."""
    names = name_tables()
    latin = {
        "given": np.array([names.given.canonical(i) for i in range(len(names.given))], dtype=object),
        "surname": np.array([names.surname.canonical(i) for i in range(len(names.surname))], dtype=object),
    }
    fa_given = np.array([t.replace("+", "\u200c") for t in names.given.fa], dtype=object)
    fa_surname = np.array([t.replace("+", "\u200c") for t in names.surname.fa], dtype=object)
    ids = {
        k: np.array([x["id"] for x in table], dtype=object)
        for k, table in (
            ("city", gaz.cities),
            ("prison", gaz.prisons),
            ("affiliation", gaz.affiliations),
            ("burial", gaz.burials),
        )
    }
    k = capture.caught.shape[1]
    bits = capture.caught.astype(np.uint8) + ord("0")
    patterns = bits.view(f"S{k}").ravel().astype(str) if k else np.array([""] * len(pop))
    return {
        "id": np.arange(len(pop)),
        "sex": np.where(pop.female, "female", "male").astype(object),
        "seyed": pop.seyed,
        "given": latin["given"][pop.given],
        "surname": latin["surname"][pop.surname],
        "father": latin["given"][pop.father],
        "given_fa": fa_given[pop.given],
        "surname_fa": fa_surname[pop.surname],
        "father_fa": fa_given[pop.father],
        "birth_year": gregorian_parts(pop.birth_day)[0],
        "city": ids["city"][pop.city],
        "prison": ids["prison"][pop.prison],
        "affiliation": ids["affiliation"][pop.affiliation],
        "burial": ids["burial"][pop.burial],
        "arrest_date": np.array(_iso(pop.arrest_day), dtype=object),
        "execution_date": np.array(_iso(pop.execution_day), dtype=object),
        "week": pop.week,
        "visibility": np.round(pop.visibility, 6),
        "lists": patterns.astype(object),
    }


def _records(columns: dict[str, Any]) -> list[dict[str, Any]]:
    plain = {k: (v.tolist() if isinstance(v, np.ndarray) else list(v)) for k, v in columns.items()}
    keys = list(plain)
    return [dict(zip(keys, values, strict=True)) for values in zip(*plain.values(), strict=True)]


def write_tables(
    out_dir: Path, persons: dict[str, Any], rows: dict[str, Any], *, parquet: bool
) -> dict[str, Any]:
    """Write the person and row tables; return what truth.json says about them (inline records, or the
    parquet files)."""
    if not parquet:
        return {"persons": _records(persons), "rows": _records(rows)}
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = out_dir / "truth"
    private_dir(folder)
    for name, table in (("persons", persons), ("rows", rows)):
        arrays = {}
        for key, col in table.items():
            col = np.asarray(col)
            arrays[key] = pa.array(col.tolist() if col.dtype == object else col)
        with open_private(folder / f"{name}.parquet", "wb") as fh:
            pq.write_table(pa.table(arrays), fh, compression="zstd")
    return {"persons_file": "truth/persons.parquet", "rows_file": "truth/rows.parquet"}


def read_truth(out_dir: str | Path) -> Truth:
    """Load a scenario's truth: truth.json plus the person/row tables wherever they were written."""
    root = Path(out_dir)
    try:
        meta = json.loads((root / "truth.json").read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{root}: no truth.json here", hint="point at a folder made by `testament synth`"
        ) from None
    if meta.get("format") != TRUTH_FORMAT:
        raise InputError(
            f"{root}/truth.json: unknown format {meta.get('format')!r}", hint=f"expected {TRUTH_FORMAT}"
        )
    tables: dict[str, dict[str, list[Any]]] = {}
    for name in ("persons", "rows"):
        if f"{name}_file" in meta:
            import pyarrow.parquet as pq

            tables[name] = pq.read_table(root / meta[f"{name}_file"]).to_pydict()
        else:
            records = meta.get(name, [])
            keys = list(records[0]) if records else []
            tables[name] = {k: [r[k] for r in records] for k in keys}
    return Truth(meta, tables["persons"], tables["rows"])


def truth_for_records(
    truth_dir: str | Path, source_files: Sequence[str | None], rows: Sequence[int | None]
) -> np.ndarray:
    """The true person of each record from a synthetic scenario's truth (`testament synth`): matched by
    list file name and 1-based row; -1 where the record is not a list row of that scenario."""
    root = Path(truth_dir)
    if root.name == "truth.json":
        root = root.parent
    truth = read_truth(root)
    files = {item["id"]: Path(item["file"]).name for item in truth.meta.get("lists", [])}
    if not files:
        raise InputError(
            f"{root}/truth.json: no lists in this truth", hint="point at a `testament synth` folder"
        )
    lookup: dict[tuple[str, int], int] = {}
    for list_id, row, person in zip(truth.rows["list"], truth.rows["row"], truth.rows["person"], strict=True):
        lookup[(files[list_id], int(row))] = int(person)
    return np.array(
        [
            lookup.get((f, int(r)), -1) if f is not None and r is not None else -1
            for f, r in zip(source_files, rows, strict=True)
        ],
        dtype=np.int64,
    )


def truth_of_case(case: Any, truth_dir: str | Path) -> dict[int, int]:
    """The true person of every person record of a case holding a synthetic scenario's lists, by record
    id (-1 where the record is not a list row of that scenario): the truth `link.evaluate_case` scores
    against."""
    from sqlalchemy import select

    from testament.store.schema import artifacts, person_records

    with case.read() as conn:
        rows = conn.execute(
            select(person_records.c.id, artifacts.c.filename, person_records.c.row)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .order_by(person_records.c.id)
        ).all()
    truth = truth_for_records(truth_dir, [r.filename for r in rows], [r.row for r in rows])
    return dict(zip((int(r.id) for r in rows), truth.tolist(), strict=True))
