"""Shared fixtures. Contract tests take the `backend` fixture and run on SQLite, SQLCipher and PostgreSQL;
PostgreSQL is required (never skipped): each test gets its own schema in the `test` database."""

from __future__ import annotations

import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from testament.settings import Settings
from testament.store.case import Case

BACKENDS = ["sqlite", "sqlcipher", "postgres"]
PG_URL = os.environ.get("TESTAMENT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSPHRASE = "correct horse battery staple"


def _shared_dir() -> Path:
    """`../shared` beside the repository (reference data, the seed article); TESTAMENT_SHARED overrides."""
    candidates = [Path(p) for p in [os.environ.get("TESTAMENT_SHARED")] if p]
    candidates += [Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")]
    return next((c for c in candidates if (c / "data").is_dir()), candidates[0])


# Property tests: `make test` (and so CI) runs a fixed, derandomised set of examples, so a run is repeatable;
# a plain `pytest` explores fresh examples each time (TESTAMENT_HYPOTHESIS=explore, the default).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("TESTAMENT_HYPOTHESIS", "explore"))

SHARED = _shared_dir()
MSE_DATA = SHARED / "data" / "mse"

_ran: Counter[str] = Counter()


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[object]:
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(
            f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__}); run `make postgres` or set "
            "TESTAMENT_TEST_PG_URL. PostgreSQL contract tests are never skipped.",
            pytrace=False,
        )
    yield engine
    engine.dispose()


@pytest.fixture
def pg_schema_url(pg_engine) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards: one isolated database per test."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with pg_engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{PG_URL.replace('+psycopg', '')}?options=-csearch_path%3D{schema}"
    with pg_engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=[pytest.param(b, marks=getattr(pytest.mark, b)) for b in BACKENDS])
def backend(request: pytest.FixtureRequest) -> str:
    _ran[request.param] += 0  # registered; counted in the report hook
    return str(request.param)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask (files 644, folders 755 unless Testament says otherwise)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def settings() -> Settings:
    return Settings(actor="tester", passphrase=PASSPHRASE)


@pytest.fixture
def case_options(backend: str, request: pytest.FixtureRequest) -> dict[str, object]:
    if backend == "postgres":
        return {"db_url": request.getfixturevalue("pg_schema_url")}
    return {"encrypt": backend == "sqlcipher"}


# The passphrase of a contract test's SQLCipher case is stretched at test strength: Testament's argon2id
# parameters (64 MiB, 3 passes: tests/store/test_crypto_keys.py checks them, and every case made outside
# `fresh_case` uses them) cost ~0.2 s of CPU at each create and open, on hundreds of tests.
TEST_KDF = {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}


@pytest.fixture(scope="session")
def _empty_cases() -> dict[str, Path]:
    """An empty case per file backend, made once per session by `fresh_case` and copied for each test."""
    return {}


def copied_case(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    templates: dict[str, Path],
    prepare: Callable[[Case, Path], Case] | None = None,
) -> Iterator[Case]:
    """A new case of the test's backend as `prepare(case, folder)` leaves it (empty without), for a fixture
    to yield from. On SQLite and SQLCipher it is a copy of one prepared once per `templates` (a case is its
    folder; creating one runs every migration and preparing ingests: 0.1-0.5 s a test on hundreds of tests;
    tests/store/test_migrations.py and every other `Case.create` prove creation itself); PostgreSQL cases,
    kept in the database, are made per test. Each test changes its own."""
    from testament.store.crypto import KdfParams

    def at_test_strength(cls: type[KdfParams]) -> KdfParams:
        return cls(salt=os.urandom(16), **TEST_KDF)

    ready = prepare or (lambda case, _: case)
    if backend == "postgres":
        case = ready(Case.create(tmp_path / "case", settings=settings, **case_options), tmp_path)  # type: ignore[arg-type]
    else:
        if backend not in templates:
            root = tmp_path_factory.mktemp(f"template-{backend}")
            with pytest.MonkeyPatch.context() as patch:  # the case keeps its parameters in case.json
                patch.setattr(KdfParams, "new", classmethod(at_test_strength))
                made = Case.create(root / "case", settings=settings, **case_options)  # type: ignore[arg-type]
            ready(made, root).close()
            templates[backend] = made.path
        case = Case.open(shutil.copytree(templates[backend], tmp_path / "case"), settings=settings)
    try:
        yield case
    finally:
        case.close()


@pytest.fixture(scope="session")
def _empty_cases() -> dict[str, Path]:
    """An empty case per file backend, made once per session by `fresh_case` and copied for each test."""
    return {}


@pytest.fixture
def fresh_case(
    backend: str,
    case_options: dict[str, object],
    settings: Settings,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _empty_cases: dict[str, Path],
) -> Iterator[Case]:
    """A new, empty case of the test's backend (`copied_case`)."""
    yield from copied_case(backend, case_options, settings, tmp_path, tmp_path_factory, _empty_cases)


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small linkage scenario (150 people, a few hundred list records), generated once per session."""
    from testament.synthetic import generate, scenario

    out = tmp_path_factory.mktemp("link-realistic")
    generate(out, scenario("realistic", people=150, testimonies=0), seed=21)
    return out


@pytest.fixture(scope="session")
def small_model(small_scenario: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The model tests.link.conftest.FAST trains on the small scenario's lists, trained once per session
    (a `testament.link.model.Model`). Tests whose point is what a run does with decisions, roles or files,
    not training, link with it (`link_case(..., model=)`): training is most of a link run's seconds, and is
    tested in tests/link/test_case_link.py and test_model.py."""
    from testament.link import link_records, read_records
    from tests.link.conftest import FAST, ingest_lists

    case = Case.create(tmp_path_factory.mktemp("small-model") / "case", settings=Settings(actor="tester"))
    try:
        ingest_lists(case, small_scenario)
        return link_records(read_records(case), FAST).model
    finally:
        case.close()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        for backend in BACKENDS:
            if (
                f"[{backend}" in report.nodeid
                or f"-{backend}]" in report.nodeid
                or f"-{backend}-" in report.nodeid
            ):
                _ran[backend] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    labels = {"sqlite": "SQLite", "sqlcipher": "SQLCipher", "postgres": "PostgreSQL"}
    line = ", ".join(f"{labels[b]}: {_ran[b]} passed" for b in BACKENDS)
    terminalreporter.write_sep("=", f"contract tests by backend: {line}")
