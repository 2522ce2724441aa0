"""Evidence intake: testimonies and victim lists in, preserved artifacts and sourced claims out."""

from testament.ingest.mapping import ColumnMapping, load_mapping
from testament.ingest.pipeline import IngestOptions, ingest_files
from testament.ingest.report import FileOutcome, IngestReport, Problem

__all__ = [
    "ColumnMapping",
    "FileOutcome",
    "IngestOptions",
    "IngestReport",
    "Problem",
    "ingest_files",
    "load_mapping",
]
