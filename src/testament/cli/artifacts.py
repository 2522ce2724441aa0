"""`testament artifacts` and `testament artifact get`: the evidence files read back, each read logged."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import console, guard, open_case, print_json

__all__ = ["artifact_app", "register"]

artifact_app = typer.Typer(no_args_is_help=True, help="Give back an evidence file kept in a case.")


def artifacts(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the evidence files: id, file name, kind, size, SHA-256, when received, what each derives from,
    and the custody events naming it. The read is logged."""
    from testament.store.reads import list_artifacts

    with guard(), open_case(case) as opened:
        rows = list_artifacts(opened)
        if json_out:
            print_json(rows)
            return
        table = Table(show_header=True)
        for name in ("id", "file", "kind", "size", "sha256", "received", "from", "custody events"):
            table.add_column(name, overflow="fold")  # hashes whole, folded, never cut short
        for r in rows:
            origin = f"{r['transformation']} {r['derived_from']}" if r["derived_from"] else ""
            events = ", ".join(map(str, r["custody_events"]))
            cells = (
                r["id"],
                r["filename"],
                r["kind"],
                r["size"],
                r["sha256"],
                r["received_at"],
                origin,
                events,
            )
            table.add_row(*(escape(str(c)) for c in cells))  # file names are the sender's: never markup
        console.print(table)


@artifact_app.command("get")
def get(
    case: Path = typer.Argument(..., help="Case folder."),
    artifact_id: int = typer.Argument(..., metavar="ID", help="Artifact id (see `testament artifacts`)."),
    out: Path = typer.Option(..., "--out", help="File to write the original to (mode 600)."),
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Write an original evidence file back out (decrypted), after checking it against its SHA-256. Logged
    as an `exported` custody event."""
    from testament.store.reads import export_artifact

    with guard(), open_case(case) as opened:
        done = export_artifact(opened, artifact_id, out, force=force)
        console.print(
            f"wrote artifact {done['id']} to {out} ({done['size']} bytes, SHA-256 {done['sha256']} checked)",
            highlight=False,
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(artifacts)
    app.add_typer(artifact_app, name="artifact")
