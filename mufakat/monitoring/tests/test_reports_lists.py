# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""My reports and the review queue at scale: a page at a time, the most urgent first, filtered
by round, instrument, state and party with the counts of each, at a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.monitoring import views_reports
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import review_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    report_of,
    round_,
    start_round,
    submit_on_track,
)

pytestmark = pytest.mark.django_db


def _later_round(secretariat: User, plan: Plan, title: str, due: dt.date) -> ReportingRound:
    return start_round(secretariat, plan, title=title, due_date=due)


def test_my_reports_puts_the_round_due_soonest_first_and_returned_reports_first_in_it(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    later = _later_round(
        secretariat, plan, "A later round", round_.due_date + dt.timedelta(days=90)
    )
    ct3 = submit_on_track(idn_focal, report_of(round_, "CT-3", "IDN"), "Going well.")
    review_report(actor=secretariat, report=ct3, accept=False, comment="Add the dates.")
    entries = as_user(idn_focal).get(reverse("monitoring:my_reports")).context["entries"]
    assert [(e.report.round_id, e.report.activity.code) for e in entries] == [
        (round_.pk, "CT-3"),
        (round_.pk, "CT-1"),
        (round_.pk, "CT-2"),
        (later.pk, "CT-1"),
        (later.pk, "CT-2"),
        (later.pk, "CT-3"),
    ]


def test_my_reports_filter_by_round_and_state_with_the_counts_of_each(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    later = _later_round(
        secretariat, plan, "A later round", round_.due_date + dt.timedelta(days=90)
    )
    submit_on_track(idn_focal, report_of(later, "CT-2", "IDN"), "Going well.")
    client = as_user(idn_focal)
    page = client.get(reverse("monitoring:my_reports"), {"round": later.pk, "state": "submitted"})
    assert [e.report.activity.code for e in page.context["entries"]] == ["CT-2"]
    facets = page.context["facets"]
    assert [(c.label, c.count) for c in facets.rounds] == [("A later round", 1)]
    assert {c.value: c.count for c in facets.states} == {
        "draft": 2,
        "submitted": 1,
        "returned": 0,
        "accepted": 0,
    }
    html = page.content.decode()
    assert f"round={later.pk}&amp;state=draft" in html  # a count links to its reports
    # The action stays on the row; a submitted report is viewed, and its link's name starts with
    # the word it shows (label in name).
    assert 'aria-label="View the report on CT-2">View</a>' in html


def test_my_reports_come_a_page_at_a_time(
    as_user: Any, idn_focal: User, round_: ReportingRound, monkeypatch: Any
) -> None:
    monkeypatch.setattr(views_reports, "MY_REPORTS_PAGE_SIZE", 2)
    client = as_user(idn_focal)
    first = client.get(reverse("monitoring:my_reports"))
    second = client.get(reverse("monitoring:my_reports"), {"page": 2})
    assert [e.report.activity.code for e in first.context["entries"]] == ["CT-1", "CT-2"]
    assert [e.report.activity.code for e in second.context["entries"]] == ["CT-3"]
    assert first.context["page_obj"].paginator.count == 3
    assert "page=2" in first.content.decode()


def test_the_review_queue_filters_by_party_and_instrument_and_pages(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    monkeypatch: Any,
) -> None:
    for report in ProgressReport.objects.filter(round=round_):
        submit_on_track(
            idn_focal if report.party.code == "IDN" else jpn_focal, report, "Going well."
        )
    monkeypatch.setattr(views_reports, "REVIEW_PAGE_SIZE", 2)
    client = as_user(secretariat)
    everything = client.get(reverse("monitoring:review"))
    assert everything.context["page_obj"].paginator.count == 5
    assert len(everything.context["reports"]) == 2
    assert {c.value: c.count for c in everything.context["facets"].parties} == {"IDN": 3, "JPN": 2}
    japan = client.get(
        reverse("monitoring:review"), {"party": "jpn", "instrument": plan.instrument.key}
    )
    assert [(r.party.code, r.activity.code) for r in japan.context["reports"]] == [
        ("JPN", "CT-1"),
        ("JPN", "CT-2"),
    ]
    assert 'name="decision" value="accept"' in japan.content.decode()
    nothing = client.get(reverse("monitoring:review"), {"round": "999999"})
    assert nothing.context["reports"] == []


@pytest.mark.parametrize("extra", [0, 3])
def test_both_lists_cost_the_same_queries_however_many_reports_there_are(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    django_assert_max_num_queries: Any,
    monkeypatch: Any,
    extra: int,
) -> None:
    monkeypatch.setattr(views_reports, "MY_REPORTS_PAGE_SIZE", 2)
    monkeypatch.setattr(views_reports, "REVIEW_PAGE_SIZE", 2)
    for i in range(extra):
        start_round(secretariat, plan, title=f"Extra round {i}")
    for report in ProgressReport.objects.filter(party__code="IDN")[: 2 + extra]:
        submit_on_track(idn_focal, report, "Going well.")
    focal, reviewer = as_user(idn_focal), as_user(secretariat)
    with django_assert_max_num_queries(8):
        assert focal.get(reverse("monitoring:my_reports"), {"page": 2}).status_code == 200
    with django_assert_max_num_queries(8):
        assert reviewer.get(reverse("monitoring:review"), {"page": 2}).status_code == 200


def test_my_reports_rows_show_each_report_with_its_badges_links_and_last_rounds_report(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    """The rows are built in the view (no per-row template tags); what the reader sees stays
    the same: the report's status and state, a link to write it, last round's report linked."""
    old = submit_on_track(idn_focal, report_of(round_, "CT-3", "IDN"), "Going well.")
    follow_up = start_round(
        secretariat,
        plan,
        title="Round for the 25th SOMTC",
        opens_on=dt.date(2025, 3, 1),
        due_date=dt.date(2025, 6, 1),
        previous=round_,
    )
    page = as_user(idn_focal).get(reverse("monitoring:my_reports"), {"round": follow_up.pk})
    html = page.content.decode()
    current = report_of(follow_up, "CT-3", "IDN")
    assert f'href="{old.get_absolute_url()}"><span class="badge badge-ok">On track</span>' in html
    assert "&nbsp;40&nbsp;%" in html  # last round's percent beside its status
    assert f'href="{current.get_absolute_url()}" aria-label="Report on CT-3">Report</a>' in html
    assert '<span class="badge badge-muted">Draft</span>' in html
    assert f'<a href="{follow_up.get_absolute_url()}">Round for the 25th SOMTC</a>' in html
    assert f"{plan.instrument}" in html
    sections = page.context["sections"]
    assert [len(s["instruments"]) for s in sections] == [1]
    assert sum(a["rows_html"].count("<tr>") for a in sections[0]["instruments"][0]["areas"]) == 3
