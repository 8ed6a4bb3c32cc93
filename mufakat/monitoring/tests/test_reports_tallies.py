# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""The lists of reports count their groups from the tallies the database keeps, and every count
is the one the reports give, reader by reader: the review queue's and My reports' facets (and
so the windows a page is read from), and the round's reports over the API."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.monitoring import selectors
from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.selectors import ReportFilters
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    round_,
)
from mufakat.monitoring.tests.test_compliance import reported  # noqa: F401 (fixture)
from mufakat.monitoring.tests.test_compliance_tallies import (  # noqa: F401 (fixtures)
    READERS,
    jpn_reader,
    varied,
)

pytestmark = pytest.mark.django_db


def _filters(round_: ReportingRound) -> list[ReportFilters]:
    return [
        ReportFilters(),
        ReportFilters(round=str(round_.pk)),
        ReportFilters(state="draft"),
        ReportFilters(state="returned", round=str(round_.pk)),
        ReportFilters(party="IDN"),
        ReportFilters(frozen="1"),
    ]


def _facets(facets: selectors.ReportFacets | None) -> Any:
    if facets is None:
        return None
    return (
        facets.rounds,
        facets.instruments,
        facets.states,
        facets.parties,
        facets.total,
        sorted(facets.matching, key=repr),
    )


@pytest.mark.parametrize("reader", READERS)
def test_the_review_queues_counts_are_the_reports(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    for filters in _filters(varied):
        reports = selectors._reviewable(user, frozen=bool(filters.frozen))
        counted = (
            None
            if reports is None
            else selectors.report_facets(reports, filters, parties=True, state="submitted")
        )
        assert _facets(selectors.review_facets(user=user, filters=filters)) == _facets(counted)
    tallies = selectors.reviewable_tallies(user)
    assert (tallies is not None) == (reader == "secretariat")


@pytest.mark.parametrize("reader", READERS)
def test_my_reports_counts_are_the_reports(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    for filters in _filters(varied):
        facets = selectors.my_report_facets(user=user, filters=filters)
        if facets is None:
            assert reader not in ("idn_focal", "jpn_focal")
            continue
        counted = selectors.report_facets(selectors._my_open_reports(user), filters)
        assert _facets(facets) == _facets(counted)
        assert facets.total or filters != ReportFilters()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"party": "idn"},
        {"state": "draft"},
        {"instrument": "asean-japan-wp"},
        {"instrument": "none"},
        {"state": "returned"},
    ],
)
def test_the_apis_windows_over_a_rounds_reports_are_the_reports(
    varied: ReportingRound, reader: str, filters: dict[str, str], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    if reader == "outsider":
        assert not ReportingRound.objects.visible_to(user).filter(pk=varied.pk).exists()
        return
    round_ = selectors.get_round(user=user, pk=varied.pk, counts=False)
    reports = selectors.round_reports(user=user, round_=round_, **filters)
    window = selectors.round_report_window(user=user, round_=round_, **filters)
    counted = selectors.instrument_window(reports)
    assert [(q, n) for q, n in window.groups] == [(q, n) for q, n in counted.groups]
    assert len(window) == reports.count()
    assert [r.pk for r in window[0:50]] == [r.pk for r in reports[:50]]


@pytest.mark.parametrize("reader", READERS)
def test_the_rounds_lists_counts_are_the_reports(
    varied: ReportingRound, reader: str, request: pytest.FixtureRequest
) -> None:
    from django.db.models import Count, Q

    from mufakat.monitoring.models import ProgressReport

    user = request.getfixturevalue(reader)
    rounds = selectors.with_counts(user=user, rounds=list(selectors.rounds_listed(user=user)))
    assert bool(rounds) == (reader != "outsider")
    for r in rounds:
        counted = (
            ProgressReport.objects.visible_to(user)
            .filter(round=r)
            .aggregate(
                total=Count("pk"),
                submitted=Count("pk", filter=Q(state="submitted")),
                accepted=Count("pk", filter=Q(state="accepted")),
                returned=Count("pk", filter=Q(state="returned")),
            )
        )
        assert (
            r.reports_total,
            r.reports_submitted,
            r.reports_accepted,
            r.reports_returned,
        ) == tuple(counted.values())
        assert r.reports_total
