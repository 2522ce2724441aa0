"""`testament artifacts` and `testament artifact get`: the evidence files read back, each read logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import as_option, console, guard, open_case, print_json, say_withheld, viewer_of

__all__ = ["artifact_app", "register"]

artifact_app = typer.Typer(no_args_is_help=True, help="Give back an evidence file kept in a case.")


def artifacts(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    as_user: str | None = as_option(),
) -> None:
    """List the evidence files: id, file name, kind, size, SHA-256, when received, what each derives from,
    and the custody events naming it (the files your role may see; see --as). The read is logged."""
    from testament.views.listings import artifact_rows

    with guard(), open_case(case) as opened:
        shown = artifact_rows(opened, viewer_of(opened, as_user))
        rows = shown.items
        say_withheld(shown)
        if json_out:
            print_json(rows)
        else:
            _print_artifacts(rows)


def _print_artifacts(rows: list[dict[str, Any]]) -> None:
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
    as_user: str | None = as_option(),
) -> None:
    """Write an original evidence file back out (decrypted), after checking it against its SHA-256, for a
    role that may download it and read every field in it (see --as). Logged as an `exported` custody event
    (and its protected fields as `disclosed`)."""
    from testament.views.listings import export_original

    with guard(), open_case(case) as opened:
        done = export_original(opened, viewer_of(opened, as_user), artifact_id, out, force=force)
        console.print(
            f"wrote artifact {done['id']} to {out} ({done['size']} bytes, SHA-256 {done['sha256']} checked)",
            highlight=False,
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(artifacts)
    app.add_typer(artifact_app, name="artifact")
