"""Capture-pattern files for R and for `testament estimate FILE`: one 0/1 column per list, then `count`
(Rcapture's `closedp(..., dfreq = TRUE)` format, also what dga and LCMCR users build), all 2^K - 1 observed
patterns in Testament's order, zeros included. With strata, a `stratum` column follows `count` (one block of
rows per stratum; Rcapture users subset by it and drop it).

The histories are the case's own (`testament.estimate.casedata.read_case`, the same code `estimate CASE`
counts with), so `testament estimate` on the file gives the estimate the case gives. Each export is a
`disclosed` custody event (lists, persons, SHA-256 of the file; no names)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from testament.estimate.casedata import read_case
from testament.estimate.history import CaptureHistory
from testament.estimate.strata import StrataRule
from testament.exports._common import disclose, output_file
from testament.files import write_private
from testament.store.case import Case
from testament.tabular import csv_text

__all__ = ["export_patterns", "patterns_csv"]


def patterns_csv(histories: dict[str | None, CaptureHistory]) -> str:
    """The pattern CSV of one history (exactly `CaptureHistory.to_csv_text`, whose SHA-256 every estimate
    records as its input) or of one history per stratum (with a `stratum` column)."""
    if list(histories) == [None]:
        return histories[None].to_csv_text()
    first = next(iter(histories.values()))
    rows = []
    for key, history in histories.items():
        for pattern, count in zip(history.patterns(), history.observed_counts(), strict=True):
            rows.append([*pattern.tolist(), int(count), key])
    return csv_text([*first.lists, "count", "stratum"], rows, lineterminator="\n")


def export_patterns(
    case: Case,
    out: Path,
    *,
    lists: Sequence[str] | None = None,
    strata: str | None = None,
    rule: StrataRule | None = None,
    force: bool = False,
) -> dict[str, object]:
    """Write the case's capture patterns (over `lists`, by `strata` with small strata merged by `rule`) to
    `out`. Returns what was written."""
    data = read_case(case, strata=strata, lists=lists, rule=rule)
    text = patterns_csv(data.histories)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with output_file(out, force=force) as tmp, case.write() as conn:
        write_private(tmp, text)
        disclose(
            conn,
            case.settings.actor,
            {"what": "capture patterns", "lists": len(data.lists), "persons": data.observed,
             "strata": strata, "sha256": digest},
        )  # fmt: skip
    return {
        "out": str(out), "lists": [item.name for item in data.lists], "persons": data.observed,
        "strata": [k for k in data.histories if k is not None], "sha256": digest,
        "warnings": data.warnings,
    }  # fmt: skip
