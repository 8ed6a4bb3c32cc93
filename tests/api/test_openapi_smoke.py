"""Every documented list endpoint answers anonymous readers with JSON and only public data."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data, loaded once for the module's tests in a transaction rolled back after
    them (what a test writes is rolled back after it, as ever). The password hasher is the one
    tests/conftest.py gives each test, which a module fixture runs before."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _list_paths(client: Client) -> list[str]:
    spec = client.get("/api/v1/openapi.json").json()
    return [path for path, ops in spec["paths"].items() if "get" in ops and "{" not in path]


def test_every_operation_has_a_unique_id_and_a_summary(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert all(op.get("summary") for ops in spec["paths"].values() for op in ops.values())


def test_every_list_endpoint_answers_anonymous_readers(client: Client, demo: None) -> None:
    paths = _list_paths(client)
    assert "/api/v1/meetings" in paths and "/api/v1/instruments" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 401), path
        assert response["Content-Type"].startswith("application/json"), path


def test_no_list_endpoint_leaks_the_bnpt_note_to_an_outsider(demo: None) -> None:
    from mufakat.accounts.models import ApiToken, User

    _token, key = ApiToken.issue(User.objects.get(username="outsider"))
    client = Client(headers={"Authorization": f"Bearer {key}"})
    for path in _list_paths(client):
        body = client.get(path, {"page_size": 500}).content
        assert b"BNPT internal note" not in body, path


def test_the_bnpt_note_is_listed_for_indonesia(demo: None) -> None:
    from mufakat.accounts.models import ApiToken, User

    _token, key = ApiToken.issue(User.objects.get(username="idn.focal"))
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert b"BNPT internal note" in client.get("/api/v1/outcomes").content


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    """OpenAPI names a component by its class name: two schemas of one name would document
    one of them with the other's fields (a library link's fields for a paper's link)."""
    from ninja import Schema

    import mufakat.api  # noqa: F401 — mounts every router, importing every schema

    by_name: dict[str, list[str]] = {}
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("mufakat."):
            by_name.setdefault(schema.__name__, []).append(schema.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}
