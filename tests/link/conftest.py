"""Cases holding the lists of the small linkage scenario (`small_scenario`, and the model trained on it once
per session, `small_model`: both in tests/conftest.py, for tests outside tests/link too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.ingest import IngestOptions, ingest_files
from testament.link import LinkOptions, TrainingOptions
from testament.store.case import Case

# Small samples for u and EM: the scenarios here hold a few hundred records.
FAST = LinkOptions(training=TrainingOptions(u_max_pairs=2e5, em_max_pairs=2e5))

# Linkage tests whose point is decision logic (merges, splits, roles) run on SQLite and PostgreSQL, not
# SQLCipher: encryption changes where linkage may write (tests/link/test_plaintext.py links encrypted
# cases), not what it decides; each link run costs seconds of Splink (use: `@PLAIN_BACKENDS`).
PLAIN_BACKENDS = pytest.mark.parametrize(
    "backend",
    [pytest.param("sqlite", marks=pytest.mark.sqlite), pytest.param("postgres", marks=pytest.mark.postgres)],
)


def ingest_lists(case: Case, scenario_dir: Path) -> None:
    paths = sorted((scenario_dir / "lists").iterdir())
    report = ingest_files(case, paths, IngestOptions(skip_bad_rows=True))
    assert all(f.status == "ingested" for f in report.files), [f.message for f in report.files]


@pytest.fixture
def case_with_lists(fresh_case: Case, small_scenario: Path) -> Case:
    ingest_lists(fresh_case, small_scenario)
    return fresh_case
