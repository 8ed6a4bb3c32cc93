"""Pages of meeting documents: the text, the original file and its earlier versions — all
through the gate — and the forms of those who keep them (the Secretariat, the body's chair)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.audience import most_restrictive_tlp, tlp_css_class
from mufakat.core.forms import run_service
from mufakat.core.visibility import knowable_sharing_groups
from mufakat.core.web import private_download
from mufakat.meetings import documents, selectors
from mufakat.meetings.forms import DocumentVersionForm, MeetingDocumentForm
from mufakat.meetings.models import AgendaItem, Meeting, MeetingDocument
from mufakat.meetings.permissions import can_manage_meeting_documents


def _document_or_404(request: HttpRequest, pk: int) -> MeetingDocument:
    found = documents.document(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user may see (else 404) and keep the documents of (else 403)."""
    meeting = selectors.meeting(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    if not can_manage_meeting_documents(request.user, meeting):
        raise PermissionDenied(_("Only the Secretariat and the body's chair keep its documents."))
    return meeting


def _require_manager(request: HttpRequest, doc: MeetingDocument) -> None:
    if not can_manage_meeting_documents(request.user, doc.meeting):
        raise PermissionDenied(_("Only the Secretariat and the body's chair keep its documents."))


def _agenda(request: HttpRequest, meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.visible_to(request.user).filter(meeting=meeting))


def _form_page(request: HttpRequest, form: Any, *, title: str, cancel_url: str) -> HttpResponse:
    return render(
        request,
        "meetings/document_form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    record_sensitive_read(reader=request.user, obj=doc)
    page_tlp = most_restrictive_tlp(doc.meeting.tlp, doc.tlp)
    return render(
        request,
        "meetings/document.html",
        {
            "doc": doc,
            "meeting": doc.meeting,
            "versions": doc.history,  # type: ignore[attr-defined]
            "groups": doc.knowable_groups,  # type: ignore[attr-defined]
            "page_tlp": page_tlp,
            "page_tlp_class": tlp_css_class(page_tlp),
            "can_manage": can_manage_meeting_documents(request.user, doc.meeting),
        },
    )


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


def version_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """An earlier version's file, for whoever may see the document (and its meeting)."""
    found = documents.version(user=request.user, document_id=pk, number=number)
    if found is None or not found.file:
        raise Http404
    return private_download(
        found.file,
        name=found.file_name or "document",
        content_type=found.content_type,
        source=found,
        reader=request.user,
    )


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    agenda = _agenda(request, meeting)
    wanted = request.GET.get("agenda", "")
    form = MeetingDocumentForm(
        request.POST or None,
        request.FILES or None,
        agenda=agenda,
        groups=knowable_sharing_groups(request.user),
        initial={
            "audience": meeting.audience,
            "tlp": meeting.tlp,
            "kind": MeetingDocument.Kind.WORKING_PAPER,
            "agenda_item": int(wanted) if wanted.isdigit() else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form,
            lambda: documents.add_document(
                actor=request.user,
                meeting=meeting,
                uploaded_file=form.cleaned_data.get("file"),
                **form.service_arguments(),
            ),
        )
        if created is not None:
            messages.success(request, _("Document “%s” added.") % created.title)
            return redirect(created.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Add a document to %(meeting)s") % {"meeting": meeting.title},
        cancel_url=meeting.get_absolute_url() + "#documents",
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    _require_manager(request, doc)
    form = MeetingDocumentForm(
        request.POST or None,
        agenda=_agenda(request, doc.meeting),
        groups=knowable_sharing_groups(request.user),
        editing=True,
        initial={
            **MeetingDocumentForm.initial_for(doc),
            "sharing_groups": doc.knowable_groups,  # type: ignore[attr-defined]
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: documents.update_document(
                actor=request.user,
                document=doc,
                changes=form.service_arguments(),
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Document saved."))
            return redirect(saved.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Edit “%(title)s”") % {"title": doc.title},
        cancel_url=doc.get_absolute_url(),
    )


@login_required
def document_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request, pk)
    _require_manager(request, doc)
    form = DocumentVersionForm(
        request.POST or None, request.FILES or None, initial={"lock_version": doc.lock_version}
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: documents.add_version(
                actor=request.user,
                document=doc,
                uploaded_file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Version %d uploaded.") % saved.version)
            return redirect(saved.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Replace the file of “%(title)s”") % {"title": doc.title},
        cancel_url=doc.get_absolute_url(),
    )


@login_required
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a page of its own); removes on POST."""
    doc = _document_or_404(request, pk)
    _require_manager(request, doc)
    meeting_url = doc.meeting.get_absolute_url()
    if request.method == "POST":
        documents.remove_document(actor=request.user, document=doc)
        messages.success(request, _("Document “%s” removed.") % doc.title)
        return redirect(meeting_url + "#documents")
    return render(
        request,
        "meetings/document_confirm_remove.html",
        {
            "doc": doc,
            "meeting": doc.meeting,
            "versions": doc.history,  # type: ignore[attr-defined]
            "page_tlp": most_restrictive_tlp(doc.meeting.tlp, doc.tlp),
        },
    )
