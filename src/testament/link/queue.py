"""Which pairs a person should review next: the pairs the model is least sure about (closest to the
threshold, in log-odds), each record at most once so one hard record cannot fill the queue, plus a
random sample across the whole score range so that labels also show how well the scores are calibrated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["QueueItem", "select_queue"]


@dataclass(frozen=True)
class QueueItem:
    pair: int  # index into the candidate pairs
    kind: str  # "uncertain" or "calibration"
    rank: int


def select_queue(
    a: np.ndarray,
    b: np.ndarray,
    probabilities: np.ndarray,
    *,
    threshold: float,
    size: int = 200,
    calibration_share: float = 0.2,
    decided: Iterable[tuple[int, int]] = (),
    seed: int = 1,
) -> list[QueueItem]:
    """Up to `size` pairs to review, most useful first. `decided` pairs (record ids, either order) are
    skipped; so are pairs below one in a million (no one needs to confirm those)."""
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    width = int(hi.max(initial=0)) + 1
    done = np.array([min(x, y) * width + max(x, y) for x, y in decided], dtype=np.int64)
    open_ = ~np.isin(lo * width + hi, done) & (probabilities >= 1e-6)
    n_cal = round(size * calibration_share)
    n_unc = size - n_cal
    p = np.clip(probabilities, 1e-12, 1 - 1e-12)
    distance = np.abs(np.log(p / (1 - p)) - math.log(threshold / (1 - threshold)))
    items: list[QueueItem] = []
    used_records: set[int] = set()
    taken: set[int] = set()
    for k in np.argsort(np.where(open_, distance, np.inf), kind="stable").tolist():
        if len(items) >= n_unc or not open_[k]:
            break
        x, y = int(a[k]), int(b[k])
        if x in used_records or y in used_records:
            continue
        used_records.update((x, y))
        taken.add(k)
        items.append(QueueItem(k, "uncertain", len(items)))
    # calibration: the same number of pairs from each tenth of the log-odds range
    rng = np.random.default_rng(seed)
    candidates = np.flatnonzero(open_ & ~np.isin(np.arange(len(a)), list(taken)))
    if n_cal and len(candidates):
        logit = np.log(p[candidates] / (1 - p[candidates]))
        edges = np.quantile(logit, np.linspace(0, 1, 11))
        bins = np.clip(np.searchsorted(edges, logit, side="right") - 1, 0, 9)
        per_bin = max(1, n_cal // 10)
        chosen: list[int] = []
        for bin_ in range(10):
            members = candidates[bins == bin_]
            if len(members):
                chosen.extend(rng.choice(members, size=min(per_bin, len(members)), replace=False).tolist())
        for k in chosen[:n_cal]:
            items.append(QueueItem(int(k), "calibration", len(items)))
    return items
