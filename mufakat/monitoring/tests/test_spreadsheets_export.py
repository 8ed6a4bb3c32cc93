# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The template: whose rows it holds, what is locked, last round alongside, the gate."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from openpyxl import load_workbook

from mufakat.accounts.models import Role, User
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import save_report
from mufakat.monitoring.spreadsheets import (
    HEADERS,
    export_round_template,
    import_round_file,
    round_for_user,
)
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    report_of,
    round_,
    start_round,
)
from mufakat.monitoring.tests.spreadsheets_support import (
    Stored,
    get_cell,
    read_csv_rows,
    read_rows,
)
from mufakat.registry.models import Party
from mufakat.testing.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _submit(actor: User, report: ProgressReport, **changes: Any) -> ProgressReport:
    return save_report(
        actor=actor,
        report=report,
        changes=changes,
        expected_version=report.lock_version,
        submit=True,
    )


def _keys(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    header = rows[0]
    picked = [header.index(name) for name in ("activity", "party", "indicator")]
    return [tuple(row[i] for i in picked) for row in rows[1:]]


def test_a_focal_points_template_holds_their_partys_reports_with_indicator_rows(
    round_: ReportingRound, plan: Plan, idn_focal: User
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=round_))

    assert tuple(rows[0]) == HEADERS
    assert _keys(rows) == [
        ("CT-1", "IDN", None),
        ("CT-1", "IDN", plan.people.pk),
        ("CT-1", "IDN", plan.quality.pk),
        ("CT-2", "IDN", None),
        ("CT-3", "IDN", None),
    ]
    assert get_cell(rows, "CT-1", "IDN", "round") == round_.pk
    assert get_cell(rows, "CT-1", "IDN", "instrument") == "asean-japan-wp"
    assert get_cell(rows, "CT-1", "IDN", "title") == "Workshop on deradicalisation"
    assert get_cell(rows, "CT-1", "IDN", "status") == "not_reported"
    assert get_cell(rows, "CT-1", "IDN", "title", indicator=plan.people.pk) == (
        "↳ Officers trained (numeric; baseline —, target 100)"
    )


def test_the_workbook_locks_the_keys_hides_the_version_and_offers_the_status_codes(
    round_: ReportingRound, idn_focal: User
) -> None:
    workbook = load_workbook(io.BytesIO(export_round_template(user=idn_focal, round=round_)))
    sheet = workbook["reports"]

    assert sheet.protection.sheet
    assert sheet.column_dimensions["Q"].hidden  # lock_version
    assert sheet["A2"].protection.locked  # round
    assert sheet["D2"].protection.locked  # activity
    assert not sheet["I2"].protection.locked  # status of an activity row
    assert sheet["I3"].protection.locked  # status of an indicator row
    assert not sheet["L3"].protection.locked  # value of an indicator row
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert validations["I2:I6"].formula1 == (
        '"not_started,on_track,delayed,completed,cancelled,not_applicable,not_reported"'
    )
    assert (validations["J2:J6"].type, validations["J2:J6"].formula2) == ("whole", "100")
    assert workbook.sheetnames == ["reports", "instructions"]


def test_text_that_looks_like_a_formula_is_exported_as_text_and_reads_back_unchanged(
    round_: ReportingRound, idn_focal: User
) -> None:
    ct1 = report_of(round_, "CT-1", "IDN")
    save_report(
        actor=idn_focal,
        report=ct1,
        changes={"narrative": '=HYPERLINK("http://evil.example","click")'},
        expected_version=ct1.lock_version,
    )
    content = export_round_template(user=idn_focal, round=round_)
    assert load_workbook(io.BytesIO(content))["reports"]["K2"].data_type == "s"
    csv_content = export_round_template(user=idn_focal, round=round_, fmt="csv")
    csv_rows = read_csv_rows(csv_content)
    assert get_cell(csv_rows, "CT-1", "IDN", "narrative").startswith("'=HYPERLINK")
    stored = Stored.now()

    for upload, name in ((content, "idn.xlsx"), (csv_content, "idn.csv")):
        result = import_round_file(actor=idn_focal, round=round_, uploaded=upload, filename=name)
        assert (result.problems, result.reports_changed) == ([], 0)
    assert Stored.now() == stored


def test_the_csv_template_starts_with_a_byte_order_mark_and_has_the_same_columns(
    round_: ReportingRound, idn_focal: User
) -> None:
    content = export_round_template(user=idn_focal, round=round_, fmt="csv")

    assert content.startswith(b"\xef\xbb\xbf")
    rows = read_csv_rows(content)
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 6


def test_last_rounds_report_stands_alongside(
    round_: ReportingRound, plan: Plan, idn_focal: User, secretariat: User
) -> None:
    ct1 = report_of(round_, "CT-1", "IDN")
    _submit(
        idn_focal,
        ct1,
        status="on_track",
        percent=40,
        narrative="Two workshops.",
        indicators={plan.people.pk: "35"},
    )
    later = start_round(secretariat, plan, title="Round for the 25th SOMTC", previous=round_.pk)

    rows = read_rows(export_round_template(user=idn_focal, round=later))

    assert get_cell(rows, "CT-1", "IDN", "previous_status") == "on_track"
    assert get_cell(rows, "CT-1", "IDN", "previous_percent") == 40
    assert get_cell(rows, "CT-1", "IDN", "previous_narrative") == "Two workshops."
    assert get_cell(rows, "CT-1", "IDN", "previous_value", indicator=plan.people.pk) == 35
    assert get_cell(rows, "CT-2", "IDN", "previous_status") == "not_reported"


def test_the_secretariat_gets_every_report_it_may_read_but_no_drafts(
    round_: ReportingRound, idn_focal: User, jpn_focal: User, secretariat: User
) -> None:
    _submit(jpn_focal, report_of(round_, "CT-2", "JPN"), status="on_track", percent=10)

    assert _keys(read_rows(export_round_template(user=secretariat, round=round_))) == [
        ("CT-2", "JPN", None)
    ]
    assert (
        _keys(read_rows(export_round_template(user=secretariat, round=round_, party="IDN"))) == []
    )


def test_an_outsider_cannot_reach_the_round_at_all(
    round_: ReportingRound, outsider: User, anonymous: Any
) -> None:
    for user in (outsider, anonymous):
        with pytest.raises(Http404):
            round_for_user(user=user, pk=round_.pk)


def test_only_reporting_focal_points_and_the_secretariat_download(
    round_: ReportingRound, idn: Party, idn_focal: User
) -> None:
    reader = UserFactory(username="idn.reader", party=idn, role=Role.READER)
    with pytest.raises(PermissionDenied):
        export_round_template(user=reader, round=round_)
    with pytest.raises(PermissionDenied):
        export_round_template(user=idn_focal, round=round_, party="JPN")


def test_the_secretariat_asking_for_a_party_outside_the_round_gets_a_clear_error(
    round_: ReportingRound, secretariat: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        export_round_template(user=secretariat, round=round_, party="CAN")
    assert caught.value.message_dict == {"party": ["CAN does not report in this round."]}


def test_the_export_costs_the_same_queries_for_three_activities_or_forty(
    plan: Plan,
    idn: Party,
    idn_focal: User,
    secretariat: User,
    jpn_focal: User,
    django_assert_max_num_queries: Any,
) -> None:
    small = start_round(secretariat, plan)
    for number in range(40):
        ActivityFactory(priority_area=plan.ct1.priority_area, code=f"X-{number}").lead_parties.set(
            [idn]
        )
    big = start_round(secretariat, plan, title="Bigger", previous=small.pk)

    for each in (small, big):
        with django_assert_max_num_queries(6):
            export_round_template(user=idn_focal, round=each)
    assert len(read_rows(export_round_template(user=idn_focal, round=big))) == 1 + 5 + 40
