"""Store helpers shared by proposal and review: id allocation (re-exported from the store), canonical JSON."""

from __future__ import annotations

import json
from typing import Any

from testament.store.ids import Ids

__all__ = ["Ids", "canonical_json"]


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
