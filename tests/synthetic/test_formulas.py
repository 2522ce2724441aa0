"""Synthetic lists go through the same cell writer as every table Testament writes, and no invented cell
ever starts a spreadsheet formula: so neutralising never changes them, and they ingest exactly as truth.json
says. The scenario's files are their owner's only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from testament.ingest.readers import read_list
from testament.tabular import needs_neutralising


@pytest.mark.parametrize("fixture", ["easy_dir", "realistic_dir", "hard_dir"])
def test_generate_lists_hold_no_formula_cell(fixture: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(fixture)
    checked = 0
    for path in sorted((root / "lists").iterdir()):
        table = read_list(path.read_bytes(), path.name, path.suffix, 1 << 30)
        cells = [*table.headers, *(c for row in table.rows for c in row)]
        assert not [c for c in cells if needs_neutralising(c) or c.startswith("'")], path.name
        checked += len(cells)
    assert checked > 1000


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_generate_owner_only_when_umask_022(tmp_path: Path) -> None:
    from testament.synthetic import generate, scenario

    old = os.umask(0o022)
    try:
        generate(tmp_path / "s", scenario("easy", people=300, testimonies=2), seed=3)
    finally:
        os.umask(old)
    paths = [tmp_path / "s", *(tmp_path / "s").rglob("*")]
    modes = {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in paths}
    assert {m for p, m in modes.items() if Path(tmp_path / p).is_dir()} == {0o700}, modes
    assert {m for p, m in modes.items() if Path(tmp_path / p).is_file()} == {0o600}, modes


@pytest.mark.parametrize("fmt", ["csv", "csv-bom", "xlsx"])
def test_write_list_neutralises_formula_cells(fmt: str, tmp_path: Path) -> None:
    import numpy as np
    from openpyxl import load_workbook

    from testament.synthetic.formats import write_list
    from testament.synthetic.scenario import ListSpec
    from testament.synthetic.victimlist import RenderedList

    none = np.zeros(2, dtype=np.int64)
    rendered = RenderedList(
        ListSpec(id="x"),
        ["=name", "record_id", "age"],
        [['=HYPERLINK("x.example","y")', "Ali"], ["1", "2"], ["-1", "@3"]],
        ["full_name", "record_id", "age"],
        none, none, none, {},
    )  # fmt: skip
    path = tmp_path / ("l.xlsx" if fmt == "xlsx" else "l.csv")
    write_list(rendered, path, fmt=fmt)
    if fmt == "xlsx":
        sheet = load_workbook(path).active
        assert sheet is not None
        cells = [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]
        assert ("'=name", "s") in cells and ('\'=HYPERLINK("x.example","y")', "s") in cells
        assert not [v for v, t in cells if t == "f"]  # no formula cell at all
        assert (1, "n") in cells and ("'@3", "s") in cells and ("-1", "s") in cells
    else:
        table = read_list(path.read_bytes(), path.name, path.suffix, 1 << 20)
        assert table.headers[0] == "'=name"
        assert table.rows == [['\'=HYPERLINK("x.example","y")', "1", "-1"], ["Ali", "2", "'@3"]]
