"""The map's places: every prison, city and burial site the claims name, by its gazetteer name (every
spelling one point), with the gazetteer's coordinates, counted from lists and testimonies; a point opens the
claims that name it."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from testament.names import place_name
from testament.names.places import PlaceKind
from testament.store.access import Viewer
from testament.store.case import Case
from testament.views import place_claims, place_map
from tests.views._synthetic import build_case, make_scenario


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_scenario(tmp_path_factory.mktemp("places-scenario"), people=60, lists=3, testimonies=3)


def test_places_are_gazetteer_points_counted_from_lists_and_testimonies(
    fresh_case: Case, small_scenario: Path
) -> None:
    build_case(fresh_case, small_scenario)
    viewer = Viewer.local(fresh_case)
    found = place_map(fresh_case, viewer).places
    keys = [(p.name, p.kind) for p in found]
    assert len(keys) == len(set(keys)), "one point per place and kind"
    assert {p.kind for p in found} == {"prison", "city", "burial"}
    for p in found:
        assert p.claims == p.from_lists + p.from_testimonies >= 1
        assert p.lat is not None and p.lon is not None, f"{p.name} ({p.kind}) has no coordinates"
        assert place_name(p.name, cast(PlaceKind, p.kind)) == p.name
    told = [p for p in found if p.from_testimonies]
    assert told, "testimonies name places too"
    assert any(p.kind == "burial" for p in found if p.from_lists)

    biggest = max(found, key=lambda p: p.claims)
    lines = place_claims(fresh_case, viewer, biggest.name, biggest.kind)
    assert len(lines.claims) == biggest.claims
    assert {c.predicate for c in lines.claims} <= {"held_at", "resided_in", "buried_at", "place"}
    assert place_claims(fresh_case, viewer, "Nowhere", "city").claims == []
