"""Sign-ins, sign-outs and changes to one's second factor are audit events (finding 9)."""

import json
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts import services
from mufakat.accounts.tests.conftest import PASSWORD, totp_code
from mufakat.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_a_successful_sign_in_is_recorded_with_its_methods(
    secretariat: Any, enrol_totp: Any
) -> None:
    secret = enrol_totp(secretariat)
    client = Client()
    client.post("/accounts/login/", {"login": "secretariat", "password": PASSWORD})
    assert events(services.LOGIN) == []  # the password alone is not a sign-in yet

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    (event,) = events(services.LOGIN)
    assert event.actor_username == "secretariat"
    assert event.after == {"methods": ["password", "mfa"]}


def test_a_failed_sign_in_records_the_name_tried_and_never_the_password(
    secretariat: Any,
) -> None:
    Client().post("/accounts/login/", {"login": "secretariat", "password": "guess-1234"})

    (event,) = events(services.LOGIN_FAILED)
    assert event.actor_id is None
    assert event.after == {"username": "secretariat"}
    assert "guess-1234" not in json.dumps(event.hashed_content())


def test_signing_out_is_recorded(idn_focal: Any, sign_in: Any) -> None:
    client = sign_in(idn_focal)

    client.post("/accounts/logout/")

    (event,) = events(services.LOGOUT)
    assert event.actor_username == "idn.focal"


def test_enrolling_regenerating_and_removing_a_second_factor_are_recorded(
    idn_focal: Any, sign_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = sign_in(idn_focal)
    form = client.get("/accounts/2fa/totp/activate/").context["form"]
    secret = form.secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert sorted(e.after["type"] for e in events(services.MFA_ENROLLED)) == [
        "recovery_codes",
        "totp",
    ]
    assert secret not in json.dumps([e.hashed_content() for e in AuditEvent.objects.all()])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/recovery-codes/generate/")
    assert [e.after["type"] for e in events(services.MFA_RECOVERY_CODES_REGENERATED)] == [
        "recovery_codes"
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/deactivate/")
    assert sorted(e.after["type"] for e in events(services.MFA_REMOVED)) == [
        "recovery_codes",
        "totp",
    ]
    assert {e.actor_username for e in AuditEvent.objects.filter(action__startswith="mfa.")} == {
        "idn.focal"
    }


def test_a_wrong_second_factor_is_recorded(secretariat: Any, enrol_totp: Any) -> None:
    enrol_totp(secretariat)
    client = Client()
    client.post("/accounts/login/", {"login": "secretariat", "password": PASSWORD})

    client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    (event,) = events(services.MFA_FAILED)
    assert event.object_id == str(secretariat.pk)
    assert event.after == {"type": "totp", "reauthentication": False}
    assert events(services.LOGIN) == []


def test_a_refused_security_key_is_recorded(secretariat: Any, enrol_totp: Any) -> None:
    enrol_totp(secretariat)
    client = Client()
    client.post("/accounts/login/", {"login": "secretariat", "password": PASSWORD})

    response = client.post("/accounts/2fa/authenticate/", {"credential": '{"id": "forged"}'})

    assert response.status_code == 200  # the form again, not a server error
    (event,) = events(services.MFA_FAILED)
    assert event.after == {"type": "webauthn", "reauthentication": False}
    assert events(services.LOGIN) == []
