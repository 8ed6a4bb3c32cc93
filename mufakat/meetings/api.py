"""REST endpoints of meetings and outcomes (mounted at /api/v1/ by mufakat/api.py).

Thin like the views: reads through ``selectors`` (a hidden record is a 404, absent from lists),
writes through the same ``services`` as the UI (rules → 422, conflicts → 409, rights → 403).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.pagination import Pages
from mufakat.core.schemas import InputSchema, RecordId
from mufakat.core.web import api_user
from mufakat.meetings import selectors, services
from mufakat.meetings.delegations import may_see_delegates
from mufakat.meetings.models import Meeting, Outcome
from mufakat.meetings.schemas import (
    AgendaItemFullOut,
    AgendaItemIn,
    DecisionIn,
    ForwardIn,
    ForwardingFullOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingSummaryOut,
    MeetingWriteOut,
    OutcomeDetailOut,
    OutcomeIn,
    OutcomeListOut,
    OutcomePatch,
    ParticipantFullOut,
    ParticipantIn,
    meeting_out,
    outcome_out,
)

router = Router(tags=["meetings"])
PAGE_SIZE = 50


class MeetingFilters(InputSchema):
    body: str | None = None
    year: int | None = Field(None, ge=1, le=9999, description="Calendar year")
    host: str | None = None
    status: str | None = None


class OutcomeFilters(InputSchema):
    meeting: RecordId | None = None


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    found = selectors.meeting(user=api_user(request), pk=meeting_id)
    if found is None:
        raise Http404
    return found


def _outcome(request: HttpRequest, outcome_id: int) -> Outcome:
    found = selectors.outcome(user=api_user(request), pk=outcome_id)
    if found is None:
        raise Http404
    return found


def _detail(request: HttpRequest, meeting_id: int, *, reading: bool = False) -> Any:
    """The meeting as the API shows it; ``reading`` when the caller asked to read it (GET), so an
    AMBER+STRICT or RED meeting's read is an audit event."""
    detail = selectors.meeting_detail(user=api_user(request), pk=meeting_id, with_chains=False)
    if detail is None:
        raise Http404
    if reading:
        record_sensitive_read(reader=api_user(request), obj=detail.meeting)
    if not may_see_delegates(api_user(request)):
        for participant in detail.participants:  # personal data: never saved, only not shown
            participant.head_of_delegation = ""
    return meeting_out(detail)


# -- meetings ----------------------------------------------------------------------------------


@router.get(
    "/meetings",
    response=list[MeetingSummaryOut],
    operation_id="meetings_list",
    summary="List meetings",
    description="Meetings you may see, newest first. Filter by body code, year, host party "
    "code and status.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    return selectors.meetings(user=api_user(request), **filters.dict())


@router.get(
    "/meetings/{meeting_id}",
    response=MeetingOut,
    operation_id="meetings_get",
    summary="A meeting with agenda, participants, outcomes and what it received",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return _detail(request, meeting_id, reading=True)


@router.post(
    "/meetings",
    response={201: MeetingWriteOut},
    operation_id="meetings_create",
    summary="Schedule or record a meeting (Secretariat)",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    created = services.create_meeting(actor=api_user(request), **payload.dict())
    return Status(201, selectors.meeting(user=api_user(request), pk=created.pk) or created)


@router.patch(
    "/meetings/{meeting_id}",
    response=MeetingWriteOut,
    operation_id="meetings_update",
    summary="Change a meeting (Secretariat); send the lock_version you read",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Any:
    meeting = _meeting(request, meeting_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("lock_version")
    services.update_meeting(
        actor=api_user(request), meeting=meeting, changes=changes, expected_version=version
    )
    return selectors.meeting(user=api_user(request), pk=meeting.pk) or meeting


@router.delete(
    "/meetings/{meeting_id}",
    response={204: None},
    operation_id="meetings_delete",
    summary="Delete a meeting (Secretariat); refused once its outcomes travelled",
)
def delete_meeting(request: HttpRequest, meeting_id: int) -> Any:
    services.delete_meeting(actor=api_user(request), meeting=_meeting(request, meeting_id))
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemFullOut},
    operation_id="meetings_agenda_add",
    summary="Add an agenda item (Secretariat)",
)
def add_agenda_item(request: HttpRequest, meeting_id: int, payload: AgendaItemIn) -> Any:
    meeting = _meeting(request, meeting_id)
    return Status(
        201, services.add_agenda_item(actor=api_user(request), meeting=meeting, **payload.dict())
    )


@router.post(
    "/meetings/{meeting_id}/participants",
    response={201: ParticipantFullOut},
    operation_id="meetings_participants_add",
    summary="Add a delegation (Secretariat)",
)
def add_participant(request: HttpRequest, meeting_id: int, payload: ParticipantIn) -> Any:
    meeting = _meeting(request, meeting_id)
    return Status(
        201, services.add_participant(actor=api_user(request), meeting=meeting, **payload.dict())
    )


# -- outcomes ----------------------------------------------------------------------------------


@router.get(
    "/outcomes",
    response=list[OutcomeListOut],
    operation_id="meetings_outcomes_list",
    summary="List outcomes",
    description="Outcomes you may see, oldest meeting first; filter by meeting id.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_outcomes(request: HttpRequest, filters: Query[OutcomeFilters]) -> Any:
    return selectors.outcome_list(user=api_user(request), meeting_id=filters.meeting)


@router.get(
    "/outcomes/{outcome_id}",
    response=OutcomeDetailOut,
    operation_id="meetings_outcome_get",
    summary="An outcome with its trace (where it came from, where it went)",
)
def get_outcome(request: HttpRequest, outcome_id: int) -> Any:
    outcome = _outcome(request, outcome_id)
    return outcome_out(outcome, selectors.outcome_trace(user=api_user(request), outcome=outcome))


@router.post(
    "/meetings/{meeting_id}/outcomes",
    response={201: OutcomeDetailOut},
    operation_id="meetings_outcome_create",
    summary="Record an outcome of a meeting (numbered automatically)",
)
def create_outcome(request: HttpRequest, meeting_id: int, payload: OutcomeIn) -> Any:
    meeting = _meeting(request, meeting_id)
    created = services.create_outcome(actor=api_user(request), meeting=meeting, **payload.dict())
    return Status(201, _outcome_with_trace(request, created.pk))


def _outcome_with_trace(request: HttpRequest, outcome_id: int) -> Any:
    outcome = _outcome(request, outcome_id)
    return outcome_out(outcome, selectors.outcome_trace(user=api_user(request), outcome=outcome))


@router.patch(
    "/outcomes/{outcome_id}",
    response=OutcomeDetailOut,
    operation_id="meetings_outcome_update",
    summary="Change an outcome (Secretariat); send the lock_version you read",
)
def update_outcome(request: HttpRequest, outcome_id: int, payload: OutcomePatch) -> Any:
    outcome = _outcome(request, outcome_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("lock_version")
    services.update_outcome(
        actor=api_user(request), outcome=outcome, changes=changes, expected_version=version
    )
    return _outcome_with_trace(request, outcome.pk)


@router.post(
    "/outcomes/{outcome_id}/forward",
    response={201: ForwardingFullOut},
    operation_id="meetings_outcome_forward",
    summary="Forward an outcome to a later meeting",
)
def forward_outcome(request: HttpRequest, outcome_id: int, payload: ForwardIn) -> Any:
    outcome = _outcome(request, outcome_id)
    forwarding = services.forward_outcome(
        actor=api_user(request),
        outcome=outcome,
        to_meeting=payload.to_meeting,
        source=payload.source,
    )
    return Status(201, forwarding)


@router.post(
    "/outcomes/{outcome_id}/forwardings/{to_meeting_id}/decision",
    response=ForwardingFullOut,
    operation_id="meetings_forwarding_decision",
    summary="Record what the receiving meeting decided on a forwarded outcome",
)
def record_decision(
    request: HttpRequest, outcome_id: int, to_meeting_id: int, payload: DecisionIn
) -> Any:
    forwarding = selectors.visible_forwarding(
        user=api_user(request), outcome_id=outcome_id, to_meeting_id=to_meeting_id
    )
    if forwarding is None:
        raise Http404
    return services.record_decision(
        actor=api_user(request),
        forwarding=forwarding,
        status=payload.status,
        decision_note=payload.decision_note,
        resulting_outcome=payload.resulting_outcome,
        expected_version=payload.lock_version,
    )
