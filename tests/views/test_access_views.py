"""Role × view × canary: each view's result, as JSON, holds a protected field only for a role cleared for
it; refusals read alike for missing and hidden ids; cleared reads are logged as `disclosed`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from testament.errors import AccessDenied, NotFoundError
from testament.store.custody import read_events
from testament.views import (
    claim_detail,
    document,
    home_summary,
    list_estimates,
    list_sources,
    next_claim_review,
    next_link_pair,
    person_page,
    search_persons,
)
from tests.views.conftest import CANARIES, CLEARED, ROLES, Planted, backend_case, build_planted


@pytest.fixture(
    scope="module",
    params=[pytest.param(b, marks=getattr(pytest.mark, b)) for b in ("sqlite", "sqlcipher", "postgres")],
)
def planted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_engine: Any
) -> Iterator[Planted]:
    """The planted case, built once per backend for this module: the views only read (bar the `disclosed`
    events they log, which the tests below count from where they start), and a build costs seconds
    (ingest, extraction, users)."""
    folder = tmp_path_factory.mktemp(f"access-views-{request.param}")
    with backend_case(request.param, folder, pg_engine) as case:
        yield build_planted(case, folder)


def _json(result: Any) -> str:
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    if isinstance(result, list):
        return json.dumps([r.model_dump(mode="json") for r in result], ensure_ascii=False)
    return json.dumps(result, ensure_ascii=False, default=str)


def _check(body: str, role: str) -> None:
    for key, canary in CANARIES.items():
        if key in CLEARED[role]:
            continue
        assert canary not in body, f"{role} received canary {key}"


def _views(p: Planted, role: str) -> dict[str, str]:
    """Every read view's JSON for `role` (a refused one as its error text)."""
    viewer = p.viewers[role]
    calls = {
        "search_latin": lambda: search_persons(p.case, viewer, "Canarypour"),
        "search_persian": lambda: search_persons(p.case, viewer, "قناری‌پور"),
        "search_victim": lambda: search_persons(p.case, viewer, "Kazemi"),
        "person_victim": lambda: person_page(p.case, viewer, p.victim_person),
        "person_witness": lambda: person_page(p.case, viewer, p.witness_person),
        "person_relative": lambda: person_page(p.case, viewer, p.relative_person),
        "sources": lambda: list_sources(p.case, viewer),
        "document_text": lambda: document(p.case, viewer, p.text_id),
        "document_list": lambda: document(p.case, viewer, p.list_id),
        "claim_sealed": lambda: claim_detail(p.case, viewer, p.sealed_claim),
        "claim_address": lambda: claim_detail(p.case, viewer, p.address_claim),
        "claim_witness": lambda: claim_detail(p.case, viewer, p.witness_claims[0]),
        "pair": lambda: next_link_pair(p.case, viewer),
        "claim_review": lambda: next_claim_review(p.case, viewer),
        "estimates": lambda: list_estimates(p.case, viewer),
        "home": lambda: home_summary(p.case, viewer),
    }
    out = {}
    for name, call in calls.items():
        try:
            out[name] = _json(call())
        except (NotFoundError, AccessDenied) as exc:
            out[name] = f"{type(exc).__name__}: {exc}"
    return out


@pytest.mark.parametrize("role", ROLES)
def test_views_give_canaries_only_to_cleared_roles(planted: Planted, role: str) -> None:
    bodies = _views(planted, role)
    for name, body in bodies.items():
        try:
            _check(body, role)
        except AssertionError as exc:
            raise AssertionError(f"view {name}: {exc}") from None
    everything = "".join(bodies.values())
    for key in CLEARED[role]:  # and a cleared role does see them (the gate is not simply closed)
        assert CANARIES[key] in everything, f"{role} should see {key}"


def test_search_by_protected_name_finds_nothing_for_uncleared(planted: Planted) -> None:
    for role in ("viewer", "analyst"):
        for query in ("Zohreh Canarypour", "Canarypour", "زهره قناری‌پور"):
            assert search_persons(planted.case, planted.viewers[role], query) == []
    hits = search_persons(planted.case, planted.viewers["investigator"], "Canarypour")
    assert [h.person_id for h in hits] == [planted.witness_person]


def test_search_matches_across_scripts(planted: Planted) -> None:
    hits = search_persons(planted.case, planted.viewers["viewer"], "کاظمی")
    assert [h.person_id for h in hits] == [planted.victim_person]
    assert {"Ali Kazemi", "علی کاظمی"} <= set(hits[0].names)


def test_hidden_ids_read_like_missing_ids(planted: Planted) -> None:
    viewer = planted.viewers["viewer"]
    with pytest.raises(NotFoundError) as hidden:
        claim_detail(planted.case, viewer, planted.sealed_claim)
    with pytest.raises(NotFoundError) as missing:
        claim_detail(planted.case, viewer, 999_999)
    assert str(hidden.value).replace(str(planted.sealed_claim), "N") == str(missing.value).replace(
        "999999", "N"
    )
    with pytest.raises(NotFoundError):
        person_page(planted.case, viewer, planted.witness_person)
    with pytest.raises(NotFoundError):
        person_page(planted.case, viewer, 999_999)


def test_person_page_withholds_in_aggregate_and_shows_citations(planted: Planted) -> None:
    page = person_page(planted.case, planted.viewers["analyst"], planted.victim_person)
    assert page.withheld and page.notice == "some fields withheld"
    names = next(g for g in page.groups if g.predicate == "name")
    assert names.conflicting  # Latin and Persian spellings side by side
    assert all(c.citations and c.citations[0].artifact_id == planted.list_id for c in names.claims)
    admin = person_page(planted.case, planted.viewers["admin"], planted.victim_person)
    assert not admin.withheld
    assert any(c.value == "SEALED-CANARY-7731" for g in admin.groups for c in g.claims)


def test_document_marks_withheld_passages_and_keeps_spans_on_their_text(planted: Planted) -> None:
    viewer_doc = document(planted.case, planted.viewers["viewer"], planted.text_id)
    admin_doc = document(planted.case, planted.viewers["admin"], planted.text_id)
    assert viewer_doc.text is not None and admin_doc.text is not None
    assert "[withheld]" in viewer_doc.text and "[withheld]" not in admin_doc.text
    assert "█" not in viewer_doc.text  # a fixed mark: the length of what is withheld is not told
    assert {s.claim_id for s in admin_doc.spans} > {s.claim_id for s in viewer_doc.spans}
    admin_spans = {s.claim_id: admin_doc.text[s.char_start : s.char_end] for s in admin_doc.spans}
    same = 0
    for (
        span
    ) in viewer_doc.spans:  # each span still covers the words it attests (or the mark standing in them)
        shown = viewer_doc.text[span.char_start : span.char_end]
        assert shown == admin_spans[span.claim_id] or "[withheld]" in shown
        same += shown == admin_spans[span.claim_id]
    assert same > 0
    assert viewer_doc.spans and any(c.event_type == "received" for c in viewer_doc.custody)


def _disclosed(planted: Planted, since: int = 0) -> list[tuple[str, dict[str, Any]]]:
    """The `disclosed` events logged after the first `since` of them (the case is shared by the module)."""
    with planted.case.read() as conn:
        events = [(e.actor, json.loads(e.details)) for e in read_events(conn) if e.event_type == "disclosed"]
    return events[since:]


def test_cleared_reads_are_logged_as_disclosed_without_values(planted: Planted) -> None:
    start = len(_disclosed(planted))
    person_page(planted.case, planted.viewers["viewer"], planted.victim_person)
    assert _disclosed(planted, start) == []  # nothing protected was read
    person_page(planted.case, planted.viewers["investigator"], planted.witness_person)
    logged = _disclosed(planted, start)
    assert len(logged) == 1
    actor, details = logged[0]
    assert actor == "investigator1" and details["view"] == "person_page"
    assert ["claims", planted.witness_claims[0], "value"] in details["fields"]
    assert "Canarypour" not in json.dumps(details, ensure_ascii=False)
    claim_detail(planted.case, planted.viewers["admin"], planted.sealed_claim)
    actor, details = _disclosed(planted)[-1]
    assert actor == "admin1" and details["fields"] == [["claims", planted.sealed_claim, "value"]]


def test_claim_detail_points_at_its_span(planted: Planted) -> None:
    detail = claim_detail(planted.case, planted.viewers["viewer"], planted.open_claim)
    assert (
        detail.artifact_id == planted.list_id
        and detail.row == 1
        and detail.person_id == planted.victim_person
    )
    sealed = claim_detail(planted.case, planted.viewers["admin"], planted.sealed_claim)
    assert sealed.artifact_id == planted.text_id
    assert sealed.char_start is not None and sealed.char_end is not None


def test_search_by_cleared_role_logs_the_names_it_disclosed(planted: Planted) -> None:
    start = len(_disclosed(planted))
    search_persons(planted.case, planted.viewers["viewer"], "Kazemi")
    assert _disclosed(planted, start) == []
    search_persons(planted.case, planted.viewers["investigator"], "Canarypour")
    actor, details = _disclosed(planted, start)[-1]
    assert actor == "investigator1" and details["view"] == "search_persons"
    assert ["claims", planted.witness_claims[0], "value"] in details["fields"]
