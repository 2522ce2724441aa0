"""The dashboard's figures are kept until the next custody event, for roles that cannot read protected
fields only (whose every reading must be logged): a change to the case shows at once."""

from __future__ import annotations

from pathlib import Path

from testament.ingest import IngestOptions, ingest_files
from testament.store.access import PROTECTED
from testament.views import dashboard
from testament.views.dashboard import _CACHE
from tests.views.conftest import Planted


def test_kept_until_the_case_changes(planted: Planted, tmp_path: Path) -> None:
    viewer = planted.viewers["viewer"]
    first = dashboard(planted.case, viewer)
    kept = dict(_CACHE)
    assert any(key[0] == str(planted.case.path) for key in kept)
    assert dashboard(planted.case, viewer) == first and kept == _CACHE  # served as kept

    (tmp_path / "more.csv").write_text("name,birth year\nReza Karimi,1335\nMaryam Ahmadi,1340\n", "utf-8")
    assert ingest_files(planted.case, [tmp_path / "more.csv"], IngestOptions()).ok
    after = dashboard(planted.case, viewer)
    assert after.records == first.records + 2 and after.sources == first.sources + 1

    dashboard(planted.case, planted.viewers["investigator"])  # may read protected fields: never kept
    assert all(not (labels & PROTECTED) for _, labels, _ in _CACHE)
