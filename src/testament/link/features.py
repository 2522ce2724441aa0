"""Record fields → the columns the linkage model compares: normalised names and their cross-script keys
(from `testament.names`), birth years as intervals, place keys, dates as day-number intervals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from testament.names import (
    NameField,
    fold_latin,
    loosen,
    organisation_key,
    place_key,
    read_given,
    read_person_name,
)

__all__ = ["FEATURE_SCHEMA", "NAME_FIELDS", "prepare"]

NAME_FIELDS = ("given", "surname", "father")

_NAME_COLUMNS = [
    ("form", pa.string()),
    ("set", pa.string()),
    ("key", pa.string()),
    ("keyset", pa.string()),
    ("pk", pa.list_(pa.string())),
    ("script", pa.string()),
    ("reading", pa.string()),
    ("loose", pa.string()),
]
FEATURE_SCHEMA = pa.schema(
    [
        pa.field("unique_id", pa.int64(), nullable=False),
        pa.field("source", pa.int64()),
        *[pa.field(f"{f}_{c}", t) for f in NAME_FIELDS for c, t in _NAME_COLUMNS],
        pa.field("surname_stem", pa.string()),
        pa.field("surname_affix", pa.string()),
        pa.field("surname_bare", pa.string()),
        pa.field("title", pa.string()),
        pa.field("name_pair_key", pa.string()),
        pa.field("loose_pair_key", pa.string()),
        pa.field("name_tokens", pa.string()),
        pa.field("bare_tokens", pa.string()),
        pa.field("name_ring", pa.string()),
        pa.field("bare_ring", pa.string()),
        pa.field("birth_lo", pa.int32()),
        pa.field("birth_hi", pa.int32()),
        pa.field("birth_dlo", pa.int32()),
        pa.field("birth_dhi", pa.int32()),
        pa.field("affiliation_key", pa.string()),
        pa.field("city_key", pa.string()),
        pa.field("prison_key", pa.string()),
        pa.field("burial_key", pa.string()),
        pa.field("sex", pa.string()),
        pa.field("arrest_lo", pa.int32()),
        pa.field("arrest_hi", pa.int32()),
        pa.field("exec_lo", pa.int32()),
        pa.field("exec_hi", pa.int32()),
    ]
)
_EPOCH = dt.date(1970, 1, 1)


def _name_values(field: NameField) -> list[Any]:
    if field.empty:
        return [None] * len(_NAME_COLUMNS)
    return [
        field.form,
        " ".join(field.parts),
        field.key or None,
        " ".join(field.part_keys),
        list(field.part_keys),
        field.script or None,
        field.reading or None,
        loosen(field.key) or None,
    ]


def _bare(word_key: str, drop: str = "HY") -> str:
    """A word's key without H and Y, repeats collapsed: what survives when one list writes a hamza, a
    silent heh or a long i that another leaves out (خزائلی / Khaza'eli, بنده زاده / Bandezadeh, قائد /
    Qa'ed). Lossy (Hosseini and Hassani meet): for blocking, and compared only at a level of its own."""
    out: list[str] = []
    for c in word_key:
        if c not in drop and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def _least_rotation(chain: str) -> str:
    """The least rotation of a name's keys written as one string: the same for every way of cutting the
    name into words and of ordering them, as long as the letters go round in the same order (Biuk |
    Galdati Gukalani, Galdati | Gukalani Biuk; علی‌آقا | بختیاری, Ali | Aqa Bakhtiari; Mohammad Reza |
    Nezhad, Mohammad | Reza Nezhad). Mohammad Ahmadi and Ahmad Mohammadi stay apart (MHMDHMDY, HMDMHMDY)."""
    return min((chain[i:] + chain[:i] for i in range(len(chain))), default="")


def _days(column: pa.ChunkedArray) -> pa.Array:
    return pc.cast(pc.cast(column, pa.int32()), pa.int32())  # date32 is days since 1970-01-01


def _years(column: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.year(column), -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def prepare(records: pa.Table, extra: tuple[str, ...] = ()) -> pa.Table:
    """The linkage features of every record (see `FEATURE_SCHEMA`), one row per input row, same order.
    `extra` names further text columns of `records` (an identity number, an address) carried as
    `x_<name>`, folded to lowercase ASCII or normalised Persian."""
    n = records.num_rows
    full = records.column("full_name").to_pylist()
    given = records.column("given_name").to_pylist()
    surname = records.column("surname").to_pylist()
    father = records.column("father_name").to_pylist()
    out: dict[str, list[Any]] = {f.name: [] for f in FEATURE_SCHEMA}
    name_columns = [f"{f}_{c}" for f in NAME_FIELDS for c, _ in _NAME_COLUMNS]
    for i in range(n):
        person = read_person_name(full[i], given[i], surname[i])
        values = (
            _name_values(person.given) + _name_values(person.surname) + _name_values(read_given(father[i]))
        )
        for name, value in zip(name_columns, values, strict=True):
            out[name].append(value)
        out["surname_stem"].append(person.surname.stem_key or None)
        out["surname_affix"].append(person.surname.affix)
        out["surname_bare"].append(_bare(person.surname.key) or None)
        out["title"].append(person.title)
        keys = sorted(k for k in (person.given.key, person.surname.key) if k)
        out["name_pair_key"].append("|".join(keys) if len(keys) == 2 else None)
        loose = sorted(loosen(k) for k in keys)
        out["loose_pair_key"].append("|".join(loose) if len(keys) == 2 else None)
        # the words of given name and surname in any order, however a full name was split (or swapped);
        # J as Y, as German lists write j for ی (a final long i stays: Mohammadi is not Mohammad)
        words = sorted(k.replace("J", "Y") for k in (*person.given.word_keys, *person.surname.word_keys))
        out["name_tokens"].append(" ".join(words) if len(words) >= 2 else None)
        bare = sorted({_bare(w) for w in words} - {""})
        out["bare_tokens"].append(" ".join(bare) if len(bare) >= 2 else None)
        # the name's words read as one ring, wherever it was cut into words, fields and order
        chain = [*person.given.chain, *person.surname.chain]
        whole = "".join(chain)
        out["name_ring"].append(_least_rotation(whole) if len(chain) >= 2 else None)
        bare_whole = _bare(whole.replace("J", "Y"))
        out["bare_ring"].append(
            _least_rotation(bare_whole) if len(chain) >= 2 and len(bare_whole) >= 4 else None
        )
    table: dict[str, Any] = {
        "unique_id": records.column("record_id"),
        "source": records.column("artifact_id"),
    }
    for name in out:
        if out[name]:
            table[name] = out[name]
    table["city_key"] = [place_key(v) or None for v in records.column("city").to_pylist()]
    table["prison_key"] = [place_key(v, kind="prison") or None for v in records.column("prison").to_pylist()]
    table["burial_key"] = [place_key(v) or None for v in records.column("burial").to_pylist()]
    table["sex"] = records.column("sex")
    table["affiliation_key"] = [
        organisation_key(v) or None for v in records.column("affiliation").to_pylist()
    ]
    lo, hi = _birth_years(records)
    table["birth_lo"], table["birth_hi"] = lo, hi
    # a birth date known to the day or month also compares as days (some lists give full dates)
    born_lo, born_hi = _days(records.column("born_start")), _days(records.column("born_end"))
    precise = pc.less_equal(pc.subtract(born_hi, born_lo), 31)
    table["birth_dlo"] = pc.if_else(precise, born_lo, pa.scalar(None, pa.int32()))
    table["birth_dhi"] = pc.if_else(precise, born_hi, pa.scalar(None, pa.int32()))
    for field, prefix in (("arrested", "arrest"), ("executed", "exec")):
        table[f"{prefix}_lo"] = _days(records.column(f"{field}_start"))
        table[f"{prefix}_hi"] = _days(records.column(f"{field}_end"))
    out_table = pa.table({f.name: table[f.name] for f in FEATURE_SCHEMA}, schema=FEATURE_SCHEMA)
    for name in extra:
        values = [_fold(v) for v in records.column(name).to_pylist()]
        out_table = out_table.append_column(pa.field(f"x_{name}", pa.string()), pa.array(values, pa.string()))
    return out_table


def _fold(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    folded = fold_latin(text) if text.isascii() else " ".join(text.split())
    return folded or None


def _birth_years(records: pa.Table) -> tuple[pa.Array, pa.Array]:
    """Birth as an interval of Gregorian years: a Solar Hijri year spans two; an age at execution gives
    the two years it allows. An age on a record without an execution date is read against the case's
    event year: the year most of its dated records give (a list of the 1988 massacre rarely repeats the
    year on every row)."""
    lo = _years(records.column("born_start"))
    hi = _years(records.column("born_end"))
    age = np.asarray(pc.fill_null(records.column("age"), -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    exec_lo = _years(records.column("executed_start"))
    exec_hi = _years(records.column("executed_end"))
    event = _event_year(exec_lo, exec_hi)
    if event is not None:
        undated = exec_lo < 0
        exec_lo = np.where(undated, event, exec_lo)
        exec_hi = np.where(undated, event, exec_hi)
    from_age = (lo < 0) & (age >= 0) & (exec_lo >= 0)
    lo = np.where(from_age, exec_lo - age - 1, lo)
    hi = np.where(from_age, exec_hi - age, hi)
    mask = lo < 0
    return pa.array(lo, pa.int32(), mask=mask), pa.array(hi, pa.int32(), mask=mask)


def _event_year(exec_lo: np.ndarray, exec_hi: np.ndarray) -> int | None:
    """The year at least half of the records with an execution date known to the year were executed in,
    None when there is no such year (records of many years: an age then says nothing without a date)."""
    known = (exec_lo >= 0) & (exec_lo == exec_hi)
    if not known.any():
        return None
    years, counts = np.unique(exec_lo[known], return_counts=True)
    best = int(np.argmax(counts))
    return int(years[best]) if counts[best] * 2 >= int(known.sum()) else None
