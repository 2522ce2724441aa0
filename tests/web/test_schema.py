"""Property tests of the REST API from its own OpenAPI schema (Schemathesis): every operation of
`/api/v1/openapi.json` is called with requests generated from the schema, as a user with a valid bearer token
of each role, against the ASGI app in process. No answer may be a server error, and every answer must
conform to the schema: a documented status code, the documented content type, a body that validates.

A bounded number of examples per operation and role (TESTAMENT_SCHEMA_EXAMPLES, 10 by default; half as
many in the negative mode; a share of that for the costlier operations in SHARE; one for an operation
without parameters). Like the other property tests,
`make test` (TESTAMENT_HYPOTHESIS=ci: derandomised, no example database) sends the same requests every run,
and a plain `pytest` explores fresh ones."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from tests.web import _fixtures

EXAMPLES = int(os.environ.get("TESTAMENT_SCHEMA_EXAMPLES", "10"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Each role, so that both the answers a cleared role gets and the refusals and withheld fields of the others
# are checked against the schema.
ROLES = ("admin", "investigator", "analyst", "viewer")
# Operations that cost more per request get a share of the examples: the picture's reads count over the whole
# case (their parameters are free-text filters: more examples only try more strings), and every valid job
# request queues a real estimation run (the fixture test below starts one per role).
SHARE = {
    "GET /api/v1/dashboard": 2, "GET /api/v1/dashboard/claims": 2, "GET /api/v1/timeline": 2,
    "GET /api/v1/places/claims": 2, "POST /api/v1/estimates/jobs": 5,
}  # fmt: skip


@pytest.fixture(scope="module")
def schema_case(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A copy of the fixture case for this module: the generated requests post review decisions."""
    yield from _fixtures.private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def schema_app(schema_case: Any) -> Iterator[Any]:
    from testament.web.app import create_app

    app = create_app(schema_case.case, secure_cookies=False)
    yield app
    runner = getattr(app.state, "estimate_jobs", None)  # the estimation jobs requests queued end first
    if runner is not None:
        for job_id in list(runner.jobs):
            runner.wait(job_id, timeout=120)


@pytest.fixture(scope="module")
def api_schema(schema_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", schema_app)


def _operations(api_schema: Any) -> list[Any]:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations, "the OpenAPI schema has no operations"
    return operations


def test_the_schema_describes_the_api(api_schema: Any) -> None:
    """Every operation is under /api/v1, needs the bearer token, and the contract's operations are there."""
    labels = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    expected = {
        "GET /api/v1/persons",
        "GET /api/v1/persons/{person_id}",
        "GET /api/v1/claims/{claim_id}",
        "GET /api/v1/sources",
        "GET /api/v1/sources/{artifact_id}",
        "GET /api/v1/artifacts/{artifact_id}/content",
        "GET /api/v1/review/links/next",
        "POST /api/v1/review/links/{pair_id}",
        "GET /api/v1/review/claims/next",
        "POST /api/v1/review/claims/{claim_id}",
        "GET /api/v1/estimates",
        "GET /api/v1/estimates/{estimate_id}",
        "POST /api/v1/estimates/jobs",
        "GET /api/v1/estimates/jobs/{job_id}",
        "GET /api/v1/dashboard",
        "GET /api/v1/dashboard/claims",
        "GET /api/v1/timeline",
        "GET /api/v1/places",
        "GET /api/v1/places/claims",
    }

    def shape(label: str) -> str:  # parameter names aside
        return re.sub(r"\{[^}]*\}", "{}", label)

    assert {shape(e) for e in expected} <= {shape(label) for label in labels}, sorted(labels)
    assert all(label.split(" ", 1)[1].startswith("/api/v1/") for label in labels), sorted(labels)


@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_by_its_schema(
    role: str, mode: str, api_schema: Any, schema_case: Any
) -> None:
    """Generated requests: valid ones (positive) and ones that break the schema (negative: wrong types,
    missing fields), which must be refused with a documented 4xx, never a server error."""
    headers = {"Authorization": f"Bearer {schema_case.tokens[role]}"}
    generation = GenerationMode(mode)
    failures: list[str] = []
    for operation in _operations(api_schema):
        examples = EXAMPLES if generation.is_positive else max(EXAMPLES // 2, 1)
        examples = max(examples // SHARE.get(f"{operation.method.upper()} {operation.path}", 1), 1)
        if not (operation.path_parameters or operation.query or operation.body):
            examples = 1  # nothing to vary but the token: more examples send the same request again

        @given(case=operation.as_strategy(generation_mode=generation))
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        except Exception as exc:  # each operation's first failure, then the next operation
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


def _known(planted: Any) -> dict[str, list[Any]]:
    """Values of the fixture case for each path and query parameter, so the answers are real pages, hidden
    objects and withheld fields, not only the 404s random ids get."""
    claims = [planted.claim_id, planted.sealed_claim_id, planted.address_claim_id, planted.review_claim_id]
    return {
        "person_id": [planted.person_id, planted.witness_person_id, planted.relative_person_id],
        "claim_id": claims,
        "artifact_id": [planted.artifact_id, planted.list_artifact_id],
        "pair_id": [planted.pair_id],
        "q": ["", planted.canary_witness_latin, planted.canary_witness_persian, "Reza"],
        "limit": [1, 50],
        # the picture: a cell and places the testimony touches, the relative's city; both kinds' values
        "prison": ["Gohardasht", ""],
        "week": ["1988-08-01", ""],
        "as_of": [0],
        "kind": ["reported", "documented", "city"],
        "city": ["Shiraz"],
        "affiliation": [""],
        "person": [planted.relative_person_id],
        "name": ["Shiraz", "Evin"],
        # the estimates: ids the jobs posted below make (404 before them), a job of another role
        "estimate_id": [1, 2],
        "job_id": [1, 2],
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_fixture_objects_answer_by_the_schema(role: str, api_schema: Any, schema_case: Any) -> None:
    """Every operation called with the fixture case's own ids (ordinary, protected and sealed) as each role:
    the 200s with their withheld fields, the 403s and the 404s all match the schema."""
    headers = {"Authorization": f"Bearer {schema_case.tokens[role]}"}
    known = _known(schema_case)
    statuses: set[int] = set()
    for operation in _operations(api_schema):
        names = [p.name for p in operation.path_parameters] + [p.name for p in operation.query]
        unknown = [n for n in names if n not in known]
        assert not unknown, f"{operation.method} {operation.path}: add values for {unknown} to _known()"
        bodies: list[Any] = [NOT_SET]
        if operation.path.endswith("/estimates/jobs"):
            bodies = [{"method": "dga"}]  # a real run, the fastest method (under a second)
        elif operation.method.upper() == "POST":
            decision = "unsure" if "pair_id" in names else "accept"
            bodies = [{"decision": decision, "reason": "schema test"}]
        path_names = [p.name for p in operation.path_parameters]
        query_names = [p.name for p in operation.query]
        for values in itertools.product(*(known[n] for n in path_names)):
            for query_values in itertools.product(*(known[n] for n in query_names)):
                for body in bodies:
                    case = operation.Case(
                        path_parameters=dict(zip(path_names, values, strict=True)),
                        query=dict(zip(query_names, query_values, strict=True)),
                        body=body,
                        media_type="application/json" if body is not NOT_SET else None,
                    )
                    response = case.call(headers=headers)
                    statuses.add(response.status_code)
                    case.validate_response(response, checks=CHECKS, headers=headers)
    assert 200 in statuses, statuses


def test_without_a_token_every_operation_is_refused(api_schema: Any, schema_app: Any) -> None:
    """No bearer token (or a wrong one): 401 from every operation."""
    client = TestClient(schema_app, raise_server_exceptions=False)
    for operation in _operations(api_schema):
        path = operation.path.replace("{", "").replace("}", "")
        path = "/".join("1" if part.endswith("_id") or part == "id" else part for part in path.split("/"))
        for headers in ({}, {"Authorization": "Bearer not-a-token"}):
            response = client.request(
                operation.method.upper(), path, headers=headers, json={"decision": "same"}
            )
            assert response.status_code == 401, (operation.method, path, headers, response.status_code)
