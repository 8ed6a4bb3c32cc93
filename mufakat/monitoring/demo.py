"""Demo reporting rounds on the ASEAN–Japan work plan, so the demo users have something to do.

- "Round for the 24th SOMTC" (due 1 June 2024): a few reports of Indonesia and Japan submitted
  and accepted, then the round closed;
- "Round for the 27th SOMTC" (due 15 May 2027, previous = the first): open, every report a
  draft — ``idn.focal`` and ``jpn.focal`` report, ``secretariat`` reviews.

Everything goes through the services (as the people would), so the audit log, the versions and
the notifications are what the real workflow produces. Idempotent: a round found by its title
is left as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Meeting
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import close_round, open_round, review_report, save_report
from mufakat.monitoring.snapshots import freeze_round
from mufakat.registry.models import Party, PartyMembership
from mufakat.workplans.models import Instrument

INSTRUMENT_KEY = "asean-japan-wp-2023-2027"
SHARING_GROUP = "ASEAN-JPN"
FIRST_TITLE = "Round for the 24th SOMTC"
SECOND_TITLE = "Round for the 27th SOMTC"
SOURCE = "invented demo round (monitoring through SOMTC and AMMTC)"

#: (activity code, party, user, status, percent, narrative, {indicator name: value})
ACCEPTED_REPORTS: tuple[tuple[str, str, str, str, int | None, str, dict[str, str]], ...] = (
    (
        "AJ-1.2",
        "IDN",
        "idn.focal",
        "on_track",
        60,
        "Two of the three planned courses held in Jakarta and Bali (invented).",
        {"Officers trained": "120"},
    ),
    (
        "AJ-1.3",
        "IDN",
        "idn.focal",
        "completed",
        100,
        "Workshop held; its summary was shared with the WG on CT (invented).",
        {},
    ),
    (
        "AJ-2.1",
        "IDN",
        "idn.focal",
        "delayed",
        20,
        "Drafting postponed to after the cybercrime working group (invented).",
        {},
    ),
    (
        "AJ-1.2",
        "JPN",
        "jpn.focal",
        "on_track",
        50,
        "Japan's National Police Agency provided trainers for two courses (invented).",
        {},
    ),
    (
        "AJ-2.2",
        "JPN",
        "jpn.focal",
        "not_started",
        0,
        "Planned for the second half of the work plan (invented).",
        {},
    ),
)


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _somtc(number: int) -> Meeting | None:
    return Meeting.objects.filter(body__code="SOMTC", number=number).first()


def _reporting_parties() -> list[Party]:
    """Japan and the member states (those with a current membership)."""
    members = Party.objects.filter(
        memberships__status=PartyMembership.Status.MEMBER, memberships__end_date__isnull=True
    )
    return sorted({*members, *Party.objects.filter(code="JPN")}, key=lambda p: p.code)


def _round(
    secretariat: User, instrument: Instrument, title: str, **values: Any
) -> tuple[ReportingRound, bool]:
    existing = ReportingRound.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    created = open_round(
        actor=secretariat,
        title=title,
        instruments=[instrument],
        reporting_parties=_reporting_parties(),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=[SHARING_GROUP],
        source=SOURCE,
        **values,
    )
    return created, True


def _fill_and_accept(round_: ReportingRound, secretariat: User) -> int:
    done = 0
    for code, party, username, status, percent, narrative, values in ACCEPTED_REPORTS:
        report = ProgressReport.objects.filter(
            round=round_, activity__code=code, party__code=party
        ).first()
        user = User.objects.filter(username=username).first()
        if report is None or user is None or report.state != ProgressReport.State.DRAFT:
            continue
        indicators = {
            i.pk: values[i.name] for i in report.activity.indicators.all() if i.name in values
        }
        submitted = save_report(
            actor=user,
            report=report,
            changes={
                "status": status,
                "percent": percent,
                "narrative": narrative,
                "indicators": indicators,
            },
            expected_version=report.lock_version,
            submit=True,
        )
        review_report(actor=secretariat, report=submitted, accept=True, comment="Accepted.")
        done += 1
    return done


def load_monitoring_demo(*, stdout: Any = None) -> None:
    """Open (once) the two demo rounds; needs the registry, meetings and work plans loaded."""
    secretariat = User.objects.filter(username="secretariat").first()
    instrument = Instrument.objects.filter(key=INSTRUMENT_KEY).first()
    if secretariat is None or instrument is None:
        _say(stdout, "Monitoring demo skipped: load the demo registry and work plans first.")
        return
    with transaction.atomic():
        first, created = _round(
            secretariat,
            instrument,
            FIRST_TITLE,
            opens_on=dt.date(2024, 3, 1),
            due_date=dt.date(2024, 6, 1),
            meeting=_somtc(24),
            previous=None,
        )
        if created:
            accepted = _fill_and_accept(first, secretariat)
            close_round(actor=secretariat, round=first)
            freeze_round(actor=secretariat, round=first)
            _say(
                stdout, f"Opened “{first.title}”, accepted {accepted} reports, closed and froze it."
            )
        second, created = _round(
            secretariat,
            instrument,
            SECOND_TITLE,
            opens_on=dt.date(2025, 9, 1),
            due_date=dt.date(2027, 5, 15),
            meeting=_somtc(27),
            previous=first,
        )
        if created:
            _say(stdout, f"Opened “{second.title}” with {second.reports.count()} reports.")
