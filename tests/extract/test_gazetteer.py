"""The editable gazetteer and the scoring helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.errors import InputError
from testament.extract import extract_mentions, load_annotations, load_gazetteer, score_mentions


def test_load_gazetteer_spellings_and_generated_prison_names() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("Gohar-Dasht").name == "Gohardasht"  # type: ignore[union-attr]
    assert gazetteer.lookup("رجایی‌شهر").name == "Gohardasht"  # type: ignore[union-attr]
    assert gazetteer.lookup("Hamadan Prison").kind == "prison"  # type: ignore[union-attr]
    assert gazetteer.lookup("زندان اوین").id == "evin"  # type: ignore[union-attr]
    khavaran = gazetteer.get("khavaran")
    assert khavaran is not None and khavaran.to_dict()["lat"] == pytest.approx(35.6, abs=0.1)


def test_custom_gazetteer_is_used_and_bad_ones_are_named(tmp_path: Path) -> None:
    custom = tmp_path / "g.toml"
    custom.write_text(
        '[[place]]\nid = "x"\nname = "Qezel Qaleh"\nkind = "prison"\nfa = ["قزل قلعه"]\n', "utf-8"
    )
    text = "He was held in Qezel Qaleh Prison, not in Evin."
    places = [m for m in extract_mentions(text, gazetteer=load_gazetteer(custom)) if m.type == "place"]
    assert [(m.text, m.value) for m in places] == [("Qezel Qaleh Prison", "Qezel Qaleh")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[place]]\nid = "x"\nname = "X"\nkind = "castle"\n', "utf-8")
    with pytest.raises(InputError, match=r"bad.toml: \[\[place\]\] number 1 \(x\): kind 'castle'"):
        load_gazetteer(bad)
    with pytest.raises(InputError, match="not a readable gazetteer"):
        load_gazetteer(tmp_path / "missing.toml")


def test_score_mentions_matches_spans_and_values() -> None:
    gold = [
        {"type": "date", "start": 0, "end": 10, "value": "1988-08-06/1988-08-06"},
        {"type": "count", "start": 20, "end": 23, "value": 160},
        {"type": "person", "start": 30, "end": 40, "value": "A B"},
    ]
    predicted = [
        {"type": "date", "start": 3, "end": 10, "value": "1988-08-06/1988-08-06"},  # overlap, same value
        {"type": "count", "start": 20, "end": 23, "value": 100},  # right span, wrong value
        {"type": "person", "start": 30, "end": 40, "value": "other spelling"},
    ]
    overlap = score_mentions(predicted, gold)
    assert (overlap["date"].tp, overlap["count"].tp, overlap["count"].fp, overlap["person"].tp) == (
        1,
        0,
        1,
        1,
    )
    exact = score_mentions(predicted, gold, match="exact")
    assert exact["date"].tp == 0 and exact["all"].f1 == pytest.approx(1 / 3)


def test_load_annotations_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"type": "date", "start": 0, "end": 1, "value": "x"}\n{"type": "date"}\n', "utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl, line 2"):
        load_annotations(path)


def test_courts_abroad_are_organisations_and_their_city_no_place() -> None:
    # docs/annotation.md: "District Court of Stockholm" is an organisation, the city inside it no place
    text = (
        "On Wednesday the District Court of Durres, Albania, convened; earlier sessions were held in the "
        "District Court of Stockholm. Stockholm's District Court sat again. "
        "He lives in Ashraf 3, near Tirana."
    )
    found = [(m.type, m.text, m.value) for m in extract_mentions(text) if m.type in ("place", "organisation")]
    assert found == [
        ("organisation", "District Court of Durres", "Durres District Court"),
        ("place", "Albania", "Albania"),
        ("organisation", "District Court of Stockholm", "Stockholm District Court"),
        ("organisation", "Stockholm's District Court", "Stockholm District Court"),
        ("place", "Ashraf 3", "Camp Ashraf"),
        ("place", "Tirana", "Tirana"),
    ]
    court = load_gazetteer().lookup("دادگاه استکهلم")
    assert court is not None and (court.category, court.kind) == ("organisation", "court_abroad")


def test_persian_organisation_variants() -> None:
    text = "از سازمان اکثریت جدا شدیم. وزارت اطلاعات روى ساواك شاه را سفيد كرده است. او به راديوآزادى گفت."
    found = [m.value for m in extract_mentions(text) if m.type == "organisation"]
    assert found == ["Fadaian (Majority)", "Ministry of Intelligence", "SAVAK", "Radio Azadi"]
