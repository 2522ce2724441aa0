"""Where Splink runs: DuckDB in this process (the default), or Spark in local mode for data that outgrows
one machine's memory. Both run the same model; only registering tables and fetching results differ."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from testament.errors import InputError

__all__ = ["ENGINES", "Engine", "open_engine"]

ENGINES = ("duckdb", "spark")


@dataclass
class Engine:
    """A Splink database API plus the two things Testament needs from a backend: put an Arrow table in,
    get a query's result out as Arrow."""

    name: str
    db_api: Any
    _handle: Any = None
    _tempdir: Any = None
    _registered: list[Any] = field(default_factory=list)

    def register(self, table: pa.Table) -> Any:
        sdf = self.db_api.register(table)
        self._registered.append(sdf)
        return sdf

    def fetch(self, sql_from: str) -> pa.Table:
        """Run `SELECT ... FROM ...` (the text after SELECT is the caller's) and return Arrow."""
        return pa.Table.from_batches(list(self.batches(sql_from)))

    def batches(self, sql_from: str, size: int = 1 << 20) -> Iterator[pa.RecordBatch]:
        """The result of `SELECT ...` in batches, so that a large result need not be held twice."""
        if self.name == "duckdb":
            yield from self._handle.sql(f"SELECT {sql_from}").to_arrow_reader(size)
            return
        yield from self._handle.sql(f"SELECT {sql_from}").toArrow().to_batches(size)

    def close(self) -> None:
        if self.name == "duckdb":
            self._handle.close()
        else:
            self._handle.stop()
        if self._tempdir is not None:
            self._tempdir.cleanup()


def _duckdb(memory_limit: str | None, threads: int | None) -> Engine:
    import duckdb
    from splink import DuckDBAPI

    tempdir = tempfile.TemporaryDirectory(prefix="testament-link-")
    con = duckdb.connect(":memory:")
    # Spill to a private temporary folder rather than failing when the pairs outgrow memory.
    con.execute(f"SET temp_directory = '{tempdir.name}'")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    return Engine("duckdb", DuckDBAPI(con), con, tempdir)


def _spark(memory_limit: str | None, threads: int | None) -> Engine:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "the Spark engine needs pyspark, which is not installed",
            hint="pip install pyspark (and a Java 17 runtime), or use --engine duckdb",
        ) from None
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    tempdir = tempfile.TemporaryDirectory(prefix="testament-spark-")
    cores = threads or os.cpu_count() or 2
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("testament-link")
        .config("spark.driver.memory", memory_limit or "2g")
        .config("spark.sql.shuffle.partitions", str(cores))  # few, large tasks: local mode has few cores
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.jars", similarity_jar_location())
        .config("spark.local.dir", tempdir.name)
        .config("spark.sql.warehouse.dir", os.path.join(tempdir.name, "warehouse"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(os.path.join(tempdir.name, "checkpoints"))
    return Engine("spark", SparkAPI(spark_session=spark, break_lineage_method="parquet"), spark, tempdir)


def open_engine(
    name: str = "duckdb", *, memory_limit: str | None = None, threads: int | None = None
) -> Engine:
    """A fresh engine. `memory_limit` ("4GB") caps DuckDB's memory (or sets Spark's driver memory)."""
    if name == "duckdb":
        return _duckdb(memory_limit, threads)
    if name == "spark":
        return _spark(memory_limit, threads)
    raise InputError(f"--engine '{name}' is not known", hint="use --engine duckdb or --engine spark")
