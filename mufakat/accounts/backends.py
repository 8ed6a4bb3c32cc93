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
from dataclasses import dataclass
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import HttpRequest, HttpResponse

from mufakat.accounts.models import User

#: The library backends' paths, and the subclass that now reads their sessions.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "mufakat.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "mufakat.accounts.backends.AuthenticationBackend"
    ),
}


@dataclass(frozen=True)
class _Statement:
    """The user-and-party read, compiled once per process and database (compiling it cost
    more than running it); only the user's id changes from one request to the next."""

    sql: str
    #: Per column that needs one, the database converters the ORM applies, and the column.
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    user_columns: tuple[int, ...]
    user_fields: tuple[str, ...]
    party_columns: tuple[int, ...]
    party_fields: tuple[str, ...]


_PARTY: Any = User._meta.get_field("party")
_STATEMENTS: dict[tuple[str, str], _Statement] = {}


def _statement(using: str) -> _Statement:
    connection = connections[using]
    key = (using, connection.vendor)
    statement = _STATEMENTS.get(key)
    if statement is None:
        query = User._default_manager.select_related("party").filter(pk=0).query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        assert len(params) == 1, "the statement takes the user's id alone"
        info = compiler.klass_info
        assert info is not None
        (party_info,) = info["related_klass_infos"]
        columns = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(columns)
        statement = _STATEMENTS[key] = _Statement(
            sql=sql,
            converters=tuple(
                (index, tuple(functions), column)
                for index, (functions, column) in converters.items()
            ),
            user_columns=tuple(info["select_fields"]),
            user_fields=tuple(columns[i].target.attname for i in info["select_fields"]),
            party_columns=tuple(party_info["select_fields"]),
            party_fields=tuple(columns[i].target.attname for i in party_info["select_fields"]),
        )
    return statement


def _user_with_party(backend: DjangoModelBackend, user_id: Any) -> User | None:
    """What ``ModelBackend.get_user`` returns, with the party read in the same query. The user
    is still read on every request, so a deactivated account or a changed password (the
    session's hash) signs the session out at the next request."""
    using = router.db_for_read(User)
    connection = connections[using]
    try:
        pk = User._meta.pk.get_db_prep_value(User._meta.pk.to_python(user_id), connection)
    except (ValidationError, TypeError, ValueError):
        return None
    statement = _statement(using)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, (pk,))
        found = cursor.fetchone()
    if found is None:
        return None
    row = list(found)
    for index, functions, column in statement.converters:
        for convert in functions:
            row[index] = convert(row[index], column, connection)
    user = User.from_db(using, statement.user_fields, [row[i] for i in statement.user_columns])
    party = None
    if user.party_id is not None:
        party_values = [row[i] for i in statement.party_columns]
        party = _PARTY.related_model.from_db(using, statement.party_fields, party_values)
    _PARTY.set_cached_value(user, party)
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
