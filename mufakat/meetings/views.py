"""Meeting pages. Thin: parse input, call one selector or service, render.

Small edits (agenda item, participant, outcome, forwarding, decision) are plain pages that htmx
can also load inline on the meeting page: the same URL answers an htmx request with just the
form, and a full page otherwise, so everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from mufakat.audit.reads import record_sensitive_read
from mufakat.core import exports
from mufakat.core.audience import TLP, Audience, most_restrictive_tlp
from mufakat.core.confirm import confirm_page
from mufakat.core.forms import run_service
from mufakat.meetings import selectors, services
from mufakat.meetings.documents import grouped_documents
from mufakat.meetings.exports import MEETING_COLUMNS, OUTCOME_COLUMNS
from mufakat.meetings.forms import (
    AgendaItemForm,
    CalendarFilterForm,
    DecisionForm,
    ForwardForm,
    MeetingFilterForm,
    MeetingForm,
    OutcomeForm,
    ParticipantForm,
)
from mufakat.meetings.models import AgendaItem, Meeting, MeetingDocument, Outcome, Participant
from mufakat.meetings.permissions import require_meeting_editor

PAGE_SIZE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    found = selectors.meeting(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _outcome_or_404(request: HttpRequest, pk: int) -> Outcome:
    found = selectors.outcome(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _form(
    request: HttpRequest, form: Form, *, title: str, action: str, cancel_url: str
) -> HttpResponse:
    """The form alone for htmx (swapped in place), else a full page."""
    template = "meetings/_inline_form.html" if _is_htmx(request) else "includes/form_page.html"
    context = {"form": form, "title": title, "action": action, "cancel_url": cancel_url}
    return render(request, template, context)


def _done(request: HttpRequest, message: str, url: str) -> HttpResponse:
    """After a save: back to the page. An htmx form on that same page reloads it, since a
    redirect that only changes the #fragment would not."""
    messages.success(request, message)
    if not _is_htmx(request):
        return redirect(url)
    current = urlsplit(request.htmx.current_url or "")  # type: ignore[attr-defined]
    if current.path == urlsplit(url).path:
        return HttpResponseClientRefresh()
    return HttpResponseClientRedirect(url)


def _submit(form: Form, call: Callable[[], Any]) -> Any:
    """Validate the form, then run the service; None when either reported an error."""
    return run_service(form, call) if form.is_valid() else None


# -- reading -----------------------------------------------------------------------------------


def _meeting_filters(request: HttpRequest) -> tuple[MeetingFilterForm, dict[str, Any]]:
    """The meeting list's filter form and what it filters on: the list and its exports read
    the query string the same way."""
    form = MeetingFilterForm(request.GET or None, **selectors.filter_choices())
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, filters


def meeting_list(request: HttpRequest) -> HttpResponse:
    form, filters = _meeting_filters(request)
    page = Paginator(selectors.meetings(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page_obj": page,
            "meetings": page.object_list,
            "querystring_base": urlencode(filters) + "&" if filters else "",
        },
    )


@require_GET
def meeting_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every meeting the list shows with the same filters, all pages, as CSV or JSON."""
    _form, filters = _meeting_filters(request)
    rows = exports.in_chunks(selectors.meetings(user=request.user, **filters))
    return exports.export_response(rows, MEETING_COLUMNS, fmt=fmt, name="meetings")


@require_GET
def outcome_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The outcomes of the meetings the list shows with the same filters (or of one meeting,
    ``?meeting=``), as CSV or JSON."""
    _form, filters = _meeting_filters(request)
    meeting_id = request.GET.get("meeting", "")
    rows = selectors.listed_outcomes(
        user=request.user,
        meeting_id=int(meeting_id) if meeting_id.isdigit() else None,
        **filters,
    )
    return exports.export_response(
        exports.in_chunks(rows, prepare=selectors.settle),
        OUTCOME_COLUMNS,
        fmt=fmt,
        name="outcomes",
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.meeting_detail(user=request.user, pk=pk)
    if detail is None:
        raise Http404
    record_sensitive_read(reader=request.user, obj=detail.meeting)
    groups = grouped_documents(user=request.user, meeting=detail.meeting)
    docs = [doc for group in groups for doc in group.documents]
    return render(
        request,
        "meetings/detail.html",
        {
            "d": detail,
            "meeting": detail.meeting,
            "document_groups": groups,
            "page_tlp": _page_tlp(detail, documents=docs),
        },
    )


def _page_tlp(detail: selectors.MeetingDetail, *, documents: list[MeetingDocument]) -> str:
    """The page's marking: the strictest of the meeting and of every record it shows — its
    outcomes, the outcomes it received, the chains' meetings and outcomes, its documents (a
    TLP:CLEAR meeting showing an AMBER outcome is an AMBER page, also when printed)."""
    labels = [detail.meeting.tlp, *(o.tlp for o in detail.outcomes)]
    labels += [f.outcome.tlp for f in detail.received]
    for chain in detail.chains:
        for step in chain:
            labels.append(step.meeting.tlp)
            if step.outcome is not None:
                labels.append(step.outcome.tlp)
    labels += [doc.tlp for doc in documents]
    return most_restrictive_tlp(*labels)


def _year(value: str | None) -> int | None:
    """A year from the query string; anything else is no year (the default one is shown)."""
    return int(value) if value and value.isdigit() and 1 <= int(value) <= 9999 else None


def calendar(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    form = CalendarFilterForm(request.GET or None, bodies=choices["bodies"])
    body = form.cleaned_data.get("body") if form.is_valid() else None
    return render(
        request,
        "meetings/calendar.html",
        {
            "form": form,
            "body": body or "",
            "cal": selectors.calendar(
                user=request.user, body=body or None, year=_year(request.GET.get("year"))
            ),
        },
    )


# -- meetings ----------------------------------------------------------------------------------


def meeting_create(request: HttpRequest) -> HttpResponse:
    require_meeting_editor(request.user)
    form = MeetingForm(
        request.POST or None,
        initial={
            "status": Meeting.Status.PLANNED,
            "audience": Audience.PUBLIC,
            "tlp": TLP.CLEAR,
            "body": request.GET.get("body"),
        },
    )
    if request.method == "POST":
        created = _submit(
            form, lambda: services.create_meeting(actor=request.user, **form.service_arguments())
        )
        if created is not None:
            return _done(request, _("Meeting created."), created.get_absolute_url())
    return _form(
        request,
        form,
        title=_("New meeting"),
        action=reverse("meetings:create"),
        cancel_url=reverse("meetings:list"),
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST":
        saved = _submit(
            form,
            lambda: services.update_meeting(
                actor=request.user,
                meeting=meeting,
                changes=form.service_arguments(),
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            return _done(request, _("Meeting saved."), saved.get_absolute_url())
    return _form(
        request,
        form,
        title=_("Edit %(title)s") % {"title": meeting.title},
        action=reverse("meetings:edit", args=[meeting.pk]),
        cancel_url=meeting.get_absolute_url(),
    )


def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    if request.method == "POST":
        try:
            services.delete_meeting(actor=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(meeting.get_absolute_url())
        messages.success(request, _("Meeting deleted."))
        return redirect("meetings:list")
    return render(request, "meetings/confirm_delete.html", {"meeting": meeting})


# -- agenda and participants -------------------------------------------------------------------


def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST":
        added = _submit(
            form,
            lambda: services.add_agenda_item(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                position=form.cleaned_data["position"],
                description=form.cleaned_data["description"],
            ),
        )
        if added is not None:
            return _done(request, _("Agenda item added."), meeting.get_absolute_url() + "#agenda")
    return _form(
        request,
        form,
        title=_("Add an agenda item"),
        action=reverse("meetings:agenda_add", args=[meeting.pk]),
        cancel_url=meeting.get_absolute_url(),
    )


def _agenda_item_or_404(request: HttpRequest, pk: int) -> AgendaItem:
    item = AgendaItem.objects.visible_to(request.user).select_related("meeting").filter(pk=pk)
    found = item.first()
    if found is None:
        raise Http404
    return found


def agenda_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _agenda_item_or_404(request, item_pk)
    require_meeting_editor(request.user)
    form = AgendaItemForm(
        request.POST or None,
        initial={
            "position": item.position,
            "title": item.title,
            "description": item.description,
            "lock_version": item.lock_version,
        },
    )
    if request.method == "POST":
        saved = _submit(
            form,
            lambda: services.update_agenda_item(
                actor=request.user,
                item=item,
                changes={
                    "title": form.cleaned_data["title"],
                    "position": form.cleaned_data["position"] or item.position,
                    "description": form.cleaned_data["description"],
                },
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            url = item.meeting.get_absolute_url() + "#agenda"
            return _done(request, _("Agenda item saved."), url)
    return _form(
        request,
        form,
        title=_("Edit agenda item %(n)s") % {"n": item.position},
        action=reverse("meetings:agenda_edit", args=[item.pk]),
        cancel_url=item.meeting.get_absolute_url(),
    )


def agenda_remove(request: HttpRequest, item_pk: int) -> HttpResponse:
    """GET asks (the item and what goes with it); only the POST of that page removes."""
    item = _agenda_item_or_404(request, item_pk)
    back = item.meeting.get_absolute_url() + "#agenda"
    if request.method != "POST":
        require_meeting_editor(request.user)
        return confirm_page(
            request,
            question=_("Remove agenda item %(n)s, “%(title)s”?")
            % {"n": item.position, "title": item.title},
            consequences=[
                _(
                    "It is removed from the agenda of %(meeting)s; this is recorded in the audit log."
                )
                % {"meeting": item.meeting.title}
            ],
            confirm_label=_("Remove the agenda item"),
            cancel_url=back,
        )
    services.remove_agenda_item(actor=request.user, item=item)
    return _done(request, _("Agenda item removed."), back)


def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST":
        added = _submit(
            form,
            lambda: services.add_participant(
                actor=request.user,
                meeting=meeting,
                party=form.cleaned_data["party"].code,
                agency=form.cleaned_data["agency"],
                head_of_delegation=form.cleaned_data["head_of_delegation"],
            ),
        )
        if added is not None:
            url = meeting.get_absolute_url() + "#participants"
            return _done(request, _("Participant added."), url)
    return _form(
        request,
        form,
        title=_("Add a participant"),
        action=reverse("meetings:participant_add", args=[meeting.pk]),
        cancel_url=meeting.get_absolute_url(),
    )


def participant_remove(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """GET asks; only the POST of that page removes."""
    found = (
        Participant.objects.visible_to(request.user)
        .select_related("meeting", "party")
        .filter(pk=participant_pk)
        .first()
    )
    if found is None:
        raise Http404
    url = found.meeting.get_absolute_url() + "#participants"
    if request.method != "POST":
        require_meeting_editor(request.user)
        return confirm_page(
            request,
            question=_("Remove %(party)s from the participants?") % {"party": found.party.name},
            consequences=[
                _(
                    "It is removed from the participants of %(meeting)s; this is recorded in the "
                    "audit log."
                )
                % {"meeting": found.meeting.title}
            ],
            confirm_label=_("Remove the participant"),
            cancel_url=url,
        )
    services.remove_participant(actor=request.user, participant=found)
    return _done(request, _("Participant removed."), url)


# -- outcomes and forwarding -------------------------------------------------------------------


def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    require_meeting_editor(request.user)
    form = OutcomeForm(
        request.POST or None, initial={"audience": meeting.audience, "tlp": meeting.tlp}
    )
    if request.method == "POST":
        created = _submit(
            form,
            lambda: services.create_outcome(
                actor=request.user, meeting=meeting, **form.service_arguments()
            ),
        )
        if created is not None:
            return _done(request, _("Outcome added."), created.get_absolute_url())
    return _form(
        request,
        form,
        title=_("Add an outcome"),
        action=reverse("meetings:outcome_add", args=[meeting.pk]),
        cancel_url=meeting.get_absolute_url(),
    )


def outcome_edit(request: HttpRequest, outcome_pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, outcome_pk)
    require_meeting_editor(request.user)
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_for(outcome))
    if request.method == "POST":
        saved = _submit(
            form,
            lambda: services.update_outcome(
                actor=request.user,
                outcome=outcome,
                changes=form.service_arguments(),
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            return _done(request, _("Outcome saved."), outcome.get_absolute_url())
    return _form(
        request,
        form,
        title=_("Edit outcome %(ref)s") % {"ref": outcome.reference},
        action=reverse("meetings:outcome_edit", args=[outcome.pk]),
        cancel_url=outcome.get_absolute_url(),
    )


def outcome_forward(request: HttpRequest, outcome_pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, outcome_pk)
    require_meeting_editor(request.user)
    form = ForwardForm(
        request.POST or None,
        meetings=selectors.later_meetings(user=request.user, outcome=outcome)[:200],
    )
    if request.method == "POST":
        forwarded = _submit(
            form,
            lambda: services.forward_outcome(
                actor=request.user, outcome=outcome, to_meeting=form.cleaned_data["to_meeting"]
            ),
        )
        if forwarded is not None:
            return _done(request, _("Outcome forwarded."), outcome.get_absolute_url())
    return _form(
        request,
        form,
        title=_("Forward %(ref)s to a later meeting") % {"ref": outcome.reference},
        action=reverse("meetings:outcome_forward", args=[outcome.pk]),
        cancel_url=outcome.get_absolute_url(),
    )


def record_decision(request: HttpRequest, outcome_pk: int, to_meeting_pk: int) -> HttpResponse:
    forwarding = selectors.visible_forwarding(
        user=request.user, outcome_id=outcome_pk, to_meeting_id=to_meeting_pk
    )
    if forwarding is None:
        raise Http404
    require_meeting_editor(request.user)
    form = DecisionForm(
        request.POST or None,
        outcomes=selectors.outcomes(user=request.user, meeting_id=to_meeting_pk),
        initial={
            "status": forwarding.status,
            "decision_note": forwarding.decision_note,
            "resulting_outcome": forwarding.resulting_outcome_id,
            "lock_version": forwarding.lock_version,
        },
    )
    back = request.GET.get("back") == "origin"
    target = (
        forwarding.outcome.get_absolute_url()
        if back
        else forwarding.to_meeting.get_absolute_url() + "#received"
    )
    if request.method == "POST":
        saved = _submit(
            form,
            lambda: services.record_decision(
                actor=request.user,
                forwarding=forwarding,
                status=form.cleaned_data["status"],
                decision_note=form.cleaned_data["decision_note"],
                resulting_outcome=form.cleaned_data["resulting_outcome"],
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            return _done(request, _("Decision recorded."), target)
    return _form(
        request,
        form,
        title=_("Decision of %(meeting)s on %(ref)s")
        % {"meeting": forwarding.to_meeting.title, "ref": forwarding.outcome.reference},
        action=request.get_full_path(),
        cancel_url=target,
    )
