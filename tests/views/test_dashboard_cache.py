"""The dashboard's figures are kept until the next custody event, per clearance (a role that may read
protected fields gets its own, and reading them logs nothing: they are counts): a change to the case shows
at once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from testament.ingest import IngestOptions, ingest_files
from testament.store.access import PROTECTED
from testament.store.case import Case
from testament.store.schema import custody_events
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

    events = _events(planted.case)
    cleared = dashboard(planted.case, planted.viewers["investigator"])  # may read protected fields
    mine = [labels for path, labels, _ in _CACHE if path == str(planted.case.path)]
    assert any(labels & PROTECTED for labels in mine) and any(not labels & PROTECTED for labels in mine)
    assert (
        dashboard(planted.case, planted.viewers["investigator"]) == cleared
    )  # kept, apart from the viewer's
    assert cleared.records > after.records and not cleared.withheld and after.withheld
    assert _events(planted.case) == events, "counts disclose nothing: no event logged"


def _events(case: Case) -> int:
    with case.read() as conn:
        return int(conn.execute(select(func.count()).select_from(custody_events)).scalar() or 0)
