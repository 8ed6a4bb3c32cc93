"""Benchmark: the compliance matrix of a round (party × activity cells and the per-party summary).

    .venv/bin/python benchmarks/compliance.py [--scales 1 10] [--backends sqlite postgres]
                                              [--requests 20] [--seed 2025]

For each backend × scale it generates a fresh database (``mufakat generate --scale N``: SQLite
in a temporary directory; PostgreSQL through ``scripts/with-postgres.sh``, or a new database on
the server of ``DATABASE_URL`` when one is given), refreshes the planner's statistics, then
times, as the Secretariat and for the open round with the most expected reports (the worst
case):

- ``compliance_matrix`` alone, as the page calls it (the summaries over the whole round and
  the cells of the first 100 activities), and for every cell at once (what the exports read);
- ``round_rates`` for every open round (what the desk shows);
- the compliance page (first page of the matrix and the whole summary), the API and the CSV
  export, server-side through Django's test client (middleware, session, gate, rendering;
  DEBUG off);

and prints the median and p95 of each. Target (issue 10): the matrix under 300 ms at N=10 on
PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The same orchestration as the rollup benchmark.
from rollup import (
    MUFAKAT,
    RESULT,
    _base_env,
    _collect,
    _summary,
    _timed,
    run_steps,
)

ROOT = Path(__file__).resolve().parents[1]


def measure(requests: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from mufakat.accounts.models import ApiToken, Role, User
    from mufakat.monitoring import compliance
    from mufakat.monitoring.models import ProgressReport, ReportingRound
    from mufakat.monitoring.views_compliance import ROWS_PER_PAGE

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    user = User.objects.filter(role=Role.SECRETARIAT, party__code="ASEC").order_by("pk").first()
    assert user is not None, "no Secretariat user: was the database generated?"
    open_rounds = list(ReportingRound.objects.filter(status=ReportingRound.Status.OPEN))
    biggest = (
        ProgressReport.objects.filter(round__in=open_rounds)
        .values("round")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert biggest is not None, "no open round with reports: was the database generated?"
    round_ = compliance.get_compliance_round(user=user, pk=biggest["round"])
    matrix = compliance.compliance_matrix(round_, user=user, per_page=1)
    page_client = Client()
    page_client.force_login(user)
    _token, key = ApiToken.issue(user, name="benchmark")
    api_client = Client(headers={"Authorization": f"Bearer {key}"})
    page_url = f"/monitoring/rounds/{round_.pk}/compliance/"
    csv_url = page_url + "?format=csv"
    api_url = f"/api/v1/rounds/{round_.pk}/compliance"

    def get(client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    for _ in range(2):  # warm caches and connections
        get(page_client, page_url)
        compliance.compliance_matrix(round_, user=user)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(page_client, page_url)
    timings = {
        "matrix": _summary(
            _timed(
                lambda: compliance.compliance_matrix(round_, user=user, per_page=ROWS_PER_PAGE),
                requests,
            )
        ),
        "full": _summary(
            _timed(lambda: compliance.compliance_matrix(round_, user=user), max(3, requests // 4))
        ),
        "rates": _summary(_timed(lambda: compliance.round_rates(open_rounds, user=user), requests)),
        "page": _summary(_timed(lambda: get(page_client, page_url), requests)),
        "api": _summary(_timed(lambda: get(api_client, api_url), max(3, requests // 4))),
        "csv": _summary(_timed(lambda: get(page_client, csv_url), max(3, requests // 4))),
    }
    return {
        "vendor": connection.vendor,
        "reports": ProgressReport.objects.count(),
        "round_reports": biggest["n"],
        "activities": matrix.total_rows,
        "parties": len(matrix.parties),
        "open_rounds": len(open_rounds),
        "page_queries": len(executed),
        "timings": timings,
    }


def _steps(scale: float, seed: int, requests: int) -> list[list[str]]:
    return [
        [*MUFAKAT, "migrate", "-v0"],
        [*MUFAKAT, "collectstatic", "--noinput", "-v0"],
        [*MUFAKAT, "generate", "--scale", f"{scale:g}", "--seed", str(seed)],
        [sys.executable, __file__, "--measure", "--requests", str(requests)],
    ]


def run(backend: str, scale: float, seed: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        env = _base_env(data_dir)
        # Pages as the Secretariat, signed in by the test client: no second-factor step.
        env["MUFAKAT_MFA_REQUIRED_ROLES"] = ""
        database = f"mufakat_bench_compliance_{str(scale).replace('.', '_')}"
        output = run_steps(backend, _steps(scale, seed, requests), env, database=database)
    result, generated = _collect(output)
    return {**result, "scale": scale, "generate_s": generated}


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "backend     scale    reports  round rpts  activities  parties  "
        "matrix med/p95 ms  all cells ms  rates med ms  page med/p95 ms  api med ms  csv med ms  queries"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        t = r["timings"]
        lines.append(
            f"{r['vendor']:<11} {r['scale']:>5g}  {r['reports']:>9,}  {r['round_reports']:>10,}  "
            f"{r['activities']:>10,}  {r['parties']:>7}  "
            f"{t['matrix']['median']:>7.1f} / {t['matrix']['p95']:>7.1f}  "
            f"{t['full']['median']:>12.1f}  "
            f"{t['rates']['median']:>12.1f}  "
            f"{t['page']['median']:>6.1f} / {t['page']['p95']:>6.1f}  "
            f"{t['api']['median']:>10.1f}  {t['csv']['median']:>10.1f}  {r['page_queries']:>7}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--requests", type=int, default=20)
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
            results.append(run(backend, scale, args.seed, args.requests))
            print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
