"""Every grant and revocation made in the admin is an audited service call: the event names the
access fields that changed, before and after; passwords never reach the log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mufakat.accounts import services
from mufakat.accounts.models import Role, User
from mufakat.audit.models import AuditEvent
from mufakat.audit.services import verify_chain
from mufakat.core.models import SharingGroup
from mufakat.registry.models import Agency, Party
from mufakat.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and new passphrase 42"


@pytest.fixture(autouse=True)
def _admin_without_second_factor(settings: Any) -> None:
    """The admin's second factor is proven in test_mfa; here it is what a save writes."""
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def root(asec: Party) -> User:
    return UserFactory(
        username="root",
        party=asec,
        role=Role.PLATFORM_ADMIN,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def admin(root: User) -> Client:
    client = Client()
    client.force_login(root)
    return client


def user_form(user: User, **overrides: Any) -> dict[str, Any]:
    """The admin's change form for ``user`` as the browser would send it, with ``overrides``."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
        "party": user.party_id or "",
        "agency": user.agency_id or "",
        "role": user.role,
        **overrides,
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if data[flag]:
            data[flag] = "on"
        else:
            del data[flag]
    return data


def change_user(admin: Client, user: User, **overrides: Any) -> Any:
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url, user_form(user, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_moving_a_person_to_another_party_and_role_is_audited(
    admin: Client, root: User, outsider: User, idn: Party, bnpt: Agency
) -> None:
    change_user(admin, outsider, party=idn.pk, agency=bnpt.pk, role=Role.FOCAL_POINT)

    event = last_event("user.access_change")
    assert (event.actor_username, event.object_id) == ("root", str(outsider.pk))
    assert event.before == {"party": "CAN", "agency": None, "role": Role.READER}
    assert event.after == {"party": "IDN", "agency": str(bnpt), "role": Role.FOCAL_POINT}
    outsider.refresh_from_db()
    assert (outsider.party, outsider.agency, outsider.role) == (idn, bnpt, Role.FOCAL_POINT)
    assert verify_chain().ok


def test_granting_staff_and_superuser_and_deactivating_are_audited(
    admin: Client, outsider: User
) -> None:
    change_user(admin, outsider, is_staff=True, is_superuser=True)
    granted = last_event("user.access_change")
    change_user(admin, User.objects.get(pk=outsider.pk), is_active=False)
    revoked = last_event("user.access_change")

    assert granted.before == {"is_staff": False, "is_superuser": False}
    assert granted.after == {"is_staff": True, "is_superuser": True}
    assert (revoked.before, revoked.after) == ({"is_active": True}, {"is_active": False})


def test_django_groups_and_permissions_given_in_the_admin_are_audited(
    admin: Client, outsider: User
) -> None:
    editors = Group.objects.create(name="Editors")
    view_events = Permission.objects.get(codename="view_auditevent")

    change_user(admin, outsider, groups=[editors.pk], user_permissions=[view_events.pk])

    event = last_event("user.access_change")
    assert event.before == {"groups": [], "user_permissions": []}
    assert event.after == {"groups": ["Editors"], "user_permissions": ["audit.view_auditevent"]}
    assert list(outsider.groups.all()) == [editors]


def test_changing_a_permission_groups_permissions_in_the_admin_is_audited(admin: Client) -> None:
    editors = Group.objects.create(name="Editors")
    view_events = Permission.objects.get(codename="view_auditevent")

    response = admin.post(
        reverse("admin:auth_group_change", args=[editors.pk]),
        {"name": "Editors", "permissions": [view_events.pk]},
    )

    assert response.status_code == 302
    event = last_event("auth_group.update")
    assert (event.before, event.after) == (
        {"permissions": []},
        {"permissions": ["audit.view_auditevent"]},
    )


def test_a_name_change_alone_is_audited_as_details_not_access(
    admin: Client, outsider: User
) -> None:
    change_user(admin, outsider, first_name="Renamed")

    event = last_event("user.update")
    assert event.after == {"first_name": "Renamed"}
    assert not AuditEvent.objects.filter(action="user.access_change").exists()


def test_creating_a_person_in_the_admin_is_audited_without_the_password(admin: Client) -> None:
    response = admin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.check_password(NEW_PASSWORD)
    event = last_event("user.create")
    assert event.object_id == str(newcomer.pk)
    assert event.after["usable_password"] is True and event.after["role"] == Role.READER
    assert NEW_PASSWORD not in str(event.after) and newcomer.password not in str(event.after)


def test_resetting_a_password_in_the_admin_is_audited_without_the_password(
    admin: Client, outsider: User
) -> None:
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[outsider.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(NEW_PASSWORD)
    event = last_event("user.password_set")
    assert (event.object_id, event.after) == (str(outsider.pk), {"usable_password": True})


def test_deleting_a_person_in_the_admin_is_audited(admin: Client, outsider: User) -> None:
    response = admin.post(
        reverse("admin:accounts_user_delete", args=[outsider.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=outsider.pk).exists()
    assert last_event("user.delete").before["party"] == "CAN"


def test_sharing_group_members_changed_in_the_admin_are_audited(
    admin: Client, asean_japan: SharingGroup, can: Party, outsider: User
) -> None:
    parties = sorted(asean_japan.parties.values_list("pk", flat=True))

    response = admin.post(
        reverse("admin:core_sharinggroup_change", args=[asean_japan.pk]),
        {
            "name": asean_japan.name,
            "description": "",
            "parties": [*parties, can.pk],
            "users": [outsider.pk],
            "source": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last_event("sharing_group.update")
    assert (event.before["parties"], event.after["parties"]) == (
        parties,
        sorted([*parties, can.pk]),
    )
    assert (event.before["users"], event.after["users"]) == ([], [outsider.pk])
    assert set(asean_japan.parties.all()) >= {can}


def test_only_the_secretariat_and_platform_admins_change_sharing_groups_in_the_admin(
    asean_japan: SharingGroup, outsider: User
) -> None:
    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.add(Permission.objects.get(codename="change_sharinggroup"))
    client = Client()
    client.force_login(outsider)

    response = client.post(
        reverse("admin:core_sharinggroup_change", args=[asean_japan.pk]),
        {"name": "Taken over", "parties": [], "users": [outsider.pk]},
    )

    assert response.status_code == 403
    assert not asean_japan.users.exists()


def test_staff_who_may_change_people_may_not_make_anyone_superuser(outsider: User) -> None:
    created = UserFactory(username="staff", party=outsider.party, is_staff=True)
    created.user_permissions.add(Permission.objects.get(codename="change_user"))
    staff = User.objects.get(pk=created.pk)  # fresh permission cache

    with pytest.raises(PermissionDenied):
        services.change_user_access(actor=staff, user=outsider, is_superuser=True)
    with pytest.raises(PermissionDenied):
        services.change_user_access(actor=staff, user=staff, role=Role.PLATFORM_ADMIN)
    services.change_user_access(actor=staff, user=outsider, is_active=False)
    assert last_event("user.access_change").after == {"is_active": False}


def test_an_agency_of_another_party_is_refused(root: User, outsider: User, bnpt: Agency) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.change_user_access(actor=root, user=outsider, agency=bnpt)


def test_a_token_revoked_in_the_admin_is_audited_and_its_scopes_cannot_be_edited(
    admin: Client, outsider: User
) -> None:
    from mufakat.accounts.tokens import issue_token

    token, _key = issue_token(user=outsider, actor=None, name="script", scopes=["read"], days=30)
    changelist = reverse("admin:accounts_apitoken_changelist")

    admin.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {"scopes": '["read", "write"]', "expires_at_0": "2099-01-01", "expires_at_1": "00:00"},
    )
    response = admin.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.scopes == ["read"] and token.expires_at.year != 2099
    assert token.revoked_at is not None
    assert last_event("apitoken.revoke").object_id == str(token.pk)


def test_staff_outside_a_confidential_group_do_not_find_it_in_the_admin(
    outsider: User, asean_japan: SharingGroup
) -> None:
    asean_japan.confidential = True
    asean_japan.save()
    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.add(Permission.objects.get(codename="view_sharinggroup"))
    client = Client()
    client.force_login(outsider)

    page = client.get(reverse("admin:core_sharinggroup_changelist")).content.decode()

    assert "ASEAN + Japan" not in page
    detail = reverse("admin:core_sharinggroup_change", args=[asean_japan.pk])
    assert client.get(detail).status_code in {302, 404}


def test_staff_who_are_not_superusers_cannot_even_submit_superuser_or_permissions(
    outsider: User, idn_focal: User
) -> None:
    created = UserFactory(username="staff", party=outsider.party, is_staff=True)
    created.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    client = Client()
    client.force_login(created)

    change_user(client, idn_focal, is_superuser=True, role=Role.CHAIR)

    idn_focal.refresh_from_db()
    assert (idn_focal.is_superuser, idn_focal.role) == (False, Role.CHAIR)
    assert last_event("user.access_change").after == {"role": Role.CHAIR}
