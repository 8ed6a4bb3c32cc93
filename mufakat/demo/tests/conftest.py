"""The demo, loaded once per test module (inside a transaction rolled back afterwards): loading
it writes a few thousand rows through the services, too slow to repeat for every test."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

#: What mufakat/conftest.py sets for every test, which a module fixture runs before.
FAST_AND_IMMEDIATE = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """What ``mufakat load_demo`` printed; the data stays for the module's tests."""
    with override_settings(**FAST_AND_IMMEDIATE), django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
