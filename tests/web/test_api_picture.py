"""The picture in the REST API: the dashboard, a triangulation cell's claims, the timeline and the map's
places answer every role as their pages do (one views call each, the gate in the library: a viewer gets
the withheld notice, never a canary), bad parameters are refused with the API's error model, and the
picture and a saved run's report work on SQLite, SQLCipher and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testament import views
from testament.store.access import Viewer
from testament.store.users import token_user
from testament.web.app import create_app
from tests.web import canaries
from tests.web._fixtures import SAMPLE_LIST_CSV, SAMPLE_TESTIMONY_TXT, Planted, login

ROLES = ("admin", "investigator", "analyst", "viewer")
# each API route beside the page that shows the same view
PAIRS = (
    ("/api/v1/dashboard", "/dashboard"),
    ("/api/v1/dashboard?prison=Gohardasht", "/dashboard?prison=Gohardasht"),
    ("/api/v1/dashboard/claims?kind=reported&prison=Gohardasht&week=1988-08-01",
     "/dashboard/claims?kind=reported&prison=Gohardasht&week=1988-08-01"),
    ("/api/v1/dashboard/claims?kind=documented&prison=Evin&week=",
     "/dashboard/claims?kind=documented&prison=Evin&week="),
    ("/api/v1/timeline", "/timeline"),
    ("/api/v1/timeline?prison=Evin&city=&affiliation=", "/timeline?prison=Evin&city=&affiliation=&person="),
    ("/api/v1/places", "/map"),
    ("/api/v1/places/claims?name=Evin&kind=prison", "/map/place?name=Evin&kind=prison"),
    # the relative's address (a canary) names Shiraz: a cleared role reads it here, the others must not
    ("/api/v1/places/claims?name=Shiraz&kind=city", "/map/place?name=Shiraz&kind=city"),
)  # fmt: skip


@pytest.fixture(scope="module")
def app(planted: Planted) -> Any:
    return create_app(planted.case, secure_cookies=False)


@pytest.fixture(scope="module")
def pages(app: Any, planted: Planted) -> Iterator[dict[str, TestClient]]:
    made = {}
    for role in ROLES:
        client = TestClient(app, follow_redirects=False)
        assert login(client, *planted.users[role]).status_code == 303
        made[role] = client
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def api(app: Any) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _as(planted: Planted, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {planted.tokens[role]}"}


def _viewer(planted: Planted, role: str) -> Viewer:
    user = token_user(planted.case, planted.tokens[role])
    assert user is not None
    return Viewer.from_user(user)


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_its_page(
    api: TestClient, pages: dict[str, TestClient], planted: Planted, role: str
) -> None:
    """Same status as the page, JSON, and no canary the role may not read (a viewer's dashboard says what
    was withheld instead)."""
    hidden = [c for c in canaries.canaries(planted) if c.label not in canaries.CLEARANCE[role]]
    for url, page in PAIRS:
        answer = api.get(url, headers=_as(planted, role))
        assert answer.status_code == pages[role].get(page).status_code == 200, (url, answer.status_code)
        assert answer.headers["content-type"] == "application/json"
        for canary in hidden:
            assert not canaries.leaks(answer.text, canary), (role, url, canary.name)
    shiraz = api.get("/api/v1/places/claims?name=Shiraz&kind=city", headers=_as(planted, role)).text
    address = next(c for c in canaries.canaries(planted) if c.name == "relative's address")
    assert bool(canaries.leaks(shiraz, address)) == (address.label in canaries.CLEARANCE[role])
    board = api.get("/api/v1/dashboard", headers=_as(planted, role)).json()
    assert board["rows"] and board["documented_total"] > 0
    line = api.get("/api/v1/timeline", headers=_as(planted, role)).json()
    if role == "viewer":
        assert line["withheld"] is True and line["notice"], "the viewer is told something was withheld"


def test_the_routes_are_the_views_as_json(api: TestClient, planted: Planted) -> None:
    """One views call each: the JSON is the view's model, field for field (the filters passed through)."""
    viewer = _viewer(planted, "analyst")
    headers = _as(planted, "analyst")
    board = api.get("/api/v1/dashboard?prison=Gohardasht", headers=headers).json()
    expected = views.dashboard(planted.case, viewer, prison="Gohardasht").model_dump(mode="json")
    # when the figures were counted (the dashboard may count in the background)
    volatile = {"as_of", "as_of_time", "updating", "changes_pending"}
    assert {k: v for k, v in board.items() if k not in volatile} == {
        k: v for k, v in expected.items() if k not in volatile
    }
    assert board["prison"] == "Gohardasht" and {r["prison"] for r in board["rows"]} == {"Gohardasht"}
    cell = api.get(
        "/api/v1/dashboard/claims",
        params={"kind": "reported", "prison": "Gohardasht", "week": "1988-08-01", "as_of": board["as_of"]},
        headers=headers,
    ).json()  # fmt: skip
    assert cell == views.triangulation_claims(
        planted.case, viewer, "reported", "Gohardasht", "1988-08-01", as_of=board["as_of"]
    ).model_dump(mode="json")
    assert cell["claims"], "the witness's count behind the cell"
    everything = api.get("/api/v1/timeline", headers=headers).json()
    person = next(e["person_id"] for e in everything["entries"] if e["person_id"] is not None)
    one = api.get("/api/v1/timeline", params={"person": person, "prison": " "}, headers=headers).json()
    assert one == views.timeline(planted.case, viewer, person_id=person).model_dump(mode="json")
    assert one["entries"] and {e["person_id"] for e in one["entries"]} == {person}
    places = api.get("/api/v1/places", headers=headers).json()
    assert places == views.place_map(planted.case, viewer).model_dump(mode="json")
    evin = next(p for p in places["places"] if p["name"] == "Evin" and p["kind"] == "prison")
    named = api.get("/api/v1/places/claims", params={"name": "Evin", "kind": "prison"}, headers=headers)
    assert len(named.json()["claims"]) == evin["claims"] > 0


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/dashboard/claims?kind=everything&prison=Evin", 422),
        ("/api/v1/dashboard/claims?kind=documented", 422),
        ("/api/v1/dashboard/claims?kind=documented&prison=Evin&as_of=-1", 422),
        ("/api/v1/dashboard/claims?kind=documented&prison=Evin&week=last-week", 400),
        ("/api/v1/dashboard?prison=" + "x" * 201, 422),
        ("/api/v1/places/claims?name=Evin&kind=country", 422),
        ("/api/v1/places/claims?name=&kind=prison", 422),
        ("/api/v1/timeline?person=abc", 422),
        ("/api/v1/timeline?person=0", 422),
        ("/api/v1/timeline?person=99999999999999999999", 422),
    ],
)
def test_bad_parameters_get_the_error_model(api: TestClient, planted: Planted, url: str, status: int) -> None:
    answer = api.get(url, headers=_as(planted, "viewer"))
    assert answer.status_code == status, (url, answer.status_code)
    detail = answer.json()["detail"]
    if status == 422:  # which parameter, never its value
        assert all(set(error) == {"loc", "msg", "type"} for error in detail)
    else:
        assert isinstance(detail, str) and "week" in detail
    for value in ("everything", "last-week", "country", "abc", "99999999999999999999", "x" * 201):
        assert value not in answer.text


def test_without_a_token_the_picture_is_refused(api: TestClient) -> None:
    for url, _page in PAIRS:
        assert api.get(url).status_code == 401


def test_the_picture_and_a_saved_run_on_every_backend(fresh_case: Any, tmp_path: Path) -> None:
    """On a new case of each backend: the picture answers (an empty dashboard is still one), a run saved
    by the library reads back as its report with the command that makes it again, and a job the case
    cannot run (nothing linked) fails through the queue with its reason."""
    from testament.estimate.result import EstimateResult
    from testament.estimate.store import save_results
    from testament.store.users import add_user, issue_token
    from tests.web._fixtures import _ingest

    add_user(fresh_case, "nasrin", "copper-heron-analyst-8836", "analyst")
    add_user(fresh_case, "omid", "velvet-fjord-viewer-5503", "viewer")
    analyst = {"Authorization": f"Bearer {issue_token(fresh_case, 'nasrin')}"}
    viewer = {"Authorization": f"Bearer {issue_token(fresh_case, 'omid')}"}
    (tmp_path / "victims.csv").write_bytes(SAMPLE_LIST_CSV)
    (tmp_path / "testimony.txt").write_bytes(SAMPLE_TESTIMONY_TXT)
    _ingest(fresh_case, [tmp_path / "victims.csv", tmp_path / "testimony.txt"])
    read = {
        "kind": "case", "lists": [{"name": "a.csv", "files": ["a.csv"], "persons": 40},
                                  {"name": "b.csv", "files": ["b.csv"], "persons": 50}],
        "strata": {"field": "prison", "rule": {"min_persons": 20, "min_overlap": 10}},
        "notes": ["read from the case: 2 list sources, 70 linked persons"], "warnings": ["an input warning"],
    }  # fmt: skip
    results = [
        EstimateResult(
            method="lcmcr", model="lcmcr", estimate=est, lower=est - 10, upper=est + 20, observed=obs,
            input_sha256="0" * 64, settings={"chains": 4}, seed=7, stratum=stratum, input=read,
            diagnostics={"warnings": [f"stratum {stratum}: fragile"]},
            linkage={"linkages": 4, "seed": 7, "lower": est - 15, "upper": est + 30},
        )
        for stratum, est, obs in (("Evin", 60.0, 40), ("Gohardasht", 45.0, 30), ("(all strata)", 105.0, 70))
    ]  # fmt: skip
    # `--method all` saves every method's rows together; a log-linear stratum's row keeps no seed
    results.append(
        EstimateResult(
            method="loglinear", model="[12]", estimate=58.0, lower=50.0, upper=70.0, observed=40,
            input_sha256="1" * 64, settings={"model": "best-aic"}, stratum="Evin", input=read,
            diagnostics={"warnings": ["stratum Evin: fragile"]},
        )
    )  # fmt: skip
    ids = save_results(fresh_case, results)
    app = create_app(fresh_case, secure_cookies=False)
    with TestClient(app) as client:
        for url in ("/api/v1/dashboard", "/api/v1/timeline", "/api/v1/places"):
            assert client.get(url, headers=viewer).status_code == 200, url
        report = client.get(f"/api/v1/estimates/{ids[1]}", headers=analyst)
        assert report.status_code == 200
        body = report.json()
        assert [r["estimate_id"] for r in body["rows"]] == ids, "every row of the run"
        assert [r["linkage_upper"] for r in body["rows"]] == [90.0, 75.0, 135.0, None]
        assert body["warnings"] == ["an input warning", *(f"stratum {s}: fragile" for s in
                                    ("Evin", "Gohardasht", "(all strata)"))]  # fmt: skip
        assert body["command"] == (
            "testament estimate CASE --method all --model best-aic --lists a.csv,b.csv --strata prison "
            "--min-stratum 20 --seed 7 --linkages 4"
        )
        assert body == client.get(f"/api/v1/estimates/{ids[-1]}", headers=analyst).json() | {
            "estimate_id": ids[1]
        }, "any row of a run gives the run"
        assert body["plots"] == {} and body["actor"] == "tester"
        assert client.get(f"/api/v1/estimates/{ids[1]}", headers=viewer).status_code == 403
        assert client.get(f"/api/v1/estimates/{ids[-1] + 1}", headers=analyst).status_code == 404
        started = client.post("/api/v1/estimates/jobs", json={"method": "dga"}, headers=analyst)
        assert started.status_code == 202, started.text
        job = app.state.estimate_jobs.wait(started.json()["job_id"], timeout=30)
        assert job.status == "failed"
        polled = client.get(started.headers["location"], headers=analyst).json()
        assert polled["status"] == "failed" and polled["error"] and polled["result"] is None
        assert str(fresh_case.path) not in polled["error"]
