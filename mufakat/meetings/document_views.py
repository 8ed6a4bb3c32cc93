"""Pages of meeting documents: the text, the original file — both through the gate only."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.web import private_download, registry_editor
from mufakat.meetings import documents
from mufakat.meetings.models import MeetingDocument


def _document_or_404(request: HttpRequest, pk: int) -> MeetingDocument:
    found = documents.document(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    record_sensitive_read(reader=request.user, obj=doc)
    return render(request, "meetings/document.html", {"doc": doc, "meeting": doc.meeting})


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """Sent as an attachment, typed by what the content was found to be, never sniffed."""
    doc = _document_or_404(request, pk)
    if not doc.file:
        raise Http404
    return private_download(
        doc.file,
        name=doc.file_name or "document",
        content_type=doc.content_type,
        source=doc,
        reader=request.user,
    )


@registry_editor
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    meeting_url = doc.meeting.get_absolute_url()
    documents.remove_document(actor=request.user, document=doc)
    messages.success(request, _("Document “%s” removed.") % doc.title)
    return redirect(meeting_url + "#documents")
