"""Freezing a round is honest about what is not submitted: it names the drafts per party, warns
before the due date, needs a confirmation for either, and the snapshot tells a draft from
nothing, so the comparison with the next meeting shows no false regression."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ProgressReport, ReportingRound, Snapshot, SnapshotPart
from mufakat.monitoring.tests.dashboards_data import (
    A,
    History,
    grow,
    make_history,
    make_round,
    report,
)
from mufakat.registry.models import Party
from mufakat.testing.factories import member_state

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
#: Words only Japan may read: its draft's narrative.
DRAFT_WORDS = "Japan's unfinished words about the workshop"


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    """R2 (due 31 May 2025) has two drafts in progress — A1/JPN and A3/IDN — and A2/IDN is
    returned for correction."""
    made = make_history(idn, jpn, asean_japan)
    ProgressReport.objects.filter(round=made.r2, activity=made.a1, party=jpn).update(
        narrative=DRAFT_WORDS
    )
    return made


@pytest.fixture
def upcoming(history: History, idn: Party, jpn: Party) -> ReportingRound:
    """A round due in a month: IDN has submitted A1, nothing else is started."""
    round_ = make_round(
        title="Round for the 26th SOMTC",
        instrument=history.instrument,
        parties=[idn, jpn],
        due=timezone.localdate() + dt.timedelta(days=30),
        groups=list(history.r2.sharing_groups.all()),
        previous=history.r2,
        status=ReportingRound.Status.OPEN,
    )
    report(round_, history.a1, idn, A, "completed", 100)
    for activity, party in ((history.a1, jpn), (history.a2, idn), (history.a2, jpn)):
        ProgressReport.objects.create(
            round=round_,
            activity=activity,
            party=party,
            instrument_id=activity.priority_area.instrument_id,
            priority_area=activity.priority_area,
        )
    return round_


def _freeze_url(round_: ReportingRound) -> str:
    return reverse("monitoring:round_freeze", args=[round_.pk])


# -- the service ---------------------------------------------------------------------------------


def test_freezing_before_the_due_date_without_acknowledgement_is_refused(
    upcoming: ReportingRound, secretariat: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        snapshots.freeze_round(actor=secretariat, round=upcoming)
    message = " ".join(refused.value.message_dict["acknowledge"])
    assert "has not passed" in message
    assert "3 reports are not started (IDN 1, JPN 2)" in message
    upcoming.refresh_from_db()
    assert upcoming.status == ReportingRound.Status.OPEN
    assert not Snapshot.objects.filter(round=upcoming).exists()


def test_freezing_early_with_acknowledgement_records_that_it_was_early(
    upcoming: ReportingRound, secretariat: User
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=upcoming, acknowledge_early=True)
    assert snapshot.data["early"] is True
    assert snapshot.data["acknowledged"] is True
    assert snapshot.data["version"] == 2


def test_freezing_with_drafts_in_progress_names_them_per_party(
    history: History, secretariat: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        snapshots.freeze_round(actor=secretariat, round=history.r2)
    message = " ".join(refused.value.message_dict["acknowledge"])
    assert "2 reports are drafts not submitted (IDN 1, JPN 1)" in message
    assert "has not passed" not in message  # due 31 May 2025: the date is not the reason
    assert DRAFT_WORDS not in message


def test_a_past_round_with_nothing_in_progress_freezes_without_confirmation(
    history: History, secretariat: User
) -> None:
    snapshot = snapshots.freeze_round(actor=secretariat, round=history.r1)
    assert snapshot.data["early"] is False and snapshot.data["acknowledged"] is False


def test_what_is_outstanding_is_counted_per_party_never_read(
    history: History, secretariat: User
) -> None:
    pending = snapshots.outstanding(user=secretariat, round_=history.r2)
    assert [(p.code, p.drafts, p.not_started, p.returned) for p in pending.parties] == [
        ("IDN", 1, 0, 1),
        ("JPN", 1, 0, 0),
    ]
    assert (pending.drafts, pending.unsubmitted, pending.early) == (2, 3, False)
    assert pending.needs_acknowledgement


def test_a_draft_nobody_has_touched_is_not_a_draft_in_progress(
    upcoming: ReportingRound, secretariat: User
) -> None:
    pending = snapshots.outstanding(
        user=secretariat, round_=upcoming, today=upcoming.due_date + dt.timedelta(days=1)
    )
    assert (pending.drafts, pending.not_started, pending.early) == (0, 3, False)
    assert not pending.needs_acknowledgement


# -- the page ------------------------------------------------------------------------------------


def test_the_freeze_page_lists_drafts_per_party_without_their_content(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    response = as_user(secretariat).get(_freeze_url(history.r2))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not submitted yet, per party" in page
    assert '<th scope="row">IDN</th>' in page and '<th scope="row">JPN</th>' in page
    assert "2 reports are drafts their parties have started but not submitted" in page
    assert 'name="acknowledge"' in page
    assert DRAFT_WORDS not in page
    assert response.context["outstanding"].drafts == 2


def test_the_freeze_page_warns_before_the_due_date(
    upcoming: ReportingRound, secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(_freeze_url(upcoming)).content.decode()
    assert "in 30 days: parties may still report" in page
    assert "not yet passed" in page


def test_the_freeze_page_refuses_an_early_freeze_without_the_checkbox(
    upcoming: ReportingRound, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    refused = client.post(_freeze_url(upcoming), {})
    assert refused.status_code == 200
    assert "has not passed" in refused.content.decode()
    assert not Snapshot.objects.filter(round=upcoming).exists()
    frozen = client.post(_freeze_url(upcoming), {"acknowledge": "on"})
    assert frozen.status_code == 302
    assert Snapshot.objects.filter(round=upcoming).exists()


def test_a_round_with_everything_submitted_offers_no_checkbox(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(_freeze_url(history.r1)).content.decode()
    assert "Every expected report has been submitted." in page
    assert 'name="acknowledge"' not in page


def test_the_freeze_page_costs_the_same_queries_as_the_data_grows(
    history: History,
    idn: Party,
    jpn: Party,
    secretariat: User,
    as_user: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    client = as_user(secretariat)
    # 7: the signed-in person is read with their party (accounts.backends).
    with django_assert_num_queries(7):
        assert client.get(_freeze_url(history.r2)).status_code == 200
    grow(history, [idn, jpn, member_state("THA", "Thailand")], activities=12)
    with django_assert_num_queries(7):
        assert client.get(_freeze_url(history.r2)).status_code == 200


def test_freezing_early_over_the_api_needs_acknowledge(
    upcoming: ReportingRound, secretariat: User, api_headers: Any, client: Client
) -> None:
    url = f"/api/v1/rounds/{upcoming.pk}/freeze"
    refused = client.post(url, headers=api_headers(secretariat))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "acknowledge"]
    frozen = client.post(f"{url}?acknowledge=true", headers=api_headers(secretariat))
    assert frozen.status_code == 201
    assert frozen.json()["early"] is True


# -- the snapshot and the comparison -------------------------------------------------------------


def _both(history: History, secretariat: User) -> tuple[Snapshot, Snapshot]:
    first = snapshots.freeze_round(actor=secretariat, round=history.r1)
    second = snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    return first, second


def test_a_snapshot_tells_a_draft_from_nothing(history: History, secretariat: User) -> None:
    _first, second = _both(history, secretariat)
    drafts = second.data["drafts"][str(history.instrument.pk)]
    assert sorted(drafts) == sorted([[history.a1.pk, "JPN"], [history.a3.pk, "IDN"]])
    assert second.data["outstanding"][str(history.instrument.pk)]["IDN"] == [1, 0, 1]
    assert DRAFT_WORDS not in str(second.data)


def test_compare_shows_a_draft_as_not_submitted_never_as_a_regression(
    history: History, secretariat: User
) -> None:
    first, second = _both(history, secretariat)
    diff = snapshots.compare_for_reader(user=secretariat, snapshot=second, other=first)
    to = {(c["activity_code"], c["party"]): c["to"] for c in diff["status_changes"]}
    assert to[("A1", "JPN")] == to[("A3", "IDN")] == snapshots.NOT_SUBMITTED
    assert "not_reported" not in {c["to"] for c in diff["status_changes"]}
    assert {"from": "on_track", "to": "not_submitted", "count": 2} in diff["transitions"]


def test_the_meeting_page_says_not_submitted(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    _both(history, secretariat)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    page = as_user(secretariat).get(url).content.decode()
    assert "Not submitted (draft)" in page
    assert "IDN: 1 draft not submitted" in page and "JPN: 1 draft not submitted" in page
    assert DRAFT_WORDS not in page


def test_the_api_gives_each_frozen_report_its_state(
    history: History, secretariat: User, api_headers: Any, client: Client
) -> None:
    first, second = _both(history, secretariat)
    body = client.get(
        f"/api/v1/rounds/{history.r2.pk}/snapshot", headers=api_headers(secretariat)
    ).json()
    states = {(r["activity_code"], r["party"]): r["state"] for r in body["reports"]}
    assert states[("A1", "JPN")] == "draft_not_submitted"
    assert states[("A1", "IDN")] == "reported"
    assert {p["code"]: p["drafts"] for p in body["outstanding"]} == {"IDN": 1, "JPN": 1}
    compared = client.get(
        f"/api/v1/snapshots/{second.pk}/compare?with={first.pk}&instrument=aj-wp",
        headers=api_headers(secretariat),
    ).json()
    assert compared["status_changes"]
    assert "not_reported" not in {c["to_status"] for c in compared["status_changes"]}


# -- snapshots frozen before drafts were told apart ----------------------------------------------


def _as_version_1(snapshot: Snapshot) -> None:
    """What a snapshot frozen before this change holds: no drafts, no outstanding counts, no
    reported/not-reported split (a queryset update: Snapshot.save refuses changes)."""
    data = {
        k: v
        for k, v in snapshot.data.items()
        if k not in {"drafts", "outstanding", "early", "acknowledged"}
    }
    data["version"] = 1
    for entry in data["instruments"]:
        for figures in [entry["totals"], *entry["areas"], *entry["parties"]]:
            figures.pop("not_reported", None)
            figures.pop("reporting_rate", None)
        entry.pop("tlp", None)
    Snapshot.objects.filter(pk=snapshot.pk).update(data=data)
    # Its parts, as migration 0010 cut the snapshots frozen before it.
    SnapshotPart.objects.filter(snapshot=snapshot).delete()
    SnapshotPart.objects.bulk_create(
        SnapshotPart(snapshot=snapshot, instrument_id=pk, data=part)
        for pk, part in snapshots.split_parts(data).items()
    )
    cache.clear()  # the summaries kept of a snapshot assume, like the app, that it never changes


def test_an_old_snapshot_still_renders_and_compares(
    history: History, secretariat: User, as_user: ClientFor, api_headers: Any, client: Client
) -> None:
    first, second = _both(history, secretariat)
    _as_version_1(first)
    _as_version_1(second)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    response = as_user(secretariat).get(url)
    assert response.status_code == 200
    assert "Not submitted when frozen" not in response.content.decode()
    body = client.get(
        f"/api/v1/rounds/{history.r2.pk}/snapshot", headers=api_headers(secretariat)
    ).json()
    assert body["version"] == 1 and body["outstanding"] == [] and body["early"] is None
    assert {r["state"] for r in body["reports"]} == {"reported", "not_reported"}
    totals = body["instruments"][0]["totals"]
    assert totals["reported"] + totals["not_reported"] == totals["expected"]
    second.refresh_from_db()
    first.refresh_from_db()
    diff = snapshots.compare_for_reader(user=secretariat, snapshot=second, other=first)
    assert {c["to"] for c in diff["status_changes"]} >= {"not_reported"}  # as it always read
