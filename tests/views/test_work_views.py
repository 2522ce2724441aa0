"""Review decisions, upload, downloads, estimates and verify through the views: role checks, and every change
attributed to the user in the custody log."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from testament.errors import AccessDenied, InputError, NotFoundError
from testament.store.custody import read_events
from testament.store.schema import attestations, identity_links
from testament.views import (
    artifact_content,
    decide_claim,
    decide_link_pair,
    home_summary,
    ingest_upload,
    list_estimates,
    next_claim_review,
    next_link_pair,
    safe_filename,
    verify_case,
)
from tests.views.conftest import CANARY_LATIN, CANARY_SEALED, Planted


def _events(planted: Planted, kind: str) -> list[tuple[str, dict[str, Any]]]:
    with planted.case.read() as conn:
        return [(e.actor, json.loads(e.details)) for e in read_events(conn) if e.event_type == kind]


def test_link_pair_decision_is_attributed_to_the_user(planted: Planted) -> None:
    analyst = planted.viewers["analyst"]
    pair = next_link_pair(planted.case, analyst)
    assert pair is not None and pair.pair_id == planted.pair_id
    assert pair.left.name == "Ali Kazemi" and pair.evidence[0].direction == "against"
    with pytest.raises(InputError):
        decide_link_pair(planted.case, analyst, pair.pair_id, "maybe")
    with pytest.raises(NotFoundError):
        decide_link_pair(planted.case, analyst, 999_999, "same")
    with pytest.raises(AccessDenied):
        decide_link_pair(planted.case, planted.viewers["viewer"], pair.pair_id, "same")
    decide_link_pair(planted.case, analyst, pair.pair_id, "different", "different fathers")
    with planted.case.read() as conn:
        row = conn.execute(select(identity_links.c.reviewer, identity_links.c.decision)).one()
    assert tuple(row) == ("analyst1", "different")
    assert [actor for actor, d in _events(planted, "reviewed") if d.get("kind") == "identity"] == ["analyst1"]
    assert next_link_pair(planted.case, analyst) is None


def test_unsure_skips_the_pair_for_that_user_only(planted: Planted) -> None:
    decide_link_pair(planted.case, planted.viewers["analyst"], planted.pair_id, "unsure")
    assert next_link_pair(planted.case, planted.viewers["analyst"]) is None
    assert next_link_pair(planted.case, planted.viewers["investigator"]) is not None
    logged = [(a, d) for a, d in _events(planted, "reviewed") if "unsure" in d]
    assert [a for a, _ in logged] == ["analyst1"]


def test_claim_review_by_investigator_is_attributed_and_refused_for_analyst(planted: Planted) -> None:
    investigator = planted.viewers["investigator"]
    with pytest.raises(AccessDenied):
        next_claim_review(planted.case, planted.viewers["analyst"])
    with pytest.raises(AccessDenied):
        decide_claim(planted.case, planted.viewers["analyst"], 1, "accept")
    item = next_claim_review(planted.case, investigator)
    assert item is not None and item.span and CANARY_SEALED not in item.before + item.after
    decide_claim(planted.case, investigator, item.claim_id, "reject")
    with planted.case.read() as conn:
        status = conn.execute(
            select(attestations.c.review_status, attestations.c.reviewer).where(
                attestations.c.claim_id == item.claim_id
            )
        ).one()
    assert tuple(status) == ("rejected", "investigator1")
    decisions = [(a, d) for a, d in _events(planted, "reviewed") if d.get("claim_id") == item.claim_id]
    assert decisions and decisions[0][0] == "investigator1" and decisions[0][1]["decision"] == "rejected"
    with pytest.raises(NotFoundError):
        decide_claim(planted.case, investigator, planted.sealed_claim, "accept")  # sealed: not for them
    with pytest.raises(NotFoundError):
        decide_claim(planted.case, investigator, planted.open_claim, "accept")  # not a candidate


def test_ingest_upload_reports_refused_rows_and_is_attributed(planted: Planted) -> None:
    data = b"name,father name,birth year\nOmid Rahimi,Hassan,1342\nReza Karimi,Ali,99999\n"
    with pytest.raises(AccessDenied):
        ingest_upload(planted.case, planted.viewers["analyst"], "more.csv", data)
    outcome = ingest_upload(planted.case, planted.viewers["investigator"], "../../etc/more.csv", data)
    (report,) = outcome.files
    assert report.file == "more.csv" and report.status == "ingested"
    assert report.skipped_rows == 1 and report.problems[0].row == 2 and report.problems[0].message
    received = [a for a, _ in _events(planted, "ingested")]
    assert received[-1] == "investigator1"


def test_safe_filename_strips_paths_and_refuses_nameless() -> None:
    assert safe_filename("C:\\x\\..\\list.csv") == "list.csv"
    assert safe_filename("a\x00b/../.hidden.txt") == "hidden.txt"
    with pytest.raises(InputError):
        safe_filename("../..")


def test_artifact_content_for_cleared_roles_only(planted: Planted) -> None:
    with pytest.raises(AccessDenied):
        artifact_content(planted.case, planted.viewers["viewer"], planted.list_id)
    with pytest.raises(AccessDenied):  # the testimony holds a sealed claim
        artifact_content(planted.case, planted.viewers["investigator"], planted.text_id)
    name, media, data = artifact_content(planted.case, planted.viewers["admin"], planted.text_id)
    assert name == "testimony.txt" and media.startswith("text/") and CANARY_LATIN.encode() in data
    with pytest.raises(NotFoundError):
        artifact_content(planted.case, planted.viewers["admin"], 999_999)
    exported = _events(planted, "exported")
    assert [(a, d["artifact_id"]) for a, d in exported] == [("admin1", planted.text_id)]


def test_estimates_home_and_verify(planted: Planted) -> None:
    assert list_estimates(planted.case, planted.viewers["viewer"]) == []
    home = home_summary(planted.case, planted.viewers["viewer"])
    assert home.pending_pairs is None and home.pending_claims is None
    assert home.artifacts == 2 and home.persons == 2  # the witness and the relative are not counted
    admin_home = home_summary(planted.case, planted.viewers["admin"])
    assert admin_home.persons == 4 and admin_home.pending_pairs == 1
    with pytest.raises(AccessDenied):
        verify_case(planted.case, planted.viewers["investigator"])
    outcome = verify_case(planted.case, planted.viewers["admin"])
    assert outcome.events_checked > 0
    assert _events(planted, "verified")[-1][0] == "admin1"
