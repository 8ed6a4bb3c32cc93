# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""My desk ranks only the leading instruments of each round, and still shows the reports
"My reports" lists first."""

from __future__ import annotations

import pytest

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.desk.selectors import MAX_REPORTS_PER_ROUND, reports_to_write
from mufakat.monitoring.selectors import my_reports
from mufakat.monitoring.services import review_report, save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    make_plan,
    plan,
    start_round,
)
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db


def test_the_desk_shows_the_first_reports_of_my_reports_across_instruments(
    secretariat: User,
    idn_focal: User,
    plan: Plan,
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
) -> None:
    other = make_plan(idn, jpn, asean_japan, key="second-plan")
    other.instrument.title = "A plan listed first"
    other.instrument.save(update_fields=["title"])
    round_ = start_round(secretariat, plan, instruments=[plan.instrument, other.instrument])
    late = round_.reports.get(
        party__code="IDN", activity__code="CT-3", instrument__key="asean-japan-wp"
    )
    late = save_report(
        actor=idn_focal,
        report=late,
        changes={"status": "on_track", "percent": 40},
        expected_version=None,
        submit=True,
    )
    review_report(actor=secretariat, report=late, accept=False, comment="Add the dates.")

    desk = reports_to_write(user=idn_focal)
    listed = [r.pk for r in my_reports(user=idn_focal)]
    (shown,) = desk.rounds
    assert [r.pk for r in shown.reports] == listed[:MAX_REPORTS_PER_ROUND]
    assert shown.reports[0].pk == late.pk  # returned first, though its instrument comes last
    assert [r.pk for r in desk.returned] == [late.pk]
    assert (shown.due, shown.returned, shown.more) == (6, 1, 1)
