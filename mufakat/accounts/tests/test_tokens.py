"""API tokens: scopes enforced on every operation, a bounded lifetime, audited issue and
revocation, and no token for someone who lacks the second factor their role requires."""

import json
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from mufakat.accounts.models import ApiToken
from mufakat.accounts.tokens import issue_token, revoke_token
from mufakat.api import api
from mufakat.audit.models import AuditEvent
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")


def bearer_key(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def unsafe_operations() -> list[tuple[str, str]]:
    """Every (method, path) of the API that may change something, path parameters filled."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in UNSAFE:
                operations.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return operations


def test_the_api_has_operations_that_change_data() -> None:
    assert len(unsafe_operations()) > 20


def test_a_read_only_token_is_refused_on_every_operation_that_may_change_data(
    secretariat: Any,
) -> None:
    _token, key = issue_token(
        user=secretariat, actor=secretariat, name="reader", scopes=["read"], days=30
    )
    client = Client()
    answers = {
        (method, path): getattr(client, method)(
            path, data="{}", content_type="application/json", headers=bearer_key(key)
        )
        for method, path in unsafe_operations()
    }

    not_refused = {op: r.status_code for op, r in answers.items() if r.status_code != 403}
    assert not_refused == {}
    assert all("read-only" in r.json()["detail"] for r in answers.values())


def test_a_read_only_token_reads_but_cannot_create_a_party(secretariat: Any) -> None:
    _token, key = issue_token(
        user=secretariat, actor=secretariat, name="reader", scopes=["read"], days=30
    )
    client = Client()
    body = {"code": "XXX", "name": "Xanadu", "kind": "other_state"}

    assert client.get("/api/v1/parties", headers=bearer_key(key)).status_code == 200
    refused = client.post(
        "/api/v1/parties", body, content_type="application/json", headers=bearer_key(key)
    )

    assert refused.status_code == 403
    assert not Party.objects.filter(code="XXX").exists()


def test_a_read_write_token_creates_the_party(secretariat: Any) -> None:
    _token, key = issue_token(
        user=secretariat, actor=secretariat, name="sync", scopes=["write"], days=30
    )
    body = {"code": "XXX", "name": "Xanadu", "kind": "other_state"}

    response = Client().post(
        "/api/v1/parties", body, content_type="application/json", headers=bearer_key(key)
    )

    assert response.status_code in (200, 201), response.content
    assert Party.objects.filter(code="XXX").exists()


def test_the_write_scope_includes_read_and_unknown_scopes_are_refused(idn_focal: Any) -> None:
    token, _key = issue_token(user=idn_focal, actor=None, name="sync", scopes=["write"], days=1)
    assert token.scopes == ["read", "write"]

    with pytest.raises(ValidationError):
        issue_token(user=idn_focal, actor=None, name="x", scopes=["admin"], days=1)
    with pytest.raises(ValidationError):
        issue_token(user=idn_focal, actor=None, name="x", scopes=[], days=1)


def test_the_api_tells_a_client_its_token_scopes(idn_focal: Any) -> None:
    _token, key = issue_token(user=idn_focal, actor=None, name="r", scopes=["read"], days=1)
    me = Client().get("/api/v1/me", headers=bearer_key(key)).json()
    assert me["token_scopes"] == ["read"]


def test_a_token_cannot_outlive_the_maximum_lifetime(idn_focal: Any, settings: Any) -> None:
    settings.MUFAKAT_TOKEN_MAX_DAYS = 90

    with pytest.raises(ValidationError) as refused:
        issue_token(user=idn_focal, actor=None, name="forever", scopes=["read"], days=91)

    assert "90" in str(refused.value) and "MUFAKAT_TOKEN_MAX_DAYS" in str(refused.value)
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_hundred_thousand_days_with_a_clear_error(
    idn_focal: Any, settings: Any
) -> None:
    settings.MUFAKAT_TOKEN_MAX_DAYS = 90

    with pytest.raises(CommandError, match=r"between 1 and 90 days \(MUFAKAT_TOKEN_MAX_DAYS\)"):
        call_command("token", "create", "idn.focal", "--days", "100000")

    assert not ApiToken.objects.exists()


def test_the_command_issues_read_only_tokens_unless_asked_for_write(
    idn_focal: Any, capsys: Any
) -> None:
    call_command("token", "create", "idn.focal")
    call_command("token", "create", "idn.focal", "--scope", "write", "--days", "7")

    read_token, write_token = ApiToken.objects.order_by("pk")
    assert read_token.scopes == ["read"] and not read_token.can_write
    assert write_token.scopes == ["read", "write"] and write_token.can_write
    assert (write_token.expires_at - write_token.created_at).days in (6, 7)


def _events_text(action: str) -> str:
    events = AuditEvent.objects.filter(action=action)
    return json.dumps([e.hashed_content() for e in events])


def test_issuing_a_token_is_audited_without_its_key(idn_focal: Any) -> None:
    token, key = issue_token(user=idn_focal, actor=idn_focal, name="sync", scopes=["read"], days=7)

    event = AuditEvent.objects.get(action="apitoken.issue")
    assert event.actor_username == "idn.focal"
    assert event.object_id == str(token.pk)
    assert event.after["scopes"] == ["read"] and event.after["hint"] == token.hint
    assert key not in _events_text("apitoken.issue")
    assert token.key_hash not in _events_text("apitoken.issue")


def test_revoking_a_token_stops_it_and_is_audited_once(idn_focal: Any) -> None:
    token, key = issue_token(user=idn_focal, actor=idn_focal, name="sync", scopes=["read"], days=7)

    revoke_token(token=token, actor=idn_focal)
    revoke_token(token=token, actor=idn_focal)  # already revoked: nothing more to record

    assert Client().get("/api/v1/me", headers=bearer_key(key)).status_code == 401
    event = AuditEvent.objects.get(action="apitoken.revoke")
    assert event.before["revoked_at"] is None and event.after["revoked_at"]
    assert key not in _events_text("apitoken.revoke")


def test_the_command_revokes_by_hint_and_by_whole_key_through_the_audited_service(
    idn_focal: Any, capsys: Any
) -> None:
    first, _first_key = ApiToken.issue(idn_focal)
    _second, second_key = ApiToken.issue(idn_focal)

    call_command("token", "revoke", first.hint)
    call_command("token", "revoke", second_key)

    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="apitoken.revoke").count() == 2
    with pytest.raises(CommandError, match="No active token"):
        call_command("token", "revoke", first.hint)


def test_nobody_issues_a_token_for_someone_else(idn_focal: Any, secretariat: Any) -> None:
    with pytest.raises(PermissionDenied):
        issue_token(user=secretariat, actor=idn_focal, name="x", scopes=["read"], days=1)


def test_only_the_owner_staff_or_an_operator_revokes_a_token(idn_focal: Any, outsider: Any) -> None:
    token, _key = ApiToken.issue(idn_focal)

    with pytest.raises(PermissionDenied):
        revoke_token(token=token, actor=outsider)

    outsider.is_staff = True
    revoke_token(token=token, actor=outsider)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_secretariat_gets_no_token_without_the_second_factor_its_role_requires(
    secretariat: Any, mfa_required: None, enrol_totp: Any
) -> None:
    with pytest.raises(PermissionDenied, match="two-factor"):
        issue_token(user=secretariat, actor=secretariat, name="x", scopes=["read"], days=1)
    with pytest.raises(CommandError, match="two-factor"):
        call_command("token", "create", "secretariat")
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="apitoken.issue").exists()

    enrol_totp(secretariat)
    token, _key = issue_token(
        user=secretariat, actor=secretariat, name="x", scopes=["read"], days=1
    )
    assert token.user == secretariat


def test_a_focal_point_whose_role_needs_no_second_factor_gets_a_token(
    idn_focal: Any, mfa_required: None
) -> None:
    token, _key = issue_token(user=idn_focal, actor=None, name="x", scopes=["read"], days=1)
    assert token.pk
