"""The places of a case, for its map: prisons (where lists say people were held), cities (where they lived),
burial sites (where lists say they were buried) and every prison, city, cemetery or grave site a testimony
names (mass graves such as Khavaran among them), each at the gazetteer's coordinates with how many claims
the viewer may read name it.

    from testament.views import place_map, place_claims
    places = place_map(case, viewer)                  # MapPlace: name, kind, lat, lon, claims
    lines = place_claims(case, viewer, "Khavaran", "burial")

A place is its gazetteer name (`testament.names.place_name`): "Evin", "Evin Prison" and "زندان اوین" are
one point. Places the gazetteer does not know have no coordinates and are listed beside the map instead."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from testament.errors import InputError
from testament.names import place_name
from testament.store.access import Viewer
from testament.store.case import Case
from testament.views._common import WITHHELD_NOTICE, Reading, gated
from testament.views._facts import (
    ClaimLine,
    claim_lines,
    gazetteer_place,
    person_facts,
    place_kind,
    story_context,
)

__all__ = ["MAP_KINDS", "MapPlace", "PlaceClaims", "PlaceMap", "place_claims", "place_map"]

MAP_KINDS = ("prison", "city", "burial")
# Which claim about a person record names which kind of place.
_RECORD_PLACES = {"held_at": "prison", "resided_in": "city", "buried_at": "burial"}


class MapPlace(BaseModel):
    name: str  # the gazetteer's name
    kind: str  # prison, city, burial
    lat: float | None = None
    lon: float | None = None
    uncertainty_m: float | None = None
    claims: int  # claims the viewer may read that name it
    from_lists: int
    from_testimonies: int


class PlaceMap(BaseModel):
    places: list[MapPlace]
    withheld: bool = False
    notice: str | None = None


class PlaceClaims(BaseModel):
    name: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    claims: list[ClaimLine]


def _named(reading: Reading) -> dict[tuple[str, str], tuple[list[int], list[int]]]:
    """(gazetteer name, kind) → (claim ids from lists, claim ids from testimonies)."""
    out: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for person in person_facts(reading, tuple(_RECORD_PLACES)).values():
        for fact in person.facts:
            kind = _RECORD_PLACES[fact.predicate]
            name = place_name(fact.value, kind) if fact.value else None  # type: ignore[arg-type]
            if name:
                out.setdefault((name, kind), ([], []))[0].append(fact.claim_id)
    for told in story_context(reading, "place"):
        told_kind = place_kind(told.value or "")
        if told_kind is not None and told.value:
            out.setdefault((told.value, told_kind), ([], []))[1].append(told.claim_id)
    return out


def _located(name: str, kind: str) -> Any | None:
    """The gazetteer entry that places `name`: a burial place the gazetteer does not list by itself ("the
    cemetery of Ahvaz") stands at its city, within the city's uncertainty."""
    return gazetteer_place(name, kind) or (gazetteer_place(name, "city") if kind == "burial" else None)


def place_map(case: Case, viewer: Viewer) -> PlaceMap:
    """Every prison, city and burial place the viewer's readable claims name, with coordinates."""
    with gated(case, viewer, "place_map") as reading:
        named = _named(reading)
        withheld = reading.gate.withheld > 0
    places = []
    for (name, kind), (listed, told) in sorted(named.items()):
        entry = _located(name, kind)
        places.append(
            MapPlace(
                name=name, kind=kind, lat=getattr(entry, "lat", None), lon=getattr(entry, "lon", None),
                uncertainty_m=getattr(entry, "uncertainty_m", None), claims=len(listed) + len(told),
                from_lists=len(listed), from_testimonies=len(told),
            )
        )  # fmt: skip
    return PlaceMap(places=places, withheld=withheld, notice=WITHHELD_NOTICE if withheld else None)


def place_claims(case: Case, viewer: Viewer, name: str, kind: str) -> PlaceClaims:
    """The claims the viewer may read that name one place (its gazetteer name and kind)."""
    if kind not in MAP_KINDS:
        raise InputError("kind: expected prison, city or burial", hint="open a place from the map")
    with gated(case, viewer, "place_claims") as reading:
        listed, told = _named(reading).get((name, kind), ([], []))
        lines = claim_lines(reading, [*listed, *told])
    entry = _located(name, kind)
    return PlaceClaims(
        name=name, kind=kind, lat=getattr(entry, "lat", None), lon=getattr(entry, "lon", None), claims=lines
    )
