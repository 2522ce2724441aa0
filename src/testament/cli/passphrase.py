"""`testament passphrase change` and `testament passphrase recover`: lock an encrypted case with a new
passphrase, knowing the old one or holding enough recovery shares. Neither rewrites the evidence."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from testament.cli._common import ask_share, console, guard, new_passphrase, open_case, settings_for

__all__ = ["passphrase_app", "register"]

passphrase_app = typer.Typer(
    no_args_is_help=True,
    help="Change an encrypted case's passphrase, or set a new one from recovery shares.",
)


@passphrase_app.command("change")
def change(case: Path = typer.Argument(..., help="Case folder (encrypted).")) -> None:
    """Set a new passphrase: the current one from TESTAMENT_PASSPHRASE or a prompt, the new one from
    TESTAMENT_NEW_PASSPHRASE or asked twice. Only the wrapped key in case.json changes."""
    with guard(), open_case(case) as opened:
        settings = opened.settings
        chosen = new_passphrase(
            case, settings.new_passphrase, actor=settings.actor, ask=opened.config.encrypted
        )
        opened.change_passphrase(chosen)
        console.print(
            f"Passphrase of [bold]{escape(str(case))}[/] changed; the old one no longer opens the case "
            "(backups of case.json still open with it). Evidence and database untouched.",
            highlight=False,
        )


@passphrase_app.command("recover")
def recover(
    case: Path = typer.Argument(..., help="Case folder (encrypted, made with recovery shares)."),
) -> None:
    """Rebuild the case key from K recovery shares (asked at a terminal, or one per line on standard input)
    and set a new passphrase (TESTAMENT_NEW_PASSPHRASE or asked twice)."""
    from testament.store.case import Case

    with guard():
        settings = settings_for()
        needed = Case.recovery_threshold(case)
        shares = [ask_share(number, needed) for number in range(1, needed + 1)]
        chosen = new_passphrase(case, settings.new_passphrase, actor=settings.actor)
        with Case.recover(case, shares=shares, new_passphrase=chosen, settings=settings):
            console.print(
                f"Key of [bold]{escape(str(case))}[/] rebuilt from {needed} shares; the new passphrase opens "
                "the case now, the old one no longer does. The shares keep working.",
                highlight=False,
            )


def register(app: typer.Typer) -> None:
    app.add_typer(passphrase_app, name="passphrase")
