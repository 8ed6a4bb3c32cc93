"""The instruments API: its shape, the gate, rights, validation (422) and conflicts (409)."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from mufakat.audit.models import AuditEvent
from mufakat.workplans import services
from mufakat.workplans.models import Activity, Indicator, Instrument
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(user: Any, path: str, api_headers: Any, **params: Any) -> Any:
    headers = api_headers(user) if user.is_authenticated else {}
    return Client().get(API + path, params, headers=headers)


def send(method: str, user: Any, path: str, body: dict[str, Any], api_headers: Any) -> Any:
    call = getattr(Client(), method)
    return call(
        API + path, json.dumps(body), content_type="application/json", headers=api_headers(user)
    )


def error_fields(response: Any) -> set[str]:
    return {item["loc"][-1] for item in response.json()["detail"]}


# -- reading -----------------------------------------------------------------------------------


def test_an_instrument_comes_in_the_agreed_shape(
    anonymous: Any, work_plan: Instrument, declaration: Instrument, ammtc_17: Any, api_headers: Any
) -> None:
    training = Activity.objects.get(code="CT-1")
    workshop = Activity.objects.get(code="CY-1")
    indicator = Indicator.objects.get()
    ct, cyber = work_plan.priority_areas.order_by("position")

    body = get(anonymous, f"/instruments/{work_plan.pk}", api_headers).json()

    assert body == {
        "id": work_plan.pk,
        "key": "asean-japan-wp-2023-2027",
        "title": "ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027",
        "display_title": "ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027",
        "title_translations": {},
        "short_title": "ASEAN–Japan Work Plan 2023–2027",
        "kind": "work_plan",
        "start_year": 2023,
        "end_year": 2027,
        "extended_to_year": None,
        "adopted_on": "2023-08-22",
        "place": "Labuan Bajo",
        "parties": ["ASEAN", "JPN"],
        "adopted_at": ammtc_17.pk,
        "reviewed_at": [],
        "derives_from": [declaration.pk],
        "superseded_by": [],
        "supersedes": [],
        "audience": "public",
        "tlp": "CLEAR",
        "source": "Press statement of the 17th AMMTC",
        "lock_version": 1,
        "priority_areas": [
            {
                "id": ct.pk,
                "title": "Counter terrorism",
                "position": ct.position,
                "crime_areas": ["terrorism"],
                "activity_count": 1,
                "activities": f"{API}/activities?priority_area={ct.pk}",
            },
            {
                "id": cyber.pk,
                "title": "Cybercrime",
                "position": cyber.position,
                "crime_areas": ["cybercrime"],
                "activity_count": 1,
                "activities": f"{API}/activities?priority_area={cyber.pk}",
            },
        ],
        "activity_count": 2,
        "activities": f"{API}/activities?instrument={work_plan.pk}",
    }
    # The activities (with their indicators) are read a page at a time from that address.
    page = get(anonymous, f"/activities?priority_area={ct.pk}", api_headers).json()
    assert [row["code"] for row in page["items"]] == ["CT-1"]
    assert page["items"][0]["id"] == training.pk
    assert page["items"][0]["indicators"] == [
        {
            "id": indicator.pk,
            "name": "Officers trained",
            "kind": "numeric",
            "unit": "officers",
            "baseline": "0",
            "target": "120",
        }
    ]
    assert [
        row["id"]
        for row in get(anonymous, f"/activities?priority_area={cyber.pk}", api_headers).json()[
            "items"
        ]
    ] == [workshop.pk]


def test_a_declaration_has_no_end_year_and_a_partial_date_stays_partial(
    anonymous: Any, declaration: Instrument, api_headers: Any
) -> None:
    Instrument.objects.filter(pk=declaration.pk).update(adopted_precision="month")

    body = get(anonymous, f"/instruments/{declaration.pk}", api_headers).json()

    assert body["end_year"] is None
    assert body["adopted_on"] == "2014-11"


def test_superseded_by_is_read_from_the_successor(
    secretariat: Any, anonymous: Any, work_plan: Instrument, api_headers: Any
) -> None:
    successor = make.instrument(key="successor", start_year=2028, end_year=2032)
    services.add_link(actor=secretariat, source=successor, target=work_plan, kind="supersedes")

    assert get(anonymous, f"/instruments/{work_plan.pk}", api_headers).json()["superseded_by"] == [
        successor.pk
    ]
    assert get(anonymous, f"/instruments/{successor.pk}", api_headers).json()["supersedes"] == [
        work_plan.pk
    ]


def test_a_restricted_derived_instrument_is_absent_from_the_outsiders_lineage_lists(
    outsider: Any, jpn_focal: Any, work_plan: Instrument, cyber_annex: Instrument, api_headers: Any
) -> None:
    # The annex derives from the work plan; let it supersede the plan as well.
    cyber_annex.links_out.create(target=work_plan, kind="supersedes")

    outsiders = get(outsider, f"/instruments/{work_plan.pk}", api_headers).json()
    japans = get(jpn_focal, f"/instruments/{work_plan.pk}", api_headers).json()

    assert outsiders["superseded_by"] == []
    assert japans["superseded_by"] == [cyber_annex.pk]
    assert get(outsider, f"/instruments/{cyber_annex.pk}", api_headers).status_code == 404
    assert get(outsider, f"/instruments/{cyber_annex.pk}/versions", api_headers).status_code == 404
    for reader in (outsider, AnonymousUser()):
        listed = get(reader, "/instruments", api_headers).json()
        assert cyber_annex.pk not in {item["id"] for item in listed["items"]}
        assert listed["count"] == 2


def test_the_instrument_list_is_paginated_and_filtered(
    anonymous: Any, work_plan: Instrument, bali_work_plan: Instrument, api_headers: Any
) -> None:
    everything = get(anonymous, "/instruments", api_headers).json()
    assert everything["count"] == 3
    assert {"parties", "adopted_on", "kind", "key"} <= set(everything["items"][0])

    def keys(**params: Any) -> set[str]:
        return {
            i["key"] for i in get(anonymous, "/instruments", api_headers, **params).json()["items"]
        }

    assert keys(q="bali") == {"bali-wp-2019-2025"}
    assert keys(kind="declaration") == {"asean-japan-jd-2014"}
    assert keys(party="JPN") == {"asean-japan-jd-2014", "asean-japan-wp-2023-2027"}


def test_the_instrument_list_costs_a_constant_number_of_queries(
    anonymous: Any, work_plan: Instrument, asean: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(10):
        make.instrument().parties.add(asean)

    with django_assert_max_num_queries(4):
        assert Client().get(API + "/instruments").status_code == 200


def test_activities_are_filtered_by_instrument_party_and_crime_area(
    anonymous: Any, work_plan: Instrument, bali_work_plan: Instrument, api_headers: Any
) -> None:
    make.priority_area(instrument=bali_work_plan).activities.create(code="B-1", title="Bali")

    def codes(**params: Any) -> set[str]:
        body = get(anonymous, "/activities", api_headers, **params).json()
        return {a["code"] for a in body["items"]}

    assert codes() == {"CT-1", "CY-1", "B-1"}
    assert codes(instrument=work_plan.pk) == {"CT-1", "CY-1"}
    assert codes(party="IDN") == {"CT-1", "CY-1"}  # participating in one, leading the other
    assert codes(party="JPN") == {"CT-1"}
    assert codes(crime_area="cybercrime") == {"CY-1"}


def test_the_activity_list_costs_a_constant_number_of_queries(
    work_plan: Instrument, idn: Any, django_assert_max_num_queries: Any
) -> None:
    area = work_plan.priority_areas.first()
    for n in range(10):
        activity = Activity.objects.create(priority_area=area, code=f"M-{n}", title="More")
        activity.lead_parties.add(idn)

    with django_assert_max_num_queries(6):
        assert Client().get(API + "/activities").json()["count"] == 12


def test_one_activity_says_where_it_belongs(
    anonymous: Any, training: Activity, work_plan: Instrument, api_headers: Any
) -> None:
    body = get(anonymous, f"/activities/{training.pk}", api_headers).json()

    assert body["instrument"] == work_plan.pk
    assert body["crime_areas"] == ["terrorism"]
    assert body["indicators"][0]["name"] == "Officers trained"


def test_activities_of_a_hidden_instrument_stay_hidden(
    outsider: Any, cyber_annex: Instrument, api_headers: Any
) -> None:
    secret = make.priority_area(instrument=cyber_annex).activities.create(code="S-1", title="S")

    assert get(outsider, f"/activities/{secret.pk}", api_headers).status_code == 404
    listed = get(outsider, "/activities", api_headers).json()
    assert "S-1" not in {a["code"] for a in listed["items"]}


def test_versions_show_the_changed_field(
    secretariat: Any, anonymous: Any, work_plan: Instrument, api_headers: Any
) -> None:
    services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"place": "Jakarta"}, expected_version=1
    )
    services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"end_year": 2028}, expected_version=2
    )

    body = get(anonymous, f"/instruments/{work_plan.pk}/versions", api_headers).json()

    newest, oldest = body["items"]
    assert newest["number"] == 2 and newest["created_by"] == "secretariat"
    assert newest["changes"] == [
        {"path": "end_year", "label": "to year", "before": "2027", "after": "2028"}
    ]
    assert oldest["changes"] == []


# -- writing -----------------------------------------------------------------------------------


def new_instrument(**overrides: Any) -> dict[str, Any]:
    return {
        "key": "somtc-plus-three-wp-2024-2027",
        "title": "SOMTC Plus Three Work Plan 2024–2027",
        "kind": "work_plan",
        "start_year": 2024,
        "end_year": 2027,
        "adopted_on": "2023-08",
        "parties": ["ASEAN", "JPN"],
        "audience": "public",
        "tlp": "CLEAR",
        **overrides,
    }


def test_the_secretariat_creates_an_instrument(
    secretariat: Any, asean: Any, jpn: Any, ammtc_17: Any, api_headers: Any
) -> None:
    response = send(
        "post", secretariat, "/instruments", new_instrument(adopted_at=ammtc_17.pk), api_headers
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["adopted_on"] == "2023-08" and body["parties"] == ["ASEAN", "JPN"]
    assert body["adopted_at"] == ammtc_17.pk
    assert AuditEvent.objects.filter(action="instrument.create", object_id=str(body["id"])).exists()


def test_a_new_instrument_is_restricted_to_its_organisation_by_default(
    secretariat: Any, outsider: Any, asean: Any, jpn: Any, api_headers: Any
) -> None:
    body = dict(new_instrument())
    del body["audience"], body["tlp"]
    created = send("post", secretariat, "/instruments", body, api_headers).json()

    assert created["audience"] == "organisation"
    assert get(outsider, f"/instruments/{created['id']}", api_headers).status_code == 404


def test_a_focal_point_gets_403_on_every_write(
    idn_focal: Any, work_plan: Instrument, training: Activity, declaration: Any, api_headers: Any
) -> None:
    area = work_plan.priority_areas.first()
    assert area is not None
    calls = [
        ("post", "/instruments", new_instrument()),
        ("patch", f"/instruments/{work_plan.pk}", {"lock_version": 1, "title": "x"}),
        ("post", f"/instruments/{work_plan.pk}/priority-areas", {"title": "x"}),
        ("patch", f"/priority-areas/{area.pk}", {"lock_version": 1, "title": "x"}),
        ("post", f"/priority-areas/{area.pk}/activities", {"code": "X", "title": "x"}),
        ("patch", f"/activities/{training.pk}", {"lock_version": 1, "title": "x"}),
        ("post", f"/instruments/{declaration.pk}/links", {"target": 1, "kind": "amends"}),
    ]
    for method, path, body in calls:
        assert send(method, idn_focal, path, body, api_headers).status_code == 403, path


def test_a_hidden_instrument_cannot_be_written_to_either(
    secretariat: Any, idn: Any, api_headers: Any
) -> None:
    hidden = make.instrument(audience="organisation", tlp="AMBER+STRICT", owner_party=idn)

    response = send(
        "patch", secretariat, f"/instruments/{hidden.pk}", {"lock_version": 1}, api_headers
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_year": 2027, "end_year": 2024}, "end_year"),
        ({"extended_to_year": 2026}, "extended_to_year"),
        ({"adopted_on": "August 2023"}, "adopted_on"),
        ({"parties": ["ASEAN", "ZZZ"]}, "parties"),
        ({"kind": "treaty"}, "kind"),
        ({"audience": "public", "tlp": "AMBER"}, "audience"),
        ({"adopted_at": 987654}, "adopted_at"),
    ],
)
def test_invalid_instruments_answer_422_on_the_field(
    secretariat: Any, asean: Any, jpn: Any, overrides: dict[str, Any], field: str, api_headers: Any
) -> None:
    response = send("post", secretariat, "/instruments", new_instrument(**overrides), api_headers)

    assert response.status_code == 422, response.content
    assert field in error_fields(response)


def test_a_duplicate_key_answers_422_on_key(
    secretariat: Any, work_plan: Instrument, asean: Any, jpn: Any, api_headers: Any
) -> None:
    body = new_instrument(key=work_plan.key)

    response = send("post", secretariat, "/instruments", body, api_headers)

    assert response.status_code == 422 and error_fields(response) == {"key"}


def test_a_patch_with_a_stale_lock_version_answers_409(
    secretariat: Any, work_plan: Instrument, api_headers: Any
) -> None:
    path = f"/instruments/{work_plan.pk}"
    first = send("patch", secretariat, path, {"lock_version": 1, "place": "Jakarta"}, api_headers)
    assert first.status_code == 200 and first.json()["lock_version"] == 2

    second = send("patch", secretariat, path, {"lock_version": 1, "place": "Bali"}, api_headers)

    assert second.status_code == 409
    assert error_fields(second) == {"lock_version"}
    work_plan.refresh_from_db()
    assert work_plan.place == "Jakarta"


def test_a_patch_changes_only_what_it_names_and_can_clear_a_field(
    secretariat: Any, bali_work_plan: Instrument, api_headers: Any
) -> None:
    path = f"/instruments/{bali_work_plan.pk}"

    response = send(
        "patch",
        secretariat,
        path,
        {"lock_version": 1, "extended_to_year": None, "extended_at": None},
        api_headers,
    )

    body = response.json()
    assert response.status_code == 200, body
    assert body["extended_to_year"] is None and body["end_year"] == 2025
    assert body["title"] == "Bali Work Plan 2019–2025"
    versions = get(secretariat, path + "/versions", api_headers).json()["items"]
    assert versions[0]["number"] == 1


def test_lineage_links_are_created_and_cycles_refused(
    secretariat: Any, work_plan: Instrument, declaration: Instrument, api_headers: Any
) -> None:
    successor = make.instrument(key="successor", start_year=2028, end_year=2032)

    created = send(
        "post",
        secretariat,
        f"/instruments/{successor.pk}/links",
        {"target": work_plan.pk, "kind": "supersedes"},
        api_headers,
    )
    assert created.status_code == 201
    assert created.json() | {"id": 0} == {
        "id": 0,
        "source": successor.pk,
        "target": work_plan.pk,
        "kind": "supersedes",
        "note": "",
    }

    cycle = send(
        "post",
        secretariat,
        f"/instruments/{declaration.pk}/links",
        {"target": successor.pk, "kind": "derives_from"},
        api_headers,
    )
    assert cycle.status_code == 422 and error_fields(cycle) == {"target"}

    itself = send(
        "post",
        secretariat,
        f"/instruments/{declaration.pk}/links",
        {"target": declaration.pk, "kind": "amends"},
        api_headers,
    )
    assert itself.status_code == 422 and error_fields(itself) == {"target"}

    link_id = created.json()["id"]
    deleted = Client().delete(
        f"{API}/instruments/{successor.pk}/links/{link_id}", headers=api_headers(secretariat)
    )
    assert deleted.status_code == 204
    assert not successor.links_out.exists()


def test_a_link_to_an_instrument_the_editor_cannot_see_is_refused(
    secretariat: Any, work_plan: Instrument, idn: Any, api_headers: Any
) -> None:
    hidden = make.instrument(audience="organisation", tlp="AMBER+STRICT", owner_party=idn)

    response = send(
        "post",
        secretariat,
        f"/instruments/{work_plan.pk}/links",
        {"target": hidden.pk, "kind": "derives_from"},
        api_headers,
    )

    assert response.status_code == 422 and error_fields(response) == {"target"}


def test_priority_areas_and_activities_are_added_and_changed(
    secretariat: Any, bali_work_plan: Instrument, terrorism: Any, idn: Any, api_headers: Any
) -> None:
    area = send(
        "post",
        secretariat,
        f"/instruments/{bali_work_plan.pk}/priority-areas",
        {"title": "Prevention", "crime_areas": ["terrorism"]},
        api_headers,
    )
    assert area.status_code == 201, area.content
    area_id = area.json()["id"]
    assert area.json()["crime_areas"] == ["terrorism"] and area.json()["position"] == 1

    activity = send(
        "post",
        secretariat,
        f"/priority-areas/{area_id}/activities",
        {
            "code": "P-1",
            "title": "Community resilience workshop",
            "lead_parties": ["IDN"],
            "start_year": 2024,
            "end_year": 2025,
            "indicators": [{"name": "Workshops held", "kind": "numeric", "target": "4"}],
        },
        api_headers,
    )
    assert activity.status_code == 201, activity.content
    activity_id = activity.json()["id"]
    assert activity.json()["indicators"][0]["target"] == "4"

    duplicate = send(
        "post",
        secretariat,
        f"/priority-areas/{area_id}/activities",
        {"code": "P-1", "title": "Again"},
        api_headers,
    )
    assert duplicate.status_code == 422 and error_fields(duplicate) == {"code"}

    changed = send(
        "patch",
        secretariat,
        f"/activities/{activity_id}",
        {"lock_version": 1, "participating_parties": ["IDN"], "end_year": 2026},
        api_headers,
    )
    assert changed.status_code == 200
    assert changed.json()["participating_parties"] == ["IDN"]
    stale = send(
        "patch", secretariat, f"/activities/{activity_id}", {"lock_version": 1}, api_headers
    )
    assert stale.status_code == 409
    bad_years = send(
        "patch",
        secretariat,
        f"/activities/{activity_id}",
        {"lock_version": 2, "start_year": 2027},
        api_headers,
    )
    assert bad_years.status_code == 422 and error_fields(bad_years) == {"end_year"}

    renamed = send(
        "patch",
        secretariat,
        f"/priority-areas/{area_id}",
        {"lock_version": 1, "title": "Prevention of radicalisation", "crime_areas": ["nope"]},
        api_headers,
    )
    assert renamed.status_code == 422 and error_fields(renamed) == {"crime_areas"}

    detail = get(secretariat, f"/instruments/{bali_work_plan.pk}", api_headers).json()
    area = detail["priority_areas"][0]
    assert area["activity_count"] == 1
    listed = get(secretariat, f"/activities?priority_area={area['id']}", api_headers).json()
    assert listed["items"][0]["code"] == "P-1"
    assert AuditEvent.objects.filter(action="activity.update", object_id=str(activity_id)).exists()


def test_an_instruments_title_in_other_languages_is_set_and_cleared_by_patch(
    secretariat: Any, work_plan: Instrument, api_headers: Any
) -> None:
    path = f"/instruments/{work_plan.pk}"
    thai = "แผนงานอาเซียน–ญี่ปุ่นว่าด้วยการต่อต้านอาชญากรรมข้ามชาติ"
    body = {"lock_version": 1, "title_translations": {"th": thai}}
    translated = send("patch", secretariat, path, body, api_headers)
    assert translated.status_code == 200, translated.json()
    assert translated.json()["title_translations"] == {"th": thai}
    assert translated.json()["title"] == work_plan.title, "the recorded title is unchanged"

    cleared = send(
        "patch", secretariat, path, {"lock_version": 2, "title_translations": None}, api_headers
    )
    assert cleared.status_code == 200, cleared.json()
    work_plan.refresh_from_db()
    assert work_plan.title_translations == {}
