"""The desk's counts of reports are summed from the tallies the database keeps, and they are
the counts of the reports themselves, for every named reader: the reports still to write (per
round, state and instrument) and the reports waiting in the review queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Sum

from mufakat.desk import selectors
from mufakat.desk.tests.conftest import World
from mufakat.monitoring.selectors import my_report_tallies, my_reports, review_queue

pytestmark = pytest.mark.django_db

READERS = ["secretariat", "idn_focal", "jpn_focal", "outsider", "idn_chair"]
GROUPS = ("round_id", "round__due_date", "state", "instrument_id", "instrument__title")


@pytest.mark.parametrize("reader", READERS)
def test_the_reports_to_write_are_counted_as_the_reports_count_them(
    world: World, reader: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(reader)
    counted = sorted(my_reports(user=user).order_by().values_list(*GROUPS).annotate(n=Count("*")))
    summed = sorted(
        my_report_tallies(user=user).order_by().values_list(*GROUPS).annotate(n=Sum("n"))
    )
    assert summed == counted
    written = selectors.reports_to_write(user=user)
    assert written.total == sum(row[-1] for row in counted)
    assert bool(written.total) == (reader in ("idn_focal", "jpn_focal"))


@pytest.mark.parametrize("reader", READERS)
def test_the_review_count_is_the_queues(
    world: World, reader: str, request: pytest.FixtureRequest, django_assert_num_queries: Any
) -> None:
    user = request.getfixturevalue(reader)
    expected = review_queue(user=user).count()
    with django_assert_num_queries(1 if reader in ("secretariat", "idn_focal", "jpn_focal") else 0):
        assert selectors.review_count(user=user) == expected
    assert expected or reader != "secretariat"
