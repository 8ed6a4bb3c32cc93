"""REST endpoints of meeting documents and delegations (mounted at /api/v1/ by mufakat/api.py).

Thin like the pages: reads through the gate (a hidden document, meeting or invitation is a 404),
writes through :mod:`mufakat.meetings.documents` and :mod:`mufakat.meetings.delegations` (a
missing right 403, bad input 422 on the field, a stale ``lock_version`` 409). Files go up as
multipart forms and come down through the same gated, audited download as the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.references import group_codes
from mufakat.core.schemas import InputSchema
from mufakat.core.web import api_signed_in_user, api_user, private_download
from mufakat.meetings import delegations, documents, selectors
from mufakat.meetings.models import Meeting, MeetingDocument, MeetingDocumentVersion

router = Router(tags=["meeting documents and delegations"])


# -- schemas -----------------------------------------------------------------------------------


class DocumentVersionOut(Schema):
    number: int
    file_name: str
    content_type: str
    size: int
    sha256: str
    note: str = Field(description="What changed when this version was replaced")
    replaced_at: dt.datetime = Field(alias="created_at")
    download: str


class DocumentOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    agenda_item: int | None = Field(alias="agenda_item_id", description="Agenda item id or null")
    kind: str = Field(
        description="provisional_agenda, annotated_agenda, working_paper, country_report, "
        "presentation, report, press_statement, record or other"
    )
    title: str
    published: dt.date | None
    source_url: str
    audience: str
    tlp: str
    version: int
    file_name: str
    content_type: str
    size: int
    text_status: str = Field(description="none, pending, done or failed (text for search)")
    download: str | None = Field(description="Where to download the current file, if any")
    lock_version: int


class DocumentDetailOut(DocumentOut):
    sharing_groups: list[str] = Field(description="Codes of the groups you may know of")
    versions: list[DocumentVersionOut] = Field(description="Earlier files, newest first")


class DocumentIn(InputSchema):
    """The form fields of a new document (multipart, with ``file``)."""

    title: str = Field(max_length=300)
    kind: str = MeetingDocument.Kind.WORKING_PAPER
    agenda_item: int | None = Field(None, ge=1, description="Id of an item of this meeting")
    text: str = Field("", description="Optional with a file; required without one")
    published: dt.date | None = None
    source_url: str = Field("", max_length=1000)
    audience: str = Field("organisation", description="Never wider than the meeting's")
    tlp: str = Field("AMBER", description="At least as strict as the meeting's")
    sharing_groups: list[str] = Field(default_factory=list, description="Sharing group codes")


class VersionIn(InputSchema):
    note: str = Field("", max_length=300, description="What changed")
    lock_version: int | None = Field(None, description="The document's version you read")


class DelegateOut(Schema):
    name: str
    position: str
    agency: str | None = Field(description="Agency acronym")
    is_head: bool


class DelegationOut(Schema):
    party: str = Field(description="Party code")
    party_name: str
    invited: bool
    nominated_at: dt.datetime | None
    lock_version: int | None = Field(description="The invitation's version, for PUT")
    delegates: list[DelegateOut] = Field(
        description="Empty for anonymous callers: names are shown to signed-in users only"
    )


class InvitationsIn(InputSchema):
    parties: list[str] = Field(description="Party codes to invite", min_length=1, max_length=100)


class DelegateIn(InputSchema):
    name: str = Field(max_length=200)
    position: str = Field("", max_length=200)
    agency: str | None = Field(None, max_length=30, description="Acronym of the party's agency")
    is_head: bool = False


class DelegationIn(InputSchema):
    delegates: list[DelegateIn] = Field(min_length=1, max_length=delegations.MAX_DELEGATES)
    lock_version: int | None = Field(None, description="The invitation's version you read")


# -- helpers -----------------------------------------------------------------------------------


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    found = selectors.meeting(user=api_user(request), pk=meeting_id)
    if found is None:
        raise Http404
    return found


def _document(request: HttpRequest, document_id: int) -> MeetingDocument:
    found = documents.document(user=api_user(request), pk=document_id)
    if found is None:
        raise Http404
    return found


#: Fields a document answers as they are stored.
PLAIN_FIELDS = (
    "id",
    "kind",
    "title",
    "published",
    "source_url",
    "audience",
    "tlp",
    "version",
    "file_name",
    "content_type",
    "size",
    "text_status",
    "lock_version",
)


def _out(doc: MeetingDocument) -> dict[str, Any]:
    return {
        **{name: getattr(doc, name) for name in PLAIN_FIELDS},
        "meeting_id": doc.meeting_id,
        "agenda_item_id": doc.agenda_item_id,
        "download": reverse("api:meetings_document_download", args=[doc.pk]) if doc.file else None,
    }


def _detail(doc: MeetingDocument) -> dict[str, Any]:
    history: list[MeetingDocumentVersion] = getattr(doc, "history", [])
    return {
        **_out(doc),
        "sharing_groups": group_codes(doc),
        "versions": [
            {
                **{f: getattr(v, f) for f in ("number", "file_name", "content_type", "size")},
                "sha256": v.sha256,
                "note": v.note,
                "created_at": v.created_at,
                "download": reverse(
                    "api:meetings_document_version_download", args=[doc.pk, v.number]
                ),
            }
            for v in history
        ],
    }


def _delegation_out(row: delegations.Delegation, *, signed_in: bool) -> dict[str, Any]:
    return {
        "party": row.party.code,
        "party_name": row.party.name,
        "invited": row.invitation is not None,
        "nominated_at": row.invitation.nominated_at if row.invitation else None,
        "lock_version": row.invitation.lock_version if row.invitation and signed_in else None,
        "delegates": [
            {
                "name": d.name,
                "position": d.position,
                "agency": d.agency.acronym if d.agency else None,
                "is_head": d.is_head,
            }
            for d in row.delegates
        ],
    }


# -- documents ---------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/documents",
    response=list[DocumentOut],
    operation_id="meetings_documents_list",
    summary="The documents of a meeting you may see",
    description="Each with its own audience and TLP (never wider than the meeting's).",
)
def list_documents(request: HttpRequest, meeting_id: int) -> Any:
    meeting = _meeting(request, meeting_id)
    return [_out(d) for d in documents.documents(user=api_user(request), meeting=meeting)]


@router.post(
    "/meetings/{meeting_id}/documents",
    response={201: DocumentDetailOut},
    operation_id="meetings_documents_add",
    summary="Add a document to a meeting or one of its agenda items (Secretariat, body chair)",
    description="Multipart form with the fields below and `file` (PDF, DOCX, XLSX or text; the "
    "type is read from the content). The file's text is read in the background for search.",
)
def add_document(
    request: HttpRequest,
    meeting_id: int,
    payload: Form[DocumentIn],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Any:
    user = api_signed_in_user(request, "Sign in to add documents.")
    meeting = _meeting(request, meeting_id)
    created = documents.add_document(
        actor=user, meeting=meeting, uploaded_file=file, **payload.dict()
    )
    found = documents.document(user=user, pk=created.pk)
    return Status(201, _detail(found or created))


@router.get(
    "/documents/{document_id}",
    response=DocumentDetailOut,
    operation_id="meetings_document_get",
    summary="A meeting document with its earlier versions",
)
def get_document(request: HttpRequest, document_id: int) -> Any:
    doc = _document(request, document_id)
    record_sensitive_read(reader=api_user(request), obj=doc)
    return _detail(doc)


@router.post(
    "/documents/{document_id}/versions",
    response={201: DocumentDetailOut},
    operation_id="meetings_document_version_add",
    summary="Upload a new version of a document's file (the previous one is kept)",
    description="Multipart form with `file`, optionally `note` and `lock_version`.",
)
def add_version(
    request: HttpRequest,
    document_id: int,
    file: File[UploadedFile],
    payload: Form[VersionIn],
) -> Any:
    user = api_signed_in_user(request, "Sign in to upload documents.")
    doc = _document(request, document_id)
    documents.add_version(
        actor=user,
        document=doc,
        uploaded_file=file,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return Status(201, _detail(_document(request, document_id)))


@router.delete(
    "/documents/{document_id}",
    response={204: None},
    operation_id="meetings_document_delete",
    summary="Remove a document with its versions (Secretariat, body chair)",
)
def delete_document(request: HttpRequest, document_id: int) -> Any:
    user = api_signed_in_user(request, "Sign in to remove documents.")
    documents.remove_document(actor=user, document=_document(request, document_id))
    return Status(204, None)


@router.get(
    "/documents/{document_id}/download",
    response={200: None},
    operation_id="meetings_document_download",
    url_name="meetings_document_download",
    summary="Download a document's current file",
)
def download_document(request: HttpRequest, document_id: int) -> FileResponse:
    doc = _document(request, document_id)
    if not doc.file:
        raise Http404
    return private_download(
        doc.file,
        name=doc.file_name or "document",
        content_type=doc.content_type,
        source=doc,
        reader=api_user(request),
    )


@router.get(
    "/documents/{document_id}/versions/{number}/download",
    response={200: None},
    operation_id="meetings_document_version_download",
    url_name="meetings_document_version_download",
    summary="Download an earlier version of a document's file",
)
def download_version(request: HttpRequest, document_id: int, number: int) -> FileResponse:
    found = documents.version(user=api_user(request), document_id=document_id, number=number)
    if found is None or not found.file:
        raise Http404
    return private_download(
        found.file,
        name=found.file_name or "document",
        content_type=found.content_type,
        source=found,
        reader=api_user(request),
    )


# -- invitations and delegations ---------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/delegations",
    response=list[DelegationOut],
    operation_id="meetings_delegations_list",
    summary="Invited parties and their delegations",
    description="Delegates' names are personal data: anonymous callers get the parties only.",
)
def list_delegations(request: HttpRequest, meeting_id: int) -> Any:
    user = api_user(request)
    meeting = _meeting(request, meeting_id)
    signed_in = delegations.may_see_delegates(user)
    return [
        _delegation_out(row, signed_in=signed_in)
        for row in delegations.delegations(meeting, user=user)
    ]


@router.post(
    "/meetings/{meeting_id}/invitations",
    response={201: list[DelegationOut]},
    operation_id="meetings_invitations_add",
    summary="Invite parties to a planned meeting (Secretariat)",
    description="Parties already invited stay as they are. Answers the invited parties.",
)
def invite(request: HttpRequest, meeting_id: int, payload: InvitationsIn) -> Any:
    user = api_signed_in_user(request, "Sign in to invite parties.")
    meeting = _meeting(request, meeting_id)
    delegations.invite_parties(actor=user, meeting=meeting, parties=payload.parties)
    return Status(
        201,
        [
            _delegation_out(row, signed_in=True)
            for row in delegations.delegations(meeting, user=user)
            if row.invitation is not None
        ],
    )


@router.put(
    "/meetings/{meeting_id}/delegations/{party_code}",
    response=DelegationOut,
    operation_id="meetings_delegation_put",
    summary="Name (or rename) your party's delegation (its focal point)",
    description="Replaces the whole delegation; exactly one delegate is the head.",
)
def nominate(request: HttpRequest, meeting_id: int, party_code: str, payload: DelegationIn) -> Any:
    user = api_signed_in_user(request, "Sign in to name a delegation.")
    meeting = _meeting(request, meeting_id)
    invitation = delegations.invitation_for(meeting, user=user, party_code=party_code)
    if invitation is None:
        raise Http404
    delegations.nominate_delegation(
        actor=user,
        meeting=meeting,
        party=invitation.party,
        delegates=[d.dict() for d in payload.delegates],
        expected_version=payload.lock_version,
    )
    rows = delegations.delegations(meeting, user=user)
    row = next(r for r in rows if r.party.pk == invitation.party_id)
    return _delegation_out(row, signed_in=True)
