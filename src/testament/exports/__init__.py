"""Exports: signed evidence bundles and their verification, public exports for memorials and researchers,
capture-pattern files and signed estimate reports. Each export is built from an allow-list, passes the
access gate and the witnesses' consents (`testament.store.access`, `testament.store.consents`), and is
logged as a `disclosed` custody event. See docs/exports.md.

The public functions are loaded on first use, so that importing the package stays cheap."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "build_bundle",
    "build_dossier",
    "export_patterns",
    "export_public",
    "export_report",
    "verify_bundle",
]

_HOME = {
    "build_bundle": "testament.exports.bundle",
    "build_dossier": "testament.exports.dossier",
    "export_patterns": "testament.exports.patterns",
    "export_public": "testament.exports.public",
    "export_report": "testament.exports.report",
    "verify_bundle": "testament.exports.standalone_verify",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'testament.exports' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
