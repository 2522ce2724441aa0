"""`testament init`, `status`, `records`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import console, guard, open_case, print_json, settings_for

__all__ = ["register"]


def init(
    case: Path = typer.Argument(..., help="Folder of the new case (created; must be new or empty)."),
    encrypt: bool = typer.Option(
        False,
        "--encrypt",
        help="Encrypt the database (SQLCipher) and every evidence file; needs a passphrase.",
    ),
    db: str | None = typer.Option(
        None, "--db", help="PostgreSQL URL for a team case (password in PGPASSWORD)."
    ),
) -> None:
    """Create a new case."""
    from testament.store.case import Case

    with guard():
        settings = settings_for(need_passphrase=encrypt)
        if encrypt and not settings.passphrase:
            settings = settings_for(need_passphrase=True)
        with Case.create(case, settings=settings, db_url=db, encrypt=encrypt) as created:
            console.print(
                f"Created case [bold]{escape(str(case))}[/] ({created.backend.label}"
                f"{', encrypted' if created.config.encrypted else ''}).",
                highlight=False,
            )


def status(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Counts of what the case holds."""
    with guard(), open_case(case) as opened:
        info = opened.status()
        if json_out:
            print_json(info)
            return
        table = Table(title=f"Case {case}", show_header=False)
        for key, value in info.items():
            table.add_row(key.replace("_", " "), str(value))
        console.print(table)


def records(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many records."),
) -> None:
    """Person records with each field's original text and, for dates, the Gregorian interval."""
    from testament.store.records import list_person_records

    with guard(), open_case(case) as opened:
        rows = list_person_records(opened, limit=limit)
        if json_out:
            print_json(rows)
            return
        for rec in rows:
            table = Table(title=f"record {rec['id']}: {rec['file']} row {rec['row']}", title_justify="left")
            for col in ("column", "predicate", "original", "value"):
                table.add_column(col)
            for f in rec["fields"]:
                table.add_row(f["column"], f["predicate"], f["original"], f.get("interval", f["value"]))
            console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(status)
    app.command()(records)
