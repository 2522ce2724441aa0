"""docs/cli-reference.md is generated from the Typer app (`make docs`) and cannot drift from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.cli.reference import NOTICE, main, render, stale

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "cli-reference.md"


def test_cli_reference_matches_the_commands() -> None:
    assert not stale(REFERENCE), "docs/cli-reference.md is out of date: run `make docs` and commit it"


def test_cli_reference_check_fails_on_an_edited_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "cli-reference.md"
    copy.write_text(render(), "utf-8")
    assert main(["--check", str(copy)]) == 0
    copy.write_text(render().replace("--exclude-saturated", "--exclude-saturated-graph"), "utf-8")
    assert main(["--check", str(copy)]) == 1
    assert "run `make docs`" in capsys.readouterr().err
    assert main(["--check", str(tmp_path / "missing.md")]) == 1


def test_cli_reference_names_every_option_the_guide_lacked() -> None:
    text = render()
    assert text.startswith("# Command-line reference\n\n" + NOTICE)
    for option in ("--exclude-saturated", "--overwrite", "--truth-format", "--date-order", "--linkages"):
        assert f"`{option}" in text
    assert "### `testament link run`" in text and "### `testament review links`" in text


def test_cli_guide_links_to_the_reference() -> None:
    assert "(cli-reference.md)" in (ROOT / "docs" / "cli.md").read_text("utf-8")
