"""Estimation jobs from the workbench: an analyst starts one from the form, the job page shows its progress
and then its report (results, warnings, plots, the command line); the run is kept and logged under the
analyst; a viewer may not start one, and another user's job reads as not found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testament.store.custody import read_events
from testament.web.app import create_app
from tests.web import _fixtures


@pytest.fixture(scope="module")
def private(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _fixtures.private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def app(private: Any) -> Any:
    return create_app(private.case, secure_cookies=False)


def _client(app: Any, private: Any, role: str) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1")
    username, password = private.users[role]
    assert _fixtures.login(client, username, password).status_code == 303
    return client


def _estimated_by(private: Any, username: str) -> int:
    with private.case.backend.engine.connect() as conn:
        return sum(1 for e in read_events(conn) if e.event_type == "estimated" and e.actor == username)


def test_an_analyst_runs_an_estimate_as_a_job(app: Any, private: Any) -> None:
    client = _client(app, private, "analyst")
    form = client.get("/estimates/new")
    assert form.status_code == 200
    lists = re.findall(r'name="lists" value="([^"]+)"', form.text)
    assert len(lists) == 2, "the fixture case's two lists are offered"
    before = _estimated_by(private, private.users["analyst"][0])

    started = client.post(
        "/estimates/jobs",
        data={"method": "loglinear", "lists": lists, "strata": "", "seed": "3", "linkages": "0",
              "csrf_token": _fixtures.csrf(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert started.status_code == 303, started.text
    job_url = started.headers["location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    job = app.state.estimate_jobs.wait(job_id, timeout=60)
    assert job.status == "done", job.error

    progress = client.get(f"{job_url}/progress")
    assert progress.headers.get("hx-refresh") == "true", "a finished job tells the polling page to reload"
    page = client.get(job_url)
    assert 'id="job-results"' in page.text and 'id="job-warnings"' in page.text
    assert f"--lists {','.join(lists)} --seed 3" in page.text.replace("&#39;", "'"), "the reproducing command"
    plots = re.findall(rf'src="(/estimates/jobs/{job_id}/plots/[^"]+\.svg)"', page.text)
    assert plots, "the overlap plot at least"
    svg = client.get(plots[0])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert _estimated_by(private, private.users["analyst"][0]) == before + 1, "logged under the analyst"
    listed = client.get("/estimates")
    kept = job.report.rows[0].estimate_id
    assert f'<a href="/estimates/{kept}">{kept}</a></td>' in listed.text, "kept, opening its report"

    # another user's job is not theirs to read; an admin may
    other = _client(app, private, "investigator")
    assert other.get(job_url).status_code == 404
    assert other.get(plots[0]).status_code == 404
    assert _client(app, private, "admin").get(job_url).status_code == 200
    assert client.get(f"/estimates/jobs/{job_id}/plots/..%2Fsecret.svg").status_code == 404


def test_a_run_the_case_cannot_make_fails_with_its_reason(app: Any, private: Any) -> None:
    client = _client(app, private, "analyst")
    form = client.get("/estimates/new")
    one = re.findall(r'name="lists" value="([^"]+)"', form.text)[:1]
    started = client.post(
        "/estimates/jobs",
        data={"method": "loglinear", "lists": one, "csrf_token": _fixtures.csrf(client)},
        follow_redirects=False,
    )
    job_id = int(started.headers["location"].rsplit("/", 1)[1])
    job = app.state.estimate_jobs.wait(job_id, timeout=60)
    assert job.status == "failed" and job.report is None
    page = client.get(started.headers["location"])
    assert 'id="job-error"' in page.text and "needs two or more" in page.text, "the library's reason, shown"
    assert str(private.folder) not in page.text, "the server's folders are not shown"
    assert one[0] not in job.error, "the message names no value the form sent"


def test_a_viewer_may_not_start_an_estimate(app: Any, private: Any) -> None:
    client = _client(app, private, "viewer")
    assert client.get("/estimates/new").status_code == 403
    refused = client.post(
        "/estimates/jobs",
        data={"method": "loglinear", "csrf_token": _fixtures.csrf(client)},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert 'href="/estimates/new"' not in client.get("/estimates").text, (
        "the page offers no start to a viewer"
    )


def test_choices_outside_the_form_are_refused(app: Any, private: Any) -> None:
    client = _client(app, private, "analyst")
    token = _fixtures.csrf(client)
    for data in (
        {"method": "magic"},
        {"lists": ["not-a-list.csv"]},
        {"strata": "eye_colour"},
        {"model": "M9"},
    ):
        answer = client.post("/estimates/jobs", data={**data, "csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 400, data
    assert client.post("/estimates/jobs", data={"method": "loglinear"}).status_code == 403, "CSRF checked"


# --- the API's jobs: one queue with the pages; a run outlives the job list --------------------------------


def _api(private: Any, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {private.tokens[role]}"}


def _without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "estimate_id"} for row in rows]


def test_a_job_started_by_the_api_is_one_of_the_pages_and_finds_the_same(app: Any, private: Any) -> None:
    page = _client(app, private, "analyst")
    lists = re.findall(r'name="lists" value="([^"]+)"', page.get("/estimates/new").text)
    by_page = page.post(
        "/estimates/jobs",
        data={"method": "dga", "lists": lists, "seed": "1", "csrf_token": _fixtures.csrf(page)},
        follow_redirects=False,
    )
    page_id = int(by_page.headers["location"].rsplit("/", 1)[1])
    api = TestClient(app)
    started = api.post(
        "/api/v1/estimates/jobs",
        json={"method": "dga", "lists": lists, "seed": 1},
        headers=_api(private, "analyst"),
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    assert job_id == page_id + 1, "one queue: the page's and the API's jobs are numbered together"
    assert started.headers["location"] == f"/api/v1/estimates/jobs/{job_id}"
    assert started.json()["status"] in ("queued", "running") and started.json()["result"] is None
    runner = app.state.estimate_jobs
    assert runner.wait(page_id, timeout=60).status == runner.wait(job_id, timeout=60).status == "done"

    polled = api.get(started.headers["location"], headers=_api(private, "analyst")).json()
    assert polled["status"] == "done" and polled["error"] is None
    page_job = api.get(f"/api/v1/estimates/jobs/{page_id}", headers=_api(private, "analyst")).json()
    assert _without_ids(polled["result"]["rows"]) == _without_ids(page_job["result"]["rows"]), "the same run"
    for key in ("warnings", "notes", "lists"):
        assert polled["result"][key] == page_job["result"][key], key
    assert polled["command"] == page_job["command"] == runner.jobs[page_id].report.command
    assert 'id="job-results"' in page.get(f"/estimates/jobs/{job_id}").text, "the API's job has its page"
    assert api.get(started.headers["location"], headers=_api(private, "investigator")).status_code == 404
    assert api.get(started.headers["location"], headers=_api(private, "admin")).status_code == 200

    # a restart (a new app over the case) forgets the job, never the run: /estimates/{id} shows it again
    restarted = create_app(private.case, secure_cookies=False)
    again = _client(restarted, private, "analyst")
    assert again.get(f"/estimates/jobs/{job_id}").status_code == 404
    estimate_id = polled["result"]["rows"][0]["estimate_id"]
    report = again.get(f"/estimates/{estimate_id}")
    assert report.status_code == 200
    text = report.text.replace("&#39;", "'")
    assert 'id="job-results"' in text and 'id="job-warnings"' in text and 'id="no-plots"' in text
    assert polled["command"] in text, "the command that makes it again"
    persian = again.get(f"/estimates/{estimate_id}?lang=fa").text
    assert 'dir="rtl"' in persian and "از پرونده بازخوانی شده" in persian
    stored = TestClient(restarted).get(f"/api/v1/estimates/{estimate_id}", headers=_api(private, "analyst"))
    assert stored.status_code == 200
    for key in ("rows", "warnings", "notes", "lists"):
        assert stored.json()[key] == polled["result"][key], key
    assert stored.json()["command"] == polled["command"] and stored.json()["actor"] == "analyst1"
    viewer = _client(restarted, private, "viewer")
    assert viewer.get(f"/estimates/{estimate_id}").status_code == 403
    assert (
        TestClient(restarted)
        .get(f"/api/v1/estimates/{estimate_id}", headers=_api(private, "viewer"))
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"method": "magic"}, 400),
        ({"lists": ["not-a-list.csv"]}, 400),
        ({"strata": "eye_colour"}, 400),
        ({"model": "M9"}, 400),
        ({"min_stratum": 0}, 422),
        ({"seed": -1}, 422),
        ({"linkages": 51}, 422),
        ({"lists": "not-a-list.csv"}, 422),
    ],
)
def test_the_api_refuses_choices_outside_the_form(
    app: Any, private: Any, body: dict[str, Any], status: int
) -> None:
    def queued() -> int:
        runner = getattr(app.state, "estimate_jobs", None)
        return len(runner.jobs) if runner is not None else 0

    before = queued()
    answer = TestClient(app).post("/api/v1/estimates/jobs", json=body, headers=_api(private, "analyst"))
    assert answer.status_code == status, answer.text
    detail = answer.json()["detail"]
    if status == 400:  # what was wrong and the choices, never the value sent
        assert isinstance(detail, str) and ("unknown" in detail or "not a list" in detail), detail
    else:  # which parameter, never its value
        assert all(set(error) == {"loc", "msg", "type"} for error in detail)
    for value in ("not-a-list.csv", "eye_colour", "magic", "M9"):
        assert value not in answer.text
    assert queued() == before, "nothing was queued"


def test_the_api_lets_only_estimating_roles_start_a_job(app: Any, private: Any) -> None:
    api = TestClient(app)
    refused = api.post("/api/v1/estimates/jobs", json={"method": "dga"}, headers=_api(private, "viewer"))
    assert refused.status_code == 403 and set(refused.json()) == {"detail"}
    assert api.post("/api/v1/estimates/jobs", json={"method": "dga"}).status_code == 401
    assert api.get("/api/v1/estimates/jobs/1").status_code == 401
    assert api.get("/api/v1/estimates/jobs/987654", headers=_api(private, "admin")).status_code == 404
