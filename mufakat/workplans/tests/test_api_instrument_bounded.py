"""One instrument over the API is the same size for 2 activities or 1,500: its priority areas
come with their counts and the addresses of their activities, which are read a page at a time."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.registry.models import Party
from mufakat.workplans.models import Instrument, PriorityArea
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(user: Any, path: str, api_headers: Any) -> Any:
    headers = api_headers(user) if user.is_authenticated else {}
    return Client().get(API + path, headers=headers)


def queries_for(user: Any, path: str, api_headers: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert get(user, path, api_headers).status_code == 200
    return len(captured)


def test_an_instrument_names_its_areas_with_counts_and_no_activities(
    anonymous: Any, work_plan: Instrument, api_headers: Any
) -> None:
    body = get(anonymous, f"/instruments/{work_plan.pk}", api_headers).json()

    assert body["activity_count"] == 2
    assert body["activities"] == f"{API}/activities?instrument={work_plan.pk}"
    assert [area["activity_count"] for area in body["priority_areas"]] == [1, 1]
    assert all(
        "activities" in area and isinstance(area["activities"], str)
        for area in body["priority_areas"]
    )


def test_an_instrument_costs_the_same_queries_however_many_activities_it_has(
    anonymous: Any, secretariat: Any, work_plan: Instrument, idn: Party, api_headers: Any
) -> None:
    path = f"/instruments/{work_plan.pk}"
    area = PriorityArea.objects.filter(instrument=work_plan).order_by("position").first()
    before = {user: queries_for(user, path, api_headers) for user in (anonymous, secretariat)}
    for n in range(40):
        activity = make.activity(priority_area=area, code=f"CT-{n + 2}", title=f"Activity {n}")
        activity.lead_parties.set([idn])
    make.priority_area(instrument=work_plan, position=3, title="Maritime security")

    after = {user: queries_for(user, path, api_headers) for user in (anonymous, secretariat)}
    body = get(anonymous, path, api_headers).json()

    assert after == before
    assert body["activity_count"] == 42
    assert len(body["priority_areas"]) == 3


def test_the_activities_of_one_area_are_paged_by_code(
    anonymous: Any, work_plan: Instrument, api_headers: Any
) -> None:
    area = PriorityArea.objects.filter(instrument=work_plan).order_by("position").first()
    assert area is not None
    for code in ("CT-3", "CT-2"):
        make.activity(priority_area=area, code=code, title=f"Activity {code}")

    listed = get(anonymous, f"/activities?priority_area={area.pk}&page_size=2", api_headers).json()

    assert listed["count"] == 3
    assert [row["code"] for row in listed["items"]] == ["CT-1", "CT-2"]
    assert all(row["priority_area"] == area.pk for row in listed["items"])


def test_the_activities_of_an_area_the_reader_may_not_see_are_not_listed(
    anonymous: Any, outsider: Any, idn_focal: Any, idn: Party, api_headers: Any
) -> None:
    hidden = make.instrument(audience="organisation", tlp="AMBER+STRICT", owner_party=idn)
    area = make.priority_area(instrument=hidden, position=1, title="Restricted area")
    make.activity(priority_area=area, code="R-1", title="Restricted activity")

    for reader in (anonymous, outsider):
        listed = get(reader, f"/activities?priority_area={area.pk}", api_headers).json()
        assert listed["count"] == 0 and listed["items"] == []
        assert get(reader, f"/instruments/{hidden.pk}", api_headers).status_code == 404
    owners = get(idn_focal, f"/activities?priority_area={area.pk}", api_headers).json()
    assert [row["code"] for row in owners["items"]] == ["R-1"]


def test_an_unknown_priority_area_is_refused_as_input(anonymous: Any, api_headers: Any) -> None:
    assert get(anonymous, "/activities?priority_area=abc", api_headers).status_code == 422
