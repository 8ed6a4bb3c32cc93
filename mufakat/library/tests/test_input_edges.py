"""Edges of the knowledge exchange's input that once answered 500: now a clear refusal."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.models import KnowledgeItem

pytestmark = pytest.mark.django_db

API = "/api/v1/library"


def _problems(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {str(d["loc"][-1]): d["msg"] for d in response.json()["detail"]}


def test_a_year_no_calendar_has_is_refused_on_year(client: Client) -> None:
    assert "year" in _problems(client.get(f"{API}/items", {"year": 16089}))
    assert "year" in _problems(client.get(f"{API}/items", {"year": -973}))
    assert client.get(f"{API}/items", {"year": 2024}).status_code == 200


def test_a_huge_number_among_crime_area_codes_is_an_unknown_code(
    client: Client, idn_focal: User, api_headers: Any
) -> None:
    response = client.post(
        f"{API}/items",
        {"kind": "good_practice", "title": "Codes", "crime_areas": ["9" * 40, "²"]},
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert "Unknown" in _problems(response)["crime_areas"]
    assert not KnowledgeItem.objects.filter(title="Codes").exists()


def test_a_nul_character_in_an_item_title_is_refused_on_title(
    client: Client, idn_focal: User, api_headers: Any
) -> None:
    response = client.post(
        f"{API}/items",
        {"kind": "good_practice", "title": "Nul\x00title"},
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert "NUL" in _problems(response)["title"]


def test_closing_an_item_that_is_not_a_request_says_why_instead_of_failing(
    as_user: Any, idn_focal: User
) -> None:
    item = services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
            "title": "Not a request",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )
    client = as_user(idn_focal)
    response = client.post(reverse("library:close", args=[item.pk]), follow=True)
    assert response.status_code == 200
    assert "Only a request for expertise can be closed." in response.content.decode()


def test_the_offer_form_refuses_bidi_overrides_in_the_contact(idn_focal: User) -> None:
    from mufakat.library.forms import OfferForm

    form = OfferForm(data={"contact": "cyber unit \u202e", "message": "hi"}, user=idn_focal)
    assert not form.is_valid()
    assert "contact" in form.errors


def test_a_null_tlp_on_an_item_is_refused_on_tlp(
    client: Client, idn_focal: User, api_headers: Any
) -> None:
    item = services.create_item(
        actor=idn_focal, data={"kind": KnowledgeItem.Kind.GOOD_PRACTICE, "title": "Kept"}
    )
    response = client.patch(
        f"{API}/items/{item.pk}",
        {"lock_version": item.lock_version, "tlp": None, "summary": None},
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert set(_problems(response)) == {"tlp"}
    item.refresh_from_db()
    assert item.tlp == TLP.AMBER
