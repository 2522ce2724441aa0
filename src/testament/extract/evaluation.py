"""Scoring extraction against gold annotations: precision, recall and F1 per mention type.

A proposed mention matches a gold one when both are of the same type, in the same document, their spans
overlap (or are identical, with `match="exact"`) and their values agree where the type has a normalised
value: dates the same interval, counts the same number, places the same gazetteer name (any case), acts
the same vocabulary term. Persons and organisations are matched on the span alone; persons' roles are
scored separately (`role_accuracy`). Each gold mention is matched at most once."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from testament.errors import InputError
from testament.extract.mention import MENTION_TYPES

__all__ = ["TypeScore", "load_annotations", "role_accuracy", "score_mentions"]


@dataclass
class TypeScore:
    type: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _same_value(kind: str, a: Any, b: Any) -> bool:
    if kind in ("person", "organisation"):
        return True
    if kind == "count":
        try:
            return int(a) == int(b)
        except (TypeError, ValueError):
            return False
    if kind == "place":
        return str(a).casefold() == str(b).casefold()
    return str(a) == str(b)


def _doc(item: Mapping[str, Any]) -> str:
    return str(item.get("artifact") or item.get("file") or "")


def _pairs(
    predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]], match: str
) -> list[tuple[int, int]]:
    """One-to-one matches (index into predicted, index into gold), best overlaps first."""
    candidates: list[tuple[int, int, int, int]] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    for gi, g in enumerate(gold):
        by_key.setdefault((_doc(g), str(g["type"])), []).append(gi)
    for pi, p in enumerate(predicted):
        for gi in by_key.get((_doc(p), str(p["type"])), []):
            g = gold[gi]
            ps, pe, gs, ge = int(p["start"]), int(p["end"]), int(g["start"]), int(g["end"])
            exact = ps == gs and pe == ge
            overlap = min(pe, ge) - max(ps, gs)
            if (exact if match == "exact" else overlap > 0) and _same_value(
                str(g["type"]), p["value"], g["value"]
            ):
                candidates.append((0 if exact else 1, -overlap, pi, gi))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, pi, gi in candidates:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi))
    return pairs


def score_mentions(
    predicted: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]], *, match: str = "overlap"
) -> dict[str, TypeScore]:
    """TypeScore per mention type (plus "all"). Items are dicts with type, start, end, value and, when
    several documents are scored at once, artifact (or file)."""
    if match not in ("overlap", "exact"):
        raise ValueError(f"match must be 'overlap' or 'exact', not {match!r}")
    pred, gold_list = list(predicted), list(gold)
    scores = {t: TypeScore(t) for t in MENTION_TYPES}
    matched = _pairs(pred, gold_list, match)
    hit_p = {pi for pi, _ in matched}
    hit_g = {gi for _, gi in matched}
    for i, p in enumerate(pred):
        s = scores.setdefault(str(p["type"]), TypeScore(str(p["type"])))
        if i in hit_p:
            s.tp += 1
        else:
            s.fp += 1
    for i, g in enumerate(gold_list):
        if i not in hit_g:
            scores.setdefault(str(g["type"]), TypeScore(str(g["type"]))).fn += 1
    total = TypeScore("all")
    for s in scores.values():
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    scores["all"] = total
    return scores


def role_accuracy(
    predicted: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]
) -> tuple[int, int]:
    """(right, matched): how many person mentions matched by span also have the gold role."""
    pred = [p for p in predicted if p["type"] == "person"]
    gold_list = [g for g in gold if g["type"] == "person"]
    pairs = _pairs(pred, gold_list, "overlap")
    right = sum(1 for pi, gi in pairs if pred[pi].get("role") == gold_list[gi].get("role"))
    return right, len(pairs)


def load_annotations(path: Path | str) -> list[dict[str, Any]]:
    """Annotations from a JSON Lines file: one object per mention (the `export mentions` layout)."""
    source = Path(path)
    out: list[dict[str, Any]] = []
    try:
        lines = source.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({type(exc).__name__})", hint="check the path") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            for key in ("type", "start", "end", "value"):
                item[key]
        except (ValueError, KeyError, TypeError):
            raise InputError(
                f"{source}, line {n}: not a mention (needs type, start, end, value)",
                hint="write one JSON object per line, as `testament export mentions` does",
            ) from None
        out.append(item)
    return out
