"""The dashboard page while newer figures are counted: it says how old its figures are (in English and in
Persian), its chart and cells open the figures it shows, and a reload after the background run shows the
new figures without the notice."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testament.ingest import IngestOptions, ingest_files
from testament.web.app import create_app
from tests.web import _fixtures

board_module = sys.modules["testament.views.dashboard"]


@pytest.fixture(scope="module")
def private(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _fixtures.private_copy(planted, tmp_path_factory)


def test_the_page_says_its_figures_are_being_updated(
    private: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_module, "STALE_AFTER_S", 0.0)  # every count "took long"
    client = TestClient(create_app(private.case, secure_cookies=False), follow_redirects=False)
    assert _fixtures.login(client, *private.users["viewer"]).status_code == 303
    first = client.get("/dashboard")
    assert first.status_code == 200 and 'id="dashboard-updating"' not in first.text
    board_module.wait_for_refresh(60)

    (tmp_path / "more.csv").write_text("name,birth year\nReza Karimi,1335\nMaryam Ahmadi,1340\n", "utf-8")
    assert ingest_files(private.case, [tmp_path / "more.csv"], IngestOptions()).ok
    # the background run waits while the test holds its clearance's lock: the old figures stay served
    held = [lock for (path, _), lock in board_module._FILLING.items() if path == str(private.case.path)]
    assert held
    for lock in held:
        lock.acquire()
    try:
        _old_figures_shown(client)
    finally:
        for lock in held:
            lock.release()
    board_module.wait_for_refresh(60)
    again = client.get("/dashboard")
    assert 'id="dashboard-updating"' not in again.text and "as_of=" not in again.text
    client.close()


def _old_figures_shown(client: TestClient) -> None:
    page = client.get("/dashboard")
    notice = re.search(r'<p class="notice" role="status" id="dashboard-updating">([^<]*)</p>', page.text)
    assert notice, page.text[:2000]
    assert re.search(
        r"Figures as of \d{4}-\d\d-\d\d \d\d:\d\d UTC; [1-9]\d* newer changes are being counted", notice[1]
    )
    pinned = re.search(r'/dashboard/chart\.svg\?as_of=(\d+)"', page.text)
    assert pinned and client.get(f"/dashboard/chart.svg?as_of={pinned[1]}").status_code == 200
    assert all("as_of=" in link for link in re.findall(r'href="(/dashboard/claims\?[^"]*)"', page.text))
    persian = client.get("/dashboard?lang=fa")
    assert "در حال شمارش است" in persian.text and "Figures as of" not in persian.text
