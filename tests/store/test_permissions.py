"""A case folder and everything drawn from it are its owner's only, whatever the umask: folders 0700,
files 0600, evidence blobs 0400; SQLite's -wal/-shm files follow the database file; a case made with loose
modes is tightened when it is opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate.casedata import history_from_case
from testament.estimate.run import EstimateOptions, run_estimates
from testament.extract import export_mentions, extract_case
from testament.ingest import IngestOptions, ingest_files
from testament.link import LinkOptions, TrainingOptions, link_case
from testament.link.model import Model
from testament.link.review import export_persons
from testament.settings import Settings
from testament.store.case import Case
from testament.synthetic import generate, scenario
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

FAST = LinkOptions(training=TrainingOptions(u_max_pairs=2e5, em_max_pairs=2e5))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _loose(root: Path, *, blobs: bool) -> list[str]:
    """Every path under `root` (root included) whose mode is not owner-only: folders must be 0700, blob
    files (under blobs/) 0400 when `blobs`, every other file 0600."""
    found = []
    for path in [root, *root.rglob("*")]:
        if path.is_dir():
            wanted = 0o700
        elif blobs and "blobs" in path.relative_to(root).parts:
            wanted = 0o400
        else:
            wanted = 0o600
        if _mode(path) != wanted:
            found.append(f"{path.relative_to(root.parent)}: {oct(_mode(path))}, expected {oct(wanted)}")
    return found


@pytest.fixture(scope="module")
def tiny_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("perm-scenario")
    generate(out / "s", scenario("easy", people=80, lists=3, testimonies=1), seed=5)
    return out / "s"


def test_case_and_exports_owner_only_when_umask_022(
    umask_022: None,
    tmp_path: Path,
    tiny_scenario: Path,
    settings: Settings,
    case_options: dict[str, object],
    backend: str,
    small_model: Model,
) -> None:
    case = Case.create(tmp_path / "case", settings=settings, **case_options)  # type: ignore[arg-type]
    try:
        lists = sorted((tiny_scenario / "lists").iterdir())
        testimonies = sorted((tiny_scenario / "testimonies").iterdir())
        report = ingest_files(case, [lists[0], testimonies[0]], IngestOptions(skip_bad_rows=True))
        assert [f.status for f in report.files] == ["ingested", "ingested"]
        ingest_files(case, lists[1:], IngestOptions(skip_bad_rows=True))
        extract_case(case)
        # linked with the model trained once per session: the engine runs as in any run (what it may write
        # is the point here), without the seconds of training on every backend
        link_case(case, FAST, queue_size=5, model=small_model)
        exports = tmp_path / "exports"
        exports.mkdir()  # the user's folder: Testament only writes files into it
        assert export_persons(case, exports / "persons.csv") > 0
        export_mentions(case, exports / "mentions.jsonl")
        history = history_from_case(case)
        history[None].to_csv(exports / "patterns.csv")
        options = EstimateOptions(methods=("loglinear",), model="M0")
        run_estimates(history, options, plot_dir=exports / "plots" / "m0")

        blobs = [p for p in (tmp_path / "case" / "blobs").rglob("*") if p.is_file()]
        assert len(blobs) >= 4  # two lists, the testimony and at least one derived text
        if backend != "postgres":  # the write-ahead log exists while the case is open
            assert {"case.db", "case.db-wal", "case.db-shm"} <= {
                p.name for p in (tmp_path / "case").iterdir()
            }
        assert _loose(tmp_path / "case", blobs=True) == []
        assert [p.name for p in exports.iterdir() if p.is_file() and _mode(p) != 0o600] == []
        assert _loose(exports / "plots", blobs=False) == []
        assert len(list((exports / "plots").rglob("*.svg"))) >= 1
    finally:
        case.close()
    assert _loose(tmp_path / "case", blobs=True) == []


def test_open_tightens_case_made_with_loose_modes(
    tmp_path: Path, settings: Settings, case_options: dict[str, object], backend: str
) -> None:
    root = tmp_path / "case"
    Case.create(root, settings=settings, **case_options).close()  # type: ignore[arg-type]
    # as an older Testament left it under umask 022
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    Case.open(root, settings=settings).close()
    assert _mode(root) == _mode(root / "blobs") == 0o700
    assert _mode(root / "case.json") == 0o600
    if backend != "postgres":
        assert _mode(root / "case.db") == 0o600


@pytest.mark.sqlite
def test_create_in_existing_empty_folder_makes_it_owner_only(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "case").mkdir()
    os.chmod(tmp_path / "case", 0o755)
    Case.create(tmp_path / "case", settings=settings).close()
    assert _loose(tmp_path / "case", blobs=True) == []


@pytest.mark.sqlite
def test_cli_keys_checkpoint_and_synth_owner_only_when_umask_022(umask_022: None, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}

    def run(*args: object) -> None:
        result = runner.invoke(app, [str(a) for a in args], env=env)
        assert result.exit_code == 0, result.output

    run("init", tmp_path / "case")
    run("keygen", tmp_path / "partner.key")
    run("checkpoint", tmp_path / "case", "--key", tmp_path / "partner.key", "--out", tmp_path / "cp.json")
    run("synth", tmp_path / "synth", "--scenario", "easy", "--people", "50", "--testimonies", "1")
    for name in ("partner.key", "partner.key.pub", "cp.json"):
        assert _mode(tmp_path / name) == 0o600, name
    assert _loose(tmp_path / "synth", blobs=False) == []
    assert _loose(tmp_path / "case", blobs=True) == []
