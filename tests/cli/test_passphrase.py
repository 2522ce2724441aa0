"""The passphrase at the command line: asked twice at a real terminal (a pseudo-terminal that is the
child's controlling terminal, as a shell gives it), weak ones refused, and `passphrase change` and
`passphrase recover` end to end."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.settings import Settings
from testament.store.case import Case
from tests.conftest import PASSPHRASE
from tests.samples import CP1256_ROWS

NEW = "lantern orchard gravel midnight"
runner = CliRunner()
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _controlling_terminal() -> None:
    """In the child, after setsid: make the pseudo-terminal on stdin its controlling terminal, so getpass
    opens /dev/tty and turns echo off, as it does for a person."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`testament ARGS` on a pseudo-terminal; `expect` waits for text on the screen, `type` types a line."""

    def __init__(self, *args: str | Path, env: dict[str, str]) -> None:
        primary, secondary = os.openpty()
        # a wide window, so that Rich wraps no message with a long temporary path (it reads the terminal's
        # size, not COLUMNS, when it has a terminal)
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 1000, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from testament.cli.main import run; run()", *map(str, args)],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(secondary)
        self.fd = primary
        self.screen = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # EIO: the child has closed the terminal
            chunk = b""
        self.screen += _ANSI.sub("", chunk.decode("utf-8", "replace"))
        return bool(chunk)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1  # never closed twice: the number may belong to another file by then

    def expect(self, text: str, timeout: float = 120) -> None:
        """Wait for `text`. For a hidden prompt wait for the text with its trailing space: Click writes the
        text, then getpass turns echo off and writes the space; typing earlier would be echoed."""
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > deadline or not self._read(deadline - time.monotonic()):
                raise AssertionError(f"waited for {text!r}; the terminal shows {self.screen!r}")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\r")

    def finish(self, timeout: float = 120) -> int:
        """Read the screen to the end; the exit code."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.2):
            pass
        self.close()
        return self.proc.returncode


@pytest.fixture
def terminal() -> Iterator[Callable[..., Terminal]]:
    """Start `testament ARGS` at a terminal; every one is ended when the test ends, passed or failed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TESTAMENT_")}
    env.update({"TESTAMENT_ACTOR": "cli-test", "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "1000"})
    # wide enough that no message with a long temporary path is wrapped across lines (Rich holds a "dumb"
    # terminal to 80 columns whatever COLUMNS says)
    started: list[Terminal] = []

    def start(*args: str | Path) -> Terminal:
        started.append(Terminal(*args, env=env))
        return started[-1]

    yield start
    for term in started:
        term.close()


def _run(*args: str | Path, env: dict[str, str], stdin: str | None = None):
    return runner.invoke(app, [str(a) for a in args], env={"TESTAMENT_ACTOR": "cli-test", **env}, input=stdin)


def _said(result: Any) -> str:
    """What a command printed, with Rich's line wrapping undone."""
    return " ".join(result.output.split())


def _blob_files(case_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(case_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((case_dir / "blobs").rglob("*"))
        if p.is_file()
    }


# --- at a terminal ----------------------------------------------------------------------------------------


@pytest.mark.sqlcipher
def test_init_at_terminal_asks_twice_and_accepts_strong_passphrase(
    tmp_path: Path, terminal: Callable[..., Terminal]
) -> None:
    term = terminal("init", tmp_path / "case", "--encrypt")
    term.expect("New passphrase: ")
    term.type(PASSPHRASE)
    term.expect("Repeat the new passphrase: ")
    term.type(PASSPHRASE)
    term.expect("Created case")
    assert term.finish() == 0, term.screen
    assert PASSPHRASE not in term.screen  # typed without echo
    with Case.open(tmp_path / "case", settings=Settings(actor="t", passphrase=PASSPHRASE)) as case:
        assert case.status()["encrypted"] is True


@pytest.mark.sqlcipher
def test_init_at_terminal_mismatch_refused_and_no_case_made(
    tmp_path: Path, terminal: Callable[..., Terminal]
) -> None:
    term = terminal("init", tmp_path / "case", "--encrypt")
    term.expect("New passphrase: ")
    term.type(PASSPHRASE)
    term.expect("Repeat the new passphrase: ")
    term.type(PASSPHRASE.replace("staple", "stapel"))
    assert term.finish() == 2, term.screen
    assert "the two passphrases differ" in term.screen and "Traceback" not in term.screen
    assert not (tmp_path / "case").exists()


@pytest.mark.sqlcipher
def test_init_at_terminal_weak_passphrase_refused_before_repeat(
    tmp_path: Path, terminal: Callable[..., Terminal]
) -> None:
    term = terminal("init", tmp_path / "case", "--encrypt")
    term.expect("New passphrase: ")
    term.type("monkey123")
    assert term.finish() == 2, term.screen
    assert "passphrase too weak" in term.screen and "Hint:" in term.screen  # zxcvbn's advice
    assert "Repeat" not in term.screen and "monkey123" not in term.screen
    assert not (tmp_path / "case").exists()


@pytest.mark.sqlcipher
def test_change_and_recover_at_terminal(tmp_path: Path, terminal: Callable[..., Terminal]) -> None:
    made = _run(
        "init",
        tmp_path / "case",
        "--encrypt",
        "--recovery-shares",
        "2-of-3",
        env={"TESTAMENT_PASSPHRASE": PASSPHRASE},
    )
    shares = _shares(made.stdout)
    term = terminal("passphrase", "change", tmp_path / "case")
    term.expect("Passphrase: ")
    term.type(PASSPHRASE)
    term.expect("New passphrase: ")
    term.type(NEW)
    term.expect("Repeat the new passphrase: ")
    term.type(NEW)
    term.expect("changed")
    assert term.finish() == 0, term.screen
    term = terminal("passphrase", "recover", tmp_path / "case")
    for number in (1, 2):
        term.expect(f"Recovery share {number} of 2: ")
        term.type(shares[number])
    term.expect("New passphrase: ")
    term.type(PASSPHRASE)
    term.expect("Repeat the new passphrase: ")
    term.type(PASSPHRASE)
    term.expect("rebuilt from 2 shares")
    assert term.finish() == 0, term.screen
    assert shares[1].split()[5] not in term.screen  # shares typed without echo too
    Case.open(tmp_path / "case", settings=Settings(actor="t", passphrase=PASSPHRASE)).close()


# --- from the environment and standard input --------------------------------------------------------------


def _shares(output: str) -> list[str]:
    lines = output.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if re.fullmatch(r"Share \d of \d:", line)]


@pytest.mark.sqlcipher
def test_init_weak_passphrase_from_environment_refused(tmp_path: Path) -> None:
    result = _run("init", tmp_path / "case", "--encrypt", env={"TESTAMENT_PASSPHRASE": "secret"})
    assert result.exit_code == 2 and "passphrase too weak" in _said(result)
    assert not (tmp_path / "case").exists()


@pytest.mark.parametrize("spec", ["1-of-3", "3-of-2", "2of"])
def test_init_bad_recovery_shares_refused(tmp_path: Path, spec: str) -> None:
    result = _run(
        "init",
        tmp_path / "case",
        "--encrypt",
        "--recovery-shares",
        spec,
        env={"TESTAMENT_PASSPHRASE": PASSPHRASE},
    )
    said = _said(result)
    assert result.exit_code == 2 and "Error: --recovery-shares" in said and "e.g. 2-of-3" in said
    assert not (tmp_path / "case").exists()


@pytest.mark.sqlcipher
def test_recover_from_two_of_three_shares_on_stdin(tmp_path: Path) -> None:
    case, old, new = tmp_path / "case", {"TESTAMENT_PASSPHRASE": PASSPHRASE}, {"TESTAMENT_PASSPHRASE": NEW}
    made = _run("init", case, "--encrypt", "--recovery-shares", "2-of-3", env=old)
    assert made.exit_code == 0, made.output
    shares = _shares(made.stdout)
    assert len(shares) == 3 and all(len(s.split()) == 33 for s in shares)  # each whole, on one line
    assert "different trusted partner" in made.stdout and "shown this once" in made.stdout
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    assert _run("ingest", case, tmp_path / "l.csv", env=old).exit_code == 0

    one = _run("passphrase", "recover", case, env={"TESTAMENT_NEW_PASSPHRASE": NEW}, stdin=shares[0] + "\n")
    assert one.exit_code == 2 and "1 recovery share given; this key needs 2" in _said(one)
    result = _run(
        "passphrase",
        "recover",
        case,
        env={"TESTAMENT_NEW_PASSPHRASE": NEW},
        stdin=f"{shares[0]}\n{shares[2]}\n",
    )
    assert result.exit_code == 0, result.output
    records = _run("records", case, "--json", env=new)
    assert records.exit_code == 0 and len(json.loads(records.stdout)) == 2
    refused = _run("status", case, env=old)
    assert refused.exit_code == 2 and "wrong passphrase" in _said(refused)


@pytest.mark.sqlcipher
def test_change_passphrase_keeps_verify_clean_and_blobs_unchanged(tmp_path: Path) -> None:
    case, old, new = tmp_path / "case", {"TESTAMENT_PASSPHRASE": PASSPHRASE}, {"TESTAMENT_PASSPHRASE": NEW}
    assert _run("init", case, "--encrypt", env=old).exit_code == 0
    (tmp_path / "l.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    assert _run("ingest", case, tmp_path / "l.csv", env=old).exit_code == 0
    blobs = _blob_files(case)

    weak = _run("passphrase", "change", case, env={**old, "TESTAMENT_NEW_PASSPHRASE": "password1"})
    assert weak.exit_code == 2 and "too weak" in _said(weak)
    result = _run("passphrase", "change", case, env={**old, "TESTAMENT_NEW_PASSPHRASE": NEW})
    assert result.exit_code == 0, result.output
    assert _blob_files(case) == blobs
    verified = _run("verify", case, "--json", env=new)
    assert verified.exit_code == 0 and json.loads(verified.stdout)["ok"] is True
    refused = _run("status", case, env=old)
    assert refused.exit_code == 2 and "wrong passphrase" in _said(refused)
    missing = _run("passphrase", "change", case, env=new)
    assert missing.exit_code == 2 and "TESTAMENT_NEW_PASSPHRASE" in _said(missing)


@pytest.mark.sqlite
def test_passphrase_commands_on_plain_case_say_so(tmp_path: Path) -> None:
    assert _run("init", tmp_path / "case", env={}).exit_code == 0
    change = _run("passphrase", "change", tmp_path / "case", env={"TESTAMENT_NEW_PASSPHRASE": NEW})
    assert change.exit_code == 2 and "not encrypted" in _said(change)
    recover = _run(
        "passphrase", "recover", tmp_path / "case", env={"TESTAMENT_NEW_PASSPHRASE": NEW}, stdin=""
    )
    assert recover.exit_code == 2 and "no recovery shares were made" in _said(recover)
