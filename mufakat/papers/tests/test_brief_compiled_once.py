"""The brief's per-meeting reads are compiled once per reader and kept in the process; a
reader who joins or leaves a sharing group sees a forwarding or an action item shared with it
appear or go at the very next request, with its statements already cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Outcome
from mufakat.papers.tests.conftest import PapersWorld, days
from mufakat.registry.models import Party
from mufakat.testing.factories import OutcomeFactory

pytestmark = pytest.mark.django_db

#: The text of the working group's outcome forwarded to the 25th SOMTC, shared with the
#: ASEAN + Japan group only.
SHARED_FORWARDING = "Assess the training needs for the Japan-funded CT course."
SHARED_ACTION = "Japan to fund the second CT course."


@pytest.fixture
def shared_action_item(papers_world: PapersWorld, jpn: Party, asean_japan: SharingGroup) -> Any:
    """An open action item of the 24th SOMTC shared with the ASEAN + Japan group."""
    item = OutcomeFactory.create(
        meeting=papers_world.m24,
        number=60,
        kind=Outcome.Kind.ACTION_ITEM,
        text=SHARED_ACTION,
        responsible=jpn,
        due_date=days(20),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
    )
    item.sharing_groups.set([asean_japan])
    return item


def _brief(client: Client, papers_world: PapersWorld) -> str:
    response = client.get(reverse("papers:brief", args=[papers_world.m25.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_joining_and_leaving_a_group_shows_at_the_next_request(
    papers_world: PapersWorld,
    outsider: Any,
    asean_japan: SharingGroup,
    shared_action_item: Any,
) -> None:
    client = Client()
    client.force_login(outsider)
    for _ in range(2):  # the second request runs the statements cached by the first
        page = _brief(client, papers_world)
        assert SHARED_FORWARDING not in page
        assert SHARED_ACTION not in page

    asean_japan.users.add(outsider)
    page = _brief(client, papers_world)
    assert SHARED_FORWARDING in page
    assert SHARED_ACTION in page

    asean_japan.users.remove(outsider)
    page = _brief(client, papers_world)
    assert SHARED_FORWARDING not in page
    assert SHARED_ACTION not in page


def test_a_party_leaving_a_group_hides_its_records_at_the_next_request(
    papers_world: PapersWorld,
    jpn_focal: Any,
    jpn: Party,
    asean_japan: SharingGroup,
    shared_action_item: Any,
) -> None:
    client = Client()
    client.force_login(jpn_focal)
    for _ in range(2):
        page = _brief(client, papers_world)
        assert SHARED_FORWARDING in page
        assert SHARED_ACTION in page

    asean_japan.parties.remove(jpn)
    page = _brief(client, papers_world)
    assert SHARED_FORWARDING not in page
    assert SHARED_ACTION not in page


def test_a_record_made_public_shows_to_a_visitor_at_the_next_request(
    papers_world: PapersWorld, shared_action_item: Any
) -> None:
    client = Client()
    assert SHARED_ACTION not in _brief(client, papers_world)
    assert SHARED_ACTION not in _brief(client, papers_world)

    Outcome.objects.filter(pk=shared_action_item.pk).update(audience=Audience.PUBLIC)
    assert SHARED_ACTION in _brief(client, papers_world)
