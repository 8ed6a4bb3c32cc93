"""A small, real-looking lineage shared by the workplans tests.

    ASEAN–Japan Joint Declaration 2014 (public)
        ↑ implements
    ASEAN–Japan Work Plan 2023–2027 (public; two priority areas, activities, an indicator)
        ↑ derives from
    Japan cyber annex (ASEAN + Japan sharing group only: hidden from the outsider)

and the Bali Work Plan 2019–2025, extended to 2026 at the 19th AMMTC.
"""

import datetime as dt
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Body, CrimeArea, Party
from mufakat.workplans.models import Activity, Indicator, Instrument, InstrumentLink
from mufakat.workplans.tests import make


@pytest.fixture
def terrorism(db: Any) -> CrimeArea:
    return make.crime_area(code="terrorism", name="Terrorism", order=1)


@pytest.fixture
def cybercrime(db: Any) -> CrimeArea:
    return make.crime_area(code="cybercrime", name="Cybercrime", order=8)


@pytest.fixture
def asean(db: Any) -> Party:

    return make.party(code="ASEAN", name="ASEAN", kind=Party.Kind.ORGANISATION, is_asean_organ=True)


@pytest.fixture
def ammtc(db: Any) -> Body:
    return make.body(code="AMMTC", name="ASEAN Ministerial Meeting on Transnational Crime")


@pytest.fixture
def ammtc_17(ammtc: Body) -> Meeting:
    return make.meeting(
        body=ammtc,
        number=17,
        title="17th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
        start_date=dt.date(2023, 8, 21),
    )


@pytest.fixture
def ammtc_19(ammtc: Body) -> Meeting:
    return make.meeting(
        body=ammtc,
        number=19,
        title="19th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
        start_date=dt.date(2025, 10, 29),
    )


@pytest.fixture
def closed_meeting(ammtc: Body, idn: Party) -> Meeting:
    """A meeting only Indonesia's focal point may see."""
    return make.meeting(
        body=ammtc,
        number=99,
        title="Closed meeting",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )


@pytest.fixture
def declaration(asean: Party, jpn: Party) -> Instrument:
    instrument = make.instrument(
        key="asean-japan-jd-2014",
        title="ASEAN–Japan Joint Declaration for Cooperation in Combating Terrorism and "
        "Transnational Crime",
        short_title="ASEAN–Japan Joint Declaration (2014)",
        kind=Instrument.Kind.DECLARATION,
        start_year=None,
        end_year=None,
        adopted_on=dt.date(2014, 11, 12),
        source="Joint declaration, 12 Nov 2014",
    )
    instrument.parties.set([asean, jpn])
    return instrument


@pytest.fixture
def work_plan(
    declaration: Instrument,
    asean: Party,
    jpn: Party,
    idn: Party,
    ammtc_17: Meeting,
    terrorism: CrimeArea,
    cybercrime: CrimeArea,
) -> Instrument:
    plan = make.instrument(
        key="asean-japan-wp-2023-2027",
        title="ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027",
        short_title="ASEAN–Japan Work Plan 2023–2027",
        start_year=2023,
        end_year=2027,
        adopted_on=dt.date(2023, 8, 22),
        adopted_at=ammtc_17,
        place="Labuan Bajo",
        source="Press statement of the 17th AMMTC",
    )
    plan.parties.set([asean, jpn])
    InstrumentLink.objects.create(
        source=plan, target=declaration, kind=InstrumentLink.Kind.IMPLEMENTS
    )
    ct = make.priority_area(instrument=plan, position=1, title="Counter terrorism")
    ct.crime_areas.set([terrorism])
    cyber = make.priority_area(instrument=plan, position=2, title="Cybercrime")
    cyber.crime_areas.set([cybercrime])
    training = make.activity(
        priority_area=ct,
        code="CT-1",
        title="Training on terrorist financing investigations",
        start_year=2024,
        end_year=2025,
    )
    training.lead_parties.set([jpn])
    training.participating_parties.set([idn])
    Indicator.objects.create(
        activity=training,
        name="Officers trained",
        kind=Indicator.Kind.NUMERIC,
        baseline="0",
        target="120",
        unit="officers",
    )
    workshop = make.activity(
        priority_area=cyber, code="CY-1", title="Workshop on cybercrime evidence"
    )
    workshop.lead_parties.set([idn])
    return plan


@pytest.fixture
def training(work_plan: Instrument) -> Activity:
    return Activity.objects.get(code="CT-1")


@pytest.fixture
def cyber_annex(work_plan: Instrument, asean_japan: Any, jpn: Party) -> Instrument:
    """Shared with ASEAN + Japan only: the outsider (Canada) must never learn of it."""
    annex = make.instrument(
        key="japan-cyber-annex",
        title="Confidential cyber annex to the ASEAN–Japan Work Plan",
        kind=Instrument.Kind.WORK_PROGRAMME,
        start_year=2024,
        end_year=2026,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        owner_party=jpn,
    )
    annex.sharing_groups.set([asean_japan])
    InstrumentLink.objects.create(
        source=annex, target=work_plan, kind=InstrumentLink.Kind.DERIVES_FROM
    )
    return annex


@pytest.fixture
def bali_work_plan(ammtc_19: Meeting, asean: Party) -> Instrument:
    plan = make.instrument(
        key="bali-wp-2019-2025",
        title="Bali Work Plan 2019–2025",
        short_title="Bali Work Plan",
        start_year=2019,
        end_year=2025,
        extended_to_year=2026,
        extended_at=ammtc_19,
    )
    plan.parties.set([asean])
    return plan


@pytest.fixture
def sdg_16(db: Any) -> None:
    """The SDG 16 targets, written by a migration: a transactional test elsewhere in the same
    process may have emptied the tables since, so bring them back (idempotent)."""
    from mufakat.frameworks.reference import load_reference_frameworks

    load_reference_frameworks()
