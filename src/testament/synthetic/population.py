"""The true population: every victim of a synthetic scenario with names, attributes and strata, drawn
vectorised (a million people take about a second)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from testament.synthetic._calendar import day_of
from testament.synthetic._data import load
from testament.synthetic.scenario import ScenarioSpec
from testament.synthetic.spelling import name_tables

__all__ = ["WAVE_START", "Gazetteer", "Population", "draw_population", "gazetteer"]

# Week 0 of the killings starts on this Monday; executions before it are rare in the scenarios.
WAVE_START = datetime.date(1988, 7, 25)
_CRACKDOWN = datetime.date(1981, 6, 20)  # the wave of arrests the lists mostly describe
_LEFT_CRACKDOWN = datetime.date(1983, 2, 1)
_LAST_ARREST = datetime.date(1988, 6, 30)


@dataclass(frozen=True)
class Gazetteer:
    """Places and organisations from data/places.toml, each as a list of records with `id`."""

    cities: list[dict[str, Any]]
    prisons: list[dict[str, Any]]
    burials: list[dict[str, Any]]
    affiliations: list[dict[str, Any]]

    def index(self, kind: str) -> dict[str, int]:
        table = {"city": self.cities, "prison": self.prisons, "affiliation": self.affiliations}[kind]
        return {item["id"]: i for i, item in enumerate(table)}

    def groups(self) -> dict[str, list[int]]:
        """Named groups of affiliations usable in favour/visibility tables: `left` and `kurdish`."""
        return {
            "left": [i for i, a in enumerate(self.affiliations) if a.get("left")],
            "kurdish": [i for i, a in enumerate(self.affiliations) if a.get("kurdish")],
        }


@cache
def gazetteer() -> Gazetteer:
    raw = load("places")
    return Gazetteer(raw["city"], raw["prison"], raw["burial"], raw["affiliation"])


@dataclass
class Population:
    """One row per true person; integer codes index the name tables and the gazetteer."""

    female: np.ndarray
    given: np.ndarray  # token in name_tables().given
    father: np.ndarray  # token in name_tables().given (a male name)
    surname: np.ndarray
    seyed: np.ndarray
    birth_day: np.ndarray  # days since 1970-01-01
    city: np.ndarray
    prison: np.ndarray
    affiliation: np.ndarray
    burial: np.ndarray
    arrest_day: np.ndarray
    execution_day: np.ndarray
    week: np.ndarray  # week of death counted from WAVE_START
    visibility: np.ndarray  # the person's latent log-odds of being listed (standard normal draw)

    def __len__(self) -> int:
        return len(self.female)


def _weights(raw: np.ndarray, concentration: float) -> np.ndarray:
    w = raw**concentration
    return w / w.sum()


def draw_population(spec: ScenarioSpec, rng: np.random.Generator) -> Population:
    n = spec.people
    names = name_tables()
    gaz = gazetteer()
    female = rng.random(n) < spec.female_share
    male_w = _weights(names.given.weights[: names.female_offset], spec.name_concentration)
    female_w = _weights(names.given.weights[names.female_offset :], spec.name_concentration)
    given = rng.choice(len(male_w), size=n, p=male_w)
    given[female] = names.female_offset + rng.choice(len(female_w), size=int(female.sum()), p=female_w)
    father = rng.choice(len(male_w), size=n, p=male_w)
    surname = rng.choice(
        len(names.surname), size=n, p=_weights(names.surname.weights, spec.name_concentration)
    )
    seyed = rng.random(n) < spec.seyed_share

    city_w = np.array([c["weight"] for c in gaz.cities], dtype=float)
    city = rng.choice(len(city_w), size=n, p=city_w / city_w.sum())
    prison_ix, burial_ix = gaz.index("prison"), {b["id"]: i for i, b in enumerate(gaz.burials)}
    kurdish_groups = gaz.groups()["kurdish"]
    aff_w = np.array([a["weight"] for a in gaz.affiliations], dtype=float)
    aff_w_plain = aff_w.copy()
    aff_w_plain[kurdish_groups] = 0.0
    prison = np.empty(n, dtype=np.int64)
    burial = np.empty(n, dtype=np.int64)
    affiliation = np.empty(n, dtype=np.int64)
    for c, info in enumerate(gaz.cities):
        members = np.flatnonzero(city == c)
        if not len(members):
            continue
        options = [prison_ix[p] for p in info["prisons"]]
        pw = 1.0 / np.arange(1, len(options) + 1)
        prison[members] = np.array(options)[rng.choice(len(options), size=len(members), p=pw / pw.sum())]
        graves = [burial_ix[b] for b in info["burials"]] + [burial_ix["mass_grave"]]
        gw = np.array([3.0] * (len(graves) - 1) + [1.0])
        burial[members] = np.array(graves)[rng.choice(len(graves), size=len(members), p=gw / gw.sum())]
        w = aff_w if info.get("kurdish") else aff_w_plain
        affiliation[members] = rng.choice(len(w), size=len(members), p=w / w.sum())

    # The leftist groups were killed mostly in a second wave from late August, after the Mojahedin.
    left = np.isin(affiliation, gaz.groups()["left"]) & ~np.isin(affiliation, kurdish_groups)
    offset = np.where(left, 28 + rng.gamma(2.0, 7.0, n), rng.gamma(2.0, 6.0, n))
    offset = np.clip(offset, 0, 90).astype(np.int64)
    execution_day = day_of(WAVE_START) + offset
    week = offset // 7

    arrest_base = np.where(left, day_of(_LEFT_CRACKDOWN), day_of(_CRACKDOWN))
    arrest_day = arrest_base + rng.exponential(np.where(left, 300.0, 450.0), n).astype(np.int64)
    arrest_day = np.minimum(arrest_day, day_of(_LAST_ARREST) - rng.integers(0, 60, n))

    age_days = ((17 + rng.gamma(3.0, 3.5, n)) * 365.25).astype(np.int64)
    birth_day = day_of(datetime.date(1988, 7, 1)) - np.minimum(age_days, 65 * 365)
    return Population(
        female=female,
        given=given,
        father=father,
        surname=surname,
        seyed=seyed,
        birth_day=birth_day,
        city=city,
        prison=prison,
        affiliation=affiliation,
        burial=burial,
        arrest_day=arrest_day,
        execution_day=execution_day,
        week=week,
        visibility=rng.standard_normal(n),
    )
