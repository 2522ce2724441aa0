"""Capture histories: how many people were caught by each combination of K lists, optionally per stratum.

Pattern encoding used everywhere in `testament.estimate`: list j (0-based, in `lists` order) is bit j of a
pattern's integer index, so pattern index `sum(x_j << j)`; index 0 (caught by no list) is never observed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from testament.errors import InputError
from testament.files import write_private
from testament.tabular import csv_text, read_csv

__all__ = ["CaptureHistory"]

_MAX_LISTS = 15


@dataclass(frozen=True)
class CaptureHistory:
    """Counts of capture patterns over K lists (one history per stratum, or one overall)."""

    lists: tuple[str, ...]
    counts: np.ndarray  # int64, shape (2**K,), counts[0] == 0; see the module docstring for the encoding
    stratum: str | None = None
    source: str | None = field(default=None, compare=False)  # file or case it came from, for messages

    def __post_init__(self) -> None:
        k = len(self.lists)
        if not 2 <= k <= _MAX_LISTS:
            raise InputError(f"{self.source or 'capture history'}: needs 2 to {_MAX_LISTS} lists, found {k}")
        if self.counts.shape != (2**k,):
            raise ValueError(f"counts must have shape ({2**k},), not {self.counts.shape}")
        if self.counts[0] != 0:
            raise ValueError("counts[0] (caught by no list) must be 0: it is what is estimated")
        if (self.counts < 0).any():
            raise InputError(f"{self.source or 'capture history'}: negative counts")

    # --- views --------------------------------------------------------------------------------------------

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """n: the number of distinct people on at least one list."""
        return int(self.counts.sum())

    def patterns(self) -> np.ndarray:
        """All 2**K - 1 observable patterns as a (2**K - 1, K) 0/1 array, in index order 1..2**K-1."""
        idx = np.arange(1, 2**self.k)
        return ((idx[:, None] >> np.arange(self.k)[None, :]) & 1).astype(np.int8)

    def observed_counts(self) -> np.ndarray:
        """Counts of the 2**K - 1 observable patterns, aligned with `patterns()`."""
        return self.counts[1:].copy()

    def list_totals(self) -> dict[str, int]:
        pats = self.patterns()
        return {name: int(self.counts[1:][pats[:, j] == 1].sum()) for j, name in enumerate(self.lists)}

    def sha256(self) -> str:
        """Hash of the canonical CSV (`to_csv_text`, the bytes `to_csv` writes): what every estimation result
        records as its input."""
        return hashlib.sha256(self.to_csv_text().encode("utf-8")).hexdigest()

    # --- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_counts(
        cls, lists: Sequence[str], patterns: Iterable[Sequence[int]], counts: Iterable[int], **kw: object
    ) -> CaptureHistory:
        k = len(lists)
        table = np.zeros(2**k, dtype=np.int64)
        weights = 1 << np.arange(k)
        for pattern, count in zip(patterns, counts, strict=True):
            table[int(np.dot(np.asarray(pattern, dtype=np.int64), weights))] += int(count)
        if table[0]:
            raise InputError(
                f"{kw.get('source') or 'capture history'}: a pattern with no list set has a count",
                hint="drop the all-zero row: nobody can be observed on no list",
            )
        return cls(tuple(lists), table, **kw)  # type: ignore[arg-type]

    @classmethod
    def from_pattern_csv(
        cls, path: Path | str, *, stratum_column: str = "stratum"
    ) -> dict[str | None, CaptureHistory]:
        """Read a pattern CSV (one 0/1 column per list, then `count`, optionally `stratum`).

        Returns one history per stratum (key None when there is no stratum column). Cells Testament
        neutralised as formulas when it wrote the file (a list named `=x`) read back as they were."""
        header, rows = _read_table(Path(path))
        return cls._from_pattern_rows(header, rows, Path(path).name, stratum_column)

    @classmethod
    def from_csv(
        cls, path: Path | str, *, stratum_column: str | None = None, lists: Sequence[str] | None = None
    ) -> dict[str | None, CaptureHistory]:
        """Read a pattern CSV, a one-row-per-person CSV or `export persons` output, recognised by its
        columns, and refuse anything else: what `testament estimate FILE` reads (`estimate.inputs.read_input`,
        which also says which lists and strata it made; strata are normalised and small ones merged)."""
        from testament.estimate.inputs import read_input

        return read_input(path, strata=stratum_column, lists=lists).histories

    @classmethod
    def _from_pattern_rows(
        cls, header: list[str], rows: list[dict[str, str]], name: str, stratum_column: str
    ) -> dict[str | None, CaptureHistory]:
        if not rows:
            raise InputError(f"{name}: no rows", hint="one row per capture pattern, with a count column")
        if "count" not in header:
            raise InputError(f"{name}: no 'count' column", hint="columns: one 0/1 per list, then count")
        lists = [h for h in header if h not in ("count", stratum_column)]
        grouped: dict[str | None, tuple[list[list[int]], list[int]]] = {}
        for line, row in enumerate(rows, start=2):
            try:
                bits = [int(row[h]) for h in lists]
                count = int(row["count"])
            except (TypeError, ValueError):
                raise InputError(
                    f"{name}, line {line}: expected 0/1 in each list column and an integer count",
                    hint="check for blank cells or text in the numeric columns",
                ) from None
            if any(b not in (0, 1) for b in bits) or count < 0:
                raise InputError(f"{name}, line {line}: list columns must be 0 or 1 and count >= 0")
            if not any(bits):
                if count:
                    raise InputError(f"{name}, line {line}: the all-zero pattern cannot have a count")
                continue
            key = row.get(stratum_column) if stratum_column in header else None
            pats, cnts = grouped.setdefault(key, ([], []))
            pats.append(bits)
            cnts.append(count)
        return {
            key: cls.from_counts(lists, pats, cnts, stratum=key, source=name)
            for key, (pats, cnts) in grouped.items()
        }

    @classmethod
    def from_people(
        cls,
        people: Iterable[Mapping[str, object]],
        lists: Sequence[str],
        *,
        stratum_field: str | None = None,
        source: str | None = None,
    ) -> dict[str | None, CaptureHistory]:
        """From one row per person: a truthy value in a list's column means that list caught the person."""
        k = len(lists)
        tables: dict[str | None, np.ndarray] = {}
        for person in people:
            index = sum(1 << j for j, name in enumerate(lists) if _truthy(person.get(name)))
            if index == 0:
                continue
            key = None if stratum_field is None else str(person.get(stratum_field))
            tables.setdefault(key, np.zeros(2**k, dtype=np.int64))[index] += 1
        return {key: cls(tuple(lists), table, stratum=key, source=source) for key, table in tables.items()}

    # --- export -------------------------------------------------------------------------------------------

    def to_csv_text(self) -> str:
        """The pattern CSV R users can read back (all 2**K - 1 patterns, zeros included). A list name a
        spreadsheet would run as a formula is written with a leading `'` (`from_pattern_csv` removes it)."""
        rows = (
            [*pattern.tolist(), int(count)]
            for pattern, count in zip(self.patterns(), self.observed_counts(), strict=True)
        )
        return csv_text([*self.lists, "count"], rows, lineterminator="\n")

    def to_csv(self, path: Path | str) -> None:
        """Write `to_csv_text` to `path`, readable by its owner only (mode 0600)."""
        write_private(path, self.to_csv_text())


def _read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        return read_csv(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path.name}: cannot read ({type(exc).__name__})", hint="a UTF-8 CSV is expected"
        ) from None


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "n")
    return bool(value)
