"""Entry point of the `testament` command. Each command group lives in its own module with `register(app)`."""

from __future__ import annotations

import typer

from testament import __version__
from testament.cli import artifacts as _artifacts
from testament.cli import case as _case
from testament.cli import custody as _custody
from testament.cli import decode as _decode
from testament.cli import estimate as _estimate
from testament.cli import exports as _exports
from testament.cli import extract as _extract
from testament.cli import ingest as _ingest
from testament.cli import legal as _legal
from testament.cli import link as _link
from testament.cli import passphrase as _passphrase
from testament.cli import serve as _serve
from testament.cli import synth as _synth
from testament.cli import users as _users

__all__ = ["app", "run"]

app = typer.Typer(
    name="testament",
    help="Testament: sourced claims, evidence custody, linkage and estimation for documenting atrocities.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks could carry victim or witness data
    add_completion=False,
)

for _module in (
    _case,
    _ingest,
    _custody,
    _artifacts,
    _synth,
    _extract,
    _decode,
    _legal,
    _link,
    _estimate,
    _exports,
    _passphrase,
    _serve,
    _users,
):
    _module.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"testament {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Testament command line."""


def run() -> None:
    app()
