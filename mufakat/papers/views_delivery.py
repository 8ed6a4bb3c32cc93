"""Pages and downloads of the meeting papers: the brief and the status report as pages, the
three papers as PDF and DOCX produced for the reader, and the documents produced.

Thin: each view finds the record through the gate (404 naming nothing when hidden), builds or
produces the paper through :mod:`mufakat.papers.delivery`, and renders. A download of a small
paper is the file at once (still stored and audited); a large one is queued and the reader is
sent to the document's page, which shows the progress and then the link.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.core.title_translations import translated_short_title, translated_title
from mufakat.core.visibility import precompiled
from mufakat.core.web import private_download
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting
from mufakat.papers import delivery
from mufakat.papers.content import Paper
from mufakat.papers.models import PaperKind, ProducedDocument, RecordVersion
from mufakat.workplans.models import Instrument


class Empty:
    pk = None


#: While a document is being produced its page reloads itself (an HTTP ``Refresh``: no
#: JavaScript needed) every this many seconds.
REFRESH_SECONDS = 2


# -- finding what a paper is about --------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    found = meeting_selectors.meeting(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _instrument(request: HttpRequest, pk: int) -> Instrument:
    from mufakat.workplans.selectors import instrument_by_id

    return instrument_by_id(user=request.user, pk=pk)


def _number(value: str | None) -> int | None:
    """A positive id from the query string; anything else is a 404 (not a 500, not a guess)."""
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 12 or int(value) < 1:
        raise Http404
    return int(value)


def _snapshot(request: HttpRequest, instrument: Instrument) -> Any:
    """The snapshot asked for (``?snapshot=``) or ``None`` for the latest; a hidden or foreign
    one is a 404."""
    from mufakat.papers.status_report import resolve_snapshot

    snapshot_id = _number(request.GET.get("snapshot"))
    if snapshot_id is None:
        return None
    found = resolve_snapshot(instrument, user=request.user, snapshot_id=snapshot_id)
    if found is None:
        raise Http404
    return found


def _record_version(request: HttpRequest, meeting: Meeting) -> RecordVersion | None:
    """The version asked for (``?version=N``) if the reader may read it, else a 404."""
    from mufakat.papers.record import readable_version

    number = _number(request.GET.get("version"))
    if number is None:
        return None
    found = readable_version(meeting, user=request.user, number=number)
    if found is None:
        raise Http404
    return found


# -- pages ---------------------------------------------------------------------------------------


def _paper_page(
    request: HttpRequest,
    paper: Paper,
    *,
    breadcrumbs: list[tuple[str, str]],
    downloads: list[tuple[str, str]],
    produced: Any,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "papers/paper_page.html",
        {
            "paper": paper.number_paragraphs(),
            "page_tlp": paper.tlp,
            "breadcrumbs": breadcrumbs,
            "downloads": downloads,
            "produced": list(produced[:10]) if request.user.is_authenticated else [],
            **(extra or {}),
        },
    )


def brief_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The brief of a meeting, as the reader may read it, with its downloads."""
    from mufakat.papers.brief import build_brief

    meeting = _meeting(request, pk)
    paper = build_brief(meeting, user=request.user)
    return _paper_page(
        request,
        paper,
        breadcrumbs=[
            (_("Meetings"), reverse("meetings:list")),
            (translated_title(meeting), meeting.get_absolute_url()),
        ],
        downloads=[
            (_("Download PDF"), reverse("papers:brief_pdf", args=[meeting.pk])),
            (_("Download DOCX"), reverse("papers:brief_docx", args=[meeting.pk])),
        ],
        produced=_produced_briefs(request.user, meeting),
    )


def _produced_briefs(user: Any, meeting: Meeting) -> list[ProducedDocument]:
    """The latest briefs of ``meeting`` produced for ``user`` (none for anonymous visitors), in a
    statement compiled once per reader: a document produced since shows at the next request."""
    if not user.is_authenticated:
        return []
    return precompiled(
        "papers.produced_briefs",
        ProducedDocument,
        user,
        lambda value: delivery.produced_for(user, meeting=Meeting(pk=value)).filter(
            kind=PaperKind.BRIEF
        )[:10],
        meeting.pk,
    )


def status_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The status report of an instrument from a snapshot (``?snapshot=``; the latest by
    default), with a picker of the snapshots the reader may see."""
    from mufakat.papers.status_report import build_status_report, status_report_snapshots

    instrument = _instrument(request, pk)
    snapshot = _snapshot(request, instrument)
    paper = build_status_report(instrument, user=request.user, snapshot=snapshot)
    snapshots = status_report_snapshots(instrument, user=request.user)
    query = f"?snapshot={snapshot.pk}" if snapshot is not None else ""
    return _paper_page(
        request,
        paper,
        breadcrumbs=[
            (_("Instruments"), reverse("workplans:list")),
            (translated_short_title(instrument), instrument.get_absolute_url()),
        ],
        downloads=[
            (_("Download PDF"), reverse("papers:status_report_pdf", args=[pk]) + query),
            (_("Download DOCX"), reverse("papers:status_report_docx", args=[pk]) + query),
        ],
        produced=delivery.produced_for(request.user, instrument=instrument),
        extra={
            "snapshots": [(s.pk, f"{s.round.title} — {s.frozen_at:%d %B %Y}") for s in snapshots],
            "snapshot_id": (snapshot or (snapshots[0] if snapshots else None) or Empty).pk,
            "picker_url": reverse("papers:status_report", args=[pk]),
        },
    )


# -- downloads -----------------------------------------------------------------------------------


def _deliver(
    request: HttpRequest, *, kind: str, fmt: str, **about: Any
) -> HttpResponse | FileResponse:
    """Produce for the signed-in reader; the file at once if ready, else its page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = delivery.produce(user=request.user, kind=kind, format=fmt, **about)
    if getattr(document, "in_background", False) or document.state != ProducedDocument.State.DONE:
        return redirect("papers:produced", document.pk)
    return _file_response(request, document)


def _file_response(request: HttpRequest, document: ProducedDocument) -> FileResponse:
    return private_download(
        document.file,
        name=document.file_name or f"paper.{document.format}",
        content_type=delivery.content_type(document),
        source=document,
        reader=request.user,
    )


def brief_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    meeting = _meeting(request, pk)
    return _deliver(request, kind=PaperKind.BRIEF, fmt=fmt, meeting=meeting)


def record_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    """The report of the meeting (``?version=N``; the latest the reader may read by default)."""
    meeting = _meeting(request, pk)
    version = _record_version(request, meeting)
    return _deliver(
        request, kind=PaperKind.RECORD, fmt=fmt, meeting=meeting, record_version=version
    )


def status_report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    instrument = _instrument(request, pk)
    snapshot = _snapshot(request, instrument)
    return _deliver(
        request,
        kind=PaperKind.STATUS_REPORT,
        fmt=fmt,
        instrument=instrument,
        snapshot=snapshot,
    )


# -- produced documents --------------------------------------------------------------------------


def _produced(request: HttpRequest, pk: int) -> ProducedDocument:
    found = delivery.produced_document(request.user, pk)
    if found is None:
        raise Http404
    return found


def produced_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A produced document: its progress while being produced, then its link (or why not)."""
    document = _produced(request, pk)
    pending = document.state in (ProducedDocument.State.QUEUED, ProducedDocument.State.RUNNING)
    response = render(
        request,
        "papers/produced.html",
        {
            "document": document,
            "pending": pending,
            "page_tlp": document.tlp,
            "about_url": _about_url(document),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    if pending:
        response["Refresh"] = str(REFRESH_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


def _about_url(document: ProducedDocument) -> str:
    if document.kind == PaperKind.STATUS_REPORT and document.instrument_id:
        return reverse("papers:status_report", args=[document.instrument_id])
    if document.kind == PaperKind.BRIEF and document.meeting_id:
        return reverse("papers:brief", args=[document.meeting_id])
    if document.meeting_id:
        return reverse("meetings:detail", args=[document.meeting_id])
    return ""


def produced_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _produced(request, pk)
    if document.state != ProducedDocument.State.DONE or not document.file:
        raise Http404
    return _file_response(request, document)
