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
    assert f">{job.report.rows[0].estimate_id}</td>" in listed.text, "the run is kept with the others"

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
