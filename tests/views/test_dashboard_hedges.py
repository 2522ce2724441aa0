"""The dashboard keeps a witness's count as the text gives it: "more than 300" is a lower bound, "between
2,800 and 3,800" one range (its two claims), "thousands" words read as 2,000 and never the prison's largest
count, and a count the speaker heard says so. Two testimonies (English and Persian) go through ingest and
extraction as a case's would; every backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testament.extract import extract_artifact, reject_candidate
from testament.ingest import IngestOptions, ingest_files
from testament.store.access import Viewer
from testament.store.case import Case
from testament.views import dashboard, reported_counts, triangulation_claims
from testament.views._facts import DatedClaim
from testament.views.dashboard import ReportedCount, _closes_range

TESTIMONY_EN = (
    "In the summer of 1988 I was held in Gohardasht prison. On 1 August 1988 the guards took more than 300 "
    "prisoners to the hall. We later heard that between 2,800 and 3,800 people were executed that week. "
    "Thousands of prisoners were executed. I counted 12 bodies in the yard. About 40 men were hanged that "
    "night, at least 25 of them from our ward.\n"
)
TESTIMONY_FA = (
    "در تابستان ۱۳۶۷ در زندان گوهردشت بودم. در ۱۰ مرداد ۱۳۶۷ بیش از ۳۰۰ زندانی را به سالن بردند. "
    "شنیدیم که ۷۰۰ الی ۸۰۰ نفر اعدام شدند. هزاران زندانی اعدام شدند. حدود ۴۰ نفر را آن شب اعدام کردند.\n"
)
WEEK = "1988-08-01"
# (value, upper, qualifier, vague words, heard) of each count of the dead in the two testimonies
EXPECTED = {
    "en": [
        (300, None, "more_than", None, False),
        (2800, 3800, "range", None, True),
        (2000, None, "vague", "thousands", False),
        (12, None, "exact", None, False),
        (40, None, "about", None, False),
        (25, None, "at_least", None, False),
    ],
    "fa": [
        (300, None, "more_than", None, False),
        (700, 800, "range", None, True),
        (2000, None, "vague", "thousands", False),
        (40, None, "about", None, False),
    ],
}
_HEARD = {"second_hand_named", "second_hand_unnamed", "hearsay"}


@pytest.fixture
def hedged(fresh_case: Case, tmp_path: Path) -> dict[str, int]:
    """The two testimonies ingested and extracted (proposed claims count, as on the dashboard): language →
    the text's artifact id."""
    (tmp_path / "en.txt").write_text(TESTIMONY_EN, "utf-8")
    (tmp_path / "fa.txt").write_text(TESTIMONY_FA, "utf-8")
    report = ingest_files(fresh_case, [tmp_path / "en.txt", tmp_path / "fa.txt"], IngestOptions())
    assert report.ok, report.to_dict()
    texts = {}
    for language, f in zip(("en", "fa"), report.files, strict=True):
        assert f.artifact_id is not None
        extract_artifact(fresh_case, f.artifact_id)
        texts[language] = f.artifact_id
    return texts


def _told(counts: list[Any], text: int) -> list[tuple[Any, ...]]:
    return [
        (c.value, c.upper, c.qualifier, c.vague, c.provenance in _HEARD)
        for c in counts
        if c.artifact_id == text
    ]


def test_each_count_keeps_its_hedge_its_range_and_how_the_speaker_knew(
    fresh_case: Case, hedged: dict[str, int]
) -> None:
    viewer = Viewer.local(fresh_case)
    counts = reported_counts(fresh_case, viewer)
    for language, text in hedged.items():
        assert _told(counts, text) == EXPECTED[language], language
    assert {(c.prison, c.week) for c in counts} == {("Gohardasht", WEEK)}
    ranged = [c for c in counts if c.upper is not None]
    assert all(c.upper_claim_id is not None and len(c.claim_ids) == 2 for c in ranged)
    assert all(c.first_hand is False for c in ranged), "heard, not seen"
    assert all(c.first_hand for c in counts if c.qualifier in ("more_than", "exact", "at_least"))

    # The table: one figure per count (a range is one), largest first; the prison's largest is the range,
    # with its bounds, never the vague "thousands".
    board = dashboard(fresh_case, viewer)
    (row,) = board.rows
    assert row.reports == len(row.reported) == sum(len(v) for v in EXPECTED.values())
    assert [(f.value, f.upper, f.qualifier) for f in row.reported[:4]] == [
        (2800, 3800, "range"), (2000, None, "vague"), (2000, None, "vague"), (700, 800, "range"),
    ]  # fmt: skip
    assert [f.largest for f in row.reported] == sorted((f.largest for f in row.reported), reverse=True)
    (total,) = board.prisons
    assert total.reported_max is not None
    assert (total.reported_max.value, total.reported_max.upper) == (2800, 3800)

    # The cell opens both bounds' claims, and the counts as the texts give them.
    cell = triangulation_claims(fresh_case, viewer, "reported", "Gohardasht", WEEK)
    assert {c.claim_id for c in cell.claims} == {i for c in counts for i in c.claim_ids}
    assert cell.counts == row.reported


def test_a_vague_count_is_never_the_largest_and_a_lone_bound_says_so(
    fresh_case: Case, hedged: dict[str, int]
) -> None:
    """Reject the English range's upper bound: its lower bound stands alone, saying it is one end of a
    range. Reject it too: the largest count given as a number is the Persian 700–800, though "thousands"
    (2,000) is larger."""
    viewer = Viewer.local(fresh_case)
    english = next(c for c in reported_counts(fresh_case, viewer) if c.value == 2800)
    assert english.upper_claim_id is not None
    reject_candidate(fresh_case, english.upper_claim_id)
    alone = next(c for c in reported_counts(fresh_case, viewer) if c.claim_id == english.claim_id)
    assert (alone.value, alone.upper, alone.qualifier) == (2800, None, "range")
    cell = triangulation_claims(fresh_case, viewer, "reported", "Gohardasht", WEEK)
    assert english.upper_claim_id not in {c.claim_id for c in cell.claims}

    reject_candidate(fresh_case, english.claim_id)
    board = dashboard(fresh_case, viewer)
    (total,) = board.prisons
    assert total.reported_max is not None
    assert (total.reported_max.value, total.reported_max.upper, total.reported_max.qualifier) == (
        700, 800, "range",
    )  # fmt: skip
    assert any(f.qualifier == "vague" and f.value > 800 for f in board.rows[0].reported)


def test_every_role_reads_the_hedges_through_the_aggregate_gate(
    fresh_case: Case, hedged: dict[str, int]
) -> None:
    """The dashboard reads a snapshot that logs no disclosure (`gated(..., aggregates=True)` raises if a
    field let through asks to be logged): the hedges ride on claims the role may read, for every role."""
    figures = []
    for role in ("viewer", "analyst", "investigator", "admin"):
        board = dashboard(fresh_case, Viewer(None, fresh_case.settings.actor, role))
        figures.append([f.model_dump() for r in board.rows for f in r.reported])
    assert figures[0] and all(f == figures[0] for f in figures)


def _claim(start: int, end: int, value: int, qualifier: str, artifact: int = 1) -> DatedClaim:
    return DatedClaim(
        claim_id=start, predicate="reported_count", value=str(value), artifact_id=artifact, char_start=start,
        char_end=end, qualifier=qualifier,
    )  # fmt: skip


def _opened(value: int, qualifier: str, end: int, artifact: int = 1) -> tuple[ReportedCount, int]:
    count = ReportedCount(claim_id=1, value=value, qualifier=qualifier, artifact_id=artifact, prison="Evin")
    return count, end


@pytest.mark.parametrize(
    ("opened", "then", "closes"),
    [
        (_opened(2800, "range", 17), _claim(22, 27, 3800, "range"), True),  # "between 2,800 and 3,800"
        (_opened(5, "about", 7), _claim(8, 9, 6, "about"), True),  # "about 5-6"
        (_opened(20, "more_than", 7), _claim(14, 16, 30, "more_than"), False),  # "over 20, over 30"
        (_opened(200, "vague", 8), _claim(12, 21, 2000, "vague"), False),  # "hundreds or thousands"
        (_opened(700, "range", 3), _claim(8, 11, 600, "range"), False),  # the second is not larger
        (_opened(700, "range", 3), _claim(60, 63, 800, "range"), False),  # too far apart
        (_opened(700, "range", 3, artifact=2), _claim(8, 11, 800, "range"), False),  # another text
        (_opened(700, "range", 3), _claim(8, 11, 800, "about"), False),  # another hedge
    ],
)
def test_a_range_is_two_counts_side_by_side_with_one_hedge(
    opened: tuple[ReportedCount, int], then: DatedClaim, closes: bool
) -> None:
    assert _closes_range(opened, then, int(str(then.value)), str(then.qualifier)) is closes
