"""Workbench accounts on every backend: argon2id hashes, sessions and tokens stored hashed, refusals, and
account changes in the custody log."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select, update

from testament.errors import InputError, NotFoundError
from testament.settings import Settings
from testament.store import users
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.schema import accounts, api_tokens, sessions
from testament.store.users import (
    ROLES,
    add_user,
    authenticate,
    close_session,
    disable_user,
    issue_token,
    list_users,
    open_session,
    session_user,
    set_role,
    token_user,
)
from tests.views.conftest import TEST_HASHER

PASSWORD = "plum orbit lantern seventy"


@pytest.fixture(autouse=True)
def _test_strength_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at test strength (see tests/views/conftest.py) where the test is about sessions, tokens and
    roles; the tests that hash and verify passwords (`real_hashes`) use Testament's own parameters."""
    if "real_hashes" not in request.fixturenames:
        monkeypatch.setattr(users, "_HASHER", TEST_HASHER)


@pytest.fixture
def real_hashes() -> None:
    """Asks for Testament's argon2 parameters (see `_test_strength_hashes`)."""


def _events(case: Case, kind: str) -> list[dict]:
    with case.read() as conn:
        return [
            json.loads(e.details) | {"_actor": e.actor} for e in read_events(conn) if e.event_type == kind
        ]


def test_add_user_stores_argon2id_hash_and_logs_it(fresh_case: Case, real_hashes: None) -> None:
    user = add_user(fresh_case, "maryam", PASSWORD, "investigator")
    assert (user.username, user.role, user.disabled) == ("maryam", "investigator", False)
    with fresh_case.read() as conn:
        stored = conn.execute(select(accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    # the production parameters (tests elsewhere plant users with cheap ones: tests/views/conftest.py)
    assert stored.split("$")[3] == "m=65536,t=3,p=4"
    added = _events(fresh_case, "user_added")
    assert added == [{"user_id": user.id, "username": "maryam", "role": "investigator", "_actor": "tester"}]
    assert [u.username for u in list_users(fresh_case)] == ["maryam"]


def test_add_user_refuses_weak_password_duplicate_and_unknown_role(fresh_case: Case) -> None:
    with pytest.raises(InputError, match="password too weak") as weak:
        add_user(fresh_case, "maryam", "password1", "viewer")
    assert "password1" not in str(weak.value)
    add_user(fresh_case, "maryam", PASSWORD, "viewer")
    with pytest.raises(InputError, match="already exists"):
        add_user(fresh_case, "maryam", PASSWORD, "viewer")
    with pytest.raises(InputError, match="not known"):
        add_user(fresh_case, "other", PASSWORD, "superuser")
    with pytest.raises(InputError, match="username"):
        add_user(fresh_case, "bad name;", PASSWORD, "viewer")
    assert set(ROLES) == {"admin", "investigator", "analyst", "viewer"}


def test_authenticate_refuses_wrong_unknown_and_disabled(fresh_case: Case, real_hashes: None) -> None:
    add_user(fresh_case, "maryam", PASSWORD, "analyst")
    assert authenticate(fresh_case, "maryam", PASSWORD) is not None
    assert authenticate(fresh_case, "maryam", PASSWORD + "x") is None
    assert authenticate(fresh_case, "nobody", PASSWORD) is None
    disable_user(fresh_case, "maryam")
    assert authenticate(fresh_case, "maryam", PASSWORD) is None
    assert [e["username"] for e in _events(fresh_case, "user_disabled")] == ["maryam"]


def test_session_round_trip_stored_hashed_and_closed(fresh_case: Case) -> None:
    user = add_user(fresh_case, "maryam", PASSWORD, "viewer")
    sid = open_session(fresh_case, user)
    assert len(sid) >= 40
    with fresh_case.read() as conn:
        stored = conn.execute(select(sessions.c.id_sha256)).scalar_one()
    assert stored == hashlib.sha256(sid.encode()).hexdigest()
    assert session_user(fresh_case, sid) == user
    assert session_user(fresh_case, sid + "x") is None
    assert session_user(fresh_case, "") is None
    close_session(fresh_case, sid)
    assert session_user(fresh_case, sid) is None


def test_session_expired_or_user_disabled_is_refused(fresh_case: Case) -> None:
    user = add_user(fresh_case, "maryam", PASSWORD, "viewer")
    sid = open_session(fresh_case, user)
    with fresh_case.write() as conn:
        conn.execute(update(sessions).values(expires_at="2000-01-01T00:00:00.000000Z"))
    assert session_user(fresh_case, sid) is None
    other = open_session(fresh_case, user)
    assert session_user(fresh_case, other) == user
    disable_user(fresh_case, "maryam")
    assert session_user(fresh_case, other) is None
    with pytest.raises(NotFoundError):
        open_session(fresh_case, user)


def test_token_round_trip_unknown_and_revoked_on_disable(fresh_case: Case) -> None:
    add_user(fresh_case, "maryam", PASSWORD, "analyst")
    token = issue_token(fresh_case, "maryam")
    with fresh_case.read() as conn:
        assert conn.execute(select(api_tokens.c.token_sha256)).scalar_one() != token
    found = token_user(fresh_case, token)
    assert found is not None and found.username == "maryam"
    assert token_user(fresh_case, "not-a-token") is None
    assert token not in json.dumps(_events(fresh_case, "token_issued"))
    disable_user(fresh_case, "maryam")
    assert token_user(fresh_case, token) is None
    with pytest.raises(InputError, match="disabled"):
        issue_token(fresh_case, "maryam")
    with pytest.raises(NotFoundError):
        issue_token(fresh_case, "nobody")


def test_set_role_logs_change_and_ends_sessions(fresh_case: Case) -> None:
    user = add_user(fresh_case, "maryam", PASSWORD, "viewer")
    sid = open_session(fresh_case, user)
    changed = set_role(fresh_case, "maryam", "admin")
    assert changed.role == "admin"
    assert session_user(fresh_case, sid) is None
    logged = _events(fresh_case, "role_changed")
    assert [(e["from"], e["to"], e["_actor"]) for e in logged] == [("viewer", "admin", "tester")]
    token = issue_token(fresh_case, "maryam")
    found = token_user(fresh_case, token)
    assert found is not None and found.role == "admin"
    with pytest.raises(InputError):
        set_role(fresh_case, "maryam", "root")
    with pytest.raises(NotFoundError):
        set_role(fresh_case, "nobody", "viewer")


@pytest.mark.sqlite
def test_cli_users_add_list_role_token_disable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from testament.cli.main import app

    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "clerk", "TESTAMENT_NEW_PASSWORD": PASSWORD}
    case = str(tmp_path / "case")
    assert runner.invoke(app, ["init", case], env=env).exit_code == 0
    added = runner.invoke(app, ["users", "add", case, "maryam", "--role", "analyst"], env=env)
    assert added.exit_code == 0 and "maryam" in added.output and PASSWORD not in added.output
    weak = runner.invoke(
        app, ["users", "add", case, "bob", "--role", "viewer"], env={**env, "TESTAMENT_NEW_PASSWORD": "abc"}
    )
    assert weak.exit_code == 2 and "too weak" in weak.output
    assert runner.invoke(app, ["users", "role", case, "maryam", "investigator"], env=env).exit_code == 0
    listed = runner.invoke(app, ["users", "list", case, "--json"], env=env)
    assert json.loads(listed.output) == [
        {"id": 1, "username": "maryam", "role": "investigator", "disabled": False}
    ]
    token = runner.invoke(app, ["users", "token", case, "maryam"], env=env).output.strip()
    with Case.open(case, settings=Settings(actor="x")) as opened:
        found = token_user(opened, token)
        assert found is not None and found.username == "maryam"
        assert [e.actor for e in _all(opened) if e.event_type == "role_changed"] == ["clerk"]
    assert runner.invoke(app, ["users", "disable", case, "maryam"], env=env).exit_code == 0
    missing = runner.invoke(app, ["users", "disable", case, "nobody"], env=env)
    assert missing.exit_code == 2 and "no such user" in missing.output


def _all(case: Case) -> list:  # type: ignore[type-arg]
    with case.read() as conn:
        return read_events(conn)


def test_open_session_refuses_a_lifetime_of_zero(fresh_case: Case) -> None:
    user = add_user(fresh_case, "maryam", PASSWORD, "viewer")
    with pytest.raises(InputError, match="positive"):
        open_session(fresh_case, user, ttl_seconds=0)
    short = open_session(fresh_case, user, ttl_seconds=3600)
    assert session_user(fresh_case, short) == user
