"""Extraction quality against hand annotations (the seed article, invented testimonies of the genre, two of
them held out while the rules were written) and against synthetic testimonies with gold spans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testament.extract import extract_mentions, load_annotations, role_accuracy, score_mentions
from tests.extract.conftest import DATA, SEED


def _predict(text: str, artifact: str) -> list[dict[str, Any]]:
    return [dict(m.to_dict(), artifact=artifact) for m in extract_mentions(text)]


def test_seed_article_reaches_the_acceptance_f1(seed_text: str) -> None:
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
def test_invented_testimonies_of_the_genre_score_high(folder: str) -> None:
    predicted: list[dict[str, Any]] = []
    gold: list[dict[str, Any]] = []
    for path in sorted((DATA / folder).glob("*.txt")):
        predicted += _predict(path.read_text("utf-8"), path.name)
        gold += load_annotations(path.with_suffix(".jsonl"))
    scores = score_mentions(predicted, gold)
    for kind in ("person", "date", "count", "place", "act"):
        assert scores[kind].f1 >= 0.9, scores[kind].to_dict()


@pytest.mark.parametrize("language", ["en", "fa"])
def test_synthetic_testimonies_dates_and_counts_reach_095(
    synthetic_testimonies: list[dict[str, Any]], language: str
) -> None:
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
