"""`testament verify`, `checkpoint`, `checkpoint-to`, `custody`, `keygen`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import as_option, console, guard, open_case, print_json, viewer_of
from testament.errors import InputError
from testament.files import write_private

__all__ = ["register"]


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise InputError(f"{what} {path}: cannot be read", hint="check the path") from None


def verify(
    case: Path = typer.Argument(..., help="Case folder."),
    checkpoint: Path | None = typer.Option(None, "--checkpoint", help="A checkpoint a partner kept."),
    pubkey: Path | None = typer.Option(
        None, "--pubkey", help="Public key that signed the checkpoint (not needed for the case's own)."
    ),
    code: list[str] = typer.Option(
        [], "--code", help="A checkpoint code sent by message, e.g. 42-3fa9c0d1e2b3a4f5 (repeatable)."
    ),
    no_record: bool = typer.Option(
        False, "--no-record", help="Do not log this verification as a custody event."
    ),
    rederive: bool = typer.Option(
        False,
        "--rederive",
        help="Also read every list again from its stored file, with the options its ingest recorded, and "
        "check that the person records, claims and attestations are what ingest writes, and every "
        "testimony's text (catches an edit whose seal was rewritten too).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check the database, every blob hash, the custody chain, every sealed row and the checkpoints (the
    case's checkpoint folder, --checkpoint, --code); with --rederive, every list and testimony text
    against its file. Name every failure. Exit 3 if anything fails."""
    from testament.ingest.rederive import rederive_lists, rederive_texts
    from testament.store.integrity import verify_case

    with guard(), open_case(case) as opened:
        report = verify_case(
            opened,
            checkpoint=_read(checkpoint, "--checkpoint") if checkpoint else None,
            pubkey=_read(pubkey, "--pubkey") if pubkey else None,
            codes=code,
            record=not no_record,
            added=[rederive_lists, rederive_texts] if rederive else [],
        )
        if json_out:
            print_json(report.to_dict())
        else:
            _print_verification(report)
        if not report.ok:
            raise typer.Exit(3)


def _print_verification(report: Any) -> None:
    if report.ok:
        extra = f", {_holding(report.checkpoints_checked)}" if report.checkpoints_checked else ""
        extra += "".join(f", {n} {label}" for label, n in report.added.items())
        console.print(
            f"[green]verified[/]: {report.blobs_checked} blobs, "
            f"{report.events_checked} custody events, {report.rows_checked} rows{extra}",
            highlight=False,
        )
    else:
        console.print(f"[red]FAILED[/]: {len(report.findings)} problem(s)", highlight=False)
        for finding in report.findings:
            console.print(f"  - {finding.message}", highlight=False, markup=False)
    if report.unreferenced:
        console.print(
            f"[yellow]note[/]: {len(report.unreferenced)} file(s) in the blob store belong to no "
            "artifact (an interrupted ingest?); the next `testament ingest` removes them:",
            highlight=False,
        )
        for name in report.unreferenced:
            console.print(f"  - {name}", highlight=False, markup=False)
    for note in report.notes:  # what verify could not cover, said plainly
        console.print(f"[yellow]note[/]: {escape(note)}", highlight=False)
    newest = report.newest_checkpoint
    if newest:
        console.print(
            f"newest checkpoint checked: made {newest['age']} ago ({newest['made_at']}), "
            f"custody event {newest['seq']}, {newest['where']}",
            highlight=False,
            markup=False,
        )
    else:
        console.print(
            "[yellow]note[/]: no checkpoint checked, so deleting the newest events would go unnoticed; "
            "`testament checkpoint-to` sets where automatic checkpoints go",
            highlight=False,
        )


def _holding(count: int) -> str:
    return "checkpoint holds" if count == 1 else f"{count} checkpoints hold"


def checkpoint(
    case: Path = typer.Argument(..., help="Case folder."),
    key: Path = typer.Option(..., "--key", help="Ed25519 private key (PEM), e.g. from `testament keygen`."),
    out: Path | None = typer.Option(None, "--out", help="Write the checkpoint here as well as printing it."),
) -> None:
    """Print a signed statement of the custody chain head for a partner to keep off-site."""
    from testament.store.integrity import checkpoint_case

    with guard(), open_case(case) as opened:
        statement = checkpoint_case(opened, _read(key, "--key"), label=str(key))
        if out:
            write_private(out, json.dumps(statement, indent=2) + "\n")  # mode 0600, like every export
        print_json(statement)


def checkpoint_to(
    case: Path = typer.Argument(..., help="Case folder."),
    folder: Path | None = typer.Argument(
        None, help="Folder for automatic checkpoints: a second disk, a partner's synced folder."
    ),
    code: bool = typer.Option(False, "--code", help="Print a short code after each command instead."),
    off: bool = typer.Option(False, "--off", help="Stop automatic checkpoints."),
) -> None:
    """Set where a signed checkpoint of the custody log goes after every command that logs events, so that
    deleting the newest events is caught by `verify`. Logged as a custody event."""
    from testament.store.checkpoints import set_checkpoints

    with guard(), open_case(case) as opened:
        if sum((folder is not None, code, off)) != 1:
            raise InputError(
                "give one of FOLDER, --code or --off", hint="e.g. testament checkpoint-to CASE /media/usb"
            )
        setting = set_checkpoints(opened, folder=folder, code=code)
        where = "nowhere (off)" if setting is None else setting.get("folder", "a code after each command")
        console.print(f"automatic checkpoints: {where}", highlight=False, markup=False)


def custody(
    case: Path = typer.Argument(..., help="Case folder."),
    csv_out: bool = typer.Option(False, "--csv", help="Print CSV (formula-safe), every field and hash."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    as_user: str | None = as_option(),
) -> None:
    """Print the custody log, oldest first (for the case's owner and admins; see --as). The read is itself
    logged, as its last event."""
    from testament.store.reads import custody_csv
    from testament.views.listings import custody_log

    with guard(), open_case(case) as opened:
        events = custody_log(opened, viewer_of(opened, as_user))
        if csv_out:
            sys.stdout.write(custody_csv(events))
        elif json_out:
            print_json([ev.to_dict() for ev in events])
        else:
            table = Table(show_header=True)
            for name in ("seq", "time", "event", "actor", "artifact", "details"):
                table.add_column(name)
            for ev in events:
                sha = (ev.artifact_sha256 or "")[:12]
                table.add_row(
                    str(ev.seq), ev.occurred_at, ev.event_type, escape(ev.actor), sha, escape(ev.details)
                )
            console.print(table)


def keygen(
    out: Path = typer.Argument(..., help="Private key file to write; the public key goes to OUT.pub."),
) -> None:
    """Make an Ed25519 key pair for signing checkpoints."""
    from testament.store.crypto import generate_signing_key

    with guard():
        pub = out.with_name(out.name + ".pub")
        if not out.parent.is_dir():
            raise InputError(
                f"{out.parent}: no such folder", hint="create the folder first, or choose another"
            )
        if out.exists() or pub.exists():
            raise InputError(
                f"{out}: a key already exists there", hint="choose another name; keys are never overwritten"
            )
        private, public = generate_signing_key()
        try:
            write_private(out, private, exclusive=True)  # mode 0600; exclusive: a key is never overwritten
            write_private(pub, public, exclusive=True)
        except OSError as exc:
            raise InputError(
                f"{out}: cannot be written ({exc.strerror})", hint="choose a folder you may write to"
            ) from None
        console.print(
            f"wrote {out} (keep it secret) and {pub} (give it to partners)", highlight=False, markup=False
        )


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command("checkpoint-to")(checkpoint_to)
    app.command()(custody)
    app.command()(keygen)
