"""The workbench's app factory: one FastAPI app over one open case, serving the pages (cookie sessions) and
the REST API under /api/v1 (bearer tokens), with the security headers, CSRF checks and login rate limit of
`testament.web.security`. Static files are the workbench's own (htmx vendored): it works offline."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from testament import __version__
from testament.store.case import Case
from testament.web import api, jobs, pages, picture
from testament.web.errors import fault_response, install_error_handlers
from testament.web.i18n import LanguageMiddleware
from testament.web.security import LoginLimiter, SecurityHeaders

__all__ = ["OPENAPI_URL", "STATIC", "create_app"]

STATIC = Path(__file__).parent / "static"
OPENAPI_URL = "/api/v1/openapi.json"

_DESCRIPTION = """The REST API of the Testament workbench. Every route needs an API token
(`Authorization: Bearer <token>`; `testament users token CASE USERNAME` prints one) and answers only with
what the token's role may see: a field the role may not read is left out, never masked in place, and an
object the role may not see reads as 404, like one that does not exist."""


def create_app(case: Case, *, secure_cookies: bool = True, limiter: LoginLimiter | None = None) -> FastAPI:
    """The workbench over `case` (kept open; the caller closes it). `secure_cookies=False` only for tests
    and plain-HTTP use on one machine: the session cookie then lacks `Secure` and no HSTS is sent."""
    app = FastAPI(
        title="Testament workbench API",
        version=__version__,
        description=_DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not offline, not under our CSP
        redoc_url=None,
    )
    app.state.case = case
    app.state.secure_cookies = secure_cookies
    app.state.limiter = limiter or LoginLimiter()
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders, hsts=secure_cookies, on_fault=fault_response)
    # outermost: the language is set before anything renders, error pages included
    app.add_middleware(LanguageMiddleware, secure=secure_cookies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(jobs.router)
    app.include_router(picture.router)
    return app
