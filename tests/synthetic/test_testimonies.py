"""Testimonies and their gold annotations."""

from __future__ import annotations

import datetime
from pathlib import Path

from testament.dates import parse_date
from testament.synthetic import read_truth

TYPES = {"person", "date", "place", "organisation", "act", "count"}
ACTS = {"arrest", "transfer", "hearing", "execution", "flogging", "burial", "family_not_informed"}
ROLES = {"narrator", "victim", "perpetrator", "relative", "fellow_prisoner"}


def test_annotate_spans_that_match_the_text_written(hard_dir: Path, realistic_dir: Path) -> None:
    for root in (hard_dir, realistic_dir):
        for t in read_truth(root).meta["testimonies"]:
            text = (root / t["file"]).read_bytes().decode("utf-8")
            assert t["annotations"]
            for a in t["annotations"]:
                assert text[a["start"] : a["end"]] == a["text"], (t["file"], a)
                assert a["type"] in TYPES


def test_annotate_values_in_their_normal_form(hard_dir: Path) -> None:
    truth = read_truth(hard_dir)
    languages = set()
    for t in truth.meta["testimonies"]:
        languages.add(t["language"])
        types = {a["type"] for a in t["annotations"]}
        assert {"person", "date", "place", "organisation", "act"} <= types
        for a in t["annotations"]:
            if a["type"] == "date":
                start, end = (datetime.date.fromisoformat(x) for x in a["value"].split("/"))
                assert start <= end
                if not a.get("relative"):  # Testament's own date reader agrees on every written date
                    assert parse_date(a["text"]).interval == a["value"], a["text"]
            elif a["type"] == "count":
                assert isinstance(a["value"], int) and a["value"] > 0
            elif a["type"] == "act":
                assert a["value"] in ACTS
            elif a["type"] == "person":
                assert a["role"] in ROLES
                if a["role"] == "victim":
                    p = a["person"]
                    assert a["value"].startswith(truth.persons["given"][p])
                    assert truth.persons["execution_date"][p].startswith("1988")
                else:
                    assert a["person"] is None and a["entity"]
    assert languages == {"en", "fa"}


def test_date_executions_as_truth_says(hard_dir: Path) -> None:
    truth = read_truth(hard_dir)
    checked = 0
    for t in truth.meta["testimonies"]:
        anns = t["annotations"]
        for i, a in enumerate(anns):
            if a["type"] == "act" and a["value"] == "execution":
                victims = [b for b in anns[max(0, i - 3) : i] if b.get("role") == "victim"]
                dates = [b for b in anns[max(0, i - 3) : i + 2] if b["type"] == "date"]
                if victims and dates:
                    day = truth.persons["execution_date"][victims[-1]["person"]]
                    checked += any(d["value"] == f"{day}/{day}" for d in dates)
    assert checked >= 5
