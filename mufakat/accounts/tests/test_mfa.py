"""Two-factor authentication: one sign-in path for everyone (the admin's included), a profile
page to enrol, and a second factor required of the roles that keep the platform."""

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.test import Client

from mufakat.accounts.checks import check_mfa_required_roles
from mufakat.accounts.permissions import (
    can_add_security_key,
    has_required_mfa,
    mfa_required_for,
    require_mfa_for_tokens,
)
from mufakat.accounts.tests.conftest import PASSWORD, has_totp, totp_code

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Finding 1: the admin's own login no longer accepts a password alone ----------------------


def test_a_staff_user_with_an_authenticator_app_gets_no_admin_session_from_the_admin_login(
    secretariat: Any, enrol_totp: Any
) -> None:
    secretariat.is_staff = True
    secretariat.save()
    enrol_totp(secretariat)
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "secretariat", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_password_alone_stops_at_the_second_factor_and_the_code_opens_the_admin(
    secretariat: Any, enrol_totp: Any, mfa_required: None
) -> None:
    secretariat.is_staff = True
    secretariat.save()
    secret = enrol_totp(secretariat)
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "secretariat", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_a_staff_session_without_a_second_factor(
    idn_focal: Any, mfa_required: None
) -> None:
    idn_focal.is_staff = True
    idn_focal.save()
    client = Client()
    client.force_login(idn_focal)

    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/profile/"


# --- Finding 7: required per role, enrolment on the profile page -------------------------------


def test_the_secretariat_without_a_second_factor_is_sent_to_enrol_from_every_page(
    secretariat: Any, mfa_required: None
) -> None:
    client = Client()
    client.force_login(secretariat)

    for path in ("/", "/meetings/", "/admin/", "/registry/parties/"):
        assert client.get(path)["Location"] == "/accounts/profile/", path
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code in {200, 302}
    assert client.post("/accounts/logout/").status_code == 302


def test_enrolling_an_authenticator_app_on_the_profile_page_lifts_the_redirect(
    secretariat: Any, mfa_required: None, sign_in: Any
) -> None:
    client = sign_in(secretariat)
    profile = client.get("/accounts/profile/")
    assert b"Your role requires two-factor authentication" in profile.content
    assert b"/accounts/2fa/totp/activate/" in profile.content

    form = client.get("/accounts/2fa/totp/activate/").context["form"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(form.secret)})

    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert has_totp(secretariat)
    assert client.get("/meetings/").status_code == 200
    assert b"10 of 10 one-time codes unused" in client.get("/accounts/profile/").content


def test_a_focal_point_is_not_obliged_but_may_enrol_from_the_profile_linked_in_the_header(
    idn_focal: Any, mfa_required: None
) -> None:
    client = Client()
    client.force_login(idn_focal)

    assert client.get("/meetings/").status_code == 200
    assert b'href="/accounts/profile/"' in client.get("/").content
    profile = client.get("/accounts/profile/").content
    assert b"Set up an authenticator app" in profile
    assert b"Add a security key" not in profile


def test_security_keys_are_offered_to_the_secretariat_only(
    secretariat: Any, idn_focal: Any, sign_in: Any
) -> None:
    assert can_add_security_key(secretariat)
    assert not can_add_security_key(idn_focal)
    assert b"Add a security key" in sign_in(secretariat).get("/accounts/profile/").content
    assert sign_in(idn_focal).get("/accounts/2fa/webauthn/add/").status_code == 403


def test_the_last_second_factor_a_role_requires_cannot_be_removed(
    secretariat: Any, idn_focal: Any, enrol_totp: Any, mfa_required: None, sign_in: Any
) -> None:
    client = sign_in(secretariat, code=totp_code(enrol_totp(secretariat)))
    client.post("/accounts/2fa/totp/deactivate/")
    assert has_totp(secretariat)

    focal = sign_in(idn_focal, code=totp_code(enrol_totp(idn_focal)))
    focal.post("/accounts/2fa/totp/deactivate/")
    assert not has_totp(idn_focal)


def test_tokens_need_the_second_factor_the_role_requires(
    secretariat: Any, idn_focal: Any, enrol_totp: Any, mfa_required: None
) -> None:
    assert mfa_required_for(secretariat) and not has_required_mfa(secretariat)
    with pytest.raises(PermissionDenied):
        require_mfa_for_tokens(secretariat)
    require_mfa_for_tokens(idn_focal)  # not required of a focal point

    enrol_totp(secretariat)
    require_mfa_for_tokens(secretariat)


def test_the_requirement_follows_the_setting(secretariat: Any, settings: Any) -> None:
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    assert not mfa_required_for(secretariat)
    settings.MUFAKAT_MFA_REQUIRED_ROLES = ["secretariat"]
    assert mfa_required_for(secretariat)
    assert Authenticator.objects.filter(user=secretariat).count() == 0


def test_a_misspelt_role_in_the_setting_stops_the_start_rather_than_lifting_the_requirement(
    settings: Any,
) -> None:
    settings.MUFAKAT_MFA_REQUIRED_ROLES = ["secretariat", "secreteriat"]

    (error,) = check_mfa_required_roles()

    assert error.id == "mufakat.accounts.E001"
    assert "secreteriat" in error.msg
    settings.MUFAKAT_MFA_REQUIRED_ROLES = ["secretariat", "platform_admin"]
    assert check_mfa_required_roles() == []
