"""Clustering with human decisions and one-record-per-list; stable person ids."""

from __future__ import annotations

import numpy as np

from testament.link import assign_person_ids, cluster_records
from testament.link.cluster import join_threshold


def _pairs(*edges: tuple[int, int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, s = zip(*edges, strict=True)
    return np.array(a), np.array(b), np.array(s, dtype=float)


def _same(labels: np.ndarray, x: int, y: int) -> bool:
    return bool(labels[x] == labels[y])


def test_cluster_records_joins_above_threshold_only() -> None:
    a, b, s = _pairs((0, 1, 0.9), (1, 2, 0.2), (3, 4, 0.6))
    result = cluster_records(5, a, b, s, threshold=0.5)
    assert _same(result.labels, 0, 1) and not _same(result.labels, 1, 2) and _same(result.labels, 3, 4)
    assert result.count == 3
    assert {(j.a, j.b, j.origin) for j in result.joins} == {(0, 1, "model"), (3, 4, "model")}


def test_cluster_records_never_crosses_a_cannot_link() -> None:
    # the model chains 0-1-2 strongly; a reviewer said 0 and 2 are different people
    a, b, s = _pairs((0, 1, 0.99), (1, 2, 0.95))
    result = cluster_records(3, a, b, s, threshold=0.5, cannot_link=[(0, 2)])
    assert not _same(result.labels, 0, 2)
    assert _same(result.labels, 0, 1)  # the surer pair wins the shared record
    assert result.refused == 1


def test_cluster_records_applies_must_link_the_model_missed() -> None:
    a, b, s = _pairs((0, 1, 0.01))
    result = cluster_records(3, a, b, s, threshold=0.5, must_link=[(0, 2)])
    assert _same(result.labels, 0, 2) and not _same(result.labels, 0, 1)
    assert result.joins[0].origin == "reviewer"


def test_cluster_records_reports_contradicting_decisions() -> None:
    a, b, s = _pairs((0, 1, 0.01))
    result = cluster_records(3, a, b, s, threshold=0.5, must_link=[(0, 1), (1, 2)], cannot_link=[(0, 2)])
    assert result.conflicts == [(1, 2)]
    assert not _same(result.labels, 0, 2)


def test_cluster_records_keeps_one_record_per_list_unless_sure() -> None:
    sources = np.array([1, 2, 1, 3])
    # 0 and 2 are on list 1; joining 2 to {0, 1} would put two list-1 records in one person
    a, b, s = _pairs((0, 1, 0.9), (1, 2, 0.8), (2, 3, 0.7))
    result = cluster_records(4, a, b, s, threshold=0.5, sources=sources, same_source_threshold=0.99)
    assert _same(result.labels, 0, 1) and not _same(result.labels, 1, 2) and _same(result.labels, 2, 3)
    a, b, s = _pairs((0, 2, 0.995))
    sure = cluster_records(4, a, b, s, threshold=0.5, sources=sources)
    assert _same(sure.labels, 0, 2)  # a list's own duplicate, when the model is sure


def test_assign_person_ids_keeps_ids_of_unchanged_and_mostly_unchanged_persons() -> None:
    record_ids = np.array([10, 11, 12, 13, 14, 15, 16])
    previous = {10: 1, 11: 1, 12: 2, 13: 2, 14: 2, 15: 3, 16: 4}
    # 10+11 unchanged; 12+13 lost 14 (still most of person 2); 14 alone; 15+16 merged (neither majority)
    labels = np.array([0, 0, 1, 1, 2, 3, 3])
    ids, kept, next_id = assign_person_ids(labels, record_ids, previous, next_id=5)
    assert ids.tolist()[:4] == [1, 1, 2, 2]
    assert ids[4] == 5 and ids[5] == ids[6] == 6
    assert kept == 2 and next_id == 7


def test_assign_person_ids_gives_new_ids_on_first_run() -> None:
    ids, kept, next_id = assign_person_ids(np.array([0, 1, 0]), np.array([1, 2, 3]), {}, next_id=1)
    assert ids.tolist() == [1, 2, 1] and kept == 0 and next_id == 3


def test_cluster_records_lets_a_list_duplicate_join_when_its_rows_look_alike() -> None:
    sources = np.array([1, 1, 2])
    # 0 and 1 are two rows of list 1 (a duplicate, scoring 0.7 together); 2 is on list 2 and matches both
    a, b, s = _pairs((0, 2, 0.95), (1, 2, 0.9), (0, 1, 0.7))
    strict = cluster_records(3, a, b, s, threshold=0.5, sources=sources, duplicate_threshold=None)
    assert _same(strict.labels, 0, 2) and not _same(strict.labels, 1, 2)
    lenient = cluster_records(3, a, b, s, threshold=0.5, sources=sources, duplicate_threshold=0.5)
    assert _same(lenient.labels, 0, 1) and _same(lenient.labels, 1, 2)
    unlike = cluster_records(3, a, b, s, threshold=0.5, sources=sources, duplicate_threshold=0.8)
    assert not _same(unlike.labels, 1, 2)  # the two rows of list 1 do not look like one person


def test_cluster_records_keeps_perpetrators_and_witnesses_apart_from_victims() -> None:
    """A mention of the interrogator "Hossein Mousavi" never joins the victim Hossein Mousavi on the
    model's word, however sure; a reviewer can still join them."""
    from testament.link import role_sides

    # 0, 1: list rows (victims); 2: a testimony's perpetrator; 3: its narrator; 4: a mention of a victim
    sides = role_sides([1, 2, None, None, None], [None, None, "perpetrator", "narrator", "victim"])
    assert sides is not None and sides.tolist() == [1, 1, 2, 2, 1]
    a, b, s = _pairs((0, 1, 0.99), (0, 2, 0.98), (1, 3, 0.97), (4, 0, 0.96), (2, 3, 0.9))
    result = cluster_records(5, a, b, s, threshold=0.5, sides=sides)
    assert _same(result.labels, 0, 1) and _same(result.labels, 0, 4)
    assert not _same(result.labels, 0, 2) and not _same(result.labels, 1, 3)
    assert _same(result.labels, 2, 3)  # a perpetrator and a witness are not kept apart by this rule
    joined = cluster_records(5, a, b, s, threshold=0.5, sides=sides, must_link=[(0, 2)])
    assert _same(joined.labels, 0, 2)
    assert role_sides([1, None], [None, "victim"]) is None  # nothing adverse: no constraint to apply


def test_cluster_records_reports_each_pair_it_weighed() -> None:
    # 0-1 joins; 1-2 is refused (2 is of 0's list, and 0-2 looks nothing alike); 0-1 again is not weighed
    a, b, s = _pairs((0, 1, 0.9), (1, 2, 0.6), (0, 1, 0.5))
    considered: list[tuple[float, bool]] = []
    cluster_records(3, a, b, s, threshold=0.3, sources=np.array([1, 2, 1]), considered=considered)
    assert considered == [(0.9, True), (0.6, False)]


def _weighed(*bands: tuple[float, int, int]) -> list[tuple[float, bool]]:
    """(probability, pairs joined, pairs refused) per band, as clustering reports them."""
    return [(p, True) for p, joined, _ in bands for _ in range(joined)] + [
        (p, False) for p, _, refused in bands for _ in range(refused)
    ]


def test_join_threshold_goes_down_while_joins_stay_more_likely_right() -> None:
    # the rules let 10 % of surely different pairs through; at 0.42 a join is expected false
    # (60 x 0.58 x 0.1 = 3.5 of 20) rarely; at 0.22, 100 x 0.78 x 0.1 = 7.8 of 12 joins: stop there
    considered = _weighed((0.02, 10, 90), (0.42, 20, 40), (0.32, 15, 45), (0.22, 12, 88))
    assert join_threshold(considered, 0.5) == 0.25


def test_join_threshold_stays_where_the_rules_refuse_nothing() -> None:
    # every surely different pair would join: joins are no truer than their probabilities
    considered = _weighed((0.02, 100, 0), (0.45, 10, 0))
    assert join_threshold(considered, 0.5) == 0.5


def test_join_threshold_keeps_the_threshold_on_small_data() -> None:
    considered = _weighed((0.02, 1, 40), (0.3, 10, 0))
    assert join_threshold(considered, 0.5) == 0.5
