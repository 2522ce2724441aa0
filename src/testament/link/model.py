"""The linkage model: Splink's Fellegi-Sunter model trained without labels (u by random sampling, m by
expectation maximisation), then refined by the pairs people have labelled.

Labels refine the model where it is least sure, without trusting a few hundred answers over the whole
data: each level's weight (log of m/u) is re-estimated from the labelled pairs by penalised logistic
regression, pulled towards what expectation maximisation found, together with the prior. Because the
review queue chooses pairs by their comparison levels only, this estimate stays unbiased even though the
labelled pairs are not a random sample.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
from scipy.optimize import minimize
from splink import Linker, SettingsCreator, block_on

from testament.link.blocking import BlockingPlan
from testament.link.comparisons import comparisons, fallback_training_rules, training_rules
from testament.link.engine import Engine

__all__ = [
    "Model",
    "Pairs",
    "TrainingOptions",
    "estimate_prior",
    "fit_labels",
    "level_weights",
    "predict_pairs",
    "settings_for",
    "train_model",
    "with_prior",
]

_LN2 = math.log(2.0)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingOptions:
    u_max_pairs: float = 1e7  # pairs sampled to estimate u
    em_max_pairs: float = 2e6  # pairs per expectation-maximisation session
    em_iterations: int = 25  # at most, per session
    seed: int = 1
    level_sd: float = 1.0  # how far (in nats) labels may move a level's weight from the unsupervised one
    # same for the prior's log-odds: tight, so that two "different" answers cannot cut the prior sevenfold
    # (and split persons everywhere), while hundreds of answers still move it as far as they show
    prior_sd: float = 0.5


@dataclass
class Model:
    """A trained model: Splink's settings with m and u, the prior, and the per-level weights refined by
    labels (`levels[comparison][level] = log-odds weight in nats`)."""

    splink: dict[str, Any]
    prior: float
    levels: dict[str, list[float]]
    intercept: float
    labels_used: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def comparison_names(self) -> list[str]:
        return [c["output_column_name"] for c in self.splink["comparisons"]]

    def level_labels(self, comparison: str) -> list[str]:
        c = next(c for c in self.splink["comparisons"] if c["output_column_name"] == comparison)
        return [str(level.get("label_for_charts", "")) for level in c["comparison_levels"]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "splink": self.splink,
            "prior": self.prior,
            "levels": self.levels,
            "intercept": self.intercept,
            "labels_used": self.labels_used,
            "log": self.log,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(
            data["splink"],
            float(data["prior"]),
            {k: [float(x) for x in v] for k, v in data["levels"].items()},
            float(data["intercept"]),
            int(data.get("labels_used", 0)),
            list(data.get("log", [])),
        )

    @property
    def version(self) -> str:
        """A short hash of everything that decides a score: same version, same scores."""
        payload = {k: v for k, v in self.to_dict().items() if k != "log"}
        payload["splink"] = {k: v for k, v in self.splink.items() if k != "linker_uid"}
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def settings_for(plan: BlockingPlan, extra: tuple[str, ...] = ()) -> SettingsCreator:
    chosen: list[Any] = [*comparisons(extra)]
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=chosen,
        blocking_rules_to_generate_predictions=[block_on(r.column) for r in plan.rules],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=25,
    )


def level_weights(splink: dict[str, Any]) -> dict[str, list[float]]:
    """log(m/u) in nats of every level of a Splink model (0 for null levels)."""
    out: dict[str, list[float]] = {}
    for c in splink["comparisons"]:
        weights = []
        for level in c["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or not m or not u:
                weights.append(0.0)
            else:
                weights.append(math.log(m / u))
        out[c["output_column_name"]] = weights
    return out


_M_FLOOR = 1e-3  # no level is taken as impossible for one person: clerical errors happen


@contextmanager
def _clamped_m() -> Iterator[None]:
    """While EM runs, let an m value that reaches zero (a level seen only in pairs EM is sure are not
    matches, common on small data) be stored as a tiny number instead of making Splink raise; the floor
    applied after training then sets it. Splink 5 validates but does not clamp."""
    from splink.internals.comparison_level import ComparisonLevel

    original = ComparisonLevel.__dict__.get("m_probability")
    if not isinstance(original, property) or original.fset is None:
        yield
        return
    setter = original.fset

    def clamped(self: Any, value: Any) -> None:
        if isinstance(value, float | int) and value < 1e-300:
            value = 1e-300
        setter(self, value)

    ComparisonLevel.m_probability = property(original.fget, clamped)  # type: ignore[assignment]
    try:
        yield
    finally:
        ComparisonLevel.m_probability = original  # type: ignore[assignment]


def _settle(splink: dict[str, Any]) -> None:
    """Make every level's m and u an explicit number Testament and Splink read the same way:
    - a level EM never saw gets u = 1e-6 (Splink's own stand-in) and m = u (no evidence either way);
    - every m is at least `_M_FLOOR` (renormalised), or u where u is smaller (a weight of zero, never a
      positive one), so that no single disagreeing field (a misread date, a transfer between prisons)
      can veto a pair on its own;
    - no two levels of a comparison, and no level and "missing", have the same weight: the level of a
      scored pair is read back from its weight;
    - the last bits are rounded away: DuckDB sums in parallel in no fixed order, and the same records
      must give the same model (and the same model version)."""
    for c in splink["comparisons"]:
        levels = [lv for lv in c["comparison_levels"] if not lv.get("is_null_level")]
        for lv in levels:
            if not isinstance(lv.get("u_probability"), float | int) or lv["u_probability"] <= 0:
                lv["u_probability"] = 1e-6
            if not isinstance(lv.get("m_probability"), float | int) or lv["m_probability"] <= 0:
                lv["m_probability"] = lv["u_probability"]
        free = [lv for lv in levels if not lv.get("fix_m_probability")]
        fixed_total = sum(float(lv["m_probability"]) for lv in levels if lv.get("fix_m_probability"))
        # the floor stops a veto, but never turns a level that is rarer among matches than among
        # non-matches (two different names that share a key) into evidence for a match
        raised = [max(float(lv["m_probability"]), min(_M_FLOOR, float(lv["u_probability"]))) for lv in free]
        for lv, m in zip(free, raised, strict=True):
            lv["m_probability"] = m / sum(raised) * (1.0 - fixed_total)
        seen = [0.0]
        for i, lv in enumerate(levels):
            weight = math.log(lv["m_probability"] / lv["u_probability"])
            while any(abs(weight - w) < 1e-4 for w in seen):
                lv["m_probability"] *= math.exp(1e-3 * (i + 1))
                weight = math.log(lv["m_probability"] / lv["u_probability"])
            seen.append(weight)
            for key in ("m_probability", "u_probability"):
                lv[key] = _round(lv[key])


def train_model(
    engine: Engine,
    sdf: Any,
    plan: BlockingPlan,
    n_records: int,
    *,
    extra: tuple[str, ...] = (),
    options: TrainingOptions | None = None,
) -> Model:
    """Train without labels: u by random sampling, then the expectation-maximisation sessions of
    `comparisons.training_rules`. A session with too few pairs to learn from is skipped and said so; a
    comparison no session could learn (no father's name or prison in the records: names were then never
    learnt) is learnt by the sessions of `comparisons.fallback_training_rules`, everything else held."""
    options = options or TrainingOptions()
    log: list[str] = []
    linker = Linker(sdf, settings_for(plan, extra), log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=options.u_max_pairs, seed=options.seed)
    log.append(f"u from {options.u_max_pairs:.0e} random pairs")
    originally_fixed = {
        (c["output_column_name"], i)
        for c in linker.misc.save_model_to_json()["comparisons"]
        for i, level in enumerate(c["comparison_levels"])
        if level.get("fix_m_probability")
    }
    learnt: set[str] = set()
    sessions = [(on, learn, False) for on, learn in training_rules()]
    sessions += [(on, learn, True) for on, learn in fallback_training_rules()]
    for on, learn, fallback in sessions:
        before = linker.misc.save_model_to_json()
        targets = {
            c["output_column_name"]
            for c in before["comparisons"]
            if (not learn or c["output_column_name"] in learn) and not _columns(c) & set(on)
        }
        if fallback:
            targets -= learnt
            if not targets:
                continue
        if learn or fallback:
            _hold_all_but(before, targets)
        trained, iterations, reason = _run_em(sdf, before, on, options)
        if trained is None:
            log.append(f"EM on {'+'.join(on)} skipped ({reason})")
            continue
        linker = trained
        learnt |= targets
        what = f" for {', '.join(sorted(targets))}" if fallback else ""
        log.append(f"EM on {'+'.join(on)}{what} (at most {iterations} iterations)")
    splink = linker.misc.save_model_to_json()
    linker.table_management.invalidate_cache()  # drop training tables: free memory before predicting
    for c in splink["comparisons"]:
        for i, level in enumerate(c["comparison_levels"]):
            if (c["output_column_name"], i) not in originally_fixed:
                level.pop("fix_m_probability", None)
    _settle(splink)
    prior = 1.0 / max(n_records, 2)
    splink["probability_two_random_records_match"] = prior
    levels = {k: [w for w in v] for k, v in level_weights(splink).items()}
    return Model(splink, prior, levels, _logit(prior), 0, log)


def _hold_all_but(settings: dict[str, Any], targets: set[str]) -> None:
    """Fix every m learnt so far in `settings` except those of the `targets` comparisons, so that the
    session moves only the comparisons it is for."""
    for c in settings["comparisons"]:
        if c["output_column_name"] not in targets:
            for level in c["comparison_levels"]:
                if level.get("m_probability") is not None:
                    level["fix_m_probability"] = True


def _run_em(
    sdf: Any, before: dict[str, Any], on: tuple[str, ...], options: TrainingOptions
) -> tuple[Linker | None, int, str]:
    """One EM session blocked on `on`, starting from the settings `before`; retried once with fewer
    iterations. Returns (the trained linker, its iteration cap, "") or (None, 0, why it failed)."""
    reason = ""
    for iterations in (options.em_iterations, min(6, options.em_iterations)):
        # A failed session can leave Splink's settings half-updated: each try starts from a copy.
        # On small or lopsided blocks EM may drive an m value towards zero until Splink refuses
        # it; fewer iterations stop short of that.
        trial = json.loads(json.dumps(before))
        trial["max_iterations"] = iterations
        # the settings are the first linker's, validated there: validating each session again took
        # about a third of training on small cases
        candidate = Linker(sdf, trial, log_level=logging.ERROR, validate_settings=False)
        try:
            with _clamped_m():
                candidate.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*on), max_pairs=options.em_max_pairs, estimate_without_term_frequencies=True
                )
        except Exception as exc:  # Splink raises plain exceptions (too few pairs, underflow)
            reason = type(exc).__name__
            continue
        return candidate, iterations, ""
    return None, 0, reason


def _columns(comparison: dict[str, Any]) -> set[str]:
    """The record columns a comparison's levels read (`given_key` for `given_key_l = given_key_r`): a
    session blocked on one of them cannot learn that comparison."""
    text = " ".join(str(level.get("sql_condition", "")) for level in comparison["comparison_levels"])
    return set(re.findall(r"(\w+)_[lr]\b", text))


def _round(x: float, digits: int = 10) -> float:
    return float(f"{x:.{digits}g}")


def _logit(p: float) -> float:
    p = min(max(p, 1e-15), 1 - 1e-15)
    return math.log(p / (1 - p))


@dataclass
class Pairs:
    """Candidate pairs with what each comparison said: `level[:, k]` is the level index (into the
    comparison's levels) and `tf[:, k]` the term-frequency adjustment in nats."""

    a: np.ndarray  # unique_id of the left record
    b: np.ndarray
    level: np.ndarray
    tf: np.ndarray
    comparisons: list[str]

    def __len__(self) -> int:
        return len(self.a)

    def logits(self, model: Model) -> np.ndarray:
        total = np.full(len(self.a), model.intercept)
        for k, name in enumerate(self.comparisons):
            total += np.asarray(model.levels[name])[self.level[:, k]] + self.tf[:, k]
        return total

    def probabilities(self, model: Model) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(model), -700, 700)))

    def find(self, x: int, y: int) -> int | None:
        """Index of the pair of records `x` and `y` (either order), None if it is not a candidate.
        Pairs are sorted by (a, b)."""
        for left, right in ((x, y), (y, x)):
            lo, hi = np.searchsorted(self.a, left, "left"), np.searchsorted(self.a, left, "right")
            k = lo + int(np.searchsorted(self.b[lo:hi], right))
            if k < hi and self.b[k] == right:
                return int(k)
        return None


def predict_pairs(
    engine: Engine, sdf: Any, model: Model, plan: BlockingPlan, *, min_probability: float = 1e-3
) -> Pairs:
    """Score every candidate pair of the blocking plan; keep those that could reach `min_probability`
    under a prior up to 4 times the model's (the prior is re-estimated from these pairs, and labels may
    raise it). Results are read in batches into compact arrays: at a million records there are millions
    of pairs. Term-frequency adjustments are measured against the chance that two records share the
    value (`_tf_reference_shifts`), not against the level's own u as Splink does for custom levels."""
    # a model is only ever made by `train_model` (whose settings Splink validated) or from one: validating
    # again costs about half a second a run, and a suite or a review session relinks often
    settings = _for_engine(model.splink, plan, engine)
    linker = Linker(sdf, settings, log_level=logging.ERROR, validate_settings=False)
    floor = math.log2(min_probability / (1 - min_probability)) - 2
    predictions = linker.inference.predict(threshold_match_weight=floor, warning_mode="never")
    names = model.comparison_names
    tf_names = [c["output_column_name"] for c in model.splink["comparisons"] if _has_tf(c)]
    columns = ["unique_id_l", "unique_id_r", *[f"mw_{n}" for n in names]]
    columns += [f"mw_tf_adj_{n}" for n in tf_names]
    base = {name: np.asarray(w) / _LN2 for name, w in level_weights(model.splink).items()}  # Splink: bits
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for batch in engine.batches(f"{', '.join(columns)} FROM {predictions.physical_name}"):
        n = batch.num_rows
        level = np.zeros((n, len(names)), dtype=np.int8)
        tf = np.zeros((n, len(names)), dtype=np.float32)
        for k, name in enumerate(names):
            mw = _column(batch, f"mw_{name}")
            level[:, k] = np.argmin(np.abs(mw[:, None] - base[name][None, :]), axis=1)
            if name in tf_names:
                tf[:, k] = np.nan_to_num(_column(batch, f"mw_tf_adj_{name}")) * _LN2
        a = _column(batch, "unique_id_l").astype(np.int64)
        b = _column(batch, "unique_id_r").astype(np.int64)
        parts.append((a, b, level, tf))
    predictions.drop_table_from_database_and_remove_from_cache()
    shared: dict[str, float] = {}  # per term-frequency column
    for k, name in enumerate(names):
        for j, shift in _tf_reference_shifts(engine, sdf, model.splink, name, shared).items():
            at = [part[2][:, k] == j for part in parts]
            for part, mask in zip(parts, at, strict=True):
                part[3][mask & (part[3][:, k] != 0), k] += shift
    if parts:
        a, b = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        level, tf = np.concatenate([p[2] for p in parts]), np.concatenate([p[3] for p in parts])
    else:
        a = b = np.zeros(0, dtype=np.int64)
        level, tf = np.zeros((0, len(names)), dtype=np.int8), np.zeros((0, len(names)), dtype=np.float32)
    order = np.lexsort((b, a))  # the engine returns pairs in any order; clustering needs a fixed one
    return Pairs(a[order], b[order], level[order], np.round(tf[order], 5), names)


def _for_engine(splink: dict[str, Any], plan: BlockingPlan, engine: Engine) -> dict[str, Any]:
    """The model's settings written in the engine's SQL dialect: a saved model holds SQL of the engine it
    was trained on (DuckDB quotes identifiers as Spark quotes strings), so the comparisons are built
    afresh for this engine and the trained m and u copied level by level."""
    extra = tuple(
        c["output_column_name"][2:] for c in splink["comparisons"] if c["output_column_name"].startswith("x_")
    )
    fresh = settings_for(plan, extra).create_settings_dict(engine.db_api.sql_dialect.sql_dialect_str)
    for target, trained in zip(fresh["comparisons"], splink["comparisons"], strict=True):
        for level, source in zip(target["comparison_levels"], trained["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability", "fix_m_probability", "fix_u_probability"):
                if key in source:
                    level[key] = source[key]
    fresh["probability_two_random_records_match"] = splink["probability_two_random_records_match"]
    return fresh


def _tf_reference_shifts(
    engine: Engine, sdf: Any, splink: dict[str, Any], name: str, shared: dict[str, float]
) -> dict[int, float]:
    """Per level of comparison `name` whose term-frequency adjustment Splink measures against the level's
    own u (`disable_tf_exact_match_detection`): the shift, in nats, that measures it against the
    probability that two random records share the value instead.

    A term-frequency adjustment replaces "two random records agree at this level" (u) by "two random
    records both hold this value" (f², with f the value's frequency): the weight of agreeing on value v is
    log(m / f_v), i.e. log(m/u) + log(U / f_v) with U = sum of f², the chance that two random records
    share *some* value. Splink computes log(m/u) + log(u / f_v), which is right when the level is the
    exact match on the column (u = U) but too low by log(U / u) on a level that is only part of it ("other
    spelling of the same key": most pairs sharing a key do so with the same spelling, so u is a fraction
    of U; "same city, prison unknown"). That bias made every agreeing name or place count against a match
    (under-confidence of 1.3 nats at full weight, 0.6 at half weight on bench/devset.py)."""
    comparison = next(c for c in splink["comparisons"] if c["output_column_name"] == name)
    shifts: dict[int, float] = {}
    for j, level in enumerate(comparison["comparison_levels"]):
        column, weight, u = (
            level.get(k) for k in ("tf_adjustment_column", "tf_adjustment_weight", "u_probability")
        )
        if not column or not weight or not level.get("disable_tf_exact_match_detection") or not u:
            continue
        if column not in shared:
            shared[str(column)] = _shared_value_probability(engine, sdf, str(column))
        if shared[str(column)] > 0:
            shifts[j] = float(weight) * (math.log(shared[str(column)]) - math.log(float(u)))
    return shifts


def _shared_value_probability(engine: Engine, sdf: Any, column: str) -> float:
    """U = sum over values of f², f = count / records with a value: Splink's term frequencies squared."""
    if not re.fullmatch(r"\w+", column):
        raise ValueError(f"not a column name: {column!r}")
    table = engine.fetch(
        f"CAST(sum(c * c) AS DOUBLE) / (CAST(sum(c) AS DOUBLE) * CAST(sum(c) AS DOUBLE)) AS u FROM "
        f"(SELECT count(*) AS c FROM {sdf.physical_name} WHERE {column} IS NOT NULL GROUP BY {column}) t"
    )
    value = table.column("u")[0].as_py() if table.num_rows else None
    return float(value) if value is not None else 0.0


def _has_tf(comparison: dict[str, Any]) -> bool:
    return any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"])


def _column(batch: pa.RecordBatch, name: str) -> np.ndarray:
    return np.asarray(batch.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)


def estimate_prior(pairs: Pairs, model: Model, n_records: int) -> float:
    """The probability that two random records match, as the fixed point of "expected matches among the
    candidates / all possible pairs" (pairs outside the candidates are taken as non-matches)."""
    total = n_records * (n_records - 1) / 2
    if total <= 0 or len(pairs) == 0:
        return model.prior
    evidence = pairs.logits(model) - model.intercept
    prior = model.prior
    for _ in range(100):
        expected = float(np.sum(1.0 / (1.0 + np.exp(-np.clip(evidence + _logit(prior), -700, 700)))))
        new = min(max(expected / total, 1e-12), 0.5)
        if abs(math.log(new / prior)) < 1e-4:
            prior = new
            break
        prior = new
    return _round(prior)


def with_prior(model: Model, prior: float) -> Model:
    return Model(model.splink, prior, model.levels, _logit(prior), model.labels_used, model.log)


def fit_labels(
    model: Model, pairs: Pairs, labelled: list[tuple[int, bool]], options: TrainingOptions | None = None
) -> Model:
    """Refine level weights and intercept from labelled pairs (`(index into pairs, is same person)`):
    penalised logistic regression around the unsupervised weights. With no labels, the model as is."""
    options = options or TrainingOptions()
    if not labelled:
        return model
    rows = np.array([i for i, _ in labelled], dtype=np.int64)
    y = np.array([1.0 if same else 0.0 for _, same in labelled])
    names = pairs.comparisons
    sizes = [len(model.levels[n]) for n in names]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    theta0 = np.concatenate([np.asarray(model.levels[n]) for n in names])
    cols = pairs.level[rows].astype(np.int64) + offsets[None, :]
    tf = pairs.tf[rows].sum(axis=1)
    # null levels carry no evidence: they stay at zero
    free = np.ones(len(theta0), dtype=bool)
    for n, off in zip(names, offsets, strict=True):
        for j, level in enumerate(
            next(c for c in model.splink["comparisons"] if c["output_column_name"] == n)["comparison_levels"]
        ):
            if level.get("is_null_level"):
                free[off + j] = False
    x0 = np.concatenate([[model.intercept], theta0])

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        intercept, theta = x[0], np.where(free, x[1:], 0.0)
        z = intercept + theta[cols].sum(axis=1) + tf
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -700, 700)))
        nll = -np.sum(y * np.log(p + 1e-300) + (1 - y) * np.log(1 - p + 1e-300))
        dz = p - y
        grad_theta = np.zeros(len(theta))
        np.add.at(grad_theta, cols.ravel(), np.repeat(dz, cols.shape[1]))
        grad_theta = np.where(free, grad_theta + (theta - theta0) / options.level_sd**2, 0.0)
        grad_i = dz.sum() + (intercept - x0[0]) / options.prior_sd**2
        penalty = 0.5 * np.sum(((theta - theta0) / options.level_sd) ** 2 * free)
        penalty += 0.5 * ((intercept - x0[0]) / options.prior_sd) ** 2
        return float(nll + penalty), np.concatenate([[grad_i], grad_theta])

    result = minimize(objective, x0, jac=True, method="L-BFGS-B")
    intercept, theta = float(result.x[0]), np.where(free, result.x[1:], 0.0)
    levels = {n: theta[off : off + size].tolist() for n, off, size in zip(names, offsets, sizes, strict=True)}
    prior = 1.0 / (1.0 + math.exp(-intercept))
    log = [*model.log, f"level weights and prior refined by {len(labelled)} labelled pairs"]
    return Model(model.splink, prior, levels, intercept, len(labelled), log)
