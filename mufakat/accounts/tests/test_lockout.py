"""The login lockout behind the documented nginx: failures count per username *and* real client
address, so an attacker locks only themself out, never the Secretariat signing in from elsewhere.

Behind the proxy every request arrives from the proxy's address (REMOTE_ADDR 127.0.0.1 here); the
client's address is the entry nginx appends to X-Forwarded-For (MUFAKAT_BEHIND_PROXY=1).
"""

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory

from mufakat.audit.models import AuditEvent
from mufakat.core.network import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
ATTACKER = "203.0.113.9"
SECRETARIAT_DESK = "198.51.100.7"


@pytest.fixture(autouse=True)
def _no_earlier_failures() -> None:
    """Sign-in rate limits live in the cache; each test starts without anyone's failures."""
    cache.clear()


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    """What MUFAKAT_BEHIND_PROXY=1 sets: one trusted proxy in front of the application."""
    settings.MUFAKAT_TRUSTED_PROXIES = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def from_address(forwarded_for: str) -> Client:
    """A browser whose requests reach Django through nginx."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def log_in(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"login": username, "password": password})


def is_locked_out(response: Any) -> bool:
    return response.status_code == 429


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_from_an_attacker_do_not_lock_the_secretariat_out_from_its_desk(
    secretariat: Any, behind_proxy: None
) -> None:
    attacker = from_address(ATTACKER)
    for _attempt in range(5):
        log_in(attacker, "secretariat", "guess")

    desk = from_address(SECRETARIAT_DESK)
    response = log_in(desk, "secretariat", PASSWORD)

    assert not is_locked_out(response)
    assert signed_in(desk)


def test_the_attacker_is_locked_out_even_with_the_right_password(
    secretariat: Any, behind_proxy: None
) -> None:
    attacker = from_address(ATTACKER)
    for _attempt in range(5):
        log_in(attacker, "secretariat", "guess")

    response = log_in(attacker, "secretariat", PASSWORD)

    assert is_locked_out(response)
    assert not signed_in(attacker)


def test_failures_are_recorded_against_the_real_client_address(
    secretariat: Any, behind_proxy: None
) -> None:
    log_in(from_address(ATTACKER), "secretariat", "guess")

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("secretariat", ATTACKER)
    ]


def test_prepending_the_secretariat_address_to_x_forwarded_for_does_not_lock_it_out(
    secretariat: Any, behind_proxy: None
) -> None:
    # The attacker writes the desk's address into the header; nginx appends the real one.
    spoofing = from_address(f"{SECRETARIAT_DESK}, {ATTACKER}")
    for _attempt in range(5):
        log_in(spoofing, "secretariat", "guess")

    assert is_locked_out(log_in(spoofing, "secretariat", PASSWORD))
    desk = from_address(SECRETARIAT_DESK)
    assert not is_locked_out(log_in(desk, "secretariat", PASSWORD))
    assert signed_in(desk)


# --- the one client-address function shared by the lockout, throttling and the audit log ---


def request_with(remote: str = "127.0.0.1", forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_x_forwarded_for_is_ignored(settings: Any) -> None:
    settings.MUFAKAT_TRUSTED_PROXIES = 0
    assert client_address(request_with("192.0.2.1", forwarded=ATTACKER)) == "192.0.2.1"


def test_behind_one_proxy_the_client_is_the_entry_the_proxy_appended(behind_proxy: None) -> None:
    assert client_address(request_with(forwarded=ATTACKER)) == ATTACKER
    assert client_address(request_with(forwarded=f"10.0.0.1, 10.0.0.2, {ATTACKER}")) == ATTACKER


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings: Any) -> None:
    settings.MUFAKAT_TRUSTED_PROXIES = 2
    forwarded = f"{SECRETARIAT_DESK}, {ATTACKER}, 10.0.0.5"
    assert client_address(request_with(forwarded=forwarded)) == ATTACKER


def test_a_request_that_skipped_the_proxy_or_carries_garbage_counts_as_the_peer(
    behind_proxy: None,
) -> None:
    assert client_address(request_with("127.0.0.1")) == "127.0.0.1"
    assert client_address(request_with("127.0.0.1", forwarded="not-an-address")) == "127.0.0.1"


def test_the_audit_log_records_the_same_client_address(
    secretariat: Any, behind_proxy: None
) -> None:
    desk = from_address(f"10.9.9.9, {SECRETARIAT_DESK}")
    desk.force_login(secretariat)
    response = desk.post(
        "/api/v1/parties",
        {"code": "XXX", "name": "Xanadu", "kind": "other_state"},
        content_type="application/json",
    )

    assert response.status_code in (200, 201), response.content
    assert AuditEvent.objects.get(action="party.create").ip_address == SECRETARIAT_DESK


def test_allauths_rate_limits_see_the_same_client_address_as_the_lockout(
    behind_proxy: None, settings: Any
) -> None:
    from mufakat.accounts.adapters import InvitationOnlyAccountAdapter

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # the adapter must not depend on allauth's own count
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}"
    )
    assert InvitationOnlyAccountAdapter(request).get_client_ip(request) == ATTACKER
