"""`testament serve` for real: an encrypted case opened with its passphrase from the environment, served by
uvicorn in a child process, answering over HTTP with Secure cookies and the security headers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from testament.settings import Settings
from testament.store.case import Case
from testament.store.users import add_user

PASSPHRASE = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


def test_serve_opens_an_encrypted_case_and_answers(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with Case.create(folder, settings=Settings(actor="tester", passphrase=PASSPHRASE), encrypt=True) as case:
        add_user(case, "maryam", "quartz-lantern-admin-4417", "admin")
    port = _free_port()
    env = {**os.environ, "TESTAMENT_PASSPHRASE": PASSPHRASE}
    command = [sys.executable, "-c", "from testament.cli.main import run; run()", "serve", str(folder),
               "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/login")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"the server did not start: {server.communicate()[1][-2000:]}"
                    ) from None
                time.sleep(0.2)
        assert status == 200 and 'id="login"' in body
        lowered = {k.lower(): v for k, v in headers.items()}
        assert "default-src 'self'" in lowered["content-security-policy"]
        assert "strict-transport-security" in lowered
        assert "secure" in lowered["set-cookie"].lower() and "httponly" in lowered["set-cookie"].lower()
        assert "server" not in lowered  # uvicorn's Server header is off
        status, _, _ = _get(f"http://127.0.0.1:{port}/api/v1/sources")
        assert status == 401
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    assert f"serving {folder} on http://127.0.0.1:{port}/" in errors


def test_run_server_passes_tls_and_refuses_half_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from testament.errors import InputError
    from testament.web.server import run_server

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("y")
    with Case.create(tmp_path / "case", settings=Settings(actor="tester")) as case:
        run_server(case, host="0.0.0.0", port=8443, certfile=cert, keyfile=key)
        with pytest.raises(InputError, match="go together"):
            run_server(case, certfile=cert)
        with pytest.raises(InputError, match="no such file"):
            run_server(case, certfile=cert, keyfile=tmp_path / "missing.pem")
    assert calls == [
        {"host": "0.0.0.0", "port": 8443, "ssl_certfile": str(cert), "ssl_keyfile": str(key),
         "access_log": False, "server_header": False, "proxy_headers": False, "log_level": "info"}
    ]  # fmt: skip


def test_serve_command_hands_the_open_case_to_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import testament.web.server
    from testament.cli.main import app

    seen: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(
        testament.web.server, "run_server", lambda case, **kwargs: seen.append((case.config.case_id, kwargs))
    )
    with Case.create(tmp_path / "case", settings=Settings(actor="tester")) as case:
        case_id = case.config.case_id
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "case"), "--port", "9000", "--plain-http"])
    assert result.exit_code == 0, result.output
    assert seen == [
        (
            case_id,
            {"host": "127.0.0.1", "port": 9000, "certfile": None, "keyfile": None, "secure_cookies": False},
        )
    ]
    missing = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and not seen[1:]
