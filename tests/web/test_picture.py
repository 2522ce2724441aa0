"""The picture pages over the planted case (read only): every role reads them, nobody signed out does, the
chart is an accessible SVG with a policy of its own, the inline drawings hold the pages' policy (no style
attribute, no script), and bad input is refused with 400 naming the parameter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testament.web.app import create_app
from testament.web.charts import CHART_CSP
from testament.web.security import CSP
from tests.web._fixtures import Planted, login

ROLES = ("admin", "investigator", "analyst", "viewer")
PAGES = (
    "/dashboard",
    "/dashboard?prison=Gohardasht",
    "/dashboard/claims?kind=reported&prison=Gohardasht&week=1988-08-01",
    "/dashboard/claims?kind=documented&prison=Evin&week=",
    "/timeline",
    "/timeline?prison=Evin&city=&affiliation=&person=",
    "/map",
    "/map/place?name=Evin&kind=prison",
)


@pytest.fixture(scope="module")
def clients(planted: Planted) -> Iterator[dict[str, TestClient]]:
    app = create_app(planted.case, secure_cookies=False)
    made = {}
    for role in ROLES:
        client = TestClient(app, follow_redirects=False)
        assert login(client, *planted.users[role]).status_code == 303
        made[role] = client
    made["anonymous"] = TestClient(app, follow_redirects=False)
    yield made
    for client in made.values():
        client.close()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_picture_pages_within_the_policy(clients: dict[str, Any], role: str) -> None:
    for path in PAGES:
        page = clients[role].get(path)
        assert page.status_code == 200, (path, page.status_code)
        assert page.headers["content-security-policy"] == CSP
        # what `style-src 'self'` and `script-src 'self'` would block in the inline SVG
        assert not re.search(r"\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=", page.text), path


def test_signed_out_visitors_are_sent_to_sign_in(clients: dict[str, Any]) -> None:
    for path in (*PAGES, "/dashboard/chart.svg"):
        answer = clients["anonymous"].get(path)
        assert answer.status_code in (303, 401), path
        assert "Gohardasht" not in answer.text


def test_the_chart_is_an_accessible_svg_with_its_own_policy(clients: dict[str, Any]) -> None:
    chart = clients["viewer"].get("/dashboard/chart.svg?prison=Gohardasht")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.headers["content-security-policy"] == CHART_CSP
    assert "script-src" not in CHART_CSP and "default-src 'none'" in CHART_CSP
    svg = chart.text
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"', svg)
    assert re.search(r'<title id="chart-title">[^<]+</title><desc id="chart-desc">[^<]*Gohardasht', svg)
    assert "<script" not in svg
    assert 'id="documented' in svg and 'id="reported' in svg, "bars and the witness's diamond are drawn"


def test_the_map_draws_the_outline_and_links_each_point_to_its_claims(clients: dict[str, Any]) -> None:
    page = clients["viewer"].get("/map").text
    assert page.count("<polygon ") >= 1
    links = re.findall(r'<a class="place" href="([^"]+)"', page)
    assert "/map/place?name=Evin&amp;kind=prison" in links
    assert all(link.startswith("/map/place?name=") for link in links)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/dashboard/claims?kind=everything&prison=Evin", "kind"),
        ("/dashboard/claims?kind=documented&prison=Evin&week=last-week", "week"),
        ("/map/place?name=Evin&kind=country", "kind"),
        ("/timeline?person=abc", "person"),
        ("/timeline?person=99999999999999999999", "person"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(
    clients: dict[str, Any], path: str, parameter: str
) -> None:
    answer = clients["viewer"].get(path)
    assert answer.status_code in (400, 422), (path, answer.status_code)
    assert parameter in answer.text
