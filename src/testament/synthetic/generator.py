"""`generate()`: draw a population, capture it on lists, write the lists, testimonies and truth."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from testament import __version__
from testament.errors import InputError
from testament.files import private_dir, write_private
from testament.synthetic.capture import Capture, draw_capture
from testament.synthetic.formats import write_list
from testament.synthetic.population import Gazetteer, Population, draw_population, gazetteer
from testament.synthetic.scenario import ScenarioSpec, validate
from testament.synthetic.testimony import Testimony, write_testimonies
from testament.synthetic.truth import TRUTH_FORMAT, person_columns, write_tables
from testament.synthetic.victimlist import RenderedList, render_list

__all__ = ["ProgressFn", "SynthResult", "generate"]

ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)

# Independent random streams, so that e.g. more testimonies never change the lists.
_POPULATION, _CAPTURE, _TESTIMONIES, _LISTS = 0, 1, 2, 100


@dataclass
class SynthResult:
    out_dir: Path
    truth: Path
    files: list[Path]
    people: int
    observed: int  # people on at least one list
    rows: dict[str, int]  # list id -> rows written
    testimonies: int
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage (not written anywhere)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream,))))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(values: np.ndarray, mask: Any = None) -> dict[str, int]:
    keys, counts = np.unique(values if mask is None else values[mask], return_counts=True)
    return {str(k): int(c) for k, c in zip(keys.tolist(), counts.tolist(), strict=True)}


def _entities(testimonies: list[Any]) -> dict[str, dict[str, Any]]:
    """The people testimonies mention who are not in the victim population: narrators, their cellmates,
    relatives and officials (invented), by entity id."""
    out: dict[str, dict[str, Any]] = {}
    for t in testimonies:
        for a in t.annotations:
            if a["type"] == "person" and a.get("entity"):
                entry = out.setdefault(a["entity"], {"name": a["value"], "role": a["role"]})
                for key in ("position", "relative_of"):
                    if key in a:
                        entry[key] = a[key]
    return dict(sorted(out.items()))


def _truth_text(meta: dict[str, Any]) -> str:
    """Indented JSON, except that each person, row and annotation sits on one line (diffable, compact)."""
    bulky = ("corrupted", "testimonies", "persons", "rows")
    head = json.dumps({k: v for k, v in meta.items() if k not in bulky}, ensure_ascii=False, indent=1)
    parts = []
    for key in bulky:
        if key not in meta:
            continue
        if key == "testimonies":
            items = [
                json.dumps({k: v for k, v in t.items() if k != "annotations"}, ensure_ascii=False)[:-1]
                + ', "annotations": [\n   '
                + ",\n   ".join(json.dumps(a, ensure_ascii=False) for a in t["annotations"])
                + "\n  ]}"
                for t in meta[key]
            ]
        else:
            items = [json.dumps(item, ensure_ascii=False) for item in meta[key]]
        parts.append(f' "{key}": [' + ("\n  " + ",\n  ".join(items) + "\n ]" if items else "]"))
    return head[:-2] + ",\n" + ",\n".join(parts) + "\n}\n"


def _prepare(out_dir: Path, overwrite: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} is a file", hint="give a folder for the scenario")
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise InputError(
            f"{out_dir} is not empty", hint="choose a new folder, or pass overwrite=True (--overwrite)"
        )
    private_dir(out_dir, parents=True)  # invented data, but kept like case data: 0700 folders, 0600 files
    private_dir(out_dir / "lists")
    private_dir(out_dir / "testimonies")


@dataclass
class _Lists:
    """What writing the lists leaves for the truth file: each list's entry, the corrupted cells, one
    column per row attribute (a part per list), and the files written."""

    meta: list[dict[str, Any]] = field(default_factory=list)
    corrupted: list[dict[str, Any]] = field(default_factory=list)
    row_cols: dict[str, list[np.ndarray]] = field(
        default_factory=lambda: {
            k: [] for k in ("list", "row", "person", "duplicate", "copied_from", "corrupted")
        }
    )
    files: list[Path] = field(default_factory=list)


def generate(
    out_dir: str | Path,
    spec: ScenarioSpec,
    seed: int,
    *,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
) -> SynthResult:
    """Write scenario `spec` drawn with `seed` into `out_dir`: `lists/`, `testimonies/` and `truth.json`
    (plus `truth/*.parquet` for large populations). The same seed and spec give the same bytes."""
    if not isinstance(seed, int) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, not {seed!r}")
    spec = validate(spec)
    root = Path(out_dir)
    _prepare(root, overwrite)
    note = progress or (lambda stage, done, total: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    gaz = gazetteer()
    stages = len(spec.lists) + 4
    note("people", 0, stages)
    pop = draw_population(spec, _rng(seed, _POPULATION))
    capture = draw_capture(spec, pop, gaz, _rng(seed, _CAPTURE))
    lap("people")

    lists = _write_lists(root, spec, seed, pop, capture, gaz, note, lap, stages)
    files = list(lists.files)

    note("testimonies", len(spec.lists) + 1, stages)
    testimonies = write_testimonies(
        spec.testimonies, spec.persian_testimony_share, pop, gaz, _rng(seed, _TESTIMONIES)
    )
    for t in testimonies:
        path = root / t.file
        write_private(path, t.text)
        files.append(path)
    lap("testimonies")

    note("truth", len(spec.lists) + 2, stages)
    truth_path, observed = _write_truth(root, spec, seed, pop, capture, gaz, lists, testimonies, files)
    lap("truth")
    note("done", stages, stages)
    return SynthResult(
        out_dir=root,
        truth=truth_path,
        files=files,
        people=len(pop),
        observed=observed,
        rows={m["id"]: m["rows"] for m in lists.meta},
        testimonies=len(testimonies),
        seconds=seconds,
    )


def _write_lists(
    root: Path,
    spec: ScenarioSpec,
    seed: int,
    pop: Population,
    capture: Capture,
    gaz: Gazetteer,
    note: ProgressFn,
    lap: Callable[[str], None],
    stages: int,
) -> _Lists:
    """Render and write each list in turn (a list may copy records from one written before it)."""
    out = _Lists()
    rendered: dict[str, RenderedList] = {}
    for j, ls in enumerate(spec.lists):
        note(f"list {ls.id}", j + 1, stages)
        rl = render_list(ls, j, pop, capture, gaz, rendered, _rng(seed, _LISTS + j))
        rendered[ls.id] = rl
        fmt = ls.format
        if fmt == "xlsx" and rl.rows > spec.xlsx_max_rows:
            fmt = "csv"  # openpyxl writes ~30k rows/s; big lists go out as csv (see xlsx_max_rows)
        suffix = {"xlsx": ".xlsx", "json": ".json"}.get(fmt, ".csv")
        rel = f"lists/{j + 1:02d}_{ls.id}{suffix}"
        write_list(rl, root / rel, fmt=fmt)
        out.files.append(root / rel)
        lap(f"list {ls.id}")
        bad = np.full(rl.rows, None, dtype=object)
        for c in rl.corrupted:
            out.corrupted.append({"list": ls.id, "file": rel, **c, "person": int(rl.person[c["row"] - 1])})
            bad[c["row"] - 1] = c["field"]
        out.row_cols["list"].append(np.full(rl.rows, ls.id, dtype=object))
        out.row_cols["row"].append(np.arange(1, rl.rows + 1))
        out.row_cols["person"].append(rl.person)
        out.row_cols["duplicate"].append(rl.duplicate)
        out.row_cols["copied_from"].append(rl.copied_from)
        out.row_cols["corrupted"].append(bad)
        out.meta.append(
            {
                "id": ls.id,
                "organisation": ls.organisation,
                "file": rel,
                "format": fmt,
                "requested_format": ls.format,
                "language": ls.language,
                "headers": rl.headers,
                "fields": rl.fields,
                "rows": rl.rows,
                "people": int(capture.caught[:, j].sum()),
                "duplicates": int(rl.duplicate.sum()),
                "copied": int(capture.copied[:, j].sum()),
                "copies": ls.copies,
                "avoids": ls.avoids,
                "corrupted": len(rl.corrupted),
            }
        )
        # free the big string columns: only the names are needed later (for copying)
        rendered[ls.id] = replace(rl, columns=[])
    return out


def _write_truth(
    root: Path,
    spec: ScenarioSpec,
    seed: int,
    pop: Population,
    capture: Capture,
    gaz: Gazetteer,
    lists: _Lists,
    testimonies: list[Testimony],
    files: list[Path],
) -> tuple[Path, int]:
    """Write `truth.json` (and its tables) with the hashes of `files`, every file written before it.
    Returns its path and how many people are on at least one list."""
    persons = person_columns(pop, capture, gaz)
    observed = capture.caught.any(axis=1)
    strata_kinds = ("prison", "city", "affiliation", "week", "sex")
    parquet = spec.truth_format == "parquet" or (
        spec.truth_format == "auto" and spec.people > spec.parquet_threshold
    )
    rows = {k: np.concatenate(v) if v else np.array([]) for k, v in lists.row_cols.items()}
    tables = write_tables(root, persons, rows, parquet=parquet)
    meta: dict[str, Any] = {
        "format": TRUTH_FORMAT,
        "generator": f"testament {__version__}",
        "seed": seed,
        "scenario": spec.to_dict(),
        "people": len(pop),
        "observed": int(observed.sum()),
        "strata": {k: _counts(persons[k]) for k in strata_kinds},
        "strata_observed": {k: _counts(persons[k], observed) for k in strata_kinds},
        "capture_patterns": _counts(persons["lists"], observed),
        "lists": lists.meta,
        "corrupted": lists.corrupted,
        "entities": _entities(testimonies),
        "testimonies": [t.to_dict() for t in testimonies],
        "files": {str(p.relative_to(root)): _sha256(p) for p in files},
        **tables,
    }
    truth_path = root / "truth.json"
    write_private(truth_path, _truth_text(meta))
    return truth_path, int(observed.sum())
