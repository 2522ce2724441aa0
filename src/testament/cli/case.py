"""`testament init`, `status`, `records`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import (
    as_option,
    console,
    guard,
    new_passphrase,
    open_case,
    print_json,
    say_checkpoint,
    say_withheld,
    settings_for,
    viewer_of,
)
from testament.errors import InputError

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
    recovery_shares: str | None = typer.Option(
        None,
        "--recovery-shares",
        metavar="K-of-N",
        help="With --encrypt: also split the case key into N recovery shares, any K of which rebuild it "
        "if the passphrase is lost (e.g. 2-of-3). Printed once, for N trusted partners.",
    ),
    checkpoint_to: Path | None = typer.Option(
        None,
        "--checkpoint-to",
        metavar="FOLDER",
        help="After every command that logs custody events, write a signed checkpoint to this folder (a "
        "second disk, a partner's synced folder), so deleting the newest events is caught by `verify`.",
    ),
    checkpoint_code: bool = typer.Option(
        False, "--checkpoint-code", help="Instead, print a short checkpoint code to send by message."
    ),
) -> None:
    """Create a new case. With --encrypt the passphrase comes from TESTAMENT_PASSPHRASE or is asked twice at
    a terminal; a weak one is refused."""
    from testament.store.case import Case
    from testament.store.checkpoints import set_checkpoints, usable_folder
    from testament.store.passphrase import parse_shares_spec

    with guard():
        spec = parse_shares_spec(recovery_shares) if recovery_shares is not None else None
        if checkpoint_to is not None and checkpoint_code:
            raise InputError("give --checkpoint-to or --checkpoint-code, not both", hint="choose one")
        target = usable_folder(case, checkpoint_to) if checkpoint_to is not None else None
        settings = settings_for()
        chosen = new_passphrase(case, settings.passphrase, actor=settings.actor, ask=encrypt)
        settings = replace(settings, passphrase=chosen or None)
        with Case.create(case, settings=settings, db_url=db, encrypt=encrypt, recovery=spec) as created:
            console.print(
                f"Created case [bold]{escape(str(case))}[/] ({created.backend.label}"
                f"{', encrypted' if created.config.encrypted else ''}).",
                highlight=False,
            )
            _print_shares(created.recovery_shares, spec)
            if target is not None or checkpoint_code:
                set_checkpoints(created, folder=target, code=checkpoint_code)
            say_checkpoint(created, case)


def _print_shares(shares: list[str], spec: tuple[int, int] | None) -> None:
    if not shares or spec is None:
        return
    console.print(
        f"\nRecovery shares: any {spec[0]} of these {spec[1]} rebuild the case key if the passphrase is "
        f"lost (`testament passphrase recover`); fewer reveal nothing. They are shown this once and stored "
        "nowhere. Give each share to a different trusted partner, on paper, kept apart from the case; "
        "no one should hold two.",
        highlight=False,
        markup=False,
    )
    for number, share in enumerate(shares, 1):
        # soft_wrap: a share stays on one line, whole, whatever the terminal's width
        console.print(
            f"\nShare {number} of {spec[1]}:\n{share}", highlight=False, markup=False, soft_wrap=True
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
        table = Table(title=f"Case {escape(str(case))}", show_header=False)
        for key, value in info.items():
            table.add_row(key.replace("_", " "), str(value))
        console.print(table)


def records(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many records."),
    as_user: str | None = as_option(),
) -> None:
    """Person records with each field's original text and, for dates, the Gregorian interval (those your
    role may read; see --as)."""
    from testament.views.listings import records as gated_records

    with guard(), open_case(case) as opened:
        shown = gated_records(opened, viewer_of(opened, as_user), limit=limit)
        rows = shown.items
        say_withheld(shown)
        if json_out:
            print_json(rows)
            return
        for rec in rows:
            sheet = f" sheet {rec['sheet']}" if "sheet" in rec else ""
            title = f"record {rec['id']}: {escape(rec['file'])}{sheet} row {rec['row']}"
            table = Table(title=title, title_justify="left")
            for col in ("column", "predicate", "original", "value"):
                table.add_column(col)
            for f in rec["fields"]:  # cells are the source's text: never read as markup
                cells = (f["column"], f["predicate"], f["original"], f.get("interval", f["value"]))
                table.add_row(*(escape(c) if isinstance(c, str) else c for c in cells))
            console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(status)
    app.command()(records)
