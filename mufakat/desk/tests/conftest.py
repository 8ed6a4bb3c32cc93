"""A cycle between meetings, seen from each desk.

- Two open rounds on the ASEAN–Japan work plan (shared with ASEAN + Japan): one five days past
  its due date, one due in three weeks that feeds the next SOMTC, plus a round the Secretariat
  keeps to itself ("Secretariat-only round") and a closed one.
- The 25th SOMTC in 30 days (public, no documents yet), chaired by Indonesia, with an item
  forwarded from the 20th WG-CT; an ASEAN-only "restricted retreat" in 40 days; the 19th AMMTC in
  a year (beyond the Secretariat's 120 days).
- Action items of the 20th WG-CT: one overdue for Indonesia, one open for Indonesia, one for
  Japan.
- Named people: ``secretariat``, ``idn_focal``, ``jpn_focal``, ``outsider`` (mufakat/conftest.py)
  and ``idn_chair``, the chair of the SOMTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.delegations import invite_parties
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import review_report, save_report
from mufakat.monitoring.tests.reports_fixtures import Plan, make_plan, report_of, start_round
from mufakat.registry.models import Body, Party, Term
from mufakat.testing.factories import (
    BodyFactory,
    ForwardingFactory,
    MeetingFactory,
    OutcomeFactory,
    UserFactory,
    sharing_group,
)

OVERDUE_ROUND = "Round for the 24th SOMTC"
NEXT_ROUND = "Round for the 25th SOMTC"
SECRET_ROUND = "Secretariat-only round"
RETURN_COMMENT = "Add the number of officers trained, please."
OVERDUE_ITEM = "Share the national deradicalisation curriculum with the working group."
OPEN_ITEM = "Host the next regional workshop on terrorist financing."
JAPAN_ITEM = "Fund the border security training."
RESTRICTED_MEETING = "ASEAN-only retreat on sensitive cases"


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class World:
    plan: Plan
    overdue_round: ReportingRound
    next_round: ReportingRound
    secret_round: ReportingRound
    somtc: Body
    wg: Body
    next_somtc: Meeting
    retreat: Meeting
    held_wg: Meeting
    overdue_item: Outcome
    open_item: Outcome
    forwarded: Forwarding


@pytest.fixture
def somtc_body(db: Any) -> Body:
    ammtc = BodyFactory(code="AMMTC", name="ASEAN Ministerial Meeting on Transnational Crime")
    return BodyFactory(
        code="SOMTC",
        name="Senior Officials Meeting on Transnational Crime",
        level=Body.Level.SENIOR_OFFICIALS,
        parent=ammtc,
    )


@pytest.fixture
def asean_only(idn: Party, asec: Party) -> SharingGroup:
    return sharing_group("asean-only", [idn, asec], name="ASEAN only")


@pytest.fixture
def idn_chair(idn: Party, somtc_body: Body) -> User:
    """Indonesia's chair of the SOMTC (a current chair term of the body)."""
    Term.objects.create(
        body=somtc_body,
        party=idn,
        role=Term.Role.CHAIR,
        start_date=today() - dt.timedelta(days=200),
    )
    return UserFactory(username="idn.chair", party=idn, role=Role.CHAIR)


def add_rounds(secretariat: User, plan: Plan, *, meeting: Meeting | None, n: int = 0) -> None:
    """``n`` more open rounds (for query counts: the desk must not grow with them)."""
    for i in range(n):
        start_round(
            secretariat,
            plan,
            title=f"Extra round {i}",
            opens_on=today() - dt.timedelta(days=30),
            due_date=today() + dt.timedelta(days=10 + i),
            meeting=meeting,
        )


def add_meetings(body: Body, wg: Body, idn: Party, *, n: int, start: int = 50) -> None:
    """``n`` more upcoming meetings, each with a pending forwarding and an action item."""
    for i in range(n):
        meeting = MeetingFactory(
            body=body,
            number=1000 + start + i,
            title=f"Extra meeting {start + i}",
            start_date=today() + dt.timedelta(days=start + i),
            status=Meeting.Status.PLANNED,
        )
        origin = MeetingFactory(
            body=wg, number=2000 + start + i, start_date=today() - dt.timedelta(days=100 + i)
        )
        outcome = OutcomeFactory(
            meeting=origin,
            number=1,
            kind=Outcome.Kind.ACTION_ITEM,
            responsible=idn,
            due_date=today() - dt.timedelta(days=i + 1),
        )
        ForwardingFactory(outcome=outcome, to_meeting=meeting)


def add_library(idn: Party, jpn: Party, follower: User, *, n: int, start: int = 0) -> None:
    """``n`` requests for expertise of Japan and ``n`` matching items of Indonesia, in a crime
    area ``follower`` follows."""
    from mufakat.library.models import Follow, KnowledgeItem
    from mufakat.registry.models import CrimeArea

    area, _ = CrimeArea.objects.get_or_create(code="terrorism", defaults={"name": "Terrorism"})
    Follow.objects.get_or_create(user=follower, crime_area=area)
    for i in range(start, start + n):
        for owner, kind in (
            (jpn, KnowledgeItem.Kind.EXPERTISE_REQUEST),
            (idn, KnowledgeItem.Kind.GOOD_PRACTICE),
        ):
            item = KnowledgeItem.objects.create(
                kind=kind,
                title=f"{owner.code} item {i}",
                audience=Audience.PLATFORM,
                tlp=TLP.GREEN,
                owner_party=owner,
            )
            item.crime_areas.set([area])


@pytest.fixture
def world(
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    outsider: User,
    idn: Party,
    jpn: Party,
    asec: Party,
    asean_japan: SharingGroup,
    asean_only: SharingGroup,
    somtc_body: Body,
) -> World:
    plan = make_plan(idn, jpn, asean_japan)
    wg = BodyFactory(
        code="SOMTC-WG-CT", name="Working Group on Counter-Terrorism", parent=somtc_body
    )
    next_somtc = MeetingFactory(
        body=somtc_body,
        number=25,
        title="25th SOMTC",
        start_date=today() + dt.timedelta(days=30),
        status=Meeting.Status.PLANNED,
        city="Jakarta",
    )
    retreat = MeetingFactory(
        body=somtc_body,
        number=None,
        title=RESTRICTED_MEETING,
        start_date=today() + dt.timedelta(days=40),
        status=Meeting.Status.PLANNED,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )
    retreat.sharing_groups.set([asean_only])
    MeetingFactory(
        body=somtc_body.parent,
        number=19,
        title="19th AMMTC",
        start_date=today() + dt.timedelta(days=365),
        status=Meeting.Status.PLANNED,
    )

    overdue_round = start_round(
        secretariat,
        plan,
        title=OVERDUE_ROUND,
        opens_on=today() - dt.timedelta(days=90),
        due_date=today() - dt.timedelta(days=5),
    )
    next_round = start_round(
        secretariat,
        plan,
        title=NEXT_ROUND,
        opens_on=today() - dt.timedelta(days=10),
        due_date=today() + dt.timedelta(days=21),
        meeting=next_somtc,
    )
    secret_round = start_round(
        secretariat,
        plan,
        title=SECRET_ROUND,
        opens_on=today() - dt.timedelta(days=10),
        due_date=today() + dt.timedelta(days=25),
        audience=Audience.SHARING_GROUP,
        sharing_groups=["asean-only"],
        reporting_parties=["IDN"],
        meeting=retreat,
    )
    # Indonesia submits CT-2 of the next round; the Secretariat returns it with a comment.
    ct2 = report_of(next_round, "CT-2", "IDN")
    save_report(
        actor=idn_focal,
        report=ct2,
        changes={"status": "on_track", "percent": 40, "narrative": "Two sessions held."},
        expected_version=ct2.lock_version,
        submit=True,
    )
    review_report(
        actor=secretariat,
        report=ProgressReport.objects.get(pk=ct2.pk),
        accept=False,
        comment=RETURN_COMMENT,
    )
    # Japan submits its CT-1 of the overdue round: it waits for review.
    jp1 = report_of(overdue_round, "CT-1", "JPN")
    save_report(
        actor=jpn_focal,
        report=jp1,
        changes={"status": "completed", "percent": 100},
        expected_version=jp1.lock_version,
        submit=True,
    )

    held_wg = MeetingFactory(
        body=wg,
        number=20,
        title="20th WG-CT",
        start_date=today() - dt.timedelta(days=60),
        status=Meeting.Status.HELD,
    )
    overdue_item = OutcomeFactory(
        meeting=held_wg,
        number=1,
        kind=Outcome.Kind.ACTION_ITEM,
        text=OVERDUE_ITEM,
        responsible=idn,
        due_date=today() - dt.timedelta(days=3),
    )
    open_item = OutcomeFactory(
        meeting=held_wg,
        number=2,
        kind=Outcome.Kind.ACTION_ITEM,
        text=OPEN_ITEM,
        responsible=idn,
        due_date=today() + dt.timedelta(days=45),
    )
    OutcomeFactory(
        meeting=held_wg,
        number=3,
        kind=Outcome.Kind.ACTION_ITEM,
        text=JAPAN_ITEM,
        responsible=jpn,
        due_date=today() - dt.timedelta(days=10),
    )
    recommendation = OutcomeFactory(
        meeting=held_wg, number=4, text="Adopt the regional counter-terrorism database."
    )
    forwarded = ForwardingFactory(outcome=recommendation, to_meeting=next_somtc)
    invite_parties(actor=secretariat, meeting=next_somtc, parties=["IDN", "JPN"])
    return World(
        plan=plan,
        overdue_round=overdue_round,
        next_round=next_round,
        secret_round=secret_round,
        somtc=somtc_body,
        wg=wg,
        next_somtc=next_somtc,
        retreat=retreat,
        held_wg=held_wg,
        overdue_item=overdue_item,
        open_item=open_item,
        forwarded=forwarded,
    )


__all__ = ["World", "add_library", "add_meetings", "add_rounds", "today"]
