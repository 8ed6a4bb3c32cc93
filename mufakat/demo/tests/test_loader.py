"""The loaded demo: its accounts, the sourced facts and their links, and the gate in the data."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mufakat.accounts.models import User
from mufakat.demo import data as d
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import Instrument, InstrumentLink


def meeting(body: str, number: int) -> Meeting:
    return Meeting.objects.get(body__code=body, number=number)


@pytest.fixture
def loaded(demo: str, db: Any) -> str:
    return demo


def test_the_command_prints_the_demo_accounts(loaded: str) -> None:
    for user in d.DEMO_USERS:
        assert user.username in loaded and user.password in loaded


def test_demo_users_can_sign_in_with_the_documented_passwords(loaded: str) -> None:
    for u in d.DEMO_USERS:
        user = User.objects.get(username=u.username)
        assert user.check_password(u.password)
        assert user.party is not None and (user.party.code, user.role) == (u.party, u.role)
        assert (user.agency.acronym if user.agency else None) == u.agency


def test_wg_ct_outcomes_are_forwarded_to_the_23rd_somtc_and_on_to_the_17th_ammtc(
    loaded: str,
) -> None:
    wg_ct = meeting("SOMTC-WG-CT", 19)
    somtc = meeting("SOMTC", 23)
    forwarded = Forwarding.objects.filter(outcome__meeting=wg_ct, to_meeting=somtc)
    assert forwarded.count() == 3
    assert set(forwarded.values_list("status", flat=True)) == {"endorsed", "noted"}
    somtc_outcome = Outcome.objects.get(meeting=somtc, number=1)
    assert {f.resulting_outcome for f in forwarded} == {somtc_outcome}
    onward = Forwarding.objects.get(outcome=somtc_outcome)
    assert onward.to_meeting == meeting("AMMTC", 17)
    assert onward.resulting_outcome is not None
    assert onward.resulting_outcome.meeting == onward.to_meeting
    japan = Forwarding.objects.get(outcome__meeting=meeting("SOMTC+JPN", 19), to_meeting__number=17)
    assert japan.status == "adopted"


def test_registry_facts(loaded: str) -> None:
    tls = Party.objects.get(code="TLS")
    assert [m.status for m in tls.memberships.order_by("start_date")] == [
        "applicant",
        "observer",
        "member",
    ]
    assert not tls.is_member_on(dt.date(2025, 10, 25))
    assert tls.is_member_on(dt.date(2025, 10, 26))
    piracy = CrimeArea.objects.get(code="sea_piracy")
    assert piracy.is_priority_on(dt.date(2025, 9, 12))
    assert not piracy.is_priority_on(dt.date(2026, 6, 1))


def test_instrument_lineage_and_versions(loaded: str) -> None:
    plan = Instrument.objects.get(key="asean-japan-wp-2023-2027")
    assert plan.adopted_at == meeting("AMMTC", 17)
    assert list(plan.reviewed_at.all()) == [meeting("SOMTC+JPN", 19)]
    link = InstrumentLink.objects.get(source=plan)
    assert (link.target.key, link.kind) == ("asean-japan-jd-2014", "implements")
    bali = Instrument.objects.get(key="bali-wp-2019-2025")
    assert (bali.end_year, bali.extended_to_year) == (2025, 2026)
    assert [v.data["extended_to_year"] for v in bali.versions.order_by("number")] == [None, 2026]
    assert plan.priority_areas.count() == 5


def visible_outcome_keys(user: Any) -> set[str]:
    return {
        o.source.split("]")[0].lstrip("[")
        for o in Outcome.objects.visible_to(user).filter(source__startswith="[")
    }


def test_the_gate_is_visible_in_the_demo_data(loaded: str) -> None:
    users = {u: User.objects.get(username=u) for u in ("secretariat", "idn.focal", "jpn.focal")}
    users["outsider"] = User.objects.get(username="outsider")
    seen = {name: visible_outcome_keys(user) for name, user in users.items()}
    seen["anonymous"] = visible_outcome_keys(AnonymousUser())
    everything = {o.key for o in d.OUTCOMES}
    public = {o.key for o in d.OUTCOMES if o.access == d.PUBLIC}
    # The BNPT note: only BNPT's own focal point.
    assert seen["idn.focal"] == everything
    # The ASEAN + Japan note: the Secretariat and Japan, not BNPT's organisation-only note.
    assert seen["secretariat"] == seen["jpn.focal"] == public | {"SJ19-2"}
    # Outside the sharing group, and anonymous: public outcomes only.
    assert seen["outsider"] == seen["anonymous"] == public
