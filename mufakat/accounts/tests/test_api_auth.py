"""API authentication: bearer tokens, anonymous reads, refused bad tokens."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mufakat.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_create_prints_a_token_that_authenticates(idn_focal: Any, capsys: Any) -> None:
    call_command("token", "create", "idn.focal")
    key = capsys.readouterr().out.strip()

    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200
    assert response.json() == {
        "authenticated": True,
        "username": "idn.focal",
        "party": "IDN",
        "agency": "BNPT",
        "role": "focal_point",
        "token_scopes": ["read"],
    }


def test_only_the_hash_of_a_token_is_stored(idn_focal: Any) -> None:
    token, key = ApiToken.issue(idn_focal)
    assert key not in token.key_hash and token.key_hash == ApiToken.hash_key(key)


def test_without_a_token_the_api_answers_as_anonymous(db: Any) -> None:
    assert Client().get("/api/v1/me").json()["authenticated"] is False


@pytest.mark.parametrize("header", ["Bearer wrong", "Basic abc", "Bearer "])
def test_a_bad_token_is_refused_not_downgraded_to_anonymous(db: Any, header: str) -> None:
    response = Client().get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_an_expired_or_revoked_token_is_refused(idn_focal: Any) -> None:
    expired, expired_key = ApiToken.issue(idn_focal)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, revoked_key = ApiToken.issue(idn_focal)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())

    for key in (expired_key, revoked_key):
        response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 401


def test_a_tokens_last_use_is_written_once_a_minute_and_a_revocation_counts_at_once(
    idn_focal: Any,
) -> None:
    token, key = ApiToken.issue(idn_focal)
    client = Client(headers={"Authorization": f"Bearer {key}"})

    def writes_of_a_request() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/me").status_code == 200
        return sum(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)

    assert writes_of_a_request() == 1  # first use
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    assert writes_of_a_request() == 0  # within the minute: nothing to change
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    assert writes_of_a_request() == 1
    last_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert last_use is not None and last_use > first_use

    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/me").status_code == 401


def test_the_openapi_document_is_served(db: Any) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Mufakat API"


def test_sign_up_is_closed(db: Any) -> None:
    response = Client().get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)


def test_a_browser_session_cannot_write_through_the_api_without_its_csrf_token(
    secretariat: Any,
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat)

    response = browser.post(
        "/api/v1/parties",
        {"code": "XXX", "name": "Forged", "kind": "other_state"},
        content_type="application/json",
    )

    assert response.status_code == 403
