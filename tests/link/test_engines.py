"""The same model on DuckDB and on Spark (local mode). Spark starts a JVM and runs every step as a job,
so this test takes the model trained once per session on DuckDB (`small_model`) and scores and clusters
with it on both: about half a minute."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from testament.link import LinkOptions, link_records, read_records
from testament.link.model import Model
from testament.settings import Settings
from testament.store.case import Case
from tests.link.conftest import ingest_lists


@pytest.mark.sqlite
def test_link_records_on_spark_gives_the_duckdb_persons(
    tmp_path: Path, small_scenario: Path, small_model: Model, capfd: pytest.CaptureFixture[str]
) -> None:
    # never skipped: a machine without Java cannot prove the Spark engine, so say so and fail
    if shutil.which("java") is None:
        pytest.fail("the Spark engine test needs a Java 17 runtime on PATH (Debian: openjdk-17-jre-headless)")
    with Case.create(tmp_path / "case", settings=Settings(actor="tester")) as case:
        ingest_lists(case, small_scenario)
        records = read_records(case)
    duck = link_records(records, LinkOptions(engine="duckdb"), model=small_model)
    spark = link_records(records, LinkOptions(engine="spark"), model=duck.model)
    assert spark.model.version == duck.model.version
    assert np.array_equal(spark.pairs.a, duck.pairs.a) and np.array_equal(spark.pairs.level, duck.pairs.level)
    assert np.allclose(spark.probabilities, duck.probabilities)
    assert np.array_equal(spark.clustering.labels, duck.clustering.labels)
    noise = capfd.readouterr().err  # the JVM's too: Spark's log lines are off unless TESTAMENT_DEBUG=1
    assert "Setting default log level" not in noise and " WARN " not in noise, noise[-2000:]
