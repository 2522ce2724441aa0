"""bench/extract_e2e.py on two tuning passages: what the rules propose reaches the case and its pages.

Structural facts, not scores: every proposal is stored with its span, type and value; every gold victim
the rules find is a person record a user can read, with the role the rules gave; the dashboard's and
timeline's numbers add up to the accepted claims they are read from; the part names are checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from testament.extract import extract_mentions
from testament.extract.devset import ON_REQUEST, SPLITS, load_devset
from testament.settings import Settings
from testament.store.case import Case

BENCH = Path(__file__).parents[2] / "bench" / "extract_e2e.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extract_e2e", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def accepted_case(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, object]:
    # two English passages, one with a named victim: the victim path is exercised
    passages = [p for p in load_devset(bench.ROOT, splits=("tuning",)) if p.language == "en"][:2]
    assert any(g.get("role") == "victim" for p in passages for g in p.gold)
    folder = tmp_path_factory.mktemp("e2e")
    case = Case.create(folder / "case", settings=Settings(actor="test"))
    try:
        run = bench.run_case(case, passages, folder, "txt")
    finally:
        case.close()
    return passages, run


def _key(m: dict) -> tuple:
    return m["type"], m["start"], m["end"], str(m["value"])


def test_run_stores_every_proposal_of_the_rules_unchanged(bench: ModuleType, accepted_case: tuple) -> None:
    passages, run = accepted_case
    for p in passages:
        assert run.texts[p.id] == p.text  # a UTF-8 text file is its own text: offsets are the gold's
        proposed = {_key(m.to_dict()) for m in extract_mentions(p.text, roles="combined")}
        stored = [bench.as_mention(c, None) for c in run.candidates[p.id]]
        assert {_key(m) for m in stored} == proposed
        assert all(c.status == "accepted" for c in run.candidates[p.id])


def test_run_keeps_every_gold_victim_the_rules_find_as_a_readable_record(
    bench: ModuleType, accepted_case: tuple
) -> None:
    passages, run = accepted_case
    checked = 0
    for p in passages:
        found = [m for m in extract_mentions(p.text, roles="combined") if m.type == "person"]
        for g in (g for g in p.gold if g["type"] == "person" and g["role"] == "victim"):
            hit = next((m for m in found if m.start < g["end"] and g["start"] < m.end), None)
            if hit is None:
                continue
            cand = next(
                c for c in run.candidates[p.id] if (c.type, c.start, c.end) == ("person", hit.start, hit.end)
            )
            record = run.records[cand.person_record_id]
            names = [f["value"] for f in record["fields"] if f["predicate"] == "name"]
            assert names == [hit.value] and hit.value in p.text
            assert cand.role == hit.role
            checked += 1
    assert checked


def test_report_totals_agree_with_the_accepted_claims(
    bench: ModuleType, accepted_case: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    passages, run = accepted_case
    candidates = [c for p in passages for c in run.candidates[p.id]]
    persons = [c for c in candidates if c.type == "person"]
    acts = {c.claim_id for c in candidates if c.type == "act"}
    counts = {c.claim_id for c in candidates if c.type == "count"}
    d = run.dashboard
    assert d.records == len(persons) == len(run.records)  # one record per accepted person mention
    # every claim from the testimonies reviewed: the mentions, and the offices proposed with their holders
    assert d.claims_reviewed == len(candidates) + len(run.positions) == d.claims_from_testimonies
    assert all(c.type == "position" and c.status == "accepted" for c in run.positions)
    assert {e.claim_id for e in run.timeline} <= acts
    assert {c.claim_id for c in run.counts} <= counts
    tallies = bench.report(passages, run, "tuning")
    n = tallies["tuning"]
    assert n["person_accepted"] == len(persons) and n.get("person_no_record", 0) == 0
    assert n["case_acts"] == len(acts) and n["dashboard_counts"] == len(run.counts)
    assert n["gold_acts_on_timeline"] <= n["gold_acts_in_case"] <= n["gold_acts"]
    entities = sum(len({g["entity"] for g in p.gold if g["type"] == "person"}) for p in passages)
    assert n["gold_persons_found"] <= n["gold_persons"] == entities
    assert tallies["tuning/en"] == n  # English passages only
    assert "| tuning | stored |" in capsys.readouterr().out


def test_splits_of_runs_parts_on_request_only_when_named(bench: ModuleType) -> None:
    assert bench.splits_of("tuning+heldout") == ("tuning", "heldout")
    assert bench.splits_of("all") == tuple(s for s in SPLITS if s not in ON_REQUEST)
    assert all(bench.splits_of(s) == (s,) for s in ON_REQUEST)
    with pytest.raises(SystemExit):
        bench.splits_of("tuning+no-such-part")
