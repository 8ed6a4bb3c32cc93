"""Benchmark: the instrument dashboard rollup next to the bare SQL computing the same figures.

    .venv/bin/python benchmarks/rollup.py [--scales 1 10] [--backends sqlite postgres]
                                          [--requests 30] [--seed 2025]

For each backend × scale it generates a fresh database (``mufakat generate --scale N``: SQLite
in a temporary directory; PostgreSQL through ``scripts/with-postgres.sh``, or a new database
on the server of ``DATABASE_URL`` when one is given), refreshes the planner's statistics as
autovacuum would, then times, as the Secretariat and for the largest instrument (the worst
case):

- the dashboard page and the rollup API, server-side through Django's test client
  (middleware, session, token, gate, rendering and the SVG charts included; DEBUG off);
- the rollup alone (``rollups.instrument_rollup``, the ORM);
- the bare SQL: the same aggregates written by hand (``rollups_sql.prepare_rollup_sql``), gate
  included, executed and fetched — the database's share of the work — over the report tallies
  the dashboards read (the ratios are to this one) and, for comparison, over the reports;

all as the same reader, each warmed five times (compiled gates, statements the connection
prepared) and then timed in turn, request after request, so that all see the same warm state
and the same drift of the machine; and prints the median and p95 of each, and the ratio to the
bare SQL. Target (issue 3):
ratio ≤ 2 and p95 ≤ 300 ms at N=10 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# Neither production nor the demo: the test settings (demo key, no debug pages, no rate limits),
# handed on to every `mufakat` command started below.
os.environ.setdefault("MUFAKAT_ENV", "test")
MUFAKAT = [sys.executable, "-c", "from mufakat.cli import main; main()"]
WITH_POSTGRES = ROOT / "scripts" / "with-postgres.sh"
RESULT = "BENCHMARK-RESULT "


# -- measuring (runs inside the environment of one generated database) --------------------------


def _timed_in_turn(calls: dict[str, Any], count: int, before: Any) -> dict[str, list[float]]:
    """Each call timed ``count`` times, taking turns (page, API, rollup, SQL, …, page, …), so a
    drift in the machine's speed weighs on all alike; ``before`` runs untimed before each call
    (the connection is opened outside the timing: a request closes it on SQLite)."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(count):
        for name, call in calls.items():
            before()
            started = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95}


def measure(requests: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    os.environ["MUFAKAT_MFA_REQUIRED_ROLES"] = ""  # signed in by the test client
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from mufakat.accounts.models import ApiToken, Role, User
    from mufakat.monitoring import rollups, rollups_sql
    from mufakat.monitoring.models import ProgressReport
    from mufakat.workplans.models import Instrument

    with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    user = User.objects.filter(role=Role.SECRETARIAT, party__code="ASEC").order_by("pk").first()
    assert user is not None, "no Secretariat user: was the database generated?"
    biggest = (
        ProgressReport.objects.values("instrument").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert biggest is not None, "no progress reports: was the database generated?"
    instrument = Instrument.objects.get(pk=biggest["instrument"])
    page_client = Client()
    page_client.force_login(user)
    _token, key = ApiToken.issue(user, name="benchmark")
    api_client = Client(headers={"Authorization": f"Bearer {key}"})
    page_url = f"/monitoring/instruments/{instrument.key}/"
    api_url = f"/api/v1/instruments/{instrument.pk}/rollup"

    def get(client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    prepared = rollups_sql.prepare_rollup_sql(user=user, instrument=instrument)
    from_reports = rollups_sql.prepare_rollup_sql(
        user=user, instrument=instrument, source="reports"
    )
    expected = rollups.instrument_rollup(user=user, instrument=instrument)
    assert prepared.run() == expected and from_reports.run() == expected
    calls = {
        "page": lambda: get(page_client, page_url),
        "api": lambda: get(api_client, api_url),
        "rollup": lambda: rollups.instrument_rollup(user=user, instrument=instrument),
        "sql": prepared.execute,
        "sql_reports": from_reports.execute,
    }
    # Every one warmed alike (caches, compiled gates, statements prepared by the connection).
    _timed_in_turn(calls, 5, connection.ensure_connection)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # survives the reconnect between requests
        get(page_client, page_url)
    timed = _timed_in_turn(calls, requests, connection.ensure_connection)
    timings = {name: _summary(times) for name, times in timed.items()}
    return {
        "vendor": connection.vendor,
        "reports": ProgressReport.objects.count(),
        "instrument": instrument.key,
        "instrument_reports": biggest["n"],
        "page_queries": len(executed),
        "timings": timings,
    }


# -- orchestrating -----------------------------------------------------------------------------


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done.stdout


def _steps(scale: float, seed: int, requests: int) -> list[list[str]]:
    return [
        [*MUFAKAT, "migrate", "-v0"],
        [*MUFAKAT, "collectstatic", "--noinput", "-v0"],
        [*MUFAKAT, "generate", "--scale", f"{scale:g}", "--seed", str(seed)],
        [sys.executable, __file__, "--measure", "--requests", str(requests)],
    ]


def _base_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MUFAKAT_DATA_DIR=data_dir,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        MUFAKAT_LOG_LEVEL="ERROR",
    )
    return env


def _collect(output: str) -> tuple[dict[str, Any], float]:
    result = None
    generated = 0.0
    for line in output.splitlines():
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT) :])
        elif line.startswith("Done in "):
            generated = float(line.split()[2])
    assert result is not None, output
    return result, generated


def run_sqlite(scale: float, seed: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        env = _base_env(data_dir)
        env.pop("DATABASE_URL", None)
        output = "".join(_run(step, env) for step in _steps(scale, seed, requests))
    result, generated = _collect(output)
    return {**result, "scale": scale, "generate_s": generated}


def _fresh_database(url: str, name: str) -> str:
    """A new, empty database on the server of ``url`` (dropped first if left over)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run_steps(backend: str, steps: list[list[str]], env: dict[str, str], *, database: str) -> str:
    """Run a benchmark's steps on ``backend`` and return their output: SQLite in the data
    directory of ``env``; PostgreSQL in a fresh database ``database`` on the server of
    ``DATABASE_URL`` (dropped afterwards), or in a throwaway cluster of its own."""
    env = dict(env)
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
        return "".join(_run(step, env) for step in steps)
    if env.get("DATABASE_URL"):
        server = env["DATABASE_URL"]
        env["DATABASE_URL"] = _fresh_database(server, database)
        try:
            return "".join(_run(step, env) for step in steps)
        finally:
            _drop_database(server, database)
    script = " && ".join(" ".join(f"'{part}'" for part in step) for step in steps)
    return _run([str(WITH_POSTGRES), "bash", "-c", script], env)


def run_postgres(scale: float, seed: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        env = _base_env(data_dir)
        if env.get("DATABASE_URL"):
            server = env["DATABASE_URL"]
            name = f"mufakat_bench_{str(scale).replace('.', '_')}"
            env["DATABASE_URL"] = _fresh_database(server, name)
            try:
                output = "".join(_run(step, env) for step in _steps(scale, seed, requests))
            finally:
                _drop_database(server, name)
        else:  # a throwaway cluster of its own, stopped and deleted afterwards
            script = " && ".join(
                " ".join(f"'{part}'" for part in step) for step in _steps(scale, seed, requests)
            )
            output = _run([str(WITH_POSTGRES), "bash", "-c", script], env)
    result, generated = _collect(output)
    return {**result, "scale": scale, "generate_s": generated}


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "backend     scale  reports    instrument  page med/p95 ms   api med/p95 ms    "
        "rollup med ms  bare SQL med ms  reports SQL ms  page/SQL  api/SQL  rollup/SQL  queries  generate s"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        t = r["timings"]
        sql = t["sql"]["median"] or 1e-9
        lines.append(
            f"{r['vendor']:<11} {r['scale']:>5g}  {r['reports']:>9,}  {r['instrument_reports']:>10,}  "
            f"{t['page']['median']:>6.1f} / {t['page']['p95']:>6.1f}   "
            f"{t['api']['median']:>6.1f} / {t['api']['p95']:>6.1f}   "
            f"{t['rollup']['median']:>13.1f}  {t['sql']['median']:>15.1f}  "
            f"{t.get('sql_reports', {}).get('median', 0):>14.1f}  "
            f"{t['page']['median'] / sql:>8.2f}  {t['api']['median'] / sql:>7.2f}  "
            f"{t['rollup']['median'] / sql:>10.2f}  {r['page_queries']:>7}  {r['generate_s']:>10.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(RESULT + json.dumps(measure(args.requests)), flush=True)
        return
    results = []
    for backend in args.backends:
        for scale in args.scales:
            print(f"… {backend}, scale {scale:g}", file=sys.stderr, flush=True)
            run = run_sqlite if backend == "sqlite" else run_postgres
            results.append(run(scale, args.seed, args.requests))
            print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
