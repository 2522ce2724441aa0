"""Small synthetic scenarios for linkage tests, generated once per session, and cases holding their lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.ingest import IngestOptions, ingest_files
from testament.link import LinkOptions, TrainingOptions
from testament.store.case import Case
from testament.synthetic import generate, scenario

# Small samples for u and EM: the scenarios here hold a few hundred records.
FAST = LinkOptions(training=TrainingOptions(u_max_pairs=2e5, em_max_pairs=2e5))


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("link-realistic")
    generate(out, scenario("realistic", people=150, testimonies=0), seed=21)
    return out


def ingest_lists(case: Case, scenario_dir: Path) -> None:
    paths = sorted((scenario_dir / "lists").iterdir())
    report = ingest_files(case, paths, IngestOptions(skip_bad_rows=True))
    assert all(f.status == "ingested" for f in report.files), [f.message for f in report.files]


@pytest.fixture
def case_with_lists(fresh_case: Case, small_scenario: Path) -> Case:
    ingest_lists(fresh_case, small_scenario)
    return fresh_case
