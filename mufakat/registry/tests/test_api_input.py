"""What the registry API refuses at the door: it answers 422 naming the field, never 500."""

from typing import Any

import pytest
from django.test import Client

from mufakat.registry.models import Body, Party

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def editor(secretariat: Any, api_headers: Any) -> dict[str, str]:
    return api_headers(secretariat)


def _problems(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {str(d["loc"][-1]): d["msg"] for d in response.json()["detail"]}


def test_a_null_short_name_on_a_body_is_refused_on_that_field(
    client: Client, editor: dict[str, str], ammtc: Body
) -> None:
    response = client.patch(
        f"{API}/bodies/AMMTC",
        {"lock_version": ammtc.lock_version, "short_name": None},
        content_type="application/json",
        headers=editor,
    )
    assert "short_name" in _problems(response)
    ammtc.refresh_from_db()
    assert ammtc.short_name == ""


def test_a_nul_character_in_a_party_name_is_refused_on_that_field(
    client: Client, editor: dict[str, str], db: Any
) -> None:
    response = client.post(
        f"{API}/parties",
        {"code": "XYZ", "name": "Bad\x00name", "kind": Party.Kind.MEMBER_STATE},
        content_type="application/json",
        headers=editor,
    )
    assert "NUL" in _problems(response)["name"]
    assert not Party.objects.filter(code="XYZ").exists()


def test_a_bidi_override_in_a_body_description_is_refused_on_that_field(
    client: Client, editor: dict[str, str], ammtc: Body
) -> None:
    response = client.patch(
        f"{API}/bodies/AMMTC",
        {"lock_version": ammtc.lock_version, "description": "evil \u202egnp.exe"},
        content_type="application/json",
        headers=editor,
    )
    assert "bidirectional" in _problems(response)["description"]


def test_a_nul_character_in_a_search_or_a_code_is_refused_not_sent_to_the_database(
    client: Client, db: Any
) -> None:
    assert "q" in _problems(client.get(f"{API}/parties", {"q": "a\x00b"}))
    assert "code" in _problems(client.get(f"{API}/parties/I%00DN"))


def test_a_page_past_any_list_is_refused_on_page(client: Client, db: Any) -> None:
    assert "page" in _problems(client.get(f"{API}/parties", {"page": 10**20}))
    assert client.get(f"{API}/parties", {"page": 2}).status_code == 200


def test_the_party_form_refuses_a_bidi_override_in_the_name(as_user: Any, secretariat: Any) -> None:
    from mufakat.registry.forms import PartyForm

    form = PartyForm(data={"code": "XYZ", "name": "x\u2066y", "kind": Party.Kind.MEMBER_STATE})
    assert not form.is_valid()
    assert "name" in form.errors
