"""Benchmark: the IATI 2.03 export of a public work plan, by the plan's size.

    .venv/bin/python benchmarks/iati.py [--sizes 12 150 1500] [--rounds 4] [--requests 5]

In a throwaway SQLite database (a temporary data directory, migrated first), for each size it
makes a public work plan of that many activities (five priority areas with crime areas, each
activity with a lead, eleven participating states and two indicators) and ``--rounds`` public
reporting rounds over it, every report submitted by its party, each round frozen by the
Secretariat through the service (so the snapshot and its parts are the real ones). Then it
fetches ``/instruments/<key>/iati.xml`` as an anonymous reader through Django's test client
(middleware, gate, building, serialising) and prints per size: the median and slowest request,
the queries of a request, the document's size and activities, and what checking it against the
IATI schema and rules costs (which the tests do on every export, the site does not).
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATES = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")
CRIME_AREAS = (
    "terrorism",
    "illicit_drug_trafficking",
    "cybercrime",
    "sea_piracy",
    "trafficking_in_persons",
)


def _setup(data_dir: str) -> None:
    os.environ.update(
        MUFAKAT_ENV="test",
        MUFAKAT_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="mufakat.settings",
        MUFAKAT_TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _registry() -> Any:
    from mufakat.accounts.models import Role, User
    from mufakat.registry.models import CrimeArea, Party, PartyMembership

    for code in STATES:
        party = Party.objects.create(code=code, name=f"State {code}", kind="member_state")
        PartyMembership.objects.create(
            party=party, status=PartyMembership.Status.MEMBER, start_date=dt.date(1967, 8, 8)
        )
    Party.objects.create(code="JPN", name="Japan", kind="dialogue_partner")
    Party.objects.create(code="ASEAN", name="ASEAN", kind="organisation", is_asean_organ=True)
    asec = Party.objects.create(
        code="ASEC", name="ASEAN Secretariat", kind="organisation", is_asean_organ=True
    )
    for order, code in enumerate(CRIME_AREAS):
        CrimeArea.objects.create(code=code, name=code.replace("_", " ").title(), order=order)
    return User.objects.create(username="secretariat", role=Role.SECRETARIAT, party=asec)


def _plan(size: int, rounds: int, secretariat: Any) -> str:
    from mufakat.core.audience import TLP, Audience
    from mufakat.monitoring import services as monitoring
    from mufakat.monitoring import snapshots
    from mufakat.monitoring.models import ProgressReport, ProgressStatus
    from mufakat.registry.models import CrimeArea, Party
    from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea

    key = f"bench-plan-{size}"
    plan = Instrument.objects.create(
        key=key,
        title=f"Benchmark work plan of {size} activities",
        kind=Instrument.Kind.WORK_PLAN,
        start_year=2023,
        end_year=2027,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    plan.parties.set(Party.objects.filter(code__in=["ASEAN", "JPN"]))
    states = list(Party.objects.filter(code__in=STATES).order_by("code"))
    areas = []
    for position, code in enumerate(CRIME_AREAS, start=1):
        area = PriorityArea.objects.create(instrument=plan, position=position, title=code)
        area.crime_areas.set(CrimeArea.objects.filter(code=code))
        areas.append(area)
    made = Activity.objects.bulk_create(
        Activity(
            priority_area=areas[n % len(areas)],
            code=f"B-{n:04d}",
            title=f"Activity {n}",
            outputs=f"Outputs of activity {n}",
            start_year=2023 + n % 3,
            end_year=2026 + n % 2,
        )
        for n in range(size)
    )
    lead = Activity.lead_parties.through
    joined = Activity.participating_parties.through
    lead.objects.bulk_create(
        lead(activity_id=a.pk, party_id=states[n % len(states)].pk) for n, a in enumerate(made)
    )
    joined.objects.bulk_create(
        joined(activity_id=a.pk, party_id=s.pk) for a in made for s in states
    )
    Indicator.objects.bulk_create(
        Indicator(activity=a, name=name, kind=kind, unit=unit, baseline=base, target=target)
        for a in made
        for name, kind, unit, base, target in (
            ("Officers trained", "numeric", "officers", "0", "120"),
            ("Guidelines", "qualitative", "", "none", "adopted"),
        )
    )
    statuses = [ProgressStatus.ON_TRACK, ProgressStatus.COMPLETED, ProgressStatus.DELAYED]
    for number in range(rounds):
        opens = dt.date(2023, 3, 1) + dt.timedelta(days=180 * number)
        round_ = monitoring.open_round(
            actor=secretariat,
            title=f"Round {number + 1} of {key}",
            instruments=[plan],
            reporting_parties=list(STATES),
            opens_on=opens,
            due_date=opens + dt.timedelta(days=60),
            audience=Audience.PUBLIC,
            tlp=TLP.CLEAR,
        )
        for index, status in enumerate(statuses):
            ProgressReport.objects.filter(round=round_, activity__code__endswith=str(index)).update(
                status=status, percent=30 * (index + 1), state=ProgressReport.State.SUBMITTED
            )
        ProgressReport.objects.filter(round=round_, state=ProgressReport.State.DRAFT).update(
            status=ProgressStatus.ON_TRACK, percent=50, state=ProgressReport.State.SUBMITTED
        )
        snapshots.freeze_round(actor=secretariat, round=round_, acknowledge_early=True)
    return key


def _measure(key: str, requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mufakat.workplans.iati import rules

    client = Client()
    url = f"/instruments/{key}/iati.xml"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    started = time.perf_counter()
    problems = rules.validate(response.content) + rules.rule_problems(response.content)
    checked = (time.perf_counter() - started) * 1000
    assert not problems, problems[:5]
    return {
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": len(queries),
        "kib": len(response.content) / 1024,
        "activities": response.content.count(b"<iati-activity "),
        "check_ms": checked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 150, 1500])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mufakat-iati-bench-") as data_dir:
        _setup(data_dir)
        secretariat = _registry()
        print(
            f"{'activities':>10} {'rounds':>6} {'median ms':>10} {'max ms':>8} {'queries':>7} "
            f"{'KiB':>8} {'iati-activity':>13} {'check ms':>9}"
        )
        for size in args.sizes:
            key = _plan(size, args.rounds, secretariat)
            found = _measure(key, args.requests)
            print(
                f"{size:>10} {args.rounds:>6} {found['median_ms']:>10.1f} {found['max_ms']:>8.1f} "
                f"{found['queries']:>7} {found['kib']:>8.1f} {found['activities']:>13} "
                f"{found['check_ms']:>9.1f}"
            )


if __name__ == "__main__":
    main()
