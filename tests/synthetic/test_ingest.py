"""A generated scenario goes through `testament ingest`: only the rows truth.json lists as corrupted are
rejected, and every testimony is accepted."""

from __future__ import annotations

from pathlib import Path

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.synthetic import generate, read_truth, scenario


def test_ingest_scenario_rejects_only_corrupted_rows(tmp_path: Path) -> None:
    out = tmp_path / "scenario"
    generate(out, scenario("hard", people=1500, testimonies=3), seed=21)
    truth = read_truth(out)
    case = Case.create(tmp_path / "case", settings=Settings(actor="synthetic-test"))
    try:
        lists = [out / ls["file"] for ls in truth.meta["lists"]]
        report = ingest_files(case, lists, IngestOptions(kind="list", skip_bad_rows=True))
        texts = sorted((out / "testimonies").iterdir())
        testimonies = ingest_files(case, texts, IngestOptions(kind="testimony"))
    finally:
        case.close()
    assert [f.status for f in report.files] == ["ingested"] * len(lists)
    rejected = {(p.file, p.row) for p in report.problems}
    corrupted = {(Path(c["file"]).name, c["row"]) for c in truth.meta["corrupted"]}
    assert rejected == corrupted
    for outcome, ls in zip(report.files, truth.meta["lists"], strict=True):
        assert outcome.person_records == ls["rows"] - ls["corrupted"]
    assert testimonies.ok and not testimonies.problems
