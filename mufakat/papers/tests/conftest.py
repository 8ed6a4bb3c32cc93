"""A small world for the meeting papers: the SOMTC, its Working Group on Counter-Terrorism, a
past and a coming SOMTC, an ASEAN–Japan work plan monitored through rounds shared with the
ASEAN + Japan group, a work plan for member states only, action items, knowledge items and
delegations — each with restricted parts that only some of the named users may see.

Dates are relative to today, so "overdue" and "since the previous meeting" stay true.

Who sees what (the named users of ``mufakat/conftest.py``):

- public: WG-CT 20/1 forwarded, SOMTC 24/1 (JPN, overdue), the good practice on terrorism;
- ASEAN + Japan group (AMBER): WG-CT 20/2 forwarded, the rounds of the ASEAN–Japan work plan;
- Indonesia only (AMBER+STRICT): WG-CT 20/3 forwarded, SOMTC 24/2, the BNPT statistics;
- member states only (GREEN): the ASEAN border work plan and its rounds;
- signed-in readers (GREEN): the request for expertise on prison radicalisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library.models import KnowledgeItem
from mufakat.meetings.models import (
    AgendaItem,
    Delegate,
    FollowUp,
    Forwarding,
    Invitation,
    Meeting,
    Outcome,
)
from mufakat.monitoring.models import ProgressReport, ReportingRound, Snapshot
from mufakat.monitoring.snapshots import freeze_round
from mufakat.registry.models import Body, CrimeArea, Party
from mufakat.testing.factories import (
    ActivityFactory,
    BodyFactory,
    CrimeAreaFactory,
    InstrumentFactory,
    MeetingFactory,
    OutcomeFactory,
    PriorityAreaFactory,
)
from mufakat.workplans.models import Activity, Instrument, PriorityArea

ACCEPTED = ProgressReport.State.ACCEPTED
SUBMITTED = ProgressReport.State.SUBMITTED
DRAFT = ProgressReport.State.DRAFT


def days(n: int) -> dt.date:
    """Today plus ``n`` days (negative: ago)."""
    return timezone.localdate() + dt.timedelta(days=n)


def make_round(
    *,
    title: str,
    instruments: list[Instrument],
    parties: list[Party],
    due: dt.date,
    meeting: Meeting | None,
    audience: str,
    tlp: str,
    groups: Sequence[SharingGroup] = (),
    previous: ReportingRound | None = None,
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
    round_.instruments.set(instruments)
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
    narrative: str = "",
) -> ProgressReport:
    """A report written directly (the workflow is the monitoring app's business)."""
    submitted = (
        None
        if state == DRAFT
        else timezone.make_aware(
            dt.datetime.combine(round_.due_date - dt.timedelta(days=3), dt.time(12))
        )
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
        narrative=narrative,
        submitted_at=submitted,
    )


@dataclass
class PapersWorld:
    somtc: Body
    wg_ct: Body
    m23: Meeting
    m24: Meeting
    m25: Meeting
    wg20: Meeting
    terrorism: CrimeArea
    aj: Instrument
    aj_ct: PriorityArea
    aj_cyber: PriorityArea
    a1: Activity
    a2: Activity
    a3: Activity
    r23: ReportingRound
    r24: ReportingRound
    r25: ReportingRound
    s23: Snapshot
    s24: Snapshot
    border: Instrument
    border_round: ReportingRound
    border_snapshot: Snapshot
    public_fwd: Forwarding
    group_fwd: Forwarding
    idn_fwd: Forwarding
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def papers_world(
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    outsider: User,
    idn: Party,
    jpn: Party,
    asec: Party,
    asean_japan: SharingGroup,
) -> PapersWorld:
    ammtc = BodyFactory.create(
        code="AMMTC", name="ASEAN Ministerial Meeting on Transnational Crime"
    )
    somtc = BodyFactory.create(
        code="SOMTC",
        name="Senior Officials Meeting on Transnational Crime",
        short_name="SOMTC",
        level=Body.Level.SENIOR_OFFICIALS,
        parent=ammtc,
    )
    wg_ct = BodyFactory.create(
        code="SOMTC-WG-CT",
        name="SOMTC Working Group on Counter-Terrorism",
        level=Body.Level.WORKING_GROUP,
        parent=somtc,
    )
    terrorism = CrimeAreaFactory.create(code="terrorism", name="Terrorism")
    cyber = CrimeAreaFactory.create(code="cybercrime", name="Cybercrime")
    wg_ct.crime_areas.set([terrorism])

    m23 = MeetingFactory.create(body=somtc, number=23, title="23rd SOMTC", start_date=days(-560))
    m24 = MeetingFactory.create(
        body=somtc, number=24, title="24th SOMTC", start_date=days(-200), city="Manila"
    )
    m25 = MeetingFactory.create(
        body=somtc,
        number=25,
        title="25th SOMTC",
        start_date=days(45),
        end_date=days(46),
        status=Meeting.Status.PLANNED,
        city="Jakarta",
        host=idn,
        chair=idn,
    )
    wg20 = MeetingFactory.create(
        body=wg_ct,
        number=20,
        title="20th SOMTC Working Group on Counter-Terrorism",
        start_date=days(-60),
    )
    AgendaItem.objects.create(meeting=m25, position=1, title="Adoption of the agenda")
    AgendaItem.objects.create(meeting=m25, position=2, title="Reports of the working groups")

    # a. Three outcomes of the working group forwarded to the 25th SOMTC.
    public = OutcomeFactory.create(
        meeting=wg20, number=1, text="Develop a regional counter-terrorism database."
    )
    group = OutcomeFactory.create(
        meeting=wg20,
        number=2,
        text="Assess the training needs for the Japan-funded CT course.",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )
    group.sharing_groups.set([asean_japan])
    secret = OutcomeFactory.create(
        meeting=wg20,
        number=3,
        kind=Outcome.Kind.DECISION,
        text="BNPT note on foreign terrorist fighters returning home.",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    public_fwd = Forwarding.objects.create(outcome=public, to_meeting=m25)
    group_fwd = Forwarding.objects.create(outcome=group, to_meeting=m25)
    idn_fwd = Forwarding.objects.create(outcome=secret, to_meeting=m25)

    # b. The ASEAN–Japan work plan (public), monitored through rounds shared with the group.
    aj = InstrumentFactory.create(
        key="aj-wp",
        title="ASEAN–Japan Work Plan 2023–2027",
        short_title="ASEAN–Japan Work Plan",
    )
    aj_ct = PriorityAreaFactory.create(instrument=aj, position=1, title="Counter-terrorism")
    aj_cyber = PriorityAreaFactory.create(instrument=aj, position=2, title="Cybercrime")
    aj_ct.crime_areas.set([terrorism])
    aj_cyber.crime_areas.set([cyber])
    a1 = ActivityFactory.create(priority_area=aj_ct, code="A1", title="Deradicalisation workshop")
    a2 = ActivityFactory.create(priority_area=aj_ct, code="A2", title="Border security training")
    a3 = ActivityFactory.create(priority_area=aj_cyber, code="A3", title="Cyber forensics course")
    shared: dict[str, Any] = {
        "instruments": [aj],
        "parties": [idn, jpn],
        "audience": Audience.SHARING_GROUP,
        "tlp": TLP.AMBER,
        "groups": [asean_japan],
    }
    r23 = make_round(title="Round for the 23rd SOMTC", due=days(-580), meeting=m23, **shared)
    report(r23, a1, idn, ACCEPTED, "on_track", 50)
    report(r23, a1, jpn, ACCEPTED, "not_started", 0)
    report(r23, a2, idn, ACCEPTED, "delayed", 20)
    report(r23, a2, jpn, ACCEPTED, "on_track", 40)
    report(r23, a3, idn, ACCEPTED, "on_track", 30)
    s23 = freeze_round(actor=secretariat, round=r23, acknowledge_early=True)
    r24 = make_round(
        title="Round for the 24th SOMTC", due=days(-220), meeting=m24, previous=r23, **shared
    )
    report(r24, a1, idn, ACCEPTED, "completed", 100, "Workshop held in Bogor with 40 officers.")
    report(r24, a1, jpn, SUBMITTED, "on_track", 60, "Trainers from the NPA recruited.")
    report(r24, a2, idn, ACCEPTED, "delayed", 30, "Venue postponed twice.")
    report(r24, a2, jpn, DRAFT, "completed", 100, "JAPAN DRAFT NOT TO BE SHOWN")
    report(r24, a3, idn, ACCEPTED, "on_track", 70, "Forensics lab equipment delivered.")
    s24 = freeze_round(actor=secretariat, round=r24, acknowledge_early=True)
    r25 = make_round(
        title="Round for the 25th SOMTC",
        due=days(20),
        meeting=m25,
        previous=r24,
        status=ReportingRound.Status.OPEN,
        **shared,
    )
    report(r25, a1, idn, SUBMITTED, "completed", 100)
    report(r25, a1, jpn, DRAFT, "on_track", 70)
    report(r25, a2, idn, DRAFT, "delayed", 40)
    report(r25, a2, jpn, DRAFT, "on_track", 50)
    report(r25, a3, idn, DRAFT, "not_reported", None)

    # A work plan for member states only, monitored through its own round.
    border = InstrumentFactory.create(
        key="border-wp",
        title="ASEAN Border Management Work Plan",
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
    )
    border_area = PriorityAreaFactory.create(instrument=border, position=1, title="Border posts")
    b1 = ActivityFactory.create(priority_area=border_area, code="B1", title="Joint border patrols")
    border_round = make_round(
        title="Border round for the 24th SOMTC",
        instruments=[border],
        parties=[idn],
        due=days(-215),
        meeting=m24,
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
    )
    report(border_round, b1, idn, ACCEPTED, "on_track", 45, "Patrols along the Kalimantan border.")
    border_snapshot = freeze_round(actor=secretariat, round=border_round, acknowledge_early=True)

    # c. Action items of the 24th SOMTC.
    OutcomeFactory.create(
        meeting=m24,
        number=1,
        kind=Outcome.Kind.ACTION_ITEM,
        text="Japan to present a consolidated progress report.",
        responsible=jpn,
        due_date=days(-10),
    )
    OutcomeFactory.create(
        meeting=m24,
        number=2,
        kind=Outcome.Kind.ACTION_ITEM,
        text="Indonesia to share the BNPT watch-list procedures.",
        responsible=idn,
        due_date=days(10),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    OutcomeFactory.create(
        meeting=m24,
        number=3,
        kind=Outcome.Kind.ACTION_ITEM,
        text="The Secretariat to circulate the reporting template.",
        responsible=asec,
        due_date=days(-40),
        follow_up=FollowUp.DONE,
        done_on=days(-45),
    )

    # d. Knowledge in the working group's crime area (terrorism).
    good = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title="Deradicalisation with families",
        owner_party=idn,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    good.crime_areas.set([terrorism])
    stats = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.STATISTICS,
        title="Ringkasan peserta program deradikalisasi",
        owner_party=idn,
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
    )
    stats.crime_areas.set([terrorism])
    request = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.EXPERTISE_REQUEST,
        title="Request: experts on prison radicalisation",
        owner_party=asec,
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
    )
    request.crime_areas.set([terrorism])

    # e. Invitations and a named delegation.
    Invitation.objects.create(meeting=m25, party=idn, nominated_at=timezone.now())
    Invitation.objects.create(meeting=m25, party=jpn)
    Delegate.objects.create(meeting=m25, party=idn, name="Ahmad Nur", is_head=True)
    Delegate.objects.create(meeting=m25, party=idn, name="Siti Rahma", position="Analyst")

    return PapersWorld(
        somtc=somtc,
        wg_ct=wg_ct,
        m23=m23,
        m24=m24,
        m25=m25,
        wg20=wg20,
        terrorism=terrorism,
        aj=aj,
        aj_ct=aj_ct,
        aj_cyber=aj_cyber,
        a1=a1,
        a2=a2,
        a3=a3,
        r23=r23,
        r24=r24,
        r25=r25,
        s23=s23,
        s24=s24,
        border=border,
        border_round=border_round,
        border_snapshot=border_snapshot,
        public_fwd=public_fwd,
        group_fwd=group_fwd,
        idn_fwd=idn_fwd,
    )
