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
read-only transactions), for every signed-in page of ``benchmarks/pages.py`` and each of up to
``--pairs`` pairs of focal points (each pair of one party, agency and role; no two pairs of one
party): the first request of the pair's first reader is timed (nothing of their class has been
compiled yet), then their warm requests, then the first request of their colleague. It prints
the medians over the pairs, and their totals over all pages.
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


def _pairs(most: int) -> list[tuple[Any, Any]]:
    """Up to ``most`` pairs of active focal points, each pair of one party, agency and role, no
    two pairs of the same party."""
    from django.db.models import Count

    from mufakat.accounts.models import Role, User

    readers = User.objects.filter(is_active=True, role=Role.FOCAL_POINT, party__isnull=False)
    classes = (
        readers.values("party_id", "agency_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("party_id", "agency_id")
    )
    pairs: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    for found in classes:
        if found["party_id"] in seen:
            continue
        seen.add(found["party_id"])
        first, colleague = readers.filter(
            party_id=found["party_id"], agency_id=found["agency_id"]
        ).order_by("pk")[:2]
        pairs.append((first, colleague))
        if len(pairs) == most:
            break
    if not pairs:
        raise SystemExit("no two focal points of one party, agency and role in this database")
    return pairs


def _timed(get: Any, path: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    status = get(path, cookie)[0]
    return status, (time.perf_counter() - started) * 1000


def measure(pages_wanted: list[str], most_pairs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    import logging

    import pages as page_benchmark
    from django.conf import settings

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a page refused is skipped
    settings.ALLOWED_HOSTS = ["*"]
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    pages, _ = page_benchmark.plan()
    if pages_wanted:
        pages = {k: v for k, v in pages.items() if k in pages_wanted}
    sessions = page_benchmark.Sessions(False)
    pairs = [
        tuple(f"{sessions.cookie}={sessions.for_user(user)}" for user in pair)
        for pair in _pairs(most_pairs)
    ]
    print(
        "pairs: " + ", ".join(f"{a.username} & {b.username}" for a, b in _pairs(most_pairs)),
        file=sys.stderr,
    )
    get = page_benchmark._in_process_get(sessions.cookie)
    print("| page | warm | a reader's first visit | their colleague's first visit |")
    print("|---|---:|---:|---:|")
    totals = {"warm": 0.0, "first": 0.0, "colleague": 0.0}
    for name, path in pages.items():
        warm, first, colleague = [], [], []
        refused = False
        for reader, their_colleague in pairs:
            status, spent = _timed(get, path, reader)
            if status != 200:
                refused = True
                break
            first.append(spent)
            for _ in range(WARM):
                get(path, reader)
            warm += [_timed(get, path, reader)[1] for _ in range(TIMED)]
            colleague.append(_timed(get, path, their_colleague)[1])
        if refused:
            continue
        figures = {
            "warm": statistics.median(warm),
            "first": statistics.median(first),
            "colleague": statistics.median(colleague),
        }
        for key, value in figures.items():
            totals[key] += value
        print(
            f"| {name} | {figures['warm']:.1f} | {figures['first']:.1f} | "
            f"{figures['colleague']:.1f} |",
            flush=True,
        )
    print(
        f"| **all pages** | {totals['warm']:.0f} | {totals['first']:.0f} | "
        f"{totals['colleague']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url", help="an existing PostgreSQL database")
    where.add_argument("--data-dir", help="the existing SQLite database of this directory")
    parser.add_argument("--pages", nargs="+", default=[], metavar="PAGE")
    parser.add_argument("--pairs", type=int, default=4, help="pairs of colleagues (medians)")
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
    measure(args.pages, args.pairs)


if __name__ == "__main__":
    main()
