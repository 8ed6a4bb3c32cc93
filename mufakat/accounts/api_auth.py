"""API authentication and rate limits: a bearer token, else the browser session, else anonymous.

An invalid or expired token is refused outright rather than treated as anonymous, so a client
never silently receives less data than it thinks. Session writes are CSRF-checked. A token's
scopes are enforced here, for every operation at once: a read-only token gets 403 on any method
that may change something, so no operation can forget the check.

Rate limits (ninja throttling, counted in the database by :mod:`mufakat.accounts.rate_limits` in
one atomic statement, so they hold across workers) apply per client address to anonymous callers
and per token, or per signed-in user, to everyone else.
"""

import ipaddress
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.throttling import BaseThrottle, SimpleRateThrottle
from ninja.utils import check_csrf

from mufakat.accounts.models import ApiToken
from mufakat.accounts.rate_limits import count_request
from mufakat.core.network import client_address

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


#: How precisely a token's last use is kept: a client calling every second would otherwise write
#: its row on every request. The token itself is read and checked on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def usable_token(key: str) -> ApiToken | None:
    """The live token with this key (and note its use, to the minute), or ``None``."""
    token = (
        ApiToken.objects.select_related("user", "user__party")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_user(key: str) -> Any:
    token = usable_token(key)
    return token.user if token is not None else None


class OptionalAuth:
    """Used as the API's ``auth``; always returns a user object (possibly anonymous).

    A request made with a token carries it as ``request.api_token`` (rate limits count per token).
    """

    openapi_type = "http"

    def __call__(self, request: HttpRequest) -> Any:
        unsafe = request.method not in SAFE_METHODS
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _sep, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
            token = usable_token(key.strip())
            if token is None:
                raise AuthenticationError(401, "Invalid, expired or revoked token.")
            if unsafe and not token.can_write:
                raise AuthenticationError(
                    403, "This token is read-only: issue one with the write scope to change data."
                )
            request.api_token = token  # type: ignore[attr-defined]
            request.user = token.user
            return token.user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated and unsafe and check_csrf(request) is not None:
            raise AuthenticationError(403, "CSRF check failed.")
        return user


class _SettingsRateThrottle(SimpleRateThrottle):
    """Ninja's throttle, with its rate read from a setting on every request and the requests
    counted in the database (a sliding-window estimate over two fixed windows).

    Throttle objects are shared by all requests (and threads) of an operation, so nothing about
    one request is kept on ``self`` except, per thread, how long to wait.
    """

    rate_setting = ""

    def __init__(self) -> None:
        self.rate = None
        self._wait = threading.local()

    def get_cache_key(self, request: HttpRequest) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.rate_setting, None)
        key = self.get_cache_key(request)
        if not rate or key is None:
            return True
        limit, duration = self.parse_rate(rate)
        if limit is None or duration is None:
            return True
        verdict = count_request(key, limit, duration, time.time())
        self._wait.seconds = verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        return getattr(self._wait, "seconds", None)


def rate_limited_address(address: str) -> str:
    """The address an anonymous allowance belongs to: an IPv6 client counts by its /64 network,
    since one subscriber usually holds a whole /64 and could otherwise change address at will."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


class AnonymousRateThrottle(_SettingsRateThrottle):
    """Anonymous callers, per client address (the same one the lockout and audit log use)."""

    scope = "anon"
    rate_setting = "MUFAKAT_API_RATE_ANON"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        if auth is not None and auth.is_authenticated:
            return None
        return f"throttle_anon_{rate_limited_address(client_address(request))}"


class TokenRateThrottle(_SettingsRateThrottle):
    """Authenticated callers, per token (a signed-in browser per user)."""

    scope = "token"
    rate_setting = "MUFAKAT_API_RATE_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        if auth is None or not auth.is_authenticated:
            return None
        token = getattr(request, "api_token", None)
        if token is not None:
            return f"throttle_token_{token.pk}"
        return f"throttle_user_{auth.pk}"


def api_throttles() -> list[BaseThrottle]:
    """The rate limits every API operation shares (mounted in mufakat.api)."""
    return [AnonymousRateThrottle(), TokenRateThrottle()]
