"""Benchmark: calendar subscription feeds with 1,000 and 5,000 meetings.

    .venv/bin/python benchmarks/calendar_feeds.py [--meetings 1000 5000] [--requests 20]

In a fresh SQLite database in a temporary directory (``migrate``, then meetings of one body,
a quarter of them restricted to a sharing group, a tenth hosted by Japan), Japan's focal point
makes a subscription key and follows the body; a calendar program (no session) then reads,
in process through Django's test client: the feed of all meetings, the party feed, the
"meetings I follow" feed, and the all-meetings feed again with its ETag (304). For each it
prints the median and p95 time, the SQL queries, the events and the body size. The first
request (events not yet remembered) is printed apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(data_dir: str) -> None:
    os.environ["MUFAKAT_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    os.environ.setdefault("MUFAKAT_CALENDAR_RATE", "")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MUFAKAT_CALENDAR_RATE = ""  # measure the feed, not the limit's counter row
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def _world(meetings: int) -> str:
    from mufakat.accounts.models import Role
    from mufakat.core.audience import TLP, Audience
    from mufakat.library import follows
    from mufakat.meetings import calendar_tokens
    from mufakat.meetings.models import Meeting
    from mufakat.registry.models import Body, Party
    from mufakat.testing.factories import UserFactory, member_state, sharing_group

    idn = member_state("IDN", "Indonesia")
    jpn = Party.objects.create(code="JPN", name="Japan", kind=Party.Kind.DIALOGUE_PARTNER)
    group = sharing_group("asean-japan", [idn, jpn], name="ASEAN + Japan")
    body = Body.objects.create(code="SOMTC-WG-CT", name="Working Group on CT", level="wg")
    focal = UserFactory(username="jpn.focal", party=jpn, role=Role.PARTNER_FOCAL_POINT)
    rows = []
    for n in range(meetings):
        restricted = n % 4 == 0
        rows.append(
            Meeting(
                body=body,
                number=n + 1,
                title=f"Meeting {n + 1}",
                start_date=dt.date(2000, 1, 1) + dt.timedelta(days=7 * n),
                city="Jakarta",
                host=jpn if n % 10 == 0 else idn,
                status=Meeting.Status.HELD,
                audience=Audience.SHARING_GROUP if restricted else Audience.PUBLIC,
                tlp=TLP.AMBER if restricted else TLP.CLEAR,
                owner_party=idn,
            )
        )
    Meeting.objects.bulk_create(rows, batch_size=500)
    through = Meeting.sharing_groups.through
    through.objects.bulk_create(
        [
            through(meeting_id=pk, sharinggroup_id=group.pk)
            for pk in Meeting.objects.filter(audience=Audience.SHARING_GROUP).values_list(
                "pk", flat=True
            )
        ],
        batch_size=500,
    )
    follows.follow(user=focal, body=body)
    return calendar_tokens.issue_token(actor=focal, name="Benchmark")[1]


def _measure(client: Any, path: str, requests: int, **headers: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = time.perf_counter()
    response = client.get(path, **headers)
    first_ms = (time.perf_counter() - first) * 1000
    times = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, **headers)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "status": response.status_code,
        "first": first_ms,
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "queries": len(queries.captured_queries),
        "events": response.content.count(b"BEGIN:VEVENT"),
        "kib": len(response.content) / 1024,
        "etag": response.get("ETag", ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    for count in args.meetings:
        with tempfile.TemporaryDirectory(prefix="mufakat-calendar-bench-") as data_dir:
            if "django" in sys.modules:
                from django.conf import settings
                from django.db import connections

                connections.close_all()
                settings.DATABASES["default"]["NAME"] = str(Path(data_dir) / "bench.sqlite3")
            else:
                _setup(data_dir)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            key = _world(count)
            from django.test import Client
            from django.urls import reverse

            client = Client()
            feeds = {
                "all meetings": reverse("meetings:ical_token_all", args=[key]),
                "party JPN": reverse("meetings:ical_token_of", args=[key, "party", "JPN"]),
                "my follows": reverse("meetings:ical_token_follows", args=[key]),
            }
            print(f"\n{count} meetings (a quarter restricted to ASEAN + Japan)")
            print(
                f"{'feed':<16}{'status':>7}{'first ms':>10}{'median ms':>11}{'p95 ms':>9}"
                f"{'queries':>9}{'events':>8}{'KiB':>8}"
            )
            etag = ""
            for name, path in feeds.items():
                found = _measure(client, path, args.requests)
                etag = etag or found["etag"]
                print(
                    f"{name:<16}{found['status']:>7}{found['first']:>10.1f}{found['median']:>11.1f}"
                    f"{found['p95']:>9.1f}{found['queries']:>9}{found['events']:>8}"
                    f"{found['kib']:>8.0f}"
                )
            found = _measure(client, feeds["all meetings"], args.requests, HTTP_IF_NONE_MATCH=etag)
            print(
                f"{'304 (ETag)':<16}{found['status']:>7}{found['first']:>10.1f}"
                f"{found['median']:>11.1f}{found['p95']:>9.1f}{found['queries']:>9}"
                f"{found['events']:>8}{found['kib']:>8.0f}"
            )


if __name__ == "__main__":
    main()
