"""Ingest pages: a new draft, the review (confirm is its POST), the result, my drafts.

Thin: parse input, call one selector or service, render. A draft that is not yours answers
404; users who may not ingest get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mufakat.core.errors import ConflictError
from mufakat.core.forms import run_service
from mufakat.ingest import forms, selectors, services
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.permissions import can_confirm_drafts, require_ingester
from mufakat.ingest.review import review
from mufakat.meetings.models import Meeting
from mufakat.workplans.models import Instrument

View = Callable[..., HttpResponse]


def ingester(view: View) -> View:
    """Log in first; then only the Secretariat and chairs get the page (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_ingester(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _draft_or_404(request: HttpRequest, pk: int) -> IngestDraft:
    found = selectors.draft(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


@ingester
def draft_list(request: HttpRequest) -> HttpResponse:
    mine = list(selectors.my_drafts(user=request.user)[:100])
    others: list[IngestDraft] = []
    if can_confirm_drafts(request.user):
        others = list(
            selectors.drafts(user=request.user, status=IngestDraft.Status.DRAFT).exclude(
                owner_id=request.user.pk
            )[:100]
        )
    return render(request, "ingest/list.html", {"drafts": mine, "others": others})


@ingester
def draft_new(request: HttpRequest) -> HttpResponse:
    form = forms.DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = run_service(
            form,
            lambda: services.create_draft(
                actor=request.user,
                text=None if data.get("file") else data.get("text"),
                uploaded_file=data.get("file"),
                source_url=data.get("source_url") or "",
                published=data.get("published"),
            ),
        )
        if draft is not None:
            return redirect(draft.get_absolute_url())
    return render(request, "ingest/new.html", {"form": form})


@ingester
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    if not draft.is_open:
        return redirect("ingest:result", pk=draft.pk)
    r = review(draft=draft, user=request.user)
    form = forms.review_form(r, draft_title=draft.title)
    status = 200
    if request.method == "POST":
        form = forms.review_form(r, draft_title=draft.title, post=request.POST)
        try:
            services.confirm_draft(
                actor=request.user, draft=draft, decisions=forms.decisions_from_post(form)
            )
        except services.DraftClosed:
            return redirect("ingest:result", pk=draft.pk)
        except ConflictError as exc:
            form.errors.append(str(exc))
            status = 409
        except ValidationError as exc:
            form = forms.review_form(r, draft_title=draft.title, post=request.POST, error=exc)
            status = 422
        else:
            messages.success(request, _("Draft confirmed."))
            return redirect("ingest:result", pk=draft.pk)
    return render(
        request,
        "ingest/review.html",
        {
            "draft": draft,
            "review": r,
            "form": form,
            "may_confirm": can_confirm_drafts(request.user),
            "audience_choices": forms.AUDIENCE_CHOICES,
            "tlp_choices": forms.TLP_CHOICES,
        },
        status=status,
    )


@ingester
def draft_result(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    if draft.is_open:
        return redirect(draft.get_absolute_url())
    result = draft.result or {}
    # Links only to what the reader may open now.
    meeting_ids = [m["id"] for m in result.get("meetings", [])]
    meetings = Meeting.objects.visible_to(request.user).in_bulk(meeting_ids)
    instruments = Instrument.objects.visible_to(request.user).in_bulk(
        [i["id"] for i in result.get("instruments", [])]
    )
    rows = [
        {**m, "record": meetings.get(m["id"]), "kind": _("Meeting")}
        for m in result.get("meetings", [])
    ] + [
        {**i, "record": instruments.get(i["id"]), "kind": _("Instrument")}
        for i in result.get("instruments", [])
    ]
    return render(request, "ingest/result.html", {"draft": draft, "rows": rows, "result": result})


@ingester
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    try:
        services.discard_draft(actor=request.user, draft=draft)
    except services.DraftClosed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Draft discarded."))
    return redirect("ingest:list")
