# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""A lead party's review queue is matched by the ids of the activities it leads (a subquery of
the lead parties' table) rather than by a join through the activities: the queue, its counts
and My desk's count are the reports the join gave, for each lead party, frozen rounds or not."""

from __future__ import annotations

import pytest

from mufakat.accounts.models import User
from mufakat.desk.selectors import review_count
from mufakat.monitoring import selectors
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    report_of,
    round_,
)
from mufakat.monitoring.tests.test_compliance import submit

pytestmark = pytest.mark.django_db


def _joined(user: User, *, frozen: bool) -> list[int]:
    """The queue as the join through the activities defined it."""
    reports = ProgressReport.objects.visible_to(user).filter(state="submitted")
    if not frozen:
        reports = reports.exclude(round__status=ReportingRound.Status.FROZEN)
    return sorted(
        reports.filter(
            activity__lead_parties=user.party_id,
            lead_reviewed_at__isnull=True,
        )
        .exclude(party_id=user.party_id)
        .values_list("pk", flat=True)
    )


@pytest.fixture
def queued(round_: ReportingRound, idn_focal: User, jpn_focal: User) -> ReportingRound:
    """IDN submits CT-1 (which IDN leads) and CT-2 (which Japan leads), Japan CT-1."""
    submit(idn_focal, report_of(round_, "CT-1", "IDN"))
    submit(idn_focal, report_of(round_, "CT-2", "IDN"))
    submit(jpn_focal, report_of(round_, "CT-1", "JPN"))
    return round_


@pytest.mark.parametrize("reader", ["idn_focal", "jpn_focal"])
@pytest.mark.parametrize("frozen", [False, True])
def test_a_lead_partys_queue_is_the_reports_of_the_activities_it_leads(
    queued: ReportingRound, reader: str, frozen: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    queue = selectors._reviewable(user, frozen=frozen)
    assert queue is not None
    assert sorted(queue.values_list("pk", flat=True)) == _joined(user, frozen=frozen)
    if not frozen:
        assert review_count(user=user) == len(_joined(user, frozen=False))


def test_each_lead_party_has_the_others_report_to_endorse(
    queued: ReportingRound, idn_focal: User, jpn_focal: User
) -> None:
    """The comparison above is not between two empty lists."""
    code = {r.pk: r.activity.code for r in ProgressReport.objects.filter(round=queued)}
    assert [code[pk] for pk in _joined(idn_focal, frozen=False)] == ["CT-1"]
    assert [code[pk] for pk in _joined(jpn_focal, frozen=False)] == ["CT-2"]
