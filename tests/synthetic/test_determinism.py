"""Same seed, same bytes; different seed, different data."""

from __future__ import annotations

import hashlib
from pathlib import Path

from testament.synthetic import generate, read_truth, scenario


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_generate_same_bytes_when_seed_repeats(tmp_path: Path) -> None:
    spec = scenario("realistic", people=1500, testimonies=5)  # all five formats, six lists
    generate(tmp_path / "a", spec, seed=5)
    generate(tmp_path / "b", spec, seed=5)
    first, second = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    assert {Path(f).suffix for f in first} >= {".csv", ".xlsx", ".json", ".txt"}
    assert first == second


def test_generate_same_bytes_when_truth_is_parquet(tmp_path: Path) -> None:
    from dataclasses import replace

    spec = replace(scenario("hard", people=800, lists=3, testimonies=2), truth_format="parquet")
    generate(tmp_path / "a", spec, seed=9)
    generate(tmp_path / "b", spec, seed=9)
    first = _hashes(tmp_path / "a")
    assert "truth/persons.parquet" in first and "truth/rows.parquet" in first
    assert first == _hashes(tmp_path / "b")


def test_generate_different_data_when_seed_differs(tmp_path: Path) -> None:
    spec = scenario("realistic", people=1500, testimonies=5)
    generate(tmp_path / "a", spec, seed=1)
    generate(tmp_path / "b", spec, seed=2)
    first, second = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    lists = [f for f in first if f.startswith("lists/")] + ["truth.json"]
    assert all(first[f] != second[f] for f in lists)
    texts = {h for f, h in first.items() if f.startswith("testimonies/")}
    assert texts and texts.isdisjoint(h for f, h in second.items() if f.startswith("testimonies/"))
    assert read_truth(tmp_path / "a").persons["given"] != read_truth(tmp_path / "b").persons["given"]


def test_read_truth_same_tables_when_format_differs(tmp_path: Path) -> None:
    from dataclasses import replace

    spec = scenario("easy", people=500, lists=3, testimonies=1)
    generate(tmp_path / "json", replace(spec, truth_format="json"), seed=3)
    generate(tmp_path / "parquet", replace(spec, truth_format="parquet"), seed=3)
    a, b = read_truth(tmp_path / "json"), read_truth(tmp_path / "parquet")
    assert a.persons == b.persons
    assert a.rows == b.rows
    assert (tmp_path / "json" / "lists").iterdir().__next__().read_bytes()  # lists written either way
    assert _hashes(tmp_path / "json" / "lists") == _hashes(tmp_path / "parquet" / "lists")
