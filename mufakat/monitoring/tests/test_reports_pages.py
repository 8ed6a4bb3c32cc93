# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The reporting pages: who sees what, who may edit, conflicts, review, versions, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    idn_ct2,
    idn_focal_2,
    plan,
    report_of,
    round_,
    start_round,
)

pytestmark = pytest.mark.django_db


def _submit(user: User, report: ProgressReport, **changes: Any) -> ProgressReport:
    values = {"status": "on_track", "percent": 40, "narrative": "Going well."}
    values.update(changes)
    return save_report(
        actor=user, report=report, changes=values, expected_version=None, submit=True
    )


def _form(report: ProgressReport, **values: Any) -> dict[str, Any]:
    data = {
        "status": report.status,
        "percent": "" if report.percent is None else report.percent,
        "narrative": report.narrative,
        "lock_version": report.lock_version,
        "action": "save",
    }
    data.update(values)
    return data


# -- the gate ------------------------------------------------------------------------------------


def test_the_monitoring_pages_ask_anonymous_visitors_to_log_in(
    as_user: Any, anonymous: Any, round_: ReportingRound
) -> None:
    for url in (
        reverse("monitoring:rounds"),
        round_.get_absolute_url(),
        reverse("monitoring:my_reports"),
    ):
        response = as_user(anonymous).get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_outsider_sees_no_round_in_the_list_and_gets_404_on_its_pages(
    as_user: Any, outsider: User, round_: ReportingRound, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    client = as_user(outsider)
    listing = client.get(reverse("monitoring:rounds"))
    assert listing.status_code == 200
    assert round_.title not in listing.content.decode()
    assert client.get(round_.get_absolute_url()).status_code == 404
    assert client.get(submitted.get_absolute_url()).status_code == 404
    assert client.get(reverse("monitoring:report_versions", args=[submitted.pk])).status_code == 404


def test_the_focal_point_of_japan_gets_404_on_indonesias_draft(
    as_user: Any, jpn_focal: User, idn_ct1: ProgressReport
) -> None:
    client = as_user(jpn_focal)
    assert client.get(idn_ct1.get_absolute_url()).status_code == 404
    assert client.post(idn_ct1.get_absolute_url(), _form(idn_ct1, narrative="x")).status_code == 404


def test_a_submitted_report_is_readable_by_the_round_audience_but_not_editable(
    as_user: Any, jpn_focal: User, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1, narrative="Held in Bali.")
    client = as_user(jpn_focal)
    page = client.get(submitted.get_absolute_url())
    assert page.status_code == 200
    assert "Held in Bali." in page.content.decode()
    assert 'name="lock_version"' not in page.content.decode()
    assert client.post(submitted.get_absolute_url(), _form(submitted)).status_code == 403


def test_round_counts_never_include_another_partys_drafts(
    as_user: Any, jpn_focal: User, idn_focal: User, round_: ReportingRound, idn_ct1: ProgressReport
) -> None:
    _submit(idn_focal, idn_ct1)
    rounds = as_user(jpn_focal).get(reverse("monitoring:rounds")).context["rounds"]
    # Japan sees its own two drafts and Indonesia's one submitted report, not IDN's drafts.
    assert [(r.reports_total, r.reports_submitted) for r in rounds] == [(3, 1)]
    progress = as_user(jpn_focal).get(round_.get_absolute_url()).context["progress"]
    assert {p.party.code: p.total for p in progress} == {"IDN": 1, "JPN": 2}


# -- my reports ----------------------------------------------------------------------------------


def test_my_reports_lists_my_partys_reports_with_last_rounds_alongside(
    as_user: Any, secretariat: User, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    _submit(idn_focal, report_of(round_, "CT-3", "IDN"), status="completed", percent=100)
    follow_up = start_round(
        secretariat,
        plan,
        title="Round for the 25th SOMTC",
        opens_on=dt.date(2025, 3, 1),
        due_date=dt.date(2025, 6, 1),
        previous=round_,
    )
    page = as_user(idn_focal).get(reverse("monitoring:my_reports"))
    entries = page.context["entries"]
    assert {(e.report.round_id, e.report.party.code) for e in entries} == {
        (round_.pk, "IDN"),
        (follow_up.pk, "IDN"),
    }
    ct3 = next(
        e for e in entries if e.report.round_id == follow_up.pk and e.report.activity.code == "CT-3"
    )
    assert ct3.previous is not None and ct3.previous.status == "completed"
    assert "Round for the 25th SOMTC" in page.content.decode()


def test_my_reports_leaves_out_closed_rounds(
    as_user: Any, secretariat: User, idn_focal: User, round_: ReportingRound
) -> None:
    as_user(secretariat).post(reverse("monitoring:round_close", args=[round_.pk]))
    assert as_user(idn_focal).get(reverse("monitoring:my_reports")).context["entries"] == []


# -- editing -------------------------------------------------------------------------------------


def _confirm_submit(client: Any, report: ProgressReport) -> Any:
    """The second step of "Submit": the confirmation page's button."""
    current = ProgressReport.objects.get(pk=report.pk)
    return client.post(
        current.get_absolute_url(),
        {"action": "confirm_submit", "lock_version": current.lock_version, "confirm": "1"},
    )


def test_the_focal_point_saves_a_draft_then_submits_it(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport, plan: Plan
) -> None:
    client = as_user(idn_focal)
    response = client.post(
        idn_ct1.get_absolute_url(),
        _form(idn_ct1, status="on_track", percent="30", **{f"indicator_{plan.people.pk}": "12"}),
    )
    assert response.status_code == 302
    saved = ProgressReport.objects.get(pk=idn_ct1.pk)
    assert (saved.state, saved.percent) == ("draft", 30)
    assert saved.indicator_values.get().numeric_value == 12
    response = client.post(saved.get_absolute_url(), _form(saved, action="submit"))
    assert response.status_code == 200, "Submit asks first"
    assert ProgressReport.objects.get(pk=idn_ct1.pk).state == "draft"
    response = _confirm_submit(client, saved)
    assert response.status_code == 302
    submitted = ProgressReport.objects.get(pk=idn_ct1.pk)
    assert submitted.state == "submitted"
    assert submitted.versions.count() == 1


def test_a_bad_percent_is_shown_on_its_field(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    response = as_user(idn_focal).post(
        idn_ct1.get_absolute_url(), _form(idn_ct1, status="completed", percent="80")
    )
    assert response.status_code == 200
    assert "percent" in response.context["form"].errors


def test_a_second_focal_point_editing_the_same_report_gets_a_conflict_on_the_form(
    as_user: Any, idn_focal: User, idn_focal_2: User, idn_ct1: ProgressReport
) -> None:
    first, second = as_user(idn_focal), as_user(idn_focal_2)
    stale = _form(idn_ct1, narrative="Second focal point's text.")
    assert (
        first.post(idn_ct1.get_absolute_url(), _form(idn_ct1, narrative="First.")).status_code
        == 302
    )
    response = second.post(idn_ct1.get_absolute_url(), stale)
    assert response.status_code == 200
    assert "changed by someone else" in " ".join(response.context["form"].non_field_errors())
    assert ProgressReport.objects.get(pk=idn_ct1.pk).narrative == "First."


# -- rounds (Secretariat) ------------------------------------------------------------------------


def _round_form(plan: Plan, **values: Any) -> dict[str, Any]:
    from mufakat.core.models import SharingGroup
    from mufakat.registry.models import Party

    data: dict[str, Any] = {
        "title": "Round for the 25th SOMTC",
        "instruments": [plan.instrument.pk],
        "reporting_parties": [p.pk for p in Party.objects.filter(code__in=["IDN", "JPN"])],
        "opens_on": "2025-03-01",
        "due_date": "2025-06-01",
        "audience": "sharing_group",
        "tlp": "AMBER",
        "sharing_groups": [SharingGroup.objects.get(code="asean-jpn").pk],
    }
    data.update(values)
    return data


def test_the_secretariat_opens_a_round_through_the_form(
    as_user: Any, secretariat: User, plan: Plan, idn_focal: User
) -> None:
    response = as_user(secretariat).post(reverse("monitoring:round_create"), _round_form(plan))
    assert response.status_code == 302
    created = ReportingRound.objects.get(title="Round for the 25th SOMTC")
    assert created.reports.count() == 5


def test_a_round_due_before_it_opens_is_refused_on_the_form(
    as_user: Any, secretariat: User, plan: Plan
) -> None:
    response = as_user(secretariat).post(
        reverse("monitoring:round_create"), _round_form(plan, due_date="2025-01-01")
    )
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert not ReportingRound.objects.exists()


def test_a_focal_point_cannot_open_or_close_rounds(
    as_user: Any, idn_focal: User, plan: Plan, round_: ReportingRound
) -> None:
    client = as_user(idn_focal)
    assert client.get(reverse("monitoring:round_create")).status_code == 403
    assert client.post(reverse("monitoring:round_create"), _round_form(plan)).status_code == 403
    assert client.post(reverse("monitoring:round_close", args=[round_.pk])).status_code == 403
    assert "Close the round" not in client.get(round_.get_absolute_url()).content.decode()


def test_the_secretariat_closes_and_reopens_a_round(
    as_user: Any, secretariat: User, round_: ReportingRound
) -> None:
    client = as_user(secretariat)
    client.post(reverse("monitoring:round_close", args=[round_.pk]))
    assert ReportingRound.objects.get(pk=round_.pk).status == "closed"
    client.post(reverse("monitoring:round_reopen", args=[round_.pk]))
    assert ReportingRound.objects.get(pk=round_.pk).status == "open"
    assert AuditEvent.objects.filter(action="reportinground.close").exists()


# -- review and versions -------------------------------------------------------------------------


def test_the_review_queue_shows_the_lead_party_the_reports_it_should_endorse(
    as_user: Any,
    idn_focal: User,
    jpn_focal: User,
    secretariat: User,
    idn_ct1: ProgressReport,
    idn_ct2: ProgressReport,
) -> None:
    _submit(idn_focal, idn_ct1)  # led by IDN itself: Japan does not review it
    _submit(idn_focal, idn_ct2)  # led by JPN
    japan = as_user(jpn_focal).get(reverse("monitoring:review")).context["reports"]
    assert [r.activity.code for r in japan] == ["CT-2"]
    secretariat_queue = as_user(secretariat).get(reverse("monitoring:review")).context["reports"]
    assert sorted(r.activity.code for r in secretariat_queue) == ["CT-1", "CT-2"]
    assert as_user(idn_focal).get(reverse("monitoring:review")).context["reports"] == []


def test_return_fix_resubmit_and_the_diff_shows_the_changed_field(
    as_user: Any, idn_focal: User, secretariat: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1, percent=70)
    reviewer = as_user(secretariat)
    reviewer.post(
        reverse("monitoring:review_report", args=[submitted.pk]),
        {"decision": "return", "comment": "70 % seems high for two courses."},
    )
    returned = ProgressReport.objects.get(pk=submitted.pk)
    assert returned.state == "returned"
    focal = as_user(idn_focal)
    page = focal.get(returned.get_absolute_url()).content.decode()
    assert "70 % seems high for two courses." in page
    focal.post(returned.get_absolute_url(), _form(returned, percent="45", action="submit"))
    _confirm_submit(focal, returned)
    resubmitted = ProgressReport.objects.get(pk=submitted.pk)
    assert resubmitted.state == "submitted"
    assert list(resubmitted.versions.values_list("number", flat=True)) == [1, 2]
    versions = focal.get(reverse("monitoring:report_versions", args=[submitted.pk]))
    newest = versions.context["entries"][0]
    assert newest.version.number == 2
    percent = next(c for c in newest.changes if c.label == "Percent complete")
    assert (percent.before, percent.after) == ("70 %", "45 %")
    reviewer.post(reverse("monitoring:review_report", args=[submitted.pk]), {"decision": "accept"})
    assert ProgressReport.objects.get(pk=submitted.pk).state == "accepted"


def test_returning_without_a_comment_is_refused(
    as_user: Any, idn_focal: User, secretariat: User, idn_ct1: ProgressReport
) -> None:
    submitted = _submit(idn_focal, idn_ct1)
    response = as_user(secretariat).post(
        reverse("monitoring:review_report", args=[submitted.pk]),
        {"decision": "return"},
        follow=True,
    )
    assert "Say what needs fixing" in response.content.decode()
    assert ProgressReport.objects.get(pk=submitted.pk).state == "submitted"


def test_a_participating_party_cannot_review(
    as_user: Any, idn_focal: User, jpn_focal: User, round_: ReportingRound
) -> None:
    submitted = _submit(idn_focal, report_of(round_, "CT-3", "IDN"))
    as_user(jpn_focal).post(
        reverse("monitoring:review_report", args=[submitted.pk]), {"decision": "accept"}
    )
    assert ProgressReport.objects.get(pk=submitted.pk).state == "submitted"


# -- query counts --------------------------------------------------------------------------------


def _more_rounds(secretariat: User, plan: Plan, n: int) -> None:
    for i in range(n):
        start_round(secretariat, plan, title=f"Extra round {i}")


@pytest.mark.parametrize("extra", [0, 4])
def test_the_rounds_list_issues_a_constant_number_of_queries(
    as_user: Any,
    secretariat: User,
    jpn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    django_assert_max_num_queries: Any,
    extra: int,
) -> None:
    _more_rounds(secretariat, plan, extra)
    client = as_user(jpn_focal)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("monitoring:rounds")).status_code == 200


@pytest.mark.parametrize("extra", [0, 4])
def test_my_reports_issues_a_constant_number_of_queries(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    django_assert_max_num_queries: Any,
    extra: int,
) -> None:
    _more_rounds(secretariat, plan, extra)
    client = as_user(idn_focal)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("monitoring:my_reports"))
    assert len(page.context["entries"]) == 3 * (1 + extra)


@pytest.mark.parametrize("extra", [0, 4])
def test_the_review_queue_issues_a_constant_number_of_queries(
    as_user: Any,
    secretariat: User,
    idn_focal: User,
    plan: Plan,
    round_: ReportingRound,
    django_assert_max_num_queries: Any,
    extra: int,
) -> None:
    _more_rounds(secretariat, plan, extra)
    for report in ProgressReport.objects.filter(party__code="IDN"):
        _submit(idn_focal, report)
    client = as_user(secretariat)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("monitoring:review"))
    assert len(page.context["reports"]) == 3 * (1 + extra)


def test_the_round_page_issues_a_constant_number_of_queries(
    as_user: Any, secretariat: User, round_: ReportingRound, django_assert_max_num_queries: Any
) -> None:
    client = as_user(secretariat)
    with django_assert_max_num_queries(14):
        assert client.get(round_.get_absolute_url() + "?party=IDN").status_code == 200


# -- submitting asks first (issue 10) ------------------------------------------------------------


def test_submit_and_save_draft_look_different(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    page = as_user(idn_focal).get(idn_ct1.get_absolute_url()).content.decode()
    assert '<button class="btn" type="submit" name="action" value="submit">' in page
    assert 'class="btn btn-secondary" type="submit" name="action" value="save"' in page


def test_submit_saves_the_draft_and_asks_before_handing_the_report_in(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport, django_assert_max_num_queries: Any
) -> None:
    client = as_user(idn_focal)
    response = client.post(
        idn_ct1.get_absolute_url(),
        _form(
            idn_ct1, status="on_track", percent="40", narrative="Two courses held.", action="submit"
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Submit this report for review?" in body
    assert "can no longer be edited" in body and "Two courses held." in body
    saved = ProgressReport.objects.get(pk=idn_ct1.pk)
    assert (saved.state, saved.percent) == ("draft", 40)
    assert 'value="confirm_submit"' in body
    with django_assert_max_num_queries(45):
        confirmed = _confirm_submit(client, saved)
    assert confirmed.status_code == 302
    assert ProgressReport.objects.get(pk=idn_ct1.pk).state == "submitted"


def test_cancelling_the_confirmation_leaves_a_draft(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    client = as_user(idn_focal)
    client.post(idn_ct1.get_absolute_url(), _form(idn_ct1, status="on_track", action="submit"))
    assert ProgressReport.objects.get(pk=idn_ct1.pk).state == "draft"
    assert client.get(idn_ct1.get_absolute_url()).status_code == 200


def test_nobody_else_confirms_a_submission(
    as_user: Any, idn_focal: User, jpn_focal: User, idn_ct1: ProgressReport
) -> None:
    as_user(idn_focal).post(idn_ct1.get_absolute_url(), _form(idn_ct1, status="on_track"))
    response = _confirm_submit(as_user(jpn_focal), idn_ct1)
    assert response.status_code in (403, 404)
    assert ProgressReport.objects.get(pk=idn_ct1.pk).state == "draft"
