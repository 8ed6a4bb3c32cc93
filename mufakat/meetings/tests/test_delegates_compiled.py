"""The meeting page reads a meeting's delegates in a statement compiled once per reader: a
delegation named or withdrawn since, or a meeting its reader may no longer see, shows at the next
request, and the card lists the delegates of invited parties only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mufakat.core.audience import TLP, Audience
from mufakat.meetings import delegations
from mufakat.meetings.models import Delegate, Invitation, Meeting
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import MeetingFactory, member_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(somtc: Body, secretariat: Any, idn: Party) -> Meeting:
    member_state("LAO", "Lao PDR")
    meeting = MeetingFactory.create(
        body=somtc,
        number=26,
        title="26th SOMTC",
        start_date=dt.date.today() + dt.timedelta(days=60),
        status=Meeting.Status.PLANNED,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    delegations.invite_parties(actor=secretariat, meeting=meeting, parties=["IDN", "LAO"])
    return meeting


def head(name: str) -> dict[str, Any]:
    return {"name": name, "agency": "", "position": "", "is_head": True}


def names(meeting: Meeting, user: Any, *, invited_only: bool = False) -> dict[str, list[str]]:
    rows = delegations.delegations(meeting, user=user, invited_only=invited_only)
    return {row.party.code: [d.name for d in row.delegates] for row in rows}


def test_a_delegation_named_again_shows_at_the_next_request(
    invited: Meeting, idn_focal: Any, outsider: Any, as_user: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi Santoso")]
    )
    reader = as_user(outsider)
    assert "Budi Santoso" in reader.get(invited.get_absolute_url()).content.decode()
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Sri Wahyuni")]
    )
    page = reader.get(invited.get_absolute_url()).content.decode()
    assert "Sri Wahyuni" in page and "Budi Santoso" not in page


def test_the_card_lists_the_delegates_of_invited_parties_only(
    invited: Meeting, idn_focal: Any, outsider: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    assert names(invited, outsider, invited_only=True) == {"IDN": ["Budi"], "LAO": []}
    Invitation.objects.filter(meeting=invited, party__code="IDN").delete()
    assert names(invited, outsider, invited_only=True) == {"LAO": []}
    assert names(invited, outsider) == {"IDN": ["Budi"], "LAO": []}
    assert Delegate.objects.filter(meeting=invited).count() == 1


def test_the_delegates_of_a_meeting_its_reader_may_no_longer_see_are_gone_at_once(
    invited: Meeting, idn_focal: Any, outsider: Any, secretariat: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    assert names(invited, outsider) == {"IDN": ["Budi"], "LAO": []}
    Meeting.objects.filter(pk=invited.pk).update(audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)
    assert names(invited, outsider) == {}
    assert names(invited, secretariat) == {"IDN": ["Budi"], "LAO": []}


def test_an_anonymous_visitor_reads_no_delegates_at_all(
    invited: Meeting, idn_focal: Any, anonymous: Any, django_assert_num_queries: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    with django_assert_num_queries(1):
        assert names(invited, anonymous, invited_only=True) == {"IDN": [], "LAO": []}
