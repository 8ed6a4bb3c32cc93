"""Helpers for the sign-in tests: a real password sign-in through allauth, and TOTP codes
computed with allauth's own HOTP function (what an authenticator app shows)."""

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

PASSWORD = "correct horse battery staple"  # UserFactory's


def totp_code(secret: str, *, step: int = 0) -> str:
    """The current code; near the end of its 30 seconds, the next one, so that it is still
    current when the server checks it."""
    if 30 - time.time() % 30 < 2:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_used_codes() -> Iterator[None]:
    """allauth keeps rate limits (10 code attempts a minute per address) and used TOTP codes in
    the cache, which outlives a test: start and leave each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings: Any) -> None:
    """The production defaults, which the suite's root conftest switches off for other tests."""
    settings.MUFAKAT_MFA_REQUIRED_ROLES = ["secretariat", "platform_admin"]
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture
def enrol_totp() -> Callable[[Any], str]:
    """Gives ``user`` an authenticator app; returns its secret."""

    def _enrol(user: Any) -> str:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret

    return _enrol


@pytest.fixture
def sign_in() -> Callable[..., Client]:
    """Signs ``user`` in with the login form (and the code, when given), then confirms the
    password once more as allauth asks before any change to one's authenticators."""

    def _sign_in(user: Any, *, code: str | None = None) -> Client:
        client = Client()
        client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
        if code is not None:
            client.post("/accounts/2fa/authenticate/", {"code": code})
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        return client

    return _sign_in


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
