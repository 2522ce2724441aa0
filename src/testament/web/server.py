"""Running the workbench: uvicorn over `create_app`, one process, with TLS when given a certificate."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from testament.errors import InputError
from testament.store.case import Case
from testament.views import warm_dashboard
from testament.web.app import create_app

__all__ = ["run_server"]


def run_server(
    case: Case,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    certfile: Path | None = None,
    keyfile: Path | None = None,
    secure_cookies: bool = True,
) -> None:
    """Serve the workbench until Ctrl-C. One worker process: the case is opened (and unlocked) once. No
    access log: request lines carry search terms, which may be names."""
    if (certfile is None) != (keyfile is None):
        raise InputError(
            "--certfile and --keyfile go together", hint="give both (PEM files) to serve HTTPS, or neither"
        )
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise InputError(f"{path}: no such file", hint="give the PEM file's path")
    app = create_app(case, secure_cookies=secure_cookies)
    warm_dashboard(case)  # a large case's figures take a while: the first dashboard should not wait for them
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        access_log=False,
        server_header=False,
        proxy_headers=False,  # the login rate limit counts the real peer, not a header a client can set
        log_level="info",
    )
