"""API of the report of the meeting's lifecycle (draft, edit, circulate, comment, adopt,
correct), mounted under /api/v1/. Thin like the pages: the meeting is found through the gate
(hidden → 404), each call is one service of :mod:`mufakat.papers.record` (missing right → 403,
bad input or wrong state → 422, stale ``lock_version`` → 409). Reading the report itself (JSON,
DOCX, PDF) is ``GET /meetings/{id}/record``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from mufakat.core.schemas import InputSchema
from mufakat.core.web import api_signed_in_user, api_user
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting
from mufakat.papers import record
from mufakat.papers.models import RecordComment, RecordVersion

router = Router(tags=["papers"])

SIGN_IN = "Sign in (a bearer token) to work on the report of a meeting."


class RecordVersionOut(Schema):
    number: int
    state: str = Field(description="draft, circulated or adopted")
    change_note: str
    lock_version: int = Field(description="Send it back with the next change; stale → 409")
    created_at: dt.datetime
    circulated_at: dt.datetime | None
    adopted_at: dt.datetime | None
    paragraphs: list[dict[str, Any]] = Field(
        description="The paragraphs you may read: key, section, text, ref (the record stated)"
    )


class ParagraphEditIn(InputSchema):
    text: str = Field(min_length=1, max_length=10_000)
    lock_version: int = Field(ge=1, le=2**31 - 1, description="The version's lock_version")


class ParagraphAddIn(InputSchema):
    after_key: str | None = Field(
        None, max_length=40, description="Add after this paragraph; none: end of the body"
    )
    section: str = Field("", max_length=300, description="Heading; empty: the one above")
    text: str = Field(min_length=1, max_length=10_000)
    lock_version: int | None = Field(None, ge=1, le=2**31 - 1)


class StepIn(InputSchema):
    lock_version: int | None = Field(None, ge=1, le=2**31 - 1)


class CorrectionIn(InputSchema):
    change_note: str = Field(min_length=1, max_length=300, description="What the version changes")


class CommentIn(InputSchema):
    paragraph_key: str = Field("", max_length=40, description="Empty: on the whole text")
    text: str = Field(min_length=1, max_length=5000)


class CommentOut(Schema):
    id: int
    version: int
    paragraph_key: str
    party: str | None
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_version(obj: RecordComment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_party(obj: RecordComment) -> str | None:
        return obj.party.code if obj.party else None


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    found = meeting_selectors.meeting(user=api_user(request), pk=pk)
    if found is None:
        raise Http404
    return found


def _version(request: HttpRequest, meeting: Meeting, number: int) -> RecordVersion:
    found = record.readable_version(meeting, user=api_user(request), number=number)
    if found is None:
        raise Http404
    found.record.meeting = meeting
    return found


def _out(request: HttpRequest, version: RecordVersion) -> dict[str, Any]:
    shown = record.filter_paragraphs(version.paragraphs, user=api_user(request)).paragraphs
    return {
        "number": version.number,
        "state": version.state,
        "change_note": version.change_note,
        "lock_version": version.lock_version,
        "created_at": version.created_at,
        "circulated_at": version.circulated_at,
        "adopted_at": version.adopted_at,
        "paragraphs": [{k: p.get(k, "") for k in ("key", "section", "text", "ref")} for p in shown],
    }


@router.post(
    "/meetings/{meeting_id}/record/draft",
    response={201: RecordVersionOut},
    operation_id="record_start_draft",
    summary="Start the report of the meeting: version 1, generated from the records",
    description="For the Secretariat and the chair of the body.",
)
def start_draft(request: HttpRequest, meeting_id: int) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = record.start_draft(actor=actor, meeting=_meeting(request, meeting_id))
    return Status(201, _out(request, version))


@router.patch(
    "/meetings/{meeting_id}/record/versions/{number}/paragraphs/{key}",
    response=RecordVersionOut,
    operation_id="record_edit_paragraph",
    summary="Change the text of one paragraph of a draft",
)
def edit_paragraph(
    request: HttpRequest, meeting_id: int, number: int, key: str, payload: ParagraphEditIn
) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = _version(request, _meeting(request, meeting_id), number)
    version = record.edit_paragraph(
        actor=actor, version=version, key=key, text=payload.text, lock_version=payload.lock_version
    )
    return _out(request, version)


@router.post(
    "/meetings/{meeting_id}/record/versions/{number}/paragraphs",
    response={201: RecordVersionOut},
    operation_id="record_add_paragraph",
    summary="Add the chair's own paragraph to a draft (read by every reader of the report)",
)
def add_paragraph(
    request: HttpRequest, meeting_id: int, number: int, payload: ParagraphAddIn
) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = _version(request, _meeting(request, meeting_id), number)
    version = record.add_paragraph(
        actor=actor,
        version=version,
        after_key=payload.after_key,
        section=payload.section,
        text=payload.text,
        lock_version=payload.lock_version,
    )
    return Status(201, _out(request, version))


@router.post(
    "/meetings/{meeting_id}/record/versions/{number}/circulate",
    response=RecordVersionOut,
    operation_id="record_circulate",
    summary="Circulate a draft to the delegations for comments",
)
def circulate(request: HttpRequest, meeting_id: int, number: int, payload: StepIn) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = _version(request, _meeting(request, meeting_id), number)
    version = record.circulate(actor=actor, version=version, lock_version=payload.lock_version)
    return _out(request, version)


@router.post(
    "/meetings/{meeting_id}/record/versions/{number}/adopt",
    response=RecordVersionOut,
    operation_id="record_adopt",
    summary="Adopt a circulated version; it is frozen from then on",
)
def adopt(request: HttpRequest, meeting_id: int, number: int, payload: StepIn) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = _version(request, _meeting(request, meeting_id), number)
    version = record.adopt(actor=actor, version=version, lock_version=payload.lock_version)
    return _out(request, version)


@router.post(
    "/meetings/{meeting_id}/record/corrections",
    response={201: RecordVersionOut},
    operation_id="record_correct",
    summary="Start a new draft version from the latest circulated or adopted one",
)
def correct(request: HttpRequest, meeting_id: int, payload: CorrectionIn) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = record.correct(
        actor=actor, meeting=_meeting(request, meeting_id), change_note=payload.change_note
    )
    return Status(201, _out(request, version))


@router.post(
    "/meetings/{meeting_id}/record/versions/{number}/comments",
    response={201: CommentOut},
    operation_id="record_comment",
    summary="Comment on a circulated version (a delegation of the meeting)",
    description="Read by the Secretariat, the chair and your own party only.",
)
def comment(request: HttpRequest, meeting_id: int, number: int, payload: CommentIn) -> Any:
    actor = api_signed_in_user(request, SIGN_IN)
    version = _version(request, _meeting(request, meeting_id), number)
    note = record.comment(
        actor=actor, version=version, paragraph_key=payload.paragraph_key, text=payload.text
    )
    return Status(201, note)
