"""A small ASEAN–Japan work plan and a round on it, shared by the reports tests.

Activities and who is involved (IDN and JPN report; Canada is outside the sharing group):

- CT-1: led by IDN, joined by JPN      → reports IDN, JPN
- CT-2: led by JPN, joined by IDN      → reports IDN, JPN
- CT-3: led by IDN                     → report IDN
- CT-4: led by Malaysia (not reporting) → no report
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import open_round, save_report
from mufakat.registry.models import Party
from mufakat.testing.factories import (
    ActivityFactory,
    InstrumentFactory,
    PriorityAreaFactory,
    UserFactory,
    member_state,
)
from mufakat.workplans.models import Activity, Indicator, Instrument


@dataclass
class Plan:
    instrument: Instrument
    ct1: Activity
    ct2: Activity
    ct3: Activity
    ct4: Activity
    people: Indicator
    quality: Indicator


def make_plan(idn: Party, jpn: Party, group: SharingGroup, key: str = "asean-japan-wp") -> Plan:
    mys = member_state("MYS", "Malaysia")
    instrument = InstrumentFactory(
        key=key,
        title="ASEAN–Japan work plan",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )
    instrument.sharing_groups.set([group])
    area = PriorityAreaFactory(instrument=instrument, title="Counter-terrorism", position=1)
    ct1 = ActivityFactory(priority_area=area, code="CT-1", title="Workshop on deradicalisation")
    ct1.lead_parties.set([idn])
    ct1.participating_parties.set([jpn])
    ct2 = ActivityFactory(priority_area=area, code="CT-2", title="Border security training")
    ct2.lead_parties.set([jpn])
    ct2.participating_parties.set([idn])
    ct3 = ActivityFactory(priority_area=area, code="CT-3", title="Terrorist financing study")
    ct3.lead_parties.set([idn])
    ct4 = ActivityFactory(priority_area=area, code="CT-4", title="Maritime exercise")
    ct4.lead_parties.set([mys])
    people = Indicator.objects.create(
        activity=ct1, name="Officers trained", kind=Indicator.Kind.NUMERIC, target="100"
    )
    quality = Indicator.objects.create(
        activity=ct1, name="Quality of the curriculum", kind=Indicator.Kind.QUALITATIVE
    )
    return Plan(instrument, ct1, ct2, ct3, ct4, people, quality)


@pytest.fixture
def plan(idn: Party, jpn: Party, asean_japan: SharingGroup) -> Plan:
    return make_plan(idn, jpn, asean_japan)


def start_round(secretariat: User, plan: Plan, **overrides: Any) -> ReportingRound:
    values: dict[str, Any] = {
        "title": "Round for the 24th SOMTC",
        "instruments": [plan.instrument],
        "reporting_parties": ["IDN", "JPN"],
        "opens_on": dt.date(2024, 3, 1),
        "due_date": dt.date(2024, 6, 1),
        "audience": Audience.SHARING_GROUP,
        "tlp": TLP.AMBER,
        "sharing_groups": ["asean-jpn"],
    }
    values.update(overrides)
    return open_round(actor=secretariat, **values)


@pytest.fixture
def round_(secretariat: User, plan: Plan, idn_focal: User, jpn_focal: User) -> ReportingRound:
    return start_round(secretariat, plan)


def report_of(round_: ReportingRound, code: str, party: str) -> ProgressReport:
    return ProgressReport.objects.get(round=round_, activity__code=code, party__code=party)


def submit_on_track(user: User, report: ProgressReport, narrative: str = "") -> ProgressReport:
    """The report submitted "on track" at 40 %, as a focal point would."""
    changes: dict[str, Any] = {"status": "on_track", "percent": 40}
    if narrative:
        changes["narrative"] = narrative
    return save_report(
        actor=user, report=report, changes=changes, expected_version=None, submit=True
    )


@pytest.fixture
def idn_ct1(round_: ReportingRound) -> ProgressReport:
    return report_of(round_, "CT-1", "IDN")


@pytest.fixture
def idn_ct2(round_: ReportingRound) -> ProgressReport:
    return report_of(round_, "CT-2", "IDN")


@pytest.fixture
def idn_focal_2(idn: Party) -> User:
    """A second focal point of Indonesia, for concurrent edits."""
    return UserFactory(username="idn.focal2", party=idn, role=Role.FOCAL_POINT)


__all__ = [
    "Plan",
    "idn_ct1",
    "idn_ct2",
    "idn_focal_2",
    "make_plan",
    "plan",
    "report_of",
    "round_",
    "start_round",
]
