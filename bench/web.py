"""Workbench latency at scale (issue 19): person search, a person's page and the dashboard under 10 concurrent
clients on loopback, on a case of N person records (SQLite and PostgreSQL). Targets: search p95 < 100 ms,
person page p95 < 200 ms, dashboard p95 < 500 ms.

Run: .venv/bin/python bench/web.py --rows 1000000 [--pg URL] [--clients 10] [--seconds 60]
     .venv/bin/python bench/web.py --rows 1000000 --after-change [--sync]   (the dashboard after a change)

The case is the ingest benchmark's invented list (bench/ingest.py: 12 columns, every cell a claim), ingested
through the library; then, because linking a million records is a benchmark of its own, persons are made by
a bulk path here (two records per person, written directly: these rows are not sealed, so `verify` on a
bench case reports them). The built case is kept under bench/out/web/ and reused by later runs.

The load is driven by locust (as a library, headless: one FastHttpUser per client; `--think` seconds between a
client's requests on average, 0 for back to back) against
`testament serve`'s app run by uvicorn in a child process; each client signs in with a session made for a
viewer (the role that withholds the most, so the access gate does the most work). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

OUT = Path(__file__).parent / "out" / "web"
PERSON_BASE = 1_000_000_000  # person ids of the bulk path: far above every id the case's allocator hands out


def _ingest_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_ingest", Path(__file__).parent / "ingest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settings() -> Settings:
    return Settings(actor="bench", passphrase="bench passphrase")


def case_dir(rows: int, backend: str) -> Path:
    return OUT / f"{backend}-{rows}"


def build(rows: int, backend: str, pg_url: str | None) -> Path:
    """The case of `rows` list rows on `backend`, built once and reused."""
    path = case_dir(rows, backend)
    done = path / "bench-built.json"
    if done.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    csv = OUT / f"list-{rows}.csv"
    if not csv.exists():
        _ingest_module().write_list(csv, rows)
    options: dict[str, Any] = {"db_url": pg_url} if backend == "postgres" else {}
    if path.exists():
        raise SystemExit(f"{path} is a half-built case: remove it (and its PostgreSQL schema) and run again")
    case = Case.create(path, settings=settings(), **options)
    start = time.perf_counter()
    report = ingest_files(case, [csv], IngestOptions())
    ingest_s = time.perf_counter() - start
    assert report.ok, report.to_dict()
    start = time.perf_counter()
    with case.write() as conn:  # two records per person (bulk path, bench only)
        conn.execute(
            text(
                "INSERT INTO persons (id, kind, sensitivity) SELECT DISTINCT :base + (row + 1) / 2, "
                "'individual', 'internal' FROM person_records WHERE row IS NOT NULL"
            ),
            {"base": PERSON_BASE},
        )
        conn.execute(
            text("UPDATE person_records SET person_id = :base + (row + 1) / 2 WHERE row IS NOT NULL"),
            {"base": PERSON_BASE},
        )
    if backend == "postgres":  # statistics after a bulk load (autovacuum does it later, where it runs)
        with case.write() as conn:
            conn.execute(text("ANALYZE"))
    link_s = time.perf_counter() - start
    case.close()
    done.write_text(json.dumps({"rows": rows, "ingest_s": round(ingest_s, 1), "persons_s": round(link_s, 1)}))
    return path


GIVEN = ["Ali", "Reza", "Mohammad", "Hossein", "Mehdi", "Maryam", "Zahra", "Fatemeh", "Hamid", "Saeed"]
SURNAMES = ["Ahmadi", "Karimi", "Hosseini", "Rahimi", "Moradi", "Jafari", "Rezaei", "Mousavi", "Kazemi"]
PERSIAN = ["حسینی", "کاظمی", "علی احمدی", "زهرا", "رضایی", "مرادی"]
PASSWORD = "lantern orchard velvet cobalt"


def prepare(path: Path, rows: int) -> tuple[str, list[str], list[int], float]:
    """Open the case (migrating it if the code is newer: timed), a viewer's session, queries and persons."""
    from testament.store.users import add_user, get_user, open_session

    start = time.perf_counter()
    case = Case.open(path, settings=settings())
    opened = time.perf_counter() - start
    try:
        user = get_user(case, "reader")
    except Exception:
        user = add_user(case, "reader", PASSWORD, "viewer")
    session = open_session(case, user, ttl_seconds=6 * 3600)
    case.close()
    rng = random.Random(7)
    queries = [f"{g} {s}" for g in GIVEN for s in SURNAMES] + SURNAMES + PERSIAN
    rng.shuffle(queries)
    people = [PERSON_BASE + rng.randint(1, rows // 2) for _ in range(500)]
    return session, queries, people, opened


def serve(path: Path, port: int, sync: bool = False) -> None:
    """The workbench over the case (as `testament serve` runs it, plain HTTP on loopback). `sync`: the
    dashboard counts again at once after a change (no kept figures served meanwhile), to time the count."""
    from testament.web.server import run_server

    if sync:
        sys.modules["testament.views.dashboard"].STALE_AFTER_S = float("inf")  # type: ignore[attr-defined]
    run_server(Case.open(path, settings=settings()), host="127.0.0.1", port=port, secure_cookies=False)


def drive(
    url: str, session: str, queries: list[str], people: list[int], clients: int, seconds: float, think: float
) -> dict[str, Any]:
    """`clients` locust users (headless, as a library), each waiting `think` seconds on average between
    requests (0: back to back, the server saturated); per page: requests, p50, p95, failures."""
    import gevent
    from locust import FastHttpUser, between, constant, task
    from locust.env import Environment

    cookie = {"Cookie": f"testament_session={session}"}
    rng = random.Random(11)

    class Reader(FastHttpUser):
        host = url
        wait_time = between(think / 2, think * 1.5) if think else constant(0)

        @task(4)
        def search(self) -> None:
            self.client.get("/persons", params={"q": rng.choice(queries)}, headers=cookie, name="search")

        @task(4)
        def person(self) -> None:
            self.client.get(f"/persons/{rng.choice(people)}", headers=cookie, name="person")

        @task(1)
        def dashboard(self) -> None:
            self.client.get("/dashboard", headers=cookie, name="dashboard")

    env = Environment(user_classes=[Reader])
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    out = {}
    for name in ("search", "person", "dashboard"):
        entry = env.stats.get(name, "GET")
        out[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "max": entry.max_response_time,
        }
    return out


def _get(url: str, session: str) -> tuple[int, float]:
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"testament_session={session}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        response.read()
        return response.status, time.perf_counter() - start


@contextmanager
def _server(path: Path, port: int, session: str, *, sync: bool = False) -> Iterator[str]:
    """`testament serve` on the case in a process of its own, once it answers; its URL. Stopped after."""
    command = [sys.executable, __file__, "--serve", str(path), "--port", str(port)]
    command += ["--sync"] if sync else []
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                _get(url + "/login", session)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure(
    path: Path, rows: int, clients: int, seconds: float, thinks: list[float], port: int
) -> dict[str, Any]:
    session, queries, people, opened = prepare(path, rows)
    with _server(path, port, session) as url:
        status, cold = _get(url + "/dashboard", session)  # the first dashboard reads every claim
        assert status == 200, status
        warm = [_get(url + f"/persons/{p}", session)[0] for p in people[:3]]
        assert warm == [200] * 3, warm
        runs = {}
        for wait in thinks:  # one server (its dashboard figures kept) for every load
            driver = subprocess.run(
                [sys.executable, __file__, "--drive", url, "--session", session, "--clients", str(clients),
                 "--seconds", str(seconds), "--think", str(wait), "--queries", json.dumps(queries),
                 "--people", json.dumps(people)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            runs[wait] = json.loads(driver.stdout.strip().splitlines()[-1])
    result: dict[str, Any] = {"runs": runs}
    result["cold_dashboard_s"] = round(cold, 1)
    result["open_s"] = round(opened, 1)
    return result


def _change(path: Path) -> None:
    """A change to the case through the library while the server runs: a small list ingested (a custody
    event, as every change is)."""
    case = Case.open(path, settings=settings())
    try:
        csv = OUT / f"change-{time.time_ns()}.csv"
        csv.write_text(f"name,birth year\nReza Karimi,1335\nMaryam {time.time_ns()},1340\n", "utf-8")
        assert ingest_files(case, [csv], IngestOptions()).ok
        csv.unlink()
    finally:
        case.close()


def measure_change(path: Path, rows: int, port: int, sync: bool) -> dict[str, Any]:
    """The dashboard after a change (issue 19's "first dashboard after a change"): the first request ever
    (nothing kept: counted while the client waits), then, after a change made through the library, the
    first request (kept figures served, a background run started; with `sync` counted while it waits),
    how long until the page shows the new figures (polled every half second), and that request."""
    session, _queries, _people, _opened = prepare(path, rows)
    with _server(path, port, session, sync=sync) as url:
        status, first = _get(url + "/dashboard", session)
        assert status == 200, status
        _change(path)
        changed = time.perf_counter()
        page, after = _page(url + "/dashboard", session)
        served_old = 'id="dashboard-updating"' in page
        polls = 0
        while 'id="dashboard-updating"' in page:
            time.sleep(0.5)
            page, refreshed = _page(url + "/dashboard", session)
            polls += 1
        until_new = time.perf_counter() - changed
        _status, next_one = _get(url + "/dashboard", session)
    return {
        "first_ever_s": round(first, 2), "first_after_change_s": round(after, 3), "served_old": served_old,
        "until_new_figures_s": round(until_new, 1), "first_new_s": round(refreshed if polls else after, 3),
        "then_s": round(next_one, 3), "sync": sync,
    }  # fmt: skip


def _page(url: str, session: str) -> tuple[str, float]:
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"testament_session={session}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        return response.read().decode("utf-8"), time.perf_counter() - start


TARGETS = {"search": 100, "person": 200, "dashboard": 500}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", help="measure PostgreSQL at this URL (an empty database or schema)")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a client waits between requests")
    parser.add_argument("--saturate", action="store_true", help="then the same load back to back (think 0)")
    parser.add_argument(
        "--after-change", action="store_true",
        help="time the dashboard after a change instead of the load: the first request, then (kept figures "
        "served) until the new figures show",
    )  # fmt: skip
    parser.add_argument(
        "--sync", action="store_true", help="with --after-change: count at once, no kept figures"
    )
    # internal: the server and the load driver run in their own processes (locust patches the sockets)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--session", help=argparse.SUPPRESS)
    parser.add_argument("--queries", help=argparse.SUPPRESS)
    parser.add_argument("--people", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.sync)
        return
    if args.drive:
        result = drive(
            args.drive, args.session, json.loads(args.queries), json.loads(args.people), args.clients,
            args.seconds, args.think,
        )  # fmt: skip
        print(json.dumps(result))
        return
    backends = args.backend or (["sqlite", "postgres"] if args.pg else ["sqlite"])
    lines = []
    for backend in backends:
        path = build(args.rows, backend, args.pg)
        built = json.loads((path / "bench-built.json").read_text())
        if args.build_only:
            print(json.dumps({"backend": backend, "built": built}), flush=True)
            continue
        if args.after_change:
            print(json.dumps({"backend": backend, **measure_change(path, args.rows, args.port, args.sync)}))
            continue
        thinks = [args.think] + ([0.0] if args.saturate and args.think else [])
        result = measure(path, args.rows, args.clients, args.seconds, thinks, args.port)
        print(json.dumps({"backend": backend, "built": built, **result}), flush=True)
        label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[backend]
        for wait, run in result["runs"].items():
            for page, target in TARGETS.items():
                r = run[page]
                verdict = "met" if r["p95"] < target and r["failures"] == 0 else "MISSED"
                lines.append(
                    f"| {args.rows:,} | {label} | {page} | {r['requests']:,} | {r['failures']} "
                    f"| {r['p50']:.0f} | {r['p95']:.0f} | {target} | {verdict} | {args.clients} | {wait:g} |"
                )
        lines.append(f"| {args.rows:,} | {label} | first dashboard after a change | 1 | 0 | - "
                     f"| {result['cold_dashboard_s'] * 1000:.0f} | - | - | 1 | - |")  # fmt: skip
    if not lines:
        return
    print("| records | backend | page | requests | fail | p50 ms | p95 ms | target | | clients | think s |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
