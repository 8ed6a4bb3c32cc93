"""Benchmark: the framework pages over thousands of activities serving one SDG target.

    .venv/bin/python benchmarks/frameworks.py [--instruments 40] [--areas 5] [--activities 10]
                                              [--requests 15] [--postgres]

Migrates a fresh database (SQLite in a temporary directory; with ``--postgres`` a throwaway
server through ``scripts/with-postgres.sh``), then writes ``instruments`` work plans of
``areas`` × ``activities`` activities each (half of them for the member states only), maps
every activity to SDG 16.4 and to two more targets, and opens one reporting round over every
plan for Indonesia and Japan with a status on each report. It then times, as a Canadian reader
(the public half) and as the Secretariat (every plan), after one warm-up request each:

- ``framework page``: SDG 16 with the count of activities serving each target;
- ``item page 1`` / ``item page 20``: the activities serving SDG 16.4, 50 a page, with their
  instrument, lead parties and where they stand;
- ``item api``: the same through ``/api/v1/frameworks/sdg-16/items/16.4/activities``;
- ``instrument page``: a plan's page with the targets its 50 activities serve;
- ``set mappings``: ``services.set_activity_mappings`` replacing an activity's three items
  (audit events and one instrument version included).

It prints the median and the number of SQL statements of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MUFAKAT_ENV", "test")
MUFAKAT = [sys.executable, "-m", "mufakat.cli"]
WITH_POSTGRES = ROOT / "scripts" / "with-postgres.sh"


def _build(instruments: int, areas: int, activities: int) -> dict[str, Any]:
    import datetime as dt

    from mufakat.accounts.models import Role
    from mufakat.frameworks.models import ActivityMapping, FrameworkItem
    from mufakat.monitoring import services as monitoring
    from mufakat.monitoring.models import ProgressReport, ProgressStatus
    from mufakat.registry.models import Party
    from mufakat.testing.factories import PartyFactory, UserFactory, member_state
    from mufakat.workplans.models import Activity, Instrument, PriorityArea

    idn = member_state("IDN", "Indonesia")
    jpn: Party = PartyFactory(code="JPN", name="Japan", kind=Party.Kind.DIALOGUE_PARTNER)  # type: ignore[assignment]
    can = PartyFactory(code="CAN", name="Canada", kind=Party.Kind.DIALOGUE_PARTNER)
    asec = PartyFactory(
        code="ASEC", name="ASEAN Secretariat", kind=Party.Kind.ORGANISATION, is_asean_organ=True
    )
    secretariat = UserFactory(username="secretariat", party=asec, role=Role.SECRETARIAT)
    outsider = UserFactory(username="outsider", party=can, role=Role.READER)
    plans = Instrument.objects.bulk_create(
        Instrument(
            key=f"plan-{n}",
            title=f"Work plan {n:03d}",
            kind=Instrument.Kind.WORK_PLAN,
            start_year=2023,
            end_year=2027,
            audience="public" if n % 2 == 0 else "member_states",
            tlp="CLEAR" if n % 2 == 0 else "GREEN",
            owner_party=idn,
        )
        for n in range(instruments)
    )
    sections = PriorityArea.objects.bulk_create(
        PriorityArea(instrument=plan, position=p, title=f"Area {p}")
        for plan in plans
        for p in range(1, areas + 1)
    )
    rows = Activity.objects.bulk_create(
        Activity(priority_area=area, code=f"{area.position}.{a}", title=f"Activity {a}")
        for area in sections
        for a in range(1, activities + 1)
    )
    leads = Activity.lead_parties.through
    leads.objects.bulk_create(
        leads(activity_id=row.pk, party_id=(jpn if i % 3 else idn).pk) for i, row in enumerate(rows)
    )
    targets = {i.code: i for i in FrameworkItem.objects.filter(framework__key="sdg-16")}
    others = ["16.1", "16.2", "16.3", "16.5", "16.a"]
    ActivityMapping.objects.bulk_create(
        ActivityMapping(activity=row, item=targets[code])
        for i, row in enumerate(rows)
        for code in ("16.4", others[i % 5], others[(i + 2) % 5])
    )
    monitoring.open_round(
        actor=secretariat,
        title="Round over every plan",
        instruments=plans,
        reporting_parties=["IDN", "JPN"],
        opens_on=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 6, 1),
        audience="public",
        tlp="CLEAR",
    )
    statuses = [ProgressStatus.ON_TRACK, ProgressStatus.DELAYED, ProgressStatus.COMPLETED]
    for n, status in enumerate(statuses):
        ids = ProgressReport.objects.values_list("pk", flat=True)[n :: len(statuses)]
        ProgressReport.objects.filter(pk__in=list(ids)).update(status=status, state="submitted")
    return {
        "users": {"outsider": outsider, "secretariat": secretariat},
        "plan": plans[0],
        "activity": rows[0],
        "mappings": len(rows) * 3,
        "activities": len(rows),
    }


def _time(call: Any, requests: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up: statements compiled, caches filled
    times = []
    queries = 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx)
    return statistics.median(times), queries


def measure(instruments: int, areas: int, activities: int, requests: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from mufakat.accounts.models import ApiToken
    from mufakat.frameworks import services
    from mufakat.frameworks.models import FrameworkItem

    settings.ALLOWED_HOSTS = ["*"]
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []  # the readers here sign in without a second factor
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False
    world = _build(instruments, areas, activities)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {instruments} plans, {world['activities']} activities, "
        f"{world['mappings']} mappings, one round of {2 * world['activities']} reports"
    )
    plan_url = world["plan"].get_absolute_url() + "?area=all"
    for name, user in world["users"].items():
        client = Client()
        client.force_login(user)
        _token, key = ApiToken.issue(user)
        api = {"Authorization": f"Bearer {key}"}

        def ok(response: Any) -> None:
            assert response.status_code == 200, (response.status_code, response.get("Location"))

        get = client.get
        cases = {
            "framework page": lambda get=get: ok(get("/frameworks/sdg-16/")),
            "item page 1": lambda get=get: ok(get("/frameworks/sdg-16/16.4/")),
            "item page 20": lambda get=get: ok(get("/frameworks/sdg-16/16.4/?page=20")),
            "item api": lambda get=get, api=api: ok(
                get("/api/v1/frameworks/sdg-16/items/16.4/activities", headers=api)
            ),
            "instrument page": lambda get=get: ok(get(plan_url)),
        }
        for label, call in cases.items():
            median, queries = _time(call, requests)
            print(f"  {name:12} {label:16} {median:8.1f} ms median  {queries:3d} queries")
    secretariat = world["users"]["secretariat"]
    items = [list(FrameworkItem.objects.filter(code__in=c)) for c in (["16.6"], ["16.7"])]
    turn = iter(range(10**6))

    def replace() -> None:
        services.set_activity_mappings(
            actor=secretariat, activity=world["activity"], items=items[next(turn) % 2]
        )

    median, queries = _time(replace, requests)
    print(f"  {'secretariat':12} {'set mappings':16} {median:8.1f} ms median  {queries:3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instruments", type=int, default=40)
    parser.add_argument("--areas", type=int, default=5)
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = (args.instruments, args.areas, args.activities, args.requests)
    if args.inner:
        measure(*sizes)
        return
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "MUFAKAT_DATA_DIR": data_dir, "PYTHONPATH": str(ROOT)}
        inner = [sys.executable, str(Path(__file__).resolve()), "--inner"]
        inner += [f"--{k}={v}" for k, v in zip(("instruments", "areas", "activities",
                                                "requests"), sizes, strict=True)]  # fmt: skip
        script = [*MUFAKAT, "migrate", "-v0"]
        command = ["bash", "-c", f'"$@" && exec {" ".join(inner)}', "--", *script]
        if args.postgres:
            command = [str(WITH_POSTGRES), *command]
        subprocess.run(command, check=True, cwd=ROOT, env=env)


if __name__ == "__main__":
    main()
