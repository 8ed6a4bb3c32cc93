"""Each instrument's part of a snapshot in its own row: written with the snapshot, never changed,
cut from the snapshots frozen before by the migration, and read instead of the whole document
by the pages and the API that detail one instrument — showing each reader what they saw before."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import Snapshot, SnapshotPart
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.registry.models import Party
from mufakat.testing.factories import ActivityFactory, InstrumentFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db

Headers = Callable[[User], dict[str, str]]


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    """The two SOMTC rounds, the second also covering one for the member states only."""
    history = make_history(idn, jpn, asean_japan)
    internal = InstrumentFactory(key="internal-plan", audience=Audience.MEMBER_STATES)
    area = PriorityAreaFactory(instrument=internal, position=1, title="Internal area")
    ActivityFactory(priority_area=area, code="I1", title="Internal activity")
    history.r2.instruments.add(internal)
    return history


def _freeze(history: History, secretariat: User) -> tuple[Snapshot, Snapshot]:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1, acknowledge_early=True)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    return first, second


def _parts(snapshot: Snapshot) -> dict[int, dict[str, Any]]:
    return dict(SnapshotPart.objects.filter(snapshot=snapshot).values_list("instrument_id", "data"))


def _detail(user: User, snapshot: Snapshot, instrument_id: int) -> dict[str, Any]:
    """What ``user`` reads of one instrument of the snapshot, as the pages read it."""
    found = snapshots.visible_snapshot(user=user, pk=snapshot.pk, without_data=True)
    snapshots.load_parts(user, [found], detail=[instrument_id])
    return snapshots.for_reader(user=user, snapshot=found)


def test_freezing_stores_each_instruments_part_beside_the_whole_document(
    history: History, secretariat: User
) -> None:
    _, second = _freeze(history, secretariat)
    parts = _parts(second)
    ids = {e["instrument"]["id"] for e in second.data["instruments"]}
    assert set(parts) == ids and len(ids) == 2
    mine = parts[history.instrument.pk]
    assert mine["entry"]["areas"] and mine["entry"]["parties"]
    assert mine["reports"] == second.data["reports"][str(history.instrument.pk)]
    assert set(mine["activities"]) == {str(a.pk) for a in (history.a1, history.a2, history.a3)}
    assert parts == snapshots.split_parts(second.data)


def test_a_part_never_changes(history: History, secretariat: User) -> None:
    _, second = _freeze(history, secretariat)
    part = SnapshotPart.objects.filter(snapshot=second).first()
    assert part is not None
    part.data = {}
    with pytest.raises(RuntimeError):
        part.save()


def test_one_instrument_read_from_its_part_is_what_the_whole_document_gave(
    history: History, secretariat: User, jpn_focal: User
) -> None:
    _, second = _freeze(history, secretariat)
    internal = history.r2.instruments.get(key="internal-plan").pk
    from_parts = {
        (user.pk, pk): _detail(user, second, pk)
        for user in (secretariat, jpn_focal)
        for pk in (history.instrument.pk, internal)
    }
    SnapshotPart.objects.filter(snapshot=second).delete()  # as if written without parts
    cache.clear()
    for (user_pk, pk), data in from_parts.items():
        user = secretariat if user_pk == secretariat.pk else jpn_focal
        assert _detail(user, second, pk) == data
    # The focal point never reads the part of the instrument they may not see.
    hidden = from_parts[(jpn_focal.pk, internal)]
    assert str(internal) not in hidden["reports"]
    assert [e["instrument"]["key"] for e in hidden["instruments"]] == ["aj-wp"]


def test_reading_one_instrument_does_not_open_the_stored_document(
    history: History, secretariat: User
) -> None:
    _, second = _freeze(history, secretariat)
    found = snapshots.visible_snapshot(user=secretariat, pk=second.pk, without_data=True)
    snapshots.load_parts(secretariat, [found])  # the light part, kept in the cache
    with CaptureQueriesContext(connection) as queries:
        snapshots.load_parts(secretariat, [found], detail=[history.instrument.pk])
    assert len(queries.captured_queries) == 1
    assert snapshots.stored(found)["reports"][str(history.instrument.pk)]
    sql = queries.captured_queries[0]["sql"]
    assert SnapshotPart._meta.db_table in sql


def test_the_migration_cuts_a_snapshot_frozen_before_into_the_same_parts(
    history: History, secretariat: User
) -> None:
    first, second = _freeze(history, secretariat)
    written = {s.pk: _parts(s) for s in (first, second)}
    SnapshotPart.objects.all().delete()
    migration = importlib.import_module("mufakat.monitoring.migrations.0010_snapshot_parts")
    migration.split_snapshots(apps, SimpleNamespace(connection=connection))
    assert {s.pk: _parts(s) for s in (first, second)} == written
    # Run again, it leaves the snapshots already cut alone.
    migration.split_snapshots(apps, SimpleNamespace(connection=connection))
    assert SnapshotPart.objects.count() == sum(len(p) for p in written.values())


def test_the_pages_detailing_one_instrument_show_what_the_reader_may_see(
    history: History,
    secretariat: User,
    jpn_focal: User,
    as_user: Callable[[User], Client],
    api_headers: Headers,
    client: Client,
) -> None:
    _, second = _freeze(history, secretariat)
    page = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    assert as_user(jpn_focal).get(page, {"instrument": "aj-wp"}).status_code == 200
    compare = f"/api/v1/snapshots/{second.pk}/compare"
    seen = client.get(compare, {"instrument": "aj-wp"}, headers=api_headers(jpn_focal)).json()
    assert seen["compared"] == ["aj-wp"] and seen["status_changes"]
    hidden = client.get(compare, {"instrument": "internal-plan"}, headers=api_headers(jpn_focal))
    assert hidden.status_code == 404
    mine = client.get(
        compare, {"instrument": "internal-plan"}, headers=api_headers(secretariat)
    ).json()
    assert mine["compared"] == ["internal-plan"]
    one = client.get(
        f"/api/v1/rounds/{history.r2.pk}/snapshot",
        {"instrument": "internal-plan"},
        headers=api_headers(jpn_focal),
    )
    assert one.status_code == 404
