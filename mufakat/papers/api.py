"""API of the meeting papers: the brief, the report of the meeting and the status report as JSON
(the same content as the page, for the caller), DOCX and PDF, and the documents produced.

Reads go through the same builders as the pages (a hidden meeting, instrument, snapshot or
version is a 404). A DOCX or PDF is produced for the signed-in caller and stored and audited
like a download from the site (401 without a token): a small one is the file at once (200), a
large one is queued (202, with the document to poll at ``/papers/{id}``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from mufakat.core.schemas import InputSchema, RecordId
from mufakat.core.web import api_signed_in_user, api_user, private_download
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting
from mufakat.papers import delivery
from mufakat.papers.models import PaperKind, ProducedDocument, RecordVersion
from mufakat.papers.render import CONTENT_TYPES
from mufakat.workplans.models import Instrument

router = Router(tags=["papers"])


# -- schemas ------------------------------------------------------------------------------------


class PaperLinkOut(Schema):
    label: str
    url: str = Field(description="Absolute path of the record on the site")


class ParaOut(Schema):
    type: Literal["para"]
    text: str
    numbered: bool
    number: int | None = Field(description="Its number when numbered (1, 2, 3 … in the paper)")
    links: list[PaperLinkOut]
    key: str


class TableOut(Schema):
    type: Literal["table"]
    headers: list[str]
    rows: list[list[str]]
    caption: str
    row_links: list[str | None] = Field(description="A link per row, or none")


class ChartOut(Schema):
    type: Literal["chart"]
    title: str
    svg: str = Field(description="The chart as SVG markup")


class NoteOut(Schema):
    type: Literal["note"]
    text: str = Field(description="Why content is missing (no snapshot yet, no agenda …)")


BlockOut = Annotated[ParaOut | TableOut | ChartOut | NoteOut, Field(discriminator="type")]


class SectionOut(Schema):
    heading: str
    blocks: list[BlockOut]
    source: str = Field(description="Where the section's figures come from")
    key: str
    subsections: list[SectionOut]


class MetaOut(Schema):
    label: str
    value: str


class PaperOut(Schema):
    """A meeting paper as its caller may read it; ``tlp`` is the most restrictive label of
    what it contains."""

    kind: Literal["brief", "record", "status_report"]
    title: str
    subtitle: str
    meta: list[MetaOut]
    sections: list[SectionOut]
    annexes: list[SectionOut]
    url: str = Field(description="The page of the paper on the site")
    version: str = Field(description="Version line of a report of the meeting")
    produced_at: dt.datetime | None
    tlp: Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


SectionOut.model_rebuild()


class ProducedOut(Schema):
    """A PDF or DOCX produced for the caller (only they can fetch it)."""

    id: int
    kind: str
    format: Literal["pdf", "docx"]
    title: str
    state: Literal["queued", "running", "done", "failed"]
    progress: int = Field(ge=0, le=100)
    error: str
    tlp: str
    file_name: str
    size: int
    sha256: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    meeting_id: int | None
    instrument_id: int | None
    snapshot_id: int | None
    download_url: str | None = Field(description="The API path of the file once it is done")


class RecordQuery(InputSchema):
    version: RecordId | None = Field(
        None, description="Version number (default: the latest you may read)"
    )


class SnapshotQuery(InputSchema):
    snapshot: RecordId | None = Field(None, description="Snapshot id (default: the latest)")


BINARY = {"type": "string", "format": "binary"}


def _file_doc(content_type: str, what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": f"The {what}, produced for you (stored and audited)",
                "content": {content_type: {"schema": BINARY}},
            },
            202: {"description": "A large paper: queued; poll the document for its progress"},
        }
    }


PDF_DOC = _file_doc(CONTENT_TYPES["pdf"], "PDF")
DOCX_DOC = _file_doc(CONTENT_TYPES["docx"], "DOCX")
FILE_RESPONSES = {200: None, 202: ProducedOut}


# -- helpers ------------------------------------------------------------------------------------


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    found = meeting_selectors.meeting(user=api_user(request), pk=meeting_id)
    if found is None:
        raise Http404
    return found


def _instrument(request: HttpRequest, instrument_id: int) -> Instrument:
    from mufakat.workplans.selectors import instrument_by_id

    return instrument_by_id(user=api_user(request), pk=instrument_id)


def _snapshot(request: HttpRequest, instrument: Instrument, snapshot_id: int | None) -> Any:
    from mufakat.papers.status_report import resolve_snapshot

    if snapshot_id is None:
        return None
    found = resolve_snapshot(instrument, user=api_user(request), snapshot_id=snapshot_id)
    if found is None:
        raise Http404
    return found


def _version(request: HttpRequest, meeting: Meeting, number: int | None) -> RecordVersion | None:
    from mufakat.papers.record import readable_version

    if number is None:
        return None
    found = readable_version(meeting, user=api_user(request), number=number)
    if found is None:
        raise Http404
    return found


def produced_out(document: ProducedDocument) -> dict[str, Any]:
    done = document.state == ProducedDocument.State.DONE
    return {
        "id": document.pk,
        "kind": document.kind,
        "format": document.format,
        "title": document.title,
        "state": document.state,
        "progress": document.progress,
        "error": document.error,
        "tlp": document.tlp,
        "file_name": document.file_name,
        "size": document.size,
        "sha256": document.sha256,
        "created_at": document.created_at,
        "finished_at": document.finished_at,
        "meeting_id": document.meeting_id,
        "instrument_id": document.instrument_id,
        "snapshot_id": document.snapshot_id,
        "download_url": f"/api/v1/papers/{document.pk}/file" if done else None,
    }


def _file(request: HttpRequest, document: ProducedDocument) -> FileResponse:
    return private_download(
        document.file,
        name=document.file_name or f"paper.{document.format}",
        content_type=delivery.content_type(document),
        source=document,
        reader=api_user(request),
    )


def _deliver(request: HttpRequest, *, kind: str, fmt: str, **about: Any) -> Any:
    user = api_signed_in_user(request, "Sign in (a token) to produce documents.")
    document = delivery.produce(user=user, kind=kind, format=fmt, **about)
    if getattr(document, "in_background", False) or document.state != "done":
        return Status(202, produced_out(document))
    return _file(request, document)


# -- the brief ----------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/brief",
    response=PaperOut,
    operation_id="papers_brief",
    summary="The brief of a meeting, as you may read it",
    description="Items forwarded to the meeting, the implementation of the instruments its "
    "body oversees (from the frozen snapshots), action items due, new knowledge and requests "
    "for expertise, the participants expected. Restricted parts are left out.",
)
def brief(request: HttpRequest, meeting_id: int) -> Any:
    from mufakat.papers.brief import build_brief

    return build_brief(_meeting(request, meeting_id), user=api_user(request)).to_json()


@router.get(
    "/meetings/{meeting_id}/brief.pdf",
    response=FILE_RESPONSES,
    operation_id="papers_brief_pdf",
    summary="The brief of a meeting as PDF, produced for you",
    openapi_extra=PDF_DOC,
)
def brief_pdf(request: HttpRequest, meeting_id: int) -> Any:
    return _deliver(request, kind=PaperKind.BRIEF, fmt="pdf", meeting=_meeting(request, meeting_id))


@router.get(
    "/meetings/{meeting_id}/brief.docx",
    response=FILE_RESPONSES,
    operation_id="papers_brief_docx",
    summary="The brief of a meeting as DOCX, produced for you",
    openapi_extra=DOCX_DOC,
)
def brief_docx(request: HttpRequest, meeting_id: int) -> Any:
    meeting = _meeting(request, meeting_id)
    return _deliver(request, kind=PaperKind.BRIEF, fmt="docx", meeting=meeting)


# -- the report of the meeting ------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/record",
    response=PaperOut,
    operation_id="papers_record",
    summary="The report of a meeting, as you may read it",
    description="A version you may read (default: the latest), or — before any — a text "
    "generated from the records. Paragraphs stating records you may not see are left out.",
)
def record(request: HttpRequest, meeting_id: int, query: Query[RecordQuery]) -> Any:
    from mufakat.papers.record import build_record

    meeting = _meeting(request, meeting_id)
    version = _version(request, meeting, query.version)
    return build_record(meeting, user=api_user(request), version=version).to_json()


def _record_file(request: HttpRequest, meeting_id: int, number: int | None, fmt: str) -> Any:
    meeting = _meeting(request, meeting_id)
    version = _version(request, meeting, number)
    return _deliver(
        request, kind=PaperKind.RECORD, fmt=fmt, meeting=meeting, record_version=version
    )


@router.get(
    "/meetings/{meeting_id}/record.pdf",
    response=FILE_RESPONSES,
    operation_id="papers_record_pdf",
    summary="The report of a meeting as PDF, produced for you",
    openapi_extra=PDF_DOC,
)
def record_pdf(request: HttpRequest, meeting_id: int, query: Query[RecordQuery]) -> Any:
    return _record_file(request, meeting_id, query.version, "pdf")


@router.get(
    "/meetings/{meeting_id}/record.docx",
    response=FILE_RESPONSES,
    operation_id="papers_record_docx",
    summary="The report of a meeting as DOCX, produced for you",
    openapi_extra=DOCX_DOC,
)
def record_docx(request: HttpRequest, meeting_id: int, query: Query[RecordQuery]) -> Any:
    return _record_file(request, meeting_id, query.version, "docx")


# -- the status report --------------------------------------------------------------------------


@router.get(
    "/instruments/{instrument_id}/status-report",
    response=PaperOut,
    operation_id="papers_status_report",
    summary="The implementation status report of an instrument, as you may read it",
    description="From a frozen snapshot you may see (default: the latest): per priority area, "
    "activity and party, with charts, narratives and the change since the previous snapshot.",
)
def status_report(request: HttpRequest, instrument_id: int, query: Query[SnapshotQuery]) -> Any:
    from mufakat.papers.status_report import build_status_report

    instrument = _instrument(request, instrument_id)
    snapshot = _snapshot(request, instrument, query.snapshot)
    return build_status_report(instrument, user=api_user(request), snapshot=snapshot).to_json()


def _status_file(
    request: HttpRequest, instrument_id: int, snapshot_id: int | None, fmt: str
) -> Any:
    instrument = _instrument(request, instrument_id)
    snapshot = _snapshot(request, instrument, snapshot_id)
    return _deliver(
        request, kind=PaperKind.STATUS_REPORT, fmt=fmt, instrument=instrument, snapshot=snapshot
    )


@router.get(
    "/instruments/{instrument_id}/status-report.pdf",
    response=FILE_RESPONSES,
    operation_id="papers_status_report_pdf",
    summary="The status report of an instrument as PDF, produced for you",
    openapi_extra=PDF_DOC,
)
def status_report_pdf(request: HttpRequest, instrument_id: int, query: Query[SnapshotQuery]) -> Any:
    return _status_file(request, instrument_id, query.snapshot, "pdf")


@router.get(
    "/instruments/{instrument_id}/status-report.docx",
    response=FILE_RESPONSES,
    operation_id="papers_status_report_docx",
    summary="The status report of an instrument as DOCX, produced for you",
    openapi_extra=DOCX_DOC,
)
def status_report_docx(
    request: HttpRequest, instrument_id: int, query: Query[SnapshotQuery]
) -> Any:
    return _status_file(request, instrument_id, query.snapshot, "docx")


# -- documents produced -------------------------------------------------------------------------


def _produced(request: HttpRequest, document_id: int) -> ProducedDocument:
    found = delivery.produced_document(api_user(request), document_id)
    if found is None:
        raise Http404
    return found


@router.get(
    "/papers/{document_id}",
    response=ProducedOut,
    operation_id="papers_produced",
    summary="A document produced for you: its state, progress and file",
)
def produced(request: HttpRequest, document_id: int) -> Any:
    return produced_out(_produced(request, document_id))


@router.get(
    "/papers/{document_id}/file",
    response={200: None},
    operation_id="papers_produced_file",
    summary="Download a document produced for you",
    openapi_extra={
        "responses": {
            200: {
                "description": "The PDF or DOCX",
                "content": {type_: {"schema": BINARY} for type_ in CONTENT_TYPES.values()},
            }
        }
    },
)
def produced_file(request: HttpRequest, document_id: int) -> FileResponse:
    document = _produced(request, document_id)
    if document.state != ProducedDocument.State.DONE or not document.file:
        raise Http404
    return _file(request, document)
