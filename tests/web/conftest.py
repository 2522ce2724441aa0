"""The workbench's browser harness: one fixture case for the session (tests/web/_fixtures.py plants the
evidence, the four users and the canaries), the app served by uvicorn on a free loopback port in a
background thread, and Debian's headless Chromium driven by Playwright (one browser per session, a fresh
context per test). Chromium comes from `make chromium` (scripts/ensure-chromium); Playwright's own browser
download is never used. A missing Chromium fails the tests loudly: they are never skipped."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web import _fixtures

CHROMIUM = os.environ.get("TESTAMENT_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
# `TESTAMENT_SCREENSHOTS=1 pytest tests/web/test_browser.py` rewrites docs/screenshots/*.png; a plain run
# leaves the committed pictures alone so the tests never dirty the work tree.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREENSHOT_NAMES: tuple[str, ...] = (
    "home", "ingest-report", "document", "person", "link-review", "document-viewer",
)  # fmt: skip
SCREENSHOT_NAMES += ("persian-person", "estimate-job")  # tests/web/test_browser_persian.py
SCREENSHOT_NAMES += ("dashboard", "timeline", "map")  # tests/web/test_browser_picture.py


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The fixture case (built once a session: it runs a real linkage), shared by the web tests that only
    read it. A test that changes what others read works on its own copy (`_fixtures.private_copy`)."""
    built = _fixtures.build_case(tmp_path_factory.mktemp("workbench") / "case")
    yield built
    built.case.close()


@pytest.fixture(scope="session")
def served(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The live server's own copy of the fixture case: the browser tests upload files and decide the pair."""
    yield from _fixtures.private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="session")
def web_app(served: Any) -> Any:
    from testament.web.app import create_app

    return create_app(served.case, secure_cookies=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(web_app: Any) -> Iterator[str]:
    """The app on http://127.0.0.1:<free port>, served by uvicorn in a daemon thread; its base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="workbench-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the workbench's live server did not start within 20 s", pytrace=False)
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(live_server: str) -> Iterator[Any]:
    """One headless Debian Chromium for the session (root needs --no-sandbox)."""
    from playwright.sync_api import sync_playwright

    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: run `make chromium` (Debian's package) or set "
            "TESTAMENT_CHROMIUM. The browser tests are never skipped.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page, 1280×800, pointed at the live server."""
    context = browser.new_context(base_url=live_server, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(10_000)
    # What the Content-Security-Policy blocks: Chromium logs each as a console error (with the hash of the
    # blocked content); for scripts this also says where it came from, which the message does not.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => {"
        " if (e.violatedDirective.startsWith('style-src')) return;"
        " console.error('CSP blocked:', e.violatedDirective, e.blockedURI,"
        " e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber,"
        " 'element:', e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : e.target); });"
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    # Fail on what the Content-Security-Policy blocked (an inline script or style, logged as a console
    # error) and on a failed file or htmx call; a page's own error status (the 404 of a hidden object) is
    # what some tests ask for.
    tab.on("console", lambda msg: _console_error(errors, msg))
    tab.on("response", lambda response: _failed_subresource(errors, response))
    yield tab
    context.close()
    assert not errors, f"errors in the browser: {errors}"


def _console_error(errors: list[str], msg: Any) -> None:
    if msg.type != "error" or msg.text.startswith("Failed to load resource"):
        return
    errors.append(f"console: {msg.text} ({msg.location.get('url')})")


def _failed_subresource(errors: list[str], response: Any) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"{response.request.resource_type} {response.url}: {response.status}")


def login(page: Any, served: Any, role: str) -> None:
    """Log in through the form as the fixture's user of `role`, and wait for the home page."""
    username, password = served.users[role]
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("#login button[type=submit]").click()
    assert "/login" not in page.url, f"login as {role} failed: still on {page.url}"


def screenshot(page: Any, name: str) -> None:
    """docs/screenshots/<name>.png of the viewport, only when TESTAMENT_SCREENSHOTS=1."""
    assert name in SCREENSHOT_NAMES, f"add {name!r} to SCREENSHOT_NAMES"
    if os.environ.get("TESTAMENT_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
