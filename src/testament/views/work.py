"""Work done from the workbench: an uploaded file ingested (the report row by row), the estimates made on
the case, and verification. Changes are made with the user as the actor of their custody events."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import select

from testament.errors import InputError
from testament.store.access import Viewer, acting_as, require
from testament.store.case import Case
from testament.store.schema import estimate_runs
from testament.views._common import gated

__all__ = [
    "EstimateRow",
    "FileReport",
    "Finding",
    "IngestOutcome",
    "RowProblem",
    "VerifyOutcome",
    "ingest_upload",
    "list_estimates",
    "safe_filename",
    "verify_case",
]

_UNSAFE = re.compile(r"[^\w.\- ()\[\]]+")


class RowProblem(BaseModel):
    row: int | None = None  # 1-based data row (header excluded); None for the whole file
    line: int | None = None  # the file's own line (csv) or Excel row
    sheet: str | None = None
    column: str | None = None
    expected: str
    found: str  # described by its shape, never quoting a name
    hint: str | None = None
    message: str


class FileReport(BaseModel):
    file: str
    status: str  # ingested, unchanged, rejected
    kind: str | None = None
    artifact_id: int | None = None
    sha256: str | None = None
    rows: int = 0
    person_records: int = 0
    claims: int = 0
    skipped_rows: int = 0
    message: str = ""
    warnings: list[str]
    problems: list[RowProblem]


class IngestOutcome(BaseModel):
    ok: bool  # no file refused
    files: list[FileReport]


class EstimateRow(BaseModel):
    estimate_id: int
    created_at: str
    actor: str
    method: str
    model: str
    stratum: str | None = None
    estimate: float
    lower: float
    upper: float
    observed: int
    seed: int | None = None
    version: str


class Finding(BaseModel):
    kind: str
    where: str
    message: str


class VerifyOutcome(BaseModel):
    ok: bool
    blobs_checked: int
    events_checked: int
    rows_checked: int
    database_check: str
    findings: list[Finding]
    notes: list[str]


def safe_filename(filename: str) -> str:
    """An uploaded file's name as it is kept: the last path component, NFC, no control or path characters,
    no leading dots, at most 120 characters (the suffix kept)."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 119 - len(suffix)] + dot + suffix) if dot and len(suffix) <= 10 else name[:120]
    if not name or "." not in name:
        raise InputError(
            "the uploaded file has no usable name with a suffix",
            hint="name it by its kind: .csv .xlsx .json lists, .txt .pdf .docx testimonies",
        )
    return name


def ingest_upload(
    case: Case, viewer: Viewer, filename: str, data: bytes, *, skip_bad_rows: bool = True
) -> IngestOutcome:
    """Ingest one uploaded file as `testament ingest` does, the viewer as the actor. With `skip_bad_rows`
    (the default here) a list's good rows go in and every refused row is named in the report; nothing is
    silent. The file is written to a private temporary folder first and removed after."""
    from testament.ingest import IngestOptions, ingest_files

    require(viewer, "ingest")
    name = safe_filename(filename)
    if len(data) > case.settings.max_file_bytes:
        raise InputError(
            f"{name}: {len(data)} bytes is over the limit of {case.settings.max_file_bytes}",
            hint="split the file, or raise TESTAMENT_MAX_FILE_BYTES where the server starts",
        )
    with tempfile.TemporaryDirectory(prefix="testament-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        path.chmod(0o600)
        report = ingest_files(acting_as(case, viewer), [path], IngestOptions(skip_bad_rows=skip_bad_rows))
    return IngestOutcome(
        ok=report.ok,
        files=[
            FileReport(
                file=f.file, status=f.status, kind=f.kind, artifact_id=f.artifact_id, sha256=f.sha256,
                rows=f.rows, person_records=f.person_records, claims=f.claims, skipped_rows=f.skipped_rows,
                message=f.message, warnings=list(f.warnings),
                problems=[
                    RowProblem(
                        row=p.row, line=p.line, sheet=p.sheet, column=p.column, expected=p.expected,
                        found=p.found, hint=p.hint, message=str(p),
                    )
                    for p in f.problems
                ],
            )
            for f in report.files
        ],
    )  # fmt: skip


def list_estimates(case: Case, viewer: Viewer) -> list[EstimateRow]:
    """Every estimate made on the case (numbers and how they were made; no names), newest first."""
    with gated(case, viewer, "list_estimates") as reading:
        rows = reading.conn.execute(select(estimate_runs).order_by(estimate_runs.c.id.desc())).all()
    return [
        EstimateRow(
            estimate_id=r.id, created_at=r.created_at, actor=r.actor, method=r.method, model=r.model,
            stratum=r.stratum, estimate=r.estimate, lower=r.lower, upper=r.upper, observed=r.observed,
            seed=r.seed, version=r.version,
        )
        for r in rows
    ]  # fmt: skip


def verify_case(case: Case, viewer: Viewer) -> VerifyOutcome:
    """`testament verify` for an admin: every blob, the custody chain, every sealed row, the checkpoints.
    Logged as `verified` by the admin."""
    from testament.store.integrity import verify_case as verify

    require(viewer, "verify")
    report = verify(acting_as(case, viewer))
    return VerifyOutcome(
        ok=report.ok,
        blobs_checked=report.blobs_checked,
        events_checked=report.events_checked,
        rows_checked=report.rows_checked,
        database_check=report.database_check,
        findings=[Finding(kind=f.kind, where=f.where, message=f.message) for f in report.findings],
        notes=list(report.notes),
    )
