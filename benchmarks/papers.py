"""Benchmark: the brief of the next SOMTC as a page, as PDF and as DOCX.

    .venv/bin/python benchmarks/papers.py [--scales 10] [--backends postgres sqlite]
                                          [--requests 20] [--seed 2025]

For each backend × scale it generates a fresh database (``mufakat generate --scale N``: SQLite
in a temporary directory; PostgreSQL through ``scripts/with-postgres.sh``, or a new database on
the server of ``DATABASE_URL``), then, as the Secretariat, for the latest SOMTC (the meeting
the open round feeds, so its brief carries every instrument with its snapshot and charts):

- ``build_brief`` alone (the reads through the gate);
- the brief page ``/meetings/<id>/brief/`` (server-side through Django's test client:
  middleware, session, gate, rendering; DEBUG off);
- ``/meetings/<id>/brief.pdf`` and ``.docx``: built, rendered (WeasyPrint / python-docx),
  stored and audited, the file answered inline;

and prints the median and p95 of each, with the paper's size. Targets (issue 11): the PDF under
2 s and the page under 300 ms at N=10.
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
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from mufakat.accounts.models import Role, User
    from mufakat.meetings.models import Meeting
    from mufakat.papers import delivery
    from mufakat.papers.brief import build_brief
    from mufakat.papers.content import Chart, Table

    # Every download inline, as a small brief is: the benchmark times the rendering itself.
    settings.MUFAKAT_PAPERS_BACKGROUND_WEIGHT = 10**9
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    user = User.objects.filter(role=Role.SECRETARIAT, party__code="ASEC").order_by("pk").first()
    assert user is not None, "no Secretariat user: was the database generated?"
    meeting = (
        Meeting.objects.visible_to(user)
        .filter(body__code="SOMTC")
        .order_by("-start_date", "-pk")
        .first()
    )
    assert meeting is not None, "no SOMTC meeting: was the database generated?"
    paper = build_brief(meeting, user=user)
    blocks = [block for section in paper.all_sections() for block in section.blocks]
    client = Client()
    client.force_login(user)
    page_url = f"/meetings/{meeting.pk}/brief/"
    pdf_url = f"/meetings/{meeting.pk}/brief.pdf"
    docx_url = f"/meetings/{meeting.pk}/brief.docx"
    sizes: dict[str, int] = {}

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if getattr(response, "streaming", False):
            sizes[url] = len(b"".join(response.streaming_content))

    for _ in range(2):  # warm caches, connections and WeasyPrint's fonts
        get(page_url)
        get(pdf_url)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(page_url)
    files = max(3, requests // 2)
    timings = {
        "build": _summary(_timed(lambda: build_brief(meeting, user=user), requests)),
        "page": _summary(_timed(lambda: get(page_url), requests)),
        "pdf": _summary(_timed(lambda: get(pdf_url), files)),
        "docx": _summary(_timed(lambda: get(docx_url), files)),
    }
    return {
        "vendor": connection.vendor,
        "meeting": meeting.title,
        "sections": len(paper.all_sections()),
        "tables": sum(isinstance(b, Table) for b in blocks),
        "charts": sum(isinstance(b, Chart) for b in blocks),
        "weight": delivery.paper_weight(paper),
        "pdf_kb": sizes.get(pdf_url, 0) / 1024,
        "docx_kb": sizes.get(docx_url, 0) / 1024,
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
        env["MUFAKAT_MFA_REQUIRED_ROLES"] = ""  # signed in by the test client
        database = f"mufakat_bench_papers_{str(scale).replace('.', '_')}"
        output = run_steps(backend, _steps(scale, seed, requests), env, database=database)
    result, generated = _collect(output)
    return {**result, "scale": scale, "generate_s": generated}


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "backend     scale  sections  tables  charts  weight  "
        "build med ms  page med/p95 ms  pdf med/p95 ms  docx med/p95 ms  pdf KB  docx KB  queries"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        t = r["timings"]
        lines.append(
            f"{r['vendor']:<11} {r['scale']:>5g}  {r['sections']:>8}  {r['tables']:>6}  "
            f"{r['charts']:>6}  {r['weight']:>6}  {t['build']['median']:>12.1f}  "
            f"{t['page']['median']:>6.1f} / {t['page']['p95']:>6.1f}  "
            f"{t['pdf']['median']:>6.0f} / {t['pdf']['p95']:>6.0f}  "
            f"{t['docx']['median']:>6.0f} / {t['docx']['p95']:>6.0f}  "
            f"{r['pdf_kb']:>6.0f}  {r['docx_kb']:>7.0f}  {r['page_queries']:>7}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[10.0])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["postgres"]
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
