"""Prepare a database for the load test: a reporting round open for the load's focal points.

    python benchmarks/load/prepare.py PLAN.json [--focal-points 35] [--uploaders 3] [--readers 12]

Run after ``migrate``, ``load_demo`` and ``generate`` on the same settings. Opens one round
(due in a week) on the generated instruments for the member states, creates the load's users
(focal points, spreadsheet uploaders, readers; not staff, so no second factor is asked) and
shares each party's reports out among its focal points, so no two of them edit the same
report. Uploaders report for parties of their own (the round's last member states). Writes
PLAN.json: the round, the users with their passwords and their reports, and the pages readers
browse. Only for a throwaway database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from mufakat.accounts.models import User  # noqa: E402
from mufakat.core.audience import TLP, Audience  # noqa: E402
from mufakat.meetings.models import Meeting  # noqa: E402
from mufakat.monitoring import services  # noqa: E402
from mufakat.monitoring.models import ProgressReport  # noqa: E402
from mufakat.registry.models import Party  # noqa: E402
from mufakat.workplans.models import Instrument  # noqa: E402

MEMBER_STATES = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("--focal-points", type=int, default=35)
    parser.add_argument("--uploaders", type=int, default=3)
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--instruments", type=int, default=4)
    args = parser.parse_args()

    secretariat = User.objects.get(username="secretariat")
    instruments = list(
        Instrument.objects.annotate(n=Count("priority_areas__activities"))
        .filter(n__gt=0, audience__in=[Audience.PUBLIC, Audience.PLATFORM, Audience.MEMBER_STATES])
        .order_by("-n", "pk")[: args.instruments]
    )
    today = timezone.localdate()
    round_ = services.open_round(
        actor=secretariat,
        title="Load test round",
        instruments=instruments,
        reporting_parties=list(MEMBER_STATES),
        opens_on=today,
        due_date=today + dt.timedelta(days=7),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    upload_parties = MEMBER_STATES[len(MEMBER_STATES) - args.uploaders :]
    form_parties = [p for p in MEMBER_STATES if p not in upload_parties]
    parties = {p.code: p for p in Party.objects.filter(code__in=MEMBER_STATES)}
    password = secrets.token_urlsafe(12)

    def user(name: str, party: str, role: str) -> User:
        created = User(username=name, first_name=name, party=parties[party], role=role)
        created.set_password(password)
        created.save()
        return created

    plan_users: list[dict[str, Any]] = []
    by_party: dict[str, list[str]] = {}
    for i in range(args.focal_points):
        party = form_parties[i % len(form_parties)]
        name = f"load.focal{i:02d}"
        user(name, party, "focal_point")
        by_party.setdefault(party, []).append(name)
    for party, names in by_party.items():
        ids = list(
            ProgressReport.objects.filter(round=round_, party=parties[party])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for k, name in enumerate(names):
            plan_users.append(
                {"username": name, "kind": "focal", "party": party, "reports": ids[k :: len(names)]}
            )
    for i, party in enumerate(upload_parties):
        name = f"load.upload{i:02d}"
        user(name, party, "focal_point")
        reports = ProgressReport.objects.filter(round=round_, party=parties[party]).count()
        plan_users.append({"username": name, "kind": "upload", "party": party, "reports": reports})
    for i in range(args.readers):
        party = ("CAN", "IDN", "JPN", "SGP")[i % 4]
        if party not in parties:
            parties[party] = Party.objects.get(code=party)
        name = f"load.reader{i:02d}"
        user(name, party, "reader")
        plan_users.append({"username": name, "kind": "reader", "party": party})

    meetings = list(Meeting.objects.order_by("-pk").values_list("pk", flat=True)[:20])
    plan = {
        "round": round_.pk,
        "password": password,
        "users": plan_users,
        "meetings": meetings,
        "instruments": [i.key for i in instruments],
        "parties": list(MEMBER_STATES),
        "searches": ["terrorism", "trafficking", "cybercrime", "drugs", "somtc", "border"],
        "reports": ProgressReport.objects.filter(round=round_).count(),
    }
    args.plan.write_text(json.dumps(plan, indent=1))
    focal_reports = sum(len(u["reports"]) for u in plan_users if u["kind"] == "focal")
    print(
        f"round {round_.pk}: {plan['reports']} reports, {focal_reports} for {args.focal_points} "
        f"focal points, {len(upload_parties)} uploaders, {args.readers} readers"
    )


if __name__ == "__main__":
    main()
