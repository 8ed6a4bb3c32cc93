"""API payloads of meetings and outcomes. Registry references are canonical codes, not ids."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from mufakat.core.schemas import InputSchema, PatchSchema, TranslatedTitleOut
from mufakat.core.title_translations import translated_title
from mufakat.meetings.models import Forwarding, Meeting, Outcome, Participant
from mufakat.meetings.selectors import MeetingDetail
from mufakat.meetings.trace import Chain, Step


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


# -- out ---------------------------------------------------------------------------------------


class MeetingSummaryOut(TranslatedTitleOut):
    id: int
    body: str = Field(description="Body code")
    number: int | None
    start_date: str = Field(description="YYYY-MM-DD, or YYYY-MM when only the month is known")
    end_date: str | None
    city: str
    is_virtual: bool
    host: str | None = Field(description="Party code")
    chair: str | None = Field(description="Party code")
    status: str
    audience: str
    tlp: str
    source: str

    @staticmethod
    def resolve_body(obj: Meeting) -> str:
        return obj.body.code

    @staticmethod
    def resolve_start_date(obj: Meeting) -> str:
        return str(obj.start)

    @staticmethod
    def resolve_end_date(obj: Meeting) -> str | None:
        return obj.end_date.isoformat() if obj.end_date else None

    @staticmethod
    def resolve_host(obj: Meeting) -> str | None:
        return _code(obj.host)

    @staticmethod
    def resolve_chair(obj: Meeting) -> str | None:
        return _code(obj.chair)


class AgendaItemOut(Schema):
    position: int
    title: str


class ParticipantOut(Schema):
    party: str
    agency: str | None
    head_of_delegation: str

    @staticmethod
    def resolve_party(obj: Participant) -> str:
        return obj.party.code

    @staticmethod
    def resolve_agency(obj: Participant) -> str | None:
        return obj.agency.acronym if obj.agency else None


class ForwardingOut(Schema):
    to_meeting: int = Field(alias="to_meeting_id")
    status: str
    decision_note: str


def _forwardings(obj: Outcome) -> list[Forwarding]:
    return list(getattr(obj, "visible_forwardings", []))


class OutcomeOut(Schema):
    id: int
    number: int
    reference: str
    kind: str
    text: str
    forwarded_to: list[int] = Field(description="Ids of the meetings it was forwarded to")
    status_at_destination: str | None = Field(
        description="What the latest meeting it was forwarded to made of it"
    )
    forwardings: list[ForwardingOut]

    @staticmethod
    def resolve_forwarded_to(obj: Outcome) -> list[int]:
        return [f.to_meeting_id for f in _forwardings(obj)]

    @staticmethod
    def resolve_status_at_destination(obj: Outcome) -> str | None:
        rows = _forwardings(obj)
        return rows[-1].status if rows else None

    @staticmethod
    def resolve_forwardings(obj: Outcome) -> list[Forwarding]:
        return _forwardings(obj)


class ReceivedOut(Schema):
    outcome: int = Field(alias="outcome_id")
    from_meeting: int
    status: str

    @staticmethod
    def resolve_from_meeting(obj: Forwarding) -> int:
        return obj.outcome.meeting_id


class MeetingOut(MeetingSummaryOut):
    """Resolved from :func:`with_extra` (the meeting plus its agenda, participants, …)."""

    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]
    outcomes: list[OutcomeOut]
    received: list[ReceivedOut] = Field(description="Outcomes of earlier meetings sent here")
    lock_version: int = Field(description="Send it back with PATCH; a stale one answers 409.")


class TraceStepOut(Schema):
    meeting: int
    meeting_title: str
    body: str
    outcome: int | None = Field(description="The outcome at this meeting, if known and visible")
    reference: str | None
    status: str | None = Field(description="What this meeting made of it; null at the origin")
    decision_note: str | None

    @staticmethod
    def resolve_meeting(obj: Step) -> int:
        return obj.meeting.pk

    @staticmethod
    def resolve_meeting_title(obj: Step) -> str:
        return translated_title(obj.meeting)

    @staticmethod
    def resolve_body(obj: Step) -> str:
        return obj.meeting.body.code

    @staticmethod
    def resolve_outcome(obj: Step) -> int | None:
        return obj.outcome.pk if obj.outcome else None

    @staticmethod
    def resolve_reference(obj: Step) -> str | None:
        return obj.outcome.reference if obj.outcome else None

    @staticmethod
    def resolve_status(obj: Step) -> str | None:
        return obj.forwarding.status if obj.forwarding else None

    @staticmethod
    def resolve_decision_note(obj: Step) -> str | None:
        return obj.forwarding.decision_note if obj.forwarding else None


class OutcomeListOut(OutcomeOut):
    meeting: int = Field(alias="meeting_id")


class OutcomeDetailOut(OutcomeListOut):
    """Resolved from :func:`with_extra` (the outcome plus ``trace``, its chains)."""

    responsible: str | None = Field(description="Party code")
    due_date: str | None
    instrument: str | None = Field(description="Key of the instrument concerned, if visible")
    audience: str
    tlp: str
    source: str
    lock_version: int
    trace: list[list[TraceStepOut]] = Field(
        description="Every chain through this outcome, from its origin to where it ended up"
    )

    @staticmethod
    def resolve_responsible(obj: Outcome) -> str | None:
        return _code(obj.responsible)

    @staticmethod
    def resolve_due_date(obj: Outcome) -> str | None:
        return obj.due_date.isoformat() if obj.due_date else None

    @staticmethod
    def resolve_instrument(obj: Outcome) -> str | None:
        if obj.instrument_id is None or not getattr(obj, "instrument_visible", False):
            return None
        return obj.instrument.key if obj.instrument else None


class WithExtra:
    """An object's attributes plus a few more, for schemas that read attributes."""

    def __init__(self, obj: Any, **extra: Any) -> None:
        self._obj = obj
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)


def meeting_out(detail: MeetingDetail) -> Any:
    return WithExtra(
        detail.meeting,
        agenda=detail.agenda,
        participants=detail.participants,
        outcomes=detail.outcomes,
        received=detail.received,
    )


def outcome_out(outcome: Outcome, chains: list[Chain]) -> Any:
    return WithExtra(outcome, trace=[list(chain) for chain in chains])


class AgendaItemFullOut(AgendaItemOut):
    id: int
    meeting: int = Field(alias="meeting_id")
    description: str
    lock_version: int


class ParticipantFullOut(ParticipantOut):
    id: int
    meeting: int = Field(alias="meeting_id")


class ForwardingFullOut(ForwardingOut):
    outcome: int = Field(alias="outcome_id")
    resulting_outcome: int | None = Field(alias="resulting_outcome_id")
    lock_version: int


class MeetingWriteOut(MeetingSummaryOut):
    """What a write answers: the meeting with the version to send on the next PATCH."""

    lock_version: int


# -- in ----------------------------------------------------------------------------------------


class MeetingIn(InputSchema):
    body: str = Field(description="Body code, e.g. SOMTC-WG-CT")
    number: int | None = None
    title: str = Field("", description="Empty: “19th <body name>”")
    title_translations: dict[str, str] = Field(
        default_factory=dict,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    start_date: str = Field(description="YYYY-MM-DD, or YYYY-MM for a planned meeting")
    end_date: str | None = None
    city: str = ""
    is_virtual: bool = False
    host: str | None = Field(None, description="Party code")
    chair: str | None = Field(None, description="Party code")
    status: str = Meeting.Status.PLANNED
    summary: str = ""
    source: str = ""
    audience: str = Field("organisation", description="public … named (DESIGN §3)")
    tlp: str = "AMBER"
    owner_party: str | None = Field(None, description="Party code; defaults to yours")
    sharing_groups: list[str] = Field(default_factory=list, description="Sharing group codes")


class MeetingPatch(PatchSchema):
    nullable = frozenset(
        {"number", "end_date", "host", "chair", "owner_party", "title_translations"}
    )
    lock_version: int = Field(description="The version you read; a newer one answers 409")
    body: str | None = None
    number: int | None = None
    title: str | None = None
    title_translations: dict[str, str] | None = Field(
        None,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    start_date: str | None = None
    end_date: str | None = None
    city: str | None = None
    is_virtual: bool | None = None
    host: str | None = None
    chair: str | None = None
    status: str | None = None
    summary: str | None = None
    source: str | None = None
    audience: str | None = None
    tlp: str | None = None
    owner_party: str | None = None
    sharing_groups: list[str] | None = None


class AgendaItemIn(InputSchema):
    title: str
    position: int | None = Field(None, description="Empty: after the last item")
    description: str = ""
    source: str = ""


class ParticipantIn(InputSchema):
    party: str = Field(description="Party code")
    agency: str | None = Field(None, description="Acronym of one of the party's agencies")
    head_of_delegation: str = ""
    source: str = ""


class OutcomeIn(InputSchema):
    kind: str
    text: str
    responsible: str | None = Field(None, description="Party code (action items)")
    due_date: str | None = None
    instrument: str | None = Field(None, description="Instrument key")
    source: str = ""
    audience: str = "organisation"
    tlp: str = "AMBER"
    owner_party: str | None = None
    sharing_groups: list[str] = Field(default_factory=list)


class OutcomePatch(PatchSchema):
    nullable = frozenset({"responsible", "due_date", "instrument", "owner_party"})
    lock_version: int
    kind: str | None = None
    text: str | None = None
    responsible: str | None = None
    due_date: str | None = None
    instrument: str | None = None
    source: str | None = None
    audience: str | None = None
    tlp: str | None = None
    owner_party: str | None = None
    sharing_groups: list[str] | None = None


class ForwardIn(InputSchema):
    to_meeting: int = Field(description="Id of a later meeting")
    source: str = ""


class DecisionIn(InputSchema):
    status: str = Field(description="pending, noted, endorsed, adopted, returned or rejected")
    decision_note: str = ""
    resulting_outcome: int | None = Field(
        None, description="Id of the receiving meeting's outcome that took this up"
    )
    lock_version: int | None = None
