# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Round-level report lists at scale: the reports API reads a round instrument by instrument,
and the review queue leaves rounds already frozen for their meeting out unless asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.desk.selectors import review_count
from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    make_plan,
    plan,
    report_of,
    start_round,
    submit_on_track,
)
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def two_plans_round(
    secretariat: User,
    plan: Plan,
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
    idn_focal: User,
    jpn_focal: User,
) -> ReportingRound:
    """A round over two instruments, the second one first by title."""
    other = make_plan(idn, jpn, asean_japan, key="second-plan")
    other.instrument.title = "A plan listed first"
    other.instrument.save(update_fields=["title"])
    return start_round(secretariat, plan, instruments=[plan.instrument, other.instrument])


def test_pages_of_a_rounds_reports_follow_the_instruments_by_title_whatever_the_page_size(
    api_headers: Any, idn_focal: User, jpn_focal: User, two_plans_round: ReportingRound
) -> None:
    # Japan's other reports stay drafts, which Indonesia does not see.
    for report in two_plans_round.reports.filter(party__code="JPN", activity__code="CT-1"):
        submit_on_track(jpn_focal, report)
    headers = api_headers(idn_focal)
    url = f"{API}/rounds/{two_plans_round.pk}/reports"

    def page(size: int, number: int) -> tuple[list[tuple[str, str, str]], int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = Client().get(f"{url}?page_size={size}&page={number}", headers=headers).json()
        rows = [(r["instrument"], r["activity"], r["party"]) for r in body["items"]]
        return rows, body["count"], len(queries)

    page(50, 1)  # the token's first use is recorded (at most once a minute): not a page's cost
    everything, count, one_page = page(50, 1)
    first = [
        ("second-plan", "CT-1", "IDN"),
        ("second-plan", "CT-1", "JPN"),
        ("second-plan", "CT-2", "IDN"),
        ("second-plan", "CT-3", "IDN"),
    ]
    assert everything == first + [("asean-japan-wp", *row[1:]) for row in first]
    assert count == 8
    for size in (1, 3, 5):
        pages = [page(size, n) for n in range(1, -(-count // size) + 1)]
        assert [row for rows, _count, _q in pages for row in rows] == everything
        assert {n for _rows, n, _q in pages} == {count}
        # a page spanning two instruments costs what a page inside one does
        assert {queries for _rows, _count, queries in pages} == {one_page}


def test_the_review_queue_leaves_frozen_rounds_out_unless_asked_and_says_so(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan
) -> None:
    frozen = start_round(secretariat, plan, title="Round already frozen")
    current = start_round(secretariat, plan, title="Round still open")
    submit_on_track(idn_focal, report_of(frozen, "CT-1", "IDN"))
    submit_on_track(idn_focal, report_of(current, "CT-2", "IDN"))
    # Frozen for its meeting: the snapshot is taken, reviewing stays possible.
    ReportingRound.objects.filter(pk=frozen.pk).update(status=ReportingRound.Status.FROZEN)
    client = as_user(secretariat)

    page = client.get(reverse("monitoring:review"))
    assert [r.round.title for r in page.context["reports"]] == ["Round still open"]
    assert [c.label for c in page.context["facets"].rounds] == ["Round still open"]
    html = page.content.decode()
    assert "rounds already frozen for their meeting are left out" in html
    assert 'href="?frozen=1"' in html

    with_frozen = client.get(reverse("monitoring:review"), {"frozen": "1"})
    assert sorted(r.round.title for r in with_frozen.context["reports"]) == [
        "Round already frozen",
        "Round still open",
    ]
    assert f"frozen=1&amp;round={frozen.pk}" in with_frozen.content.decode()
    assert 'name="frozen" value="1" checked' in with_frozen.content.decode()


def test_my_desk_counts_the_reports_the_review_queue_lists_by_default(
    secretariat: User, idn_focal: User, plan: Plan
) -> None:
    frozen = start_round(secretariat, plan, title="Round already frozen")
    current = start_round(secretariat, plan, title="Round still open")
    for code in ("CT-1", "CT-2"):
        submit_on_track(idn_focal, report_of(frozen, code, "IDN"))
    submit_on_track(idn_focal, report_of(current, "CT-1", "IDN"))
    ReportingRound.objects.filter(pk=frozen.pk).update(status=ReportingRound.Status.FROZEN)
    assert review_count(user=secretariat) == 1


def test_my_reports_and_the_queue_read_page_by_page_in_the_order_of_one_long_page(
    as_user: Any,
    monkeypatch: Any,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    two_plans_round: ReportingRound,
) -> None:
    from mufakat.monitoring import views_reports
    from mufakat.monitoring.services import review_report

    for report in two_plans_round.reports.filter(party__code="JPN"):
        submit_on_track(jpn_focal, report)
    ct3 = two_plans_round.reports.get(
        party__code="IDN", activity__code="CT-3", instrument__key="asean-japan-wp"
    )
    returned = submit_on_track(idn_focal, ct3)  # of the instrument listed last
    review_report(actor=secretariat, report=returned, accept=False, comment="Add the dates.")

    def walk(user: User, name: str, context_key: str) -> tuple[list[int], list[int]]:
        client = as_user(user)
        one_page = [
            getattr(row, "report", row).pk for row in client.get(reverse(name)).context[context_key]
        ]
        monkeypatch.setattr(views_reports, "MY_REPORTS_PAGE_SIZE", 2)
        monkeypatch.setattr(views_reports, "REVIEW_PAGE_SIZE", 2)
        paged: list[int] = []
        for number in range(1, -(-len(one_page) // 2) + 1):
            rows = client.get(reverse(name), {"page": number}).context[context_key]
            paged += [getattr(row, "report", row).pk for row in rows]
        monkeypatch.undo()
        return one_page, paged

    mine, mine_paged = walk(idn_focal, "monitoring:my_reports", "entries")
    assert mine[0] == returned.pk  # returned first, whatever its instrument
    assert mine_paged == mine and len(mine) == 6
    queue, queue_paged = walk(secretariat, "monitoring:review", "reports")
    assert queue_paged == queue and len(queue) == 4  # Japan's reports in both instruments


def test_a_page_of_the_queue_or_my_reports_is_the_slice_of_the_whole_list_with_what_it_shows(
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    two_plans_round: ReportingRound,
) -> None:
    from mufakat.monitoring import selectors
    from mufakat.monitoring.services import review_report

    for report in two_plans_round.reports.filter(party__code="JPN"):
        submit_on_track(jpn_focal, report)
    ct3 = two_plans_round.reports.get(
        party__code="IDN", activity__code="CT-3", instrument__key="asean-japan-wp"
    )
    review_report(
        actor=secretariat, report=submit_on_track(idn_focal, ct3), accept=False, comment="Dates?"
    )
    filters = selectors.ReportFilters()
    lists = [
        (
            secretariat,
            selectors.review_queue(user=secretariat, filters=filters),
            selectors.review_facets(user=secretariat, filters=filters),
            False,
        ),
        (
            idn_focal,
            selectors.my_reports(user=idn_focal, filters=filters).defer(*selectors.LIST_DEFERRED),
            selectors.my_report_facets(user=idn_focal, filters=filters),
            True,
        ),
    ]
    for _user, reports, facets, returned_first, apart in [
        (*one, apart) for one in lists for apart in (False, True)
    ]:
        assert facets is not None
        window = selectors.RoundWindow(reports, facets, returned_first=returned_first, apart=apart)
        whole = list(reports)
        assert [r.pk for r in window[0 : len(window)]] == [r.pk for r in whole]
        page = window[1:3]
        assert [r.pk for r in page] == [r.pk for r in whole[1:3]]
        assert [r.submitted_by for r in page] == [r.submitted_by for r in whole[1:3]]
        with CaptureQueriesContext(connection) as shown:
            seen = [
                (r.round.title, r.instrument.title, r.activity.code, r.party.code, r.submitted_by)
                for r in page
            ]
            seen += [(r.priority_area.position,) for r in page]
        assert len(seen) == 4 and not shown.captured_queries
    queue = lists[0][1]
    assert {r.submitted_by for r in queue} == {jpn_focal}
