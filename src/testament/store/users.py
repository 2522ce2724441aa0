"""Workbench accounts: users with a role, argon2id password hashes, server-side sessions and API tokens.

Accounts are operational, not evidence, but who may see what is part of the custody story: adding a user,
changing a role, disabling an account and issuing a token are custody events (username and role; never a
password or token). Session ids and tokens are random (`secrets.token_urlsafe(32)`), handed out once and
stored only as their SHA-256, so a copy of the database signs nobody in."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from testament.errors import InputError, NotFoundError, PassphraseError
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.ids import Ids
from testament.store.schema import accounts, api_tokens, sessions
from testament.vocab import CustodyEventType

__all__ = [
    "ROLES",
    "SESSION_TTL",
    "User",
    "add_user",
    "authenticate",
    "check_password",
    "close_session",
    "disable_user",
    "get_user",
    "issue_token",
    "list_users",
    "open_session",
    "revoke_tokens",
    "session_user",
    "set_role",
    "token_user",
]

ROLES: tuple[str, ...] = ("admin", "investigator", "analyst", "viewer")
SESSION_TTL = 8 * 3600  # seconds a sign-in lasts
_USERNAME = re.compile(r"^[\w.@-]{1,64}$")
_HASHER = PasswordHasher()  # argon2id, argon2-cffi's defaults (RFC 9106 low-memory profile)
_USERS_HINT = "list them with `testament users list CASE`"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    disabled: bool

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the username is unknown, so a wrong name takes as long as a wrong password."""
    return _HASHER.hash("testament: no such user")


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(when: datetime) -> str:
    """The custody log's time format: comparable as text."""
    return when.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"role {role!r} is not known", hint=f"use one of {', '.join(ROLES)}")
    return role


def _check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InputError(
            "username: expected 1-64 letters, digits, '.', '_', '@' or '-'",
            hint="e.g. `maryam.k` or `analyst2`",
        )
    return username


def check_password(password: str, *, username: str = "") -> None:
    """Refuse a password zxcvbn scores below the passphrase minimum (3 of 4), as for case passphrases.
    The password never enters the message."""
    from testament.store.passphrase import check_strength

    if not password:
        raise InputError(
            "a password is needed",
            hint="type it twice at the prompt, or set TESTAMENT_NEW_PASSWORD for a script",
        )
    try:
        check_strength(password, actor=username or None)
    except PassphraseError as exc:
        raise InputError(
            exc.message.replace("passphrase", "password"),
            hint=(exc.hint or "").replace("passphrase", "password"),
        ) from None


def _user(row: object) -> User:
    return User(int(row.id), str(row.username), str(row.role), bool(row.disabled))  # type: ignore[attr-defined]


_COLUMNS = (accounts.c.id, accounts.c.username, accounts.c.role, accounts.c.disabled)


def _find(conn: Connection, username: str) -> User:
    row = conn.execute(select(*_COLUMNS).where(accounts.c.username == username)).first()
    if row is None:
        raise NotFoundError(f"user {username!r}: no such user in this case", hint=_USERS_HINT)
    return _user(row)


def get_user(case: Case, username: str) -> User:
    """The user named `username`, or NotFoundError."""
    with case.read() as conn:
        return _find(conn, username)


def add_user(case: Case, username: str, password: str, role: str) -> User:
    """A new account with an argon2id hash of `password` (strong enough, else InputError). Logged as
    `user_added` (username and role)."""
    _check_username(username)
    _check_role(role)
    check_password(password, username=username)
    hashed = _HASHER.hash(password)  # slow on purpose: outside the write lock
    with case.write() as conn:
        if conn.execute(select(accounts.c.id).where(accounts.c.username == username)).first():
            raise InputError(
                f"user {username!r}: already exists",
                hint="choose another username, or change this user's role with `testament users role`",
            )
        uid = Ids(conn).take(accounts)
        conn.execute(
            insert(accounts),
            [{"id": uid, "username": username, "password_hash": hashed, "role": role, "disabled": False,
              "created_at": _stamp(_now())}],
        )  # fmt: skip
        event = NewEvent(CustodyEventType.USER_ADDED, {"user_id": uid, "username": username, "role": role})
        append_events(conn, case.settings.actor, [event])
    return User(uid, username, role, False)


def list_users(case: Case) -> list[User]:
    with case.read() as conn:
        return [_user(r) for r in conn.execute(select(*_COLUMNS).order_by(accounts.c.id))]


def _end_access(conn: Connection, user_id: int) -> None:
    """End every session of the user and revoke every token."""
    conn.execute(delete(sessions).where(sessions.c.account_id == user_id))
    conn.execute(
        update(api_tokens)
        .where(api_tokens.c.account_id == user_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=_stamp(_now()))
    )


def disable_user(case: Case, username: str) -> User:
    """Disable an account: it can no longer sign in; its sessions end and its tokens are revoked. Logged
    as `user_disabled`. The account stays, so the custody log's actor names keep meaning someone."""
    with case.write() as conn:
        user = _find(conn, username)
        conn.execute(update(accounts).where(accounts.c.id == user.id).values(disabled=True))
        _end_access(conn, user.id)
        event = NewEvent(CustodyEventType.USER_DISABLED, {"user_id": user.id, "username": username})
        append_events(conn, case.settings.actor, [event])
    return User(user.id, user.username, user.role, True)


def set_role(case: Case, username: str, role: str) -> User:
    """Change a user's role, logged as `role_changed` (from, to). Their open sessions end, so the new role
    applies at once (tokens keep working with the new role)."""
    _check_role(role)
    with case.write() as conn:
        user = _find(conn, username)
        if user.role == role:
            return user
        conn.execute(update(accounts).where(accounts.c.id == user.id).values(role=role))
        conn.execute(delete(sessions).where(sessions.c.account_id == user.id))
        details = {"user_id": user.id, "username": username, "from": user.role, "to": role}
        append_events(conn, case.settings.actor, [NewEvent(CustodyEventType.ROLE_CHANGED, details)])
    return User(user.id, user.username, role, user.disabled)


def authenticate(case: Case, username: str, password: str) -> User | None:
    """The user if `password` is theirs and the account is enabled; None otherwise (unknown user, wrong
    password, disabled account alike, in about the same time)."""
    with case.read() as conn:
        row = conn.execute(
            select(*_COLUMNS, accounts.c.password_hash).where(accounts.c.username == username)
        ).first()
    try:
        _HASHER.verify(row.password_hash if row is not None else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled:
        return None
    return _user(row)


def open_session(case: Case, user: User, *, ttl_seconds: int = SESSION_TTL) -> str:
    """A new session for `user`: a random id, returned once and stored as its SHA-256. Expired sessions
    are cleared on the way."""
    if ttl_seconds <= 0:
        raise InputError("a session needs a positive lifetime", hint="give ttl_seconds > 0")
    session_id = secrets.token_urlsafe(32)
    now = _now()
    with case.write() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at <= _stamp(now)))
        enabled = conn.execute(
            select(accounts.c.id).where(accounts.c.id == user.id, accounts.c.disabled.is_(False))
        ).first()
        if enabled is None:
            raise NotFoundError(f"user {user.username!r}: no such enabled user", hint=_USERS_HINT)
        conn.execute(
            insert(sessions),
            [{"id_sha256": _digest(session_id), "account_id": user.id, "created_at": _stamp(now),
              "expires_at": _stamp(now + timedelta(seconds=ttl_seconds))}],
        )  # fmt: skip
    return session_id


def _lookup(conn: Connection, table: object, key_column: object, secret: str, *extra: object) -> User | None:
    digest = _digest(secret)
    row = conn.execute(
        select(*_COLUMNS, key_column)  # type: ignore[call-overload]
        .join(table, key_column.table.c.account_id == accounts.c.id)  # type: ignore[attr-defined]
        .where(key_column == digest, accounts.c.disabled.is_(False), *extra)
    ).first()
    if row is None or not hmac.compare_digest(str(row[-1]), digest):
        return None
    return _user(row)


def session_user(case: Case, session_id: str) -> User | None:
    """The signed-in user of a session; None for an unknown or expired session or a disabled user."""
    if not session_id:
        return None
    with case.read() as conn:
        return _lookup(
            conn, sessions, sessions.c.id_sha256, session_id, sessions.c.expires_at > _stamp(_now())
        )


def close_session(case: Case, session_id: str) -> None:
    """End a session (sign out). Unknown ids are ignored."""
    if not session_id:
        return
    with case.write() as conn:
        conn.execute(delete(sessions).where(sessions.c.id_sha256 == _digest(session_id)))


def issue_token(case: Case, username: str) -> str:
    """A new API token for an enabled user, returned once (stored as its SHA-256). Logged as
    `token_issued` (the user; never the token)."""
    token = secrets.token_urlsafe(32)
    with case.write() as conn:
        user = _find(conn, username)
        if user.disabled:
            raise InputError(f"user {username!r}: disabled", hint="a disabled user gets no token")
        conn.execute(
            insert(api_tokens),
            [{"token_sha256": _digest(token), "account_id": user.id, "created_at": _stamp(_now()),
              "revoked_at": None}],
        )  # fmt: skip
        event = NewEvent(CustodyEventType.TOKEN_ISSUED, {"user_id": user.id, "username": username})
        append_events(conn, case.settings.actor, [event])
    return token


def token_user(case: Case, token: str) -> User | None:
    """The user an API token belongs to; None for an unknown or revoked token or a disabled user."""
    if not token:
        return None
    with case.read() as conn:
        return _lookup(conn, api_tokens, api_tokens.c.token_sha256, token, api_tokens.c.revoked_at.is_(None))


def revoke_tokens(case: Case, username: str) -> int:
    """Revoke every token of a user; returns how many were live."""
    with case.write() as conn:
        user = _find(conn, username)
        done = conn.execute(
            update(api_tokens)
            .where(api_tokens.c.account_id == user.id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=_stamp(_now()))
        ).rowcount
    return int(done or 0)
