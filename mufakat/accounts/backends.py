"""Authentication backends that read the signed-in person with their party in one query.

Every signed-in page names the reader's party in its header, so loading the user alone cost a
second query on every request. These backends authenticate exactly like Django's and allauth's
(they only subclass them); what changes is :meth:`get_user`, which the session's backend path
selects on each request.

A session made before these backends existed names the library class. Django signs such a
session out when its path is no longer in ``AUTHENTICATION_BACKENDS``, so
:class:`SessionBackendMiddleware` renames the path to the subclass first: the person stays signed
in, and the session hash is still verified by Django as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.http import HttpRequest, HttpResponse

from mufakat.accounts.models import User

#: The library backends' paths, and the subclass that now reads their sessions.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "mufakat.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "mufakat.accounts.backends.AuthenticationBackend"
    ),
}


def _user_with_party(backend: DjangoModelBackend, user_id: Any) -> User | None:
    """What ``ModelBackend.get_user`` returns, with the party read in the same query."""
    try:
        user = User._default_manager.select_related("party").get(pk=user_id)
    except User.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    """Django's username and password backend; the session's user comes with their party."""

    def get_user(self, user_id: Any) -> User | None:
        return _user_with_party(self, user_id)


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (sign-in by username or e-mail); the session's user comes with their
    party."""

    def get_user(self, user_id: Any) -> User | None:
        return _user_with_party(self, user_id)


class SessionBackendMiddleware:
    """Renames a library backend path in the session to its subclass, before the user is read
    (put it after ``SessionMiddleware`` and before anything that reads ``request.user``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None:
            path = session.get(BACKEND_SESSION_KEY)
            if path in RENAMED:
                session[BACKEND_SESSION_KEY] = RENAMED[path]
        return self.get_response(request)
