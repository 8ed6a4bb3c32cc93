# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""A round's counts read from indexes alone give what the gate gives.

The compliance counts (``compliance._slot_counts``) and the round page's per-party counts
(``compliance.round_state_counts``) are read from partial and covering indexes rather than from
the reports' rows; these tests hold them to the gate and to the indexes' own conditions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.monitoring import compliance, selectors
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import review_report, save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    idn_ct2,
    plan,
    report_of,
    round_,
    submit_on_track,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(
    round_: ReportingRound, secretariat: User, idn_focal: User, jpn_focal: User
) -> ReportingRound:
    """IDN: CT-1 accepted, CT-2 endorsed by Japan (lead), CT-3 a draft saved once.
    JPN: CT-1 submitted, CT-2 not started."""
    accepted = submit_on_track(idn_focal, report_of(round_, "CT-1", "IDN"), "Going well")
    review_report(actor=secretariat, report=accepted, accept=True)
    endorsed = submit_on_track(idn_focal, report_of(round_, "CT-2", "IDN"), "Going well")
    review_report(actor=jpn_focal, report=endorsed, accept=True)
    save_report(
        actor=idn_focal,
        report=report_of(round_, "CT-3", "IDN"),
        changes={"status": "delayed"},
        expected_version=None,
    )
    submit_on_track(jpn_focal, report_of(round_, "CT-1", "JPN"), "Going well")
    return round_


def _index(name: str) -> Any:
    return next(i for i in ProgressReport._meta.indexes if i.name == name)


def test_the_counts_ask_for_exactly_the_conditions_of_their_partial_indexes() -> None:
    # The planner reads a partial index only when the query states its condition.
    assert _index("report_endorsed").condition == compliance.ENDORSED
    assert _index("report_started_draft").condition == compliance.STARTED_DRAFT


def _gated_counts(user: Any, round_: ReportingRound) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for party, state, n in (
        ProgressReport.objects.visible_to(user)
        .filter(round=round_)
        .order_by()
        .values("party_id", "state")
        .annotate(n=Count("pk"))
        .values_list("party_id", "state", "n")
    ):
        counts[party][state] = n
    return dict(counts)


@pytest.mark.parametrize("who", ["secretariat", "idn_focal", "jpn_focal", "outsider", "nobody"])
def test_the_round_pages_counts_are_what_the_gate_lets_each_reader_see(
    worked: ReportingRound, who: str, request: pytest.FixtureRequest
) -> None:
    user = AnonymousUser() if who == "nobody" else request.getfixturevalue(who)
    found = ReportingRound.objects.visible_to(user).filter(pk=worked.pk).exists()
    if not found:
        pytest.skip("the round is hidden from this reader: the page answers 404 first")
    round_ = selectors.get_round(user=user, pk=worked.pk, counts=False)
    assert dict(compliance.round_state_counts(round_, user=user)) == _gated_counts(user, worked)


def test_the_round_pages_counts_take_one_query(worked: ReportingRound, secretariat: User) -> None:
    round_ = selectors.get_round(user=secretariat, pk=worked.pk, counts=False)
    with CaptureQueriesContext(connection) as queries:
        compliance.round_state_counts(round_, user=secretariat)
    assert len(queries) == 1


def test_endorsed_reports_and_started_drafts_are_counted_from_their_indexes(
    worked: ReportingRound, secretariat: User, idn_focal: User, jpn_focal: User
) -> None:
    def cells(user: User) -> dict[str, dict[str, int]]:
        summaries = compliance.compliance_matrix(worked, user=user, per_page=1).summaries
        return {s.party.code: {k: v for k, v in s.counts.items() if v} for s in summaries}

    everyone = {
        "IDN": {"accepted": 1, "endorsed": 1, "draft": 1},
        "JPN": {"submitted": 1, "not_started": 1},
    }
    assert cells(secretariat) == everyone
    assert cells(idn_focal) == {"IDN": everyone["IDN"]}
    # Japan's own unsaved slot is not started; Indonesia's draft is none of Japan's business.
    assert cells(jpn_focal) == {"JPN": everyone["JPN"]}
    rate = compliance.round_rates([worked], user=jpn_focal)[worked.pk]
    assert (rate.drafts, rate.not_started, rate.endorsed) == (0, 2, 1)
