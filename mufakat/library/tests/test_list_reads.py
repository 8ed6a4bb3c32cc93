"""What the busy reads of the knowledge exchange show each reader, read in fewer statements: the
API list names only the sharing groups the caller may know of (read with the items' groups),
and the Follow buttons show the reader's follows as they are at each request."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mufakat.accounts.models import Role
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library import follows
from mufakat.library.models import KnowledgeItem
from mufakat.testing.factories import CrimeAreaFactory, sharing_group

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/library/items"


@pytest.fixture
def inner_circle(idn: Any) -> SharingGroup:
    return sharing_group("inner-circle", [idn], name="Inner circle", confidential=True)


@pytest.fixture
def shared_widely(
    asec: Any, asean_japan: SharingGroup, inner_circle: SharingGroup
) -> KnowledgeItem:
    item = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title="Joint investigation teams",
        summary="What worked",
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        owner_party=asec,
        published_at=timezone.now(),
    )
    item.sharing_groups.set([asean_japan, inner_circle])
    return item


def _groups(user: Any, api_headers: Any) -> list[str]:
    response = Client().get(ITEMS, headers=api_headers(user))
    assert response.status_code == 200
    (item,) = response.json()["items"]
    return item["sharing_groups"]


def test_a_member_of_a_confidential_group_sees_its_code_in_the_list(
    idn_focal: Any, shared_widely: KnowledgeItem, api_headers: Any
) -> None:
    assert _groups(idn_focal, api_headers) == ["asean-jpn", "inner-circle"]


def test_the_secretariat_knows_every_group_in_the_list(
    secretariat: Any, shared_widely: KnowledgeItem, api_headers: Any
) -> None:
    assert _groups(secretariat, api_headers) == ["asean-jpn", "inner-circle"]


def test_a_reader_outside_a_confidential_group_does_not_learn_its_code_from_the_list(
    jpn_focal: Any, outsider: Any, shared_widely: KnowledgeItem, api_headers: Any
) -> None:
    assert _groups(jpn_focal, api_headers) == ["asean-jpn"]
    assert _groups(outsider, api_headers) == ["asean-jpn"]


def test_joining_a_confidential_group_shows_its_code_at_the_next_request(
    jpn_focal: Any, jpn: Any, inner_circle: SharingGroup, shared_widely: Any, api_headers: Any
) -> None:
    assert _groups(jpn_focal, api_headers) == ["asean-jpn"]

    inner_circle.parties.add(jpn)

    assert _groups(jpn_focal, api_headers) == ["asean-jpn", "inner-circle"]


def test_leaving_a_confidential_group_hides_its_code_at_the_next_request(
    idn_focal: Any, idn: Any, inner_circle: SharingGroup, shared_widely: Any, api_headers: Any
) -> None:
    assert _groups(idn_focal, api_headers) == ["asean-jpn", "inner-circle"]

    inner_circle.parties.remove(idn)

    assert _groups(idn_focal, api_headers) == ["asean-jpn"]


def test_a_reader_who_no_longer_keeps_the_registry_no_longer_knows_every_group(
    secretariat: Any, shared_widely: Any, api_headers: Any
) -> None:
    assert _groups(secretariat, api_headers) == ["asean-jpn", "inner-circle"]

    type(secretariat).objects.filter(pk=secretariat.pk).update(role=Role.READER)

    assert _groups(secretariat, api_headers) == ["asean-jpn"]


def test_the_list_reads_the_known_groups_with_the_items_groups(
    idn_focal: Any,
    shared_widely: KnowledgeItem,
    api_headers: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()
    headers = api_headers(idn_focal)
    client.get(ITEMS, headers=headers)

    # token, user and the reader's context, then the count, the items and their crime areas,
    # parties and (known) groups: no separate read of the groups the reader may know.
    with django_assert_max_num_queries(8) as counted:
        client.get(ITEMS, headers=headers)
    assert sum("core_sharinggroup" in q["sql"] for q in counted.captured_queries) <= 2


# -- follows -----------------------------------------------------------------------------------


def test_a_follow_shows_at_the_next_read_and_an_unfollow_too(idn_focal: Any) -> None:
    area = CrimeAreaFactory(code="CT", name="Terrorism")
    assert follows.followed(user=idn_focal).follow_id(area) is None

    made = follows.follow(user=idn_focal, crime_area=area)
    assert follows.followed(user=idn_focal).follow_id(area) == made.pk

    follows.unfollow(user=idn_focal, follow=made)
    assert follows.followed(user=idn_focal).follow_id(area) is None


def test_one_readers_follows_are_not_anothers(idn_focal: Any, jpn_focal: Any) -> None:
    area = CrimeAreaFactory(code="CT", name="Terrorism")
    follows.follow(user=idn_focal, crime_area=area)

    assert follows.followed(user=jpn_focal).follow_id(area) is None


def test_anonymous_follows_nothing_and_asks_nothing(
    anonymous: Any, django_assert_num_queries: Any
) -> None:
    area = CrimeAreaFactory(code="CT", name="Terrorism")

    with django_assert_num_queries(0):
        assert follows.followed(user=anonymous).follow_id(area) is None


def test_every_button_of_a_page_shares_one_form_opening_and_keeps_its_own_target(
    as_user: Any, idn_focal: Any
) -> None:
    CrimeAreaFactory(code="CT", name="Terrorism", order=1)
    followed_area = CrimeAreaFactory(code="TIP", name="Trafficking in persons", order=2)
    made = follows.follow(user=idn_focal, crime_area=followed_area)

    page = as_user(idn_focal).get(reverse("registry:crime_areas")).content.decode()

    assert page.count('<form class="follow-form" method="post"') == 2
    assert '<input type="hidden" name="crime_area" value="CT">' in page
    assert f'<input type="hidden" name="unfollow" value="{made.pk}">' in page
    assert 'aria-label="Stop following Trafficking in persons">Unfollow<' in page
