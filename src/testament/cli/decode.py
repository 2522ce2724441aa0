"""`testament decode`: a message tapped through a wall (Morse or knocks, as transcribed) read back into text,
either kept in a case as a derived artifact of a testimony or read on the spot."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from testament.cli._common import console, guard, open_case, print_json
from testament.errors import InputError

if TYPE_CHECKING:
    from testament.extract.decode import Unreadable

__all__ = ["register"]


def decode(
    target: str | None = typer.Argument(
        None, help="Case folder (with --artifact), or the transcribed sequence itself for a quick reading."
    ),
    table: str = typer.Option(
        "morse", "--table", help="Code table: morse, persian-morse, tap-latin, tap-persian (see --list)."
    ),
    artifact: int | None = typer.Option(
        None, "--artifact", help="Id of the testimony whose text holds the sequence: keep the reading."
    ),
    start: int | None = typer.Option(None, "--start", min=0, help="First character of the sequence."),
    end: int | None = typer.Option(None, "--end", min=1, help="Character after the sequence."),
    list_tables: bool = typer.Option(False, "--list", help="List the code tables, then stop."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Read a transcribed Morse or knock-grid message; unreadable letters are shown as � with positions.

    With a case and --artifact the reading is kept as a derived artifact ("decoded from", naming the
    table) that `testament extract` then reads like any testimony text."""
    with guard():
        if list_tables:
            _print_tables(json_out)
        elif target is None:
            raise InputError(
                "nothing to decode", hint="give the sequence, or a case folder with --artifact ID"
            )
        elif artifact is None:
            _print_reading(target, table, json_out)
        else:
            _keep_reading(Path(target), artifact, table, start, end, json_out)


def _print_tables(json_out: bool) -> None:
    from testament.extract.decode import code_tables

    tables = [t.to_dict() for t in code_tables().values()]
    if json_out:
        print_json(tables)
        return
    for t in tables:
        console.print(f"[bold]{t['name']}[/] ({t['kind']}): {escape(t['title'])}", highlight=False)


def _print_reading(sequence: str, table: str, json_out: bool) -> None:
    from testament.extract.decode import decode as read

    decoded = read(sequence, table)
    if json_out:
        print_json(decoded.to_dict())
        return
    console.print(escape(decoded.text), highlight=False)
    _say_unreadable(decoded.unreadable)


def _keep_reading(
    case: Path, artifact: int, table: str, start: int | None, end: int | None, json_out: bool
) -> None:
    from testament.extract.decode import decode_artifact

    with open_case(case) as opened:
        report = decode_artifact(opened, artifact, table, start=start, end=end)
    if json_out:
        print_json(report.to_dict())
        return
    verb = "kept as" if report.new else "already kept as"
    console.print(
        f"[green]decoded[/] artifact {report.derived_from} with {table}: {report.decoded.letters} "
        f"letters, {len(report.decoded.unreadable)} unreadable; {verb} artifact {report.artifact_id} "
        f"(`testament extract {escape(str(case))} --artifact {report.artifact_id}` reads it)",
        highlight=False,
        soft_wrap=True,
    )
    _say_unreadable(report.decoded.unreadable)


def _say_unreadable(unreadable: Sequence[Unreadable]) -> None:
    for u in unreadable:
        console.print(
            f"  unreadable letter {u.index + 1} at characters {u.start}-{u.end}: {escape(u.code)!r}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.command("decode")(decode)
