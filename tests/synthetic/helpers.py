"""Reading generated lists back without Testament's ingest, so these tests check the files themselves."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any


def read_rows(root: Path, meta: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Headers and data rows of one list described in truth.json (cells as text, empty for null)."""
    path = root / meta["file"]
    data = path.read_bytes()
    if meta["format"] == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = [
            ["" if v is None else str(v) for v in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
        book.close()
        return rows[0], rows[1:]
    if meta["format"] == "json":
        items = json.loads(data.decode("utf-8"))
        headers = list(items[0])
        return headers, [["" if item[h] is None else str(item[h]) for h in headers] for item in items]
    encoding = {"csv": "utf-8", "csv-bom": "utf-8-sig", "csv-cp1256": "cp1256"}[meta["format"]]
    rows = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    return rows[0], rows[1:]


def full_names(root: Path, meta: dict[str, Any]) -> list[str]:
    """The name of each row as one string: the full-name column, or given name + surname."""
    _, rows = read_rows(root, meta)
    fields = meta["fields"]
    if "full_name" in fields:
        i = fields.index("full_name")
        return [r[i] for r in rows]
    g, s = fields.index("given_name"), fields.index("surname")
    return [f"{r[g]} {r[s]}" for r in rows]
