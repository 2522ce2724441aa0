"""An encrypted case leaves no plaintext on disk while it is linked (issue "Plaintext from an encrypted
case"). Invented canary names, in Latin and Persian script, fill a third of the lists; every file that
appears during a run under the temporary folder, the working folder and the case folder is read while the
run goes on and again at its end, and what a kill -9 leaves behind is read too, for every form linkage
makes of those names (as written, normalised, cross-script keys) in UTF-8, UTF-16LE and UTF-16BE.

Spark runs once (its JVM takes long to start): in a subprocess, killed mid-run with kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files
from testament.link import LinkOptions, TrainingOptions, link_case, records_table
from testament.link.engine import Engine, LinkMemoryError, open_engine, sweep_stale_tempdirs
from testament.link.features import prepare
from testament.link.model import Model
from testament.settings import Settings
from testament.store.case import Case
from testament.synthetic import generate, scenario

pytestmark = pytest.mark.sqlcipher

PASSPHRASE = "canary-passphrase-Qv7Lx93"
LATIN = {"given_name": "Zarvandokht", "surname": "Qeshlaghi", "father_name": "Bahramshid"}
PERSIAN = {"given_name": "زروان‌دخت", "surname": "قشلاقی", "father_name": "بهرام‌شید"}
CANARY_ROWS = 800  # per script: with 1,000 synthetic people, a third of the records
FAST = TrainingOptions(u_max_pairs=2e5, em_max_pairs=2e5, em_iterations=8)


def _needles() -> dict[bytes, str]:
    """Every string linkage makes of the canary names (the features it compares and blocks on), and the
    passphrase, in three encodings. Short keys (KXLK) are left out: four bytes turn up by chance."""
    features = prepare(records_table([{"record_id": 1, **LATIN}, {"record_id": 2, **PERSIAN}]))
    forms = {*LATIN.values(), *PERSIAN.values(), PASSPHRASE}
    for column in features.columns:
        for value in column.to_pylist():
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and len(v.encode()) >= 6 and v not in ("latin",):
                    forms.add(v)
    return {
        form.encode(encoding): f"{form!r} in {encoding}"
        for form in forms
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    }


NEEDLES = _needles()


class Watch:
    """Reads every file under `roots` (again whenever its size or time changes) in a background thread
    while a run goes on, and once more on exit: `paths` seen, `hits` of a needle in a file."""

    def __init__(self, *roots: Path) -> None:
        self.roots = roots
        self.paths: set[str] = set()
        self.hits: set[tuple[str, str]] = set()
        self._seen: dict[str, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def scan(self) -> None:
        for root in self.roots:
            for folder, _, files in os.walk(root):
                for name in files:
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                        if self._seen.get(path) == (st.st_size, st.st_mtime_ns):
                            continue
                        self._seen[path] = (st.st_size, st.st_mtime_ns)
                        with open(path, "rb") as fh:
                            data = fh.read()
                    except OSError:  # gone meanwhile, or a socket
                        continue
                    self.paths.add(path)
                    self.hits |= {(path, label) for needle, label in NEEDLES.items() if needle in data}

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.scan()
            self._stop.wait(0.05)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.scan()


@pytest.fixture(scope="module")
def canary_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted case: a synthetic scenario's lists and two lists of canaries, one per script."""
    root = tmp_path_factory.mktemp("plaintext")
    generate(root / "scenario", scenario("realistic", people=1000, testimonies=0), seed=5)
    latin = ["ID,Name,Father's name,Year of birth,Sex,City,Prison"]
    persian = ["رديف,نام,نام خانوادگی,نام پدر,سال تولد,شهر,زندان"]
    for i in range(CANARY_ROWS):
        name = f"{LATIN['given_name']} {LATIN['surname']}"
        latin.append(f"ZQ-{i:05d},{name},{LATIN['father_name']},{1950 + i % 20},f,Tehran,Evin")
        persian.append(
            f"{i + 1},{PERSIAN['given_name']},{PERSIAN['surname']},{PERSIAN['father_name']},"
            f"{1330 + i % 20},تهران,اوین"
        )
    (root / "canary").mkdir()
    (root / "canary" / "canary_latin.csv").write_text("\n".join(latin) + "\n", "utf-8")
    (root / "canary" / "canary_persian.csv").write_text("\n".join(persian) + "\n", "utf-8")
    lists = sorted((root / "scenario" / "lists").iterdir()) + sorted((root / "canary").iterdir())
    settings = Settings(actor="tester", passphrase=PASSPHRASE)
    with Case.create(root / "case", settings=settings, encrypt=True) as case:
        report = ingest_files(case, lists, IngestOptions(skip_bad_rows=True))
        assert all(f.status == "ingested" for f in report.files), [f.message for f in report.files]
    shutil.rmtree(root / "canary")  # the plaintext inputs: only the case holds the names now
    shutil.rmtree(root / "scenario")
    return root / "case"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh system temp folder (TMPDIR and Python's tempfile) and working folder for one run."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp


def _watched_link(
    case_dir: Path, tmp: Path, options: LinkOptions, monkeypatch: pytest.MonkeyPatch
) -> tuple[Watch, BaseException | None]:
    """Link the case with everything watched; the engine's files are read once more just before it
    removes them."""
    watch = Watch(tmp, Path.cwd(), case_dir)
    close = Engine.close

    def close_after_scan(engine: Engine) -> None:
        watch.scan()
        close(engine)

    monkeypatch.setattr(Engine, "close", close_after_scan)
    error: BaseException | None = None
    with watch, Case.open(case_dir, settings=Settings(actor="tester", passphrase=PASSPHRASE)) as case:
        try:
            link_case(case, options, queue_size=10)
        except Exception as exc:
            error = exc
    return watch, error


def _created(watch: Watch, *roots: Path) -> list[str]:
    return sorted(p for p in watch.paths if any(p.startswith(str(r)) for r in roots))


def test_link_encrypted_case_on_duckdb_writes_no_file(
    canary_case: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch, error = _watched_link(canary_case, private_tmp, LinkOptions(training=FAST), monkeypatch)
    assert error is None, error
    assert sorted(watch.hits) == []
    assert _created(watch, private_tmp, Path.cwd()) == []  # in memory only: no spill folder, no .tmp


def test_link_encrypted_case_short_of_memory_stops_instead_of_spilling(
    canary_case: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sampling 5 million pairs for u needs far more than 128 MB: before the fix DuckDB spilled tens of MB
    # of comparisons, names and all, to the temp folder (and the run succeeded).
    options = LinkOptions(
        memory_limit="128MB", training=TrainingOptions(u_max_pairs=5e6, em_max_pairs=2e5, em_iterations=8)
    )
    watch, error = _watched_link(canary_case, private_tmp, options, monkeypatch)
    assert sorted(watch.hits) == []
    assert _created(watch, private_tmp, Path.cwd()) == []
    assert error is None or isinstance(error, LinkMemoryError), error


def test_encrypted_duckdb_engine_short_of_memory_says_what_to_do(private_tmp: Path) -> None:
    names = pa.table(
        {"i": pa.array(range(600_000)), "name": [f"{LATIN['surname']} {i % 977}" for i in range(600_000)]}
    )
    with Watch(private_tmp, Path.cwd()) as watch:
        engine = open_engine("duckdb", memory_limit="32MB", threads=1, encrypted=True)
        try:
            sdf = engine.register(names)
            with pytest.raises(LinkMemoryError) as caught, engine.running():
                engine.fetch(f"name, i FROM {sdf.physical_name} ORDER BY name DESC, i")
        finally:
            engine.close()
    assert "--memory 32MB" in caught.value.message and "encrypted" in caught.value.message
    assert caught.value.hint is not None and "--memory" in caught.value.hint
    assert LATIN["surname"] not in str(caught.value)  # errors never carry names
    assert sorted(watch.hits) == [] and sorted(watch.paths) == []


def _java_child(pid: int) -> int | None:
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if int(rest[1]) == pid and comm == "java":
            return int(entry)
    return None


def _data_files(tmp: Path) -> list[Path]:
    """Shuffle files and parquet files Spark wrote: linkage data, not libraries or folders."""
    return [
        p
        for p in tmp.glob("testament-spark-*/**/*")
        if p.is_file() and (p.name.startswith("shuffle_") or p.suffix == ".parquet")
    ]


def test_link_on_spark_killed_mid_run_leaves_no_plaintext_and_jvm_has_no_passphrase(
    canary_case: Path, tmp_path: Path
) -> None:
    # never skipped: a machine without Java cannot prove the Spark engine, so say so and fail
    if shutil.which("java") is None:
        pytest.fail("the Spark engine test needs a Java 17 runtime on PATH (Debian: openjdk-17-jre-headless)")
    tmp, work = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    work.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "tester"}
    command = [sys.executable, "-c", "from testament.cli.main import run; run()"]
    proc = subprocess.Popen(
        [*command, "link", str(canary_case), "--engine", "spark", "--queue", "10"],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: kill -9 takes the JVM down with it
    )
    java_env = b""
    try:
        with Watch(tmp, work, canary_case) as watch:
            deadline, first_data = time.monotonic() + 300, None
            while time.monotonic() < deadline and proc.poll() is None:
                if not java_env and (java := _java_child(proc.pid)) is not None:
                    time.sleep(0.5)  # past exec: the JVM's own environment
                    java_env = Path(f"/proc/{java}/environ").read_bytes()
                data = bool(_data_files(tmp))
                if first_data is None and data:
                    first_data = time.monotonic()
                if first_data is not None and time.monotonic() - first_data > 3 and data:
                    break  # mid-run, with shuffle files on disk (Spark removes those of finished jobs)
                time.sleep(0.1)
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else proc.returncode
            assert first_data is not None, "Spark wrote no shuffle files within 5 minutes"
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert sorted(watch.hits) == []
    assert java_env, "the Spark JVM was not found"
    variables = java_env.split(b"\0")
    assert not [v for v in variables if v.startswith((b"TESTAMENT_", b"PGPASSWORD"))]
    assert PASSPHRASE.encode() not in java_env
    left = list(tmp.glob("testament-spark-*"))
    assert left and _data_files(tmp)  # kill -9 left the (encrypted) shuffle files behind ...
    removed = sweep_stale_tempdirs(str(tmp))  # ... and the next run sweeps them
    assert sorted(removed) == sorted(str(p) for p in left) and not list(tmp.glob("testament-spark-*"))


def test_sweep_removes_only_folders_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"testament-link-{dead.pid}-abc"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "spill.tmp").write_bytes(b"x")
    mine = tmp_path / f"testament-spark-{os.getpid()}-def"
    parent = tmp_path / f"testament-link-{os.getppid()}-ghi"  # a live process
    other = tmp_path / "testament-link-old"  # not named by a pid: left alone
    for folder in (mine, parent, other):
        folder.mkdir()
    assert sweep_stale_tempdirs(str(tmp_path)) == [str(stale)]
    assert not stale.exists() and mine.exists() and parent.exists() and other.exists()


@pytest.fixture
def linked_canary_case(canary_case: Path, small_model: Model) -> Iterator[Path]:
    # persons to export: linked with the session's trained model (the runs above train, watched)
    with Case.open(canary_case, settings=Settings(actor="tester", passphrase=PASSPHRASE)) as case:
        link_case(case, LinkOptions(training=FAST), queue_size=10, model=small_model)
    yield canary_case


def test_export_of_encrypted_case_says_output_is_plaintext(linked_canary_case: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "tester", "TESTAMENT_PASSPHRASE": PASSPHRASE}
    for command, out in (("persons", tmp_path / "persons.csv"), ("mentions", tmp_path / "mentions.jsonl")):
        result = runner.invoke(app, ["export", command, str(linked_canary_case), "--out", str(out)], env=env)
        assert result.exit_code == 0, result.output
        said = " ".join(result.stderr.split())
        assert "encrypted" in said and "plaintext" in said and str(out.resolve()) in said, said
        assert "Hint:" in said and "delete" in said
    plain = tmp_path / "plain"
    assert runner.invoke(app, ["init", str(plain)], env=env).exit_code == 0
    result = runner.invoke(
        app, ["export", "mentions", str(plain), "--out", str(tmp_path / "m.jsonl")], env=env
    )
    assert result.exit_code == 0 and "plaintext" not in result.output
