"""A small world of meetings: the 19th WG on CT forwards to the 23rd SOMTC, which forwards to
the 17th AMMTC — and an Indonesian-only meeting with a BNPT note that few may see."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.registry.models import Agency, Body, Party
from mufakat.testing.factories import (
    BodyFactory,
    ForwardingFactory,
    MeetingFactory,
    OutcomeFactory,
)


@pytest.fixture
def ammtc(db: Any) -> Body:
    return BodyFactory.create(
        code="AMMTC",
        name="ASEAN Ministerial Meeting on Transnational Crime",
        level=Body.Level.MINISTERIAL,
    )


@pytest.fixture
def somtc(ammtc: Body) -> Body:
    return BodyFactory.create(
        code="SOMTC",
        name="Senior Officials Meeting on Transnational Crime",
        level=Body.Level.SENIOR_OFFICIALS,
        parent=ammtc,
    )


@pytest.fixture
def wg_ct(somtc: Body) -> Body:
    return BodyFactory.create(
        code="SOMTC-WG-CT",
        name="SOMTC Working Group on Counter-Terrorism",
        level=Body.Level.WORKING_GROUP,
        parent=somtc,
    )


@dataclass
class Chain:
    wg: Meeting
    somtc: Meeting
    ammtc: Meeting
    wg_outcome: Outcome
    somtc_outcome: Outcome
    ammtc_outcome: Outcome
    to_somtc: Forwarding
    to_ammtc: Forwarding


@pytest.fixture
def chain(wg_ct: Body, somtc: Body, ammtc: Body, idn: Party) -> Chain:
    """WG-CT 19/1 → SOMTC 23 (endorsed, as 23/1) → AMMTC 17 (adopted, as 17/1)."""
    wg = MeetingFactory.create(
        body=wg_ct,
        number=19,
        title="19th SOMTC Working Group on Counter-Terrorism",
        start_date=dt.date(2023, 5, 18),
        city="Bali",
        host=idn,
        chair=idn,
    )
    som = MeetingFactory.create(
        body=somtc, number=23, title="23rd SOMTC", start_date=dt.date(2023, 6, 19)
    )
    amm = MeetingFactory.create(
        body=ammtc, number=17, title="17th AMMTC", start_date=dt.date(2023, 8, 20)
    )
    wg_outcome = OutcomeFactory.create(meeting=wg, number=1, text="Develop a regional CT database.")
    somtc_outcome = OutcomeFactory.create(meeting=som, number=1, text="Endorse the WG-CT report.")
    ammtc_outcome = OutcomeFactory.create(meeting=amm, number=1, text="Adopt the CT database plan.")
    to_somtc = ForwardingFactory.create(
        outcome=wg_outcome,
        to_meeting=som,
        status=Forwarding.Status.ENDORSED,
        decision_note="Endorsed; submitted to the 17th AMMTC.",
        resulting_outcome=somtc_outcome,
    )
    to_ammtc = ForwardingFactory.create(
        outcome=somtc_outcome,
        to_meeting=amm,
        status=Forwarding.Status.ADOPTED,
        decision_note="Adopted by the Ministers.",
        resulting_outcome=ammtc_outcome,
    )
    return Chain(wg, som, amm, wg_outcome, somtc_outcome, ammtc_outcome, to_somtc, to_ammtc)


@pytest.fixture
def bnpt_meeting(wg_ct: Body, idn: Party, bnpt: Agency) -> Meeting:
    """A meeting only Indonesia may see (organisation audience, owned by IDN)."""
    return MeetingFactory.create(
        body=wg_ct,
        number=7,
        title="BNPT internal preparatory meeting",
        start_date=dt.date(2023, 4, 2),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )


@pytest.fixture
def bnpt_note(chain: Chain, idn: Party) -> Outcome:
    """An Indonesia-only outcome of an otherwise public meeting."""
    return OutcomeFactory.create(
        meeting=chain.wg,
        number=9,
        kind=Outcome.Kind.DECISION,
        text="BNPT note on foreign terrorist fighters.",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
