"""The workbench's defences, piece by piece and through the app: headers, CSRF, session cookies and
fixation, the login rate limit, safe file names and redirects, path traversal and guessed ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from testament.errors import AccessDenied, CaseBusyError, InputError, IntegrityFailure, NotFoundError
from testament.store.users import session_user
from testament.web.app import create_app
from testament.web.auth import SESSION_COOKIE, safe_next
from testament.web.errors import scrub
from testament.web.pages import content_disposition
from testament.web.security import CSP, LoginLimiter, csrf_token_for, csrf_valid
from tests.web._fixtures import Other, Planted, csrf, login, login_page_token, other_case, private_copy

# --- pieces -----------------------------------------------------------------------------------------------


def test_limiter_refuses_after_five_failures_per_username() -> None:
    now = [1000.0]
    limiter = LoginLimiter(clock=lambda: now[0])
    for _ in range(5):
        assert limiter.retry_after("alice", "10.0.0.1") == 0
        limiter.failed("alice", "10.0.0.1")
    assert limiter.retry_after("Alice ", "10.0.0.2") == 15 * 60  # same user, any address
    assert limiter.retry_after("bob", "10.0.0.2") == 0
    now[0] += 15 * 60 + 1
    assert limiter.retry_after("alice", "10.0.0.1") == 0


def test_limiter_counts_per_address_across_usernames() -> None:
    limiter = LoginLimiter(max_per_address=3, clock=lambda: 0.0)
    for name in ("a", "b", "c"):
        limiter.failed(name, "10.0.0.9")
    assert limiter.retry_after("d", "10.0.0.9") > 0
    assert limiter.retry_after("d", "10.0.0.8") == 0


def test_limiter_success_clears_the_username_not_the_address() -> None:
    limiter = LoginLimiter(max_per_user=2, max_per_address=2, clock=lambda: 0.0)
    limiter.failed("a", "x")
    limiter.failed("a", "x")
    limiter.succeeded("a")
    assert limiter.retry_after("a", "y") == 0
    assert limiter.retry_after("a", "x") > 0


def test_csrf_token_binds_to_its_secret() -> None:
    token = csrf_token_for("session-one")
    assert csrf_valid("session-one", token)
    assert not csrf_valid("session-two", token)
    assert not csrf_valid(None, token) and not csrf_valid("session-one", None)
    assert "session-one" not in token


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("list.csv", "attachment; filename=\"list.csv\"; filename*=UTF-8''list.csv"),
        ("../../case.json", "attachment; filename=\"case.json\"; filename*=UTF-8''case.json"),
        ("a\\b\\evil.sh", "attachment; filename=\"evil.sh\"; filename*=UTF-8''evil.sh"),
        ('x"; y=1\r\n.txt', "attachment; filename=\"x y_1.txt\"; filename*=UTF-8''x%20y%3D1.txt"),
        ("", "attachment; filename=\"download\"; filename*=UTF-8''download"),
    ],
)
def test_content_disposition_is_safe(name: str, expected: str) -> None:
    assert content_disposition(name) == expected


def test_content_disposition_keeps_a_persian_name_encoded() -> None:
    header = content_disposition("فهرست.csv")
    assert header.startswith("attachment; filename=\"_____.csv\"; filename*=UTF-8''%D9%81")
    assert header.isascii()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/persons?q=x", "/persons?q=x"), ("//evil.example", "/"), ("https://evil.example", "/"),
     ("/\\evil.example", "/"), ("/a\r\nSet-Cookie: x", "/"), (None, "/")],
)  # fmt: skip
def test_safe_next_stays_on_this_server(value: object, expected: str) -> None:
    assert safe_next(value) == expected


def test_scrub_takes_quoted_values_out() -> None:
    assert scrub("user 'Zohreh' not found; found \"x<script>\"") == "user '…' not found; found '…'"


# --- through the app ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def private(planted: Planted, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    yield from private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def other(planted: Planted, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Other]:
    yield from other_case(planted, tmp_path_factory)


# ---------------------------------------------------------------------------------


@pytest.fixture
def client(private: Planted) -> Iterator[TestClient]:
    with TestClient(create_app(private.case, secure_cookies=False), follow_redirects=False) as c:
        yield c


def test_pages_and_api_carry_the_security_headers(client: TestClient) -> None:
    for url in ("/login", "/api/v1/openapi.json", "/static/workbench.css", "/no-such-page"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CSP, url
        assert "'unsafe-inline'" not in CSP and "frame-ancestors 'none'" in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in headers  # plain http in this test
        assert "server" not in headers
    assert client.get("/login").headers["cache-control"] == "no-store"


def test_hsts_is_sent_when_cookies_are_secure(private: Planted) -> None:
    with TestClient(create_app(private.case), base_url="https://testserver") as secure:
        assert secure.get("/login").headers["strict-transport-security"].startswith("max-age=")


def test_session_cookie_flags(private: Planted) -> None:
    with TestClient(create_app(private.case), base_url="https://testserver", follow_redirects=False) as c:
        username, password = private.users["viewer"]
        token = login_page_token(c)
        response = c.post("/login", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 303
        cookie = next(
            v for k, v in response.headers.multi_items() if k == "set-cookie" and "testament_session=" in v
        )
        lowered = cookie.lower()
        assert (
            "httponly" in lowered
            and "samesite=strict" in lowered
            and "secure" in lowered
            and "path=/" in lowered
        )


def test_session_cookie_lacks_secure_only_when_asked(client: TestClient, private: Planted) -> None:
    response = login(client, *private.users["viewer"])
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "testament_session=" in v
    )
    assert "secure" not in cookie.lower() and "httponly" in cookie.lower()


def test_login_makes_a_new_session_id_and_logout_ends_it(client: TestClient, private: Planted) -> None:
    planted_id = "attacker-chosen-session-id"
    client.cookies.set(SESSION_COOKIE, planted_id, domain="testserver.local")
    login(client, *private.users["analyst"])
    first = client.cookies[SESSION_COOKIE]
    assert first != planted_id and session_user(private.case, first) is not None
    assert session_user(private.case, planted_id) is None
    assert client.get("/login").headers["location"] == "/"  # signed in: the login page sends home
    second = first
    response = client.post("/logout", data={"csrf_token": csrf(client)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert session_user(private.case, second) is None
    assert client.get("/").status_code == 303  # back to the login page


def test_wrong_password_does_not_sign_in(client: TestClient, private: Planted) -> None:
    username, _ = private.users["admin"]
    response = login(client, username, "not the password at all")
    assert response.status_code == 200 and "Wrong username or password" in response.text
    assert SESSION_COOKIE not in client.cookies
    assert username not in response.text.split("<main", 1)[1]  # the name typed is not echoed back


def test_csrf_refused_without_token_and_accepted_with_it(client: TestClient, private: Planted) -> None:
    login(client, *private.users["admin"])
    assert client.post("/logout").status_code == 403
    assert client.post("/logout", data={"csrf_token": "0" * 64}).status_code == 403
    assert client.post("/verify", headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/verify", headers={"X-CSRF-Token": csrf(client)}).status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf(client)}).status_code == 303


def test_login_form_needs_its_own_csrf_token(client: TestClient, private: Planted) -> None:
    username, password = private.users["admin"]
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 403 and SESSION_COOKIE not in client.cookies
    token = login_page_token(client)
    client.cookies.delete("testament_login", path="/login")
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 403  # a token without the browser's pre-login cookie is worthless


def test_login_rate_limit_answers_429_with_retry_after(private: Planted) -> None:
    app = create_app(private.case, secure_cookies=False, limiter=LoginLimiter(max_per_user=3))
    with TestClient(app, follow_redirects=False) as c:
        username, password = private.users["investigator"]
        for _ in range(3):
            assert login(c, username, "wrong password here").status_code == 200
        response = login(c, username, password)  # even the right password waits
        assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
        assert SESSION_COOKIE not in c.cookies
        other, other_password = private.users["viewer"]
        assert login(c, other, other_password).status_code == 303


def test_login_redirect_goes_back_but_never_off_site(client: TestClient, private: Planted) -> None:
    response = client.get("/persons?q=ali")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/persons%3Fq%3Dali"
    response = login(client, *private.users["viewer"], next_path="/persons?q=ali")
    assert response.headers["location"] == "/persons?q=ali"
    client.cookies.clear()
    response = login(client, *private.users["viewer"], next_path="//evil.example/")
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(
    "url",
    [
        "/artifacts/..%2f..%2fcase.json/download",
        "/artifacts/../../case.json/download",
        "/artifacts/%2e%2e/download",
        "/artifacts/1.5/download",
        "/artifacts/-1/download",
        "/artifacts/0x1/download",
        "/artifacts/99999999999999999999999/download",
        "/static/../case.json",
        "/static/..%2f..%2fcase.json",
    ],
)
def test_path_traversal_and_bad_ids_are_refused(client: TestClient, private: Planted, url: str) -> None:
    login(client, *private.users["admin"])
    response = client.get(url)
    assert response.status_code in (404, 422), url
    assert b'"case_id"' not in response.content and private.case.config.case_id not in response.text


def test_download_names_the_file_safely(client: TestClient, private: Planted) -> None:
    login(client, *private.users["admin"])
    response = client.get(f"/artifacts/{private.list_artifact_id}/download")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert "sandbox" in response.headers["content-security-policy"]


def test_a_guessed_id_of_another_case_is_not_found(
    client: TestClient, private: Planted, other: Other
) -> None:
    """Ids that exist only in another case read as 404 here, like any unknown id; its token opens nothing."""
    login(client, *private.users["admin"])
    headers = {"Authorization": f"Bearer {private.tokens['admin']}"}
    theirs = other.artifact_ids[-2:]  # beyond this case's last artifact id
    for artifact_id in theirs:
        assert client.get(f"/sources/{artifact_id}").status_code == 404
        assert client.get(f"/artifacts/{artifact_id}/download").status_code == 404
        assert client.get(f"/api/v1/sources/{artifact_id}", headers=headers).status_code == 404
    foreign = client.get("/api/v1/sources", headers={"Authorization": f"Bearer {other.tokens['admin']}"})
    assert foreign.status_code == 401


def test_errors_do_not_echo_what_was_sent(client: TestClient, private: Planted) -> None:
    login(client, *private.users["admin"])
    probe = "<script>alert(1)</script>zz-probe"
    response = client.post("/review/links/1", data={"decision": probe, "csrf_token": csrf(client)})
    assert response.status_code in (400, 404, 422)
    assert "zz-probe" not in response.text
    api = client.post(
        "/api/v1/review/links/1",
        json={"decision": probe},
        headers={"Authorization": f"Bearer {private.tokens['admin']}"},
    )
    assert api.status_code == 422 and "zz-probe" not in api.text


def test_unknown_route_reads_as_404_page(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (CaseBusyError("another process holds the write lock"), 503),
        (AccessDenied("no 'secret-role-zz' here"), 403),
        (NotFoundError("person 'Zohreh Canarypour' is hidden"), 404),
        (InputError("decision 'zz-sent' is not known", hint="use 'same'"), 400),
        (IntegrityFailure("blob 'zz-hash' altered"), 500),
        (RuntimeError("boom with zz-case-data"), 500),
    ],
)
def test_errors_map_to_statuses_and_say_nothing_of_values(
    private: Planted, monkeypatch: pytest.MonkeyPatch, error: Exception, status: int
) -> None:
    import testament.views

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(testament.views, "list_sources", fail)
    with TestClient(create_app(private.case, secure_cookies=False), follow_redirects=False) as client:
        login(client, *private.users["viewer"])
        page = client.get("/sources")
        api = client.get("/api/v1/sources", headers={"Authorization": f"Bearer {private.tokens['viewer']}"})
    for response in (page, api):
        assert response.status_code == status
        assert (
            "zz-" not in response.text
            and "Canarypour" not in response.text
            and "Traceback" not in response.text
        )
        assert response.headers["content-security-policy"] == CSP  # on error answers too
        assert ("retry-after" in response.headers) == (status == 503)
    assert api.json()["detail"]
    if status == 400:
        assert "decision '…' is not known" in api.json()["detail"]
