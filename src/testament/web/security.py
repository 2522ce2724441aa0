"""The workbench's defences that do not depend on who is asking: security headers on every response, CSRF
tokens bound to a session, and the login rate limit.

- Headers: a Content-Security-Policy that allows only the workbench's own files (no inline script or
  style, no frames), `nosniff`, no referrer, no caching of pages (they hold case data), and HSTS when the
  cookies are Secure (the server is reached over HTTPS).
- CSRF: every state-changing request made with a cookie session carries a token (form field `csrf_token`
  or header `X-CSRF-Token`) that is an HMAC of the session id, so it cannot be made without the HttpOnly
  cookie. The login form has its own token, bound to a short-lived pre-login cookie. The API takes bearer
  tokens only, never cookies, so a browser cannot be tricked into sending its credentials there.
- Login rate limit: failures are counted per username and per client address in a sliding window; past
  the limit the login answers 429 with Retry-After, even for the right password.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSP",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LoginLimiter",
    "SecurityHeaders",
    "csrf_token_for",
    "csrf_valid",
    "new_login_nonce",
]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
_HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response (pages, API, static files, errors).
    Responses other than the static files are marked `no-store`: they hold case data. An exception no
    handler took is answered here by `on_fault`'s response (a plain 500 that says nothing of the case), so
    that answer carries the headers too; it is not passed on, so no traceback reaches the client."""

    def __init__(
        self, app: ASGIApp, *, hsts: bool, on_fault: Callable[[Scope, BaseException], ASGIApp]
    ) -> None:
        self.app = app
        self.hsts = hsts
        self.on_fault = on_fault

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                present = {k.lower() for k, _ in headers}
                extra = [*_HEADERS, *([_HSTS] if self.hsts else []), *([] if static else [_NO_STORE])]
                headers += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            await self.on_fault(scope, exc)(scope, receive, send_with_headers)


def csrf_token_for(secret: str) -> str:
    """The CSRF token of a session (or of a pre-login nonce): an HMAC of it, so knowing the token does not
    give the session id, and the token cannot be made without the HttpOnly cookie."""
    return hmac.new(secret.encode(), b"testament-csrf-v1", hashlib.sha256).hexdigest()


def csrf_valid(secret: str | None, token: str | None) -> bool:
    if not secret or not token:
        return False
    return hmac.compare_digest(csrf_token_for(secret), token)


def new_login_nonce() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class LoginLimiter:
    """Failed logins counted per username and per client address over a sliding `window` (seconds).
    `retry_after` says how long a login must wait (0: it may go ahead). In memory: a restart forgets, and
    behind a reverse proxy every client has the proxy's address (documented in docs/workbench.md)."""

    max_per_user: int = 5
    max_per_address: int = 20
    window: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _failures: dict[tuple[str, str], deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _keys(self, username: str, address: str) -> list[tuple[tuple[str, str], int]]:
        return [
            (("user", username.strip().casefold()), self.max_per_user),
            (("addr", address), self.max_per_address),
        ]

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, username: str, address: str) -> int:
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in self._keys(username, address):
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, times[len(times) - limit] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) > 100_000:  # bounded memory under a flood of made-up names
                for key in list(self._failures):
                    self._recent(key, now)
            for key, _limit in self._keys(username, address):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        """A right password clears the username's count (not the address's: one account's owner must not
        be able to reset the limit for guesses at others)."""
        with self._lock:
            self._failures.pop(("user", username.strip().casefold()), None)
