"""The dashboard page, its cell and its JSON keep a witness's count as the text gives it, in English and in
Persian: "more than 300" / «بیش از ۳۰۰», a range as its two bounds, "thousands (read as 2,000)" /
«هزاران (۲٬۰۰۰ در نظر گرفته شده)», a mark on a count the speaker heard, and a legend; the chart draws as
points only the counts given as a number (exactly or about)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testament import views
from testament.extract import extract_artifact
from testament.ingest import IngestOptions, ingest_files
from testament.web.app import create_app
from tests.views.test_dashboard_hedges import TESTIMONY_EN, TESTIMONY_FA, WEEK
from tests.web import _fixtures


@pytest.fixture(scope="module")
def client(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Any]]:
    """The fixture case (its witness "later heard that 200 men were executed that week" at Gohardasht) with
    the two hedged testimonies added to the same week, and an analyst signed in."""
    for private in _fixtures.private_copy(planted, tmp_path_factory):
        folder = tmp_path_factory.mktemp("hedged")
        (folder / "en.txt").write_text(TESTIMONY_EN, "utf-8")
        (folder / "fa.txt").write_text(TESTIMONY_FA, "utf-8")
        report = ingest_files(private.case, [folder / "en.txt", folder / "fa.txt"], IngestOptions())
        assert report.ok, report.to_dict()
        for f in report.files:
            assert f.artifact_id is not None
            extract_artifact(private.case, f.artifact_id)
        with TestClient(create_app(private.case, secure_cookies=False), follow_redirects=False) as made:
            assert _fixtures.login(made, *private.users["analyst"]).status_code == 303
            yield made, private


def _cell(page: str) -> list[str]:
    """The witnesses' counts in Gohardasht's row for the week, as a reader reads them (tags stripped)."""
    row = re.search(rf'<tr data-prison="Gohardasht" data-week="{WEEK}">(.*?)</tr>', page, re.S)
    assert row, "Gohardasht's row"
    cell = re.search(r'<td class="num reported">(.*?)</td>', row[1], re.S)
    assert cell
    return [re.sub(r"<[^>]+>", "", part).strip() for part in cell[1].split("<br>")]


def test_the_table_shows_each_count_with_its_hedge_in_both_languages(client: tuple[TestClient, Any]) -> None:
    web, _ = client
    english = web.get("/dashboard?lang=en").text
    shown = _cell(english)
    for expected in (
        "2,800–3,800 (heard)", "thousands (read as 2,000) (reported)", "700–800 (heard)", "more than 300",
        "about 40", "at least 25", "12", "200 (heard)",
    ):  # fmt: skip
        assert expected in shown, (expected, shown)
    assert "2,800" not in shown and "3,800" not in shown, "a range is one count"
    assert re.search(r"largest in a week: .*2,800–3,800", english), "the prison's largest keeps its bounds"
    assert 'id="reported-legend"' in english and "(heard): the speaker heard" in english

    persian = _cell(web.get("/dashboard?lang=fa").text)
    for expected in (
        "۲٬۸۰۰ تا ۳٬۸۰۰ (شنیده)", "هزاران (۲٬۰۰۰ در نظر گرفته شده) (گزارش‌شده)", "بیش از ۳۰۰", "حدود ۴۰",
        "دست‌کم ۲۵", "۲۰۰ (شنیده)",
    ):  # fmt: skip
        assert expected in persian, (expected, persian)
    assert not any(re.search(r"[0-9]|more than|about|heard", s) for s in persian), persian


def test_the_cell_the_json_and_the_chart_keep_the_hedges(client: tuple[TestClient, Any]) -> None:
    web, private = client
    behind = web.get(f"/dashboard/claims?kind=reported&prison=Gohardasht&week={WEEK}&lang=en").text
    given = re.search(r'<p id="counts-as-given">(.*?)</p>', behind, re.S)
    assert given and "more than 300" in re.sub(r"<[^>]+>", "", given[1])

    token = {"Authorization": f"Bearer {private.tokens['analyst']}"}
    board = web.get("/api/v1/dashboard", headers=token).json()
    row = next(r for r in board["rows"] if r["prison"] == "Gohardasht" and r["week"] == WEEK)
    assert {"value": 2800, "upper": 3800, "qualifier": "range"}.items() <= row["reported"][0].items()
    assert row["reported"][0]["provenance"] == "hearsay" and row["reported"][0]["first_hand"] is False
    vague = [f for f in row["reported"] if f["qualifier"] == "vague"]
    assert len(vague) == 2 and {f["vague"] for f in vague} == {"thousands"}
    total = next(t for t in board["prisons"] if t["prison"] == "Gohardasht")
    assert (total["reported_max"]["value"], total["reported_max"]["upper"]) == (2800, 3800)
    assert views.Dashboard.model_validate(board).rows, "the JSON is the view's model"
    # the schema tells API users what a count is (tests/web/test_schema.py validates answers against it)
    schema = web.get("/api/v1/openapi.json", headers=token).json()["components"]["schemas"]
    assert schema["TriangulationRow"]["properties"]["reported"]["items"] == {
        "$ref": "#/components/schemas/ReportedFigure"
    }
    assert {"value", "upper", "qualifier", "vague", "provenance", "first_hand"} <= set(
        schema["ReportedFigure"]["properties"]
    )

    # the chart: one diamond per count given as a number (200, 12, about 40 twice), none for the others
    svg = web.get("/dashboard/chart.svg?prison=Gohardasht").text
    drawn = re.search(r'<g id="reported">(.*?)</g>\s*</g>', svg, re.S)
    assert drawn, svg[:500]
    points = sum(1 for f in row["reported"] if f["qualifier"] in ("exact", "about"))
    assert points == 4 and drawn[1].count("<use ") == points
