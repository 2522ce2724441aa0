"""The capture model as realised in truth.json matches the scenario's parameters within sampling error.

Expected counts are computed here from the scenario knobs and each person's true attributes, by an exact
enumeration of capture histories written independently of the generator's vectorised code."""

from __future__ import annotations

import math
import tomllib
from importlib.resources import files
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from testament.synthetic import read_truth

Z_LIMIT = 4.0  # |observed - expected| / sd; the seeds are fixed, so this is a check of the model, not luck


def _groups() -> dict[str, set[str]]:
    places = tomllib.loads(
        files("testament.synthetic").joinpath("data").joinpath("places.toml").read_text("utf-8")
    )
    return {
        "left": {a["id"] for a in places["affiliation"] if a.get("left")},
        "kurdish": {a["id"] for a in places["affiliation"] if a.get("kurdish")},
    }


def _log_odds(
    table: dict[str, dict[str, float]], person: dict[str, Any], groups: dict[str, set[str]]
) -> float:
    total = 0.0
    for kind, multipliers in table.items():
        value = str(person[kind])
        for key, multiplier in multipliers.items():
            if key == value or (kind == "affiliation" and value in groups.get(key, ())):
                total += math.log(multiplier)
    return total


def _history_probabilities(truth_dir: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(people x 2^K) probabilities of every capture history, and the observed history of each person."""
    truth = read_truth(truth_dir)
    spec = truth.meta["scenario"]
    lists = spec["lists"]
    ids = [ls["id"] for ls in lists]
    k = len(lists)
    groups = _groups()
    persons = [
        dict(zip(truth.persons, values, strict=True)) for values in zip(*truth.persons.values(), strict=True)
    ]
    probs = np.zeros((len(persons), 2**k))
    for i, person in enumerate(persons):
        common = (
            spec["heterogeneity"] * person["visibility"]
            + _log_odds(spec["visibility"], person, groups)
            + person["week"] * math.log(spec["week_trend"])
        )
        states = {0: 1.0}
        for j, ls in enumerate(lists):
            eta = math.log(ls["rate"] / (1 - ls["rate"])) + common + _log_odds(ls["favour"], person, groups)
            nxt: dict[int, float] = {}
            for state, q in states.items():
                e = eta
                if ls["avoids"] and state >> ids.index(ls["avoids"]) & 1:
                    e += math.log(ls["avoid_factor"])
                own = 1 / (1 + math.exp(-e))
                copy = ls["copy_share"] if ls["copies"] and state >> ids.index(ls["copies"]) & 1 else 0.0
                p = 1 - (1 - own) * (1 - copy)
                nxt[state | 1 << j] = nxt.get(state | 1 << j, 0.0) + q * p
                nxt[state] = nxt.get(state, 0.0) + q * (1 - p)
            states = nxt
        for state, q in states.items():
            probs[i, state] = q
    observed = np.array([sum(1 << j for j, c in enumerate(p["lists"]) if c == "1") for p in persons])
    return probs, observed, ids


def _z(observed: float, p: np.ndarray) -> float:
    return (observed - p.sum()) / math.sqrt((p * (1 - p)).sum())


@pytest.mark.parametrize("fixture", ["realistic_dir", "hard_dir"])
def test_recover_capture_probabilities_within_sampling_error(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    probs, observed, ids = _history_probabilities(request.getfixturevalue(fixture))
    states = np.arange(probs.shape[1])
    for j in range(len(ids)):
        p = probs[:, (states >> j & 1) == 1].sum(axis=1)
        assert abs(_z(((observed >> j) & 1).sum(), p)) < Z_LIMIT, ids[j]
    for a, b in combinations(range(len(ids)), 2):
        both = ((states >> a) & (states >> b) & 1) == 1
        p = probs[:, both].sum(axis=1)
        assert abs(_z(((observed >> a) & (observed >> b) & 1).sum(), p)) < Z_LIMIT, (ids[a], ids[b])
    p_none = probs[:, 0]
    assert abs(_z((observed == 0).sum(), p_none)) < Z_LIMIT


def _pair(
    probs: np.ndarray, observed: np.ndarray, ids: list[str], a: str, b: str
) -> tuple[int, float, float]:
    """Observed overlap of lists a and b, what independence given the person predicts, and what
    independence of the lists' marginal rates predicts."""
    states = np.arange(probs.shape[1])
    ia, ib = ids.index(a), ids.index(b)
    pa = probs[:, (states >> ia & 1) == 1].sum(axis=1)
    pb = probs[:, (states >> ib & 1) == 1].sum(axis=1)
    both = int((((observed >> ia) & (observed >> ib)) & 1).sum())
    return both, float((pa * pb).sum()), float(pa.sum() * pb.sum() / len(pa))


def test_recover_overlap_structure_when_lists_copy_avoid_and_vary(realistic_dir: Path) -> None:
    probs, observed, ids = _history_probabilities(realistic_dir)
    copied, given_person, _ = _pair(probs, observed, ids, "archive", "diaspora_fr")
    assert copied > 1.5 * given_person  # the French list copies part of the archive
    rivals, given_person, _ = _pair(probs, observed, ids, "mojahedin", "left")
    assert rivals < 0.8 * given_person  # the rival lists avoid each other's people
    related, _, marginal = _pair(probs, observed, ids, "archive", "diaspora_de")
    assert related > 1.05 * marginal  # shared visibility: independent lists still overlap more than chance


def test_recover_near_invisible_strata_in_hard(hard_dir: Path) -> None:
    meta = read_truth(hard_dir).meta
    seen, true = meta["strata_observed"], meta["strata"]
    overall = meta["observed"] / meta["people"]
    invisible = [
        (kind, value)
        for kind, table in meta["scenario"]["visibility"].items()
        for value, odds in table.items()
        if odds <= 0.05
    ]
    assert ("affiliation", "rah_e_kargar") in invisible
    hidden = sum(seen[kind].get(value, 0) for kind, value in invisible)
    total = sum(true[kind][value] for kind, value in invisible)
    assert total >= 50  # enough people for the comparison to mean something
    assert hidden / total < overall / 4


def test_truth_counts_consistent_when_read_back(realistic_dir: Path) -> None:
    truth = read_truth(realistic_dir)
    meta = truth.meta
    n = meta["people"]
    assert len(truth.persons["id"]) == n
    for kind, counts in meta["strata"].items():
        assert sum(counts.values()) == n, kind
    patterns = truth.persons["lists"]
    assert meta["observed"] == sum(1 for p in patterns if "1" in p)
    assert sum(meta["capture_patterns"].values()) == meta["observed"]
    for j, ls in enumerate(meta["lists"]):
        on_list = {i for i, p in enumerate(patterns) if p[j] == "1"}
        rows = [p for lid, p in zip(truth.rows["list"], truth.rows["person"], strict=True) if lid == ls["id"]]
        assert set(rows) == on_list
        assert ls["people"] == len(on_list)
        assert ls["rows"] == len(rows) == ls["people"] + ls["duplicates"]
