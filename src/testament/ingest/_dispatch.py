"""Which kind a file is (testimony, list, archive, or any other file: media) and the ingester of each
kind; the outcomes of a file seen before and of a file refused."""

from __future__ import annotations

from testament.errors import IngestError
from testament.ingest._writing import AlreadyIngested, Incoming
from testament.ingest.intake import ingest_media
from testament.ingest.lists import ingest_list
from testament.ingest.options import IngestOptions, ProgressFn
from testament.ingest.readers import ARCHIVE_SUFFIXES, LIST_SUFFIXES, TESTIMONY_SUFFIXES, NoTextLayer
from testament.ingest.report import FileOutcome, Problem
from testament.ingest.testimonies import ingest_testimony
from testament.store.case import Case

__all__ = ["ingest_by_kind", "kind_of", "rejected", "unchanged"]


def kind_of(name: str, suffix: str, options: IngestOptions) -> str:
    natural = "testimony" if suffix in TESTIMONY_SUFFIXES else "list" if suffix in LIST_SUFFIXES else None
    if suffix in ARCHIVE_SUFFIXES:
        return "archive"  # --kind applies to its members
    if natural is None:
        return "media"  # any other file is preserved all the same, read if it can be (ingest.intake)
    if options.kind and options.kind != natural:
        raise IngestError(
            f"{name}: --kind {options.kind} does not fit a '{suffix}' file",
            hint=f"a '{suffix}' file is read as a {natural}; drop --kind or convert the file",
        )
    return natural


def unchanged(name: str, kind: str, artifact_id: int, digest: str) -> FileOutcome:
    return FileOutcome(
        name, "unchanged", kind, artifact_id, digest, message=f"already ingested as artifact {artifact_id}"
    )


def rejected(name: str, exc: IngestError) -> FileOutcome:
    problems = exc.problems or [Problem(name, None, None, expected="a readable file", found=exc.message)]
    return FileOutcome(name, "rejected", problems=problems, message=str(exc))


def ingest_by_kind(
    case: Case, file: Incoming, kind: str, options: IngestOptions, progress: ProgressFn | None
) -> FileOutcome:
    """One file (not an archive) in, by the ingester of its kind; a file another writer committed first
    is reported unchanged."""
    try:
        if kind == "testimony":
            try:
                return ingest_testimony(case, file, options, progress)
            except NoTextLayer:  # a scan: preserved and read by OCR
                return ingest_media(case, file, options, progress)
        if kind == "media":
            return ingest_media(case, file, options, progress)
        return ingest_list(case, file, options, progress)
    except AlreadyIngested as already:
        return unchanged(file.name, kind, already.artifact_id, file.digest)
