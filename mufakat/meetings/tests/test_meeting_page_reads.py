"""The meeting page reads its forwardings, what it received and the chains through it in one
gated query: as many queries for a chain of six hops as for one, and a hidden meeting or outcome
on the way still ends the chain for a reader who may not see it."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.meetings import selectors
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.meetings.tests.conftest import Chain
from mufakat.registry.models import Party
from mufakat.testing.factories import ForwardingFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

#: What the meeting page costs an anonymous reader: the meeting, its outcomes, the forwardings
#: around it, agenda, participants, invitations, documents, and the related-material panel
#: (linked items and the body's crime areas).
ANONYMOUS_QUERIES = 9


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def extend(chain: Chain, hops: int) -> list[Meeting]:
    """Forward the Ministers' outcome on through ``hops`` later meetings, each taking it up."""
    meetings: list[Meeting] = []
    outcome = chain.ammtc_outcome
    for n in range(hops):
        later = MeetingFactory.create(
            body=chain.ammtc.body,
            number=18 + n,
            title=f"{18 + n}th AMMTC",
            start_date=dt.date(2024 + n, 8, 20),
        )
        taken_up = OutcomeFactory.create(meeting=later, number=1, text=f"Follow-up {n}.")
        ForwardingFactory.create(
            outcome=outcome,
            to_meeting=later,
            status=Forwarding.Status.ADOPTED,
            resulting_outcome=taken_up,
        )
        meetings.append(later)
        outcome = taken_up
    return meetings


def test_the_meeting_page_costs_the_same_queries_however_long_its_chains(
    client: Any, chain: Chain, django_assert_num_queries: Any
) -> None:
    url = reverse("meetings:detail", args=[chain.somtc.pk])
    page(client, url)  # warm the content types and the compiled gates
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        page(client, url)
    later = extend(chain, 3)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        html = page(client, url)
    assert all(m.title in html for m in later)


def test_the_chain_stops_at_a_meeting_the_reader_may_not_see(
    as_user: Any, anonymous: Any, idn_focal: Any, idn: Party, chain: Chain
) -> None:
    hidden, after = extend(chain, 2)
    hidden.audience, hidden.tlp, hidden.owner_party = (
        Audience.ORGANISATION,
        TLP.AMBER_STRICT,
        idn,
    )
    hidden.save()
    url = reverse("meetings:detail", args=[chain.somtc.pk])
    outside = page(as_user(anonymous), url)
    assert "17th AMMTC" in outside
    assert hidden.title not in outside and after.title not in outside
    inside = page(as_user(idn_focal), url)
    assert hidden.title in inside and after.title in inside


def test_an_outcome_taken_up_where_the_reader_may_not_look_is_not_named(
    anonymous: Any, idn: Party, chain: Chain
) -> None:
    Outcome.objects.filter(pk=chain.ammtc_outcome.pk).update(
        audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn
    )
    detail = selectors.meeting_detail(user=anonymous, pk=chain.somtc.pk)
    assert detail is not None
    (onward,) = detail.outcomes[0].visible_forwardings
    assert onward.to_meeting.title == "17th AMMTC"
    assert onward.resulting_outcome is None and onward.resulting_outcome_id is None
    assert [step.outcome for step in detail.chains[0]][-1] is None


def test_what_the_meeting_received_comes_with_its_origin(anonymous: Any, chain: Chain) -> None:
    detail = selectors.meeting_detail(user=anonymous, pk=chain.ammtc.pk)
    assert detail is not None
    (received,) = detail.received
    assert received.outcome.reference == "SOMTC 23/1"
    assert received.outcome.meeting.title == "23rd SOMTC"
    assert received.resulting_outcome.reference == "AMMTC 17/1"


def test_the_api_reads_a_meeting_in_five_queries(
    client: Any, chain: Chain, django_assert_num_queries: Any
) -> None:
    url = f"/api/v1/meetings/{chain.somtc.pk}"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        body = client.get(url).json()
    assert body["outcomes"][0]["forwarded_to"] == [chain.ammtc.pk]
    assert body["received"][0]["from_meeting"] == chain.wg.pk
