"""`testament verify`, `checkpoint`, `keygen`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from testament.cli._common import console, guard, open_case, print_json
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
    pubkey: Path | None = typer.Option(None, "--pubkey", help="Public key that signed the checkpoint."),
    no_record: bool = typer.Option(
        False, "--no-record", help="Do not log this verification as a custody event."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check the database, every blob hash, the custody chain and every sealed row; name every failure.
    Exit 3 if anything fails."""
    from testament.store.integrity import verify_case

    with guard(), open_case(case) as opened:
        report = verify_case(
            opened,
            checkpoint=_read(checkpoint, "--checkpoint") if checkpoint else None,
            pubkey=_read(pubkey, "--pubkey") if pubkey else None,
            record=not no_record,
        )
        if json_out:
            print_json(report.to_dict())
        else:
            _print_verification(report)
        if not report.ok:
            raise typer.Exit(3)


def _print_verification(report: Any) -> None:
    if report.ok:
        extra = ", checkpoint holds" if report.checkpoint_checked else ""
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


def keygen(
    out: Path = typer.Argument(..., help="Private key file to write; the public key goes to OUT.pub."),
) -> None:
    """Make an Ed25519 key pair for signing checkpoints."""
    from testament.store.crypto import generate_signing_key

    with guard():
        pub = out.with_name(out.name + ".pub")
        if out.exists() or pub.exists():
            raise InputError(
                f"{out}: a key already exists there", hint="choose another name; keys are never overwritten"
            )
        private, public = generate_signing_key()
        write_private(out, private, exclusive=True)  # mode 0600; exclusive: a key is never overwritten
        write_private(pub, public, exclusive=True)
        console.print(
            f"wrote {out} (keep it secret) and {pub} (give it to partners)", highlight=False, markup=False
        )


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command()(keygen)
