"""Strata by normalised value (gazetteer, scripts folded), the small-strata rule, and a synthetic case whose
lists spell prisons in Persian and several Latin ways."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from testament.errors import InputError
from testament.estimate.inputs import estimate_input, read_input
from testament.estimate.run import EstimateOptions
from testament.estimate.strata import OTHER, UNKNOWN, StrataRule, stratify, stratum_key
from testament.settings import Settings
from testament.store.case import Case
from testament.store.schema import claims
from testament.synthetic import read_truth
from tests.estimate.conftest import STRATA_PEOPLE, ingest_lists, link_by_truth


@pytest.mark.parametrize(
    ("field", "spellings"),
    [
        (
            "prison",
            ["Evin", "Evin Prison", "زندان اوين", "زندان اوین", "اوين", "Prison d'Evin", "Gefängnis Evin"],
        ),
        (
            "prison",
            ["Gohardasht", "Rajaei Shahr", "Rajai Shahr", "رجایی‌شهر", "رجائی شهر", "گوهردشت", "Gohardacht"],
        ),
        (
            "prison",
            ["Karun", "Karun Prison", "Ahvaz Prison", "Ahwaz Prison", "زندان اهواز", "كارون", "Karoon"],
        ),
        ("prison", ["Tabriz Prison", "Prison de Tabriz", "Gefängnis Täbris", "زندان تبريز", "Tabriz"]),
        ("city", ["Tehran", "Teheran", "Téhéran", "تهران", "TEHRAN "]),
        ("city", ["Yazd", "يزد", "یزد", "Yasd"]),
        ("burial_place", ["Khavaran", "Golzar-e Khavaran", "خاوران", "Lanatabad", "Khavaran cemetery"]),
        ("prison", ["Sepidar", "Sepidar Prison", "زندان سپیدار", "SEPIDAR"]),  # not in the gazetteer
        ("affiliation", ["PMOI", "MEK", "سازمان مجاهدين خلق", "Mojahedin"]),
        ("fate", ["Executed", "executed ", "EXECUTED"]),
    ],
)
def test_stratum_key_joins_spellings_of_one_value(field: str, spellings: list[str]) -> None:
    assert len({stratum_key(field, s) for s in spellings}) == 1


def test_stratum_key_keeps_prisons_and_cities_apart() -> None:
    prisons = ["Evin", "Gohardasht", "Karun", "Ghezel Hesar", "Qasr", "Vakilabad", "Lakan", "Tabriz Prison"]
    assert len({stratum_key("prison", p) for p in prisons}) == len(prisons)
    cities = ["Tehran", "Ahvaz", "Yazd", "Kerman", "Kermanshah", "Arak", "Tabriz", "Mashhad"]
    assert len({stratum_key("city", c) for c in cities}) == len(cities)
    # in a city column Ahvaz is the city, not its prison
    assert stratum_key("city", "Ahvaz") != stratum_key("prison", "Karun") == stratum_key("prison", "Ahvaz")


def _units(groups: dict[str, tuple[int, int]]) -> list[tuple[tuple[str, ...], int, int]]:
    """Per stratum value: (persons on one list only, persons on lists A and B)."""
    units: list[tuple[tuple[str, ...], int, int]] = []
    for value, (single, double) in groups.items():
        units.append(((value,), 0b01, single))
        units.append(((value,), 0b11, double))
    return units


def test_stratify_names_strata_by_gazetteer_and_keeps_spellings() -> None:
    units = [
        (("Evin",), 0b01, 30),
        (("زندان اوين",), 0b11, 20),
        (("Evin Prison", "Gohardasht", "زندان اوین"), 0b10, 1),  # two of three records say Evin
        (("Rajaei Shahr", "Rajaei Shahr", "Evin"), 0b11, 40),  # two of three records say Gohardasht
        (("Gohardasht",), 0b01, 20),
        ((), 0b10, 5),
    ]
    histories, strata = stratify(units, "prison", ["A", "B"], source="t", rule=StrataRule(1, 0))
    table = {s.label: (s.persons, s.spellings) for s in strata.strata}
    assert table["Gohardasht"] == (60, {"Rajaei Shahr": 40, "Gohardasht": 20})
    assert table["Evin"] == (51, {"Evin": 30, "زندان اوين": 20, "Evin Prison": 1})
    assert table[UNKNOWN] == (5, {})
    assert set(histories) == {"Evin", "Gohardasht", UNKNOWN}
    assert histories["Gohardasht"].counts.tolist() == [0, 20, 0, 40]
    assert sum(h.observed for h in histories.values()) == 116


def test_stratify_merges_small_strata_into_other_with_a_warning() -> None:
    units = _units({"Evin": (150, 50), "Gohardasht": (80, 40), "Lakan": (20, 10), "Karun": (25, 5)})
    histories, strata = stratify(units, "prison", ["A", "B"], source="t.csv")
    assert set(histories) == {"Evin", "Gohardasht", OTHER}
    assert histories[OTHER].observed == 60
    assert {s.label: s.merged_into for s in strata.strata} == {
        "Evin": None,
        "Gohardasht": None,
        "Karun": OTHER,
        "Lakan": OTHER,
    }
    assert strata.estimated == {"Evin": 200, "Gohardasht": 120, OTHER: 60}
    [warning] = strata.warnings
    assert "Karun (30), Lakan (30)" in warning and "at least 50 persons" in warning and OTHER in warning


def test_stratify_folds_estimable_strata_into_other_until_it_is_estimable() -> None:
    units = _units({"Evin": (150, 50), "Gohardasht": (80, 40), "Qasr": (40, 20), "Lakan": (5, 1)})
    histories, strata = stratify(units, "prison", ["A", "B"], source="t.csv")
    assert set(histories) == {"Evin", "Gohardasht", OTHER}  # Lakan alone is 6; Qasr (60) joins it
    assert histories[OTHER].observed == 66
    assert "so were Qasr (60)" in strata.warnings[0]


def test_stratify_counts_overlap_not_only_persons() -> None:
    units = _units({"Evin": (150, 50), "Gohardasht": (80, 40), "Qasr": (100, 2), "Lakan": (60, 9)})
    _, strata = stratify(units, "prison", ["A", "B"], source="t.csv")
    merged = {s.label for s in strata.strata if s.merged_into}
    assert merged == {"Qasr", "Lakan"}  # 102 and 69 persons, but 2 and 9 on both lists


def test_stratify_refuses_strata_too_small_to_estimate() -> None:
    with pytest.raises(InputError, match=r"t\.csv: 40 persons.*too few to estimate by prison") as info:
        stratify(_units({"Evin": (20, 10), "Lakan": (5, 5)}), "prison", ["A", "B"], source="t.csv")
    assert info.value.hint and "minimum stratum size" in info.value.hint
    with pytest.raises(InputError, match="no two strata of prison are large enough"):
        stratify(_units({"Evin": (400, 100), "Lakan": (5, 5)}), "prison", ["A", "B"], source="t.csv")
    with pytest.raises(InputError, match="at least 1 person"):
        StrataRule(min_persons=0)


def _record_prisons(case: Case, scenario_dir: Path, truth: dict[int, int]) -> dict[str, set[str]]:
    """Every prison spelling the case's lists hold → the true prisons of the records that hold it."""
    prison_of = dict(
        zip(read_truth(scenario_dir).persons["id"], read_truth(scenario_dir).persons["prison"], strict=True)
    )
    found: dict[str, set[str]] = defaultdict(set)
    with case.read() as conn:
        for record, value in conn.execute(
            select(claims.c.subject_id, claims.c.value).where(claims.c.predicate == "held_at")
        ):
            if truth.get(record, -1) >= 0 and value:
                found[value].add(prison_of[truth[record]])
    return found


def test_case_strata_prison_makes_one_stratum_per_true_prison(
    strata_case: Case, strata_scenario: Path
) -> None:
    from testament.synthetic import truth_of_case

    truth = truth_of_case(strata_case, strata_scenario)
    spelt = _record_prisons(strata_case, strata_scenario, truth)
    assert len(spelt) > 60  # the lists do spell prisons in many ways (Persian, English, French, German)
    assert all(len(prisons) == 1 for prisons in spelt.values())
    data = read_input(strata_case, strata="prison")
    assert data.strata is not None
    made = [s for s in data.strata.strata if s.label != UNKNOWN]
    true_of = [set().union(*(spelt[v] for v in s.spellings)) for s in made]
    assert all(len(t) == 1 for t in true_of), "a stratum mixes prisons"
    assert len({next(iter(t)) for t in true_of}) == len(made), "a prison is split over strata"
    assert set().union(*true_of) == set().union(*spelt.values())
    labels = {s.label for s in made}
    assert {"Evin", "Gohardasht", "Karun", "Tabriz Prison", "Ghezel Hesar"} <= labels
    evin = next(s for s in made if s.label == "Evin")
    assert any(v.isascii() for v in evin.spellings) and any(not v.isascii() for v in evin.spellings)
    # the table holds every observed person once, and small prisons were merged with a warning
    assert sum(s.persons for s in data.strata.strata) == data.observed
    assert sum(data.strata.estimated.values()) == data.observed
    assert OTHER in data.histories and data.warnings and OTHER in data.warnings[0]
    assert [x.name for x in data.lists] == sorted(p.name for p in (strata_scenario / "lists").iterdir())


def test_stratified_lcmcr_interval_covers_the_truth(tmp_path: Path, strata_scenario: Path) -> None:
    case = Case.create(tmp_path / "case", settings=Settings(actor="tester"))
    try:
        ingest_lists(case, strata_scenario)
        link_by_truth(case, strata_scenario)
        data = read_input(case, strata="prison")
    finally:
        case.close()
    assert len(data.histories) >= 5  # Evin, Gohardasht, Tabriz... estimated on their own
    results = estimate_input(data, EstimateOptions(methods=("lcmcr",), chains=2, seed=3))  # ~15 s
    combined = next(r for r in results if r.stratum == "(all strata)")
    assert combined.observed == data.observed < STRATA_PEOPLE
    assert combined.lower <= STRATA_PEOPLE <= combined.upper, (combined.lower, combined.upper)
    assert combined.input["strata"]["field"] == "prison"
    assert any(OTHER in w for w in combined.warnings)
