"""The workbench's read models ("views"): what a page, an API route or the CLI shows, each built from an
allow-list of fields passed through the access gate (`testament.store.access`), as pydantic models.

    from testament.store.access import Viewer
    from testament.views import person_page, search_persons
    hits = search_persons(case, viewer, "Hosseini")      # حسینی too: matched through the name keys
    page = person_page(case, viewer, hits[0].person_id)  # claims by predicate, each with its citations

A field the viewer's role may not read never appears: not as a value, a search match, an error or a count
that singles one out. Ids the viewer may not see raise `NotFoundError` like ids that do not exist; actions
the role does not allow raise `AccessDenied`. Reads of protected fields by cleared roles are logged as
`disclosed` custody events; changes are made with the viewer as the actor."""

from __future__ import annotations

from testament.views._common import WITHHELD_NOTICE, Citation
from testament.views.dashboard import (
    Dashboard,
    DocumentedDeath,
    EstimateSummary,
    PrisonTotal,
    ReportedCount,
    TriangulationClaims,
    TriangulationRow,
    dashboard,
    documented_deaths,
    reported_counts,
    triangulation_claims,
    warm_dashboard,
)
from testament.views.home import Home, home_summary
from testament.views.persons import (
    ActView,
    ClaimView,
    PersonHit,
    PersonPage,
    PredicateGroup,
    RecordRef,
    name_keys,
    person_page,
    search_persons,
)
from testament.views.places import MapPlace, PlaceClaims, PlaceMap, place_claims, place_map
from testament.views.review import (
    ClaimReview,
    EvidenceView,
    PairRecord,
    PairView,
    decide_claim,
    decide_link_pair,
    next_claim_review,
    next_link_pair,
)
from testament.views.sources import (
    ArtifactRow,
    ClaimDetail,
    CustodyEntry,
    DocRow,
    Document,
    SourceRow,
    Span,
    artifact_content,
    claim_detail,
    document,
    list_sources,
)
from testament.views.timeline import Timeline, TimelineEntry, timeline
from testament.views.work import (
    EstimateRow,
    FileReport,
    Finding,
    IngestOutcome,
    RowProblem,
    VerifyOutcome,
    ingest_upload,
    list_estimates,
    safe_filename,
    verify_case,
)

__all__ = [
    "WITHHELD_NOTICE",
    "ActView",
    "ArtifactRow",
    "Citation",
    "ClaimDetail",
    "ClaimReview",
    "ClaimView",
    "CustodyEntry",
    "Dashboard",
    "DocRow",
    "Document",
    "DocumentedDeath",
    "EstimateRow",
    "EstimateSummary",
    "EvidenceView",
    "FileReport",
    "Finding",
    "Home",
    "IngestOutcome",
    "MapPlace",
    "PairRecord",
    "PairView",
    "PersonHit",
    "PersonPage",
    "PlaceClaims",
    "PlaceMap",
    "PredicateGroup",
    "PrisonTotal",
    "RecordRef",
    "ReportedCount",
    "RowProblem",
    "SourceRow",
    "Span",
    "Timeline",
    "TimelineEntry",
    "TriangulationClaims",
    "TriangulationRow",
    "VerifyOutcome",
    "artifact_content",
    "claim_detail",
    "dashboard",
    "decide_claim",
    "decide_link_pair",
    "document",
    "documented_deaths",
    "home_summary",
    "ingest_upload",
    "list_estimates",
    "list_sources",
    "name_keys",
    "next_claim_review",
    "next_link_pair",
    "person_page",
    "place_claims",
    "place_map",
    "reported_counts",
    "safe_filename",
    "search_persons",
    "timeline",
    "triangulation_claims",
    "verify_case",
    "warm_dashboard",
]
