"""The one gate: who sees which audience, and children inheriting their parent's restriction."""

from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Meeting, Outcome
from mufakat.testing.factories import MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

WHO_SEES = {
    # audience: users who may read it
    Audience.PUBLIC: {"secretariat", "idn_focal", "jpn_focal", "outsider", "anonymous"},
    Audience.PLATFORM: {"secretariat", "idn_focal", "jpn_focal", "outsider"},
    Audience.MEMBER_STATES: {"secretariat", "idn_focal"},
    Audience.SHARING_GROUP: {"secretariat", "idn_focal", "jpn_focal"},
    Audience.ORGANISATION: {"idn_focal"},
    Audience.NAMED: {"jpn_focal"},
}
TLP_FOR = {
    Audience.PUBLIC: TLP.CLEAR,
    Audience.PLATFORM: TLP.GREEN,
    Audience.MEMBER_STATES: TLP.GREEN,
    Audience.SHARING_GROUP: TLP.AMBER,
    Audience.ORGANISATION: TLP.AMBER_STRICT,
    Audience.NAMED: TLP.RED,
}


@pytest.mark.parametrize("audience", list(WHO_SEES))
def test_each_audience_is_seen_by_exactly_its_readers(
    audience: str, all_users: dict[str, Any], idn: Any, bnpt: Any, asean_japan: Any
) -> None:
    meeting = MeetingFactory(
        audience=audience, tlp=TLP_FOR[audience], owner_party=idn, owner_agency=bnpt
    )
    meeting.sharing_groups.add(asean_japan)
    meeting.named_users.add(all_users["jpn_focal"])

    readers = {
        name
        for name, user in all_users.items()
        if Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()
    }

    assert readers == WHO_SEES[audience]


def test_an_outcome_of_a_restricted_meeting_stays_hidden_even_if_the_outcome_is_public(
    outsider: Any, idn_focal: Any, idn: Any
) -> None:
    meeting = MeetingFactory(audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn)
    outcome = OutcomeFactory(meeting=meeting, audience=Audience.PUBLIC, tlp=TLP.CLEAR)

    assert not Outcome.objects.visible_to(outsider).filter(pk=outcome.pk).exists()
    assert Outcome.objects.visible_to(idn_focal).filter(pk=outcome.pk).exists()


def test_a_deactivated_user_sees_only_public_records(idn_focal: Any, idn: Any) -> None:
    MeetingFactory(audience=Audience.PLATFORM, tlp=TLP.GREEN)
    public = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    idn_focal.is_active = False

    assert list(Meeting.objects.visible_to(idn_focal)) == [public]


def test_the_gate_costs_no_extra_query(django_assert_num_queries: Any, jpn_focal: Any) -> None:
    MeetingFactory.create_batch(3, audience=Audience.PLATFORM, tlp=TLP.GREEN)
    with django_assert_num_queries(1):
        assert len(list(Meeting.objects.visible_to(jpn_focal))) == 3


def test_a_timor_leste_officer_counts_as_member_state_only_from_admission(db: Any) -> None:
    import datetime as dt

    from mufakat.registry.models import PartyMembership
    from mufakat.testing.factories import PartyFactory, UserFactory

    tls = PartyFactory(code="TLS", name="Timor-Leste", kind="member_state")
    PartyMembership.objects.create(
        party=tls,
        status="observer",
        start_date=dt.date(2022, 11, 11),
        end_date=dt.date(2025, 10, 26),
    )
    PartyMembership.objects.create(party=tls, status="member", start_date=dt.date(2025, 10, 26))
    officer = UserFactory(username="tls.officer", party=tls)
    meeting = MeetingFactory(audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)

    assert Meeting.objects.visible_to(officer).filter(pk=meeting.pk).exists()
    assert tls.is_member_on(dt.date(2025, 10, 26)) and not tls.is_member_on(dt.date(2024, 1, 1))
