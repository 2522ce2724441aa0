"""The picture pages end to end in headless Chromium (Debian's, driven by Playwright) on the fixture case:
the dashboard's triangulation table and chart (the witness's count of 200, marked as heard, beside the
deaths the lists document for Gohardasht, each number opening its claims), the timeline filtered by prison,
and the offline map with a point opening its claims. The `page` fixture fails a test on any console error,
so a style or script the Content-Security-Policy blocks fails it too. With TESTAMENT_SCREENSHOTS=1 the
three pages are written to docs/screenshots/."""

from __future__ import annotations

import re
from typing import Any

from tests.web.canaries import canaries, leaks
from tests.web.conftest import login, screenshot


def test_dashboard_shows_documented_deaths_beside_a_witness_count_and_opens_the_claims(
    page: Any, served: Any
) -> None:
    login(page, served, "analyst")
    page.goto("/dashboard")
    table = page.locator("table#triangulation")
    table.wait_for()
    assert page.locator("#dashboard-counts .count").count() == 4

    # The witness's count (the testimony: "200 men were executed that week", after "Two days later" at
    # Gohardasht) sits in Gohardasht's row for the week beginning 1 August 1988.
    # The witness heard it ("We later heard that ..."): the count says so, and a legend tells the marks.
    row = table.locator('tr[data-prison="Gohardasht"][data-week="1988-08-01"]')
    assert row.locator("td.reported").inner_text().strip() == "200 (heard)"
    assert page.locator("#reported-legend").is_visible()
    documented = table.locator("td.documented a")
    assert documented.count() >= 3, "the lists' deaths are in the table, each cell a link"

    # The chart: an SVG image drawn on the server, loaded and with its words for screen readers.
    chart = page.locator("#triangulation-chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart image renders"
    assert "table below" in (chart.get_attribute("alt") or "")
    svg = page.request.get(chart.get_attribute("src"))
    assert svg.ok and svg.headers["content-type"].startswith("image/svg+xml")
    assert re.search(
        r"<title id=\"chart-title\">[^<]+</title><desc id=\"chart-desc\">[^<]+</desc>", svg.text()
    )
    page.locator("#triangulation-heading").scroll_into_view_if_needed()
    page.evaluate(
        "window.scrollBy(0, document.querySelector('#triangulation-heading').getBoundingClientRect().top - 8)"
    )
    screenshot(page, "dashboard")

    # A cell opens the claims behind it; a claim opens at its citation.
    row.locator("td.reported a").click()
    page.wait_for_url(re.compile(r"/dashboard/claims\?kind=reported"))
    lines = page.locator("#claims-behind tbody tr")
    assert lines.count() == 1 and "200" in lines.first.inner_text()
    page.goto("/dashboard")
    documented_href = page.locator("table#triangulation td.documented a").first.get_attribute("href")
    page.goto(documented_href)
    claims = page.locator("#claims-behind a.claim")
    assert claims.count() >= 1
    claims.first.click()
    page.wait_for_url(re.compile(r"/sources/\d+#claim-\d+$"))

    # Filtered to one prison: its rows only.
    page.goto("/dashboard")
    page.select_option("#dashboard-prison", "Gohardasht")
    with page.expect_navigation():
        page.locator("#dashboard-filter button[type=submit]").click()
    prisons = set(
        page.locator("table#triangulation tbody tr").evaluate_all("rows => rows.map(r => r.dataset.prison)")
    )
    assert prisons == {"Gohardasht"}


def test_timeline_filters_by_prison_and_shows_dates_at_their_precision(page: Any, served: Any) -> None:
    login(page, served, "viewer")
    page.goto("/timeline")
    rows = page.locator("table#timeline tbody tr")
    total = rows.count()
    assert total >= 10
    assert page.locator("#timeline-drawing svg circle.day").count() >= 1, "days are dots"
    months = page.locator('table#timeline tbody tr[data-precision="month"]')
    if months.count():  # a month is a band in the drawing and an interval in the table
        assert page.locator("#timeline-drawing svg rect.band").count() >= 1
        assert months.first.locator(".band").count() == 1
    screenshot(page, "timeline")

    prisons = page.locator("#timeline-prison option").evaluate_all(
        "os => os.map(o => o.value).filter(v => v)"
    )
    chosen = "Evin" if "Evin" in prisons else prisons[0]
    page.select_option("#timeline-prison", chosen)
    with page.expect_navigation():
        page.locator("#timeline-filter button[type=submit]").click()
    assert f"prison={chosen}" in page.url
    shown = rows.evaluate_all("rows => rows.map(r => r.dataset.prison)")
    assert shown and set(shown) == {chosen} and len(shown) < total
    assert page.locator("#timeline-prison").input_value() == chosen, "the filter keeps its choice"

    # Nothing leaks through the filters: the witness, filtered for by id, is no one for a viewer.
    page.goto(f"/timeline?person={served.witness_person_id}")
    assert page.locator("#timeline-empty").is_visible()
    assert not [f for c in canaries(served) for f in leaks(page.content(), c)]


def test_map_point_opens_the_claims_that_name_the_place(page: Any, served: Any) -> None:
    login(page, served, "viewer")
    page.goto("/map")
    points = page.locator("#map svg a.place")
    assert points.count() >= 3
    assert page.locator("#map svg polygon").count() >= 1, "the country's outline, shipped as data"
    screenshot(page, "map")

    evin = page.locator('#map svg a.place[data-place="Evin"]')
    assert evin.count() == 1
    expected = int(
        page.locator('table#places tr[data-place="Evin"] td.num').first.inner_text().replace(",", "")
    )
    evin.locator("circle").click()
    page.wait_for_url(re.compile(r"/map/place\?name=Evin&kind=prison"))
    lines = page.locator("#claims-behind tbody tr")
    assert lines.count() == expected >= 1
    assert "Evin" in page.locator("h1").inner_text()
    assert not [f for c in canaries(served) for f in leaks(page.content(), c)]
