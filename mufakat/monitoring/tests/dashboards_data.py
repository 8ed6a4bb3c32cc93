"""A small hand-made monitoring history for the dashboard tests, with figures worked out by hand.

Instrument "aj-wp" (public), two priority areas:

- 1. Counter-terrorism: A1 (lead IDN, joined by JPN), A2 (lead JPN, joined by IDN)
- 2. Cybercrime:        A3 (lead IDN)

Two rounds shared with the ASEAN + Japan group (TLP:AMBER): R1 for the 23rd SOMTC (due
31 May 2024) and R2 for the 24th SOMTC (due 31 May 2025, previous R1). Reports
(activity/party: workflow, status, percent, submitted):

R1: A1/IDN accepted completed 100 on time · A1/JPN accepted on_track 50 on time ·
    A2/JPN accepted delayed 25 late · A2/IDN accepted not_started 0 on time ·
    A3/IDN accepted on_track 40 on time
R2: A1/IDN submitted completed 100 on time · A1/JPN *draft* on_track 60 ·
    A2/JPN accepted completed 100 on time · A2/IDN returned delayed 30 late ·
    A3/IDN *draft* completed 100
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.registry.models import Party
from mufakat.testing.factories import (
    ActivityFactory,
    BodyFactory,
    InstrumentFactory,
    MeetingFactory,
    PriorityAreaFactory,
)
from mufakat.workplans.models import Activity, Instrument, PriorityArea

S, A, R, D = "submitted", "accepted", "returned", "draft"


@dataclass
class History:
    instrument: Instrument
    ct: PriorityArea
    cyber: PriorityArea
    a1: Activity
    a2: Activity
    a3: Activity
    r1: ReportingRound
    r2: ReportingRound
    m23: Meeting
    m24: Meeting


def at(day: dt.date, *, late_days: int = 0) -> dt.datetime:
    """Noon (local time) ``late_days`` after ``day``; ``-1``: the day before."""
    moment = dt.datetime.combine(day + dt.timedelta(days=late_days), dt.time(12))
    return timezone.make_aware(moment)


def make_round(
    *,
    title: str,
    instrument: Instrument,
    parties: list[Party],
    due: dt.date,
    meeting: Meeting | None = None,
    previous: ReportingRound | None = None,
    audience: str = Audience.SHARING_GROUP,
    tlp: str = TLP.AMBER,
    groups: list[SharingGroup] | None = None,
    status: str = ReportingRound.Status.CLOSED,
) -> ReportingRound:
    round_ = ReportingRound.objects.create(
        title=title,
        meeting=meeting,
        previous=previous,
        opens_on=due - dt.timedelta(days=60),
        due_date=due,
        audience=audience,
        tlp=tlp,
        status=status,
    )
    round_.instruments.set([instrument])
    round_.reporting_parties.set(parties)
    if groups:
        round_.sharing_groups.set(groups)
    return round_


def report(
    round_: ReportingRound,
    activity: Activity,
    party: Party,
    state: str,
    status: str,
    percent: int | None,
    *,
    late_days: int | None = -1,
) -> ProgressReport:
    """A report written directly (the workflow is the reports part's business)."""
    submitted = (
        None if state == D or late_days is None else at(round_.due_date, late_days=late_days)
    )
    return ProgressReport.objects.create(
        round=round_,
        activity=activity,
        party=party,
        instrument_id=activity.priority_area.instrument_id,
        priority_area=activity.priority_area,
        state=state,
        status=status,
        percent=percent,
        submitted_at=submitted,
    )


def make_history(idn: Party, jpn: Party, group: SharingGroup) -> History:
    instrument = InstrumentFactory(key="aj-wp", title="ASEAN–Japan Work Plan 2023–2027")
    ct = PriorityAreaFactory(instrument=instrument, position=1, title="Counter-terrorism")
    cyber = PriorityAreaFactory(instrument=instrument, position=2, title="Cybercrime")
    a1 = ActivityFactory(priority_area=ct, code="A1", title="Deradicalisation workshop")
    a1.lead_parties.set([idn])
    a1.participating_parties.set([jpn])
    a2 = ActivityFactory(priority_area=ct, code="A2", title="Border security training")
    a2.lead_parties.set([jpn])
    a2.participating_parties.set([idn])
    a3 = ActivityFactory(priority_area=cyber, code="A3", title="Cyber forensics course")
    a3.lead_parties.set([idn])
    somtc = BodyFactory(code="SOMTC", name="Senior Officials Meeting on Transnational Crime")
    m23 = MeetingFactory(body=somtc, number=23, title="23rd SOMTC", start_date=dt.date(2024, 6, 20))
    m24 = MeetingFactory(body=somtc, number=24, title="24th SOMTC", start_date=dt.date(2025, 6, 20))
    shared: dict[str, Any] = {"instrument": instrument, "parties": [idn, jpn], "groups": [group]}
    r1 = make_round(
        title="Round for the 23rd SOMTC", due=dt.date(2024, 5, 31), meeting=m23, **shared
    )
    r2 = make_round(
        title="Round for the 24th SOMTC",
        due=dt.date(2025, 5, 31),
        meeting=m24,
        previous=r1,
        **shared,
    )
    report(r1, a1, idn, A, "completed", 100)
    report(r1, a1, jpn, A, "on_track", 50)
    report(r1, a2, jpn, A, "delayed", 25, late_days=3)
    report(r1, a2, idn, A, "not_started", 0)
    report(r1, a3, idn, A, "on_track", 40)
    report(r2, a1, idn, S, "completed", 100)
    report(r2, a1, jpn, D, "on_track", 60)
    report(r2, a2, jpn, A, "completed", 100)
    report(r2, a2, idn, R, "delayed", 30, late_days=2)
    report(r2, a3, idn, D, "completed", 100)
    return History(instrument, ct, cyber, a1, a2, a3, r1, r2, m23, m24)


def grow(
    history: History, parties: list[Party], *, activities: int, user: User | None = None
) -> None:
    """More activities, reports and a third round: the data grows, the query count must not."""
    for n in range(activities):
        area = history.ct if n % 2 else history.cyber
        activity = ActivityFactory(priority_area=area, code=f"X{n}", title=f"Extra activity {n}")
        activity.lead_parties.set(parties[:1])
        activity.participating_parties.set(parties[1:])
        for party in parties:
            report(history.r2, activity, party, A, "on_track", 50)
    extra = make_round(
        title="Round for the 25th SOMTC",
        instrument=history.instrument,
        parties=parties,
        due=dt.date(2026, 5, 31),
        groups=list(history.r2.sharing_groups.all()),
        previous=history.r2,
    )
    for activity in Activity.objects.filter(priority_area__instrument=history.instrument):
        for party in parties:
            report(extra, activity, party, S, "on_track", 70)
