"""`testament estimate`."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.table import Table

from testament.cli._common import console, guard, open_case, print_json, progress_bars
from testament.errors import InputError

__all__ = ["register"]


def _histories(source: Path, strata: str | None, lists: str | None) -> dict:
    from testament.estimate import CaptureHistory

    if source.is_dir():
        from testament.estimate.casedata import history_from_case

        with open_case(source) as case:
            return history_from_case(case, stratum_field=strata)
    if not source.is_file():
        raise InputError(f"{source}: no such file or case folder", hint="give a pattern CSV or a case folder")
    with source.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    if "count" in header:
        return CaptureHistory.from_pattern_csv(source, stratum_column=strata or "stratum")
    names = [n.strip() for n in lists.split(",")] if lists else [h for h in header if h != strata]
    with source.open(encoding="utf-8-sig", newline="") as fh:
        return CaptureHistory.from_people(csv.DictReader(fh), names, stratum_field=strata, source=source.name)


def estimate(
    source: Path = typer.Argument(
        ..., help="Pattern CSV (0/1 per list + count), a one-row-per-person CSV, or a case."
    ),
    method: str = typer.Option("loglinear", "--method", help="loglinear, dga, lcmcr or all."),
    model: str = typer.Option(
        "best-bic", "--model", help="Log-linear model: M0, Mt, Mth-chao, [123,14,34], best-bic..."
    ),
    strata: str | None = typer.Option(
        None, "--strata", help="Estimate per stratum (a column or record field)."
    ),
    lists: str | None = typer.Option(
        None, "--lists", help="For a one-row-per-person CSV: the list columns, a,b,c."
    ),
    seed: int = typer.Option(1, "--seed", help="Seed for the samplers (results are reproducible)."),
    chains: int = typer.Option(4, "--chains", min=1, help="LCMCR chains."),
    exclude_saturated: bool = typer.Option(
        False, "--exclude-saturated", help="dga: leave out the saturated graph."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list of results."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write posterior, trace and overlap plots (SVG) here."
    ),
) -> None:
    """Estimate the total number of victims by multiple systems estimation, with 95% intervals."""
    from testament.estimate.run import EstimateOptions, run_estimates

    with guard():
        histories = _histories(source, strata, lists)
        options = EstimateOptions(
            methods=tuple(m.strip() for m in method.split(",")),
            model=model,
            seed=seed,
            chains=chains,
            exclude_saturated=exclude_saturated,
        )
        with progress_bars(disable=json_out) as progress:
            results = run_estimates(histories, options, progress=progress, plot_dir=plot)
        if source.is_dir():  # a case keeps every estimate made on it, with what reproduces it
            from testament.estimate.store import save_results

            with open_case(source) as case:
                save_results(case, results)
        if json_out:
            print_json([r.to_dict() for r in results])
            return
        table = Table("method", "model", "stratum", "observed", "estimate", "95% interval", "R-hat")
        notes: list[str] = []
        for r in results:
            rhat = r.diagnostics.get("rhat")
            table.add_row(
                r.method, r.model, r.stratum or "", f"{r.observed:,}", f"{r.estimate:,.0f}",
                f"{r.lower:,.0f} – {r.upper:,.0f}", f"{rhat:.3f}" if isinstance(rhat, float) else "",
            )  # fmt: skip
            notes.extend(
                f"{r.method} {r.stratum or ''}: {w}".replace("  ", " ")
                for w in r.diagnostics.get("warnings", [])
            )
        console.print(table)
        for note in notes:
            console.print(f"[yellow]warning[/] {note}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(estimate)
