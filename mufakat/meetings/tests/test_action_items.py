"""Action items: what counts, when one is overdue, who may update it, and the gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mufakat.accounts.models import Role
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.meetings import action_items
from mufakat.meetings.models import ActionItemUpdate, FollowUp, Meeting, Outcome
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import MeetingFactory, OutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class World:
    held: Meeting  # the 23rd SOMTC, held
    next: Meeting  # the 24th SOMTC, planned
    overdue: Outcome  # IDN, due ten days ago
    open_jpn: Outcome  # JPN, due in a month
    recommendation: Outcome  # a recommendation with IDN responsible and a due date
    done: Outcome  # JPN, done
    decision: Outcome  # no responsible party: not an action item
    undated: Outcome  # responsible party but no date: not an action item
    restricted: Outcome  # IDN only (owning organisation)


def build_world(somtc: Body, idn: Party, jpn: Party) -> World:
    """The 23rd SOMTC's action items, and the 24th SOMTC that should review them."""
    held = MeetingFactory.create(
        body=somtc, number=23, title="23rd SOMTC", start_date=days(-200), status="held"
    )
    nxt = MeetingFactory.create(
        body=somtc, number=24, title="24th SOMTC", start_date=days(60), status="planned"
    )

    def outcome(number: int, text: str, **kwargs: Any) -> Outcome:
        kwargs.setdefault("kind", Outcome.Kind.ACTION_ITEM)
        return OutcomeFactory.create(meeting=held, number=number, text=text, **kwargs)

    return World(
        held=held,
        next=nxt,
        overdue=outcome(
            1, "Share the national contact list on counter-terrorism.",
            responsible=idn, due_date=days(-10),
        ),
        open_jpn=outcome(
            2, "Host a workshop on cybercrime evidence.", responsible=jpn, due_date=days(30)
        ),
        recommendation=outcome(
            3, "Review the trafficking handbook.", kind=Outcome.Kind.RECOMMENDATION,
            responsible=idn, due_date=days(90),
        ),
        done=outcome(
            4, "Circulate the meeting report.", responsible=jpn, due_date=days(-30),
            follow_up=FollowUp.DONE, done_on=days(-40),
        ),
        decision=outcome(5, "Note the progress report.", kind=Outcome.Kind.DECISION),
        undated=outcome(
            6, "Consider a study.", kind=Outcome.Kind.RECOMMENDATION, responsible=idn
        ),
        restricted=outcome(
            7, "BNPT watch-list follow-up.", responsible=idn, due_date=days(-5),
            audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn,
        ),
    )  # fmt: skip


@pytest.fixture
def world(somtc: Body, idn: Party, jpn: Party) -> World:
    return build_world(somtc, idn, jpn)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name: str = "contact-list.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def pks(rows: Any) -> list[int]:
    return [row.pk for row in rows]


# -- what counts -------------------------------------------------------------------------------


def test_action_items_are_of_that_kind_or_name_a_responsible_party_and_a_due_date(
    world: World, secretariat: Any
) -> None:
    found = set(pks(action_items.action_items(user=secretariat)))
    assert found == {
        w.pk for w in (world.overdue, world.open_jpn, world.recommendation, world.done)
    }
    assert action_items.is_action_item(world.recommendation)
    assert not action_items.is_action_item(world.decision)
    assert not action_items.is_action_item(world.undated)
    assert Outcome.objects.filter(action_items.is_action_item_q()).count() == 5


def test_an_open_item_past_its_due_date_is_overdue_and_a_done_one_never_is(
    world: World, secretariat: Any
) -> None:
    rows = {o.pk: o for o in action_items.action_items(user=secretariat)}
    assert rows[world.overdue.pk].state == "overdue"
    assert rows[world.overdue.pk].overdue is True
    assert rows[world.open_jpn.pk].state == "open"
    assert rows[world.done.pk].state == "done"
    assert action_items.state_of(world.done) == "done"
    assert action_items.state_of(world.overdue) == "overdue"
    assert pks(action_items.action_items(user=secretariat, state="overdue")) == [world.overdue.pk]
    assert pks(action_items.action_items(user=secretariat, state="done")) == [world.done.pk]
    assert set(pks(action_items.action_items(user=secretariat, state="open"))) == {
        world.overdue.pk,
        world.open_jpn.pk,
        world.recommendation.pk,
    }


def test_the_list_is_ordered_by_due_date_and_filters_by_party_body_and_dates(
    world: World, secretariat: Any
) -> None:
    assert pks(action_items.action_items(user=secretariat)) == [
        world.done.pk,
        world.overdue.pk,
        world.open_jpn.pk,
        world.recommendation.pk,
    ]
    assert pks(action_items.action_items(user=secretariat, party="jpn")) == [
        world.done.pk,
        world.open_jpn.pk,
    ]
    assert pks(action_items.action_items(user=secretariat, body="SOMTC")) != []
    assert pks(action_items.action_items(user=secretariat, body="AMMTC")) == []
    assert pks(
        action_items.action_items(user=secretariat, due_after=days(0), due_before=days(60))
    ) == [world.open_jpn.pk]
    assert pks(action_items.action_items(user=secretariat, descending=True))[0] == (
        world.recommendation.pk
    )


def test_an_unknown_state_is_refused(secretariat: Any) -> None:
    with pytest.raises(ValidationError):
        list(action_items.action_items(user=secretariat, state="lost"))


def test_the_next_meeting_of_the_body_reviews_the_open_items_of_earlier_ones(
    world: World, secretariat: Any
) -> None:
    due = pks(action_items.due_at_meeting(world.next, user=secretariat))
    assert due == [world.overdue.pk, world.open_jpn.pk, world.recommendation.pk]
    assert pks(action_items.due_at_meeting(world.held, user=secretariat)) == []


# -- the gate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "jpn_focal", "secretariat", "anonymous"])
def test_a_restricted_action_item_is_absent_for_those_outside_its_audience(
    who: str, world: World, all_users: dict[str, Any]
) -> None:
    user = all_users[who]
    assert world.restricted.pk not in pks(action_items.action_items(user=user))
    assert world.restricted.pk not in pks(action_items.due_at_meeting(world.next, user=user))
    assert action_items.action_item(user=user, pk=world.restricted.pk) is None


def test_the_owning_party_sees_its_restricted_action_item(world: World, idn_focal: Any) -> None:
    assert world.restricted.pk in pks(action_items.action_items(user=idn_focal, state="overdue"))
    assert action_items.action_item(user=idn_focal, pk=world.restricted.pk) is not None


def test_an_outcome_that_is_no_action_item_has_no_action_item_page(
    world: World, secretariat: Any
) -> None:
    assert action_items.action_item(user=secretariat, pk=world.decision.pk) is None


# -- updates -----------------------------------------------------------------------------------


def test_the_responsible_focal_point_marks_an_item_done_with_evidence(
    world: World, idn_focal: Any, media: Path
) -> None:
    item = world.overdue
    update = action_items.record_update(
        actor=idn_focal,
        outcome=item,
        follow_up=FollowUp.DONE,
        note="Contact list shared with all focal points.",
        evidence=pdf(),
        expected_version=item.lock_version,
    )
    item.refresh_from_db()
    assert item.follow_up == FollowUp.DONE
    assert item.done_on == timezone.localdate()
    assert item.lock_version == 2
    assert update.evidence_name == "contact-list.pdf"
    assert update.evidence_type == "application/pdf"
    assert "contact-list" not in update.evidence.name  # stored under an unguessable name
    assert (media / update.evidence.name).read_bytes() == PDF
    assert update.author == idn_focal
    assert world.overdue.pk not in pks(action_items.action_items(user=idn_focal, state="open"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"outcome.follow_up", "actionitemupdate.create"} <= actions


def test_reopening_an_item_clears_its_done_date(world: World, secretariat: Any) -> None:
    action_items.record_update(
        actor=secretariat, outcome=world.done, follow_up=FollowUp.OPEN, note="Report incomplete."
    )
    world.done.refresh_from_db()
    assert world.done.follow_up == FollowUp.OPEN
    assert world.done.done_on is None


def test_a_second_done_note_keeps_the_date_it_was_done(world: World, secretariat: Any) -> None:
    action_items.record_update(
        actor=secretariat, outcome=world.done, follow_up=FollowUp.DONE, note="Also published."
    )
    world.done.refresh_from_db()
    assert world.done.done_on == days(-40)


def test_another_partys_focal_point_is_refused(world: World, jpn_focal: Any) -> None:
    with pytest.raises(PermissionDenied):
        action_items.record_update(
            actor=jpn_focal, outcome=world.overdue, follow_up=FollowUp.DONE, note="Done."
        )
    assert not ActionItemUpdate.objects.exists()


def test_a_focal_point_of_the_responsible_party_who_cannot_see_the_item_is_refused(
    world: World, jpn_focal: Any, jpn: Party
) -> None:
    hidden = OutcomeFactory.create(
        meeting=world.held,
        number=50,
        kind=Outcome.Kind.ACTION_ITEM,
        responsible=jpn,
        due_date=days(5),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER,
        owner_party=world.restricted.owner_party,
    )
    with pytest.raises(PermissionDenied):
        action_items.record_update(
            actor=jpn_focal, outcome=hidden, follow_up=FollowUp.DONE, note="Done."
        )
    assert not ActionItemUpdate.objects.exists()


def test_a_reader_of_the_responsible_party_is_refused(world: World, idn: Party) -> None:
    reader = UserFactory(username="idn.reader", party=idn, role=Role.READER)
    assert not action_items.can_update(reader, world.overdue)
    with pytest.raises(PermissionDenied):
        action_items.record_update(
            actor=reader, outcome=world.overdue, follow_up=FollowUp.DONE, note="Done."
        )


def test_the_secretariat_may_update_any_item_it_sees(world: World, secretariat: Any) -> None:
    assert action_items.can_update(secretariat, world.open_jpn)
    action_items.record_update(
        actor=secretariat, outcome=world.open_jpn, follow_up=FollowUp.OPEN, note="Reminded."
    )
    assert ActionItemUpdate.objects.get().note == "Reminded."


def test_a_note_is_required(world: World, idn_focal: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        action_items.record_update(
            actor=idn_focal, outcome=world.overdue, follow_up=FollowUp.DONE, note="   "
        )
    assert "note" in exc.value.message_dict
    world.overdue.refresh_from_db()
    assert world.overdue.follow_up == FollowUp.OPEN


def test_an_outcome_that_is_no_action_item_cannot_be_followed_up(
    world: World, secretariat: Any
) -> None:
    with pytest.raises(ValidationError):
        action_items.record_update(
            actor=secretariat, outcome=world.decision, follow_up=FollowUp.DONE, note="Done."
        )


def test_a_program_passed_off_as_evidence_is_refused_and_leaves_nothing(
    world: World, idn_focal: Any, media: Path
) -> None:
    program = SimpleUploadedFile("list.pdf", b"MZ\x90\x00rest", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        action_items.record_update(
            actor=idn_focal,
            outcome=world.overdue,
            follow_up=FollowUp.DONE,
            note="Done.",
            evidence=program,
        )
    assert "evidence" in exc.value.message_dict
    assert not ActionItemUpdate.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_update_based_on_an_old_version_conflicts_and_leaves_no_file(
    world: World, idn_focal: Any, secretariat: Any, media: Path
) -> None:
    seen = world.overdue.lock_version
    action_items.record_update(
        actor=secretariat,
        outcome=world.overdue,
        follow_up=FollowUp.OPEN,
        note="Chased by e-mail.",
        expected_version=seen,
    )
    with pytest.raises(ConflictError):
        action_items.record_update(
            actor=idn_focal,
            outcome=world.overdue,
            follow_up=FollowUp.DONE,
            note="Done.",
            evidence=pdf(),
            expected_version=seen,
        )
    world.overdue.refresh_from_db()
    assert world.overdue.follow_up == FollowUp.OPEN
    assert ActionItemUpdate.objects.count() == 1
    assert not any(media.rglob("*.pdf"))
