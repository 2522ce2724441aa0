"""The canaries planted by tests/web/_fixtures.py and the ways a leaked one could be written into a response
(shared by the canary test and the browser test)."""

from __future__ import annotations

import html
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
# The labels each role may read (the contract; testament.store.access.readable_labels says the same).
CLEARANCE: dict[str, set[str]] = {
    ANONYMOUS: set(),
    "viewer": {"public", "internal"},
    "analyst": {"public", "internal"},
    "investigator": {"public", "internal", "restricted"},
    "admin": {"public", "internal", "restricted", "sealed"},
}

_ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Canary:
    name: str
    value: str
    label: str  # the sensitivity label a role needs to read it
    forms: list[str] = field(default_factory=list)


def forms(value: str) -> list[str]:
    """The ways a leaked value could be written into a response: as written, with Arabic letter forms, without
    (or with a space for) the zero-width non-joiner, with Persian digits; each HTML-escaped, as character
    references, JSON-escaped (ASCII or not) and URL-encoded."""
    base = {value, value.translate(_ARABIC_FORMS), value.replace("\u200c", ""), value.replace("\u200c", " ")}
    base |= {v.translate(_PERSIAN_DIGITS) for v in list(base)}
    out: set[str] = set()
    for v in base:
        out |= {
            v,
            html.escape(v),
            html.escape(v, quote=False),
            json.dumps(v)[1:-1],
            json.dumps(v, ensure_ascii=False)[1:-1],
            urllib.parse.quote(v),
            urllib.parse.quote_plus(v),
            "".join(f"&#{ord(c)};" for c in v),
            "".join(f"&#x{ord(c):x};" for c in v),
        }
    return sorted(f for f in out if f)


def canaries(planted: Any) -> list[Canary]:
    planted_canaries = [
        Canary("witness name (Latin)", planted.canary_witness_latin, "restricted"),
        Canary("witness name (Persian)", planted.canary_witness_persian, "restricted"),
        Canary("relative's address", planted.canary_address, "restricted"),
        Canary("sealed claim", planted.canary_sealed, "sealed"),
    ]
    for canary in planted_canaries:
        canary.forms = forms(canary.value)
    return planted_canaries


def leaks(text: str, canary: Canary) -> list[str]:
    """The forms of `canary` found in `text` (case-insensitively)."""
    folded = text.casefold()
    return [f for f in canary.forms if f.casefold() in folded]
