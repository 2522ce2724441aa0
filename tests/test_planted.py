"""Bugs that were once planted and left the suite green (issue 20), reapplied one at a time: each is a small
source patch to a copy of the package, and the focused tests, run against that copy, must fail.

A patch whose anchor text is gone (the code was rewritten) fails this test too, naming the bug: restate the
bug against the new code rather than dropping it. Each case costs one pytest process of a few seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "testament"


@dataclass(frozen=True)
class Planted:
    """`module` (under src/testament) with each `old` text replaced by `new`; `tests` must then fail."""

    id: str
    module: str
    edits: tuple[tuple[str, str], ...]
    tests: tuple[str, ...]


PLANTED = [
    Planted(
        "custody-details-not-hashed",
        "store/custody.py",
        (
            (
                "body: dict[str, Any] = dict(zip(_EVENT_FIELDS, fields, strict=True))\n",
                "body: dict[str, Any] = dict(zip(_EVENT_FIELDS, fields, strict=True))\n"
                '    body.pop("details")\n',
            ),
        ),
        ("tests/store/test_custody.py",),
    ),
    Planted(
        "dates-solar-numeric-month-first",
        "dates.py",
        (
            (
                "        if calendar == _SOLAR or first == second:\n"
                "            return _Spec(year=year, month=second, day=first)\n",
                "        if calendar == _SOLAR or first == second:\n"
                "            return _Spec(year=year, month=first, day=second)\n",
            ),
        ),
        ("tests/test_dates.py",),
    ),
    Planted(
        "comparisons-date-gap-sign-flipped",
        "link/comparisons.py",
        (
            (
                'gap = f"(greatest({lo_l}, {lo_r}) - least({hi_l}, {hi_r}))"',
                'gap = f"(least({hi_l}, {hi_r}) - greatest({lo_l}, {lo_r}))"',
            ),
        ),
        ("tests/link/test_comparisons.py",),
    ),
    Planted(
        "mapping-calendar-option-ignored",
        "ingest/mapping.py",
        (("columns=dict(columns), calendar=calendar,", "columns=dict(columns), calendar=None,"),),
        ("tests/ingest/test_mapping.py",),
    ),
    # values._interpret is memoised (lru_cache), and mutmut does not mutate decorated functions: these
    # hand-made mutants stand in for it (`make mutation` covers the rest of ingest/values.py).
    Planted(
        "values-age-zero-accepted",
        "ingest/values.py",
        (("not 0 < int(digits) < 120", "not 0 <= int(digits) < 120"),),
        ("tests/ingest/test_values.py",),
    ),
    Planted(
        "values-birth-year-lower-bound-moved",
        "ingest/values.py",
        (("date(1880, 1, 1) <= parsed.start", "date(1870, 1, 1) <= parsed.start"),),
        ("tests/ingest/test_values.py",),
    ),
    Planted(
        "values-sex-word-punctuation-kept",
        "ingest/values.py",
        (('.casefold().strip(" .")', ".casefold().strip()"),),
        ("tests/ingest/test_values.py",),
    ),
    Planted(
        "values-date-column-order-ignored",
        "ingest/values.py",
        (("parse_date(raw, calendar=calendar, order=order)", "parse_date(raw, calendar=calendar)"),),
        ("tests/ingest/test_values.py",),
    ),
    Planted(
        "values-date-column-calendar-ignored",
        "ingest/values.py",
        (("parse_date(raw, calendar=calendar, order=order)", "parse_date(raw, order=order)"),),
        ("tests/ingest/test_values.py",),
    ),
    Planted(
        "crypto-blob-associated-data-dropped",
        "store/crypto.py",
        (
            (
                "AESGCM(key).encrypt(nonce, plaintext, bytes.fromhex(sha256_hex))",
                "AESGCM(key).encrypt(nonce, plaintext, None)",
            ),
            (
                "AESGCM(key).decrypt(nonce, sealed[len(_MAGIC) + _NONCE :], bytes.fromhex(sha256_hex))",
                "AESGCM(key).decrypt(nonce, sealed[len(_MAGIC) + _NONCE :], None)",
            ),
        ),
        ("tests/store/test_crypto.py",),
    ),
    Planted(
        "crypto-blob-nonce-all-zero",
        "store/crypto.py",
        (
            (
                "    nonce = os.urandom(_NONCE)\n    return _MAGIC",
                "    nonce = bytes(_NONCE)\n    return _MAGIC",
            ),
        ),
        ("tests/store/test_crypto.py",),
    ),
    Planted(
        "crypto-blob-name-is-plain-sha256",
        "store/crypto.py",
        (
            (
                "return hmac.new(key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()",
                "return sha256_hex",
            ),
        ),
        ("tests/store/test_blobs.py",),
    ),
    Planted(
        "blobs-encrypted-store-named-by-sha256",
        "store/blobs.py",
        (("name = sha256 if self._key is None else crypto.blob_name(self._key, sha256)", "name = sha256"),),
        ("tests/store/test_blobs.py",),
    ),
    Planted(
        "crypto-wrapped-key-nonce-all-zero",
        "store/crypto.py",
        (
            (
                "    nonce = os.urandom(_NONCE)\n    sealed = AESGCM",
                "    nonce = bytes(_NONCE)\n    sealed = AESGCM",
            ),
        ),
        ("tests/store/test_crypto_keys.py",),
    ),
    Planted(
        "crypto-wrapped-key-case-id-not-bound",
        "store/crypto.py",
        (
            (
                'nonce, master, _WRAP_AAD + case_id.encode("utf-8")',
                "nonce, master, _WRAP_AAD",
            ),
            (
                'nonce, sealed, _WRAP_AAD + case_id.encode("utf-8")',
                "nonce, sealed, _WRAP_AAD",
            ),
        ),
        ("tests/store/test_crypto_keys.py",),
    ),
]


def _patched_copy(planted: Planted, into: Path) -> Path:
    """A copy of the package with the bug applied; returns the folder to put on PYTHONPATH."""
    copy = into / "testament"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc"))
    target = copy / planted.module
    text = target.read_text("utf-8")
    for old, new in planted.edits:
        assert text.count(old) == 1, (
            f"planted bug {planted.id}: its anchor no longer occurs exactly once in {planted.module}; "
            f"restate the bug against the current code. Anchor: {old!r}"
        )
        text = text.replace(old, new)
    target.write_text(text, "utf-8")
    return into


# The child checks that it imports the patched copy (not the editable install) before running pytest.
_CHILD = """
import sys, pytest, testament
assert testament.__file__.startswith(sys.argv[1]), testament.__file__
sys.exit(pytest.main(sys.argv[2:]))
"""


@pytest.mark.planted
@pytest.mark.parametrize("planted", PLANTED, ids=[p.id for p in PLANTED])
def test_planted_bug_makes_focused_tests_fail(planted: Planted, tmp_path: Path) -> None:
    """Rule: each bug once planted unseen is now caught: with it applied, a focused test fails (exit 1;
    not a collection error, which would prove nothing)."""
    copy_root = _patched_copy(planted, tmp_path / "src")
    env = {
        **os.environ,
        "PYTHONPATH": str(copy_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TESTAMENT_HYPOTHESIS": "ci",
        # the installed pytest plugins (Schemathesis, anyio, Locust, ...) are not loaded: they doubled the
        # child's CPU time and no focused test uses them; Hypothesis' plugin is named below
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    args = ["-x", "-q", "-p", "no:cacheprovider", "-p", "_hypothesis_pytestplugin"]
    args += ["-m", "not postgres and not sqlcipher", *planted.tests]
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, str(copy_root), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    tail = "\n".join((run.stdout + run.stderr).splitlines()[-25:])
    assert run.returncode == 1, f"planted bug {planted.id} not caught (pytest exit {run.returncode}):\n{tail}"
    # caught by a failing test, not by an error in a test's setup (a missing fixture would exit 1 too)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    assert " failed" in summary and " error" not in summary, f"planted bug {planted.id}:\n{tail}"
