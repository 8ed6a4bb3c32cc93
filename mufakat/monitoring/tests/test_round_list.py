# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The list of reporting rounds, on the page and over the API: a page of rounds at a time, each
counted over the reports the reader may see, for a fixed number of queries however many rounds
and reports there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.monitoring.api_reports import ROUNDS_PAGE_SIZE as API_PAGE_SIZE
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    plan,
    round_,
    start_round,
)
from mufakat.monitoring.views_reports import ROUNDS_PAGE_SIZE

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _older_rounds(secretariat: User, plan: Plan, n: int, start: int = 0) -> None:
    """``n`` rounds due before the fixture's round (so listed after it, newest first)."""
    for i in range(start, start + n):
        start_round(
            secretariat,
            plan,
            title=f"Older round {i:02d}",
            opens_on=dt.date(2023, 1, 1),
            due_date=dt.date(2024, 5, 1) - dt.timedelta(days=i),
        )


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", [reverse("monitoring:rounds"), f"{API}/rounds"])
def test_the_rounds_list_costs_the_same_queries_with_three_times_the_rounds(
    as_user: Any,
    secretariat: User,
    jpn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    path: str,
) -> None:
    client = as_user(jpn_focal)
    _older_rounds(secretariat, plan, 5)
    client.get(path)  # sessions, caches: warm
    before = _queries(client, path)
    _older_rounds(secretariat, plan, 15, start=5)
    assert _queries(client, path) == before
    assert before <= 10


def test_the_rounds_page_lists_ten_rounds_newest_first_and_links_the_next_page(
    as_user: Any, secretariat: User, plan: Plan, round_: ReportingRound
) -> None:
    _older_rounds(secretariat, plan, 12)
    client = as_user(secretariat)
    first = client.get(reverse("monitoring:rounds"))
    rounds = first.context["rounds"]
    assert len(rounds) == ROUNDS_PAGE_SIZE
    assert rounds[0] == round_  # due last of all: the newest
    html = first.content.decode()
    assert "13 rounds · page 1 of 2" in " ".join(html.split())
    assert 'href="?page=2"' in html
    second = client.get(reverse("monitoring:rounds"), {"page": 2}).context["rounds"]
    assert [r.title for r in second] == ["Older round 09", "Older round 10", "Older round 11"]


def test_the_status_filter_is_kept_across_pages(
    as_user: Any, secretariat: User, plan: Plan, round_: ReportingRound
) -> None:
    _older_rounds(secretariat, plan, 12)
    html = as_user(secretariat).get(reverse("monitoring:rounds"), {"status": "open"})
    assert 'href="?status=open&amp;page=2"' in html.content.decode()


def test_each_listed_round_counts_only_the_reports_the_reader_may_see(
    as_user: Any,
    jpn_focal: User,
    idn_focal: User,
    round_: ReportingRound,
    idn_ct1: ProgressReport,
) -> None:
    save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"status": "on_track", "percent": 50},
        expected_version=idn_ct1.lock_version,
        submit=True,
    )
    # Japan sees its own two drafts and Indonesia's submitted report, never Indonesia's drafts.
    page = as_user(jpn_focal).get(reverse("monitoring:rounds")).context["rounds"]
    assert [(r.reports_total, r.reports_submitted) for r in page] == [(3, 1)]
    body = as_user(jpn_focal).get(f"{API}/rounds").json()
    assert body["count"] == 1
    assert body["items"][0]["counts"] == {"total": 3, "submitted": 1, "accepted": 0, "returned": 0}


def test_the_api_gives_the_rounds_a_page_at_a_time_with_their_counts(
    as_user: Any, secretariat: User, plan: Plan, round_: ReportingRound
) -> None:
    _older_rounds(secretariat, plan, API_PAGE_SIZE + 2)
    client = as_user(secretariat)
    first = client.get(f"{API}/rounds").json()
    assert first["count"] == API_PAGE_SIZE + 3
    assert len(first["items"]) == API_PAGE_SIZE
    assert first["items"][0]["id"] == round_.pk
    last = client.get(f"{API}/rounds", {"page": 2}).json()["items"]
    assert len(last) == 3
    # The Secretariat sees no party's drafts: every round is counted, and counts nothing yet.
    assert {item["counts"]["total"] for item in first["items"] + last} == {0}
