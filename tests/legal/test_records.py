"""The legal layer's writers on every backend: rows sealed under `mapped` custody events so `verify` covers
them, bad input refused with nothing written, and sources recorded as copies counted once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from testament.errors import InputError, NotFoundError
from testament.legal import derive_source, link_element, overlap_suggestions, render_case_file, review_claim
from testament.legal.frameworks import FrameworkError
from testament.store.access import Viewer
from testament.store.integrity import verify_case
from testament.store.schema import artifacts, claims, custody_events, element_supports
from tests.legal.conftest import Scenario


def _events(s: Scenario) -> int:
    with s.case.read() as conn:
        return int(conn.execute(select(func.count()).select_from(custody_events)).scalar_one())


def test_legal_rows_are_sealed_and_verify(scenario_on: Scenario) -> None:
    report = verify_case(scenario_on.case)
    assert report.ok, [f.message for f in report.findings]
    with scenario_on.case.read() as conn:
        kinds = set(conn.execute(select(custody_events.c.event_type)).scalars())
    assert "mapped" in kinds


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (
            lambda s: link_element(s.case, "icc-rome-art7:a:nonsense", "act", s.acts["execution"]),
            FrameworkError,
        ),
        (lambda s: link_element(s.case, "icc-rome-art7:a", "act", 1), FrameworkError),
        (lambda s: link_element(s.case, "icc-rome-art7:a:conduct", "act", 9999), NotFoundError),
        (lambda s: link_element(s.case, "icc-rome-art7:a:conduct", "act", 1, strength="huge"), InputError),
        (lambda s: derive_source(s.case, 1, 1), InputError),
    ],
)
def test_legal_writers_refuse_bad_input_writing_nothing(scenario_on: Scenario, call, error) -> None:  # type: ignore[no-untyped-def]
    before = _events(scenario_on)
    with pytest.raises(error):
        call(scenario_on)
    assert _events(scenario_on) == before


def test_derived_source_counts_once_in_the_case_file(scenario_on: Scenario) -> None:
    case, viewer = scenario_on.case, Viewer.local(scenario_on.case)

    def conduct() -> tuple[str, int]:
        data = render_case_file(case, scenario_on.accused, viewer, charges=["icc-rome-art7:a"]).data
        row = data.charges[0].elements[0]
        return row.status, row.independent_sources

    assert conduct() == ("supported", 2)
    with case.read() as conn:
        source_a, source_b = (
            conn.execute(select(artifacts.c.source_id).where(artifacts.c.id == i)).scalar_one()
            for i in (scenario_on.text_a, scenario_on.text_b)
        )
    derive_source(case, source_b, source_a, relation="copied_from", note="translation of the first")
    assert conduct() == ("single source", 1)
    assert overlap_suggestions(case) == []  # no lists in this case
    assert verify_case(case).ok


def test_review_claim_marks_the_evidence_reviewed_in_the_case_file(scenario_on: Scenario) -> None:
    case = scenario_on.case

    def conduct() -> str:
        data = render_case_file(
            case, scenario_on.accused, Viewer.local(case), charges=["icc-rome-art7:f"]
        ).data
        return data.charges[0].elements[0].status

    assert conduct() == "not reviewed"
    with case.read() as conn:
        claim = conn.execute(
            select(claims.c.id).where(
                claims.c.object_type == "act", claims.c.object_id == scenario_on.acts["flogging"]
            )
        ).scalar_one()
    review_claim(case, claim, "accepted")
    assert conduct() == "single source"
    with pytest.raises(InputError):
        review_claim(case, claim, "fine")
    assert verify_case(case).ok


def test_verify_names_a_tampered_element_support(scenario_on: Scenario) -> None:
    case = scenario_on.case
    with case.write() as conn:
        conn.execute(update(element_supports).where(element_supports.c.id == 1).values(stance="undermines"))
    report = verify_case(case)
    assert not report.ok
    assert any("element_supports" in f.message for f in report.findings)
