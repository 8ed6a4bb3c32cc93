"""The API's outcome list, page by page: each page reads its own outcomes' visible forwardings
in one statement, shows each reader what the full gated read shows, and an access change shows
at the next request."""

from typing import Any

import pytest

from mufakat.core.audience import Audience
from mufakat.meetings import selectors
from mufakat.meetings.models import Meeting, Outcome
from mufakat.testing.factories import ForwardingFactory

pytestmark = pytest.mark.django_db

OUTCOMES = "/api/v1/outcomes"


def _expected(reader: Any) -> list[tuple[int, list[tuple[int, str, str]]]]:
    return [
        (o.pk, [(f.to_meeting_id, f.status, f.decision_note) for f in o.visible_forwardings])
        for o in selectors.outcomes(user=reader)
    ]


def _listed(client: Any, **params: Any) -> list[tuple[int, list[tuple[int, str, str]]]]:
    items = client.get(OUTCOMES, params).json()["items"]
    return [
        (o["id"], [(f["to_meeting"], f["status"], f["decision_note"]) for f in o["forwardings"]])
        for o in items
    ]


@pytest.fixture
def forwarded(chain: Any, bnpt_meeting: Meeting, bnpt_note: Outcome) -> None:
    ForwardingFactory.create(outcome=chain.wg_outcome, to_meeting=bnpt_meeting)
    ForwardingFactory.create(outcome=bnpt_note, to_meeting=chain.somtc)


def test_every_page_shows_the_forwardings_of_its_own_outcomes(
    as_user: Any, anonymous: Any, secretariat: Any, idn_focal: Any, jpn_focal: Any, forwarded: Any
) -> None:
    for reader in (anonymous, secretariat, idn_focal, jpn_focal):
        client = as_user(reader)
        expected = _expected(reader)
        pages = [_listed(client, page=n, page_size=1) for n in range(1, len(expected) + 1)]

        assert [row for page in pages for row in page] == expected


def test_a_page_past_the_end_reads_no_forwardings(
    as_user: Any, idn_focal: Any, forwarded: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(idn_focal)
    client.get(OUTCOMES)

    with django_assert_max_num_queries(10) as counted:
        assert client.get(OUTCOMES, {"page": 999}).json()["items"] == []
    assert not any("meetings_forwarding" in q["sql"] for q in counted.captured_queries)


def test_a_destination_made_visible_shows_its_forwarding_at_the_next_request(
    as_user: Any, jpn_focal: Any, chain: Any, bnpt_meeting: Meeting, forwarded: Any
) -> None:
    client = as_user(jpn_focal)
    before = dict(_listed(client))
    assert before[chain.wg_outcome.pk] == [
        row for row in before[chain.wg_outcome.pk] if row[0] != bnpt_meeting.pk
    ]

    Meeting.objects.filter(pk=bnpt_meeting.pk).update(audience=Audience.PUBLIC)

    after = dict(_listed(client))
    assert bnpt_meeting.pk in [row[0] for row in after[chain.wg_outcome.pk]]
    assert _listed(client) == _expected(jpn_focal)
