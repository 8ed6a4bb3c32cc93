"""The dashboards fed by the real reporting workflow (the reports part's services): a round
opened by the Secretariat, reports saved and submitted by focal points, then frozen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import rollups, snapshots
from mufakat.monitoring.models import ProgressReport
from mufakat.monitoring.services import open_round, review_report, save_report
from mufakat.monitoring.tests.dashboards_data import make_history
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db


def _counts(user: Any, instrument: Any) -> dict[str, int]:
    rollup = rollups.instrument_rollup(user=user, instrument=instrument)
    return {k: v for k, v in rollup["totals"]["counts"].items() if v}


def test_a_round_run_through_the_services_shows_on_the_dashboards(
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    outsider: User,
) -> None:
    history = make_history(idn, jpn, asean_japan)
    round_ = open_round(
        actor=secretariat,
        title="Round for the 25th SOMTC",
        instruments=[history.instrument],
        reporting_parties=["IDN", "JPN"],
        opens_on=dt.date(2026, 3, 1),
        due_date=dt.date(2026, 5, 31),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=["asean-jpn"],
        previous=history.r2,
    )
    # Opened: five slots, all drafts — nobody but their own party sees anything reported.
    assert _counts(secretariat, history.instrument) == {"not_reported": 5}
    idn_a1 = ProgressReport.objects.get(round=round_, activity=history.a1, party=idn)
    save_report(
        actor=idn_focal,
        report=idn_a1,
        changes={"status": "on_track", "percent": 60, "narrative": "Two workshops held."},
        expected_version=idn_a1.lock_version,
    )
    assert _counts(secretariat, history.instrument) == {"not_reported": 5}  # still a draft
    assert _counts(idn_focal, history.instrument) == {"on_track": 1, "not_reported": 4}
    idn_a1.refresh_from_db()
    save_report(
        actor=idn_focal,
        report=idn_a1,
        changes={},
        expected_version=idn_a1.lock_version,
        submit=True,
    )
    assert _counts(secretariat, history.instrument) == {"on_track": 1, "not_reported": 4}
    assert _counts(jpn_focal, history.instrument) == {"on_track": 1, "not_reported": 4}
    assert _counts(outsider, history.instrument) == {}
    idn_a1.refresh_from_db()
    review_report(actor=secretariat, report=idn_a1, accept=True)
    snapshot = snapshots.freeze_round(actor=secretariat, round=round_)
    diff = snapshots.compare_for_reader(
        user=secretariat,
        snapshot=snapshot,
        other=snapshots.previous_snapshot(user=secretariat, snapshot=snapshot),
    )
    assert diff["previous"] is None  # R2 was never frozen: nothing to compare with
    assert snapshot.data["instruments"][0]["totals"]["counts"]["on_track"] == 1
