# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Lists of progress reports as files: "My reports", the review queue and a round's reports,
each exactly as its page lists them (filters, order, every page), through the gate."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.monitoring import views_reports
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    report_of,
    round_,
    start_round,
    submit_on_track,
)
from mufakat.testing.exports import csv_rows, json_rows

pytestmark = pytest.mark.django_db

MINE = reverse("monitoring:my_reports")
MINE_CSV = reverse("monitoring:my_reports_export", kwargs={"fmt": "csv"})
MINE_JSON = reverse("monitoring:my_reports_export", kwargs={"fmt": "json"})
REVIEW = reverse("monitoring:review")
REVIEW_CSV = reverse("monitoring:review_export", kwargs={"fmt": "csv"})


def _round_csv(round_: ReportingRound) -> str:
    return reverse("monitoring:round_reports_export", kwargs={"pk": round_.pk, "fmt": "csv"})


def _every_page(client: Any, url: str, query: dict[str, Any], key: str) -> list[int]:
    ids: list[int] = []
    number = 1
    while True:
        response = client.get(url, {**query, "page": number})
        rows = response.context[key]
        ids += [getattr(row, "report", row).pk for row in rows]
        if not response.context["page_obj"].has_next():
            return ids
        number += 1


def test_my_reports_csv_holds_every_page_in_the_pages_order(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    monkeypatch: Any,
) -> None:
    start_round(secretariat, plan, title="A later round", due_date=round_.due_date.replace(2025))
    returned = submit_on_track(idn_focal, report_of(round_, "CT-3", "IDN"), "=1+1 going well")
    views_reports.services.review_report(
        actor=secretariat, report=returned, accept=False, comment="Add the dates."
    )
    monkeypatch.setattr(views_reports, "MY_REPORTS_PAGE_SIZE", 2)
    client = as_user(idn_focal)
    shown = _every_page(client, MINE, {}, "entries")
    assert len(shown) == 6
    rows = csv_rows(client.get(MINE_CSV))
    assert [int(r["id"]) for r in rows] == shown
    first = rows[0]
    assert (first["activity_code"], first["party"], first["state"]) == ("CT-3", "IDN", "returned")
    assert first["narrative"] == "'=1+1 going well"
    assert first["instrument"] == plan.instrument.key
    filtered = {"round": round_.pk, "state": "draft"}
    assert [int(r["id"]) for r in csv_rows(client.get(MINE_CSV, filtered))] == _every_page(
        client, MINE, filtered, "entries"
    )


def test_my_reports_json_parses_with_numbers_and_codes(
    as_user: Any, idn_focal: User, round_: ReportingRound
) -> None:
    submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"), "Going well.")
    rows = json_rows(as_user(idn_focal).get(MINE_JSON, {"state": "submitted"}))
    assert [(r["activity_code"], r["status"], r["percent"]) for r in rows] == [
        ("CT-1", "on_track", 40)
    ]
    assert rows[0]["submitted_at"][:2] == "20"  # ISO 8601


def test_only_a_focal_point_has_reports_of_their_own(
    as_user: Any, outsider: User, round_: ReportingRound
) -> None:
    assert csv_rows(as_user(outsider).get(MINE_CSV)) == []
    assert as_user(outsider).get(MINE_CSV).status_code == 200


def test_an_anonymous_reader_is_sent_to_sign_in(client: Any, round_: ReportingRound) -> None:
    response = client.get(MINE_CSV)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_review_queue_export_has_its_filters_and_every_page(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    monkeypatch: Any,
) -> None:
    for report in ProgressReport.objects.filter(round=round_):
        submit_on_track(idn_focal if report.party.code == "IDN" else jpn_focal, report, "Fine.")
    monkeypatch.setattr(views_reports, "REVIEW_PAGE_SIZE", 2)
    client = as_user(secretariat)
    for query in ({}, {"party": "jpn", "instrument": plan.instrument.key}):
        shown = _every_page(client, REVIEW, query, "reports")
        assert [int(r["id"]) for r in csv_rows(client.get(REVIEW_CSV, query))] == shown
    assert len(csv_rows(client.get(REVIEW_CSV))) == 5
    lead = as_user(idn_focal)  # Indonesia leads CT-1: Japan's report on it waits for them
    rows = csv_rows(lead.get(REVIEW_CSV))
    assert [(r["party"], r["activity_code"]) for r in rows] == [("JPN", "CT-1")]
    assert [int(r["id"]) for r in rows] == _every_page(lead, REVIEW, {}, "reports")


def test_a_rounds_reports_of_one_party_or_all_that_the_reader_may_see(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    outsider: User,
    round_: ReportingRound,
) -> None:
    submit_on_track(jpn_focal, report_of(round_, "CT-2", "JPN"), "Japan's part.")
    idn = as_user(idn_focal)
    page = idn.get(round_.get_absolute_url(), {"party": "JPN"})
    assert [int(r["id"]) for r in csv_rows(idn.get(_round_csv(round_), {"party": "JPN"}))] == [
        r.pk for r in page.context["reports"]
    ]
    assert f'href="{_round_csv(round_)}?party=JPN"' in page.content.decode()
    everything = csv_rows(idn.get(_round_csv(round_)))  # their drafts, others' submitted
    assert [(r["activity_code"], r["party"]) for r in everything] == [
        ("CT-1", "IDN"),
        ("CT-2", "IDN"),
        ("CT-2", "JPN"),
        ("CT-3", "IDN"),
    ]
    secretariat_sees = csv_rows(as_user(secretariat).get(_round_csv(round_)))
    assert [(r["party"], r["activity_code"]) for r in secretariat_sees] == [("JPN", "CT-2")]
    assert as_user(outsider).get(_round_csv(round_)).status_code == 404


def test_the_exports_cost_the_same_queries_however_many_reports(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    focal, reviewer = as_user(idn_focal), as_user(secretariat)
    focal.get(MINE)
    reviewer.get(REVIEW)

    def cost() -> tuple[int, ...]:
        counts = []
        for client, url in (
            (focal, MINE_CSV),
            (reviewer, REVIEW_CSV),
            (reviewer, _round_csv(round_)),
        ):
            with CaptureQueriesContext(connection) as seen:
                b"".join(client.get(url).streaming_content)
            counts.append(len(seen.captured_queries))
        return tuple(counts)

    few = cost()
    for i in range(3):
        start_round(secretariat, plan, title=f"Extra round {i}")
    for report in ProgressReport.objects.filter(party__code="IDN", state="draft")[:6]:
        submit_on_track(idn_focal, report, "Going well.")
    assert cost() == few
