"""Meeting input that once answered 500: far dates, years past the calendar, no lock_version."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_on_the_last_day_of_the_calendar_does_not_break_the_ical_feed(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    MeetingFactory.create(
        body=chain.wg.body,
        number=99,
        title="The last meeting",
        start_date=dt.date(9999, 12, 31),
        status="planned",
    )
    response = as_user(anonymous).get(reverse("meetings:ical"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "SUMMARY:The last meeting" in body
    assert "DTSTART;VALUE=DATE:99991231" in body and "DURATION:P1D" in body


def test_a_year_no_calendar_has_is_refused_on_year(client: Client, chain: Any) -> None:
    response = client.get("/api/v1/meetings", {"year": 16089})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "year"


def test_the_meeting_detail_carries_the_lock_version_its_patch_needs(
    client: Client, chain: Any, secretariat: Any, api_headers: Any
) -> None:
    headers = api_headers(secretariat)
    read = client.get(f"/api/v1/meetings/{chain.wg.pk}", headers=headers).json()
    response = client.patch(
        f"/api/v1/meetings/{chain.wg.pk}",
        {"lock_version": read["lock_version"], "city": "Jakarta"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Jakarta"


def test_a_null_meeting_city_is_refused_on_city(
    client: Client, chain: Any, secretariat: Any, api_headers: Any
) -> None:
    response = client.patch(
        f"/api/v1/meetings/{chain.wg.pk}",
        {"lock_version": chain.wg.lock_version, "city": None},
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "city"
