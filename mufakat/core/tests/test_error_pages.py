"""Error pages: in the site's layout, saying what to do, naming nothing of what was asked for;
JSON under /api/; the 500 page renders without the database."""

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core import error_pages
from mufakat.core.audience import TLP, Audience
from mufakat.testing.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_meeting(idn_focal: User) -> Any:
    return MeetingFactory.create(
        body=BodyFactory.create(code="SOMTC-WG-CT"),
        title="Secret session on Zyxwv",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn_focal.party,
    )


@override_settings(DEBUG=False)
def test_a_hidden_meeting_is_a_404_in_the_layout_that_names_nothing(
    hidden_meeting: Any, outsider: User, as_user: Any
) -> None:
    response = as_user(outsider).get(hidden_meeting.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in body and "css/mufakat.css" in body
    assert "There is nothing here that you can open" in body
    assert "Zyxwv" not in body
    assert 'action="/search/' in body
    assert "Secretariat" in body


@override_settings(DEBUG=False)
def test_an_anonymous_visitor_is_offered_to_sign_in_and_come_back(
    hidden_meeting: Any, client: Client
) -> None:
    path = hidden_meeting.get_absolute_url()
    body = client.get(path).content.decode()
    assert "Sign in" in body
    assert path not in body, "a hidden record's address is not echoed"


@override_settings(DEBUG=False)
def test_a_refused_action_is_a_403_in_the_layout(outsider: User, as_user: Any) -> None:
    response = as_user(outsider).get(reverse("monitoring:round_create"))
    body = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in body
    assert "Your role does not allow this" in body
    assert "Nothing was changed" in body


@override_settings(DEBUG=False)
def test_the_api_answers_json_also_where_no_route_matches(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_500_page_renders_without_the_database(monkeypatch: Any) -> None:
    def no_database(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    response = error_pages.server_error(RequestFactory().get("/meetings/1/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'class="site-header"' in body and "css/mufakat.css" in body
    assert "Something went wrong on our side" in body


def test_the_503_page_shares_the_500_pages_frame_and_says_nothing_was_saved(
    monkeypatch: Any,
) -> None:
    def no_database(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the 503 page touched the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    try:
        raise OperationalError("the server closed the connection")
    except OperationalError:
        response = error_pages.server_error(RequestFactory().get("/meetings/1/"))
    body = response.content.decode()
    assert response.status_code == 503
    assert 'class="site-header"' in body and "css/mufakat.css" in body
    assert "<title>Mufakat cannot reach its database · Mufakat</title>" in body
    assert "<h1>Mufakat cannot reach its database</h1>" in body
    assert "nothing of this request was saved" in body
    assert "contact the ASEAN Secretariat" in body


@override_settings(DEBUG=False)
def test_a_form_without_its_csrf_token_gets_a_page_that_says_to_reload(outsider: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    response = client.post(reverse("account_logout"))
    body = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in body
    assert "The form could not be sent" in body and "Nothing was saved" in body
