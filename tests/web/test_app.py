"""The workbench's pages over the planted case: each renders for an admin, roles get 403 for actions they may
not take and 404 for objects they may not see, a claim opens at its span, an upload shows its ingest report
row by row, and review answers are recorded under the user's name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from testament.store.reads import read_custody_log
from testament.web.app import create_app
from tests.web._fixtures import SAMPLE_LIST_CSV, SAMPLE_TESTIMONY_TXT, Planted, csrf, login, private_copy

ROLES = ("admin", "investigator", "analyst", "viewer")


@pytest.fixture(scope="module")
def private(planted: Planted, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    yield from private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def app(private: Planted):  # type: ignore[no-untyped-def]
    return create_app(private.case, secure_cookies=False)


def client_for(app, private: Planted, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    assert login(client, *private.users[role]).status_code == 303
    return client


@pytest.fixture(scope="module")
def clients(app, private: Planted) -> Iterator[dict[str, TestClient]]:  # type: ignore[no-untyped-def]
    made = {role: client_for(app, private, role) for role in ROLES}
    yield made
    for client in made.values():
        client.close()


def _pages(p: Planted) -> list[str]:
    return [
        "/",
        "/sources",
        f"/sources/{p.artifact_id}",
        f"/sources/{p.list_artifact_id}",
        "/persons",
        "/persons?q=Karimi",
        f"/persons/{p.person_id}",
        "/upload",
        "/review/links",
        "/review/claims",
        "/estimates",
        "/verify",
    ]


def test_every_page_renders_for_an_admin(clients: dict[str, TestClient], private: Planted) -> None:
    admin = clients["admin"]
    for url in _pages(private):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        text = response.text
        assert '<html lang="en" dir="ltr">' in text and "<h1" in text and 'name="csrf-token"' in text, url
        assert "<script>" not in text and " style=" not in text and "onclick" not in text, url  # CSP-clean


def test_anonymous_requests_go_to_the_login_page(app, private: Planted) -> None:  # type: ignore[no-untyped-def]
    with TestClient(app, follow_redirects=False) as anonymous:
        for url in _pages(private):
            response = anonymous.get(url)
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), url
        assert anonymous.get(f"/artifacts/{private.artifact_id}/download").status_code == 303
        assert anonymous.get("/login").status_code == 200


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("viewer", "/upload", 403),
        ("viewer", "/review/links", 403),
        ("viewer", "/review/claims", 403),
        ("viewer", "/verify", 403),
        ("analyst", "/upload", 403),
        ("analyst", "/review/links", 200),
        ("analyst", "/review/claims", 403),
        ("analyst", "/verify", 403),
        ("investigator", "/upload", 200),
        ("investigator", "/review/claims", 200),
        ("investigator", "/verify", 403),
        ("viewer", "/estimates", 200),
    ],
)
def test_roles_may_only_what_they_may(
    clients: dict[str, TestClient], role: str, url: str, status: int
) -> None:
    response = clients[role].get(url)
    assert response.status_code == status
    if status == 403:
        assert "<h1>Not allowed</h1>" in response.text


def test_downloads_need_clearance(clients: dict[str, TestClient], private: Planted) -> None:
    testimony = f"/artifacts/{private.artifact_id}/download"
    assert clients["viewer"].get(testimony).status_code == 403
    assert clients["investigator"].get(testimony).status_code == 403  # it holds a sealed passage
    response = clients["admin"].get(testimony)
    assert response.status_code == 200 and private.canary_sealed.encode() in response.content
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"testimony-canary.txt\"; filename*=UTF-8''testimony-canary.txt"
    )


def test_protected_objects_read_as_not_found(clients: dict[str, TestClient], private: Planted) -> None:
    for role in ("viewer", "analyst"):
        assert clients[role].get(f"/persons/{private.witness_person_id}").status_code == 404
        assert clients[role].get(f"/claims/{private.address_claim_id}").status_code == 404
    assert clients["investigator"].get(f"/claims/{private.sealed_claim_id}").status_code == 404
    assert clients["investigator"].get(f"/claims/{private.address_claim_id}").status_code == 303
    assert clients["admin"].get(f"/claims/{private.sealed_claim_id}").status_code == 303
    missing = clients["admin"].get("/persons/987654321")
    assert missing.status_code == 404 and "987654321" not in missing.text


def test_a_claim_opens_at_its_span(clients: dict[str, TestClient], private: Planted) -> None:
    viewer = clients["viewer"]
    response = viewer.get(f"/claims/{private.claim_id}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/sources/{private.artifact_id}#claim-{private.claim_id}"
    page = viewer.get(f"/sources/{private.artifact_id}").text
    mark = re.search(
        rf'<a class="claim-link" href="/claims/{private.claim_id}">'
        rf'<mark class="span" id="claim-{private.claim_id}" data-claim="{private.claim_id}">'
        r"([^<]*)</mark></a>",
        page,
    )
    assert mark and mark.group(1) == "July 30, 1988"
    assert 'id="custody"' in page and "<td>received</td>" in page


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(1, 2, 5)], 'ab<a class="claim-link" href="/claims/1"><mark class="span" id="claim-1" '
                      'data-claim="1">c&lt;d</mark></a>ef'),
        ([(1, 0, 6), (2, 2, 4)], '<a class="claim-link" href="/claims/1"><mark class="span" id="claim-1" '
         'data-claim="1">ab<mark class="span" id="claim-2" data-claim="2">c&lt;</mark>de</mark></a>f'),
        ([(1, 0, 3), (2, 2, 5)], '<a class="claim-link" href="/claims/1"><mark class="span" id="claim-1" '
         'data-claim="1">ab<mark class="span" id="claim-2" data-claim="2">c</mark></mark></a>'
         '<a class="claim-link" href="/claims/2"><mark class="span" data-claim="2">&lt;d</mark></a>ef'),
        ([(1, 4, 99), (2, 3, 3)], "abc&lt;def"),  # out of the text, empty: not marked
    ],
)  # fmt: skip
def test_marked_text_nests_and_cuts_spans(spans: list[tuple[int, int, int]], expected: str) -> None:
    from types import SimpleNamespace

    from testament.web.pages import marked_text

    doc = SimpleNamespace(
        text="abc<def", spans=[SimpleNamespace(claim_id=c, char_start=a, char_end=b) for c, a, b in spans]
    )
    assert str(marked_text(doc)) == expected


def test_document_withholds_what_the_role_may_not_read(
    clients: dict[str, TestClient], private: Planted
) -> None:
    viewer_page = clients["viewer"].get(f"/sources/{private.artifact_id}").text
    for canary in private.canaries.values():
        assert canary not in viewer_page
    assert "[withheld]" in viewer_page  # the passage is replaced by a mark that does not tell its length
    investigator_page = clients["investigator"].get(f"/sources/{private.artifact_id}").text
    assert private.canary_address in investigator_page and private.canary_sealed not in investigator_page


def test_person_page_lists_claims_with_citations(clients: dict[str, TestClient], private: Planted) -> None:
    page = clients["viewer"].get(f"/persons/{private.person_id}").text
    table = page.split('<table id="claims">', 1)[1].split("</table>", 1)[0]
    citations = re.findall(r'<a class="citation" href="(/claims/\d+|/sources/\d+#claim-\d+)">', table)
    assert citations and all(c.startswith(("/claims/", "/sources/")) for c in citations)
    assert "some fields withheld" in page
    for canary in private.canaries.values():
        assert canary not in page
    admin_page = clients["admin"].get(f"/persons/{private.person_id}").text
    assert private.canary_sealed in admin_page
    relative = clients["investigator"].get(f"/persons/{private.relative_person_id}").text
    assert private.canary_address in relative
    assert clients["viewer"].get(f"/persons/{private.relative_person_id}").status_code == 404


def test_conflicting_claims_stand_side_by_side() -> None:
    from testament.views import Citation, ClaimView, PersonPage, PredicateGroup
    from testament.web.pages import templates

    def claim(claim_id: int, value: str, source: str) -> ClaimView:
        cite = Citation(
            attestation_id=claim_id, artifact_id=7, source_name=source, locator_kind="cell", row=3,
            column="born", original_text=value, review_status="accepted",
        )  # fmt: skip
        return ClaimView(
            claim_id=claim_id, predicate="born", value=value, stance="affirms", sensitivity="internal",
            citations=[cite],
        )  # fmt: skip

    group = PredicateGroup(
        predicate="born", conflicting=True, claims=[claim(5, "1340", "a.csv"), claim(6, "1342", "b.csv")]
    )
    page = PersonPage(
        person_id=9, name="Ali <b>Kazemi</b>", groups=[group], records=[], acts=[], withheld=False
    )
    html = templates.get_template("person.html").render(
        page=page, viewer=None, csrf_token="", may=lambda action: False, path="/persons/9", lang="en",
        dir="ltr", title="Person",
    )  # fmt: skip
    conflicts = html.split('<section id="conflicts"', 1)[1].split("</section>\n</div>", 1)[0]
    assert "1340" in conflicts and "1342" in conflicts and "a.csv, row 3, born" in conflicts
    assert 'href="/claims/5"' in conflicts and 'href="/claims/6"' in conflicts
    assert "Ali &lt;b&gt;Kazemi&lt;/b&gt;" in html  # autoescaped


def test_person_search_in_both_scripts(clients: dict[str, TestClient], private: Planted) -> None:
    investigator, viewer = clients["investigator"], clients["viewer"]
    for query in ("Canarypour", "قناری‌پور"):
        found = investigator.get("/persons", params={"q": query}).text
        assert f'href="/persons/{private.witness_person_id}"' in found, query
        hidden = viewer.get("/persons", params={"q": query}).text
        assert 'id="no-hits"' in hidden and f"/persons/{private.witness_person_id}" not in hidden
        assert query not in hidden.split("<h2>Results</h2>", 1)[1]  # the query is only in the search box


def test_upload_shows_the_ingest_report_row_by_row(clients: dict[str, TestClient], private: Planted) -> None:
    investigator = clients["investigator"]
    token = csrf(investigator)
    files = {"file": ("upload-list.csv", SAMPLE_LIST_CSV, "text/csv")}
    response = investigator.post("/upload", files=files, data={"csrf_token": token})
    assert response.status_code == 200
    report = response.text.split('<table id="ingest-report">', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<tr class="accepted file" data-status="ingested">', report)
    refused = re.findall(r'<tr class="refused" data-row="(\d+)">(.*?)</tr>', report, re.S)
    assert [row for row, _ in refused] == ["2"]
    assert "execution date" in refused[0][1]  # the field is named
    testimony = {"file": ("upload-testimony.txt", SAMPLE_TESTIMONY_TXT, "text/plain")}
    response = investigator.post("/upload", files=testimony, data={"csrf_token": csrf(investigator)})
    assert response.status_code == 200 and 'data-status="ingested"' in response.text
    events = [e for e in read_custody_log(private.case) if e.event_type == "ingested"]
    assert events[-1].actor == "investigator1"


def test_upload_without_csrf_is_refused(clients: dict[str, TestClient]) -> None:
    files = {"file": ("x.csv", SAMPLE_LIST_CSV, "text/csv")}
    assert clients["investigator"].post("/upload", files=files).status_code == 403


def test_link_review_records_the_answer_under_the_user(
    clients: dict[str, TestClient], private: Planted
) -> None:
    analyst = clients["analyst"]
    page = analyst.get("/review/links").text
    pair = re.search(r'<div id="pair" class="side-by-side" data-pair="(\d+)"', page)
    assert pair and 'data-key="s"' in page and 'data-key="d"' in page and 'data-key="u"' in page
    pair_id = pair.group(1)
    response = analyst.post(
        f"/review/links/{pair_id}", data={"decision": "different", "csrf_token": csrf(analyst)}
    )
    assert response.status_code == 303 and response.headers["location"] == "/review/links"
    reviewed = [e for e in read_custody_log(private.case) if e.event_type == "reviewed"]
    assert reviewed[-1].actor == "analyst1"
    following = analyst.get("/review/links").text
    assert f'data-pair="{pair_id}"' not in following
    bad = analyst.post(f"/review/links/{pair_id}", data={"decision": "maybe", "csrf_token": csrf(analyst)})
    assert bad.status_code == 400 and "maybe" not in bad.text


def test_claim_review_records_the_answer_under_the_user(
    clients: dict[str, TestClient], private: Planted
) -> None:
    investigator = clients["investigator"]
    page = investigator.get("/review/claims").text
    shown = re.search(r'<div id="claim-review" class="side-by-side" data-claim="(\d+)"', page)
    assert shown and 'data-key="a"' in page and 'data-key="r"' in page
    claim_id = shown.group(1)
    token = csrf(investigator)
    response = investigator.post(
        f"/review/claims/{claim_id}", data={"decision": "reject", "csrf_token": token}
    )
    assert response.status_code == 303
    last = [e for e in read_custody_log(private.case) if e.event_type == "reviewed"][-1]
    assert last.actor == "investigator1" and claim_id in json.dumps(last.details)
    assert f'data-claim="{claim_id}"' not in investigator.get("/review/claims").text


def test_verify_runs_on_post_for_an_admin(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    response = admin.post("/verify", data={"csrf_token": csrf(admin)})
    assert response.status_code == 200 and 'id="verify-result"' in response.text
    assert "Verified" in response.text
    viewer = clients["viewer"]
    assert viewer.post("/verify", data={"csrf_token": csrf(viewer)}).status_code == 403


def test_static_files_are_served_and_htmx_is_vendored(clients: dict[str, TestClient]) -> None:
    anonymous = TestClient(clients["admin"].app)
    for name in ("workbench.css", "workbench.js", "htmx.min.js"):
        assert anonymous.get(f"/static/{name}").status_code == 200
    assert "htmx" in anonymous.get("/static/htmx.min.js").text[:200].lower()


def test_workbench_runs_on_every_backend(fresh_case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Sign in, upload, read the document and its claim, on SQLite, SQLCipher and PostgreSQL alike."""
    from testament.store.users import add_user

    add_user(fresh_case, "maryam", "quartz-lantern-admin-4417", "admin")
    with TestClient(create_app(fresh_case, secure_cookies=False), follow_redirects=False) as client:
        assert login(client, "maryam", "quartz-lantern-admin-4417").status_code == 303
        files = {"file": ("testimony.txt", SAMPLE_TESTIMONY_TXT, "text/plain")}
        report = client.post("/upload", files=files, data={"csrf_token": csrf(client)})
        assert report.status_code == 200 and 'data-status="ingested"' in report.text
        artifact_id = re.search(r'href="/sources/(\d+)">artifact #', report.text)
        assert artifact_id
        page = client.get(f"/sources/{artifact_id.group(1)}")
        assert page.status_code == 200 and "blindfolded men" in page.text
        assert client.get("/").status_code == 200 and client.get("/sources").status_code == 200


def _render(name: str, **context: object) -> str:
    from testament.web.pages import templates

    base = {"viewer": None, "csrf_token": "t0k", "may": lambda action: True, "path": "/", "lang": "en",
            "dir": "ltr", "title": "T"}  # fmt: skip
    return templates.get_template(name).render(**base, **context)


def test_templates_render_what_the_fixture_case_lacks() -> None:
    """Pages for results the planted case does not produce: a claim with no readable citation, estimates,
    a failed verification, a refused file."""
    from testament import views

    claim = views.ClaimDetail(
        claim_id=4, subject_type="person_record", subject_id=2, predicate="born", value="1340",
        date_start="1961-03-21", date_end="1962-03-20", date_original="1340", stance="affirms",
        sensitivity="internal", citations=[],
    )  # fmt: skip
    html = _render("claim.html", claim=claim)
    assert "Claim #4" in html and "no citation you may read" in html and "1340" in html
    estimate = views.EstimateRow(
        estimate_id=1, created_at="2026-01-01T00:00:00Z", actor="analyst1", method="loglinear",
        model="[12][3]", stratum=None, estimate=1234.4, lower=1000.0, upper=1500.6, observed=800, seed=None,
        version="0.1.0",
    )  # fmt: skip
    html = _render("estimates.html", estimates=[estimate])
    assert "1234" in html and "1000 – 1501" in html and "[12][3]" in html
    outcome = views.VerifyOutcome(
        ok=False, blobs_checked=3, events_checked=9, rows_checked=40, database_check="ok",
        findings=[views.Finding(kind="blob", where="artifact 2", message="altered <file>")], notes=["a note"],
    )  # fmt: skip
    html = _render("verify.html", outcome=outcome)
    assert "FAILED: 1 problem(s)" in html and "altered &lt;file&gt;" in html and "a note" in html
    refused = views.IngestOutcome(
        ok=False,
        files=[views.FileReport(file="x.csv", status="rejected", message="refused: 1 row", warnings=["w"],
                                problems=[views.RowProblem(row=None, column="name", expected="a name",
                                                           found="empty", message="no name")])],
    )  # fmt: skip
    html = _render("upload.html", outcome=refused)
    assert '<tr class="refused file" data-status="rejected">' in html and "whole file" in html
    assert 'name="csrf_token" value="t0k"' not in html  # the report has no form; the upload page does
    assert 'name="csrf_token" value="t0k"' in _render("upload.html", outcome=None)
