"""Pages of the report of the meeting. Thin: find the meeting through the gate, call one
selector or service of :mod:`mufakat.papers.record`, render. Everything works without
JavaScript: each lifecycle step is a small POST form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.errors import ConflictError
from mufakat.core.forms import run_service
from mufakat.meetings import selectors as meeting_selectors
from mufakat.meetings.models import Meeting
from mufakat.papers import record
from mufakat.papers.forms_record import (
    AddParagraphForm,
    CommentForm,
    CorrectionForm,
    ParagraphForm,
)
from mufakat.papers.models import RecordState, RecordVersion
from mufakat.papers.record_selectors import filter_paragraphs, latest_version, readable_version


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    found = meeting_selectors.meeting(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _version_or_404(request: HttpRequest, meeting: Meeting, number: int) -> RecordVersion:
    found = readable_version(meeting, user=request.user, number=number)
    if found is None:
        raise Http404
    found.record.meeting = meeting
    return found


def _record_url(meeting: Meeting, number: int | None = None) -> str:
    if number is None:
        return reverse("papers:record", args=[meeting.pk])
    return reverse("papers:record_version", args=[meeting.pk, number])


def _error(request: HttpRequest, exc: ValidationError | ConflictError) -> None:
    if isinstance(exc, ConflictError):
        messages.error(request, str(exc))
        return
    for message in exc.messages:
        messages.error(request, str(message))


def _page(request: HttpRequest, pk: int, number: int | None) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    view = record.record_view(meeting, user=request.user, number=number)
    if view is None:
        raise Http404
    record_sensitive_read(reader=request.user, obj=meeting)
    user = request.user
    version = view.version
    may_comment = (
        version is not None
        and version.state == RecordState.CIRCULATED
        and record.can_comment(user, meeting)
    )
    newest = latest_version(meeting, user=user) if view.manager else None
    context: dict[str, Any] = {
        "meeting": meeting,
        "view": view,
        "paper": view.paper,
        "version": version,
        "versions": view.versions,
        "manager": view.manager,
        "newest": newest,
        "showing_latest": version is None or version == view.latest,
        "may_comment": may_comment,
        "can_start": view.manager and newest is None,
        "can_correct": view.manager
        and newest is not None
        and newest.state != RecordState.DRAFT
        and meeting.status != Meeting.Status.CANCELLED,
        "correction_form": CorrectionForm(),
        "commented": [
            (key, view.numbers.get(key), view.texts.get(key, ""), view.comments_on(key))
            for key in ["", *view.texts]
            if view.comments_on(key) or (may_comment and (not key or key in view.numbers))
        ]
        if version is not None
        else [],
    }
    return render(request, "papers/record.html", context)


def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest version the reader may read (or the text generated from the records)."""
    return _page(request, pk, None)


def record_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _page(request, pk, number)


def record_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions the reader may read (by default the last two)."""
    meeting = _meeting_or_404(request, pk)
    versions = record.readable_versions(meeting, user=request.user)
    by_number = {v.number: v for v in versions}

    def number(name: str, default: int | None) -> int | None:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() else default

    newer_no = number("to", versions[-1].number if versions else None)
    older_no = number("from", versions[-2].number if len(versions) > 1 else None)
    newer, older = by_number.get(newer_no or 0), by_number.get(older_no or 0)
    if newer is None or older is None:
        raise Http404
    if older.number > newer.number:
        older, newer = newer, older
    changes = record.diff(older, newer, user=request.user)
    return render(
        request,
        "papers/record_diff.html",
        {
            "meeting": meeting,
            "older": older,
            "newer": newer,
            "versions": versions,
            "changes": changes,
        },
    )


def record_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Edit a draft paragraph by paragraph (each form carries the version it was loaded at)."""
    meeting = _meeting_or_404(request, pk)
    version = _version_or_404(request, meeting, number)
    record.require_record_manager(request.user, meeting)
    if version.state != RecordState.DRAFT:
        messages.info(request, _("Only a draft can be edited; start a new version to correct it."))
        return redirect(_record_url(meeting, number))
    failed: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        anchor = ""
        if action == "add":
            form: Any = AddParagraphForm(request.POST)
            done = form.is_valid() and run_service(
                form,
                lambda: record.add_paragraph(
                    actor=request.user,
                    version=version,
                    after_key=form.cleaned_data["after_key"] or None,
                    section=form.cleaned_data["section"],
                    text=form.cleaned_data["text"],
                    lock_version=form.cleaned_data["lock_version"],
                ),
            )
            anchor = form.data.get("after_key", "")
        elif action == "regenerate":
            form = ParagraphForm(request.POST)
            done = run_service(
                form,
                lambda: record.regenerate(
                    actor=request.user,
                    version=version,
                    lock_version=_int(request.POST.get("lock_version")),
                ),
            )
        elif action == "remove":
            form = ParagraphForm(request.POST)
            done = run_service(
                form,
                lambda: record.remove_paragraph(
                    actor=request.user,
                    version=version,
                    key=request.POST.get("key", ""),
                    lock_version=_int(request.POST.get("lock_version")),
                ),
            )
        else:
            form = ParagraphForm(request.POST)
            done = form.is_valid() and run_service(
                form,
                lambda: record.edit_paragraph(
                    actor=request.user,
                    version=version,
                    key=form.cleaned_data["key"],
                    text=form.cleaned_data["text"],
                    lock_version=form.cleaned_data["lock_version"],
                ),
            )
            anchor = form.data.get("key", "")
        if done:
            messages.success(request, _("The draft is saved."))
            url = reverse("papers:record_edit", args=[meeting.pk, number])
            return redirect(url + (f"#edit-{anchor}" if anchor else ""))
        failed = {"key": request.POST.get("key") or request.POST.get("after_key", ""), "form": form}
        version = _version_or_404(request, meeting, number)
    shown = filter_paragraphs(version.paragraphs, user=request.user).paragraphs
    rows = []
    for paragraph in shown:
        key = paragraph["key"]
        if failed and failed["key"] == key and isinstance(failed["form"], ParagraphForm):
            edit_form = failed["form"]
        else:
            edit_form = ParagraphForm(
                initial={
                    "key": key,
                    "text": paragraph["text"],
                    "lock_version": version.lock_version,
                }
            )
        rows.append(
            {
                "paragraph": paragraph,
                "form": edit_form,
                "add_form": failed["form"]
                if failed and failed["key"] == key and isinstance(failed["form"], AddParagraphForm)
                else AddParagraphForm(
                    initial={"after_key": key, "lock_version": version.lock_version},
                    auto_id=f"add-{key}-%s",
                ),
            }
        )
    return render(
        request,
        "papers/record_edit.html",
        {
            "meeting": meeting,
            "version": version,
            "rows": rows,
            "errors": failed["form"].non_field_errors() if failed else [],
        },
        status=409 if failed and _is_conflict(failed["form"]) else (422 if failed else 200),
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _is_conflict(form: Any) -> bool:
    return any("changed by someone else" in str(e) for e in form.non_field_errors())


@require_POST
def record_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    try:
        version = record.start_draft(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        _error(request, exc)
        return redirect(_record_url(meeting))
    messages.success(request, _("The draft is generated from the records; edit it below."))
    return redirect(reverse("papers:record_edit", args=[meeting.pk, version.number]))


def _step(request: HttpRequest, pk: int, number: int, step: Any, done: str) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    version = _version_or_404(request, meeting, number)
    try:
        step(
            actor=request.user, version=version, lock_version=_int(request.POST.get("lock_version"))
        )
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect(_record_url(meeting, number))


@require_POST
def record_circulate(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _step(
        request, pk, number, record.circulate, _("The report is circulated to the delegations.")
    )


@require_POST
def record_adopt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _step(request, pk, number, record.adopt, _("The report is adopted."))


@require_POST
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    record.require_record_manager(request.user, meeting)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(_record_url(meeting))
    try:
        version = record.correct(
            actor=request.user, meeting=meeting, change_note=form.cleaned_data["change_note"]
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect(_record_url(meeting))
    messages.success(request, _("A new draft version is started from the latest text."))
    return redirect(reverse("papers:record_edit", args=[meeting.pk, version.number]))


@require_POST
def record_comment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    version = _version_or_404(request, meeting, number)
    form = CommentForm(request.POST)
    key = form.data.get("paragraph_key", "")
    if form.is_valid():
        try:
            record.comment(
                actor=request.user,
                version=version,
                paragraph_key=form.cleaned_data["paragraph_key"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your comment is recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect(_record_url(meeting, number) + (f"#comments-{key}" if key else "#comments"))
