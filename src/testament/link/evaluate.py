"""How good a linkage is, measured against ground truth: pairwise and cluster precision, recall and F1.
The truth comes from elsewhere (a synthetic scenario's: `testament.synthetic.truth_of_case`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from testament.errors import InputError

__all__ = ["Scores", "evaluate_case", "score_clusters"]


@dataclass(frozen=True)
class Scores:
    """Pairwise: over all pairs of records, "same person" predicted vs true. Cluster: a predicted person
    counts as right only when it holds exactly the records of one true person."""

    records: int
    true_persons: int
    predicted_persons: int
    pair_precision: float
    pair_recall: float
    pair_f1: float
    cluster_precision: float
    cluster_recall: float
    cluster_f1: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def score_clusters(predicted: Sequence[int] | np.ndarray, truth: Sequence[int] | np.ndarray) -> Scores:
    """Scores of a clustering (`predicted[i]` = person of record i) against `truth[i]`; records whose
    truth is negative (unknown) are left out."""
    pred = np.asarray(predicted, dtype=np.int64)
    true = np.asarray(truth, dtype=np.int64)
    keep = true >= 0
    pred, true = pred[keep], true[keep]
    _, pred_ids = np.unique(pred, return_inverse=True)
    _, true_ids = np.unique(true, return_inverse=True)
    pred_sizes = np.bincount(pred_ids)
    true_sizes = np.bincount(true_ids)
    joint = pred_ids * (int(true_ids.max(initial=0)) + 1) + true_ids
    _, joint_counts = np.unique(joint, return_counts=True)
    tp, pp, tt = _pairs(joint_counts), _pairs(pred_sizes), _pairs(true_sizes)
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    # exact clusters: a (predicted, true) cell that is the whole of both
    _, first, cell_sizes = np.unique(joint, return_index=True, return_counts=True)
    exact = int(
        np.sum((cell_sizes == pred_sizes[pred_ids[first]]) & (cell_sizes == true_sizes[true_ids[first]]))
    )
    c_precision = exact / len(pred_sizes) if len(pred_sizes) else 1.0
    c_recall = exact / len(true_sizes) if len(true_sizes) else 1.0
    return Scores(
        records=int(keep.sum()),
        true_persons=len(true_sizes),
        predicted_persons=len(pred_sizes),
        pair_precision=precision,
        pair_recall=recall,
        pair_f1=_f1(precision, recall),
        cluster_precision=c_precision,
        cluster_recall=c_recall,
        cluster_f1=_f1(c_precision, c_recall),
    )


def evaluate_case(case: Any, truth: Mapping[int, int]) -> Scores:
    """Score the persons of a linked case against the true person of each record (`truth`: person record
    id → true person; records it lacks, or maps to a negative number, are left out). Records linkage has
    not reached (no person id) count as persons of their own. A synthetic scenario gives the truth:
    `testament.synthetic.truth_of_case`."""
    from sqlalchemy import select

    from testament.store.schema import person_records

    with case.read() as conn:
        rows = conn.execute(
            select(person_records.c.id, person_records.c.person_id).order_by(person_records.c.id)
        ).all()
    if not rows or all(r.person_id is None for r in rows):
        raise InputError("this case has not been linked yet", hint="link the case first")
    top = max((r.person_id or 0) for r in rows) + 1
    predicted = [r.person_id if r.person_id is not None else top + r.id for r in rows]
    return score_clusters(predicted, [truth.get(r.id, -1) for r in rows])
