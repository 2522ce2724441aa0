"""A position links its holder to the acts at its place inside its dates (open ends open), never when the
claim denies it or the act is elsewhere or undated."""

from __future__ import annotations

import datetime as dt

import pytest

from testament.legal.positions import Position

D = dt.date


def _position(start: dt.date | None, end: dt.date | None, stance: str = "affirms") -> Position:
    return Position(1, "commission member", None, 7, start, end, None, stance, "internal")


@pytest.mark.parametrize(
    ("start", "end", "act", "place", "linked"),
    [
        (D(1988, 7, 28), D(1988, 9, 15), (D(1988, 8, 1), D(1988, 8, 1)), 7, True),
        (D(1988, 7, 28), D(1988, 9, 15), (D(1988, 9, 15), None), 7, True),  # the last day
        (D(1988, 7, 28), D(1988, 9, 15), (D(1988, 9, 16), None), 7, False),  # the day after
        (D(1988, 7, 28), D(1988, 9, 15), (D(1988, 7, 1), D(1988, 7, 28)), 7, True),  # overlaps the first day
        (D(1988, 7, 28), D(1988, 9, 15), (D(1988, 8, 1), None), 8, False),  # elsewhere
        (D(1988, 7, 28), None, (D(1990, 1, 1), None), 7, True),  # still in post
        (None, D(1988, 9, 15), (D(1981, 6, 20), None), 7, True),  # since when, unknown
        (D(1988, 7, 28), D(1988, 9, 15), (None, None), 7, False),  # an undated act
    ],
)
def test_position_covers_acts_at_its_place_and_time(
    start: dt.date | None,
    end: dt.date | None,
    act: tuple[dt.date | None, dt.date | None],
    place: int,
    linked: bool,
) -> None:
    assert _position(start, end).covers(place, *act) is linked


def test_a_denied_position_links_nothing() -> None:
    assert not _position(D(1988, 7, 28), None, "denies").covers(7, D(1988, 8, 1), None)


def test_position_is_reviewed_when_an_attestation_was_accepted() -> None:
    p = _position(None, None)
    p.review = ["proposed", "rejected"]
    assert not p.reviewed
    p.review.append("edited")
    assert p.reviewed
