"""Errors to HTTP: `TestamentError` subclasses to their status, as an HTML page for the pages and JSON for
the API. Nothing the client sent and nothing from the case is echoed back: refusals and "not found" read
the same for every object (so existence is not revealed), a validation error names the parameter, never its
value, and an unexpected fault says only that it happened (the traceback goes to the server's log)."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from testament.errors import AccessDenied, CaseBusyError, InputError, NotFoundError, TestamentError
from testament.web.auth import ApiUnauthorized, CsrfRefused, LoginRequired
from testament.web.i18n import N_, gettext

__all__ = ["BUSY_RETRY_SECONDS", "fault_response", "install_error_handlers", "scrub"]

BUSY_RETRY_SECONDS = 10
_log = logging.getLogger("testament.web")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")

_TITLES = {
    400: N_("The request could not be used"),
    401: N_("Sign-in needed"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    413: N_("Too large"),
    422: N_("The request could not be used"),
    429: N_("Too many attempts"),
    500: N_("Internal error"),
    503: N_("The case is busy"),
}
_DETAILS = {
    401: N_("A valid API token is needed (header `Authorization: Bearer <token>`)."),
    403: N_("Your role does not allow this."),
    404: N_("There is no such page or object, or your role may not see it."),
    405: N_("This address does not take that method."),
    429: N_("Too many failed sign-ins. Wait and try again."),
    500: N_(
        "A fault in Testament, not in your request. Nothing was changed; the server's log has the details."
    ),
    503: N_("Another process is writing to the case. Nothing was changed; try again shortly."),
}


def scrub(message: str) -> str:
    """A library message with every quoted value taken out (`'...'` → `'…'`): messages quote what they
    found, and an error must not echo what the client sent."""
    return _QUOTED.sub("'…'", message)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _respond(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    title = _TITLES.get(status, N_("Error"))
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    from testament.web.pages import render_error  # the templates import this module's names

    # pages speak the reader's language; the API keeps English (a stable contract for programs)
    return render_error(request, status, gettext(title), gettext(detail), headers=headers)


def _status_of(exc: TestamentError) -> tuple[int, str]:
    if isinstance(exc, AccessDenied):
        return 403, _DETAILS[403]
    if isinstance(exc, NotFoundError):
        return 404, _DETAILS[404]
    if isinstance(exc, CaseBusyError):
        return 503, _DETAILS[503]
    if isinstance(exc, InputError):
        hint = f" Hint: {scrub(exc.hint)}" if exc.hint else ""
        return 400, scrub(exc.message) + hint
    return 500, _DETAILS[500]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TestamentError)
    async def _testament(request: Request, exc: TestamentError) -> Response:
        status, detail = _status_of(exc)
        if status == 500:
            _log.error("%s on %s %s", type(exc).__name__, request.method, request.url.path)
        headers = {"Retry-After": str(BUSY_RETRY_SECONDS)} if status == 503 else None
        return _respond(request, status, detail, headers)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        target = "/login" if exc.next_path == "/" else f"/login?next={quote(exc.next_path, safe='/')}"
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(ApiUnauthorized)
    async def _unauthorized(request: Request, exc: ApiUnauthorized) -> Response:
        return JSONResponse(
            {"detail": _DETAILS[401]}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        detail = N_("The form's security token is missing or out of date. Reload the page and try again.")
        return _respond(request, 403, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's default answer echoes the input; this one names where and what, never the value.
        errors = [
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "msg": "invalid value",
                "type": error.get("type", ""),
            }
            for error in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": errors}, status_code=422)
        where = ", ".join(sorted({str(e["loc"][-1]) for e in errors if e["loc"]})) or "the request"
        return _respond(request, 422, gettext("Invalid or missing value: %(where)s.", where=where))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = _DETAILS.get(exc.status_code) or _TITLES.get(exc.status_code, N_("Error"))
        return _respond(request, exc.status_code, detail, dict(exc.headers) if exc.headers else None)


def fault_response(scope: Scope, exc: BaseException) -> Response:
    """The answer to an exception nothing handled (see `security.SecurityHeaders`): 500, the fault's type
    and the path in the server's log, nothing of it in the answer."""
    request = Request(scope)
    _log.error("internal error (%s) on %s %s", type(exc).__name__, request.method, request.url.path)
    try:
        return _respond(request, 500, _DETAILS[500])
    except Exception:  # the error page itself failed: plain text
        return PlainTextResponse(_DETAILS[500], status_code=500)
