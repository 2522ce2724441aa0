"""The case store: a case folder with its database (SQLite, SQLCipher or PostgreSQL), its content-addressed
evidence files and its hash-chained custody log, and verification of all three.

The names below are loaded on first use, so importing one store module stays cheap."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "BlobStore",
    "Case",
    "CaseConfig",
    "CustodyEvent",
    "FactWriter",
    "Finding",
    "VerifyReport",
    "checkpoint_case",
    "export_artifact",
    "list_artifacts",
    "list_person_records",
    "read_custody_log",
    "read_events",
    "set_checkpoints",
    "verify_case",
]

_HOMES = {
    "BlobStore": "blobs",
    "Case": "case",
    "CaseConfig": "case",
    "CustodyEvent": "custody",
    "Finding": "custody",
    "FactWriter": "facts",
    "read_events": "custody",
    "VerifyReport": "integrity",
    "checkpoint_case": "integrity",
    "verify_case": "integrity",
    "list_person_records": "records",
    "export_artifact": "reads",
    "list_artifacts": "reads",
    "read_custody_log": "reads",
    "set_checkpoints": "checkpoints",
}

if TYPE_CHECKING:
    from testament.store.blobs import BlobStore
    from testament.store.case import Case, CaseConfig
    from testament.store.checkpoints import set_checkpoints
    from testament.store.custody import CustodyEvent, Finding, read_events
    from testament.store.facts import FactWriter
    from testament.store.integrity import VerifyReport, checkpoint_case, verify_case
    from testament.store.reads import export_artifact, list_artifacts, read_custody_log
    from testament.store.records import list_person_records


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"testament.store.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'testament.store' has no attribute {name!r}")
