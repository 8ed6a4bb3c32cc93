"""Benchmark: a list export streamed through the real view, at 10k, 50k and 100k rows.

    .venv/bin/python benchmarks/export_csv.py [--sizes 10000 50000 100000]
                                              [--backends sqlite postgres] [--format csv]

For each backend it migrates a fresh database (SQLite in a temporary directory; PostgreSQL
through ``scripts/with-postgres.sh``, or a new database on the server of ``DATABASE_URL`` when
one is given), then writes one public reporting round of one work plan with ``bulk_create``:
activities, and a submitted progress report per activity × reporting party, up to each size in
turn. At each size it downloads the round's reports (``/monitoring/rounds/<pk>/reports.csv``,
what the "Every report (CSV)" link of the round's page gives) as the Secretariat, through
Django's test client (middleware, session, gate, streaming; DEBUG off), reading the stream
piece by piece without keeping it, and prints:

- rows/s and MB/s of the whole download (timed without tracing);
- the peak of Python's allocations during a second download (``tracemalloc``);
- the process's peak resident memory during that download (``VmHWM``, reset before it).

A streamed export keeps one chunk of rows (2,000) in memory at a time, so the two peaks stay
flat from 10k to 100k rows; a response built in memory would grow with the rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rollup import MUFAKAT, RESULT, _base_env, run_steps

ROOT = Path(__file__).resolve().parents[1]
PARTIES = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")


# -- measuring (runs inside the environment of one migrated database) ----------------------------


def _rss_peak_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _reset_rss_peak() -> None:
    """Let ``VmHWM`` start again from the current resident size (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


class World:
    """One public work plan, its activities, one open round and its reports, grown in steps."""

    def __init__(self) -> None:
        import datetime as dt

        from django.utils import timezone

        from mufakat.accounts.models import Role, User
        from mufakat.core.audience import TLP, Audience
        from mufakat.monitoring.models import ReportingRound
        from mufakat.testing.factories import PartyFactory, UserFactory, member_state
        from mufakat.workplans.models import Instrument, PriorityArea

        public = {"audience": Audience.PUBLIC, "tlp": TLP.CLEAR}
        asec = PartyFactory(
            code="ASEC", name="ASEAN Secretariat", kind="organisation", is_asean_organ=True
        )
        self.parties = [member_state(code) for code in PARTIES]
        self.reader: User = UserFactory(  # type: ignore[assignment]
            username="bench.secretariat", party=asec, role=Role.SECRETARIAT
        )
        self.instrument = Instrument.objects.create(
            key="bench-plan", title="Benchmark work plan", kind="work_plan", **public
        )
        self.areas = [
            PriorityArea.objects.create(
                instrument=self.instrument, position=n, title=f"Priority area {n}"
            )
            for n in range(1, 11)
        ]
        self.round = ReportingRound.objects.create(
            title="Benchmark round",
            opens_on=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 6, 30),
            status=ReportingRound.Status.OPEN,
            **public,
        )
        self.round.instruments.set([self.instrument])
        self.round.reporting_parties.set(self.parties)
        self.submitted = timezone.now()
        self.rows = 0

    def grow_to(self, size: int) -> None:
        """Add activities and one submitted report per activity × party up to ``size`` reports
        (a narrative with commas, quotes and a leading ``=`` now and then, as real ones have)."""
        from mufakat.monitoring.models import ProgressReport
        from mufakat.workplans.models import Activity

        batch = 5000
        while self.rows < size:
            n = min(batch // len(self.parties), (size - self.rows) // len(self.parties))
            first = Activity.objects.count()
            activities = Activity.objects.bulk_create(
                Activity(
                    priority_area=self.areas[(first + i) % len(self.areas)],
                    code=f"A-{first + i:06d}",
                    title=f'Activity {first + i}: regional workshop, "phase" {i % 7}',
                )
                for i in range(n)
            )
            ProgressReport.objects.bulk_create(
                (
                    ProgressReport(
                        round=self.round,
                        activity=activity,
                        party=party,
                        instrument=self.instrument,
                        priority_area=activity.priority_area,
                        status="on_track",
                        percent=(activity.pk * 7) % 101,
                        narrative=(
                            "=SUM(A1:A9) delivered"
                            if activity.pk % 50 == 0
                            else f"Held in {party.code}, 40 officers trained; next step agreed."
                        ),
                        state=ProgressReport.State.SUBMITTED,
                        submitted_at=self.submitted,
                    )
                    for activity in activities
                    for party in self.parties
                ),
                batch_size=batch,
            )
            self.rows += len(activities) * len(self.parties)


def _download(client: Any, url: str) -> tuple[int, int, float]:
    """Bytes and lines of one download, read piece by piece, and its seconds."""
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    size = lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n")
    response.close()
    return size, lines, time.perf_counter() - started


def measure(sizes: list[int], fmt: str) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    os.environ["MUFAKAT_MFA_REQUIRED_ROLES"] = ""  # signed in by the test client
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    assert not settings.DEBUG, "DEBUG keeps every query: run with DJANGO_DEBUG=0"
    world = World()
    client = Client()
    client.force_login(world.reader)
    url = reverse("monitoring:round_reports_export", kwargs={"pk": world.round.pk, "fmt": fmt})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results = []
    for size in sizes:
        world.grow_to(size)
        _download(client, url)  # warm: compiled gates, caches
        size_bytes, lines, seconds = _download(client, url)
        _reset_rss_peak()
        rss_before = _rss_peak_kb()
        tracemalloc.start()
        _download(client, url)
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results.append(
            {
                "rows": world.rows,
                "lines": lines,
                "mb": size_bytes / 1e6,
                "seconds": seconds,
                "rows_per_s": world.rows / seconds,
                "traced_peak_mb": traced_peak / 1e6,
                "rss_start_mb": rss_before / 1024,
                "rss_peak_mb": _rss_peak_kb() / 1024,
            }
        )
    return {"vendor": connection.vendor, "format": fmt, "sizes": results}


# -- orchestrating -------------------------------------------------------------------------------


def run(backend: str, sizes: list[int], fmt: str) -> dict[str, Any]:
    steps = [
        [*MUFAKAT, "migrate", "-v0"],
        [
            sys.executable,
            __file__,
            "--measure",
            "--format",
            fmt,
            "--sizes",
            *(str(s) for s in sizes),
        ],
    ]
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        output = run_steps(backend, steps, _base_env(data_dir), database="mufakat_bench_export")
    for line in output.splitlines():
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    raise SystemExit(output)


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "backend     format     rows   MB    seconds   rows/s    MB/s  "
        "traced peak MB  RSS start MB  RSS peak MB"
    )
    lines = [head, "-" * len(head)]
    for result in results:
        for r in result["sizes"]:
            lines.append(
                f"{result['vendor']:<11} {result['format']:<6} {r['rows']:>8,} "
                f"{r['mb']:>5.1f}  {r['seconds']:>8.2f}  {r['rows_per_s']:>7,.0f}  "
                f"{r['mb'] / r['seconds']:>6.1f}  {r['traced_peak_mb']:>14.2f}  "
                f"{r['rss_start_mb']:>12.1f}  {r['rss_peak_mb']:>11.1f}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 50_000, 100_000])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(RESULT + json.dumps(measure(sorted(args.sizes), args.format)), flush=True)
        return
    results = []
    for backend in args.backends:
        print(f"… {backend}", file=sys.stderr, flush=True)
        results.append(run(backend, sorted(args.sizes), args.format))
        print(table(results[-1:]), file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
