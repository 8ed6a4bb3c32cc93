"""Sharing groups: the Secretariat defines them; a confidential group is a secret of its members."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.core.models import SharingGroup
from mufakat.registry import groups_selectors, groups_services
from mufakat.registry.models import Party
from mufakat.testing.factories import PartyFactory, UserFactory, sharing_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def wg_ct_inner(idn: Party, jpn: Party, asec: Party) -> SharingGroup:
    """A confidential group of Indonesia and the Secretariat (Japan is not in it)."""
    return sharing_group("wg-ct-inner", [idn, asec], name="WG-CT inner circle", confidential=True)


@pytest.fixture
def groups(asean_japan: SharingGroup, wg_ct_inner: SharingGroup) -> dict[str, SharingGroup]:
    return {"public": asean_japan, "confidential": wg_ct_inner}


# -- who sees which group ------------------------------------------------------------------------


def test_everyone_sees_a_public_group_with_its_member_parties(
    groups: dict[str, SharingGroup], outsider: User, as_user: Any
) -> None:
    page = as_user(outsider).get("/registry/sharing-groups/")
    assert page.status_code == 200
    assert "ASEAN + Japan" in page.text
    detail = as_user(outsider).get("/registry/sharing-groups/asean-jpn/")
    assert detail.status_code == 200
    assert ">JPN<" in detail.text and ">IDN<" in detail.text


def test_a_confidential_group_is_hidden_from_non_members(
    groups: dict[str, SharingGroup], outsider: User, jpn_focal: User, anonymous: Any, as_user: Any
) -> None:
    for user in (outsider, jpn_focal, anonymous):
        client = as_user(user)
        listing = client.get("/registry/sharing-groups/")
        assert "WG-CT inner circle" not in listing.text
        assert "wg-ct-inner" not in listing.text
        assert client.get("/registry/sharing-groups/wg-ct-inner/").status_code == 404


def test_a_guessed_code_of_a_hidden_group_answers_like_an_unknown_one(
    groups: dict[str, SharingGroup], outsider: User, as_user: Any
) -> None:
    hidden = as_user(outsider).get("/registry/sharing-groups/wg-ct-inner/")
    unknown = as_user(outsider).get("/registry/sharing-groups/no-such-group/")
    assert hidden.status_code == unknown.status_code == 404


def test_members_and_the_secretariat_see_a_confidential_group_and_its_members(
    groups: dict[str, SharingGroup], idn_focal: User, secretariat: User, as_user: Any
) -> None:
    groups["confidential"].users.add(idn_focal)
    for user in (idn_focal, secretariat):
        client = as_user(user)
        assert "WG-CT inner circle" in client.get("/registry/sharing-groups/").text
        page = client.get("/registry/sharing-groups/wg-ct-inner/")
        assert page.status_code == 200
        assert ">IDN<" in page.text
        assert "idn.focal" in page.text


def test_a_user_who_is_a_member_personally_sees_the_confidential_group(
    groups: dict[str, SharingGroup], outsider: User, as_user: Any
) -> None:
    groups["confidential"].users.add(outsider)
    page = as_user(outsider).get("/registry/sharing-groups/wg-ct-inner/")
    assert page.status_code == 200
    assert "You are a member" in page.text


def test_named_people_of_a_public_group_are_shown_only_to_members(
    groups: dict[str, SharingGroup], outsider: User, jpn_focal: User, as_user: Any
) -> None:
    consultant = UserFactory.create(username="consultant.x", party=PartyFactory.create(code="AUS"))
    groups["public"].users.add(consultant)
    assert "consultant.x" in as_user(jpn_focal).get("/registry/sharing-groups/asean-jpn/").text
    assert "consultant.x" not in as_user(outsider).get("/registry/sharing-groups/asean-jpn/").text


def test_the_group_list_takes_a_fixed_number_of_queries(
    groups: dict[str, SharingGroup],
    idn_focal: User,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(10):
        sharing_group(f"extra-{n}", [PartyFactory.create(code=f"X{n:02d}")], name=f"Extra {n}")
    client = as_user(idn_focal)
    with django_assert_max_num_queries(8):
        page = client.get("/registry/sharing-groups/")
    assert "Extra 9" in page.text


# -- API -------------------------------------------------------------------------------------------


def _codes(response: Any) -> set[str]:
    assert response.status_code == 200
    return {g["code"] for g in response.json()["items"]}


def test_the_api_lists_the_same_groups_as_the_page(
    groups: dict[str, SharingGroup],
    outsider: User,
    idn_focal: User,
    secretariat: User,
    client: Any,
    api_headers: Any,
) -> None:
    url = "/api/v1/registry/sharing-groups"
    assert _codes(client.get(url)) == {"asean-jpn"}
    assert _codes(client.get(url, headers=api_headers(outsider))) == {"asean-jpn"}
    assert _codes(client.get(url, headers=api_headers(idn_focal))) == {"asean-jpn", "wg-ct-inner"}
    assert _codes(client.get(url, headers=api_headers(secretariat))) == {
        "asean-jpn",
        "wg-ct-inner",
    }


def test_the_api_shows_named_people_only_to_members(
    groups: dict[str, SharingGroup],
    outsider: User,
    jpn_focal: User,
    client: Any,
    api_headers: Any,
) -> None:
    groups["public"].users.add(jpn_focal)
    url = "/api/v1/registry/sharing-groups"
    as_member = client.get(url, headers=api_headers(jpn_focal)).json()["items"][0]
    as_outsider = client.get(url, headers=api_headers(outsider)).json()["items"][0]
    assert as_member["users"] == ["jpn.focal"] and as_member["is_member"] is True
    assert as_outsider["users"] is None and as_outsider["is_member"] is False
    assert as_outsider["parties"] == ["ASEC", "IDN", "JPN"]


# -- who may change groups ---------------------------------------------------------------------------


def test_only_the_secretariat_may_open_the_group_forms(
    groups: dict[str, SharingGroup],
    idn_focal: User,
    jpn_focal: User,
    secretariat: User,
    as_user: Any,
) -> None:
    for user in (idn_focal, jpn_focal):
        assert as_user(user).get("/registry/sharing-groups/new/").status_code == 403
        assert as_user(user).get("/registry/sharing-groups/asean-jpn/edit/").status_code == 403
    assert as_user(secretariat).get("/registry/sharing-groups/new/").status_code == 200
    assert as_user(secretariat).get("/registry/sharing-groups/asean-jpn/edit/").status_code == 200


def test_a_focal_point_cannot_create_a_group_even_by_posting(
    idn_focal: User, idn: Party, as_user: Any
) -> None:
    response = as_user(idn_focal).post(
        "/registry/sharing-groups/new/", {"code": "mine", "name": "Mine", "parties": ["IDN"]}
    )
    assert response.status_code == 403
    assert not SharingGroup.objects.filter(code="mine").exists()


def test_the_secretariat_creates_a_confidential_group_through_the_form(
    secretariat: User, idn: Party, jpn: Party, as_user: Any
) -> None:
    response = as_user(secretariat).post(
        "/registry/sharing-groups/new/",
        {"code": "WG-CT", "name": "WG-CT members", "confidential": "on", "parties": ["IDN", "JPN"]},
    )
    assert response.status_code == 302
    group = SharingGroup.objects.get(code="WG-CT")
    assert response["Location"] == "/registry/sharing-groups/WG-CT/"
    assert group.confidential
    assert {p.code for p in group.parties.all()} == {"IDN", "JPN"}
    event = AuditEvent.objects.filter(action="sharing_group.create").get()
    assert event.after["parties"] == sorted([idn.pk, jpn.pk])


def test_the_secretariat_edits_members_and_the_change_is_audited(
    groups: dict[str, SharingGroup], secretariat: User, can: Party, as_user: Any
) -> None:
    group = groups["public"]
    response = as_user(secretariat).post(
        "/registry/sharing-groups/asean-jpn/edit/",
        {
            "name": "ASEAN + Japan",
            "parties": ["IDN", "JPN", "ASEC", "CAN"],
            "lock_version": group.lock_version,
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert "CAN" in {p.code for p in group.parties.all()}
    assert group.lock_version == 2
    assert AuditEvent.objects.filter(action="sharing_group.update").count() == 1


def test_a_stale_edit_conflicts_instead_of_overwriting(
    groups: dict[str, SharingGroup], secretariat: User
) -> None:
    group = groups["public"]
    groups_services.update_sharing_group(
        actor=secretariat, group=group, changes={"name": "ASEAN+JPN"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        groups_services.update_sharing_group(
            actor=secretariat, group=group, changes={"name": "Other"}, expected_version=1
        )
    group.refresh_from_db()
    assert group.name == "ASEAN+JPN"


def test_the_form_reports_a_stale_edit(
    groups: dict[str, SharingGroup], secretariat: User, as_user: Any
) -> None:
    groups_services.update_sharing_group(
        actor=secretariat, group=groups["public"], changes={"name": "Renamed"}, expected_version=1
    )
    page = as_user(secretariat).post(
        "/registry/sharing-groups/asean-jpn/edit/", {"name": "Mine", "lock_version": 1}
    )
    assert page.status_code == 200
    assert "changed by someone else" in page.text


def test_group_services_refuse_non_editors_and_bad_input(
    groups: dict[str, SharingGroup], secretariat: User, idn_focal: User
) -> None:
    with pytest.raises(PermissionDenied):
        groups_services.create_sharing_group(actor=idn_focal, code="x", name="X")
    with pytest.raises(PermissionDenied):
        groups_services.update_sharing_group(
            actor=idn_focal, group=groups["public"], changes={"name": "X"}, expected_version=None
        )
    with pytest.raises(ValidationError) as duplicate:
        groups_services.create_sharing_group(actor=secretariat, code="ASEAN-JPN", name="Again")
    assert "code" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as bad_code:
        groups_services.create_sharing_group(actor=secretariat, code="no spaces!", name="X")
    assert "code" in bad_code.value.message_dict
    with pytest.raises(ValidationError) as fixed:
        groups_services.update_sharing_group(
            actor=secretariat, group=groups["public"], changes={"code": "x"}, expected_version=None
        )
    assert "code" in fixed.value.message_dict


def test_membership_follows_the_gate_through_party_or_person(
    groups: dict[str, SharingGroup], jpn_focal: User, outsider: User
) -> None:
    by_party = {g.code: g.is_member for g in groups_selectors.sharing_groups(user=jpn_focal)}
    assert by_party == {"asean-jpn": True}
    groups["confidential"].users.add(outsider)
    personally = {g.code: g.is_member for g in groups_selectors.sharing_groups(user=outsider)}
    assert personally == {"asean-jpn": False, "wg-ct-inner": True}


def test_members_may_follow_their_group_from_its_page(
    groups: dict[str, SharingGroup], jpn_focal: User, outsider: User, as_user: Any
) -> None:
    member_page = as_user(jpn_focal).get("/registry/sharing-groups/asean-jpn/")
    assert 'name="sharing_group" value="asean-jpn"' in member_page.text
    page = as_user(outsider).get("/registry/sharing-groups/asean-jpn/")
    assert 'name="sharing_group"' not in page.text
