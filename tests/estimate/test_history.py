"""Capture histories: reading, encoding, export round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from testament.errors import InputError
from testament.estimate import CaptureHistory
from tests.conftest import MSE_DATA

MSE = MSE_DATA


def test_read_pattern_csv_kosovo_totals() -> None:
    history = CaptureHistory.from_pattern_csv(MSE / "kosovo.csv")[None]
    assert history.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert history.observed == 4400
    rows = [line.split(",") for line in (MSE / "kosovo.csv").read_text().splitlines()[1:]]
    exh_total = sum(int(r[-1]) for r in rows if r[0] == "1")
    assert history.list_totals()["EXH"] == exh_total


def test_export_pattern_csv_round_trips(tmp_path: Path) -> None:
    for name in ("kosovo", "hiv_rome", "my_5list"):
        history = CaptureHistory.from_pattern_csv(MSE / f"{name}.csv")[None]
        history.to_csv(tmp_path / "out.csv")
        again = CaptureHistory.from_pattern_csv(tmp_path / "out.csv")[None]
        assert again.lists == history.lists
        assert np.array_equal(again.counts, history.counts)
        assert again.sha256() == history.sha256()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=60))
def test_from_people_counts_each_person_once(people: list[list[bool]]) -> None:
    rows = [{"A": a, "B": b, "C": c} for a, b, c in people]
    histories = CaptureHistory.from_people(rows, ["A", "B", "C"])
    caught = sum(1 for p in people if any(p))
    assert sum(h.observed for h in histories.values()) == caught
    if caught:
        h = histories[None]
        assert h.list_totals() == {name: sum(p[j] for p in people) for j, name in enumerate("ABC")}


def test_from_people_by_stratum() -> None:
    rows = [
        {"A": 1, "B": 0, "prison": "Evin"},
        {"A": 1, "B": 1, "prison": "Gohardasht"},
        {"A": 0, "B": 1, "prison": "Evin"},
    ]
    histories = CaptureHistory.from_people(rows, ["A", "B"], stratum_field="prison")
    assert {k: h.observed for k, h in histories.items()} == {"Evin": 2, "Gohardasht": 1}


def test_read_pattern_csv_with_bad_cell_names_line(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("A,B,count\n1,0,5\n1,x,3\n")
    with pytest.raises(InputError, match=r"p\.csv, line 3"):
        CaptureHistory.from_pattern_csv(tmp_path / "p.csv")


def test_read_pattern_csv_all_zero_row_with_count_refused(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("A,B,count\n0,0,5\n1,1,3\n")
    with pytest.raises(InputError, match="all-zero"):
        CaptureHistory.from_pattern_csv(tmp_path / "p.csv")
