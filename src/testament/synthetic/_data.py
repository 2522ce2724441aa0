"""Load the word lists and tables shipped in `testament/synthetic/data/` (read once, cached)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["load"]


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file `data/<name>.toml`."""
    text = files("testament.synthetic").joinpath("data").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)
