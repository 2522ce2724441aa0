"""What an ingest did, file by file, and every problem it found. Problems name file, row, column, what was
expected and what was found, described by its shape, never quoting a name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from testament.errors import Interrupted

__all__ = ["FileOutcome", "IngestReport", "Problem"]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (header excluded); None for file-level problems
    column: str | None
    expected: str
    found: str
    hint: str | None = None
    sheet: str | None = None  # the xlsx sheet the row is on
    line: int | None = None  # the file's own place of the row: csv line, Excel row number (None for json)

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", sheet '{self.sheet}'"
        if self.row is not None:
            where += f", row {self.row}"
            if self.line is not None:  # data rows exclude the header; the file's own number says where it is
                where += f" ({'Excel row' if self.sheet is not None else 'line'} {self.line})"
        if self.column is not None:
            where += f", column '{self.column}'"
        text = f"{where}: expected {self.expected}; found {self.found}"
        return text + (f". Hint: {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "message": str(self)}


@dataclass
class FileOutcome:
    file: str
    status: str  # ingested, unchanged, rejected
    kind: str | None = None  # testimony, list
    artifact_id: int | None = None
    sha256: str | None = None
    rows: int = 0
    person_records: int = 0
    claims: int = 0
    skipped_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    # What the reader decided on the user's behalf and the user should know (nothing is refused for it),
    # e.g. the day/month order inferred for a date column and how many cells it touched.
    warnings: list[str] = field(default_factory=list)
    # Per date column whose day/month order touched cells: column, order, forced, counts (never values).
    date_orders: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "problems": [p.to_dict() for p in self.problems]}


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    swept: int = 0  # unreferenced blob-store files (left by a killed ingest) removed before this one

    @property
    def ok(self) -> bool:
        return all(f.status != "rejected" for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "swept": self.swept, "files": [f.to_dict() for f in self.files]}

    def interrupted(self, current: str) -> Interrupted:
        """The error for a Ctrl-C while `current` was read or written: what was kept, what was not."""
        kept = [f.file for f in self.files if f.status == "ingested"]
        named = ", ".join(kept[:10]) + (f" and {len(kept) - 10} more" if len(kept) > 10 else "")
        if current.lower().endswith(".zip"):  # its members land one by one: the finished ones stay
            lost = f"the file of {current} being written was rolled back; its files ingested before are kept"
        else:
            lost = f"{current} was rolled back, nothing of it is in the case (no rows, no evidence file)"
        done = f"kept {len(kept)} file(s) ingested before it: {named}" if kept else "no file was ingested"
        return Interrupted(
            f"interrupted: {lost}; {done}",
            hint="run the same command again: the files already ingested are reported as unchanged",
        )
