"""`make demo` runs the main job end to end; this keeps it from rotting."""

from __future__ import annotations

from pathlib import Path

from testament.demo import run_demo


def test_run_demo_end_to_end(tmp_path: Path) -> None:
    summary = run_demo(tmp_path / "demo")
    assert summary["verify"]["ok"] is True
    assert summary["status"]["person_records"] > 3000
    planted = sum(f["skipped_rows"] for f in summary["ingest"]["files"])
    assert planted == 6  # the scenario's deliberately corrupted rows, each reported
    methods = {e["method"] for e in summary["estimates"]}
    assert methods == {"loglinear", "dga", "lcmcr"}
    for estimate in summary["estimates"]:
        assert estimate["lower"] <= estimate["estimate"] <= estimate["upper"]
        if estimate["input"] == "true overlap":
            assert estimate["observed"] == summary["synthetic"]["observed"]
    assert summary["linkage"]["pair_f1"] > 0.5
    assert (tmp_path / "demo" / "plots" / "overlap.svg").stat().st_size > 1000
