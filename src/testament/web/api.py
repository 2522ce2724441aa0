"""The REST API under /api/v1: the same views as the pages, as JSON, for programs holding an API token
(`Authorization: Bearer <token>`). Response models are the views' pydantic models, so the OpenAPI schema at
/api/v1/openapi.json is exactly what is sent. Cookies are never read here, so the API needs no CSRF token.

Each route is one `testament.views` call, as its page is (the picture: dashboard, timeline, map; the
estimates), with the same roles: the gate is in the library. Estimation jobs share the pages' queue
(`testament.web.jobs`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from testament import views
from testament.store.access import Viewer
from testament.views.estimates import EstimateRequest, StoredReport, stored_report
from testament.web.auth import api_viewer, case_of
from testament.web.jobs import EstimateJob, job_or_404, runner_of
from testament.web.pages import MAX_ID, download_response
from testament.web.picture import chosen

__all__ = ["ApiError", "ClaimDecision", "Decided", "LinkDecision", "router"]


class ApiError(BaseModel):
    """Every error but a validation error: a fixed, value-free message."""

    detail: str


class LinkDecision(BaseModel):
    decision: Literal["same", "different", "unsure"]
    reason: str = Field(default="", max_length=2000)


class ClaimDecision(BaseModel):
    decision: Literal["accept", "reject"]
    reason: str = Field(default="", max_length=2000)


class Decided(BaseModel):
    """A review decision recorded (and logged under the token's user)."""

    id: int
    decision: str


_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ApiError, "description": "The input could not be used"},
    401: {"model": ApiError, "description": "No valid API token"},
    403: {"model": ApiError, "description": "The token's role does not allow this"},
    404: {"model": ApiError, "description": "No such object, or one the role may not see"},
    503: {"model": ApiError, "description": "The case is busy (another process writes); see Retry-After"},
}

router = APIRouter(prefix="/api/v1", tags=["workbench"], responses=_ERRORS)

Reader = Annotated[Viewer, Depends(api_viewer)]
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
# a place or prison as the gazetteer names it (the picture's filters); empty or absent: any
Name = Annotated[str | None, Query(max_length=200, description="A gazetteer name; empty for any")]


@router.get("/persons", response_model=list[views.PersonHit])
def search_persons(
    request: Request,
    viewer: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, in Persian or Latin script")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[views.PersonHit]:
    """Persons whose names match, across Persian script and Latin spellings (only what the role may see)."""
    return views.search_persons(case_of(request), viewer, q, limit=limit)


@router.get("/persons/{person_id}", response_model=views.PersonPage)
def person(request: Request, viewer: Reader, person_id: Id) -> views.PersonPage:
    """A person's claims with their citations, conflicting claims side by side, linked records and acts."""
    return views.person_page(case_of(request), viewer, person_id)


@router.get("/claims/{claim_id}", response_model=views.ClaimDetail)
def claim(request: Request, viewer: Reader, claim_id: Id) -> views.ClaimDetail:
    return views.claim_detail(case_of(request), viewer, claim_id)


@router.get("/sources", response_model=list[views.SourceRow])
def sources(request: Request, viewer: Reader) -> list[views.SourceRow]:
    return views.list_sources(case_of(request), viewer)


@router.get("/sources/{artifact_id}", response_model=views.Document)
def document(request: Request, viewer: Reader, artifact_id: Id) -> views.Document:
    """A file's text (testimonies) or rows (lists) with its attested spans and custody history."""
    return views.document(case_of(request), viewer, artifact_id)


@router.get(
    "/artifacts/{artifact_id}/content",
    response_class=Response,
    responses={
        200: {
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The original file, with its media type, as an attachment",
        }
    },
)
def artifact_content(request: Request, viewer: Reader, artifact_id: Id) -> Response:
    """The original file (roles cleared to download); the read is logged."""
    filename, media_type, data = views.artifact_content(case_of(request), viewer, artifact_id)
    return download_response(filename, media_type, data)


@router.get("/review/links/next", response_model=views.PairView | None)
def next_link_pair(request: Request, viewer: Reader) -> views.PairView | None:
    """The next pair of records to decide, side by side with the model's score; null when none is left."""
    return views.next_link_pair(case_of(request), viewer)


@router.post("/review/links/{pair_id}", response_model=Decided)
def decide_link_pair(
    request: Request, viewer: Reader, pair_id: Id, body: Annotated[LinkDecision, Body()]
) -> Decided:
    views.decide_link_pair(case_of(request), viewer, pair_id, body.decision, body.reason)
    return Decided(id=pair_id, decision=body.decision)


@router.get("/review/claims/next", response_model=views.ClaimReview | None)
def next_claim_review(request: Request, viewer: Reader) -> views.ClaimReview | None:
    """The next extracted claim to accept or reject, with its text context; null when none is left."""
    return views.next_claim_review(case_of(request), viewer)


@router.post("/review/claims/{claim_id}", response_model=Decided)
def decide_claim(
    request: Request, viewer: Reader, claim_id: Id, body: Annotated[ClaimDecision, Body()]
) -> Decided:
    views.decide_claim(case_of(request), viewer, claim_id, body.decision, body.reason)
    return Decided(id=claim_id, decision=body.decision)


@router.get("/estimates", response_model=list[views.EstimateRow])
def estimates(request: Request, viewer: Reader) -> list[views.EstimateRow]:
    return views.list_estimates(case_of(request), viewer)


@router.get("/estimates/{estimate_id}", response_model=StoredReport)
def estimate(request: Request, viewer: Reader, estimate_id: Id) -> StoredReport:
    """A saved run read back from the case (roles that may estimate): every row saved with this estimate,
    the warnings, how the input was read and the command line that makes it again. No plots."""
    return stored_report(case_of(request), viewer, estimate_id)


@router.post(
    "/estimates/jobs",
    response_model=EstimateJob,
    status_code=202,
    responses={202: {"description": "Queued; poll the job (its URL is in `Location`)"}},
)
def start_estimate(
    request: Request, viewer: Reader, body: Annotated[EstimateRequest, Body()]
) -> JSONResponse:
    """Queue an estimation run (roles that may estimate), with the choices the page's form offers: `lists`
    (source titles; empty for every list), `strata` (a record field, or null), `method`, `model`,
    `min_stratum`, `seed`, `linkages`. The job is the page's too: `/estimates/jobs/{job_id}`."""
    job = runner_of(request).submit(viewer, body)
    return JSONResponse(
        EstimateJob.of(job).model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/api/v1/estimates/jobs/{job.id}"},
    )


@router.get("/estimates/jobs/{job_id}", response_model=EstimateJob)
def estimate_job(request: Request, viewer: Reader, job_id: Id) -> EstimateJob:
    """A job's status and progress, and its results once done (the user who started it, or an admin;
    a server restart forgets jobs, never the saved results: `GET /api/v1/estimates/{estimate_id}`)."""
    return EstimateJob.of(job_or_404(request, viewer, job_id))


@router.get("/dashboard", response_model=views.Dashboard)
def dashboard(request: Request, viewer: Reader, prison: Name = None) -> views.Dashboard:
    """Counts of what the role may see, the latest estimates, and documented deaths beside witnesses'
    counts per prison and week (all prisons, or the one named)."""
    return views.dashboard(case_of(request), viewer, prison=chosen(prison))


@router.get("/dashboard/claims", response_model=views.TriangulationClaims)
def dashboard_claims(
    request: Request,
    viewer: Reader,
    kind: Annotated[Literal["documented", "reported"], Query()],
    prison: Annotated[str, Query(max_length=200)],
    week: Annotated[str, Query(max_length=20, description="The Monday (YYYY-MM-DD); empty: not dated")] = "",
    as_of: Annotated[int | None, Query(ge=0, le=MAX_ID, description="The dashboard's `as_of`")] = None,
) -> views.TriangulationClaims:
    """The claims behind one cell of the dashboard's table, from the figures of `as_of` (the number in the
    dashboard read while it was `updating`) while they are kept, else the ones the dashboard serves now."""
    return views.triangulation_claims(case_of(request), viewer, kind, prison, week or None, as_of=as_of)


@router.get("/timeline", response_model=views.Timeline)
def timeline(
    request: Request,
    viewer: Reader,
    prison: Name = None,
    city: Name = None,
    affiliation: Annotated[str | None, Query(max_length=200, description="An organisation key")] = None,
    person: Annotated[int | None, Query(ge=1, le=MAX_ID, description="A person id")] = None,
) -> views.Timeline:
    """Dated acts, oldest first, filtered by prison, city, affiliation and person, with the values each
    filter offers."""
    return views.timeline(
        case_of(request),
        viewer,
        prison=chosen(prison),
        city=chosen(city),
        affiliation=chosen(affiliation),
        person_id=person,
    )


@router.get("/places", response_model=views.PlaceMap)
def places(request: Request, viewer: Reader) -> views.PlaceMap:
    """Every prison, city and burial place the role's readable claims name, with coordinates."""
    return views.place_map(case_of(request), viewer)


@router.get("/places/claims", response_model=views.PlaceClaims)
def place_claims(
    request: Request,
    viewer: Reader,
    name: Annotated[str, Query(min_length=1, max_length=200, description="The gazetteer name")],
    kind: Annotated[Literal["prison", "city", "burial"], Query()],
) -> views.PlaceClaims:
    """The claims naming one place."""
    return views.place_claims(case_of(request), viewer, name, kind)
