"""Action items: outcomes someone must act on, followed up between meetings.

An outcome is an *action item* when its kind says so, or when it names both a responsible party
and a due date (:func:`is_action_item_q`). Its follow-up state (open/done) lives on the outcome
and changes only through :func:`record_update`, which keeps the history as
:class:`~mufakat.meetings.models.ActionItemUpdate` records (a note, optionally evidence).

Reads take ``user=`` and go through the gate (``Outcome.objects.visible_to``): a hidden outcome
is absent from every list and ``None`` from :func:`action_item`, so callers answer 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.roles import REGISTRY_EDITORS, REPORTERS, has_role
from mufakat.core.services import create_audited, update_audited
from mufakat.core.uploads import check_upload
from mufakat.meetings.models import (
    ActionItemUpdate,
    FollowUp,
    Meeting,
    Outcome,
    action_evidence_path,
)
from mufakat.monitoring import evidence_files
from mufakat.registry.models import Body, Party

OPEN = "open"
DONE = "done"
OVERDUE = "overdue"
#: The states a list can be filtered by ("overdue" is open and past its due date).
STATES = (OPEN, DONE, OVERDUE)
#: What an evidence file may be: the same as a progress report's evidence.
EVIDENCE_TYPES = evidence_files.ACCEPTED


def today() -> dt.date:
    return timezone.localdate()


# -- what counts ---------------------------------------------------------------------------------


def is_action_item_q() -> Q:
    """Outcomes of kind "action item", or naming both a responsible party and a due date."""
    return Q(kind=Outcome.Kind.ACTION_ITEM) | Q(responsible__isnull=False, due_date__isnull=False)


def is_action_item(outcome: Outcome) -> bool:
    """The same rule as :func:`is_action_item_q`, for an outcome already loaded (no query)."""
    return outcome.kind == Outcome.Kind.ACTION_ITEM or (
        outcome.responsible_id is not None and outcome.due_date is not None
    )


def is_overdue(outcome: Outcome, *, on: dt.date | None = None) -> bool:
    return (
        outcome.follow_up == FollowUp.OPEN
        and outcome.due_date is not None
        and outcome.due_date < (on or today())
    )


def state_of(outcome: Outcome, *, on: dt.date | None = None) -> str:
    """ "open", "done" or "overdue" for an outcome already loaded (no query)."""
    if outcome.follow_up == FollowUp.DONE:
        return DONE
    return OVERDUE if is_overdue(outcome, on=on) else OPEN


def state_q(state: str, *, on: dt.date | None = None) -> Q:
    """The condition for one of :data:`STATES`; an unknown state is refused."""
    on = on or today()
    if state == OPEN:
        return Q(follow_up=FollowUp.OPEN)
    if state == DONE:
        return Q(follow_up=FollowUp.DONE)
    if state == OVERDUE:
        return Q(follow_up=FollowUp.OPEN, due_date__lt=on)
    raise ValidationError({"state": _("Unknown state “%s”.") % state})


# -- reads (through the gate) ------------------------------------------------------------------


def _party_q(party: Party | int | str) -> Q:
    if isinstance(party, Party):
        return Q(responsible_id=party.pk)
    if isinstance(party, int):
        return Q(responsible_id=party)
    return Q(responsible__code__iexact=str(party))


def _body_q(body: Body | int | str) -> Q:
    if isinstance(body, Body):
        return Q(meeting__body_id=body.pk)
    if isinstance(body, int):
        return Q(meeting__body_id=body)
    return Q(meeting__body__code__iexact=str(body))


def state_case(on: dt.date) -> Case:
    """The SQL of :func:`state_of`: "open", "done" or "overdue" on the day ``on``."""
    return Case(
        When(follow_up=FollowUp.DONE, then=Value(DONE)),
        When(due_date__lt=on, then=Value(OVERDUE)),
        default=Value(OPEN),
        output_field=CharField(),
    )


def previous_meeting(meeting: Meeting, *, user: Any) -> Meeting | None:
    """The body's latest meeting before ``meeting`` that the reader may see (not cancelled):
    the action items done since it are reported to ``meeting``."""
    return (
        Meeting.objects.visible_to(user)
        .filter(body_id=meeting.body_id, start_date__lt=meeting.start_date)
        .exclude(pk=meeting.pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-start_date", "-pk")
        .first()
    )


def review_q(meeting: Meeting, *, lower: list[int], since: dt.date | None) -> Q:
    """What the brief of ``meeting`` reviews: action items of earlier meetings of its body and
    of the bodies reporting to it (``lower``), still open or done on or after ``since`` (the
    start of the body's previous meeting; ``None``: the open ones only)."""
    condition = Q(follow_up=FollowUp.OPEN)
    if since is not None:
        condition |= Q(follow_up=FollowUp.DONE, done_on__gte=since)
    return (
        Q(meeting__body_id__in=[meeting.body_id, *lower])
        & Q(meeting__start_date__lt=meeting.start_date)
        & condition
    )


def review_scope(meeting: Meeting, *, user: Any) -> Q:
    """:func:`review_q` for a meeting, reading the bodies reporting to its body and its previous
    meeting as ``user`` sees it (two queries)."""
    previous = previous_meeting(meeting, user=user)
    return review_q(
        meeting,
        lower=list(Body.objects.filter(parent_id=meeting.body_id).values_list("pk", flat=True)),
        since=previous.start_date if previous is not None else None,
    )


def meeting_to_review(*, user: Any, pk: int) -> Meeting | None:
    """The meeting a list of action items due for review is about, if ``user`` may see it."""
    return Meeting.objects.visible_to(user).filter(pk=pk).first()


def _annotated(
    qs: QuerySet[Outcome], *, user: Any, on: dt.date, note_date: bool = True
) -> QuerySet[Outcome]:
    """``state`` ("open"/"done"/"overdue"), ``overdue`` and the latest update's note and (with
    ``note_date``) date, all in the one query of the list."""
    latest = (
        ActionItemUpdate.objects.visible_to(user)
        .filter(outcome=OuterRef("pk"))
        .order_by("-created_at", "-pk")
    )
    if note_date:
        qs = qs.annotate(latest_update_at=Subquery(latest.values("created_at")[:1]))
    return qs.select_related("meeting__body", "responsible").annotate(
        state=state_case(on),
        overdue=Case(
            When(follow_up=FollowUp.OPEN, due_date__lt=on, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        latest_note=Subquery(latest.values("note")[:1]),
    )


def action_items(
    *,
    user: Any,
    party: Party | int | str | None = None,
    body: Body | int | str | None = None,
    state: str | None = None,
    due_before: dt.date | None = None,
    due_after: dt.date | None = None,
    meeting: Meeting | int | None = None,
    review: Meeting | None = None,
    descending: bool = False,
    note_date: bool = True,
) -> QuerySet[Outcome]:
    """Visible action items, soonest due first (undated last), annotated by :func:`_annotated`.

    ``party`` and ``body`` are objects, ids or codes; ``state`` is one of :data:`STATES`;
    ``due_before``/``due_after`` are inclusive; ``review``: only what the brief of that
    meeting (already visible to ``user``) reviews (:func:`review_scope`). Without
    ``note_date`` the rows carry no ``latest_update_at``: a list that does not show it saves a
    second gated subquery, a third of compiling and planning its statement.
    """
    on = today()
    qs = Outcome.objects.visible_to(user).filter(is_action_item_q())
    if party is not None and party != "":
        qs = qs.filter(_party_q(party))
    if body is not None and body != "":
        qs = qs.filter(_body_q(body))
    if state:
        qs = qs.filter(state_q(state, on=on))
    if due_before is not None:
        qs = qs.filter(due_date__lte=due_before)
    if due_after is not None:
        qs = qs.filter(due_date__gte=due_after)
    if meeting is not None:
        qs = qs.filter(meeting_id=meeting.pk if isinstance(meeting, Meeting) else meeting)
    if review is not None:
        qs = qs.filter(review_scope(review, user=user))
    due = F("due_date").desc(nulls_last=True) if descending else F("due_date").asc(nulls_last=True)
    return _annotated(qs, user=user, on=on, note_date=note_date).order_by(
        due, "meeting__start_date", "meeting_id", "number"
    )


def action_item(*, user: Any, pk: int) -> Outcome | None:
    """One visible action item (annotated like the list), or None for absent, hidden or not an
    action item."""
    return action_items(user=user).filter(pk=pk).first()


def due_at_meeting(meeting: Meeting, *, user: Any) -> QuerySet[Outcome]:
    """Open action items of the body's earlier meetings: what its next meeting should review."""
    return action_items(user=user, body=meeting.body_id, state=OPEN).filter(
        meeting__start_date__lt=meeting.start_date
    )


def updates(outcome: Outcome, *, user: Any) -> QuerySet[ActionItemUpdate]:
    """The history of an action item's follow-up, oldest first."""
    return (
        ActionItemUpdate.objects.visible_to(user)
        .filter(outcome_id=outcome.pk)
        .select_related("author", "author__party")
        .order_by("created_at", "pk")
    )


def update(*, user: Any, pk: int) -> ActionItemUpdate | None:
    """One visible update (for its evidence download), or None."""
    return (
        ActionItemUpdate.objects.visible_to(user)
        .select_related("outcome__meeting__body")
        .filter(pk=pk)
        .first()
    )


# -- who may -------------------------------------------------------------------------------------


def can_update(user: Any, outcome: Outcome) -> bool:
    """The Secretariat, and the focal points of the responsible party."""
    if has_role(user, REGISTRY_EDITORS):
        return True
    return (
        has_role(user, REPORTERS)
        and outcome.responsible_id is not None
        and getattr(user, "party_id", None) == outcome.responsible_id
    )


def require_updater(user: Any, outcome: Outcome) -> None:
    if not can_update(user, outcome):
        raise PermissionDenied(
            _(
                "Only the focal points of the responsible party and the Secretariat may "
                "update this action item."
            )
        )


# -- writes --------------------------------------------------------------------------------------


def record_update(
    *,
    actor: Any,
    outcome: Outcome,
    follow_up: str,
    note: str,
    evidence: Any = None,
    expected_version: int | None = None,
) -> ActionItemUpdate:
    """Add a note (and evidence) to an action item and leave it open or done; audited.

    Marking it done sets ``done_on`` to today (kept if it was already done); reopening clears
    it. ``expected_version`` is the outcome's ``lock_version`` the author started from: if
    someone updated it since, :class:`~mufakat.core.errors.ConflictError`. A refused file
    leaves no row and no file behind.
    """
    require_updater(actor, outcome)
    if not is_action_item(outcome):
        raise ValidationError(_("This outcome is not an action item."))
    if follow_up not in FollowUp.values:
        raise ValidationError({"follow_up": _("Choose open or done.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was done, or why the item stays open.")})
    data: dict[str, Any] = {
        "outcome": outcome,
        "follow_up": follow_up,
        "note": note,
        "author": actor,
    }
    if evidence is not None:
        checked = check_upload(
            evidence,
            field="evidence",
            max_bytes=evidence_files.max_bytes(),
            accepted=EVIDENCE_TYPES,
            fallback_name="evidence",
        )
        evidence.name = checked.storage_name
        data.update(
            evidence=evidence,
            evidence_name=checked.name,
            evidence_type=checked.content_type,
            evidence_size=checked.size,
        )
    try:
        with transaction.atomic():
            # Locked, and read as the actor sees it: what they cannot see they cannot update.
            current = (
                Outcome.objects.visible_to(actor)
                .select_for_update(of=("self",))
                .filter(pk=outcome.pk)
                .order_by("pk")
                .first()
            )
            if current is None:
                raise PermissionDenied(_("You cannot update this action item."))
            if follow_up == FollowUp.DONE:
                done_on = current.done_on if current.follow_up == FollowUp.DONE else today()
            else:
                done_on = None
            update_audited(
                current,
                actor=actor,
                changes={"follow_up": follow_up, "done_on": done_on},
                expected_version=expected_version,
                action="outcome.follow_up",
            )
            return create_audited(
                ActionItemUpdate, actor=actor, data=data, action="actionitemupdate.create"
            )
    except Exception:
        # The rows rolled back; a file the update's save() wrote must not stay behind.
        if evidence is not None:
            path = action_evidence_path(ActionItemUpdate(outcome=outcome), evidence.name)
            if default_storage.exists(path):
                default_storage.delete(path)
        raise
