"""The frameworks API: reading frameworks, items and the activities serving them through the
gate; replacing an activity's mappings as an editor."""

from typing import Any

import pytest
from django.test import Client

from mufakat.frameworks import services
from mufakat.frameworks.models import ActivityMapping, FrameworkItem
from mufakat.workplans.models import Activity, Instrument
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

API = "/api/v1"


def sdg(code: str) -> FrameworkItem:
    return FrameworkItem.objects.get(framework__key="sdg-16", code=code)


@pytest.fixture
def annex_activity(cyber_annex: Instrument) -> Activity:
    area = make.priority_area(instrument=cyber_annex, position=1, title="Annex area")
    return make.activity(priority_area=area, code="AX-1", title="Confidential annex activity")


@pytest.fixture
def mapped(secretariat: Any, training: Activity, annex_activity: Activity) -> None:
    services.map_activity(actor=secretariat, activity=training, item=sdg("16.4"))
    services.map_activity(actor=secretariat, activity=annex_activity, item=sdg("16.4"))


def get(client: Client, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
    response = client.get(API + path, params, headers=headers or {})
    assert response.status_code == 200, response.content
    return response.json()


def test_anyone_lists_the_frameworks_and_reads_sdg_16_with_its_counts(
    client: Client, mapped: None
) -> None:
    listed = get(client, "/frameworks")
    detail = get(client, "/frameworks/sdg-16")

    assert [f["key"] for f in listed["items"]] == ["sdg-16"]
    assert listed["items"][0]["item_count"] == 12
    by_code = {i["code"]: i for i in detail["items"]}
    assert by_code["16.4"]["activity_count"] == 1  # the annex is not public
    assert by_code["16.4"]["reference"] == "sdg-16 / 16.4"
    assert by_code["16.4"]["label"] == "SDG 16.4"


def test_the_activities_of_an_item_are_those_the_reader_may_see(
    client: Client, api_headers: Any, outsider: Any, jpn_focal: Any, mapped: None
) -> None:
    path = "/frameworks/sdg-16/items/16.4/activities"
    outside = get(client, path, api_headers(outsider))
    inside = get(client, path, api_headers(jpn_focal))

    assert [a["code"] for a in outside["items"]] == ["CT-1"] and outside["count"] == 1
    assert {a["code"] for a in inside["items"]} == {"CT-1", "AX-1"}
    training = next(a for a in inside["items"] if a["code"] == "CT-1")
    assert training["lead_parties"] == ["JPN"]
    assert training["instrument"]["key"] == "asean-japan-wp-2023-2027"
    assert training["standing"] is None


def test_a_restricted_framework_and_an_unknown_item_answer_404(
    client: Client, api_headers: Any, secretariat: Any, outsider: Any, annex_activity: Activity
) -> None:
    services.framework_for_instrument(
        actor=secretariat, instrument=annex_activity.priority_area.instrument
    )
    headers = api_headers(outsider)

    assert client.get(f"{API}/frameworks/japan-cyber-annex", headers=headers).status_code == 404
    assert client.get(f"{API}/frameworks/sdg-16/items/16.99/activities").status_code == 404
    hidden = client.get(f"{API}/activities/{annex_activity.pk}/frameworks", headers=headers)
    assert hidden.status_code == 404


def test_the_secretariat_replaces_an_activitys_mappings_by_code(
    client: Client, api_headers: Any, secretariat: Any, training: Activity
) -> None:
    response = client.put(
        f"{API}/activities/{training.pk}/frameworks",
        {"items": ["SDG 16.4", "sdg-16 / 16.a"]},
        content_type="application/json",
        headers=api_headers(secretariat),
    )

    assert response.status_code == 200, response.content
    assert [i["label"] for i in response.json()["items"]] == ["SDG 16.4", "SDG 16.a"]
    read = get(client, f"/activities/{training.pk}/frameworks")
    assert [i["reference"] for i in read["items"]] == ["sdg-16 / 16.4", "sdg-16 / 16.a"]


def test_an_unknown_code_answers_422_naming_it_and_changes_nothing(
    client: Client, api_headers: Any, secretariat: Any, training: Activity
) -> None:
    response = client.put(
        f"{API}/activities/{training.pk}/frameworks",
        {"items": ["SDG 16.4", "SDG 16.12"]},
        content_type="application/json",
        headers=api_headers(secretariat),
    )

    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "items"] and "16.12" in detail["msg"]
    assert not ActivityMapping.objects.exists()


def test_a_focal_point_may_not_set_mappings(
    client: Client, api_headers: Any, idn_focal: Any, training: Activity
) -> None:
    response = client.put(
        f"{API}/activities/{training.pk}/frameworks",
        {"items": ["SDG 16.4"]},
        content_type="application/json",
        headers=api_headers(idn_focal),
    )

    assert response.status_code == 403
    assert not ActivityMapping.objects.exists()


def test_the_mappings_of_an_instruments_activities_are_listed_through_the_gate(
    client: Client,
    api_headers: Any,
    secretariat: Any,
    outsider: Any,
    training: Activity,
    annex_activity: Activity,
) -> None:
    services.framework_for_instrument(
        actor=secretariat, instrument=annex_activity.priority_area.instrument
    )
    services.set_activity_mappings(
        actor=secretariat, activity=training, items=["SDG 16.4", "japan-cyber-annex / 1"]
    )
    path = f"/instruments/{training.priority_area.instrument_id}/frameworks"

    seen = get(client, path, api_headers(outsider))["items"]
    assert [(a["code"], [i["label"] for i in a["items"]]) for a in seen] == [("CT-1", ["SDG 16.4"])]
    inside = get(client, path, api_headers(secretariat))["items"]
    assert len(inside[0]["items"]) == 2
