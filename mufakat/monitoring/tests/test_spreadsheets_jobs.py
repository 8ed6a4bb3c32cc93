# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""A large upload is checked at once and saved by the task worker, all or nothing, with its
progress on a page (and in the API) that only the uploader and the Secretariat may read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.audit.services import verify_chain
from mufakat.monitoring import spreadsheet_jobs
from mufakat.monitoring.models import (
    IndicatorValue,
    ReportingRound,
    ReportVersion,
    SpreadsheetImport,
)
from mufakat.monitoring.services import close_round, save_report
from mufakat.monitoring.spreadsheets import export_round_template, import_round_file
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_focal_2,
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    read_rows,
    set_cell,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_upload_in_the_background(settings: Any) -> None:
    settings.MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS = 1


def _filled(round_: ReportingRound, user: User, plan: Plan) -> bytes:
    """All three reports of Indonesia changed (CT-1 with its indicator): above the threshold."""
    rows = read_rows(export_round_template(user=user, round=round_))
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-1", "IDN", "percent", 40)
    set_cell(rows, "CT-1", "IDN", "value", 25, indicator=plan.people.pk)
    set_cell(rows, "CT-2", "IDN", "status", "delayed")
    set_cell(rows, "CT-2", "IDN", "percent", 10)
    set_cell(rows, "CT-3", "IDN", "status", "completed")
    set_cell(rows, "CT-3", "IDN", "percent", 100)
    return xlsx_file(rows)


def _upload(round_: ReportingRound, user: User, plan: Plan, **kwargs: Any) -> SpreadsheetImport:
    result = import_round_file(
        actor=user,
        round=round_,
        uploaded=_filled(round_, user, plan),
        filename="idn.xlsx",
        **kwargs,
    )
    assert result.problems == []
    assert result.job is not None
    return result.job


def _job_url(job: SpreadsheetImport) -> str:
    return reverse("monitoring:round_import_job", args=[job.round_id, job.pk])


def test_a_large_upload_is_checked_at_once_and_saved_later_by_the_worker(
    round_: ReportingRound, idn_focal: User, plan: Plan
) -> None:
    before = Stored.now()

    job = _upload(round_, idn_focal, plan)

    assert Stored.now() == before
    assert (job.state, job.total, job.rows_read, job.reports_in_file) == ("queued", 3, 5, 3)
    assert spreadsheet_jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.reports_changed, job.reports_unchanged) == ("done", 3, 0)
    ct1 = report_of(round_, "CT-1", "IDN")
    assert (ct1.status, ct1.percent, ct1.lock_version) == ("on_track", 40, 2)
    value = IndicatorValue.objects.get(report=ct1, indicator=plan.people)
    assert value.numeric_value == 25
    assert report_of(round_, "CT-3", "IDN").status == "completed"


def test_the_worker_keeps_the_same_versions_and_audit_records_as_a_save_in_the_form(
    round_: ReportingRound, idn_focal: User, plan: Plan
) -> None:
    job = _upload(round_, idn_focal, plan, submit=True)

    spreadsheet_jobs.run(job.pk)

    actions = list(
        AuditEvent.objects.filter(action__startswith=("progressreport"))
        .order_by("pk")
        .values_list("action", "object_id")
    )
    reports = [report_of(round_, code, "IDN") for code in ("CT-1", "CT-2", "CT-3")]
    assert actions == [("progressreport.submit", str(report.pk)) for report in reports]
    ct1 = reports[0]
    assert AuditEvent.objects.filter(action="indicatorvalue.create").count() == 1
    assert AuditEvent.objects.filter(action="reportinground.import").get().after == {
        "file": "idn.xlsx",
        "rows": 5,
        "changed": 3,
        "submitted": 3,
    }
    version = ReportVersion.objects.get(report=ct1)
    assert version.data["indicators"] == {str(plan.people.pk): "25"}
    assert (version.number, version.state, ct1.state) == (1, "submitted", "submitted")
    assert verify_chain().ok


def test_the_upload_page_sends_the_uploader_to_the_progress_page(
    round_: ReportingRound, idn_focal: User, plan: Plan, as_user: Any
) -> None:
    client = as_user(idn_focal)
    upload = SimpleUploadedFile("idn.xlsx", _filled(round_, idn_focal, plan))

    response = client.post(reverse("monitoring:round_import", args=[round_.pk]), {"file": upload})

    job = SpreadsheetImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _job_url(job)
    page = client.get(_job_url(job))
    assert page.status_code == 200
    assert page["Refresh"] == "3"
    assert "Waiting for the worker" in page.content.decode()
    spreadsheet_jobs.run(job.pk)
    done = client.get(_job_url(job))
    assert not done.has_header("Refresh")
    assert "Reports changed" in done.content.decode()
    assert (
        "idn.xlsx"
        in client.get(reverse("monitoring:round_import", args=[round_.pk])).content.decode()
    )


def test_a_refused_large_upload_queues_nothing(round_: ReportingRound, idn_focal: User) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-3", "IDN", "status", "on_track")
    set_cell(rows, "CT-3", "IDN", "percent", 100)

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="f.xlsx"
    )

    assert result.job is None
    assert [p.column for p in result.problems] == ["percent (J)"]
    assert not SpreadsheetImport.objects.exists()


def test_the_worker_runs_the_task_once_the_upload_is_committed(
    round_: ReportingRound, idn_focal: User, plan: Plan, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(round_, idn_focal, plan)

    job.refresh_from_db()
    assert job.state == "done"
    assert report_of(round_, "CT-1", "IDN").status == "on_track"


def test_only_the_uploader_and_the_secretariat_follow_an_import(
    round_: ReportingRound,
    plan: Plan,
    idn_focal: User,
    idn_focal_2: User,
    jpn_focal: User,
    secretariat: User,
    outsider: User,
    as_user: Any,
    api_headers: Any,
) -> None:
    job = _upload(round_, idn_focal, plan)
    api = f"/api/v1/rounds/{round_.pk}/imports/{job.pk}"

    for user, status in (
        (idn_focal, 200),
        (secretariat, 200),
        (idn_focal_2, 404),  # a colleague of the same party
        (jpn_focal, 404),
        (outsider, 404),
    ):
        assert as_user(user).get(_job_url(job)).status_code == status, user
        assert Client().get(api, headers=api_headers(user)).status_code == status, user
    assert Client().get(_job_url(job)).status_code == 302  # to sign in
    assert Client().get(api).status_code == 404


def test_the_api_answers_202_with_the_import_to_poll(
    round_: ReportingRound, idn_focal: User, plan: Plan, api_headers: Any
) -> None:
    headers = api_headers(idn_focal)
    upload = SimpleUploadedFile("idn.xlsx", _filled(round_, idn_focal, plan))

    response = Client().post(
        f"/api/v1/rounds/{round_.pk}/import", {"file": upload}, headers=headers
    )

    assert response.status_code == 202
    body = response.json()
    assert (body["state"], body["total"], body["percent"]) == ("queued", 3, 0)
    assert body["url"].endswith(f"/api/v1/rounds/{round_.pk}/imports/{body['id']}")
    spreadsheet_jobs.run(body["id"])
    polled = Client().get(body["url"], headers=headers).json()
    assert (polled["state"], polled["reports_changed"], polled["percent"]) == ("done", 3, 100)


def test_someone_saving_before_the_worker_runs_makes_the_import_save_nothing(
    round_: ReportingRound, idn_focal: User, idn_focal_2: User, plan: Plan
) -> None:
    job = _upload(round_, idn_focal, plan)
    ct3 = report_of(round_, "CT-3", "IDN")
    save_report(actor=idn_focal_2, report=ct3, changes={"narrative": "Mine"}, expected_version=1)
    before = Stored.now()

    assert spreadsheet_jobs.run(job.pk) == "failed"

    assert Stored.now() == before
    job.refresh_from_db()
    assert "Nothing was saved" in job.error
    assert [(p["row"], p["column"]) for p in job.problems] == [(6, "lock_version (Q)")]


def test_a_job_whose_worker_died_is_queued_again_after_its_lease_then_given_up(
    round_: ReportingRound, idn_focal: User, plan: Plan
) -> None:
    job = _upload(round_, idn_focal, plan)
    expired = timezone.now() - dt.timedelta(seconds=1)
    SpreadsheetImport.objects.filter(pk=job.pk).update(
        state="running", phase="saving", attempts=1, lease_until=expired
    )

    assert spreadsheet_jobs.job_for(idn_focal, round_, job.pk).state == "queued"
    SpreadsheetImport.objects.filter(pk=job.pk).update(
        state="running", attempts=spreadsheet_jobs.MAX_ATTEMPTS, lease_until=expired
    )
    given_up = spreadsheet_jobs.job_for(idn_focal, round_, job.pk)
    assert given_up.state == "failed"
    assert "Upload the file again" in given_up.error
    assert report_of(round_, "CT-1", "IDN").status != "on_track"


def test_a_worker_that_lost_its_claim_writes_nothing(
    round_: ReportingRound, idn_focal: User, plan: Plan
) -> None:
    job = _upload(round_, idn_focal, plan)
    running = timezone.now() + dt.timedelta(minutes=5)
    SpreadsheetImport.objects.filter(pk=job.pk).update(
        state="running", attempts=1, lease_until=running
    )

    assert spreadsheet_jobs.run(job.pk) == "running"  # another worker holds it

    assert report_of(round_, "CT-1", "IDN").status != "on_track"


def test_the_progress_page_costs_the_same_queries_whatever_the_import(
    round_: ReportingRound,
    idn_focal: User,
    plan: Plan,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    job = _upload(round_, idn_focal, plan)
    client = as_user(idn_focal)
    client.get(_job_url(job))
    with django_assert_max_num_queries(12):
        assert client.get(_job_url(job)).status_code == 200
    spreadsheet_jobs.run(job.pk)
    with django_assert_max_num_queries(12):
        assert client.get(_job_url(job)).status_code == 200


def test_a_round_closed_before_the_worker_runs_saves_nothing(
    round_: ReportingRound, idn_focal: User, secretariat: User, plan: Plan
) -> None:
    job = _upload(round_, idn_focal, plan)
    close_round(actor=secretariat, round=round_)
    before = Stored.now()

    assert spreadsheet_jobs.run(job.pk) == "failed"

    assert Stored.now() == before
    job.refresh_from_db()
    assert "closed" in job.error


def test_the_upload_page_lists_recent_large_uploads_in_the_same_queries_for_one_or_six(
    round_: ReportingRound, idn_focal: User, plan: Plan, as_user: Any
) -> None:
    client = as_user(idn_focal)
    url = reverse("monitoring:round_import", args=[round_.pk])
    _upload(round_, idn_focal, plan)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _number in range(5):
        _upload(round_, idn_focal, plan)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url)

    assert page.content.decode().count("Waiting for the worker") == 5  # the five newest
    assert len(one) == len(six) <= 15
