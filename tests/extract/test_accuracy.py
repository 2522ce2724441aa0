"""Snapshots of extraction quality, not independent measures (issue 20).

The seed article's gold and the invented testimonies (two of them held out while the rules were written)
were annotated by the same hands that wrote the rules, so these tests are **snapshots**: they catch a rule
change that breaks what used to be read, and they say nothing about text none of us wrote. The synthetic
testimonies' gold comes from the generator that wrote them (`testament.synthetic`), also ours. The
independent gold is the development set of published testimony (`tests/extract/data/devset/`, annotated
by the guide in docs/annotation.md before the rules ran on it; `bench/extract.py --devset --part tuning`),
checked in `test_devset.py`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testament.extract import extract_mentions, load_annotations, role_accuracy, score_mentions
from tests.extract.conftest import DATA, SEED


def _predict(text: str, artifact: str) -> list[dict[str, Any]]:
    return [dict(m.to_dict(), artifact=artifact) for m in extract_mentions(text)]


def test_snapshot_seed_article_keeps_its_f1_and_roles(seed_text: str) -> None:
    """Snapshot: the seed article against the gold written with the rules (thresholds of issue 6)."""
    gold = load_annotations(DATA / "seed_gold.jsonl")
    predicted = _predict(seed_text, SEED.name)
    for match in ("overlap", "exact"):
        scores = score_mentions(predicted, gold, match=match)
        for kind in ("person", "date", "count"):
            assert scores[kind].f1 >= 0.9, (match, scores[kind].to_dict())
        for kind in ("place", "act"):
            assert scores[kind].f1 >= 0.8, (match, scores[kind].to_dict())
    right, matched = role_accuracy(predicted, gold)
    assert right == matched


@pytest.mark.parametrize("folder", ["genre", "heldout"])
def test_snapshot_invented_testimonies_keep_their_f1(folder: str) -> None:
    """Snapshot: testimonies we invented in the genre's shapes, against our own gold."""
    predicted: list[dict[str, Any]] = []
    gold: list[dict[str, Any]] = []
    for path in sorted((DATA / folder).glob("*.txt")):
        predicted += _predict(path.read_text("utf-8"), path.name)
        gold += load_annotations(path.with_suffix(".jsonl"))
    scores = score_mentions(predicted, gold)
    for kind in ("person", "date", "count", "place", "act"):
        assert scores[kind].f1 >= 0.9, scores[kind].to_dict()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_snapshot_synthetic_testimonies_dates_and_counts_reach_095(
    synthetic_testimonies: list[dict[str, Any]], language: str
) -> None:
    """Snapshot: the generator's testimonies against the generator's own gold spans."""
    predicted: list[dict[str, Any]] = []
    gold: list[dict[str, Any]] = []
    chosen = [t for t in synthetic_testimonies if t["language"] == language]
    assert len(chosen) >= 15
    for t in chosen:
        predicted += _predict(t["text"], t["file"])
        gold += [dict(a, artifact=t["file"]) for a in t["annotations"]]
    scores = score_mentions(predicted, gold, match="exact")
    assert scores["date"].f1 >= 0.95, scores["date"].to_dict()
    assert scores["count"].f1 >= 0.95, scores["count"].to_dict()
    assert scores["person"].f1 >= 0.9, scores["person"].to_dict()
    assert scores["place"].f1 >= 0.9, scores["place"].to_dict()
    right, matched = role_accuracy(predicted, gold)
    assert right / matched >= 0.95


def test_gold_files_point_at_their_text() -> None:
    for gold_file in [DATA / "seed_gold.jsonl", *DATA.glob("*/*.jsonl")]:
        text_file = SEED if gold_file.name == "seed_gold.jsonl" else gold_file.with_suffix(".txt")
        text = Path(text_file).read_text("utf-8")
        for item in load_annotations(gold_file):
            assert text[item["start"] : item["end"]] == item["text"], (gold_file.name, item)
