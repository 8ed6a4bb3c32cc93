"""The registry API: codes in, codes out; the same services and rules as the UI."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from mufakat.audit.models import AuditEvent
from mufakat.registry.api import router
from mufakat.registry.models import Body, Party, Term
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, member_state

pytestmark = pytest.mark.django_db

API = "/api/v1"


def post(client: Client, url: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(API + url, data=data, content_type="application/json", headers=headers)


def patch(client: Client, url: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.patch(API + url, data=data, content_type="application/json", headers=headers)


def error_fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.content
    return {detail["loc"][-1] for detail in response.json()["detail"]}


@pytest.fixture
def editor(secretariat: Any, api_headers: Any) -> dict[str, str]:
    return api_headers(secretariat)


@pytest.fixture
def focal(idn_focal: Any, api_headers: Any) -> dict[str, str]:
    return api_headers(idn_focal)


# -- parties -----------------------------------------------------------------------------------


def test_anyone_lists_the_parties_with_their_codes_and_status(
    client: Client, idn: Party, jpn: Party
) -> None:
    body = client.get(f"{API}/parties").json()

    assert body["count"] == 2
    assert {
        "code": "IDN",
        "name": "Indonesia",
        "kind": "member_state",
        "is_asean_organ": False,
        "status": "member",
    } in body["items"]


def test_parties_filter_by_kind_and_by_text(client: Client, idn: Party, jpn: Party) -> None:
    assert [
        p["code"] for p in client.get(f"{API}/parties?kind=dialogue_partner").json()["items"]
    ] == ["JPN"]
    assert [p["code"] for p in client.get(f"{API}/parties?q=indo").json()["items"]] == ["IDN"]
    assert client.get(f"{API}/parties?kind=planet").status_code == 422


def test_the_party_list_costs_a_fixed_number_of_queries(
    client: Client, db: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(60):
        member_state(f"M{n:02d}")
    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/parties")
    assert response.json()["count"] == 60
    assert len(response.json()["items"]) == 50


def test_a_party_record_has_memberships_agencies_and_version(client: Client, bnpt: Any) -> None:
    body = client.get(f"{API}/parties/IDN").json()

    assert body["memberships"][0]["status"] == "member"
    assert body["memberships"][0]["current"] is True
    assert body["agencies"][0]["acronym"] == "BNPT"
    assert body["lock_version"] == 1


def test_an_unknown_party_is_404(client: Client, db: Any) -> None:
    assert client.get(f"{API}/parties/XYZ").status_code == 404


def test_the_secretariat_registers_a_party(client: Client, editor: dict[str, str]) -> None:
    response = post(
        client, "/parties", {"code": "TLS", "name": "Timor-Leste", "kind": "member_state"}, editor
    )

    assert response.status_code == 201
    assert response.json()["code"] == "TLS"
    assert AuditEvent.objects.filter(action="party.create", actor_username="secretariat").exists()


def test_a_focal_point_cannot_register_a_party(client: Client, focal: dict[str, str]) -> None:
    response = post(client, "/parties", {"code": "TLS", "name": "T", "kind": "member_state"}, focal)
    assert response.status_code == 403
    assert not Party.objects.filter(code="TLS").exists()


def test_an_anonymous_client_cannot_register_a_party(client: Client, db: Any) -> None:
    response = post(client, "/parties", {"code": "TLS", "name": "T", "kind": "member_state"}, {})
    assert response.status_code == 403


def test_a_duplicate_party_code_answers_422_on_code(
    client: Client, editor: dict[str, str], idn: Party
) -> None:
    response = post(
        client, "/parties", {"code": "IDN", "name": "X", "kind": "member_state"}, editor
    )
    assert error_fields(response) == {"code"}
    assert response.json()["detail"][0]["msg"] == "A party with code “IDN” already exists."


def test_patching_a_party_needs_the_current_version(
    client: Client, editor: dict[str, str], idn: Party
) -> None:
    ok = patch(client, "/parties/IDN", {"lock_version": 1, "name": "Republic of Indonesia"}, editor)
    assert ok.status_code == 200 and ok.json()["lock_version"] == 2

    stale = patch(client, "/parties/IDN", {"lock_version": 1, "name": "Overwritten"}, editor)
    assert stale.status_code == 409
    assert stale.json()["detail"][0]["loc"] == ["body", "lock_version"]
    idn.refresh_from_db()
    assert idn.name == "Republic of Indonesia"


def test_a_focal_point_cannot_patch_a_party(
    client: Client, focal: dict[str, str], idn: Party
) -> None:
    assert patch(client, "/parties/IDN", {"lock_version": 1, "name": "X"}, focal).status_code == 403


def test_the_secretariat_records_a_membership(client: Client, editor: dict[str, str]) -> None:
    post(client, "/parties", {"code": "TLS", "name": "Timor-Leste", "kind": "member_state"}, editor)
    response = post(
        client, "/parties/TLS/memberships", {"status": "member", "start_date": "2025-10-26"}, editor
    )
    assert response.status_code == 201
    assert response.json()["status"] == "member"


# -- agencies ----------------------------------------------------------------------------------


def test_agencies_are_listed_with_their_party_code(client: Client, bnpt: Any) -> None:
    items = client.get(f"{API}/agencies?party=IDN").json()["items"]
    assert items[0]["party"] == "IDN" and items[0]["acronym"] == "BNPT"
    assert client.get(f"{API}/agencies?party=JPN").json()["count"] == 0


def test_an_agency_of_an_unknown_party_answers_422_on_party(
    client: Client, editor: dict[str, str]
) -> None:
    response = post(client, "/agencies", {"party": "XYZ", "acronym": "A", "name": "B"}, editor)
    assert error_fields(response) == {"party"}
    assert response.json()["detail"][0]["msg"] == "Unknown party code “XYZ”."


def test_the_secretariat_registers_an_agency(
    client: Client, editor: dict[str, str], idn: Party
) -> None:
    response = post(
        client, "/agencies", {"party": "IDN", "acronym": "POLRI", "name": "National Police"}, editor
    )
    assert response.status_code == 201 and response.json()["party"] == "IDN"


# -- bodies ------------------------------------------------------------------------------------


def test_a_body_record_speaks_in_codes(
    client: Client, wg_ct: Body, idn: Party, bnpt: Any, jpn: Party
) -> None:
    wg_ct.partners.add(jpn)
    Term.objects.create(
        body=wg_ct, party=idn, agency=bnpt, role="chair", start_date=dt.date(2023, 1, 1)
    )

    body = client.get(f"{API}/bodies/SOMTC-WG-CT").json()

    assert body["parent"] == "SOMTC"
    assert body["children"] == []
    assert body["partners"] == ["JPN"]
    assert body["crime_areas"] == ["terrorism"]
    assert body["terms"] == [
        {
            "id": body["terms"][0]["id"],
            "role": "chair",
            "party": "IDN",
            "agency": "BNPT",
            "start_date": "2023-01-01",
            "end_date": None,
            "current": True,
            "source": "",
        }
    ]
    assert client.get(f"{API}/bodies/SOMTC").json()["children"] == ["SOMTC-WG-CT"]


def test_a_consultation_code_with_a_plus_is_a_valid_path(client: Client, jpn: Party) -> None:
    BodyFactory.create(code="SOMTC+JPN", level=Body.Level.CONSULTATION).partners.add(jpn)
    assert client.get(f"{API}/bodies/SOMTC+JPN").json()["partners"] == ["JPN"]
    assert client.get(f"{API}/bodies/SOMTC%2BJPN").status_code == 200


def test_bodies_filter_by_parent_and_level(client: Client, wg_ct: Body) -> None:
    assert [b["code"] for b in client.get(f"{API}/bodies?parent=SOMTC").json()["items"]] == [
        "SOMTC-WG-CT"
    ]
    assert [b["code"] for b in client.get(f"{API}/bodies?level=ministerial").json()["items"]] == [
        "AMMTC"
    ]


def test_the_body_list_costs_a_fixed_number_of_queries(
    client: Client, somtc: Body, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        BodyFactory.create(code=f"SOMTC-WG-{n}", parent=somtc)
    with django_assert_max_num_queries(2):
        assert client.get(f"{API}/bodies").json()["count"] == 32


def test_the_secretariat_creates_a_body_from_codes(
    client: Client, editor: dict[str, str], somtc: Body, jpn: Party, terrorism: Any
) -> None:
    response = post(
        client,
        "/bodies",
        {
            "code": "SOMTC+JPN",
            "name": "SOMTC + Japan Consultation",
            "level": "consultation",
            "parent": "SOMTC",
            "partners": ["JPN"],
            "crime_areas": ["terrorism"],
        },
        editor,
    )

    assert response.status_code == 201, response.content
    assert response.json()["partners"] == ["JPN"]
    assert response.json()["parent"] == "SOMTC"
    assert AuditEvent.objects.filter(action="body.create").exists()


def test_an_unknown_parent_body_answers_422_on_parent(
    client: Client, editor: dict[str, str], db: Any
) -> None:
    response = post(
        client, "/bodies", {"code": "X", "name": "X", "level": "other", "parent": "NOPE"}, editor
    )
    assert error_fields(response) == {"parent"}


def test_an_unknown_partner_answers_422_on_partners(
    client: Client, editor: dict[str, str], db: Any
) -> None:
    response = post(
        client, "/bodies", {"code": "X", "name": "X", "level": "other", "partners": ["ZZZ"]}, editor
    )
    assert error_fields(response) == {"partners"}


def test_a_duplicate_body_code_answers_422_on_code(
    client: Client, editor: dict[str, str], somtc: Body
) -> None:
    response = post(client, "/bodies", {"code": "SOMTC", "name": "X", "level": "other"}, editor)
    assert error_fields(response) == {"code"}


def test_a_focal_point_cannot_create_a_body(client: Client, focal: dict[str, str]) -> None:
    response = post(client, "/bodies", {"code": "X", "name": "X", "level": "other"}, focal)
    assert response.status_code == 403


def test_patching_a_body_into_a_cycle_answers_422_on_parent(
    client: Client, editor: dict[str, str], wg_ct: Body
) -> None:
    response = patch(client, "/bodies/AMMTC", {"lock_version": 1, "parent": "SOMTC-WG-CT"}, editor)
    assert error_fields(response) == {"parent"}


def test_patching_a_body_changes_only_what_was_sent(
    client: Client, editor: dict[str, str], wg_ct: Body, ammtc: Body
) -> None:
    CrimeAreaFactory.create(code="cybercrime")
    response = patch(
        client,
        "/bodies/SOMTC-WG-CT",
        {"lock_version": 1, "parent": "AMMTC", "crime_areas": ["terrorism", "cybercrime"]},
        editor,
    )

    assert response.status_code == 200, response.content
    assert response.json()["parent"] == "AMMTC"
    assert response.json()["crime_areas"] == ["cybercrime", "terrorism"] or response.json()[
        "crime_areas"
    ] == ["terrorism", "cybercrime"]
    assert response.json()["name"] == "SOMTC Working Group on Counter Terrorism"
    assert response.json()["lock_version"] == 2


def test_a_stale_body_patch_conflicts(client: Client, editor: dict[str, str], wg_ct: Body) -> None:
    patch(client, "/bodies/SOMTC-WG-CT", {"lock_version": 1, "description": "A"}, editor)
    response = patch(client, "/bodies/SOMTC-WG-CT", {"lock_version": 1, "description": "B"}, editor)
    assert response.status_code == 409


def test_a_focal_point_cannot_patch_a_body(
    client: Client, focal: dict[str, str], wg_ct: Body
) -> None:
    response = patch(client, "/bodies/SOMTC-WG-CT", {"lock_version": 1, "name": "X"}, focal)
    assert response.status_code == 403


# -- terms -------------------------------------------------------------------------------------


def test_the_secretariat_adds_a_chair_with_its_agency(
    client: Client, editor: dict[str, str], wg_ct: Body, bnpt: Any
) -> None:
    response = post(
        client,
        "/bodies/SOMTC-WG-CT/terms",
        {"role": "chair", "party": "IDN", "agency": "BNPT", "start_date": "2023-01-01"},
        editor,
    )

    assert response.status_code == 201, response.content
    assert response.json()["agency"] == "BNPT"
    assert AuditEvent.objects.filter(action="term.create").exists()


def test_a_term_ending_before_it_starts_answers_422_on_end_date(
    client: Client, editor: dict[str, str], wg_ct: Body, idn: Party
) -> None:
    response = post(
        client,
        "/bodies/SOMTC-WG-CT/terms",
        {"role": "chair", "party": "IDN", "start_date": "2023-01-01", "end_date": "2022-01-01"},
        editor,
    )
    assert error_fields(response) == {"end_date"}


def test_a_term_of_an_unknown_party_answers_422_on_party(
    client: Client, editor: dict[str, str], wg_ct: Body
) -> None:
    response = post(
        client,
        "/bodies/SOMTC-WG-CT/terms",
        {"role": "chair", "party": "XYZ", "start_date": "2023-01-01"},
        editor,
    )
    assert error_fields(response) == {"party"}


def test_an_overlapping_chair_answers_422_on_start_date(
    client: Client, editor: dict[str, str], wg_ct: Body, idn: Party
) -> None:
    member_state("PHL", "Philippines")
    term = {"role": "chair", "party": "IDN", "start_date": "2023-01-01"}
    assert post(client, "/bodies/SOMTC-WG-CT/terms", term, editor).status_code == 201

    response = post(
        client,
        "/bodies/SOMTC-WG-CT/terms",
        {**term, "party": "PHL", "start_date": "2024-06-01"},
        editor,
    )

    assert error_fields(response) == {"start_date"}
    assert "already Chair of SOMTC-WG-CT" in response.json()["detail"][0]["msg"]


def test_a_focal_point_cannot_add_a_term(
    client: Client, focal: dict[str, str], wg_ct: Body, idn: Party
) -> None:
    response = post(
        client,
        "/bodies/SOMTC-WG-CT/terms",
        {"role": "chair", "party": "IDN", "start_date": "2023-01-01"},
        focal,
    )
    assert response.status_code == 403


def test_a_term_for_an_unknown_body_is_404(
    client: Client, editor: dict[str, str], idn: Party
) -> None:
    response = post(
        client,
        "/bodies/NOPE/terms",
        {"role": "chair", "party": "IDN", "start_date": "2023-01-01"},
        editor,
    )
    assert response.status_code == 404


# -- crime areas -------------------------------------------------------------------------------


def test_crime_areas_show_their_dated_priority(client: Client, wg_ct: Body) -> None:
    CrimeAreaFactory.create(
        code="sea_piracy", priority_since=dt.date(1999, 1, 1), priority_until=dt.date(2025, 1, 1)
    )
    items = {c["code"]: c for c in client.get(f"{API}/crime-areas").json()["items"]}

    assert items["sea_piracy"]["is_priority"] is False
    assert items["sea_piracy"]["priority_until"] == "2025-01-01"
    assert items["terrorism"]["bodies"] == ["SOMTC-WG-CT"]
    assert client.get(f"{API}/crime-areas/terrorism").json()["name"] == "Terrorism"
    assert client.get(f"{API}/crime-areas/nope").status_code == 404


def test_the_secretariat_dates_a_crime_area_through_the_api(
    client: Client, editor: dict[str, str], focal: dict[str, str], terrorism: Any
) -> None:
    change = {"lock_version": 1, "priority_since": "1999-01-01"}
    assert patch(client, "/crime-areas/terrorism", change, focal).status_code == 403
    response = patch(client, "/crime-areas/terrorism", change, editor)
    assert response.status_code == 200 and response.json()["priority_since"] == "1999-01-01"


def test_every_registry_operation_has_a_prefixed_unique_id_and_a_summary() -> None:
    operations = [op for view in router.path_operations.values() for op in view.operations]
    ids = [op.operation_id for op in operations]

    assert len(ids) == 16  # 15 + sharing groups
    assert all(i and i.startswith("registry_") for i in ids)
    assert len(set(ids)) == len(ids)
    assert all(op.summary for op in operations)


def test_the_other_names_of_a_body_are_read_and_written_through_the_api(
    client: Client, editor: dict[str, str], wg_ct: Body
) -> None:
    response = patch(
        client, "/bodies/SOMTC-WG-CT", {"lock_version": 1, "aliases": "WG on CT\nCTWG"}, editor
    )

    assert response.status_code == 200, response.content
    assert response.json()["aliases"] == "WG on CT\nCTWG"
    assert Body.objects.get(code="SOMTC-WG-CT").aliases == "WG on CT\nCTWG"
