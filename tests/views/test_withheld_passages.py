"""A passage withheld from a role withholds every claim that stands on it: a claim whose every attested span
lies inside (or overlaps) a withheld passage is itself withheld, in every view, and a span on withheld text
is never cited even for a claim that another source attests openly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from testament.errors import NotFoundError
from testament.store.access import Labeller
from testament.store.custody import utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import attestations, claims
from testament.views import claim_detail, document, person_page
from tests.views.conftest import CANARY_ADDRESS, TESTIMONY, Planted, planted  # noqa: F401  (the fixture)


def _plant_on_address(planted: Planted) -> dict[str, int]:  # noqa: F811
    """Three internal claims about the victim (an open list record): "Shiraz" inside the relative's
    restricted address, "Lane, Shiraz. The" overlapping its end, and "Canary" inside it that a list cell
    also attests."""
    address = TESTIMONY.index(CANARY_ADDRESS)
    city = TESTIMONY.index("Shiraz", address)
    now = utc_now()
    with planted.case.write() as conn:
        victim_record = int(
            conn.execute(select(claims.c.subject_id).where(claims.c.id == planted.open_claim)).scalar_one()
        )
        ids, facts = Ids(conn), FactWriter(conn)
        first, first_att = ids.take(claims, 3), ids.take(attestations, 4)
        planned = [
            ("resided_in", "Shiraz", city, city + len("Shiraz")),
            ("note", "Lane, Shiraz. The", TESTIMONY.index("Lane", address), city + len("Shiraz. The")),
            ("note", "Canary", TESTIMONY.index("Canary", address), TESTIMONY.index("Canary", address) + 6),
        ]
        facts.insert_mappings(
            claims,
            [
                {"id": first + i, "subject_type": "person_record", "subject_id": victim_record,
                 "predicate": predicate, "value": value, "stance": "affirms", "created_at": now,
                 "sensitivity": "internal"}
                for i, (predicate, value, _, _) in enumerate(planned)
            ],
        )  # fmt: skip
        common = {"relation": "secondhand", "first_hand": False, "extractor": "reviewer",
                  "extractor_version": "test", "review_status": "accepted", "created_at": now}  # fmt: skip
        rows = [
            (first + i, planted.text_id, "span", None, None, start, end, TESTIMONY[start:end])
            for i, (_, _, start, end) in enumerate(planned)
        ] + [(first + 2, planted.list_id, "cell", 1, "note", None, None, "Canary")]
        facts.insert_mappings(
            attestations,
            [
                {"id": first_att + i, "claim_id": claim, "artifact_id": artifact, "locator_kind": kind,
                 "row": row, "column_name": column, "page": 1 if kind == "span" else None,
                 "char_start": start, "char_end": end, "original_text": quoted, **common}
                for i, (claim, artifact, kind, row, column, start, end, quoted) in enumerate(rows)
            ],
        )  # fmt: skip
    return {"inside": first, "overlapping": first + 1, "also_in_list": first + 2, "span": first_att + 2}


def test_label_rises_to_the_passage_it_stands_on(planted: Planted) -> None:  # noqa: F811
    made = _plant_on_address(planted)
    with planted.case.read() as conn:
        labels, passages = Labeller(conn).claim_and_attestation_labels(list(made.values())[:3])
    assert labels[made["inside"]] == labels[made["overlapping"]] == "restricted"
    assert labels[made["also_in_list"]] == "internal"  # a public list says it too
    assert passages[made["span"]] == "restricted"  # but not through the withheld passage


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_claims_on_a_withheld_passage_are_withheld_everywhere(planted: Planted, role: str) -> None:  # noqa: F811
    made = _plant_on_address(planted)
    viewer = planted.viewers[role]
    for hidden in (made["inside"], made["overlapping"]):
        with pytest.raises(NotFoundError) as caught:
            claim_detail(planted.case, viewer, hidden)
        with pytest.raises(NotFoundError) as missing:
            claim_detail(planted.case, viewer, 10**9)
        assert str(caught.value).replace(str(hidden), "N") == str(missing.value).replace(str(10**9), "N")
    doc = document(planted.case, viewer, planted.text_id)
    shown = {s.claim_id for s in doc.spans}
    assert not shown & set(made.values()), shown
    assert "Shiraz" not in doc.model_dump_json()
    page = person_page(planted.case, viewer, planted.victim_person)
    on_page = {c.claim_id: c for g in page.groups for c in g.claims}
    assert made["inside"] not in on_page and made["overlapping"] not in on_page
    assert "Shiraz" not in page.model_dump_json()
    # Attested openly by a list cell: readable, cited by the cell only, never by the withheld span.
    canary = on_page[made["also_in_list"]]
    assert [c.artifact_id for c in canary.citations] == [planted.list_id]
    detail = claim_detail(planted.case, viewer, made["also_in_list"])
    assert [c.artifact_id for c in detail.citations] == [planted.list_id]


def test_a_cleared_role_reads_them(planted: Planted) -> None:  # noqa: F811
    made = _plant_on_address(planted)
    viewer = planted.viewers["investigator"]
    detail = claim_detail(planted.case, viewer, made["inside"])
    assert detail.value == "Shiraz" and detail.sensitivity == "restricted"
    doc = document(planted.case, viewer, planted.text_id)
    assert set(made.values()) - {made["span"]} <= {s.claim_id for s in doc.spans}
