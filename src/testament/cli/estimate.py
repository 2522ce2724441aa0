"""`testament estimate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import console, guard, print_json, progress_bars, settings_for

if TYPE_CHECKING:
    from testament.estimate.inputs import EstimateInput
    from testament.estimate.result import EstimateResult

__all__ = ["register"]

_SPELLINGS = 6  # spellings shown per stratum


def estimate(
    source: Path = typer.Argument(
        ...,
        help="A case, a pattern CSV (0/1 per list + count), one row per person, or `export persons` output.",
    ),
    method: str = typer.Option("loglinear", "--method", help="loglinear, dga, lcmcr or all."),
    model: str = typer.Option(
        "best-bic", "--model", help="Log-linear model: M0, Mt, Mth-chao, [123,14,34], best-bic..."
    ),
    strata: str | None = typer.Option(
        None, "--strata", help="Estimate per stratum: a record field of a case (prison, city...) or a column."
    ),
    lists: str | None = typer.Option(
        None, "--lists", help="The lists to use, a,b,c: source titles or file names of a case, or columns."
    ),
    min_stratum: int = typer.Option(
        50,
        "--min-stratum",
        min=1,
        help="Strata with fewer observed persons are estimated together as (other).",
    ),
    seed: int = typer.Option(1, "--seed", help="Seed for the samplers (results are reproducible)."),
    chains: int = typer.Option(4, "--chains", min=1, help="LCMCR chains."),
    exclude_saturated: bool = typer.Option(
        False, "--exclude-saturated", help="dga: leave out the saturated graph."
    ),
    linkages: int = typer.Option(
        20,
        "--linkages",
        min=0,
        help="A case: re-estimate over this many plausible linkages and show the spread (LCMCR over at "
        "most 8); 0 turns it off.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list of results."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write posterior, trace and overlap plots (SVG) here."
    ),
) -> None:
    """Estimate the total number of victims by multiple systems estimation, with 95% intervals."""
    from testament.estimate import EstimateOptions, estimate_source
    from testament.estimate.strata import StrataRule

    with guard():
        options = EstimateOptions(
            methods=tuple(m.strip() for m in method.split(",")),
            model=model,
            seed=seed,
            chains=chains,
            exclude_saturated=exclude_saturated,
        )
        names = [n.strip() for n in lists.split(",") if n.strip()] if lists else None
        settings = settings_for(source)  # asks for an encrypted case's passphrase before the bars start
        with progress_bars(disable=json_out) as progress:
            data, results = estimate_source(
                source, options, settings=settings, strata=strata, lists=names,
                rule=StrataRule(min_persons=min_stratum), linkages=linkages, progress=progress, plot_dir=plot,
            )  # fmt: skip
        if json_out:
            print_json([r.to_dict() for r in results])
        else:
            _render(data, results)


def _range(low: float | None, high: float | None) -> str:
    return f"{low:,.0f} – {high:,.0f}" if low is not None and high is not None else ""


def _render(data: EstimateInput, results: list[EstimateResult]) -> None:
    table = Table("method", "model", "stratum", "observed", "estimate", "95% interval", "R-hat")
    for r in results:
        rhat = r.diagnostics.get("rhat")
        table.add_row(
            r.method + (" *" if r.recommendation else ""), r.model, escape(r.stratum or ""),
            f"{r.observed:,}", f"{r.estimate:,.0f}", _range(r.lower, r.upper),
            f"{rhat:.3f}" if isinstance(rhat, float) else "",
        )  # fmt: skip
    console.print(table)
    spread = [r for r in results if r.linkage]
    if spread:
        first = spread[0].linkage or {}
        linkages = Table(
            "method", "stratum", "linkages", "min", "median", "max", "95% with linkage",
            title=f"over plausible linkages (seed {first.get('seed')}; {first.get('borderline_pairs', 0):,} "
            "borderline pairs)",
        )  # fmt: skip
        for r in spread:
            at = r.linkage or {}
            linkages.add_row(
                r.method, escape(r.stratum or ""), str(at["linkages"]), f"{at['min']:,.0f}",
                f"{at['median']:,.0f}", f"{at['max']:,.0f}", _range(at.get("lower"), at.get("upper")),
            )  # fmt: skip
        console.print(linkages)
    for r in results:
        if r.recommendation:
            where = f" {r.stratum}" if r.stratum else ""
            console.print(
                f"[bold]recommended[/] (*): {r.method}{where}, {r.estimate:,.0f}: {escape(r.recommendation)}",
                highlight=False,
            )
    used = ", ".join(f"{item.name} ({item.persons:,})" for item in data.lists)
    console.print(f"lists ({data.kind}): {used}", highlight=False, markup=False)
    if data.strata is not None:
        strata = Table(
            "stratum",
            "persons",
            "on 2+ lists",
            "estimated as",
            "spellings",
            title=f"strata of {escape(data.strata.field_name)}",
        )
        for s in data.strata.strata:
            spelt = [f"{k} ({v})" for k, v in list(s.spellings.items())[:_SPELLINGS]]
            more = len(s.spellings) - _SPELLINGS
            strata.add_row(
                escape(s.label), f"{s.persons:,}", f"{s.overlap:,}", escape(s.merged_into or s.label),
                escape(", ".join(spelt)) + (f" +{more} more" if more > 0 else ""),
            )  # fmt: skip
        console.print(strata)
    for note in data.notes:
        console.print(f"[dim]note[/] {escape(note)}", highlight=False)
    notes = list(dict.fromkeys(data.warnings))
    notes += [
        f"{r.method}{f' {r.stratum}' if r.stratum else ''}: {w}"
        for r in results
        for w in r.warnings
        if w not in data.warnings
    ]
    for note in notes:
        console.print(f"[yellow]warning[/] {escape(note)}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(estimate)
