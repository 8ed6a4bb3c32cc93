"""API rate limits: anonymous callers per client address, token holders per token; past the
limit the API answers 429 with Retry-After. The suite's own limits are high; these tests lower
them through the settings the deployment uses (MUFAKAT_API_RATE_ANON / _TOKEN)."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts import rate_limits
from mufakat.accounts.api_auth import rate_limited_address
from mufakat.accounts.models import ApiToken, RateCounter
from mufakat.accounts.rate_limits import count_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _low_limits(settings: Any) -> None:
    settings.MUFAKAT_API_RATE_ANON = "3/min"
    settings.MUFAKAT_API_RATE_TOKEN = "4/min"


def statuses(client: Client, times: int, **headers: str) -> list[int]:
    return [client.get("/api/v1/parties", headers=headers).status_code for _ in range(times)]


def test_an_anonymous_caller_gets_429_after_the_limit(db: Any) -> None:
    anonymous = Client(REMOTE_ADDR="192.0.2.10")

    assert statuses(anonymous, 4) == [200, 200, 200, 429]
    response = anonymous.get("/api/v1/parties")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": "Too many requests."}


def test_another_address_keeps_its_own_allowance(db: Any) -> None:
    statuses(Client(REMOTE_ADDR="192.0.2.10"), 4)
    assert statuses(Client(REMOTE_ADDR="192.0.2.11"), 1) == [200]


def test_behind_the_proxy_anonymous_callers_are_counted_per_forwarded_address(
    db: Any, settings: Any
) -> None:
    settings.MUFAKAT_TRUSTED_PROXIES = 1
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert statuses(first, 4) == [200, 200, 200, 429]
    assert statuses(second, 1) == [200]


def test_a_token_gets_429_after_its_limit_and_another_token_does_not(idn_focal: Any) -> None:
    _first, first_key = ApiToken.issue(idn_focal, scopes=["read"])
    _second, second_key = ApiToken.issue(idn_focal, scopes=["read"])
    client = Client(REMOTE_ADDR="192.0.2.10")

    assert statuses(client, 5, Authorization=f"Bearer {first_key}") == [200] * 4 + [429]
    assert statuses(client, 1, Authorization=f"Bearer {second_key}") == [200]


def test_a_token_is_not_held_to_the_anonymous_limit_of_its_address(idn_focal: Any) -> None:
    _token, key = ApiToken.issue(idn_focal, scopes=["read"])
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses(client, 4)  # the address is out of anonymous requests

    assert statuses(client, 4, Authorization=f"Bearer {key}") == [200] * 4


def test_a_signed_in_browser_is_limited_per_user(idn_focal: Any) -> None:
    browser = Client(REMOTE_ADDR="192.0.2.10")
    browser.force_login(idn_focal)

    assert statuses(browser, 5) == [200] * 4 + [429]


def test_an_ipv6_client_cannot_escape_its_limit_by_changing_address_within_its_64(
    db: Any,
) -> None:
    assert statuses(Client(REMOTE_ADDR="2001:db8:1:2::10"), 3) == [200] * 3
    assert statuses(Client(REMOTE_ADDR="2001:db8:1:2:ffff::99"), 1) == [429]
    assert statuses(Client(REMOTE_ADDR="2001:db8:1:3::10"), 1) == [200]
    assert rate_limited_address("2001:db8:1:2::10") == "2001:db8:1:2::/64"
    assert rate_limited_address("192.0.2.10") == "192.0.2.10"


# --- the counting itself: one statement, a sliding estimate, refusals not counted ---


def test_counting_a_request_costs_one_statement(db: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="192.0.2.20")
    client.get("/api/v1/parties")  # warm: the first request of a process may read more
    with CaptureQueriesContext(connection) as limited:
        client.get("/api/v1/parties")
    settings.MUFAKAT_API_RATE_ANON = ""
    with CaptureQueriesContext(connection) as unlimited:
        client.get("/api/v1/parties")

    assert len(limited) == len(unlimited) + 1


def test_the_previous_window_still_counts_for_the_part_of_it_inside_the_last_minute(
    db: Any,
) -> None:
    start = 6_000_000.0  # the start of a window of 60 s
    assert [count_request("caller", 3, 60, start + t).allowed for t in (1, 2, 3)] == [True] * 3

    assert not count_request("caller", 3, 60, start + 61).allowed  # 3 × 59/60 + 1 > 3
    assert count_request("caller", 3, 60, start + 90).allowed  # 3 × 1/2 + 1 ≤ 3


def test_a_window_left_empty_forgets_the_one_before(db: Any) -> None:
    start = 6_000_000.0
    for t in (1, 2, 3):
        count_request("caller", 3, 60, start + t)

    assert [count_request("caller", 3, 60, start + 121 + t).allowed for t in (0, 1, 2)] == [
        True
    ] * 3


def test_a_refused_request_is_not_counted_and_says_when_to_come_back(db: Any) -> None:
    start = 6_000_000.0
    for t in (1, 2, 3):
        count_request("caller", 3, 60, start + t)

    refused = count_request("caller", 3, 60, start + 4)
    assert not refused.allowed
    assert RateCounter.objects.get(caller="caller").hits == 3
    assert refused.retry_after is not None
    assert not count_request("caller", 3, 60, start + 4 + refused.retry_after - 2).allowed
    assert count_request("caller", 3, 60, start + 4 + refused.retry_after).allowed


def test_the_rows_of_callers_gone_quiet_are_deleted_now_and_then(db: Any, monkeypatch: Any) -> None:
    start = 6_000_000.0
    count_request("quiet", 3, 60, start)
    monkeypatch.setattr(rate_limits, "PRUNE_SHARE", 1.0)

    count_request("busy", 3, 60, start + 3600)

    assert list(RateCounter.objects.values_list("caller", flat=True)) == ["busy"]
