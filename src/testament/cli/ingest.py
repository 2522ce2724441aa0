"""`testament ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from testament.cli._common import console, guard, open_case, print_json, progress_bars

__all__ = ["register"]


def ingest(
    case: Path = typer.Argument(..., help="Case folder."),
    files: list[Path] = typer.Argument(
        ...,
        help="Testimonies (.txt .md .pdf .docx), lists (.csv .xlsx .json), .zip archives of them, and any"
        " other file: scans and images are read by OCR, photos' EXIF and recordings' durations kept, the"
        " rest preserved.",
    ),
    source: str | None = typer.Option(None, "--source", help="Title of the source (default: the file name)."),
    kind: str | None = typer.Option(None, "--kind", help="testimony or list (default: from the suffix)."),
    mapping: Path | None = typer.Option(None, "--mapping", help="TOML file mapping list columns to fields."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first problem."),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", help="Ingest the good rows of a list and record the rejected ones."
    ),
    date_order: str = typer.Option(
        "auto",
        "--date-order",
        help="auto, day-first or month-first: how to read numeric dates such as 08/09/1988. auto infers each "
        "date column's order from its cells that only one order can read (17/10/1988 is day-first); a column "
        "with none keeps such dates uncertain, covering both readings.",
    ),
    unknown_columns: str = typer.Option(
        "refuse",
        "--unknown-columns",
        help="A list column that no known header or --mapping names: refuse (the default) stops the file "
        "and names the column; note keeps its cells as notes; ignore leaves them out.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Preserve files as evidence; turn list rows into sourced claims. Each file lands whole or not at all.
    Exit 2 if a file was refused, 1 if rows were skipped (--skip-bad-rows)."""
    from testament.ingest import IngestOptions, ingest_files, load_mapping

    with guard(), open_case(case) as opened:
        options = IngestOptions(
            source_title=source,
            kind=kind,
            mapping=load_mapping(mapping) if mapping else None,
            strict=strict,
            skip_bad_rows=skip_bad_rows,
            date_order=date_order,
            unknown_columns=unknown_columns,
        )
        with progress_bars(disable=json_out) as progress:
            report = ingest_files(opened, files, options, progress)
        if json_out:
            print_json(report.to_dict())
        else:
            _print_report(report)
        if not report.ok or any(o.skipped_rows for o in report.files):
            raise typer.Exit(2 if not report.ok else 1)


def _print_report(report: Any) -> None:
    if report.swept:
        console.print(
            f"[yellow]swept[/] {report.swept} unreferenced file(s) an interrupted ingest left "
            "in the blob store",
            highlight=False,
        )
    for outcome in report.files:
        colour = {"ingested": "green", "unchanged": "yellow", "rejected": "red"}[outcome.status]
        console.print(
            f"[{colour}]{outcome.status}[/] {escape(outcome.file)}: {escape(outcome.message)}",
            highlight=False,
        )
        for warning in outcome.warnings:
            console.print(f"  note: {warning}", highlight=False, markup=False)
        for problem in outcome.problems:
            if problem.found not in outcome.message:  # a refusal of the whole file is said once, above
                console.print(f"  - {problem}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
