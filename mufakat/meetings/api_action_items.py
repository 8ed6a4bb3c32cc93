"""REST endpoints of action items (mounted at /api/v1/ by mufakat/api.py).

Thin like the pages: reads and writes through :mod:`mufakat.meetings.action_items` (a hidden
item is a 404 and absent from lists; a missing right 403, bad input 422, a stale
``lock_version`` 409). Evidence files are uploaded through the web form only.
"""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.audience import most_restrictive_tlp
from mufakat.core.pagination import Pages
from mufakat.core.schemas import InputSchema
from mufakat.core.web import api_user
from mufakat.meetings import action_items
from mufakat.meetings.models import ActionItemUpdate, Outcome

router = Router(tags=["action items"])
PAGE_SIZE = 50

State = Literal["open", "done", "overdue"]


class ActionItemFilters(InputSchema):
    state: Literal["open", "done", "overdue", "all"] | None = Field(
        None, description="open, done, overdue (open and past due) or all (the default)"
    )
    party: str | None = Field(None, max_length=20, description="Responsible party code")
    body: str | None = Field(None, max_length=40, description="Body code")
    due_after: dt.date | None = Field(None, description="Due on or after (YYYY-MM-DD)")
    due_before: dt.date | None = Field(None, description="Due on or before (YYYY-MM-DD)")
    sort: Literal["due", "-due"] = Field("due", description="due: soonest first; -due: latest")


class ActionItemOut(Schema):
    id: int
    reference: str = Field(description='As the meeting numbered it, e.g. "SOMTC 23/4"')
    kind: str
    text: str
    meeting: int = Field(alias="meeting_id")
    meeting_title: str
    body: str = Field(description="Body code")
    responsible: str | None = Field(description="Party code")
    due_date: dt.date | None
    state: State = Field(description="open, done, or overdue (open and past its due date)")
    done_on: dt.date | None
    latest_note: str | None
    audience: str
    tlp: str
    marking: str = Field(description="The strictest TLP of the item and its meeting")
    lock_version: int = Field(description="Send it back with an update; a stale one answers 409.")

    @staticmethod
    def resolve_meeting_title(obj: Outcome) -> str:
        return obj.meeting.title

    @staticmethod
    def resolve_body(obj: Outcome) -> str:
        return obj.meeting.body.code

    @staticmethod
    def resolve_responsible(obj: Outcome) -> str | None:
        return obj.responsible.code if obj.responsible else None

    @staticmethod
    def resolve_state(obj: Outcome) -> str:
        return getattr(obj, "state", None) or action_items.state_of(obj)

    @staticmethod
    def resolve_marking(obj: Outcome) -> str:
        return most_restrictive_tlp(obj.tlp, obj.meeting.tlp)

    @staticmethod
    def resolve_latest_note(obj: Outcome) -> str | None:
        return getattr(obj, "latest_note", None)


class ActionItemUpdateOut(Schema):
    id: int
    created_at: dt.datetime
    follow_up: Literal["open", "done"]
    note: str
    author: str | None = Field(description="Username of who wrote it")
    author_party: str | None = Field(description="Their party code")
    evidence_name: str | None
    evidence_url: str | None = Field(description="Download through the web (signed in)")

    @staticmethod
    def resolve_author(obj: ActionItemUpdate) -> str | None:
        return obj.author.username if obj.author else None

    @staticmethod
    def resolve_author_party(obj: ActionItemUpdate) -> str | None:
        party = obj.author.party if obj.author else None
        return party.code if party else None

    @staticmethod
    def resolve_evidence_name(obj: ActionItemUpdate) -> str | None:
        return obj.evidence_name or None if obj.evidence else None

    @staticmethod
    def resolve_evidence_url(obj: ActionItemUpdate) -> str | None:
        if not obj.evidence:
            return None
        return reverse("meetings:action_item_evidence", args=[obj.pk])


class ActionItemDetailOut(ActionItemOut):
    """Resolved from an item whose ``history`` :func:`_with_history` read through the gate."""

    updates: list[ActionItemUpdateOut] = Field(description="The follow-up history, oldest first")

    @staticmethod
    def resolve_updates(obj: Outcome) -> list[ActionItemUpdate]:
        return list(getattr(obj, "history", []))


class ActionItemUpdateIn(InputSchema):
    follow_up: Literal["open", "done"] = Field(description="The state the item is left in")
    note: str = Field(min_length=1, max_length=5000, description="What was done, or why not")
    lock_version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The item's lock_version you read"
    )


def _item(request: HttpRequest, outcome_id: int) -> Outcome:
    found = action_items.action_item(user=api_user(request), pk=outcome_id)
    if found is None:
        raise Http404
    return found


def _with_history(request: HttpRequest, item: Outcome) -> Outcome:
    item.history = list(action_items.updates(item, user=api_user(request)))  # type: ignore[attr-defined]
    return item


@router.get(
    "/action-items",
    response=list[ActionItemOut],
    operation_id="action_items_list",
    summary="List action items",
    description="Action items you may see (outcomes of kind action item, or naming a "
    "responsible party and a due date), soonest due first. Filter by state, responsible party "
    "code, body code and due dates.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_action_items(request: HttpRequest, filters: Query[ActionItemFilters]) -> Any:
    return action_items.action_items(
        user=api_user(request),
        state=None if filters.state in (None, "all") else filters.state,
        party=filters.party or None,
        body=filters.body or None,
        due_after=filters.due_after,
        due_before=filters.due_before,
        descending=filters.sort == "-due",
        note_date=False,
    )


@router.get(
    "/action-items/{outcome_id}",
    response=ActionItemDetailOut,
    operation_id="action_items_get",
    summary="An action item with its follow-up history",
)
def get_action_item(request: HttpRequest, outcome_id: int) -> Any:
    item = _item(request, outcome_id)
    record_sensitive_read(reader=api_user(request), obj=item)
    return _with_history(request, item)


@router.post(
    "/action-items/{outcome_id}/updates",
    response={201: ActionItemDetailOut},
    operation_id="action_items_update",
    summary="Record follow-up: a note, and the item left open or done",
    description="For the focal points of the responsible party and the Secretariat. Send the "
    "lock_version you read: if someone updated the item since, 409.",
)
def add_update(request: HttpRequest, outcome_id: int, payload: ActionItemUpdateIn) -> Any:
    item = _item(request, outcome_id)
    action_items.record_update(
        actor=api_user(request),
        outcome=item,
        follow_up=payload.follow_up,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return Status(201, _with_history(request, _item(request, outcome_id)))
