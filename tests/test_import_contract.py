"""The layer rules (docs/architecture.md) as import-linter contracts in pyproject.toml: the tree keeps them,
and the same contracts break when a stage imports a stage above it or the synthetic generator."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


@pytest.fixture(autouse=True)
def _lint_imports_installed() -> None:
    # Never skipped: the contract is what these tests prove.
    if LINT_IMPORTS is None:
        pytest.fail(
            "import-linter is not installed; run `make test` (it installs the dev extra)", pytrace=False
        )


def _lint(config: Path | None, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    args = [str(LINT_IMPORTS), "--no-logo", "--no-cache", *([str(config)] if config else [])]
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_import_contracts_hold_on_the_tree() -> None:
    result = _lint(None, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_import_contracts_break_on_a_violation(tmp_path: Path) -> None:
    """The contracts of pyproject.toml, renamed onto a tiny package where the store imports the synthetic
    generator and linkage imports estimation: both contracts are reported broken."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    contract = tomllib.loads(text)["tool"]["importlinter"]
    modules = set()
    for c in contract["contracts"]:
        for entry in [*c.get("layers", []), *c.get("source_modules", []), *c.get("forbidden_modules", [])]:
            modules.update(re.findall(r"testament\.\w+", entry))
    section = text[text.index("[tool.importlinter]") : text.index("[tool.mypy]")]
    (tmp_path / "pyproject.toml").write_text(section.replace("testament", "fakestament"), "utf-8")
    package = tmp_path / "fakestament"
    for name in sorted(modules | {"testament.synthetic"}):
        (package / name.split(".")[1]).mkdir(parents=True)
        (package / name.split(".")[1] / "__init__.py").write_text("", "utf-8")
    (package / "__init__.py").write_text("", "utf-8")
    (package / "store" / "__init__.py").write_text("import fakestament.synthetic\n", "utf-8")
    (package / "link" / "__init__.py").write_text("from fakestament import estimate\n", "utf-8")
    result = _lint(tmp_path / "pyproject.toml", tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0
    assert "0 kept, 2 broken" in result.stdout, result.stdout + result.stderr
    assert "fakestament.link -> fakestament.estimate" in result.stdout
