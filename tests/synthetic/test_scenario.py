"""Scenario knobs: named scenarios, files, resizing, refusals; and the `testament synth` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import InputError
from testament.synthetic import SCENARIO_NAMES, generate, load_scenario, read_truth, scenario


def test_load_scenario_named_with_every_list_valid() -> None:
    for name in SCENARIO_NAMES:
        spec = scenario(name)
        assert spec.name == name and len(spec.lists) == 6


def test_load_scenario_file_when_based_on_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'base = "hard"\nheterogeneity = 0.2\n'
        'lists = [{ rate = 0.5 }, { format = "csv", corrupt_rows = 0 }]\n',
        "utf-8",
    )
    spec = load_scenario(path, people=100)
    assert spec.name == "mine" and spec.people == 100 and spec.heterogeneity == 0.2
    assert spec.lists[0].rate == 0.5 and spec.lists[0].id == "archive"
    assert spec.lists[1].format == "csv" and spec.lists[1].language == "fa"
    assert len(spec.lists) == 2


def test_resize_scenario_lists_when_more_than_templates() -> None:
    spec = scenario("realistic", lists=8)
    ids = [ls.id for ls in spec.lists]
    assert len(set(ids)) == 8 and ids[6:] == ["archive2", "mojahedin2"]
    assert spec.lists[6].copies is None and spec.lists[2].avoids == "mojahedin"
    assert scenario("realistic", lists=2).lists[-1].id == "mojahedin"
    assert all(ls.copies is None for ls in scenario("realistic", lists=3).lists)


@pytest.mark.parametrize(
    "text",
    [
        'base = "easy"\nbogus = 1\n',
        'base = "easy"\nlists = [{ rate = 1.5 }]\n',
        'lists = [{ id = "a", copies = "b" }, { id = "b" }]\n',
        'base = "easy"\nvisibility = { planet = { mars = 0.1 } }\n',
    ],
)
def test_load_scenario_refuses_bad_knobs(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError):
        load_scenario(path)


def test_generate_refuses_unknown_stratum_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('base = "easy"\npeople = 50\nvisibility = { city = { atlantis = 0.1 } }\n', "utf-8")
    with pytest.raises(InputError, match="atlantis"):
        generate(tmp_path / "out", load_scenario(path), seed=1)


def test_generate_refuses_folder_when_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", "utf-8")
    with pytest.raises(InputError, match="not empty"):
        generate(tmp_path, scenario("easy", people=10), seed=1)


def test_synth_command_writes_scenario(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["synth", str(out), "--people", "300", "--lists", "3", "--testimonies", "2", "--seed", "4"]
    result = runner.invoke(app, [*args, "--scenario", "hard", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["people"] == 300 and len(summary["lists"]) == 3 and summary["testimonies"] == 2
    assert read_truth(out).meta["seed"] == 4
    again = runner.invoke(app, [*args])
    assert again.exit_code == 2 and "not empty" in " ".join(again.output.split())
    assert runner.invoke(app, ["synth", "--help"]).exit_code == 0
