"""Who is on which list. Each list catches a person with probability

    logit p = logit(rate) + heterogeneity * z_person + log(visibility odds) + log(favour odds)
              + week * log(week_trend)

then dependence between lists: a list that `avoids` an earlier one multiplies the odds of the people
on it by `avoid_factor`; a list that `copies` an earlier one also takes each of its people with
probability `copy_share`. The realised captures and whether a record was copied are the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from testament.errors import InputError
from testament.synthetic.population import Gazetteer, Population
from testament.synthetic.scenario import Odds, ScenarioSpec

__all__ = ["Capture", "draw_capture", "log_odds"]


@dataclass
class Capture:
    caught: np.ndarray  # (people, lists) bool
    copied: np.ndarray  # (people, lists) bool: the record came from the list named in `copies`


def _table(kind: str, gaz: Gazetteer) -> tuple[dict[str, list[int]], int]:
    if kind == "sex":
        return {"male": [0], "female": [1]}, 2
    if kind == "week":
        return {str(w): [w] for w in range(64)}, 64
    index = gaz.index(kind)
    keys = {k: [v] for k, v in index.items()}
    if kind == "affiliation":
        keys.update(gaz.groups())
    return keys, len(index)


def log_odds(odds: Odds, pop: Population, gaz: Gazetteer, where: str) -> np.ndarray:
    """Sum over stratum kinds of log(odds multiplier) for each person (0 where a value is not named)."""
    total = np.zeros(len(pop))
    for kind, multipliers in odds.items():
        keys, size = _table(kind, gaz)
        lut = np.zeros(size)
        for value, multiplier in multipliers.items():
            if value not in keys:
                raise InputError(
                    f"Scenario: {where}.{kind} names unknown value '{value}'",
                    hint=f"use ids from data/places.toml, e.g. {sorted(keys)[:6]}",
                )
            lut[keys[value]] += np.log(max(multiplier, 1e-12))
        codes = {
            "city": pop.city,
            "prison": pop.prison,
            "affiliation": pop.affiliation,
            "sex": pop.female.astype(np.int64),
            "week": np.minimum(pop.week, size - 1),
        }[kind]
        total += lut[codes]
    return total


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def draw_capture(spec: ScenarioSpec, pop: Population, gaz: Gazetteer, rng: np.random.Generator) -> Capture:
    n, k = len(pop), len(spec.lists)
    caught = np.zeros((n, k), dtype=bool)
    copied = np.zeros((n, k), dtype=bool)
    common = (
        spec.heterogeneity * pop.visibility
        + log_odds(spec.visibility, pop, gaz, "visibility")
        + pop.week * np.log(spec.week_trend)
    )
    ids = [ls.id for ls in spec.lists]
    for j, ls in enumerate(spec.lists):
        eta = np.log(ls.rate / (1 - ls.rate)) + common + log_odds(ls.favour, pop, gaz, f"{ls.id}.favour")
        if ls.avoids is not None:
            eta = eta + caught[:, ids.index(ls.avoids)] * np.log(max(ls.avoid_factor, 1e-12))
        own = rng.random(n) < _sigmoid(eta)
        if ls.copies is not None:
            copied[:, j] = caught[:, ids.index(ls.copies)] & (rng.random(n) < ls.copy_share)
        caught[:, j] = own | copied[:, j]
    return Capture(caught, copied)
