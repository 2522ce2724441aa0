"""Who is asking: cookie sessions for the pages, bearer tokens for the API.

The session cookie `testament_session` holds a random id that the case stores only hashed
(`store.users.open_session`); it is HttpOnly, SameSite=Strict and Secure (unless the app was made with
`secure_cookies=False` for plain-HTTP tests). A login always makes a new id and a logout ends it, so a
session id planted before login is worthless (session fixation). The API reads only the
`Authorization: Bearer` header, never the cookie.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.users import SESSION_TTL, session_user, token_user
from testament.web.security import CSRF_FIELD, CSRF_HEADER, csrf_token_for, csrf_valid

__all__ = [
    "LOGIN_COOKIE",
    "SESSION_COOKIE",
    "ApiUnauthorized",
    "CsrfRefused",
    "LoginRequired",
    "api_viewer",
    "case_of",
    "check_csrf",
    "current_viewer",
    "end_login_cookie",
    "end_session_cookie",
    "safe_next",
    "set_login_cookie",
    "set_session_cookie",
]

SESSION_COOKIE = "testament_session"
LOGIN_COOKIE = "testament_login"  # a pre-login nonce that the login form's CSRF token is bound to
_LOGIN_TTL = 3600
_MAX_SECRET = 200  # longer cookie or token values are not ours: refused before any lookup

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token: `testament users token CASE USERNAME` prints one.",
)


class LoginRequired(Exception):
    """No valid session: pages redirect to /login."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__("login required")
        self.next_path = next_path


class ApiUnauthorized(Exception):
    """No valid bearer token: the API answers 401."""


class CsrfRefused(Exception):
    """A state-changing page request without the session's CSRF token: 403."""


def case_of(request: Request) -> Case:
    case: Case = request.app.state.case
    return case


def _secret(value: str | None) -> str | None:
    return value if value and len(value) <= _MAX_SECRET else None


def current_viewer(request: Request) -> Viewer:
    """The signed-in user of a page request, or LoginRequired (a redirect to /login)."""
    session_id = _secret(request.cookies.get(SESSION_COOKIE))
    user = session_user(case_of(request), session_id) if session_id else None
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target if request.method == "GET" else "/")
    viewer = Viewer.from_user(user)
    request.state.viewer = viewer
    request.state.csrf_token = csrf_token_for(session_id or "")
    return viewer


def api_viewer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]
) -> Viewer:
    """The user an API token belongs to, or 401."""
    token = _secret(credentials.credentials) if credentials is not None else None
    user = token_user(case_of(request), token) if token else None
    if user is None:
        raise ApiUnauthorized()
    return Viewer.from_user(user)


async def check_csrf(request: Request) -> None:
    """On every state-changing page request: the token in form field `csrf_token` or header
    `X-CSRF-Token` must be the one bound to this browser's session (or, for the login form, to its
    pre-login nonce). GET and HEAD pass."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    token = request.headers.get(CSRF_HEADER)
    if not token:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # parsed once; the route's Form() parameters reuse it
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    cookie = LOGIN_COOKIE if request.url.path == "/login" else SESSION_COOKIE
    if not csrf_valid(_secret(request.cookies.get(cookie)), token):
        raise CsrfRefused()


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int, path: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=bool(request.app.state.secure_cookies),
        httponly=True,
        samesite="strict",
    )


def set_session_cookie(response: Response, request: Request, session_id: str) -> None:
    _cookie(response, request, SESSION_COOKIE, session_id, SESSION_TTL, "/")


def end_session_cookie(response: Response, request: Request) -> None:
    _cookie(response, request, SESSION_COOKIE, "", 0, "/")


def set_login_cookie(response: Response, request: Request, nonce: str) -> None:
    _cookie(response, request, LOGIN_COOKIE, nonce, _LOGIN_TTL, "/login")


def end_login_cookie(response: Response, request: Request) -> None:
    _cookie(response, request, LOGIN_COOKIE, "", 0, "/login")


def safe_next(value: Any) -> str:
    """Where to go after login: a path on this server only (never `//host` or a URL), else `/`."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    if any(c in value for c in "\r\n\\") or len(value) > 2000:
        return "/"
    return value
