"""Browser journeys and screenshots run against a live server loaded with the demo data."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings: Any) -> None:
    """The demo's accounts and every sign-in hash passwords; the production hasher's 1.5 s per
    demo load buys these journeys nothing (mufakat/conftest.py does the same for unit tests)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_url(live_server: Any, transactional_db: Any, django_db_serialized_rollback: Any) -> str:
    # A transactional test empties the tables after it: the rollback restores the reference data
    # the migrations wrote (the SDG 16 targets), which the demo's mappings name.
    call_command("load_demo", stdout=StringIO())
    return str(live_server.url)


@pytest.fixture
def log_in(page: Page, demo_url: str) -> Callable[[str, str], None]:
    def _log_in(username: str, password: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{demo_url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    return _log_in
