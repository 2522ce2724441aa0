"""Where Splink runs: DuckDB in this process (the default), or Spark in local mode for data that outgrows
one machine's memory. Both run the same model; only registering tables and fetching results differ.

An encrypted case leaves no plaintext on disk (`encrypted=True`, set by `link_case` from the case):
- DuckDB keeps everything in memory. It can encrypt its spill files only with its OpenSSL-backed extension
  (httpfs), which must be downloaded; its built-in crypto refuses to write ("read-only crypto module").
  So an encrypted case never spills: past the memory limit linkage stops with `LinkMemoryError`, and
  DuckDB may not touch files at all (no external access, no extension downloads, configuration locked).
- Spark encrypts what it spills, shuffles and caches on disk (`spark.io.encryption.enabled`, a key made
  in the JVM's memory), Splink breaks lineage by caching (`persist`) instead of writing plaintext parquet,
  and everything Spark and its JVM write goes into one private folder removed when the engine closes.
  With encryption on, PySpark also sends data to the JVM over a socket rather than through a temp file.
Either way the folders (`testament-link-PID-*`, `testament-spark-PID-*` in the system temp folder) are
private, removed on close, and those of dead processes (after kill -9) are swept at the next start.
Secrets in the environment (`TESTAMENT_*`, `PGPASSWORD`) never reach the Spark JVM."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from testament.errors import InputError, TestamentError

__all__ = ["ENGINES", "Engine", "LinkMemoryError", "open_engine", "sweep_stale_tempdirs"]

ENGINES = ("duckdb", "spark")

_PREFIXES = {"duckdb": "testament-link-", "spark": "testament-spark-"}
_STALE = re.compile(r"^testament-(?:link|spark)-(\d+)-")
_SECRET_ENV = re.compile(r"^(TESTAMENT_.*|PGPASSWORD)$")
# Spark's own logging, errors only, for the JVM this engine starts (without it, Spark prints its warnings
# and "Setting default log level" on the user's terminal); TESTAMENT_DEBUG=1 keeps Spark's defaults. Spark
# announces the level whenever its shell logger's (under org.apache.spark) differs from the root's.
_QUIET_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %p %c{1}: %m%n%ex
logger.spark.name = org.apache.spark
logger.spark.level = error
"""


class LinkMemoryError(TestamentError):
    """The engine ran out of memory (for an encrypted case: without spilling to disk)."""


@dataclass
class Engine:
    """A Splink database API plus the two things Testament needs from a backend: put an Arrow table in,
    get a query's result out as Arrow."""

    name: str
    db_api: Any
    _handle: Any = None
    _tempdir: Any = None
    _registered: list[Any] = field(default_factory=list)
    encrypted: bool = False
    memory_limit: str | None = None
    _gateway: Any = None  # the Spark JVM this engine started (stopped on close)

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

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Work on the engine; running out of memory becomes a `LinkMemoryError` that says what to do
        (Splink's own error quotes its SQL and DuckDB's advice, which does not apply here)."""
        try:
            yield
        except Exception as exc:
            if self.name == "duckdb" and _out_of_memory(exc):
                raise self._memory_error() from None
            raise

    def _memory_error(self) -> LinkMemoryError:
        limit = f"--memory {self.memory_limit}" if self.memory_limit else "DuckDB's default of 80 % of RAM"
        if self.encrypted:
            return LinkMemoryError(
                f"linkage ran out of memory ({limit}); this case is encrypted, so linkage runs in memory "
                "only and never spills to disk, where its temporary files would be plaintext",
                hint="raise --memory (e.g. --memory 8GB), link on a machine with more memory, or use "
                "--engine spark, which encrypts what it spills",
            )
        return LinkMemoryError(
            f"linkage ran out of memory ({limit}) even spilling to disk",
            hint="raise --memory (e.g. --memory 8GB) or link on a machine with more memory",
        )

    def close(self) -> None:
        try:
            if self.name == "duckdb":
                self._handle.close()
            else:
                try:
                    self._handle.stop()
                finally:
                    _stop_gateway(self._gateway)
        finally:
            if self._tempdir is not None:
                self._tempdir.cleanup()


def _out_of_memory(exc: BaseException | None) -> bool:
    import duckdb

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, duckdb.OutOfMemoryException):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def sweep_stale_tempdirs(root: str | None = None) -> list[str]:
    """Remove the linkage temp folders of processes that are gone (killed before they could clean up):
    only this user's, only `testament-link-PID-*` / `testament-spark-PID-*` whose PID is not running.
    Returns the folders removed. Cheap: one listing of the temp folder. (A process id is only known in
    this PID namespace: containers that share a temp folder should not share a user id.)"""
    root = root or tempfile.gettempdir()
    removed: list[str] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        match = _STALE.match(entry.name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or _alive(int(match.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _private_tempdir(engine: str) -> tempfile.TemporaryDirectory[str]:
    """A folder only this user can read (mkdtemp: 0700), named with this process's id so that a later run
    can tell it is stale."""
    return tempfile.TemporaryDirectory(prefix=f"{_PREFIXES[engine]}{os.getpid()}-")


def _duckdb(memory_limit: str | None, threads: int | None, encrypted: bool) -> Engine:
    import duckdb
    from splink import DuckDBAPI

    config: dict[str, Any] = {"preserve_insertion_order": False}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = int(threads)
    tempdir = None
    if encrypted:
        # In memory only: no spill folder (DuckDB's default is `.tmp` in the working folder), no
        # extensions fetched; below, no files read or written and the configuration locked, so that
        # nothing turns spilling back on. (With external access off at connect, DuckDB refuses to set
        # temp_directory at all.)
        config |= {
            "temp_directory": "",
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    else:
        # Spill to a private temporary folder rather than failing when the pairs outgrow memory.
        tempdir = _private_tempdir("duckdb")
        config["temp_directory"] = tempdir.name
    try:
        con = duckdb.connect(":memory:", config=config)
    except BaseException:
        if tempdir is not None:
            tempdir.cleanup()
        raise
    if encrypted:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return Engine("duckdb", DuckDBAPI(con), con, tempdir, encrypted=encrypted, memory_limit=memory_limit)


@contextlib.contextmanager
def _without_secrets() -> Iterator[None]:
    """Take secrets out of `os.environ` while the Spark JVM is launched: PySpark starts it with a copy of
    `os.environ` and no way to pass another environment. Not thread-safe (no environment change is):
    other threads of this process do not see the secrets for the second or two the JVM takes to start."""
    taken = {k: v for k, v in os.environ.items() if _SECRET_ENV.match(k)}
    for k in taken:
        del os.environ[k]
    try:
        yield
    finally:
        os.environ.update(taken)


def _stop_gateway(gateway: Any) -> None:
    """Stop the JVM this engine started (PySpark keeps it for the life of the process otherwise, with its
    temp folder and settings of the first session): its stdin closing makes it exit."""
    if gateway is None:
        return
    from pyspark import SparkContext

    proc = getattr(gateway, "proc", None)
    with contextlib.suppress(Exception):
        gateway.shutdown()
    if proc is not None:
        with contextlib.suppress(Exception):
            proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if SparkContext._gateway is gateway:
        SparkContext._gateway = None
        SparkContext._jvm = None


def _spark(memory_limit: str | None, threads: int | None, encrypted: bool) -> Engine:
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "the Spark engine needs pyspark, which is not installed",
            hint="pip install pyspark (and a Java 17 runtime), or use --engine duckdb",
        ) from None
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    tempdir = _private_tempdir("spark")
    java_tmp = os.path.join(tempdir.name, "java")
    os.mkdir(java_tmp, 0o700)
    java_options = f"-Djava.io.tmpdir={java_tmp} -XX:-UsePerfData"
    if not os.environ.get("TESTAMENT_DEBUG"):
        log_config = os.path.join(tempdir.name, "log4j2.properties")
        with open(log_config, "w", encoding="utf-8") as fh:
            fh.write(_QUIET_LOG4J)
        java_options += f" -Dlog4j2.configurationFile=file:{log_config}"
        logging.getLogger("py4j").setLevel(logging.ERROR)
    cores = threads or os.cpu_count() or 2
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("testament-link")
        .config("spark.driver.memory", memory_limit or "2g")
        .config("spark.sql.shuffle.partitions", str(cores))  # few, large tasks: local mode has few cores
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.jars", similarity_jar_location())
        .config("spark.local.dir", tempdir.name)  # shuffle, spill and cached blocks; PySpark's temp files
        .config("spark.sql.warehouse.dir", os.path.join(tempdir.name, "warehouse"))  # not ./spark-warehouse
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")  # local mode: no port open beyond this machine
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # The JVM's own temp files (java.io.tmpdir) in the private folder too; no hsperfdata in /tmp.
        .config("spark.driver.extraJavaOptions", java_options)
    )
    if encrypted:
        builder = builder.config("spark.io.encryption.enabled", "true").config(
            "spark.io.encryption.keySizeBits", "256"
        )
    # A JVM that is already running (started outside Testament) keeps its environment and java.io.tmpdir;
    # one started here is stopped on close, so each engine has its own.
    launched = SparkContext._gateway is None
    spark = None
    try:
        with _without_secrets():
            spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        if encrypted:
            # Splink's default breaks lineage by writing each step to parquet: plaintext. Cached blocks
            # that spill to disk are encrypted like the shuffle files.
            db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
        else:
            spark.sparkContext.setCheckpointDir(os.path.join(tempdir.name, "checkpoints"))
            db_api = SparkAPI(spark_session=spark, break_lineage_method="parquet")
    except BaseException:
        try:
            if spark is not None:
                spark.stop()
            _stop_gateway(SparkContext._gateway if launched else None)
        finally:
            tempdir.cleanup()
        raise
    gateway = SparkContext._gateway if launched else None
    return Engine(
        "spark", db_api, spark, tempdir, encrypted=encrypted, memory_limit=memory_limit, _gateway=gateway
    )


def open_engine(
    name: str = "duckdb",
    *,
    memory_limit: str | None = None,
    threads: int | None = None,
    encrypted: bool = False,
) -> Engine:
    """A fresh engine. `memory_limit` ("4GB") caps DuckDB's memory (or sets Spark's driver memory).
    `encrypted`: the data belongs to an encrypted case and must not reach the disk in plaintext (see the
    module doc)."""
    sweep_stale_tempdirs()
    if name == "duckdb":
        return _duckdb(memory_limit, threads, encrypted)
    if name == "spark":
        return _spark(memory_limit, threads, encrypted)
    raise InputError(f"--engine '{name}' is not known", hint="use --engine duckdb or --engine spark")
