"""Reads from a replica, writes to the primary, and the writer reading what it wrote.

The router's decisions are checked here on any database; that a real streaming replica serves
two app processes and two task workers is tests/replica/ (``make test-replica``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from mufakat.accounts.models import User
from mufakat.core import db_router
from mufakat.core.db_router import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    PrimaryPinMiddleware,
    PrimaryReplicaRouter,
    reads_from_replica,
)

router = PrimaryReplicaRouter()


def test_outside_a_request_everything_reads_from_the_primary() -> None:
    # The task worker and management commands read back what they (or a request) just wrote.
    assert router.db_for_read(User) == PRIMARY


def test_a_request_reads_from_the_replica_until_it_writes() -> None:
    with reads_from_replica():
        assert router.db_for_read(User) == REPLICA
        assert router.db_for_write(User) == PRIMARY
        assert router.db_for_read(User) == PRIMARY
        assert db_router.wrote()
    assert not db_router.wrote()


def test_a_pinned_request_reads_from_the_primary() -> None:
    with reads_from_replica(pinned=True):
        assert router.db_for_read(User) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary() -> None:
    with reads_from_replica():
        with transaction.atomic():
            assert router.db_for_read(User) == PRIMARY
        assert router.db_for_read(User) == REPLICA


def test_migrations_run_on_the_primary_only_and_relations_are_allowed() -> None:
    assert router.allow_migrate(PRIMARY, "monitoring")
    assert not router.allow_migrate(REPLICA, "monitoring")
    assert router.allow_relation(object(), object())


def test_each_request_has_its_own_pin() -> None:
    with reads_from_replica():
        router.db_for_write(User)
        with reads_from_replica():
            assert router.db_for_read(User) == REPLICA
        assert router.db_for_read(User) == PRIMARY


def _through_middleware(request: HttpRequest, view: Any) -> tuple[HttpResponse, list[str]]:
    seen: list[str] = []

    def get_response(req: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(User))
        view()
        seen.append(router.db_for_read(User))
        return HttpResponse("ok")

    return PrimaryPinMiddleware(get_response)(request), seen


@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_a_reader_that_wrote_nothing_reads_from_the_replica_and_gets_no_pin() -> None:
    response, seen = _through_middleware(RequestFactory().get("/"), lambda: None)
    assert seen == [REPLICA, REPLICA]
    assert PIN_COOKIE not in response.cookies


@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_a_get_that_writes_reads_the_rest_from_the_primary_and_pins_its_browser() -> None:
    response, seen = _through_middleware(
        RequestFactory().get("/"), lambda: router.db_for_write(User)
    )
    assert seen == [REPLICA, PRIMARY]
    assert response.cookies[PIN_COOKIE]["max-age"] == 15

    # The browser's next request reads from the primary while the cookie is valid.
    pinned = RequestFactory().get("/")
    pinned.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
    _, seen = _through_middleware(pinned, lambda: None)
    assert seen == [PRIMARY, PRIMARY]


@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_a_post_reads_from_the_primary_throughout_and_pins_its_browser() -> None:
    response, seen = _through_middleware(RequestFactory().post("/"), lambda: None)
    assert seen == [PRIMARY, PRIMARY]
    assert PIN_COOKIE in response.cookies


@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_a_forged_or_expired_pin_is_ignored() -> None:
    forged = RequestFactory().get("/")
    forged.COOKIES[PIN_COOKIE] = "1"
    _, seen = _through_middleware(forged, lambda: None)
    assert seen == [REPLICA, REPLICA]

    response, _ = _through_middleware(RequestFactory().post("/"), lambda: None)
    with override_settings(MUFAKAT_REPLICA_PIN_SECONDS=-1):
        expired = RequestFactory().get("/")
        expired.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
        _, seen = _through_middleware(expired, lambda: None)
    assert seen == [REPLICA, REPLICA]


def test_without_a_replica_address_the_site_has_one_database_and_no_router() -> None:
    from django.conf import settings

    if db_router.replica_configured():
        pytest.skip("DATABASE_REPLICA_URL is set")
    assert list(settings.DATABASES) == [PRIMARY]
    assert settings.DATABASE_ROUTERS == []
    assert db_router.replication_lag_seconds() is None


@pytest.mark.django_db(transaction=True)
@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_sql_that_writes_without_the_router_pins_the_rest_of_the_request() -> None:
    from django.db import connection

    def raw_write() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_user SET first_name = first_name WHERE id = -1")

    response, seen = _through_middleware(RequestFactory().get("/"), raw_write)
    assert seen == [REPLICA, PRIMARY]
    assert PIN_COOKIE in response.cookies


@pytest.mark.django_db(transaction=True)
@override_settings(MUFAKAT_REPLICA_PIN_SECONDS=15)
def test_sql_that_only_reads_leaves_the_request_on_the_replica() -> None:
    from django.db import connection

    def raw_read() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM accounts_user")

    response, seen = _through_middleware(RequestFactory().get("/"), raw_read)
    assert seen == [REPLICA, REPLICA]
    assert PIN_COOKIE not in response.cookies
