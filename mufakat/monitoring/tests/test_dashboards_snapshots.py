"""Freezing a round, the snapshot staying as presented, and comparing with the previous one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.models import SharingGroup
from mufakat.monitoring import rollups, snapshots
from mufakat.monitoring.models import ProgressReport, ReportingRound, Snapshot
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _ct(figures: dict) -> dict:
    return next(a for a in figures["areas"] if a["title"] == "Counter-terrorism")


def test_freezing_stores_the_figures_the_secretariat_sees_and_freezes_the_round(
    history: History, secretariat: User
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    history.r2.refresh_from_db()
    assert history.r2.status == ReportingRound.Status.FROZEN
    assert snapshot.meeting == history.m24
    [frozen] = snapshot.data["instruments"]
    live = rollups.instrument_rollup(
        user=secretariat, instrument=history.instrument, round_id=history.r2.pk
    )
    assert frozen["areas"] == live["areas"]
    assert frozen["parties"] == live["parties"]
    rows = snapshot.data["reports"][str(history.instrument.pk)]
    assert [history.a1.pk, "JPN", "not_reported", None] in rows  # a draft: not the Secretariat's
    assert len(rows) == 5


def test_freezing_is_audited(history: History, secretariat: User) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    actions = set(
        AuditEvent.objects.filter(actor_username="secretariat").values_list("action", flat=True)
    )
    assert {"reportinground.freeze", "snapshot.create"} <= actions
    event = AuditEvent.objects.get(action="snapshot.create")
    assert event.object_id == str(snapshot.pk)


def test_a_second_freeze_is_refused(history: History, secretariat: User) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    with pytest.raises(ValidationError) as refused:
        snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    assert "round" in refused.value.message_dict
    assert Snapshot.objects.count() == 1


def test_a_focal_point_cannot_freeze(history: History, idn_focal: User) -> None:
    with pytest.raises(PermissionDenied):
        snapshots.freeze_round(actor=idn_focal, round=history.r2, acknowledge_early=True)
    assert not Snapshot.objects.exists()


def test_a_snapshot_never_changes_even_when_a_report_is_corrected_later(
    history: History, secretariat: User
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    frozen = Snapshot.objects.get(pk=snapshot.pk).data
    # An amendment after the meeting: A2/IDN turns out to be completed.
    ProgressReport.objects.filter(round=history.r2, activity=history.a2, party__code="IDN").update(
        status="completed", percent=100, state="accepted"
    )
    live = rollups.instrument_rollup(
        user=secretariat, instrument=history.instrument, round_id=history.r2.pk
    )
    assert _ct(live)["counts"]["completed"] == 3
    again = Snapshot.objects.get(pk=snapshot.pk)
    assert again.data == frozen
    assert _ct(again.data["instruments"][0])["counts"]["completed"] == 2
    with pytest.raises(RuntimeError):
        again.save()


def test_compare_shows_what_changed_since_the_last_somtc(
    history: History, secretariat: User
) -> None:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    assert snapshots.previous_snapshot(user=secretariat, snapshot=second) == first
    diff = snapshots.compare_for_reader(user=secretariat, snapshot=second, other=first)
    changes = {
        (c["activity_code"], c["party"]): (c["from"], c["to"]) for c in diff["status_changes"]
    }
    # A1/JPN and A3/IDN are drafts not submitted: shown as such, not as a fall to "not reported".
    assert changes == {
        ("A1", "JPN"): ("on_track", "not_submitted"),
        ("A2", "JPN"): ("delayed", "completed"),
        ("A2", "IDN"): ("not_started", "delayed"),
        ("A3", "IDN"): ("on_track", "not_submitted"),
    }
    ct = next(a for a in diff["areas"] if a["title"] == "Counter-terrorism")
    assert (ct["previous"], ct["current"], ct["delta"]) == (43.8, 76.7, 32.9)
    jpn = next(p for p in diff["parties"] if p["code"] == "JPN")
    assert (jpn["previous"], jpn["current"], jpn["delta"]) == (37.5, 100.0, 62.5)


def test_compare_without_an_earlier_snapshot_lists_nothing(
    history: History, secretariat: User
) -> None:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    assert snapshots.previous_snapshot(user=secretariat, snapshot=first) is None
    diff = snapshots.compare_for_reader(user=secretariat, snapshot=first, other=None)
    assert diff["previous"] is None and diff["status_changes"] == []


def test_an_outsider_cannot_find_the_snapshot_of_a_sharing_group_round(
    history: History, secretariat: User, outsider: User
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    assert snapshots.meeting_snapshots(user=outsider, meeting_id=history.m24.pk) == []
    with pytest.raises(Exception) as hidden:
        snapshots.visible_snapshot(user=outsider, pk=snapshot.pk)
    assert hidden.typename == "Http404"


def test_compare_takes_snapshots_too(history: History, secretariat: User) -> None:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    direct = snapshots.compare_snapshots(second, first)
    read = snapshots.compare_for_reader(user=secretariat, snapshot=second, other=first)
    assert direct["status_changes"] == read["status_changes"]
    # Compared as stored, a meeting is named by id only; its title is for a reader who may see it.
    assert direct["previous"]["meeting"] == {"id": history.m23.pk}
    assert read["previous"]["meeting"] == {"id": history.m23.pk, "title": "23rd SOMTC"}
