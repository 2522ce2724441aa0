"""Load the word lists shipped in `testament/names/data/` (read once, cached)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["load"]


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file `data/<name>.toml`."""
    text = files("testament.names").joinpath("data").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)
