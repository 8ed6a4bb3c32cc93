"""Benchmark: what a reader's first visit costs in a worker that has already served a colleague.

    .venv/bin/python benchmarks/colleagues.py --database-url postgresql://…/pages_db
    .venv/bin/python benchmarks/colleagues.py --data-dir var/bench [--pages meeting brief …]

A worker compiles a page's gated statements once and keeps them (``core.visibility``). Kept per
reader, every person's first visit of every page paid for compiling them again, and a worker
kept the statements of a dozen readers before it forgot the first. Kept per class of readers
(party, agency, role, sharing groups: what the statements depend on besides the reader's id,
which is bound as a parameter), a focal point's first visit costs what their colleague's
hundredth did.

In one process, on an existing database (read-only: signed-cookie sessions, on PostgreSQL
read-only transactions), for every signed-in page of ``benchmarks/pages.py``: a focal point
("first") is served the page until warm; then the first request of a colleague of the same
party, agency and role ("colleague"), and the first request of a focal point of another party
("stranger"), are timed, each followed by warm requests. It prints the medians and the first
visits, and the totals over all pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WARM = 3
TIMED = 5


def _pair_and_stranger() -> tuple[Any, Any, Any]:
    """Two active focal points of one party, agency and role, and one of another party."""
    from django.db.models import Count

    from mufakat.accounts.models import Role, User

    readers = User.objects.filter(is_active=True, role=Role.FOCAL_POINT, party__isnull=False)
    pair = (
        readers.values("party_id", "agency_id", "role")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("party_id")
        .first()
    )
    if pair is None:
        raise SystemExit("no two focal points of one party, agency and role in this database")
    first, colleague = readers.filter(
        party_id=pair["party_id"], agency_id=pair["agency_id"]
    ).order_by("pk")[:2]
    stranger = readers.exclude(party_id=pair["party_id"]).order_by("pk").first()
    if stranger is None:
        raise SystemExit("no focal point of another party in this database")
    return first, colleague, stranger


def _timed(get: Any, path: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    status = get(path, cookie)[0]
    return status, (time.perf_counter() - started) * 1000


def measure(pages_wanted: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    import pages as page_benchmark
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    pages, _ = page_benchmark.plan()
    if pages_wanted:
        pages = {k: v for k, v in pages.items() if k in pages_wanted}
    sessions = page_benchmark.Sessions(False)
    first, colleague, stranger = _pair_and_stranger()
    cookies = {
        name: f"{sessions.cookie}={sessions.for_user(user)}"
        for name, user in (("first", first), ("colleague", colleague), ("stranger", stranger))
    }
    print(
        f"first {first.username}, colleague {colleague.username}, stranger {stranger.username}",
        file=sys.stderr,
    )
    get = page_benchmark._in_process_get(sessions.cookie)
    print("| page | first, warm | colleague, first visit | stranger, first visit |")
    print("|---|---:|---:|---:|")
    totals = {"warm": 0.0, "colleague": 0.0, "stranger": 0.0}
    for name, path in pages.items():
        for _ in range(WARM):
            get(path, cookies["first"])
        status, _ = _timed(get, path, cookies["first"])
        if status != 200:
            continue
        warm = statistics.median(_timed(get, path, cookies["first"])[1] for _ in range(TIMED))
        _, by_colleague = _timed(get, path, cookies["colleague"])
        _, by_stranger = _timed(get, path, cookies["stranger"])
        totals["warm"] += warm
        totals["colleague"] += by_colleague
        totals["stranger"] += by_stranger
        print(f"| {name} | {warm:.1f} | {by_colleague:.1f} | {by_stranger:.1f} |", flush=True)
    print(
        f"| **all pages** | {totals['warm']:.0f} | {totals['colleague']:.0f} | "
        f"{totals['stranger']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url", help="an existing PostgreSQL database")
    where.add_argument("--data-dir", help="the existing SQLite database of this directory")
    parser.add_argument("--pages", nargs="+", default=[], metavar="PAGE")
    args = parser.parse_args()
    os.environ.setdefault("MUFAKAT_ENV", "test")
    os.environ.update(
        MUFAKAT_LOG_LEVEL="ERROR", MUFAKAT_API_RATE_ANON="", MUFAKAT_API_RATE_TOKEN=""
    )
    if args.database_url:
        from pages import _read_only_url

        os.environ["DATABASE_URL"] = _read_only_url(args.database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["MUFAKAT_DATA_DIR"] = args.data_dir
    measure(args.pages)


if __name__ == "__main__":
    main()
