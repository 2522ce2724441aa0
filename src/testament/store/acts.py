"""The rows of acts and involvements, built and checked in one place for their two writers: acts entered by
hand (`testament.legal.records.add_acts`) and acts accepted from a testimony (`testament.extract.review`).
Callers insert them through their `FactWriter`, in their own transaction and custody event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from testament.errors import InputError

__all__ = ["DEGREES", "act_row", "involvement_row"]

# How a person took part in an act. "unspecified": the text puts the person in the act (a perpetrator named
# with it) without saying how: what extraction records, suggesting no mode of liability until a reviewer
# says which it was.
DEGREES: tuple[str, ...] = (
    "carried_out", "ordered", "planned", "present", "assisted", "failed_to_prevent", "unspecified",
)  # fmt: skip
_LABELS = ("public", "internal", "restricted", "sealed")


def _choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(f"{field}: {value!r} is not allowed", hint=f"use one of {', '.join(allowed)}")
    return value


def _iso(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def act_row(
    where: str,
    act_id: int,
    act_type: str,
    *,
    victim_person_id: int | None = None,
    victim_record_id: int | None = None,
    claim_id: int | None = None,
    place_id: int | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    precision: str | None = None,
    date_original: str | None = None,
    sensitivity: str = "internal",
) -> dict[str, Any]:
    """An `acts` row (dates as ISO text, as the bulk writer takes them); `where` names the act in an
    error."""
    act_type = act_type.strip()
    if not act_type or not act_type.replace("_", "").isalpha():
        raise InputError(f"{where}: act type {act_type!r} is not a term", hint="e.g. execution, torture")
    _choice(f"{where}: sensitivity", sensitivity, _LABELS)
    start, end = _iso(start), _iso(end)
    return {
        "id": act_id, "act_type": act_type, "victim_person_id": victim_person_id,
        "victim_record_id": victim_record_id, "claim_id": claim_id, "event_id": None, "place_id": place_id,
        "date_start": start, "date_end": end if end is not None else start,
        "date_precision": precision if precision is not None else ("day" if start else None),
        "date_original": date_original, "sensitivity": sensitivity,
    }  # fmt: skip


def involvement_row(
    where: str,
    involvement_id: int,
    act_id: int,
    perpetrator_type: str,
    perpetrator_id: int,
    degree: str,
    position: str | None = None,
    sensitivity: str = "internal",
) -> dict[str, Any]:
    """An `involvements` row: a person (`person`), a person record (`person_record`: a testimony's mention,
    whoever linkage makes it) or an organisation took part in act `act_id` to `degree`."""
    _choice(f"{where}: perpetrator", perpetrator_type, ("person", "person_record", "organisation"))
    _choice(f"{where}: sensitivity", sensitivity, _LABELS)
    return {
        "id": involvement_id, "act_id": act_id, "perpetrator_type": perpetrator_type,
        "perpetrator_id": int(perpetrator_id), "degree": _choice(f"{where}: degree", degree, DEGREES),
        "position": position, "sensitivity": sensitivity,
    }  # fmt: skip
