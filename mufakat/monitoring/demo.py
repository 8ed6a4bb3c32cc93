"""Demo reporting rounds, dated from the day the demo is loaded, so that My desk, the compliance
matrix and the dashboards have something true-looking to show on the first sign-in.

- "Round for the 24th SOMTC" and "Round for the 25th SOMTC" (ASEAN–Japan work plan): history,
  reported on time, reviewed, closed and frozen for their meetings;
- the round for the next SOMTC (ASEAN–Japan work plan): open, due in three weeks, with every
  situation a desk officer meets — accepted, submitted and waiting, returned with a comment,
  drafts in progress, parties that have not started;
- the Bali Work Plan round for the next AMMTC: still open ten days after its due date, with
  parties that reported on time, some that reported late and some still missing.

Everything goes through the services, as the people would (``idn.focal`` and ``jpn.focal``
report, ``secretariat`` reviews, the other member states through their reporting accounts, see
:mod:`mufakat.demo.people`), so the audit log, the versions and the notifications are what the
real workflow produces. Only the clock is moved afterwards (:func:`_backdate`): the services stamp
"now", and a story needs some reports handed in days or months ago. Idempotent: a round found by
its title is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.demo.people import focal_point, secretariat
from mufakat.meetings.models import Meeting, ordinal
from mufakat.monitoring.models import ProgressReport, ReportingRound, ReportVersion, Snapshot
from mufakat.monitoring.services import close_round, open_round, review_report, save_report
from mufakat.monitoring.snapshots import freeze_round
from mufakat.registry.models import Party, PartyMembership
from mufakat.workplans.models import Instrument

INSTRUMENT_KEY = "asean-japan-wp-2023-2027"
BALI_KEY = "bali-wp-2019-2025"
SHARING_GROUP = "ASEAN-JPN"
WG_CT_GROUP = "WG-CT"
FIRST_TITLE = "Round for the 24th SOMTC"
HISTORY_TITLE = "Round for the 25th SOMTC"
SOURCE = "Invented for the demonstration (reporting on the work plan through SOMTC and AMMTC)"

#: Days from the day of loading: the open round is due in three weeks, the overdue one was due
#: ten days ago.
OPEN_ROUND_OPENED = -30
OPEN_ROUND_DUE = 21
OVERDUE_ROUND_OPENED = -70
OVERDUE_ROUND_DUE = -10

# What each party has done with its reports in a round, one letter per activity (by code):
# A accepted, S submitted and waiting for review, R returned with a comment, D draft in
# progress, . not started. Parties not listed have not started.
OPEN_ROUND_PLAN: dict[str, str] = {
    "IDN": "AAARSDD",
    "JPN": "AASSSD",
    "SGP": "AAAAAAAAAAA",
    "THA": "SSSSSSSSSSS",
    "MYS": "AARASSSAAAA",
    "PHL": "AAADDD",
    "VNM": "DDDD",
    "KHM": "D",
}
#: The overdue round: (plan, day handed in relative to the day of loading).
OVERDUE_ROUND_PLAN: dict[str, tuple[str, int]] = {
    "IDN": ("AAAA", -16),
    "MYS": ("AAAA", -13),
    "SGP": ("AASS", -12),
    "THA": ("ARAA", -11),
    "PHL": ("SSSS", -6),  # late
    "VNM": ("AAAS", -3),  # late
    "KHM": ("DD", 0),
}
#: The other member states in the round of the 24th SOMTC: the first activities done, a year
#: into the work plan (Indonesia's and Japan's reports are ACCEPTED_REPORTS).
FIRST_ROUND_PLAN = "AAAA"
FIRST_ROUND_OTHERS_MISSING = ("IDN", "JPN", "MMR", "KHM")

#: The frozen round of the 25th SOMTC: nearly everyone reported, everything accepted.
HISTORY_PLAN = "AAAAAAAAA"
HISTORY_MISSING = ("MMR",)

#: Kept from the first version of the demo: the 24th SOMTC round's five accepted reports.
ACCEPTED_REPORTS: tuple[tuple[str, str, str, int | None, str], ...] = (
    ("AJ-1.2", "IDN", "on_track", 60, "Two of the three planned courses held."),
    ("AJ-1.3", "IDN", "completed", 100, "Workshop held; its summary was shared with the WG on CT."),
    (
        "AJ-2.1",
        "IDN",
        "delayed",
        20,
        "Drafting postponed until after the cybercrime working group.",
    ),
    ("AJ-1.2", "JPN", "on_track", 50, "Trainers provided for two courses."),
    ("AJ-2.2", "JPN", "not_started", 0, "Planned for the second half of the work plan."),
)

#: (status, percent, narrative) — picked in turn so that neighbouring reports differ.
CONTENT: tuple[tuple[str, int, str], ...] = (
    (
        "on_track",
        60,
        "Two of the three national training sessions held; the third is scheduled for the "
        "coming quarter.",
    ),
    (
        "completed",
        100,
        "Completed: the regional workshop was held and its summary circulated to the focal points.",
    ),
    (
        "on_track",
        40,
        "Legal review under way with the relevant ministries; a first draft is expected "
        "before the next meeting.",
    ),
    (
        "delayed",
        25,
        "Delayed: budget approval came later than planned; activities resume next quarter.",
    ),
    ("on_track", 75, "Joint exercise held with neighbouring countries; lessons learned compiled."),
    ("not_started", 0, "Scheduled for the second half of the work plan period."),
    (
        "on_track",
        50,
        "Information-sharing arrangement agreed in principle; technical details under discussion.",
    ),
)
DRAFT_NOTE = "Figures being collected from the agencies concerned."
RETURN_COMMENTS = (
    "Please give the number of participants and the dates of the sessions held.",
    "The percentage does not match the narrative: please check the figure or explain the delay.",
)
ACCEPT_COMMENT = "Accepted."


@dataclass(frozen=True)
class RoundStory:
    """What happened in one round: who did what, and when."""

    plans: dict[str, str]
    submitted_on: dict[str, dt.date]  # party code → day its reports were handed in
    reviewed_after: int = 2  # days between handing in and review


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _meeting(body: str, number: int) -> Meeting | None:
    return Meeting.objects.filter(body__code=body, number=number).first()


def next_planned(body: str, *, today: dt.date) -> Meeting | None:
    """The body's next planned meeting (the one the story prepares)."""
    return (
        Meeting.objects.filter(
            body__code=body, status=Meeting.Status.PLANNED, start_date__gte=today
        )
        .order_by("start_date")
        .first()
    )


def _reporting_parties() -> list[Party]:
    """Japan and the member states (those with a current membership)."""
    members = Party.objects.filter(
        memberships__status=PartyMembership.Status.MEMBER, memberships__end_date__isnull=True
    )
    return sorted({*members, *Party.objects.filter(code="JPN")}, key=lambda p: p.code)


def _open(
    actor: User,
    instrument: Instrument,
    title: str,
    *,
    group: str,
    parties: Iterable[Party] | None = None,
    **values: Any,
) -> tuple[ReportingRound, bool]:
    existing = ReportingRound.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    created = open_round(
        actor=actor,
        title=title,
        instruments=[instrument],
        reporting_parties=list(parties) if parties is not None else _reporting_parties(),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=[group],
        source=SOURCE,
        **values,
    )
    return created, True


def _backdate(report: ProgressReport, *, submitted: dt.datetime, reviewed: dt.datetime | None):
    """Move a report's hand-in and review to the story's days (the services stamp "now")."""
    fields: dict[str, Any] = {"submitted_at": submitted, "updated_at": reviewed or submitted}
    if reviewed is not None:
        fields["reviewed_at"] = reviewed
    ProgressReport.objects.filter(pk=report.pk).update(**fields)
    ReportVersion.objects.filter(report=report).update(created_at=submitted)


def _content(index: int) -> tuple[str, int, str]:
    return CONTENT[index % len(CONTENT)]


def _play(round_: ReportingRound, story: RoundStory, *, reviewer: User, today: dt.date) -> int:
    """Write the round's reports as the story says; returns how many were handed in."""
    reports = list(
        ProgressReport.objects.filter(round=round_)
        .select_related("party", "activity")
        .order_by("party__code", "activity__code")
    )
    by_party: dict[str, list[ProgressReport]] = {}
    for report in reports:
        by_party.setdefault(report.party.code, []).append(report)
    handed_in = 0
    for p_index, (code, plan) in enumerate(sorted(story.plans.items())):
        mine = by_party.get(code, [])
        if not mine:
            continue
        author = focal_point(code)
        day = story.submitted_on.get(code, today)
        for a_index, (report, step) in enumerate(zip(mine, plan, strict=False)):
            if step == ".":
                continue
            status, percent, narrative = _content(p_index + a_index)
            changes: dict[str, Any] = {"status": status, "percent": percent}
            if step == "D":
                changes["narrative"] = DRAFT_NOTE
                saved = save_report(
                    actor=author, report=report, changes=changes, expected_version=None
                )
                ProgressReport.objects.filter(pk=saved.pk).update(updated_at=_at(day, 16))
                continue
            changes["narrative"] = narrative
            saved = save_report(
                actor=author, report=report, changes=changes, expected_version=None, submit=True
            )
            handed_in += 1
            reviewed: dt.datetime | None = None
            if step in "AR":
                comment = (
                    ACCEPT_COMMENT
                    if step == "A"
                    else RETURN_COMMENTS[(p_index + a_index) % len(RETURN_COMMENTS)]
                )
                review_report(actor=reviewer, report=saved, accept=step == "A", comment=comment)
                reviewed = _at(min(day + dt.timedelta(days=story.reviewed_after), today), 15)
            _backdate(saved, submitted=_at(day), reviewed=reviewed)
    return handed_in


def _first_round(reviewer: User, instrument: Instrument) -> tuple[ReportingRound, bool]:
    first, created = _open(
        reviewer,
        instrument,
        FIRST_TITLE,
        group=SHARING_GROUP,
        opens_on=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 6, 1),
        meeting=_meeting("SOMTC", 24),
        previous=None,
    )
    if not created:
        return first, False
    for code, party, status, percent, narrative in ACCEPTED_REPORTS:
        report = ProgressReport.objects.get(round=first, activity__code=code, party__code=party)
        saved = save_report(
            actor=focal_point(party),
            report=report,
            changes={"status": status, "percent": percent, "narrative": narrative},
            expected_version=None,
            submit=True,
        )
        review_report(actor=reviewer, report=saved, accept=True, comment=ACCEPT_COMMENT)
        _backdate(saved, submitted=_at(dt.date(2024, 5, 20)), reviewed=_at(dt.date(2024, 5, 24)))
    others = [
        p.code for p in first.reporting_parties.all() if p.code not in FIRST_ROUND_OTHERS_MISSING
    ]
    story = RoundStory(
        plans={code: FIRST_ROUND_PLAN for code in others},
        submitted_on={code: dt.date(2024, 5, 10 + i % 15) for i, code in enumerate(others)},
        reviewed_after=6,
    )
    _play(first, story, reviewer=reviewer, today=first.due_date)
    close_round(actor=reviewer, round=first)
    _frozen_on(freeze_round(actor=reviewer, round=first), first.due_date + dt.timedelta(days=9))
    return first, True


def _frozen_on(snapshot: Snapshot, day: dt.date) -> None:
    """A snapshot of a past round was frozen then, before its meeting, not when the demo loads."""
    Snapshot.objects.filter(pk=snapshot.pk).update(frozen_at=_at(day, 11))


def _history_round(
    reviewer: User, instrument: Instrument, previous: ReportingRound, today: dt.date
) -> tuple[ReportingRound, bool]:
    round_, created = _open(
        reviewer,
        instrument,
        HISTORY_TITLE,
        group=SHARING_GROUP,
        opens_on=dt.date(2025, 3, 1),
        due_date=dt.date(2025, 6, 1),
        meeting=_meeting("SOMTC", 25),
        previous=previous,
    )
    if not created:
        return round_, False
    codes = [p.code for p in round_.reporting_parties.all() if p.code not in HISTORY_MISSING]
    story = RoundStory(
        plans={code: HISTORY_PLAN for code in codes},
        submitted_on={code: dt.date(2025, 5, 12 + i % 15) for i, code in enumerate(codes)},
        reviewed_after=5,
    )
    _play(round_, story, reviewer=reviewer, today=today)
    close_round(actor=reviewer, round=round_)
    _frozen_on(freeze_round(actor=reviewer, round=round_), round_.due_date + dt.timedelta(days=8))
    return round_, True


def open_round_title(meeting: Meeting | None) -> str:
    if meeting is None or meeting.number is None:
        return "Round for the next SOMTC"
    return f"Round for the {ordinal(meeting.number)} SOMTC"


def overdue_round_title(meeting: Meeting | None) -> str:
    if meeting is None or meeting.number is None:
        return "Bali Work Plan: round for the next AMMTC"
    return f"Bali Work Plan: round for the {ordinal(meeting.number)} AMMTC"


def load_monitoring_demo(
    *,
    stdout: Any = None,
    today: dt.date | None = None,
    somtc: Meeting | None = None,
    ammtc: Meeting | None = None,
) -> None:
    """Open (once) the demo rounds; needs the registry, meetings and work plans loaded. The open
    rounds feed ``somtc`` and ``ammtc``, by default the next planned ones (the story's, see
    :mod:`mufakat.demo.story`, which passes its own so a later reload finds the same rounds)."""
    today = today or timezone.localdate()
    reviewer = User.objects.filter(username="secretariat").first()
    instrument = Instrument.objects.filter(key=INSTRUMENT_KEY).first()
    bali = Instrument.objects.filter(key=BALI_KEY).first()
    if reviewer is None or instrument is None or bali is None:
        _say(stdout, "Monitoring demo skipped: load the demo registry and work plans first.")
        return
    reviewer = secretariat()
    with transaction.atomic():
        first, created = _first_round(reviewer, instrument)
        if created:
            _say(stdout, f"Opened “{first.title}”, accepted its reports, closed and froze it.")
        history, created = _history_round(reviewer, instrument, first, today)
        if created:
            _say(stdout, f"Opened “{history.title}”, reported, closed and froze it.")

        somtc = somtc or next_planned("SOMTC", today=today)
        current, created = _open(
            reviewer,
            instrument,
            open_round_title(somtc),
            group=SHARING_GROUP,
            opens_on=today + dt.timedelta(days=OPEN_ROUND_OPENED),
            due_date=today + dt.timedelta(days=OPEN_ROUND_DUE),
            meeting=somtc,
            previous=history,
        )
        if created:
            days = {
                code: today + dt.timedelta(days=-(3 + 2 * i))
                for i, code in enumerate(sorted(OPEN_ROUND_PLAN))
            }
            story = RoundStory(plans=OPEN_ROUND_PLAN, submitted_on=days)
            n = _play(current, story, reviewer=reviewer, today=today)
            _say(stdout, f"Opened “{current.title}”: {n} reports handed in so far.")

        ammtc = ammtc or next_planned("AMMTC", today=today)
        overdue, created = _open(
            reviewer,
            bali,
            overdue_round_title(ammtc),
            group=WG_CT_GROUP,
            opens_on=today + dt.timedelta(days=OVERDUE_ROUND_OPENED),
            due_date=today + dt.timedelta(days=OVERDUE_ROUND_DUE),
            meeting=ammtc,
            previous=None,
        )
        if created:
            story = RoundStory(
                plans={code: plan for code, (plan, _) in OVERDUE_ROUND_PLAN.items()},
                submitted_on={
                    code: today + dt.timedelta(days=offset)
                    for code, (_, offset) in OVERDUE_ROUND_PLAN.items()
                },
            )
            n = _play(overdue, story, reviewer=reviewer, today=today)
            _say(stdout, f"Opened “{overdue.title}” (now overdue): {n} reports handed in.")


__all__ = [
    "FIRST_TITLE",
    "HISTORY_TITLE",
    "load_monitoring_demo",
    "next_planned",
    "open_round_title",
    "overdue_round_title",
]
