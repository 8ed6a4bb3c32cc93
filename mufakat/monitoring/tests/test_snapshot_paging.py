"""A snapshot read a page at a time over the API, and the meeting page of many snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ReportingRound, Snapshot
from mufakat.monitoring.tests.dashboards_data import History, make_history, make_round
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db

Headers = Callable[[User], dict[str, str]]


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _pages(client: Client, url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every page of a paged response, following ``next``."""
    pages = [client.get(url, headers=headers).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"], headers=headers).json())
    return pages


def test_the_round_snapshot_api_gives_its_reports_a_page_at_a_time(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/rounds/{history.r2.pk}/snapshot"
    whole = client.get(url, {"limit": 5000}, headers=api_headers(secretariat)).json()
    assert whole["next"] is None and whole["reports_count"] == len(whole["reports"]) > 2
    pages = _pages(client, f"{url}?limit=2", api_headers(secretariat))
    assert [len(p["reports"]) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert [r for p in pages for r in p["reports"]] == whole["reports"]
    assert [p["offset"] for p in pages] == list(range(0, whole["reports_count"], 2))
    # The totals of every instrument come with every page.
    assert all(p["instruments"][0]["totals"] == whole["instruments"][0]["totals"] for p in pages)


def test_the_default_page_holds_at_most_the_default_number_of_reports(
    history: History, secretariat: User, api_headers: Headers, client: Client
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/rounds/{history.r2.pk}/snapshot"
    body = client.get(url, headers=api_headers(secretariat)).json()
    assert body["limit"] == snapshots.REPORTS_PAGE and body["offset"] == 0
    assert len(body["reports"]) <= snapshots.REPORTS_PAGE
    past = client.get(url, {"offset": 1000}, headers=api_headers(secretariat)).json()
    assert past["reports"] == [] and past["next"] is None
    assert past["instruments"][0]["areas"] == []  # no cells on the page: totals only
    too_many = client.get(url, {"limit": snapshots.REPORTS_PAGE_MAX + 1})
    assert too_many.status_code in (404, 422)


def test_one_instrument_of_the_snapshot_is_paged_too_and_hidden_ones_are_not_found(
    history: History,
    secretariat: User,
    outsider: User,
    api_headers: Headers,
    client: Client,
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = f"/api/v1/rounds/{history.r2.pk}/snapshot"
    pages = _pages(client, f"{url}?instrument=aj-wp&limit=1", api_headers(secretariat))
    assert all("instrument=aj-wp" in (p["next"] or "instrument=aj-wp") for p in pages)
    assert len(pages) == pages[0]["reports_count"]
    assert pages[-1]["instruments"][0]["areas"]  # the instrument named: its areas always
    hidden = client.get(url, {"instrument": "aj-wp"}, headers=api_headers(outsider))
    assert hidden.status_code == 404


def _freeze(round_: ReportingRound, secretariat: User) -> Snapshot:
    return snapshots.freeze_round(actor=secretariat, round=round_, acknowledge_early=True)


def _presented_queries(user: User, meeting_id: int) -> tuple[int, list[snapshots.Presented]]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        presented = snapshots.presented_at(user=user, meeting_id=meeting_id, detailed_up_to=6)
    return len(queries.captured_queries), presented


def test_a_meeting_fed_by_more_rounds_costs_no_more_queries(
    history: History, secretariat: User, idn: Party, jpn: Party, asean_japan: SharingGroup
) -> None:
    shared: dict[str, Any] = {
        "instrument": history.instrument,
        "parties": [idn, jpn],
        "groups": [asean_japan],
        "meeting": history.m24,
    }
    # Rounds that name the one before, and rounds that do not (compared with the latest
    # earlier snapshot of the same instruments).
    _freeze(history.r1, secretariat)
    _freeze(history.r2, secretariat)
    unnamed = make_round(title="Extra round B", due=dt.date(2025, 3, 31), **shared)
    _freeze(unnamed, secretariat)
    few, presented = _presented_queries(secretariat, history.m24.pk)
    assert len(presented) == 2
    named = make_round(
        title="Extra round A", due=dt.date(2025, 4, 30), previous=history.r1, **shared
    )
    later = make_round(title="Extra round C", due=dt.date(2025, 4, 15), **shared)
    _freeze(named, secretariat)
    _freeze(later, secretariat)
    many, presented = _presented_queries(secretariat, history.m24.pk)
    assert len(presented) == 4 and many <= few
    for item in presented:
        one = snapshots.previous_snapshot(user=secretariat, snapshot=item.snapshot)
        assert (item.previous.pk if item.previous else None) == (one.pk if one else None)
    by_round = {p.snapshot.round_id: p.previous.round_id for p in presented if p.previous}
    assert by_round == {
        history.r2.pk: history.r1.pk,
        named.pk: history.r1.pk,
        unnamed.pk: history.r1.pk,
        later.pk: unnamed.pk,  # the latest earlier one, at the same body
    }
