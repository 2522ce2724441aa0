"""Scenarios generated once per test session (small populations: the whole module stays fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.synthetic import generate, scenario


@pytest.fixture(scope="session")
def realistic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("realistic")
    generate(out, scenario("realistic", people=4000, testimonies=12), seed=11)
    return out


@pytest.fixture(scope="session")
def hard_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hard")
    generate(out, scenario("hard", people=3000, testimonies=12), seed=12)
    return out


@pytest.fixture(scope="session")
def easy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("easy")
    generate(out, scenario("easy", people=2000, testimonies=4), seed=13)
    return out
