"""API authentication: a bearer token, else the browser session, else anonymous (public data).

An invalid or expired token is refused outright rather than treated as anonymous, so a client
never silently receives less data than it thinks. Session writes are CSRF-checked.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.utils import check_csrf

from mufakat.accounts.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token_user(key: str) -> Any:
    token = (
        ApiToken.objects.select_related("user", "user__party")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None or not token.is_usable:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class OptionalAuth:
    """Used as the API's ``auth``; always returns a user object (possibly anonymous)."""

    openapi_type = "http"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _sep, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
            user = token_user(key.strip())
            if user is None:
                raise AuthenticationError(401, "Invalid, expired or revoked token.")
            request.user = user
            return user
        user = getattr(request, "user", None) or AnonymousUser()
        unsafe = request.method not in SAFE_METHODS
        if user.is_authenticated and unsafe and check_csrf(request) is not None:
            raise AuthenticationError(403, "CSRF check failed.")
        return user
