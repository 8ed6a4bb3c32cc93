# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""A round or snapshot the reader may see names nothing they may not see: not the meeting it
fed, not a confidential sharing group, not the number of reports on an instrument hidden from
them. References are resolved by :mod:`mufakat.core.references` at read time."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import Snapshot
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    make_plan,
    plan,
    start_round,
)
from mufakat.registry.models import Party
from mufakat.testing.factories import sharing_group

pytestmark = pytest.mark.django_db

Headers = Callable[[User], dict[str, str]]

SECRET_TITLE = "Closed session on informants"


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _hide(meeting: Meeting, owner: Party) -> None:
    """Make the meeting the Secretariat's own, with a title nobody else may read."""
    Meeting.objects.filter(pk=meeting.pk).update(
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=owner,
        title=SECRET_TITLE,
    )


def test_a_snapshot_does_not_name_a_meeting_the_reader_may_not_see(
    history: History,
    secretariat: User,
    jpn_focal: User,
    asec: Party,
    api_headers: Headers,
    client: Client,
) -> None:
    _hide(history.m24, asec)
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    # The Japanese focal point may see the round (ASEAN + Japan), so the snapshot — but the
    # meeting it was presented at is the Secretariat's alone.
    response = client.get(
        f"/api/v1/rounds/{history.r2.pk}/snapshot", headers=api_headers(jpn_focal)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == snapshot.pk
    assert body["meeting"] is None
    assert body["round"]["meeting"] is None
    assert SECRET_TITLE not in response.content.decode()
    # The Secretariat, who may see the meeting, still gets its title.
    mine = client.get(
        f"/api/v1/rounds/{history.r2.pk}/snapshot", headers=api_headers(secretariat)
    ).json()
    assert mine["meeting"] == {"id": history.m24.pk, "title": SECRET_TITLE}


def test_a_snapshot_does_not_store_the_title_of_its_meeting(
    history: History, secretariat: User
) -> None:
    Meeting.objects.filter(pk=history.m24.pk).update(title=SECRET_TITLE)
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    stored = json.dumps(Snapshot.objects.get(pk=snapshot.pk).data)
    assert SECRET_TITLE not in stored
    assert snapshot.data["round"]["meeting"] == {"id": history.m24.pk}


def test_a_title_stored_by_an_older_snapshot_is_not_passed_on(
    history: History, secretariat: User, jpn_focal: User, asec: Party
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    # As snapshots frozen before the titles were resolved at read time stored them:
    data = dict(snapshot.data)
    data["round"] = {**data["round"], "meeting": {"id": history.m24.pk, "title": SECRET_TITLE}}
    Snapshot.objects.filter(pk=snapshot.pk).update(data=data)
    _hide(history.m24, asec)
    found = snapshots.visible_snapshot(user=jpn_focal, pk=snapshot.pk)
    assert SECRET_TITLE not in json.dumps(snapshots.for_reader(user=jpn_focal, snapshot=found))


def test_comparing_snapshots_does_not_name_a_meeting_the_reader_may_not_see(
    history: History,
    secretariat: User,
    jpn_focal: User,
    asec: Party,
    api_headers: Headers,
    client: Client,
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    _hide(history.m23, asec)
    response = client.get(f"/api/v1/snapshots/{second.pk}/compare", headers=api_headers(jpn_focal))
    assert response.status_code == 200
    body = response.json()
    assert body["previous"]["meeting"] is None
    assert body["current"]["meeting"]["id"] == history.m24.pk
    assert SECRET_TITLE not in response.content.decode()


def test_the_meeting_dashboard_does_not_name_the_previous_meeting_if_hidden(
    history: History, secretariat: User, jpn_focal: User, asec: Party, as_user: Any
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    _hide(history.m23, asec)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    page = as_user(jpn_focal).get(url)
    assert page.status_code == 200
    assert "Round for the 23rd SOMTC" in page.content.decode()  # the round: visible
    assert SECRET_TITLE not in page.content.decode()
    assert SECRET_TITLE in as_user(secretariat).get(url).content.decode()


def test_the_rounds_api_names_no_confidential_group_to_a_non_member(
    history: History,
    secretariat: User,
    jpn_focal: User,
    idn: Party,
    api_headers: Headers,
    client: Client,
) -> None:
    secret = sharing_group("idn-eyes-only", [idn], name="Indonesian eyes only")
    SharingGroup.objects.filter(pk=secret.pk).update(confidential=True)
    history.r2.sharing_groups.add(secret)
    # Japan sees the round through ASEAN + Japan, but may not know the confidential group.
    listed = client.get("/api/v1/rounds", headers=api_headers(jpn_focal))
    one = client.get(f"/api/v1/rounds/{history.r2.pk}", headers=api_headers(jpn_focal))
    for response in (listed, one):
        assert response.status_code == 200
        assert "idn-eyes-only" not in response.content.decode()
    assert one.json()["sharing_groups"] == ["asean-jpn"]
    # The Secretariat (registry editors know every group) still sees both.
    mine = client.get(f"/api/v1/rounds/{history.r2.pk}", headers=api_headers(secretariat))
    assert mine.json()["sharing_groups"] == ["asean-jpn", "idn-eyes-only"]


def test_a_round_email_counts_only_reports_the_recipient_may_see(
    idn: Party,
    jpn: Party,
    asec: Party,
    asean_japan: SharingGroup,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    plan: Plan,
    mailoutbox: list[Any],
) -> None:
    for user in (idn_focal, jpn_focal):
        user.email = f"{user.username}@example.org"
        user.save()
    # A second work plan shared only with a group Japan is not in: its reports are not Japan's
    # business, and their number must not reach Japan's focal point either.
    asean_only = sharing_group("asean-only", [idn, asec], name="ASEAN only")
    hidden = make_plan(idn, jpn, asean_only, key="asean-only-wp")
    start_round(secretariat, plan, instruments=[plan.instrument, hidden.instrument])
    jpn_mail = next(m for m in mailoutbox if m.to == ["jpn.focal@example.org"])
    idn_mail = next(m for m in mailoutbox if m.to == ["idn.focal@example.org"])
    # Japan reports on CT-1 and CT-2 of the shared plan; those of the hidden plan are not
    # counted. Indonesia may see both plans: three activities in each.
    assert "2 activities" in jpn_mail.body
    assert "6 activities" in idn_mail.body


def test_the_freeze_page_does_not_name_a_meeting_the_secretariat_may_not_see(
    history: History, secretariat: User, idn: Party, as_user: Any
) -> None:
    # Indonesia narrowed the meeting to itself after the round was opened: the Secretariat keeps
    # the round, but no role reads around the audience of the meeting.
    _hide(history.m24, idn)
    page = as_user(secretariat).get(reverse("monitoring:round_freeze", args=[history.r2.pk]))
    assert page.status_code == 200
    assert SECRET_TITLE not in page.content.decode()
    frozen = as_user(secretariat).post(
        reverse("monitoring:round_freeze", args=[history.r2.pk]), {"acknowledge": "on"}
    )
    assert frozen.status_code == 302
    assert frozen["Location"] == history.r2.get_absolute_url()
