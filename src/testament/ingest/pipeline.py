"""Ingest: files in, preserved evidence and sourced claims out. Each file lands whole or not at all.

`ingest_files` checks the options and takes each path in turn, reading the file and refusing what cannot
be taken (no such file, too large, unreadable, a name that is not UTF-8). Each kind of file is ingested by
its own module: `testimonies`, `lists`, `archives` and `intake` (any other file), chosen in `_dispatch`;
all of them write through `_writing` (the case's write lock and the file's blobs)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from testament.errors import IngestError, InputError
from testament.ingest._dispatch import ingest_by_kind, kind_of, rejected, unchanged
from testament.ingest._writing import Incoming, artifact_with
from testament.ingest.archives import ingest_archive
from testament.ingest.dateorder import check_date_order
from testament.ingest.mapping import UNKNOWN_COLUMNS
from testament.ingest.options import IngestOptions, ProgressFn
from testament.ingest.report import FileOutcome, IngestReport
from testament.ingest.values import UNSTORABLE
from testament.store.blobs import sha256_hex
from testament.store.case import Case

__all__ = ["IngestOptions", "ProgressFn", "ingest_files"]


def ingest_files(
    case: Case, paths: Sequence[Path], options: IngestOptions, progress: ProgressFn | None = None
) -> IngestReport:
    """Ingest each file in its own transaction; a refused file leaves the case exactly as it was."""
    if options.kind not in (None, "testimony", "list"):
        raise InputError(f"--kind '{options.kind}' is not known", hint="use --kind testimony or --kind list")
    check_date_order(options.date_order)
    if options.unknown_columns not in UNKNOWN_COLUMNS:
        raise InputError(
            f"--unknown-columns '{options.unknown_columns}' is not known",
            hint="use refuse (the default), note or ignore",
        )
    report = IngestReport()
    # Blobs left by a writer killed before its commit go first, under the lock (nothing else is mid-write).
    report.swept = len(case.sweep_blobs())
    for path in paths:
        try:
            outcomes = _ingest_one(case, Path(path), options, progress)
        except KeyboardInterrupt:  # `writing` has rolled the file back and removed its blobs
            raise report.interrupted(Path(path).name) from None
        for outcome in outcomes:
            report.files.append(outcome)
            if options.strict and outcome.status == "rejected":
                return report
    return report


def _ingest_one(
    case: Case, path: Path, options: IngestOptions, progress: ProgressFn | None
) -> list[FileOutcome]:
    name = path.name
    try:
        kind = kind_of(name, path.suffix.lower(), options)
        if not path.is_file():
            raise IngestError(f"{path}: no such file", hint="check the path")
        if UNSTORABLE.search(name):  # a name in another encoding than the system's, kept as escapes
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise IngestError(
                f"{name}: the file name is not valid UTF-8", hint="rename the file, then ingest it"
            )
        size = path.stat().st_size
        if size > case.settings.max_file_bytes:
            raise IngestError(
                f"{name}: {size} bytes is over the limit of {case.settings.max_file_bytes}",
                hint="raise TESTAMENT_MAX_FILE_BYTES if the file is genuine",
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(
                f"{name}: cannot be read ({exc.strerror or type(exc).__name__})",
                hint="check that this account may read the file",
            ) from None
        digest = sha256_hex(data)
        existing = artifact_with(case, digest)
        if kind == "archive":  # even one seen before: files in it that were refused may be read now
            return ingest_archive(case, name, data, digest, options, progress, existing)
        if existing is not None:
            return [unchanged(name, kind, existing, digest)]
        return [
            ingest_by_kind(case, Incoming(name, path.suffix.lower(), data, digest), kind, options, progress)
        ]
    except IngestError as exc:
        return [rejected(name, exc)]
