# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""The upload looks everything up in a fixed number of queries, whatever the file's size;
only the reports that change cost queries of their own (the service saving them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.spreadsheets import export_round_template, import_round_file
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    start_round,
)
from mufakat.monitoring.tests.spreadsheets_support import read_rows, set_cell, xlsx_file
from mufakat.registry.models import Party
from mufakat.testing.factories import ActivityFactory
from mufakat.workplans.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_round(
    plan: Plan, idn: Party, secretariat: User, idn_focal: User, jpn_focal: User
) -> ReportingRound:
    """The test plan with 60 more activities led by Indonesia, each with an indicator."""
    for number in range(60):
        activity = ActivityFactory(priority_area=plan.ct1.priority_area, code=f"X-{number:02d}")
        activity.lead_parties.set([idn])
        Indicator.objects.create(activity=activity, name="Cases", kind=Indicator.Kind.NUMERIC)
    return start_round(secretariat, plan, title="A big round")


def _queries_of_import(actor: User, round_: ReportingRound, upload: bytes) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = import_round_file(actor=actor, round=round_, uploaded=upload, filename="f.xlsx")
    assert result.problems == []
    return len(queries)


def test_an_unchanged_upload_costs_the_same_queries_for_5_rows_or_125(
    plan: Plan, big_round: ReportingRound, secretariat: User, idn_focal: User
) -> None:
    small_round = start_round(secretariat, plan, title="A small round")
    small = xlsx_file(read_rows(export_round_template(user=idn_focal, round=small_round)))
    big_rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    assert len(big_rows) == 1 + 5 + 120

    small_queries = _queries_of_import(idn_focal, small_round, small)
    big_queries = _queries_of_import(idn_focal, big_round, xlsx_file(big_rows))

    assert small_queries == big_queries <= 10


def test_a_refused_upload_of_any_size_is_checked_in_a_fixed_number_of_queries(
    big_round: ReportingRound, idn_focal: User, django_assert_max_num_queries: Any
) -> None:
    rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    for row in rows[1:]:
        row[rows[0].index("party")] = "XYZ"

    with django_assert_max_num_queries(10):
        result = import_round_file(
            actor=idn_focal, round=big_round, uploaded=xlsx_file(rows), filename="f.xlsx"
        )
    assert len(result.problems) == 125


def _change(rows: list[list[Any]], count: int) -> bytes:
    for number in range(count):
        set_cell(rows, f"X-{number:02d}", "IDN", "status", "on_track")
        set_cell(rows, f"X-{number:02d}", "IDN", "percent", 20)
    return xlsx_file(rows)


def test_saving_10_or_50_changed_reports_costs_the_same_queries(
    big_round: ReportingRound, idn_focal: User, settings: Any
) -> None:
    """Checked by the service's rules in memory, written in bulk: versions, values and audit
    records included, the count does not grow with the reports."""
    settings.MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS = 1000
    rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    ten = _queries_of_import(idn_focal, big_round, _change(rows, 10))
    rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    fifty = _queries_of_import(idn_focal, big_round, _change(rows, 50))

    assert ten == fifty <= 24


def test_checking_and_queueing_a_large_upload_costs_the_same_queries_for_10_or_50_reports(
    big_round: ReportingRound, idn_focal: User, settings: Any
) -> None:
    settings.MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS = 5
    rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    ten = _queries_of_import(idn_focal, big_round, _change(rows, 10))
    fifty = _queries_of_import(idn_focal, big_round, _change(rows, 50))

    assert ten == fifty <= 12
