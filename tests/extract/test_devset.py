"""The development set of real testimony: its gold is intact and keeps the guide (docs/annotation.md), and
the scorer runs end to end. No score threshold is asserted here: the figures live in docs/extraction.md."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from testament.errors import InputError
from testament.extract.devset import (
    APART,
    GOLD_PROVENANCE,
    GOLD_QUALIFIERS,
    GOLD_ROLES,
    GOLD_TYPES,
    ON_REQUEST,
    SPLITS,
    GroupScore,
    Passage,
    check_gold,
    load_devset,
    score_devset,
)
from tests.extract.conftest import DATA, SEED

DEVSET = DATA / "devset"
GUIDE = Path(__file__).parents[2] / "docs" / "annotation.md"


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return load_devset(DEVSET)


@pytest.fixture(scope="module")
def scores(passages: list[Passage]) -> dict[str, GroupScore]:
    # The rules never run on the fresh parts here: the lead scores each once (docs/annotation.md).
    return score_devset([p for p in passages if p.split not in APART])


def test_load_devset_holds_the_promised_material(passages: list[Passage]) -> None:
    manifest = json.loads((DEVSET / "sources.json").read_text("utf-8"))
    assert len(passages) == len(manifest["passages"]) >= 10
    for language in ("en", "fa"):  # both languages on every side of the split
        assert {p.split for p in passages if p.language == language} == set(SPLITS), language
    pooled = [p for p in passages if p.split not in APART]
    held = sum(p.split == "heldout" for p in pooled) / len(pooled)
    assert 0.3 <= held <= 0.5
    assert sum(len(p.gold) for p in pooled) >= 500
    # each fresh part: at least so many passages and gold mentions, and so many Persian and English passages
    minimums = {
        "fresh": (6, 250, 3, 2),
        "fresh2": (8, 280, 4, 3),
        "fresh3": (8, 280, 4, 3),
        "fresh4": (12, 300, 5, 5),
        "fresh5": (12, 300, 5, 5),
        "fresh6": (12, 300, 5, 5),
        "fresh7": (12, 300, 5, 5),
        "fresh8": (12, 300, 8, 3),
        "fresh9": (14, 380, 8, 5),
        "fresh10": (14, 380, 8, 5),
        "fresh11": (14, 380, 8, 6),
        "fresh12": (14, 380, 7, 7),
        "fresh13": (14, 380, 8, 5),
        "fresh14": (14, 330, 8, 6),
        "fresh15": (14, 330, 9, 5),
        "fresh16": (14, 350, 8, 6),
        "fresh17": (14, 380, 8, 6),
        "fresh18": (14, 380, 8, 6),
        "fresh19": (14, 290, 8, 6),
        "fresh20": (14, 350, 8, 6),
        "fresh21": (14, 470, 8, 6),
        "fresh22": (14, 340, 8, 6),
        "fresh23": (14, 450, 8, 6),
        "fresh24": (13, 310, 7, 6),
        "fresh25": (14, 400, 8, 6),
        "fresh26": (14, 390, 8, 6),
        "fresh27": (14, 310, 8, 6),
    }
    for part, (count, mentions, persian, english) in minimums.items():
        of_part = [p for p in passages if p.split == part]
        assert len(of_part) >= count and sum(len(p.gold) for p in of_part) >= mentions, part
        assert sum(p.language == "fa" for p in of_part) >= persian, part
        assert sum(p.language == "en" for p in of_part) >= english, part
    for p in passages:
        for key in ("title", "author", "url", "published", "positionality", "excerpt"):
            assert p.source[key], (p.id, key)
        assert p.source["mentions"] == len(p.gold)
        assert "seed" not in p.source["url"]


def _probes(text: str) -> set[tuple[str, str, str]]:
    # an interviewer's stock question, asked again in each interview of a series, is no copied text
    lines = [line.strip() for line in text.splitlines()]
    return {
        (line[:60], line[len(line) // 2 - 30 : len(line) // 2 + 30], line[-60:])
        for line in lines
        if len(line) > 60 and not (line.endswith(("?", "؟")) and len(line) < 120)
    }


def test_devset_does_not_contain_the_seed_article(passages: list[Passage]) -> None:
    probes = _probes(SEED.read_text("utf-8"))
    for p in passages:
        assert not any(head in p.text for head, _, _ in probes), p.id


def test_fresh_parts_are_new_material(passages: list[Passage]) -> None:
    """A fresh passage repeats no source and no text of the parts made before it (fresh2 none of fresh,
    fresh3 none of fresh2 or fresh)."""
    urls = [p.source["url"] for p in passages]
    assert len(urls) == len(set(urls))
    for p in passages:
        if p.split in APART:
            older = [q for q in passages if SPLITS.index(q.split) < SPLITS.index(p.split)]
            # a line's head, middle and tail all found: a report series' stock sentence ("In our previous
            # report, we provided a summary of ...", "The trial day was opened by ...") tells other days
            assert older and not any(
                all(part in q.text for part in probe) for q in older for probe in _probes(p.text)
            ), p.id


def test_every_file_of_the_devset_is_in_the_manifest() -> None:
    manifest = json.loads((DEVSET / "sources.json").read_text("utf-8"))
    listed = {e[key] for e in manifest["passages"] for key in ("text", "gold")}
    on_disk = {
        f"{split}/{path.name}"
        for split in SPLITS
        for path in (DEVSET / split).iterdir()
        if path.suffix != ".md"
    }
    assert on_disk == listed
    assert {e["split"] for e in manifest["passages"]} == set(SPLITS)


def test_second_annotations_are_in_no_split_and_keep_the_guide(passages: list[Passage]) -> None:
    """agreement/ holds a second annotator's gold of some fresh passages: the manifest does not list it, the
    loader never returns it, and each file is sound gold of the text it annotates."""
    manifest = json.loads((DEVSET / "sources.json").read_text("utf-8"))
    listed = {e[key] for e in manifest["passages"] for key in ("text", "gold")}
    second = sorted((DEVSET / "agreement").glob("*.jsonl"))
    assert len(second) >= 3 and not any(f"agreement/{path.name}" in listed for path in second)
    assert "agreement" not in SPLITS and len(passages) == len(manifest["passages"])
    by_id = {p.id: p for p in passages}
    for path in second:
        passage = by_id[path.stem]
        assert passage.split in APART  # a fresh part, annotated a second time
        gold = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        assert len(gold) >= 10 and check_gold(passage.text, gold, path.name) == []


def test_load_devset_refuses_a_changed_text(tmp_path: Path) -> None:
    copy = tmp_path / "devset"
    shutil.copytree(DEVSET, copy)
    text = copy / "tuning" / "en_zand_trial.txt"
    text.write_text(text.read_text("utf-8").replace("1988", "1989", 1), "utf-8")
    with pytest.raises(InputError, match=rf"{text.name}: SHA-256 differs"):
        load_devset(copy)


def test_load_devset_refuses_a_gold_line_whose_span_drifted(tmp_path: Path) -> None:
    copy = tmp_path / "devset"
    shutil.copytree(DEVSET, copy)
    gold = copy / "tuning" / "en_zand_trial.jsonl"
    lines = gold.read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    first["start"] += 1
    gold.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", "utf-8")
    manifest = json.loads((copy / "sources.json").read_text("utf-8"))
    for entry in manifest["passages"]:  # a careless editor updates the hash too: the span check still holds
        if entry["id"] == "en_zand_trial":
            entry["gold_sha256"] = hashlib.sha256(gold.read_bytes()).hexdigest()
    (copy / "sources.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(InputError, match=r"en_zand_trial.jsonl, line 1: span .* is not the text"):
        load_devset(copy)


def _mention(**kw: Any) -> dict[str, Any]:
    base = {
        "type": "person",
        "start": 0,
        "end": 4,
        "text": "Reza",
        "value": "Reza",
        "role": "victim",
        "entity": "r",
    }
    return base | kw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "event"}, "type 'event' is not one of"),
        ({"role": "hero"}, "role 'hero' is not one of"),
        ({"entity": ""}, "needs an entity"),
        ({"text": "Rez"}, "is not the text"),
        ({"end": 99}, "outside the text"),
        (
            {"type": "act", "value": "beating", "provenance": "first_hand"},
            "act 'beating' is not in the vocabulary",
        ),
        ({"type": "act", "value": "arrest", "provenance": "rumour"}, "provenance 'rumour'"),
        ({"type": "count", "value": "many", "qualifier": "vague", "provenance": "report"}, "whole number"),
        (
            {"type": "count", "value": 4, "qualifier": "roughly", "provenance": "report"},
            "qualifier 'roughly'",
        ),
        ({"type": "date", "value": "1988-09-01/1988-08-01"}, "is not an interval"),
        ({"type": "date", "value": "1988-08-01/1988-08-31", "precision": "era"}, "precision 'era'"),
        ({"type": "held_position", "value": "judge", "holder": "nobody"}, "holder 'nobody'"),
        ({"negated": "yes"}, "negated must be true or false"),
    ],
)
def test_check_gold_names_what_breaks_the_guide(change: dict[str, Any], message: str) -> None:
    problems = check_gold("Reza was taken.", [_mention(**change)], "x.jsonl")
    assert len(problems) == 1 and message in problems[0] and problems[0].startswith("x.jsonl, line 1")


def test_check_gold_refuses_two_roles_for_one_person() -> None:
    gold = [_mention(), _mention(role="witness")]
    assert "has two roles" in check_gold("Reza Reza", gold, "x")[0]
    assert check_gold("Reza Reza", [_mention(), _mention()], "x") == []


def test_guide_names_every_label_the_checker_accepts() -> None:
    guide = GUIDE.read_text("utf-8")
    for label in (*GOLD_TYPES, *GOLD_ROLES, *GOLD_PROVENANCE, *GOLD_QUALIFIERS):
        assert f"`{label}`" in guide, label


def test_score_devset_reports_every_group_and_counts_the_gold(
    passages: list[Passage], scores: dict[str, GroupScore]
) -> None:
    assert list(scores) == [
        "tuning/en", "tuning/fa", "heldout/en", "heldout/fa", "tuning", "heldout", "en", "fa", "all",
    ]  # fmt: skip
    pooled = [p for p in passages if p.split not in APART]
    scored_gold = sum(
        1
        for p in pooled
        for g in p.gold
        if g["type"] != "held_position" and not (g["type"] == "act" and g.get("negated"))
    )
    total = scores["all"].types["all"]
    assert total.tp + total.fn == scored_gold
    assert scores["tuning"].passages + scores["heldout"].passages == len(pooled)
    for group in scores.values():
        right, matched = group.roles
        assert 0 <= right <= matched
        assert 0.0 <= group.types["all"].f1 <= 1.0
        json.dumps(group.to_dict())


def _as_prediction(gold: dict[str, Any]) -> dict[str, Any]:
    out = dict(gold)
    out["detail"] = {"first_hand": gold.get("provenance") == "first_hand", "position": "x"}
    if gold["type"] == "count":
        out["detail"]["qualifier"] = {"exact": None, "up_to": "at_most"}.get(
            gold["qualifier"], gold["qualifier"]
        )
    if gold.get("role") == "witness":
        out["role"] = "fellow_prisoner"  # the extractor's word for it
    return out


def test_score_devset_gives_the_gold_itself_full_marks(passages: list[Passage]) -> None:
    by_text = {p.text: p.gold for p in passages}
    scores = score_devset(
        passages,
        extract=lambda text: [
            _as_prediction(g)
            for g in by_text[text]
            if g["type"] != "held_position" and not (g["type"] == "act" and g.get("negated"))
        ],
    )
    for best in (scores["all"], *(scores[part] for part in APART)):
        assert best.types["all"].f1 == 1.0
        assert best.roles[0] == best.roles[1] > 0
        assert best.provenance[0] == best.provenance[1] > 0
        assert best.qualifiers[0] == best.qualifiers[1] > 0
        assert best.positions[0] == best.positions[1] > 0


def test_score_devset_keeps_the_fresh_parts_apart(passages: list[Passage]) -> None:
    """The fresh parts have their own groups and stay out of "en", "fa" and "all" (gold as the prediction:
    the rules are not run on them)."""
    by_text = {p.text: p.gold for p in passages}
    scores = score_devset(passages, extract=lambda text: [dict(g) for g in by_text[text]])
    assert list(scores) == [
        "tuning/en", "tuning/fa", "heldout/en", "heldout/fa",
        "fresh/en", "fresh/fa", "fresh2/en", "fresh2/fa", "fresh3/en", "fresh3/fa", "fresh4/en", "fresh4/fa",
        "fresh5/en", "fresh5/fa", "fresh6/en", "fresh6/fa", "fresh7/en", "fresh7/fa",
        "fresh8/en", "fresh8/fa", "fresh9/en", "fresh9/fa", "fresh10/en", "fresh10/fa",
        "fresh11/en", "fresh11/fa", "fresh12/en", "fresh12/fa", "fresh13/en", "fresh13/fa",
        "fresh14/en", "fresh14/fa", "fresh15/en", "fresh15/fa", "fresh16/en", "fresh16/fa",
        "fresh17/en", "fresh17/fa", "fresh18/en", "fresh18/fa", "fresh19/en", "fresh19/fa",
        "fresh20/en", "fresh20/fa", "fresh21/en", "fresh21/fa", "fresh22/en", "fresh22/fa",
        "fresh23/en", "fresh23/fa", "fresh24/en", "fresh24/fa", "fresh25/en", "fresh25/fa",
        "fresh26/en", "fresh26/fa", "fresh27/en", "fresh27/fa",
        "tuning", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
        "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17",
        "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25",
        "fresh26", "fresh27", "en", "fa", "all",
    ]  # fmt: skip
    count = {split: sum(p.split == split for p in passages) for split in SPLITS}
    assert scores["all"].passages == count["tuning"] + count["heldout"]
    assert scores["en"].passages + scores["fa"].passages == scores["all"].passages
    for part in APART:
        assert scores[part].passages == count[part] > 0
        assert scores[f"{part}/en"].passages + scores[f"{part}/fa"].passages == count[part]
        part_gold = sum(
            1 for p in passages if p.split == part for g in p.gold
            if g["type"] != "held_position" and not (g["type"] == "act" and g.get("negated"))
        )  # fmt: skip
        total = scores[part].types["all"]
        assert total.tp + total.fn == part_gold


def test_score_devset_pools_every_part_when_asked_for_the_whole_set(passages: list[Passage]) -> None:
    """`whole` pools every passage given, the parts apart too, per language; without it there is no such
    group. A wrong prediction on one fresh passage shows in the pooled figure (it is not left out)."""
    assert not any(name.startswith("whole") for name in score_devset(passages[:1], extract=lambda text: []))
    by_text = {p.text: p.gold for p in passages}
    fresh = next(p for p in passages if p.split in APART and any(g["type"] == "person" for g in p.gold))
    spoilt = lambda text: [] if text == fresh.text else [dict(g) for g in by_text[text]]  # noqa: E731
    scores = score_devset(passages, extract=spoilt, whole=True)
    assert list(scores)[-3:] == ["whole/en", "whole/fa", "whole"]
    assert scores["whole"].passages == len(passages) > scores["all"].passages
    assert scores["whole/en"].passages + scores["whole/fa"].passages == len(passages)
    missed = sum(1 for g in fresh.gold if g["type"] == "person")
    assert scores["whole"].types["person"].fn == missed
    assert scores[f"whole/{fresh.language}"].types["person"].fn == missed
    assert scores["all"].types["person"].fn == 0


def test_score_devset_counts_wrong_roles_and_dates_as_wrong(passages: list[Passage]) -> None:
    one = [p for p in passages if p.id == "en_zand_trial"]

    def skewed(text: str) -> list[dict[str, Any]]:
        out = []
        for g in one[0].gold:
            if g["type"] in ("held_position", "act") and (g["type"] == "held_position" or g.get("negated")):
                continue
            p = _as_prediction(g) | {"role": "other"} if g["type"] == "person" else _as_prediction(g)
            if g["value"] == "1988-07-28/1988-07-28":
                p["value"] = "1988-07-01/1988-07-31"  # a month where the gold has a day: Jaccard 1/31
            out.append(p)
        return out

    scores = score_devset(one, extract=skewed)["all"]
    assert scores.roles[0] == 0 < scores.roles[1]
    assert scores.types["date"].fn == 2 and scores.types["date"].fp == 2


def test_score_devset_scores_a_place_inside_another_only_where_both_sides_tell_it() -> None:
    """Annotators differ on marking the city inside "the prison of X": a nested place is scored where gold
    and prediction both tell it, and left out where only one side does; a place that stands alone is always
    scored."""
    text = "They held him in the prison of Tabriz, then in Tabriz itself."
    prison = {
        "type": "place",
        "start": 17,
        "end": 37,
        "text": "the prison of Tabriz",
        "value": "Tabriz Prison",
    }
    city = {"type": "place", "start": 31, "end": 37, "text": "Tabriz", "value": "Tabriz"}
    alone = {"type": "place", "start": 47, "end": 53, "text": "Tabriz", "value": "Tabriz"}
    # the prison's span without the city, the city beside it: an older annotator's way
    short = dict(prison, end=30, text="the prison of", value="Tabriz Prison")

    def place(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> tuple[int, int, int]:
        passage = Passage("t", "tuning", "en", text, gold, {})
        found = score_devset([passage], extract=lambda _: [dict(g) for g in predicted])["all"].types["place"]
        return found.tp, found.fp, found.fn

    assert place([prison, city, alone], [prison, alone]) == (2, 0, 0)
    assert place([prison, city, alone], [prison, city, alone]) == (3, 0, 0)
    assert place([prison, alone], [prison, city, alone]) == (2, 0, 0)
    assert place([short, city, alone], [prison, city, alone]) == (3, 0, 0)
    assert place([prison, city, alone], [prison]) == (1, 0, 1)
    assert place([prison, city, alone], [prison, dict(city, value="Tehran"), alone]) == (2, 0, 0)


def test_score_devset_accepts_a_date_whose_interval_nearly_agrees() -> None:
    text = "In the summer of 1988 and in Mordad 1367."
    gold = [
        {"type": "date", "start": 7, "end": 21, "text": "summer of 1988", "value": "1988-06-21/1988-09-22"},
        {"type": "date", "start": 29, "end": 39, "text": "Mordad 1367", "value": "1988-07-23/1988-08-22"},
    ]
    passage = Passage("t", "tuning", "en", text, gold, {})
    predicted = [
        dict(gold[0], value="1988-06-01/1988-09-22"),  # another convention of summer: Jaccard 0.83
        dict(gold[1], value="1988-08-01/1988-08-31"),  # August is not Mordad: Jaccard 0.54
    ]
    scores = score_devset([passage], extract=lambda _: predicted)["all"]
    assert (scores.types["date"].tp, scores.types["date"].fp) == (1, 1)
    assert scores.strict_dates.tp == 0


def test_the_bench_runs_the_later_fresh_parts_only_when_named() -> None:
    """`bench/extract.py --devset` without `--part fresh2` / `--part fresh3` never runs the rules on them
    (each is scored once)."""
    spec = importlib.util.spec_from_file_location(
        "bench_extract", Path(__file__).parents[2] / "bench" / "extract.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert ON_REQUEST == (
        "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11",
        "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17", "fresh18", "fresh19",
        "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "fresh27",
    )  # fmt: skip
    assert set(ON_REQUEST) <= set(APART)
    assert bench._splits("all") == ("tuning", "heldout", "fresh")
    assert bench._splits("fresh2") == ("fresh2",) and bench._splits("tuning") == ("tuning",)
    assert bench._splits("fresh3") == ("fresh3",) and bench._splits("fresh4") == ("fresh4",)
    assert bench._splits("fresh5") == ("fresh5",) and bench._splits("fresh6") == ("fresh6",)
    assert bench._splits("fresh7") == ("fresh7",) and bench._splits("fresh8") == ("fresh8",)
    assert bench._splits("fresh9") == ("fresh9",) and bench._splits("fresh11") == ("fresh11",)
    assert bench._splits("fresh13") == ("fresh13",) and bench._splits("fresh15") == ("fresh15",)
    assert bench._splits("fresh17") == ("fresh17",) and bench._splits("fresh19") == ("fresh19",)
    assert bench._splits("fresh21") == ("fresh21",) and bench._splits("whole")[-2:] == ("fresh26", "fresh27")
