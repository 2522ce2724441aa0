"""pytest plugin loaded by `make mutation` only (bench/mutation.py passes `-p mutation_plugin`).

mutmut 3 runs the tests once to learn which tests call which function, then forks one worker per mutant
from that process. Two things in Testament hide a mutant from such a worker:

- memoised functions (`functools.lru_cache`/`cache`: `dates._parse_cached`, `values._interpret`,
  `mapping._known_headers`, ...) answer from results the original code cached before the fork, and during
  the first run they hide from mutmut the tests that call them with an input seen before;
- tables built once at import (`dates._TABLE`, `dates._LEXICON`) were built by the original code.

So while mutmut records which tests call which function, every cache of a loaded `testament` (or
`tests`) module is cleared before each test and every test rebuilds the import-time tables (each test
depends on them). A mutant worker clears the caches once, before its first test (it runs every test under
the one mutant, so what its own tests cache is the mutant's answer: clearing before each test only made
each test rebuild, e.g. the comparisons of tests/link/test_comparison_levels.py), and a worker whose mutant
is in a table builder rebuilds that table, under the mutant, first.

A mutant worker also runs its tests fastest first: it stops at the first failure, so a mutant most tests
kill is killed by a quick one. "Fastest" counts setup and teardown too (recorded here while mutmut collects
its stats; mutmut's own durations count only the call, and a contract test's cost is mostly the case its
fixture creates).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

# mutant function (mutmut's name, without the mutant number) -> module and the globals it builds at import
_IMPORT_TIME = {
    "testament.dates.x__build_table": ("testament.dates", {"_TABLE": "_build_table"}),
    "testament.dates.x__build_lexicon": ("testament.dates", {"_LEXICON": "_build_lexicon"}),
    # called only by _build_lexicon, at import
    "testament.dates.x__strip_accents": ("testament.dates", {"_LEXICON": "_build_lexicon"}),
}


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if not name.startswith(("testament.", "tests.")) or module is None:  # tests may memoise too
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "cache_info"):
                clear()


def _rebuild(module_name: str, tables: dict[str, str]) -> None:
    __import__(module_name)
    module = sys.modules[module_name]
    for table, builder in tables.items():
        setattr(module, table, getattr(module, builder)())
    if "_LEXICON" in tables:  # derived from the lexicon at import
        words = (w for w in module._LEXICON if not w.isascii())
        module._PERSIAN_WORDS = sorted(words, key=len, reverse=True)  # type: ignore[attr-defined]


def _mutant() -> str:
    return os.environ.get("MUTANT_UNDER_TEST", "")


def pytest_sessionstart(session: pytest.Session) -> None:
    """A worker forgets what the original code cached before the fork; one whose mutant is in a table
    builder rebuilds that table under the mutant."""
    _clear_caches()
    builder = _IMPORT_TIME.get(_mutant().rsplit("__mutmut_", 1)[0])
    if builder is not None:
        _rebuild(*builder)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    if _mutant() == "stats":  # each test's own calls, and its dependence on the tables, recorded
        _clear_caches()
        for module_name, tables in _IMPORT_TIME.values():
            _rebuild(module_name, tables)


_DURATIONS = Path("mutation-durations.json")  # in mutmut's mutants/ folder, where its runs work
_recorded: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if _mutant() == "stats":  # setup + call + teardown of each test
        _recorded[report.nodeid] = _recorded.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _mutant() == "stats" and _recorded:  # mutmut may collect stats in several passes: keep them all
        known = json.loads(_DURATIONS.read_text("utf-8")) if _DURATIONS.exists() else {}
        _DURATIONS.write_text(json.dumps(known | _recorded), "utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In a mutant worker, the fastest tests first (stable: ties keep their order)."""
    if _mutant() in ("", "stats"):
        return
    if _DURATIONS.exists():
        durations: dict[str, float] = json.loads(_DURATIONS.read_text("utf-8"))
    elif Path("mutmut-stats.json").exists():  # call durations only
        durations = json.loads(Path("mutmut-stats.json").read_text("utf-8")).get("duration_by_test", {})
    else:
        return
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
