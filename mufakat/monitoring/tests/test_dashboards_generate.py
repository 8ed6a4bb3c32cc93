"""``mufakat generate`` at a tiny scale: consistent, deterministic, refused twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from mufakat.monitoring.models import ProgressReport, ReportingRound, Snapshot
from mufakat.monitoring.synthetic import ROUNDS_PER_FAMILY
from mufakat.workplans.models import Activity, Instrument

pytestmark = pytest.mark.django_db(transaction=False)


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", "--scale", "0.01", *args, stdout=out)
    return out.getvalue()


def test_a_tiny_scale_creates_consistent_data() -> None:
    output = _generate("--seed", "7")
    assert "Done in" in output and "monitoring.ProgressReport" in output
    assert Instrument.objects.filter(key__startswith="gen-").count() == 2
    assert Activity.objects.count() >= 6
    reports = ProgressReport.objects.all()
    assert reports.exists()
    # Denormalised instrument and priority area agree with the activity.
    assert not reports.exclude(instrument=F("activity__priority_area__instrument")).exists()
    assert not reports.exclude(priority_area=F("activity__priority_area")).exists()
    # Every report's party reports in the round and leads or joins the activity.
    involved = set(Activity.lead_parties.through.objects.values_list("activity", "party"))
    involved |= set(Activity.participating_parties.through.objects.values_list("activity", "party"))
    reporting = set(
        ReportingRound.reporting_parties.through.objects.values_list("reportinground", "party")
    )
    for activity_id, party_id, round_id in reports.values_list("activity", "party", "round"):
        assert (activity_id, party_id) in involved
        assert (round_id, party_id) in reporting
    duplicates = (
        reports.values("round", "activity", "party").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert not reports.filter(percent__gt=100).exists()
    assert not reports.filter(state="draft", submitted_at__isnull=False).exists()
    # Each family reports in 8 rounds; all but the latest are frozen into snapshots.
    rounds = ReportingRound.objects.filter(reports__isnull=False).distinct()
    assert rounds.count() % ROUNDS_PER_FAMILY == 0
    assert Snapshot.objects.count() == rounds.count() // ROUNDS_PER_FAMILY * (ROUNDS_PER_FAMILY - 1)
    assert rounds.filter(status=ReportingRound.Status.OPEN).count() == rounds.count() // 8


def test_the_same_seed_gives_the_same_data(django_db_blocker: object) -> None:
    _generate("--seed", "3", "--no-freeze")
    first = list(
        ProgressReport.objects.order_by(
            "round__title", "activity__title", "party__code"
        ).values_list("activity__title", "party__code", "status", "percent", "state")
    )
    titles = sorted(Instrument.objects.values_list("title", flat=True))
    ProgressReport.objects.all().delete()
    ReportingRound.objects.all().delete()
    Activity.objects.all().delete()
    Instrument.objects.all().delete()
    _generate("--seed", "3", "--no-freeze")
    again = list(
        ProgressReport.objects.order_by(
            "round__title", "activity__title", "party__code"
        ).values_list("activity__title", "party__code", "status", "percent", "state")
    )
    assert sorted(Instrument.objects.values_list("title", flat=True)) == titles
    assert again == first


def test_generating_twice_into_the_same_database_is_refused() -> None:
    _generate("--no-freeze")
    with pytest.raises(CommandError, match="fresh database"):
        _generate("--no-freeze")
