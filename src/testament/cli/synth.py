"""`testament synth`: write a seeded synthetic scenario (victim lists, testimonies, truth.json)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from testament.cli._common import console, err_console, guard, print_json

__all__ = ["register"]


def synth(
    out_dir: Path = typer.Argument(..., help="Folder to write the scenario into (new or empty)."),
    people: int | None = typer.Option(None, "--people", help="True number of victims (default: scenario's)."),
    lists: int | None = typer.Option(
        None, "--lists", help="Number of victim lists (default: all the scenario's)."
    ),
    testimonies: int | None = typer.Option(None, "--testimonies", help="Number of testimonies."),
    seed: int = typer.Option(1, "--seed", min=0, help="Random seed: the same seed gives the same bytes."),
    scenario: str = typer.Option(
        "realistic", "--scenario", help="easy, realistic, hard, or a scenario file (.toml/.json)."
    ),
    truth_format: str | None = typer.Option(
        None, "--truth-format", help="auto, json or parquet (auto: parquet above 100,000 people)."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Write into a folder that is not empty."),
    json_out: bool = typer.Option(False, "--json", help="Print a summary as JSON."),
) -> None:
    """Write synthetic victim lists, testimonies and their ground truth. No real person is in them."""
    from testament.synthetic import generate, load_scenario

    with guard():
        spec = load_scenario(scenario, people=people, lists=lists, testimonies=testimonies)
        if truth_format is not None:
            spec = replace(spec, truth_format=truth_format)
        with _bar(len(spec.lists) + 4, disable=json_out) as progress:
            result = generate(out_dir, spec, seed, overwrite=overwrite, progress=progress)
        if json_out:
            print_json(
                {
                    "out_dir": str(result.out_dir), "scenario": spec.name, "seed": seed,
                    "people": result.people, "observed": result.observed, "lists": result.rows,
                    "testimonies": result.testimonies, "truth": str(result.truth),
                }
            )  # fmt: skip
            return
        _print_result(result, f"Scenario '{spec.name}', seed {seed}")


@contextmanager
def _bar(total: int, *, disable: bool) -> Iterator[Callable[[str, int, int], None]]:
    """One progress bar on stderr for the stages of `generate`."""
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=disable) as bar:
        task = bar.add_task("synth", total=total)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"synth: {stage}", completed=done, total=total)

        yield progress


def _print_result(result: Any, title: str) -> None:
    table = Table(title=title)
    table.add_column("list")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for path, (list_id, rows) in zip(result.files, result.rows.items(), strict=False):
        table.add_row(list_id, str(path.relative_to(result.out_dir)), f"{rows:,}")
    console.print(table)
    console.print(
        f"{result.people:,} people, {result.observed:,} on at least one list; "
        f"{result.testimonies} testimonies. Truth: {result.truth}",
        highlight=False,
        markup=False,  # a folder name may hold [brackets]
    )


def register(app: typer.Typer) -> None:
    app.command()(synth)
