"""Estimation runs are permanent records: each result is saved in the case with its input hash, method,
settings, seed and Testament version, so every number can be reproduced."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select

from testament.estimate.result import EstimateResult
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import estimate_runs
from testament.vocab import CustodyEventType

__all__ = ["load_results", "save_results"]


def save_results(case: Case, results: Sequence[EstimateResult]) -> list[int]:
    """Append results to the case's estimation record, under one `estimated` custody event that seals
    them; returns their ids."""
    now = utc_now()
    with case.write() as conn:
        first = Ids(conn).take(estimate_runs, len(results))
        rows: list[dict[str, object]] = [
            {
                "id": first + i,
                "created_at": now,
                "actor": case.settings.actor,
                "method": r.method,
                "model": r.model,
                "stratum": r.stratum,
                "input_sha256": r.input_sha256,
                "seed": None if r.seed is None else int(r.seed),
                "version": r.version,
                "estimate": float(r.estimate),
                "lower": float(r.lower),
                "upper": float(r.upper),
                "observed": int(r.observed),
                "result": json.dumps(r.to_dict(), sort_keys=True, default=str),
            }
            for i, r in enumerate(results)
        ]
        if rows:
            facts = FactWriter(conn)
            facts.insert_mappings(estimate_runs, rows)
            details = {
                "estimate_runs": [first, first + len(rows) - 1],
                "methods": sorted({r.method for r in results}),
            }
            append_events(
                conn,
                case.settings.actor,
                [NewEvent(CustodyEventType.ESTIMATED, {**details, **facts.details()})],
            )
    return [first + i for i in range(len(rows))]


def load_results(case: Case) -> list[dict]:
    with case.read() as conn:
        return [
            json.loads(v)
            for v in conn.execute(select(estimate_runs.c.result).order_by(estimate_runs.c.id)).scalars()
        ]
