"""Workplan filters that once answered 500 for numbers past any id."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_instrument_id_past_any_record_is_refused_on_instrument(client: Client) -> None:
    response = client.get("/api/v1/activities", {"instrument": 10**30})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "instrument"
    assert client.get("/api/v1/activities", {"instrument": 10**6}).status_code == 200


def test_a_nul_character_in_a_filter_is_refused_on_that_filter(client: Client) -> None:
    response = client.get("/api/v1/instruments", {"party": "ID\x00N"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "party"
