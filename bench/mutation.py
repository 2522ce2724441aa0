"""Mutation testing of the modules a court or a statistician relies on (issue 20), with mutmut 3.

`make mutation` (or `.venv/bin/python bench/mutation.py [module ...]`) mutates one module at a time and runs
only that module's focused tests against each mutant, so a run stays within about half an hour on the
project's machine. Each module gets its own work folder, bench/out/mutation/<name>/, holding links to src/
and tests/ and a pyproject.toml that is the project's own with a generated `[tool.mutmut]` table (mutmut
reads its configuration from the working folder, and one table cannot give each module its own tests).
Settings shared by every module are in the project's `[tool.mutmut]`.

The report goes to bench/out/mutation.md (per module: killed, survived, timeout, no tests, surviving-mutant
rate, minutes of wall-clock time and of CPU time); the diffs of surviving mutants go to
bench/out/mutation/<name>.survivors.txt. CPU minutes (mutmut and its workers, user + system) are what a
run costs on a machine shared with other work: at --children 1 on an idle machine they are about the
wall-clock minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MUTMUT = Path(sys.executable).with_name("mutmut")

# Module (under src/testament) -> its focused tests. Only these run against the module's mutants: mutmut
# also narrows each mutant to the tests that called the mutated function.
MODULES: dict[str, list[str]] = {
    "store/custody.py": ["tests/store/test_custody.py", "tests/store/test_custody_log.py"],
    "store/crypto.py": [
        "tests/store/test_crypto.py",
        "tests/store/test_crypto_keys.py",
        "tests/store/test_blobs.py",
    ],
    "store/integrity.py": [
        "tests/store/test_integrity.py",
        "tests/store/test_tamper.py",
        "tests/store/test_verify_rules.py",
        "tests/store/test_integrity_rules.py",
    ],
    "dates.py": [
        "tests/test_dates.py",
        "tests/test_dates_rules.py",
        "tests/test_dates_refusals.py",
        "tests/test_dates_intervals.py",
        "tests/test_dates_text.py",
    ],
    "ingest/values.py": ["tests/ingest/test_values.py"],
    "ingest/mapping.py": ["tests/ingest/test_mapping.py", "tests/ingest/test_mapping_file.py"],
    "link/comparisons.py": ["tests/link/test_comparisons.py", "tests/link/test_comparison_levels.py"],
    "link/blocking.py": ["tests/link/test_parts.py", "tests/link/test_blocking.py"],
    # the estimation front-end that turns a case into capture histories (`testament estimate CASE`)
    "estimate/casedata.py": ["tests/estimate/test_casedata.py"],
}

# Contract tests run on SQLite alone here (the other backends run the same module code), and on SQLCipher
# too for the modules with code of its own for encrypted cases.
# mutation_plugin (bench/mutation_plugin.py) clears memoised results before each test, so the original code's
# cached answers do not hide mutants.
_PYTEST_ARGS = ["-p", "no:cacheprovider", "-p", "mutation_plugin", "-x", "-q"]
_MARKERS = "not postgres and not sqlcipher"
_MARKERS_BY_MODULE = {"store/integrity.py": "not postgres", "store/crypto.py": "not postgres"}


@dataclass
class Score:
    module: str
    killed: int
    survived: int
    timeout: int
    no_tests: int
    suspicious: int
    skipped: int
    seconds: float
    cpu_seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.killed + self.survived + self.timeout + self.no_tests + self.suspicious

    @property
    def surviving_rate(self) -> float:
        """Survivors and mutants no test reaches, over all mutants (timeouts count as killed)."""
        return (self.survived + self.no_tests) / self.total if self.total else 0.0

    def row(self) -> str:
        return (
            f"| `{self.module}` | {self.total} | {self.killed} | {self.survived} | {self.timeout} | "
            f"{self.no_tests} | {self.surviving_rate:.1%} | {self.seconds / 60:.1f} | "
            f"{self.cpu_seconds / 60:.1f} |"
        )


def _shared_settings() -> dict[str, object]:
    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8")).get("tool", {}).get("mutmut", {}))


def _toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings, lists and booleans are valid TOML


def _pyproject_for(module: str, tests: list[str]) -> str:
    """The project's pyproject.toml with `[tool.mutmut]` set for one module."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    settings = _shared_settings()
    settings |= {
        "source_paths": ["src"],
        "only_mutate": [f"src/testament/{module}"],
        "pytest_add_cli_args": [
            *settings.get("pytest_add_cli_args", []),  # type: ignore[misc]
            *_PYTEST_ARGS,
            "-m",
            _MARKERS_BY_MODULE.get(module, _MARKERS),
        ],
        "pytest_add_cli_args_test_selection": tests,
        "use_git_change_detection": False,
    }
    lines = [f"{key} = {_toml_value(value)}" for key, value in settings.items()]
    return text.rstrip() + "\n\n[tool.mutmut]\n" + "\n".join(lines) + "\n"


def _work_dir(module: str) -> Path:
    return OUT / "mutation" / module.removesuffix(".py").replace("/", ".")


def _mutmut(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(ROOT / "bench"), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "TESTAMENT_HYPOTHESIS": "ci", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": path}
    return subprocess.run(
        ["nice", "-n", "19", str(MUTMUT), *args], cwd=work, env=env, text=True, capture_output=True
    )


def run_module(module: str, children: int) -> Score:
    tests = MODULES[module]
    missing = [t for t in tests if not (ROOT / t).exists()]
    if missing:
        raise SystemExit(f"{module}: focused test file(s) missing: {', '.join(missing)}")
    work = _work_dir(module)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "src").symlink_to(ROOT / "src")
    (work / "tests").symlink_to(ROOT / "tests")
    (work / "pyproject.toml").write_text(_pyproject_for(module, tests), "utf-8")
    started, cpu_started = time.monotonic(), _children_cpu()
    run = _mutmut(work, "run", "--max-children", str(children))
    (work / "run.log").write_text(run.stdout + run.stderr, "utf-8")
    if run.returncode != 0:
        raise SystemExit(f"{module}: mutmut run failed (exit {run.returncode}); see {work / 'run.log'}")
    statuses = _statuses(work)
    counts = {s: sum(1 for v in statuses.values() if v == s) for s in set(statuses.values())}
    score = Score(
        module,
        killed=counts.get("killed", 0),
        survived=counts.get("survived", 0),
        timeout=counts.get("timeout", 0),
        no_tests=counts.get("no tests", 0),
        suspicious=counts.get("suspicious", 0),
        skipped=counts.get("skipped", 0),
        seconds=0.0,
    )
    survivors = [name for name, status in statuses.items() if status in ("survived", "no tests")]
    _write_survivors(work, survivors)
    score.seconds, score.cpu_seconds = time.monotonic() - started, _children_cpu() - cpu_started
    return score


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (mutmut reaps its workers, so theirs count)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _statuses(work: Path) -> dict[str, str]:
    result = _mutmut(work, "results", "--all", "true")
    statuses: dict[str, str] = {}
    for line in result.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("testament."):
            statuses[name] = status.strip()
    return statuses


_SHOW = """
import sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
from mutmut.stats import status_by_exit_code
for name in sys.argv[1:]:
    m = find_mutant(name)
    print(f"# {name}: {status_by_exit_code[m.exit_code_by_key[name]]}")
    print(get_diff_for_mutant(name, path=m.path))
"""


def _write_survivors(work: Path, names: list[str]) -> None:
    """The diff of each surviving mutant (one process: `mutmut show` per mutant costs a second each)."""
    shown = subprocess.run(
        [sys.executable, "-c", _SHOW, *names], cwd=work, text=True, capture_output=True, check=False
    )
    path = work.with_name(work.name + ".survivors.txt")
    path.write_text(f"{len(names)} surviving mutants\n\n{shown.stdout}{shown.stderr}", "utf-8")


def write_report(scores: list[Score]) -> Path:
    path = OUT / "mutation.md"
    header = (
        f"Mutation scores, {date.today().isoformat()} (mutmut 3, focused tests only; surviving = survived + "
        "no tests, over all mutants)\n\n"
        "| module | mutants | killed | survived | timeout | no tests | surviving | minutes | CPU minutes |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = {s.module: s.row() for s in scores}
    if path.exists():  # keep the rows of modules not run this time
        for line in path.read_text("utf-8").splitlines():
            m = re.match(r"\| `([^`]+)` \|", line)
            if m and m[1] not in rows and m[1] in MODULES:
                rows[m[1]] = line + " - |" * (line.count("|") < 10)  # a row from before the CPU column
    ordered = [rows[m] for m in MODULES if m in rows]
    path.write_text(header + "\n".join(ordered) + "\n", "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "modules", nargs="*", help=f"modules to mutate (default: all of {', '.join(MODULES)})"
    )
    parser.add_argument(
        "--children",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="mutants tested in parallel (default: 2, or 1 on a one-CPU machine)",
    )
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        raise SystemExit(f"unknown module(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    scores, failed = [], []
    for module in args.modules or list(MODULES):
        try:  # a module whose focused tests fail unmutated is reported; the others still run
            score = run_module(module, args.children)
        except SystemExit as exc:
            print(exc, file=sys.stderr, flush=True)
            failed.append(module)
            continue
        print(score.row(), flush=True)
        scores.append(score)
    minutes, cpu = sum(s.seconds for s in scores) / 60, sum(s.cpu_seconds for s in scores) / 60
    print(f"{len(scores)} module(s) in {minutes:.1f} minutes ({cpu:.1f} CPU minutes)")
    print(f"report: {write_report(scores)}")
    if failed:
        raise SystemExit(f"not measured (see each run.log): {', '.join(failed)}")


if __name__ == "__main__":
    main()
