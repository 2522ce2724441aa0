"""`testament serve`: the team workbench (pages and REST API) over one case."""

from __future__ import annotations

from pathlib import Path

import typer

from testament.cli._common import err_console, guard, open_case

__all__ = ["register"]


def serve(
    case: Path = typer.Argument(..., help="Case folder."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    certfile: Path | None = typer.Option(None, "--certfile", help="TLS certificate (PEM): serve HTTPS."),
    keyfile: Path | None = typer.Option(None, "--keyfile", help="TLS private key (PEM) of --certfile."),
    plain_http: bool = typer.Option(
        False, "--plain-http", help="Cookies without `Secure`, for plain HTTP beyond localhost (unsafe)."
    ),
) -> None:
    """Run the workbench: pages for sources, persons and review, and the REST API under /api/v1. Users
    sign in with accounts from `testament users add`. An encrypted case asks for its passphrase first
    (or reads TESTAMENT_PASSPHRASE). Stop with Ctrl-C. See docs/workbench.md."""
    from testament.web.server import run_server

    if plain_http:
        err_console.print(
            "warning: --plain-http: passwords and sessions cross the network unencrypted", soft_wrap=True
        )
    with guard(), open_case(case) as opened:
        where = f"{'https' if certfile else 'http'}://{host}:{port}/"
        err_console.print(f"serving {case} on {where}", highlight=False, markup=False, soft_wrap=True)
        run_server(
            opened, host=host, port=port, certfile=certfile, keyfile=keyfile, secure_cookies=not plain_http
        )


def register(app: typer.Typer) -> None:
    app.command()(serve)
