"""Capture histories: reading, encoding, export round trip."""

from __future__ import annotations

import csv
import hashlib
import io
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


def test_export_pattern_csv_neutralises_formula_list_names_and_round_trips(tmp_path: Path) -> None:
    lists = ["=HYPERLINK(A1)", "-2+3", "'=quoted", "plain"]
    history = CaptureHistory.from_counts(lists, [[1, 0, 0, 0], [1, 1, 0, 1], [0, 0, 1, 0]], [4, 2, 7])
    history.to_csv(tmp_path / "p.csv")
    header = (tmp_path / "p.csv").read_text("utf-8").splitlines()[0]
    assert header == "'=HYPERLINK(A1),'-2+3,''=quoted,plain,count"
    again = CaptureHistory.from_pattern_csv(tmp_path / "p.csv")[None]
    assert again.lists == history.lists and np.array_equal(again.counts, history.counts)
    assert again.sha256() == history.sha256()


def test_sha256_unchanged_for_plain_list_names() -> None:
    # estimation runs record this hash: neutralising must not change it where there is nothing to neutralise
    history = CaptureHistory.from_pattern_csv(MSE / "kosovo.csv")[None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*history.lists, "count"])
    for pattern, count in zip(history.patterns(), history.observed_counts(), strict=True):
        writer.writerow([*pattern.tolist(), int(count)])
    assert history.sha256() == hashlib.sha256(out.getvalue().encode("utf-8")).hexdigest()


def test_from_csv_reads_people_csv_with_neutralised_header(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("'=A,'-B,note\n1,0,x\n1,1,'@x\n0,1,\n", "utf-8")
    history = CaptureHistory.from_csv(tmp_path / "people.csv", lists=["=A", "-B"])[None]
    assert history.lists == ("=A", "-B") and history.list_totals() == {"=A": 2, "-B": 2}
