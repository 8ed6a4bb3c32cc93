"""Removing an agenda item or a participant asks first: the link opens a confirmation page
(GET changes nothing), and only its button removes (issue 10: "Remove" deleted at once)."""

from typing import Any

from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.meetings.models import AgendaItem, Participant
from mufakat.meetings.tests.conftest import Chain


def _agenda_item(chain: Chain) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=chain.somtc, position=3, title="Review of the work plan"
    )


def test_remove_on_the_meeting_page_is_a_quiet_link_to_a_confirmation(
    as_user: Any, secretariat: User, chain: Chain
) -> None:
    item = _agenda_item(chain)
    page = as_user(secretariat).get(chain.somtc.get_absolute_url()).content.decode()
    url = reverse("meetings:agenda_remove", args=[item.pk])
    assert f'<a class="danger-link" href="{url}"' in page
    assert f'action="{url}"' not in page


def test_the_confirmation_names_the_item_and_removes_nothing(
    as_user: Any, secretariat: User, chain: Chain, django_assert_max_num_queries: Any
) -> None:
    item = _agenda_item(chain)
    client = as_user(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:agenda_remove", args=[item.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Remove agenda item 3, “Review of the work plan”?" in body
    assert 'class="site-header"' in body and "btn-danger" in body and "Cancel" in body
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_confirmation_button_removes_the_item(
    as_user: Any, secretariat: User, chain: Chain
) -> None:
    item = _agenda_item(chain)
    response = as_user(secretariat).post(reverse("meetings:agenda_remove", args=[item.pk]))
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_only_editors_see_the_confirmation(as_user: Any, idn_focal: User, chain: Chain) -> None:
    item = _agenda_item(chain)
    response = as_user(idn_focal).get(reverse("meetings:agenda_remove", args=[item.pk]))
    assert response.status_code in (403, 404)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_removing_a_participant_asks_first(
    as_user: Any, secretariat: User, chain: Chain, idn: Any
) -> None:
    participant = Participant.objects.create(meeting=chain.somtc, party=idn)
    client = as_user(secretariat)
    url = reverse("meetings:participant_remove", args=[participant.pk])
    asked = client.get(url)
    assert asked.status_code == 200
    assert "Remove Indonesia from the participants?" in asked.content.decode()
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert client.post(url).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
