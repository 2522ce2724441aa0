"""Fixtures for extraction tests: the seed article, the hand-annotated testimonies, a small synthetic set."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED

DATA = Path(__file__).parent / "data"
SEED = SHARED / "seed" / "000_192917eb93e4272a.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def synthetic_testimonies(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Sixty synthetic testimonies, about half in Persian, with their gold annotations."""
    from testament.synthetic import generate, scenario

    out = tmp_path_factory.mktemp("synth")
    spec = dataclasses.replace(
        scenario("realistic", people=600, lists=1, testimonies=60), persian_testimony_share=0.5
    )
    generate(out / "s", spec, seed=3)
    truth = json.loads((out / "s" / "truth.json").read_text("utf-8"))
    return [{**t, "text": (out / "s" / t["file"]).read_text("utf-8")} for t in truth["testimonies"]]
