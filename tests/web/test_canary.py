"""Role × route × field: no response of the workbench carries a protected field to a role without clearance.

The fixture case (tests/web/_fixtures.py) plants canaries: a witness's name in Latin and Persian script and a
relative's address (restricted: investigators and admins only) and the value of a sealed claim (admins
only). Every route the app has, pages and API, is requested by every role (and by nobody logged in) with the
ids of ordinary and of protected objects, and no body, header or redirect seen by a role without clearance
may contain a canary in any of its forms: as written, HTML-escaped, JSON-escaped, URL-encoded, lower or upper
case, and for Persian with Arabic letter forms and without the zero-width non-joiner. The routes are read from
`app.routes`, so a new route without an entry in ROUTES fails `test_every_route_is_covered`. Cleared roles do
receive the canaries (`test_cleared_roles_see_the_canaries`), so the test can fail.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.routing import Mount
from starlette.testclient import TestClient

from tests.web import _fixtures
from tests.web.canaries import ANONYMOUS, CLEARANCE, canaries, leaks

ROLES = ("admin", "investigator", "analyst", "viewer")
NO_SUCH_ID = 987_654_321


@dataclass(frozen=True)
class Req:
    """One request of a route: its concrete path, a form or JSON body for POSTs, and whether it needs a
    client of its own (logging out, logging in) so the shared clients keep their sessions."""

    path: str
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    fresh: bool = False


def _route_key(method: str, path: str) -> tuple[str, str]:
    """('GET', '/persons/{}'): the parameters' names and converters do not matter."""
    return method, re.sub(r"\{[^}]*\}", "{}", path)


def _ids(planted: Any) -> dict[str, list[int]]:
    persons = [planted.person_id, planted.witness_person_id, planted.relative_person_id, NO_SUCH_ID]
    claims = [planted.claim_id, planted.sealed_claim_id, planted.address_claim_id, planted.review_claim_id]
    claims.append(NO_SUCH_ID)
    artifacts = [planted.artifact_id, planted.list_artifact_id, NO_SUCH_ID]
    pairs = [p for p in [planted.pair_id] if p is not None] + [NO_SUCH_ID]
    return {"persons": persons, "claims": claims, "artifacts": artifacts, "pairs": pairs}


def _search_queries(planted: Any) -> list[str]:
    """Parts of the witness's name (a search page echoes its query, so never the whole canary): the given
    name and the first letters of the family name, in both scripts, and an empty query."""
    queries = [""]
    for name in (planted.canary_witness_latin, planted.canary_witness_persian):
        parts = name.split()
        queries.append(parts[0])
        if len(parts) > 1:
            queries.append(parts[-1][:3])
    return queries


def _get(template: str, key: str) -> Callable[[Any], list[Req]]:
    return lambda planted: [Req(template.format(i)) for i in _ids(planted)[key]]


def _search(prefix: str) -> Callable[[Any], list[Req]]:
    return lambda planted: (
        [Req(f"{prefix}?q={urllib.parse.quote(q)}") for q in _search_queries(planted)] + [Req(prefix)]
    )


def _form_post(template: str, key: str, decisions: tuple[str, ...]) -> Callable[[Any], list[Req]]:
    return lambda planted: [
        Req(template.format(i), form={"decision": d, "reason": "canary test"})
        for i in _ids(planted)[key]
        for d in decisions
    ]


def _api_post(template: str, key: str, decisions: tuple[str, ...]) -> Callable[[Any], list[Req]]:
    return lambda planted: [
        Req(template.format(i), json={"decision": d, "reason": "canary test"})
        for i in _ids(planted)[key]
        for d in decisions
    ]


def _upload(planted: Any) -> list[Req]:
    return [
        Req("/upload", files={"file": ("canary-list.csv", _fixtures.SAMPLE_LIST_CSV, "text/csv")}),
        Req("/upload", files={"file": ("../../etc/passwd.txt", b"root:x:0:0\n", "text/plain")}),
    ]


def _login(planted: Any) -> list[Req]:
    return [Req("/login", fresh=True)]


def _static(planted: Any) -> list[Req]:
    return [Req(f"/static/{name}") for name in ("htmx.min.js", "workbench.js", "workbench.css", "../app.py")]


def _picture_cells(planted: Any) -> list[Req]:
    """The dashboard's cells the fixture's testimony touches (Gohardasht, the week of 1 August 1988), a
    cell of deaths not dated to a week and one of a prison nobody names."""
    cells = [("reported", "Gohardasht", "1988-08-01"), ("documented", "Gohardasht", "1988-08-01")]
    cells += [("documented", "Evin", ""), ("documented", "prison not given", ""), ("reported", "Shiraz", "")]
    return [
        Req("/dashboard/claims?" + urllib.parse.urlencode({"kind": k, "prison": p, "week": w}))
        for k, p, w in cells
    ]


def _timelines(planted: Any) -> list[Req]:
    """The timeline, filtered by a protected person (the witness, the relative), by the relative's city."""
    people = [planted.person_id, planted.witness_person_id, planted.relative_person_id]
    return [Req("/timeline"), Req("/timeline?city=Shiraz"), *(Req(f"/timeline?person={p}") for p in people)]


def _places(planted: Any) -> list[Req]:
    """The places the canaries name or stand beside: Shiraz is in the relative's address."""
    named = [("Shiraz", "city"), ("Evin", "prison"), ("Gohardasht", "prison"), ("Khavaran", "burial")]
    return [Req("/map/place?" + urllib.parse.urlencode({"name": n, "kind": k})) for n, k in named]


# Every route of the app: (method, path with {} for each parameter) → the requests that exercise it. GETs
# come before the POSTs that change the queues (pytest keeps this order).
ROUTES: dict[tuple[str, str], Callable[[Any], list[Req]]] = {
    # pages
    ("GET", "/login"): lambda p: [Req("/login"), Req("/login?next=/persons")],
    ("GET", "/"): lambda p: [Req("/")],
    ("GET", "/sources"): lambda p: [Req("/sources")],
    ("GET", "/sources/{}"): _get("/sources/{}", "artifacts"),
    ("GET", "/claims/{}"): _get("/claims/{}", "claims"),
    ("GET", "/upload"): lambda p: [Req("/upload")],
    ("GET", "/persons"): _search("/persons"),
    ("GET", "/persons/{}"): _get("/persons/{}", "persons"),
    ("GET", "/review/links"): lambda p: [Req("/review/links")],
    ("GET", "/review/claims"): lambda p: [Req("/review/claims")],
    ("GET", "/artifacts/{}/download"): _get("/artifacts/{}/download", "artifacts"),
    ("GET", "/verify"): lambda p: [Req("/verify")],
    ("GET", "/estimates"): lambda p: [Req("/estimates")],
    ("GET", "/static/{}"): _static,
    # the picture pages (tests/web/test_picture.py): counts, places and dates must not single anyone out
    ("GET", "/dashboard"): lambda p: [Req("/dashboard"), Req("/dashboard?prison=Gohardasht")],
    ("GET", "/dashboard/chart.svg"): lambda p: [
        Req("/dashboard/chart.svg"),
        Req("/dashboard/chart.svg?prison=Evin"),
    ],
    ("GET", "/dashboard/claims"): _picture_cells,
    ("GET", "/timeline"): _timelines,
    ("GET", "/map"): lambda p: [Req("/map")],
    ("GET", "/map/place"): _places,
    # API
    ("GET", "/api/v1/openapi.json"): lambda p: [Req("/api/v1/openapi.json")],
    ("GET", "/api/v1/persons"): _search("/api/v1/persons"),
    ("GET", "/api/v1/persons/{}"): _get("/api/v1/persons/{}", "persons"),
    ("GET", "/api/v1/claims/{}"): _get("/api/v1/claims/{}", "claims"),
    ("GET", "/api/v1/sources"): lambda p: [Req("/api/v1/sources")],
    ("GET", "/api/v1/sources/{}"): _get("/api/v1/sources/{}", "artifacts"),
    ("GET", "/api/v1/artifacts/{}/content"): _get("/api/v1/artifacts/{}/content", "artifacts"),
    ("GET", "/api/v1/review/links/next"): lambda p: [Req("/api/v1/review/links/next")],
    ("GET", "/api/v1/review/claims/next"): lambda p: [Req("/api/v1/review/claims/next")],
    ("GET", "/api/v1/estimates"): lambda p: [Req("/api/v1/estimates")],
    # the picture in the API (tests/web/test_api_picture.py): the pages' requests, as JSON
    ("GET", "/api/v1/dashboard"): lambda p: [
        Req("/api/v1/dashboard"),
        Req("/api/v1/dashboard?prison=Gohardasht"),
    ],
    ("GET", "/api/v1/dashboard/claims"): lambda p: [Req("/api/v1" + r.path) for r in _picture_cells(p)],
    ("GET", "/api/v1/timeline"): lambda p: [Req("/api/v1" + r.path) for r in _timelines(p)],
    ("GET", "/api/v1/places"): lambda p: [Req("/api/v1/places")],
    ("GET", "/api/v1/places/claims"): lambda p: [
        Req(r.path.replace("/map/place", "/api/v1/places/claims")) for r in _places(p)
    ],
    # changes (after every read above)
    ("POST", "/upload"): _upload,
    ("POST", "/review/links/{}"): _form_post("/review/links/{}", "pairs", ("unsure",)),
    ("POST", "/review/claims/{}"): _form_post("/review/claims/{}", "claims", ("reject", "accept")),
    ("POST", "/api/v1/review/links/{}"): _api_post("/api/v1/review/links/{}", "pairs", ("unsure",)),
    ("POST", "/api/v1/review/claims/{}"): _api_post("/api/v1/review/claims/{}", "claims", ("accept",)),
    ("POST", "/verify"): lambda p: [Req("/verify", form={})],
    # estimation jobs (tests/web/test_jobs.py): the form, a run per role, then the jobs' pages
    ("GET", "/estimates/new"): lambda p: [Req("/estimates/new")],
    ("POST", "/estimates/jobs"): lambda p: [
        Req("/estimates/jobs", form={"method": "loglinear"}),
        Req("/estimates/jobs", form={"method": "loglinear", "strata": "city", "min_stratum": "1"}),
    ],
    ("GET", "/estimates/jobs/{}"): lambda p: [Req(f"/estimates/jobs/{i}") for i in range(1, 7)],
    ("GET", "/estimates/jobs/{}/progress"): lambda p: [
        Req(f"/estimates/jobs/{i}/progress") for i in range(1, 7)
    ],
    ("GET", "/estimates/jobs/{}/plots/{}"): lambda p: [
        Req(f"/estimates/jobs/{i}/plots/overlap.svg") for i in range(1, 7)
    ],
    # the same through the API, and the saved runs read back from the case (page and API)
    ("POST", "/api/v1/estimates/jobs"): lambda p: [
        Req("/api/v1/estimates/jobs", json={"method": "loglinear", "strata": "city", "min_stratum": 1}),
    ],
    ("GET", "/api/v1/estimates/jobs/{}"): lambda p: [
        Req(f"/api/v1/estimates/jobs/{i}") for i in range(1, 11)
    ],
    ("GET", "/estimates/{}"): lambda p: [Req(f"/estimates/{i}") for i in range(1, 9)],
    ("GET", "/api/v1/estimates/{}"): lambda p: [Req(f"/api/v1/estimates/{i}") for i in range(1, 9)],
    ("POST", "/login"): _login,
    ("POST", "/logout"): lambda p: [Req("/logout", form={}, fresh=True)],
}


def _app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers (HEAD and OPTIONS aside): plain routes, routers
    included by FastAPI (kept as routers since FastAPI 0.13x) and mounts; a kind of route this walk does
    not know fails rather than being passed over."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if getattr(route, "methods", None):  # a route
                path = prefix + route.path
                found.update(_route_key(m, path) for m in route.methods if m not in {"HEAD", "OPTIONS"})
            elif hasattr(route, "original_router") and hasattr(route, "include_context"):  # include_router
                walk(list(route.original_router.routes), prefix + route.include_context.prefix)
            elif isinstance(route, Mount) and route.routes:  # a mounted router or sub-application
                walk(list(route.routes), prefix + route.path)
            elif isinstance(route, Mount):  # a mounted app that takes any path under it (static files)
                found.add(_route_key("GET", prefix + route.path.rstrip("/") + "/{path}"))
            else:
                raise AssertionError(f"a route of a kind the canary test cannot enumerate: {route!r}")

    walk(list(app.routes), "")
    return found


# --- clients ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canary_case(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A copy of the fixture case for this module: its POSTs decide pairs and claims."""
    yield from _fixtures.private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def canary_app(canary_case: Any) -> Any:
    from testament.web.app import create_app

    return create_app(canary_case.case, secure_cookies=False)


def _client(app: Any, planted: Any, role: str) -> TestClient:
    client = TestClient(
        app, base_url="http://testserver", follow_redirects=False, raise_server_exceptions=False
    )
    if role != ANONYMOUS:
        _fixtures.login(client, *planted.users[role])
        client.headers["Authorization"] = f"Bearer {planted.tokens[role]}"
    return client


@pytest.fixture(scope="module")
def clients(canary_app: Any, canary_case: Any) -> Iterator[dict[str, TestClient]]:
    made = {role: _client(canary_app, canary_case, role) for role in (ANONYMOUS, *ROLES)}
    yield made
    for client in made.values():
        client.close()


def _send(app: Any, planted: Any, clients: dict[str, TestClient], role: str, method: str, req: Req) -> Any:
    client = clients[role]
    if req.fresh:
        client = _client(app, planted, ANONYMOUS if req.path == "/login" else role)
    if method == "GET":
        return client.get(req.path)
    if req.path == "/login":
        username, password = planted.users.get(role, ("nobody", "a wrong password"))
        return _fixtures.login(client, username, password)
    if req.json is not None:
        return client.post(req.path, json=req.json)
    form = dict(req.form or {})
    if role != ANONYMOUS:
        form["csrf_token"] = _fixtures.csrf(client)
    return client.post(req.path, data=form, files=req.files)


def _seen(response: Any) -> str:
    """Everything a client receives: the body and every header (Location, Content-Disposition...)."""
    headers = "\n".join(f"{k}: {urllib.parse.unquote(v)}" for k, v in response.headers.items())
    return response.content.decode("utf-8", errors="replace") + "\n" + headers


# --- the tests ----------------------------------------------------------------------------------------------


def test_every_route_is_covered(canary_app: Any) -> None:
    routes = _app_routes(canary_app)
    uncovered = sorted(routes - set(ROUTES))
    assert not uncovered, (
        f"routes with no entry in ROUTES (add one so the canary test requests them): {uncovered}"
    )
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"ROUTES names routes the app does not have: {stale}"


@pytest.mark.parametrize("route", list(ROUTES), ids=[f"{m} {p}" for m, p in ROUTES])
def test_no_canary_reaches_a_role_without_clearance(
    route: tuple[str, str], canary_app: Any, canary_case: Any, clients: dict[str, TestClient]
) -> None:
    method, _ = route
    planted_canaries = canaries(canary_case)
    failures: list[str] = []
    for req in ROUTES[route](canary_case):
        for role in (ANONYMOUS, *ROLES):
            response = _send(canary_app, canary_case, clients, role, method, req)
            seen = _seen(response)
            if response.status_code >= 500:
                failures.append(f"{role} {method} {req.path}: {response.status_code}")
            for canary in planted_canaries:
                if canary.label in CLEARANCE[role]:
                    continue
                if leaked := leaks(seen, canary):
                    failures.append(
                        f"{role} {method} {req.path} ({response.status_code}) "
                        f"got the {canary.name}: {leaked[:3]}"
                    )
    assert not failures, "\n".join(failures)


def test_cleared_roles_see_thecanaries(
    canary_app: Any, canary_case: Any, clients: dict[str, TestClient]
) -> None:
    """The other side: each canary does reach a role cleared for it, so a canary that nothing shows (a
    fixture that planted nothing) cannot pass the test above unnoticed."""
    p = canary_case
    where = {
        "witness name (Latin)": [f"/persons/{p.witness_person_id}", f"/api/v1/persons/{p.witness_person_id}"],
        "witness name (Persian)": [
            f"/persons/{p.witness_person_id}",
            f"/api/v1/persons/{p.witness_person_id}",
        ],
        "sealed claim": [f"/persons/{p.person_id}", f"/api/v1/persons/{p.person_id}"],
        "relative's address": [f"/persons/{p.relative_person_id}", f"/api/v1/persons/{p.relative_person_id}"],
    }
    reads = [f"/persons/{p.person_id}", f"/persons/{p.witness_person_id}", f"/sources/{p.artifact_id}"]
    reads += [f"/api/v1/persons/{p.person_id}", f"/api/v1/persons/{p.witness_person_id}"]
    failures = []
    for canary in canaries(p):
        for role in ("investigator", "admin"):
            if canary.label not in CLEARANCE[role]:
                continue
            paths = where.get(canary.name, reads)
            bodies = [clients[role].get(path) for path in paths]
            for path, response in zip(paths, bodies, strict=True):
                assert response.status_code == 200, f"{role} GET {path}: {response.status_code}"
            if not any(canary.value in r.text or html.escape(canary.value) in r.text for r in bodies):
                failures.append(f"{role} sees the {canary.name} ({canary.value!r}) on none of {paths}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["viewer", "analyst", "investigator"])
def test_a_hidden_object_looks_like_a_missing_one(
    role: str, clients: dict[str, TestClient], canary_case: Any
) -> None:
    """A sealed claim asked for by id answers exactly as an id that does not exist (its existence is not
    revealed), on the page and in the API; and the witness's person too for roles without `restricted`."""
    p = canary_case
    hidden = [(f"/api/v1/claims/{p.sealed_claim_id}", f"/api/v1/claims/{NO_SUCH_ID}")]
    hidden.append((f"/claims/{p.sealed_claim_id}", f"/claims/{NO_SUCH_ID}"))
    if "restricted" not in CLEARANCE[role]:
        for person in (p.witness_person_id, p.relative_person_id):
            hidden.append((f"/api/v1/persons/{person}", f"/api/v1/persons/{NO_SUCH_ID}"))
            hidden.append((f"/persons/{person}", f"/persons/{NO_SUCH_ID}"))
    for secret, missing in hidden:
        got, expected = clients[role].get(secret), clients[role].get(missing)
        assert got.status_code == expected.status_code == 404, (secret, got.status_code, expected.status_code)
        assert _normalised(got.text, secret) == _normalised(expected.text, missing), secret


def _normalised(text: str, path: str) -> str:
    """A body with the session's CSRF token and the id asked for taken out."""
    text = re.sub(r'(name="csrf-token" content=|name="csrf_token" value=)"[^"]*"', r"\1", text)
    return re.sub(rf"\b{re.escape(path.rsplit('/', 1)[1])}\b", "ID", text)


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_the_witness_only_for_cleared_roles(
    role: str, clients: dict[str, TestClient], canary_case: Any
) -> None:
    """Search matches only what the role may read: a role without clearance gets no hit for the witness (not
    even one with the name withheld, which would single the witness out); a cleared role finds them by
    either script."""
    p = canary_case
    queries = [p.canary_witness_latin, p.canary_witness_persian, *_search_queries(p)[1:]]
    found: dict[str, bool] = {}
    for query in queries:
        response = clients[role].get("/api/v1/persons", params={"q": query})
        assert response.status_code == 200, (query, response.status_code)
        hits = response.json()
        found[query] = any(
            hit.get("person_id") == p.witness_person_id or p.witness_record_id in hit.get("record_ids", [])
            for hit in hits
        )
    if "restricted" in CLEARANCE[role]:
        assert found[p.canary_witness_latin] and found[p.canary_witness_persian], found
    else:
        assert not any(found.values()), found


WITHHELD = "[withheld]"


# The gate (testament.store.access.Labeller) withholds a claim whose every span stands on a passage withheld
# from the role: the extracted place claim "Shiraz" inside the relative's restricted address, for one.
@pytest.mark.parametrize("role", ROLES)
def test_no_claim_stands_on_withheld_text(
    role: str, clients: dict[str, TestClient], canary_case: Any
) -> None:
    """A claim whose only evidence is a passage withheld from the role is withheld too: otherwise its value
    (the city of a relative's address, a word of a witness's name) and its place in the text tell what the
    blacked-out passage says. In the API document no span lies inside a withheld passage, and on the page no
    attested mark holds only withheld text."""
    p = canary_case
    document = clients[role].get(f"/api/v1/sources/{p.artifact_id}").json()
    text = document["text"]
    passages = [(m.start(), m.end()) for m in re.finditer(re.escape(WITHHELD), text)]
    inside = [
        f"claim {s['claim_id']} ({s['predicate']}: {s.get('value')!r}) at {s['char_start']}–{s['char_end']}"
        for s in document["spans"]
        for start, end in passages
        if start <= s["char_start"] and s["char_end"] <= end
    ]
    page = clients[role].get(f"/sources/{p.artifact_id}").text
    marks = re.findall(r'<mark[^>]*data-claim="(\d+)"[^>]*>\s*' + re.escape(WITHHELD) + r"\s*</mark>", page)
    assert not inside and not marks, f"{role}: claims on withheld text: {inside}; marks: {marks}"
