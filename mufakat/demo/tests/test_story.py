"""The demo tells the story between meetings, whatever day it is loaded on.

Every date is checked against the day of loading, never against a calendar day.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.demo.story import load_story
from mufakat.meetings import action_items, delegations
from mufakat.meetings.models import (
    ActionItemUpdate,
    Delegate,
    FollowUp,
    Forwarding,
    Invitation,
    Meeting,
    MeetingDocument,
    Outcome,
)
from mufakat.meetings.permissions import chaired_body_ids
from mufakat.monitoring.models import ProgressReport, ProgressStatus, ReportingRound

pytestmark = pytest.mark.django_db

#: Words of the people who prepared the data, which users must never read.
BOOKKEEPING = re.compile(
    r"\bseed\b|illustrat|domain-facts|\.md\b|\.py\b|invented|demo record|demo data", re.I
)
#: Fields that hold provenance (shown as a small "Sources" note) or are not text for readers.
NOT_READ_AS_TEXT = {"source", "password", "username", "email", "sha256", "object_repr"}
PROVENANCE = {("workplans", "instrumentlink", "note")}


@pytest.fixture
def today(demo: str) -> dt.date:
    return timezone.localdate()


def user(name: str) -> User:
    return User.objects.get(username=name)


def planned(body: str, today: dt.date) -> Meeting:
    return Meeting.objects.get(body__code=body, status=Meeting.Status.PLANNED, start_date__gt=today)


def parties_where(round_: ReportingRound, **conditions: Any) -> set[str]:
    return set(
        ProgressReport.objects.filter(round=round_, **conditions).values_list(
            "party__code", flat=True
        )
    )


def test_the_next_somtc_and_ammtc_are_planned_in_the_coming_months(today: dt.date) -> None:
    somtc, ammtc = planned("SOMTC", today), planned("AMMTC", today)
    assert today + dt.timedelta(days=30) < somtc.start_date < ammtc.start_date
    assert ammtc.start_date < today + dt.timedelta(days=150)
    assert somtc.agenda_items.count() >= 5 and ammtc.agenda_items.count() >= 4
    assert somtc.documents.filter(kind="provisional_agenda").exists()
    assert ammtc.documents.filter(kind="provisional_agenda").exists()


def test_parties_are_invited_and_some_have_not_yet_named_their_delegation(
    today: dt.date,
) -> None:
    for meeting in (planned("SOMTC", today), planned("AMMTC", today)):
        invitations = Invitation.objects.filter(meeting=meeting)
        assert invitations.filter(nominated_at__isnull=False).exists()
        assert invitations.filter(nominated_at__isnull=True).exists()
        named = set(invitations.exclude(nominated_at=None).values_list("party__code", flat=True))
        heads = Delegate.objects.filter(meeting=meeting, is_head=True)
        assert set(heads.values_list("party__code", flat=True)) == named
    idn = user("idn.focal")
    assert delegations.awaiting_nomination(user=idn, party_id=idn.party_id).exists()
    # Delegates are named by their function, never as invented people.
    for delegate in Delegate.objects.all():
        assert delegate.name.startswith(("Head of delegation", "Delegate")), delegate.name


def test_recommendations_of_the_working_groups_wait_for_the_next_somtc(today: dt.date) -> None:
    somtc = planned("SOMTC", today)
    pending = Forwarding.objects.filter(to_meeting=somtc, status=Forwarding.Status.PENDING)
    assert {f.outcome.meeting.body.code for f in pending} == {"SOMTC-WG-CT", "SOMTC-WG-CYBER"}
    assert all(f.outcome.meeting.start_date < today for f in pending)


def test_an_open_round_feeds_the_next_somtc_with_every_kind_of_progress(today: dt.date) -> None:
    round_ = ReportingRound.objects.get(meeting=planned("SOMTC", today))
    assert round_.status == ReportingRound.Status.OPEN
    assert today + dt.timedelta(days=14) <= round_.due_date <= today + dt.timedelta(days=28)
    assert round_.previous is not None and round_.previous.status == "frozen"
    states = ProgressReport.State
    assert parties_where(round_, state=states.ACCEPTED)
    assert parties_where(round_, state=states.SUBMITTED)
    returned = ProgressReport.objects.filter(round=round_, state=states.RETURNED)
    assert returned.exists() and all(r.review_comment for r in returned)
    assert "IDN" in {r.party.code for r in returned}  # something to fix on Indonesia's desk
    drafts = ProgressReport.objects.filter(round=round_, state=states.DRAFT)
    started = drafts.exclude(status=ProgressStatus.NOT_REPORTED)
    assert started.exists()
    involved = parties_where(round_)
    untouched = (
        involved - parties_where(round_, lock_version__gt=1) - {r.party.code for r in started}
    )
    assert untouched, "some parties have not started"


def test_a_round_ten_days_overdue_has_late_parties_and_missing_ones(today: dt.date) -> None:
    round_ = ReportingRound.objects.get(meeting=planned("AMMTC", today))
    assert round_.status == ReportingRound.Status.OPEN
    assert round_.due_date == today - dt.timedelta(days=10)
    handed_in = ProgressReport.objects.filter(round=round_, submitted_at__isnull=False)
    late = {r.party.code for r in handed_in if timezone.localdate(r.submitted_at) > round_.due_date}
    on_time = {
        r.party.code for r in handed_in if timezone.localdate(r.submitted_at) <= round_.due_date
    }
    missing = parties_where(round_) - {r.party.code for r in handed_in}
    assert late and on_time and missing
    assert not late & on_time


def test_the_last_somtc_has_its_frozen_round(today: dt.date) -> None:
    frozen = ReportingRound.objects.filter(status=ReportingRound.Status.FROZEN).order_by(
        "-due_date"
    )
    last = frozen.first()
    assert last is not None and last.meeting is not None
    assert last.meeting.body.code == "SOMTC" and last.meeting.start_date < today
    assert last.snapshot.meeting_id == last.meeting_id
    assert ProgressReport.objects.filter(round=last, state="accepted").count() > 50
    on_time = ProgressReport.objects.filter(round=last, state="accepted")
    assert all(timezone.localdate(r.submitted_at) <= last.due_date for r in on_time)


def test_indonesia_finds_an_overdue_action_item_on_its_desk(today: dt.date) -> None:
    idn = user("idn.focal")
    overdue = action_items.action_items(user=idn, party="IDN", state="overdue")
    assert overdue.exists()
    assert all(o.due_date is not None and o.due_date < today for o in overdue)
    soon = action_items.action_items(
        user=idn, state="open", due_after=today, due_before=today + dt.timedelta(days=21)
    )
    assert soon.exists()


def test_what_is_overdue_on_the_desks_is_recent(today: dt.date) -> None:
    overdue = action_items.action_items(user=user("secretariat"), state="overdue")
    assert overdue.exists()
    assert all(o.due_date and o.due_date > today - dt.timedelta(days=60) for o in overdue)


def test_done_action_items_carry_the_note_that_closed_them(today: dt.date) -> None:
    done = Outcome.objects.filter(follow_up=FollowUp.DONE)
    assert done.filter(responsible__code="IDN").exists()
    for outcome in done:
        closing = outcome.updates.get(follow_up=FollowUp.DONE)
        assert closing.note and closing.author is not None
        assert outcome.done_on is not None and outcome.done_on <= today


def test_a_document_on_the_next_somtc_is_shared_with_asean_and_japan_only(
    today: dt.date,
) -> None:
    document = MeetingDocument.objects.get(
        meeting=planned("SOMTC", today),
        agenda_item__isnull=False,
        audience="sharing_group",
        sharing_groups__code="ASEAN-JPN",
    )
    assert document.tlp == "AMBER"
    visible = MeetingDocument.objects.filter(pk=document.pk)
    assert visible.visible_to(user("jpn.focal")).exists()
    assert visible.visible_to(user("idn.focal")).exists()
    assert not visible.visible_to(user("outsider")).exists()


def test_every_invented_record_says_so_in_its_source(today: dt.date) -> None:
    for meeting in Meeting.objects.filter(start_date__gt=today - dt.timedelta(days=90)):
        assert meeting.source.startswith("Invented for the demonstration"), meeting
    for document in MeetingDocument.objects.all():
        assert "Invented for the demonstration" in document.source, document
    for round_ in ReportingRound.objects.all():
        assert "Invented for the demonstration" in round_.source, round_


def test_no_bookkeeping_words_in_any_text_users_read(demo: str) -> None:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in {"audit", "sessions", "admin", "contenttypes", "auth"}:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and f.name not in NOT_READ_AS_TEXT
            and (model._meta.app_label, model._meta.model_name, f.name) not in PROVENANCE
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if isinstance(value, str) and BOOKKEEPING.search(value):
                    found.append(f"{model._meta.label}#{row[0]}.{name}: {value[:80]!r}")
    assert not found, "\n".join(found)


def test_loading_again_on_a_later_day_keeps_the_story_as_it_was(today: dt.date) -> None:
    models_of_the_story = (
        Meeting,
        Outcome,
        Forwarding,
        ReportingRound,
        ProgressReport,
        MeetingDocument,
        Invitation,
        Delegate,
        ActionItemUpdate,
    )
    before = {m.__name__: m.objects.count() for m in models_of_the_story}
    dates = sorted(Meeting.objects.filter(status="planned").values_list("start_date", flat=True))
    load_story(today=today + dt.timedelta(days=7))
    assert {m.__name__: m.objects.count() for m in models_of_the_story} == before
    assert (
        sorted(Meeting.objects.filter(status="planned").values_list("start_date", flat=True))
        == dates
    )


def test_the_chair_of_the_working_group_prepares_its_next_meeting(today: dt.date) -> None:
    chair = user("idn.chair")
    chaired = Meeting.objects.filter(
        body__in=chaired_body_ids(chair), status=Meeting.Status.PLANNED, start_date__gt=today
    )
    next_meeting = chaired.get()
    assert next_meeting.body.code == "SOMTC-WG-CT" and next_meeting.agenda_items.exists()
    due = action_items.due_at_meeting(next_meeting, user=chair)
    assert due.filter(responsible__code="IDN").exists()
