"""Follows: anyone signed in follows crime areas and bodies; a sharing group only its members."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from mufakat.core.models import SharingGroup
from mufakat.library import follows
from mufakat.library.models import Follow
from mufakat.registry.models import Body, CrimeArea
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, sharing_group

pytestmark = pytest.mark.django_db

AREAS = [
    "terrorism",
    "illicit_drug_trafficking",
    "trafficking_in_persons",
    "arms_smuggling",
    "sea_piracy",
    "money_laundering",
    "international_economic_crime",
    "cybercrime",
    "wildlife_timber_trafficking",
    "people_smuggling",
]


@pytest.fixture
def terrorism() -> CrimeArea:
    return CrimeAreaFactory(code="terrorism")


@pytest.fixture
def wg_ct(terrorism: CrimeArea) -> Body:
    body = BodyFactory(code="SOMTC-WG-CT", name="SOMTC Working Group on Counter Terrorism")
    body.crime_areas.set([terrorism])
    return body


# -- the service -------------------------------------------------------------------------------


def test_a_focal_point_follows_a_crime_area_and_a_body(
    idn_focal: Any, terrorism: CrimeArea, wg_ct: Body
) -> None:
    follows.follow(user=idn_focal, crime_area=terrorism)
    follows.follow(user=idn_focal, body=wg_ct)

    state = follows.followed(user=idn_focal)
    assert state.follow_id(terrorism) is not None
    assert state.follow_id(wg_ct) is not None


def test_even_a_reader_outside_asean_may_follow_any_crime_area(
    outsider: Any, terrorism: CrimeArea
) -> None:
    assert follows.follow(user=outsider, crime_area=terrorism).crime_area == terrorism


def test_following_twice_keeps_one_follow(idn_focal: Any, terrorism: CrimeArea) -> None:
    first = follows.follow(user=idn_focal, crime_area=terrorism)
    again = follows.follow(user=idn_focal, crime_area=terrorism)

    assert again.pk == first.pk
    assert Follow.objects.filter(user=idn_focal).count() == 1


def test_japan_follows_the_asean_japan_group_it_belongs_to(
    jpn_focal: Any, asean_japan: SharingGroup
) -> None:
    created = follows.follow(user=jpn_focal, sharing_group=asean_japan)

    assert created.sharing_group == asean_japan


def test_a_person_named_in_a_group_may_follow_it_too(outsider: Any, idn: Any) -> None:
    group = sharing_group("wg-ct-experts", [idn])
    group.users.add(outsider)

    assert follows.follow(user=outsider, sharing_group=group).sharing_group == group


def test_canada_cannot_follow_the_asean_japan_group(
    outsider: Any, asean_japan: SharingGroup
) -> None:
    with pytest.raises(ValidationError) as refused:
        follows.follow(user=outsider, sharing_group=asean_japan)

    assert "belong to" in str(refused.value.message_dict["sharing_group"])
    assert not Follow.objects.filter(user=outsider).exists()


def test_a_follow_names_exactly_one_target(
    idn_focal: Any, terrorism: CrimeArea, wg_ct: Body
) -> None:
    with pytest.raises(ValidationError):
        follows.follow(user=idn_focal)
    with pytest.raises(ValidationError):
        follows.follow(user=idn_focal, crime_area=terrorism, body=wg_ct)


def test_anonymous_cannot_follow(anonymous: Any, terrorism: CrimeArea) -> None:
    with pytest.raises(PermissionDenied):
        follows.follow(user=anonymous, crime_area=terrorism)


def test_nobody_removes_or_even_finds_someone_elses_follow(
    idn_focal: Any, outsider: Any, terrorism: CrimeArea
) -> None:
    mine = follows.follow(user=idn_focal, crime_area=terrorism)

    with pytest.raises(Http404):
        follows.get_follow(user=outsider, pk=mine.pk)
    with pytest.raises(Http404):
        follows.unfollow(user=outsider, follow=mine)
    assert Follow.objects.filter(pk=mine.pk).exists()

    follows.unfollow(user=idn_focal, follow=mine)
    assert not Follow.objects.filter(pk=mine.pk).exists()


# -- the page and the buttons ------------------------------------------------------------------


def test_the_following_page_lists_what_i_follow_with_remove_buttons(
    as_user: Any,
    jpn_focal: Any,
    asean_japan: SharingGroup,
    terrorism: CrimeArea,
    wg_ct: Body,
    django_assert_max_num_queries: Any,
) -> None:
    follows.follow(user=jpn_focal, crime_area=terrorism)
    follows.follow(user=jpn_focal, sharing_group=asean_japan)

    client = as_user(jpn_focal)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("library:follows"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "ASEAN + Japan" in text and terrorism.name in text
    assert text.count('name="unfollow"') == 2
    assert 'value="SOMTC-WG-CT"' in text  # the body can still be followed


def test_the_page_offers_only_groups_i_belong_to(
    as_user: Any, outsider: Any, jpn_focal: Any, asean_japan: SharingGroup
) -> None:
    assert (
        'value="asean-jpn"' in as_user(jpn_focal).get(reverse("library:follows")).content.decode()
    )
    assert (
        'value="asean-jpn"'
        not in as_user(outsider).get(reverse("library:follows")).content.decode()
    )


def test_the_following_page_asks_anonymous_to_sign_in(client: Any) -> None:
    response = client.get(reverse("library:follows"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_following_from_the_page_and_back(
    as_user: Any, idn_focal: Any, terrorism: CrimeArea
) -> None:
    client = as_user(idn_focal)

    response = client.post(
        reverse("library:follows"),
        {"crime_area": "terrorism", "next": reverse("registry:crime_areas")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:crime_areas")
    follow = Follow.objects.get(user=idn_focal)
    assert follow.crime_area == terrorism

    client.post(reverse("library:follows"), {"unfollow": follow.pk})
    assert not Follow.objects.filter(user=idn_focal).exists()


def test_a_posted_group_one_does_not_belong_to_is_refused(
    as_user: Any, outsider: Any, asean_japan: SharingGroup
) -> None:
    response = as_user(outsider).post(
        reverse("library:follows"), {"sharing_group": "asean-jpn"}, follow=True
    )

    assert not Follow.objects.filter(user=outsider).exists()
    assert '<li class="error">' in response.content.decode()


def test_a_foreign_next_address_is_ignored(
    as_user: Any, idn_focal: Any, terrorism: CrimeArea
) -> None:
    response = as_user(idn_focal).post(
        reverse("library:follows"), {"crime_area": "terrorism", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("library:follows")


def test_unfollowing_someone_elses_follow_from_the_page_is_not_found(
    as_user: Any, idn_focal: Any, outsider: Any, terrorism: CrimeArea
) -> None:
    theirs = follows.follow(user=idn_focal, crime_area=terrorism)

    response = as_user(outsider).post(reverse("library:follows"), {"unfollow": theirs.pk})

    assert response.status_code == 404
    assert Follow.objects.filter(pk=theirs.pk).exists()


def test_crime_areas_show_follow_buttons_in_a_fixed_number_of_queries(
    as_user: Any, idn_focal: Any, django_assert_max_num_queries: Any
) -> None:
    areas = [CrimeAreaFactory(code=code) for code in AREAS]
    follows.follow(user=idn_focal, crime_area=areas[0])
    client = as_user(idn_focal)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("registry:crime_areas"))

    text = page.content.decode()
    assert text.count(">Unfollow</button>") == 1
    assert text.count(">Follow</button>") == len(AREAS) - 1


def test_anonymous_readers_see_no_follow_button(client: Any, terrorism: CrimeArea) -> None:
    page = client.get(reverse("registry:crime_areas"))

    assert "follow-button" not in page.content.decode()


def test_a_body_page_has_a_follow_button(as_user: Any, idn_focal: Any, wg_ct: Body) -> None:
    client = as_user(idn_focal)

    page = client.get(wg_ct.get_absolute_url())
    form = page.content.decode().split('class="follow-form"')[1].split("</form>")[0]
    assert 'name="body" value="SOMTC-WG-CT"' in form
    assert 'name="csrfmiddlewaretoken"' in form

    client.post(
        reverse("library:follows"), {"body": "SOMTC-WG-CT", "next": wg_ct.get_absolute_url()}
    )
    page = client.get(wg_ct.get_absolute_url())
    assert ">Unfollow</button>" in page.content.decode()
