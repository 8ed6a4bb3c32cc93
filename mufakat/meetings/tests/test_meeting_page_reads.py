"""The meeting page reads its forwardings, what it received and the chains through it in one
gated query: as many queries for a chain of six hops as for one, and a hidden meeting or outcome
on the way still ends the chain for a reader who may not see it."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings import selectors, trace
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.meetings.tests.conftest import Chain
from mufakat.registry.models import Party
from mufakat.testing.factories import ForwardingFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

#: What the meeting page costs an anonymous reader: the meeting, its outcomes, the forwardings
#: around it (the walk naming them, then the gated read of those by id), agenda, participants,
#: invitations, documents, and the related-material panel (linked items and the body's crime
#: areas).
ANONYMOUS_QUERIES = 10


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


def test_the_api_reads_a_meeting_in_six_queries(
    client: Any, chain: Chain, django_assert_num_queries: Any
) -> None:
    url = f"/api/v1/meetings/{chain.somtc.pk}"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(6):
        body = client.get(url).json()
    assert body["outcomes"][0]["forwarded_to"] == [chain.ammtc.pk]
    assert body["received"][0]["from_meeting"] == chain.wg.pk


def test_a_meeting_nothing_was_forwarded_from_or_to_reads_no_forwardings(
    client: Any, chain: Chain, django_assert_num_queries: Any
) -> None:
    alone = MeetingFactory.create(body=chain.wg.body, number=40, title="40th WG on CT")
    OutcomeFactory.create(meeting=alone, number=1, text="Kept at home.")
    url = reverse("meetings:detail", args=[alone.pk])
    page(client, url)
    with django_assert_num_queries(ANONYMOUS_QUERIES - 1):
        html = page(client, url)
    assert "Kept at home." in html


def test_the_forwardings_read_by_id_are_those_the_gated_walk_gives(
    idn_focal: Any, outsider: Any, idn: Party, chain: Chain, monkeypatch: Any
) -> None:
    hidden, *_ = extend(chain, 4)
    hidden.audience, hidden.tlp, hidden.owner_party = Audience.ORGANISATION, TLP.AMBER, idn
    hidden.save()
    for reader in (idn_focal, outsider):
        for meeting in (chain.wg, chain.somtc, chain.ammtc, hidden):
            by_id = trace.around_meeting(meeting.pk, user=reader)
            monkeypatch.setattr(trace, "MAX_BY_ID", 0)  # too many: the walk inside the read
            inside = trace.around_meeting(meeting.pk, user=reader)
            monkeypatch.undo()
            assert [(f.pk, f.resulting_outcome_id) for f in by_id] == [
                (f.pk, f.resulting_outcome_id) for f in inside
            ]
    seen = {f.to_meeting_id for f in trace.around_meeting(chain.ammtc.pk, user=idn_focal)}
    unseen = {f.to_meeting_id for f in trace.around_meeting(chain.ammtc.pk, user=outsider)}
    assert hidden.pk in seen and hidden.pk not in unseen and chain.ammtc.pk in unseen


def test_joining_the_group_a_meeting_is_shared_with_shows_it_on_the_next_request(
    as_user: Any, outsider: Any, asean_japan: SharingGroup, can: Party, chain: Chain
) -> None:
    chain.ammtc.audience, chain.ammtc.tlp = Audience.SHARING_GROUP, TLP.AMBER
    chain.ammtc.save()
    chain.ammtc.sharing_groups.add(asean_japan)
    client = as_user(outsider)
    url = reverse("meetings:detail", args=[chain.somtc.pk])
    link = f'href="{reverse("meetings:detail", args=[chain.ammtc.pk])}"'
    assert link not in page(client, url)
    asean_japan.parties.add(can)
    assert link in page(client, url)
    asean_japan.parties.remove(can)
    assert link not in page(client, url)
