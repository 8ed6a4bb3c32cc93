# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""The desk's round rates: for rounds it found through the gate, with their visible instruments
prefetched, the rates come from one query and agree with the full computation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.monitoring import compliance
from mufakat.monitoring.compliance import round_rates
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    plan,
    round_,
)
from mufakat.monitoring.tests.test_compliance import reported  # noqa: F401 (fixture)
from mufakat.workplans.models import Instrument

pytestmark = pytest.mark.django_db


def _gated(user: User, pk: int) -> list[ReportingRound]:
    """As the desk reads its rounds: through the gate, visible instruments prefetched."""
    return list(
        ReportingRound.objects.visible_to(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "instruments",
                queryset=Instrument.objects.visible_to(user),
                to_attr="visible_instruments",
            )
        )
    )


@pytest.mark.parametrize("reader", ["secretariat", "idn_focal", "jpn_focal"])
def test_the_desks_rates_agree_with_the_full_ones_in_one_query(
    reported: ReportingRound,
    reader: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: Any,
) -> None:
    user = request.getfixturevalue(reader)
    ProgressReport.objects.filter(round=reported, state__in=["submitted", "accepted"]).update(
        submitted_at=timezone.make_aware(dt.datetime(2024, 5, 1, 12))
    )
    monkeypatch.setattr(compliance, "_today", lambda: dt.date(2024, 6, 11))
    full = round_rates([reported], user=user)[reported.pk]
    rounds = _gated(user, reported.pk)
    with django_assert_num_queries(2):  # the counts, the parties' codes
        light = round_rates(rounds, user=user, gated=True, cells=False)[reported.pk]
    assert (light.expected, light.reported, light.on_time) == (
        full.expected,
        full.reported,
        full.on_time,
    )
    assert (light.reporting_rate, light.on_time_rate) == (full.reporting_rate, full.on_time_rate)
    assert light.overdue_party_codes == full.overdue_party_codes == ["IDN", "JPN"]
    assert light.days_overdue == full.days_overdue == 10


def test_the_desks_rates_of_no_round_cost_nothing(
    secretariat: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert round_rates([], user=secretariat, gated=True, cells=False) == {}
