# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Download a template, fill it offline, upload it: the figures arrive, and only once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.monitoring.models import (
    IndicatorValue,
    PercentMode,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    ReportVersion,
)
from mufakat.monitoring.services import save_report, set_percent_mode
from mufakat.monitoring.spreadsheets import (
    export_round_template,
    import_round_file,
)
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    csv_file,
    get_cell,
    read_csv_rows,
    read_rows,
    set_cell,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


def _fill(rows: list[list[Any]], plan: Plan) -> None:
    set_cell(rows, "CT-1", "IDN", "status", "on_track")
    set_cell(rows, "CT-1", "IDN", "percent", 40)
    set_cell(rows, "CT-1", "IDN", "narrative", "Two workshops held in Jakarta.")
    set_cell(rows, "CT-1", "IDN", "value", 35, indicator=plan.people.pk)
    set_cell(rows, "CT-1", "IDN", "value", "Reviewed by BNPT", indicator=plan.quality.pk)
    set_cell(rows, "CT-2", "IDN", "status", "Not started")  # a label is read as its code
    set_cell(rows, "CT-2", "IDN", "percent", 0)
    set_cell(rows, "CT-3", "IDN", "status", "delayed")
    set_cell(rows, "CT-3", "IDN", "narrative", "Waiting for data.")


def test_a_filled_xlsx_template_saves_every_figure_as_a_draft(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    audit_last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="idn.xlsx"
    )

    assert result.problems == []
    assert result.counts() == {
        "rows_read": 5,
        "reports_changed": 3,
        "reports_unchanged": 0,
        "reports_submitted": 0,
    }
    ct1 = report_of(round_, "CT-1", "IDN")
    assert (ct1.status, ct1.percent, ct1.narrative, ct1.state) == (
        ProgressStatus.ON_TRACK,
        40,
        "Two workshops held in Jakarta.",
        ProgressReport.State.DRAFT,
    )
    values = {v.indicator_id: v for v in IndicatorValue.objects.filter(report=ct1)}
    assert values[plan.people.pk].numeric_value == Decimal("35.00")
    assert values[plan.quality.pk].text_value == "Reviewed by BNPT"
    assert report_of(round_, "CT-2", "IDN").status == ProgressStatus.NOT_STARTED
    assert report_of(round_, "CT-3", "IDN").status == ProgressStatus.DELAYED
    assert ReportVersion.objects.count() == 0  # drafts are not versions
    actions = list(
        AuditEvent.objects.filter(pk__gt=audit_last).order_by("pk").values_list("action", flat=True)
    )
    assert actions.count("progressreport.save") == 3
    assert actions[-1] == "reportinground.import"


def test_uploading_the_same_file_twice_changes_nothing_the_second_time(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    upload = xlsx_file(rows)
    import_round_file(actor=idn_focal, round=round_, uploaded=upload, filename="idn.xlsx")
    stored = Stored.now()

    again = import_round_file(actor=idn_focal, round=round_, uploaded=upload, filename="idn.xlsx")

    assert again.problems == []
    assert again.counts() == {
        "rows_read": 5,
        "reports_changed": 0,
        "reports_unchanged": 3,
        "reports_submitted": 0,
    }
    assert Stored.now() == stored


def test_a_fresh_download_after_an_upload_holds_the_uploaded_figures(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    import_round_file(actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="a.xlsx")

    fresh = read_rows(export_round_template(user=idn_focal, round=round_))

    assert get_cell(fresh, "CT-1", "IDN", "narrative") == "Two workshops held in Jakarta."
    assert get_cell(fresh, "CT-1", "IDN", "value", indicator=plan.people.pk) == 35
    assert (
        get_cell(fresh, "CT-1", "IDN", "lock_version")
        == report_of(round_, "CT-1", "IDN").lock_version
    )
    stored = Stored.now()
    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(fresh), filename="b.xlsx"
    )
    assert (result.problems, result.reports_changed) == ([], 0)
    assert Stored.now() == stored


def test_submitting_an_upload_hands_in_every_draft_and_writes_a_version_each(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    upload = xlsx_file(rows)

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=upload, filename="idn.xlsx", submit=True
    )

    assert result.problems == []
    assert (result.reports_changed, result.reports_submitted) == (3, 3)
    submitted = ProgressReport.objects.filter(round=round_, party__code="IDN")
    assert set(submitted.values_list("state", flat=True)) == {ProgressReport.State.SUBMITTED}
    assert ReportVersion.objects.filter(report__in=submitted).count() == 3
    version = ReportVersion.objects.get(report=report_of(round_, "CT-1", "IDN"))
    assert version.data["indicators"] == {
        str(plan.people.pk): "35",
        str(plan.quality.pk): "Reviewed by BNPT",
    }

    stored = Stored.now()
    again = import_round_file(
        actor=idn_focal, round=round_, uploaded=upload, filename="idn.xlsx", submit=True
    )
    assert (again.problems, again.reports_changed, again.reports_unchanged) == ([], 0, 3)
    assert Stored.now() == stored


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_read_like_the_workbook(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows: list[list[Any]] = read_csv_rows(
        export_round_template(user=idn_focal, round=round_, fmt="csv")
    )
    _fill(rows, plan)
    upload = csv_file(rows, delimiter=";", bom=True)

    result = import_round_file(actor=idn_focal, round=round_, uploaded=upload, filename="idn.csv")

    assert result.problems == []
    assert (result.rows_read, result.reports_changed) == (5, 3)
    assert report_of(round_, "CT-1", "IDN").narrative == "Two workshops held in Jakarta."
    stored = Stored.now()
    again = import_round_file(actor=idn_focal, round=round_, uploaded=upload, filename="idn.csv")
    assert (again.problems, again.reports_changed) == ([], 0)
    assert Stored.now() == stored


def test_in_derived_mode_a_status_change_derives_the_percent_left_as_downloaded(
    round_: ReportingRound, plan: Plan, idn_focal: User, secretariat: User
) -> None:
    set_percent_mode(actor=secretariat, instrument=plan.instrument, mode=PercentMode.DERIVED)
    ct2 = report_of(round_, "CT-2", "IDN")
    save_report(
        actor=idn_focal,
        report=ct2,
        changes={"status": ProgressStatus.ON_TRACK},
        expected_version=ct2.lock_version,
    )
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    assert get_cell(rows, "CT-2", "IDN", "percent") == 50
    set_cell(rows, "CT-2", "IDN", "status", "delayed")

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="x.xlsx"
    )

    assert result.problems == []
    ct2 = report_of(round_, "CT-2", "IDN")
    assert (ct2.status, ct2.percent, ct2.percent_derived) == (ProgressStatus.DELAYED, 25, True)


def test_the_service_itself_changes_nothing_when_given_the_stored_values(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    """What the idempotent re-upload relies on, checked directly on save_report."""
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    import_round_file(actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="a.xlsx")
    ct1 = report_of(round_, "CT-1", "IDN")
    stored = Stored.now()

    same = save_report(
        actor=idn_focal,
        report=ct1,
        changes={
            "status": ct1.status,
            "percent": ct1.percent,
            "narrative": ct1.narrative,
            "indicators": {plan.people.pk: "35", plan.quality.pk: "Reviewed by BNPT"},
        },
        expected_version=ct1.lock_version,
    )

    assert same.lock_version == ct1.lock_version
    assert Stored.now() == stored


def test_notes_in_a_column_of_ones_own_are_ignored_and_whole_numbers_stay_whole(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))
    _fill(rows, plan)
    set_cell(rows, "CT-1", "IDN", "value", "1,200", indicator=plan.people.pk)
    rows[0].append("my notes")
    rows[1].append("ask Budi about March")
    rows.append([None] * (len(rows[0]) - 1) + ["a note on a row of its own"])

    result = import_round_file(
        actor=idn_focal, round=round_, uploaded=xlsx_file(rows), filename="a.xlsx"
    )

    assert (result.problems, result.rows_read, result.reports_changed) == ([], 5, 3)
    fresh = read_rows(export_round_template(user=idn_focal, round=round_))
    assert get_cell(fresh, "CT-1", "IDN", "value", indicator=plan.people.pk) == 1200
