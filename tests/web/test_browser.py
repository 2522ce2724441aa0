"""End to end in headless Chromium (Debian's, driven by Playwright): what a team does on the workbench.

An investigator logs in, uploads a list (one row refused, and named in the report) and a testimony, opens a
claim at its span in the document, and reads a person's page with its citations; an analyst decides a
linkage pair with the keyboard; a viewer's session never shows a protected field. With
TESTAMENT_SCREENSHOTS=1 the main pages are also written to docs/screenshots/ (1280×800).
"""

from __future__ import annotations

import re
import struct
from typing import Any

from testament.store.custody import read_events
from tests.web import _fixtures
from tests.web.canaries import CLEARANCE, canaries, leaks
from tests.web.conftest import SCREENSHOT_NAMES, SCREENSHOTS, VIEWPORT, login, screenshot


def _upload(page: Any, name: str, data: bytes, mime: str) -> Any:
    page.goto("/upload")
    page.set_input_files(
        "input[type=file][name=file]", files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.locator("form").filter(has=page.locator("input[name=file]")).locator(
        "button[type=submit], input[type=submit]"
    ).first.click()
    report = page.locator("#ingest-report")
    report.wait_for()
    return report


def test_investigator_uploads_opens_a_claim_at_its_span_and_reads_a_person(page: Any, served: Any) -> None:
    login(page, served, "investigator")
    screenshot(page, "home")

    # A list with a bad row: every row reported, the refused one named (its row number and why).
    report = _upload(page, "upload-list.csv", _fixtures.SAMPLE_LIST_CSV, "text/csv")
    assert report.locator("tr.accepted").count() >= 1
    refused = report.locator("tr.refused[data-row]")
    assert refused.count() >= 1, report.inner_text()
    row = refused.first.get_attribute("data-row")
    cells = refused.first.locator("td").all_inner_texts()
    assert row in cells and "upload-list.csv" in cells, f"the refused row is named: {cells}"
    screenshot(page, "ingest-report")

    # A testimony: reported too.
    report = _upload(page, "upload-testimony.txt", _fixtures.SAMPLE_TESTIMONY_TXT, "text/plain")
    assert "upload-testimony.txt" in page.content()
    assert report.locator("tr.refused").count() == 0, report.inner_text()

    # The sources list, then the planted testimony with its spans marked.
    page.goto("/sources")
    assert page.locator("#sources").is_visible()
    assert "upload-list.csv" in page.locator("#sources").inner_text()
    page.goto(f"/sources/{served.artifact_id}")
    marks = page.locator("mark.span[id^=claim-]")
    assert marks.count() >= 1
    assert page.locator("#custody").is_visible()
    screenshot(page, "document")

    # A claim opens at its span: /claims/N → the document at #claim-N, scrolled to and highlighted.
    page.goto(f"/claims/{served.claim_id}")
    page.wait_for_url(re.compile(rf"/sources/\d+#claim-{served.claim_id}$"))
    mark = page.locator(f"#claim-{served.claim_id}")
    mark.wait_for(state="visible")
    assert mark.evaluate("el => el.classList.contains('highlight')"), "the opened claim is highlighted"
    assert _in_viewport(mark), "the opened claim is scrolled into view"

    # The person page: every claim with its citations; a citation opens the claim at its span.
    page.goto(f"/persons/{served.person_id}")
    claims = page.locator("#claims")
    assert claims.is_visible()
    assert page.locator("#conflicts").is_visible(), "conflicting claims stand side by side"
    citations = claims.locator("a.citation[href^='/claims/']")
    assert citations.count() >= 1
    screenshot(page, "person")
    href = citations.first.get_attribute("href")
    claim = href.rsplit("/", 1)[1]
    citations.first.click()
    page.wait_for_url(re.compile(rf"#claim-{claim}$"))
    assert page.locator(f"#claim-{claim}").evaluate("el => el.classList.contains('highlight')")


def test_analyst_decides_a_pair_with_the_keyboard(page: Any, served: Any) -> None:
    assert served.pair_id is not None, "the fixture case queues a pair for review"
    login(page, served, "analyst")
    page.goto("/review/links")
    first = page.locator("#pair").get_attribute("data-pair")
    assert page.locator("#record-left").is_visible() and page.locator("#record-right").is_visible()
    for value in ("same", "different", "unsure"):
        assert page.locator(f"button[name=decision][value={value}]").count() == 1
    screenshot(page, "link-review")

    logged = _custody_count(served, "analyst")
    _answer_with_key(page, "#pair", "pair", first, "d")  # different people
    assert _custody_count(served, "analyst") > logged, "the answer is in the custody log under the analyst"
    # The queue moved on for this analyst (the next pair, or none), also through the API.
    response = page.request.get(
        "/api/v1/review/links/next", headers={"Authorization": f"Bearer {served.tokens['analyst']}"}
    )
    assert response.ok, response.status
    following = response.json()
    assert following is None or str(following.get("pair_id")) != first, following


def test_investigator_reviews_an_extracted_claim_with_the_keyboard(page: Any, served: Any) -> None:
    login(page, served, "investigator")
    page.goto("/review/claims")
    first = page.locator("#claim-review").get_attribute("data-claim")
    assert page.locator("#claim-review mark.span").is_visible()  # the claim beside its text
    logged = _custody_count(served, "investigator")
    _answer_with_key(page, "#claim-review", "claim", first, "r")  # reject
    assert _custody_count(served, "investigator") > logged, "the answer is in the custody log"


def _answer_with_key(page: Any, container: str, field: str, first: str | None, key: str) -> None:
    """Press `key` with the focus on the page (not a text field): htmx posts the answer and swaps in the
    next item, or the empty queue."""
    assert first, f"{container} has no item to answer"
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    page.wait_for_function(
        "([sel, field, first]) => document.querySelector('#queue-empty')"
        " || (document.querySelector(sel) && document.querySelector(sel).dataset[field] !== first)",
        arg=[container, field, first],
    )


def _custody_count(served: Any, role: str) -> int:
    username = served.users[role][0]
    with served.case.backend.engine.connect() as conn:
        return sum(1 for event in read_events(conn) if event.actor == username)


def test_a_viewer_sees_no_protected_field(page: Any, served: Any) -> None:
    login(page, served, "viewer")
    hidden = [c for c in canaries(served) if c.label not in CLEARANCE["viewer"]]
    latin_given = served.canary_witness_latin.split()[0]
    persian_given = served.canary_witness_persian.split()[0]
    paths = [
        "/",
        "/sources",
        f"/sources/{served.artifact_id}",
        f"/sources/{served.list_artifact_id}",
        f"/persons/{served.person_id}",
        f"/persons/{served.witness_person_id}",
        f"/persons/{served.relative_person_id}",
        f"/persons?q={latin_given}",
        f"/persons?q={persian_given}",
        f"/claims/{served.sealed_claim_id}",
        "/review/links",
        "/review/claims",
    ]
    failures = []
    for path in paths:
        page.goto(path)
        if path == f"/sources/{served.artifact_id}":
            screenshot(page, "document-viewer")  # the same testimony, protected spans blacked out
        seen = page.content() + page.locator("body").inner_text()
        failures += [f"{path}: the {c.name} ({found[:2]})" for c in hidden if (found := leaks(seen, c))]
    assert not failures, "\n".join(failures)


def _in_viewport(locator: Any) -> bool:
    return bool(
        locator.evaluate(
            "el => { const r = el.getBoundingClientRect(); return r.bottom > 0"
            " && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth; }"
        )
    )


def test_the_screenshots_are_in_the_docs() -> None:
    """Every page the browser test photographs has its PNG in docs/screenshots/ at the test's viewport (they
    are rewritten with TESTAMENT_SCREENSHOTS=1 and committed), and no stale picture is left beside them."""
    for name in SCREENSHOT_NAMES:
        data = (SCREENSHOTS / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"]), (name, width, height)
    assert {p.stem for p in SCREENSHOTS.glob("*.png")} == set(SCREENSHOT_NAMES)
