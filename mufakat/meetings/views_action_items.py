"""Pages of action items: the list across meetings, one item with its follow-up, its evidence.

Thin like the other meeting pages: the form parses, :mod:`mufakat.meetings.action_items` reads
through the gate and writes (so the API and these pages refuse the same things the same way).
A hidden or absent item is a 404 that names nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.audience import most_restrictive_tlp, tlp_css_class
from mufakat.core.forms import VersionField, run_service
from mufakat.core.text import SafeTextForm
from mufakat.core.uploads import accepted_description
from mufakat.core.web import private_download
from mufakat.meetings import action_items, selectors
from mufakat.meetings.forms import ListSelect
from mufakat.meetings.models import FollowUp, Outcome
from mufakat.monitoring import evidence_files
from mufakat.registry.models import Body, Party

PAGE_SIZE = 50
ALL = "all"


class ActionItemFilterForm(SafeTextForm):
    """The GET filter above the list; without a state it shows the open items."""

    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            (action_items.OPEN, gettext_lazy("Open")),
            (action_items.OVERDUE, gettext_lazy("Overdue")),
            (action_items.DONE, gettext_lazy("Done")),
            (ALL, gettext_lazy("All")),
        ],
    )
    party = forms.ChoiceField(label=gettext_lazy("Responsible"), required=False, widget=ListSelect)
    body = forms.ChoiceField(label=gettext_lazy("Body"), required=False, widget=ListSelect)
    due_after = forms.DateField(
        label=gettext_lazy("Due from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = forms.DateField(
        label=gettext_lazy("Due until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    #: A meeting whose brief's action items to list (:func:`action_items.review_scope`).
    review = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("due", gettext_lazy("Due date, soonest first")),
            ("-due", gettext_lazy("Due date, latest first")),
        ],
    )

    def __init__(self, *args: Any, bodies: list[Body], parties: list[Party], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("All bodies"))] + [  # type: ignore[attr-defined]
            (b.code, f"{b.code} — {b.short_name or b.name}") for b in bodies
        ]
        self.fields["party"].choices = [("", _("Any party"))] + [  # type: ignore[attr-defined]
            (p.code, p.name) for p in parties
        ]

    def query(self) -> dict[str, Any]:
        """The arguments of :func:`action_items.action_items` this filter asks for."""
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or action_items.OPEN
        return {
            "state": None if state == ALL else state,
            "party": data.get("party") or None,
            "body": data.get("body") or None,
            "due_after": data.get("due_after"),
            "due_before": data.get("due_before"),
            "descending": data.get("sort") == "-due",
            "review": data.get("review"),
        }

    def querystring(self, **override: Any) -> str:
        """The filter as a query string (for pages and the sort link), without empty values."""
        data = dict(self.cleaned_data) if self.is_valid() else {}
        data.update(override)
        return urlencode({k: str(v) for k, v in data.items() if v not in (None, "")})


class ActionItemUpdateForm(SafeTextForm):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What was done, or why the item stays open."),
    )
    follow_up = forms.ChoiceField(
        label=gettext_lazy("State"), choices=FollowUp.choices, widget=forms.RadioSelect
    )
    evidence = forms.FileField(label=gettext_lazy("Evidence (optional)"), required=False)
    lock_version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": accepted_description(action_items.EVIDENCE_TYPES),
            "size": filesizeformat(evidence_files.max_bytes()),
        }


def _marking(rows: list[Outcome]) -> dict[str, str]:
    """The page's marking: the strictest label of the items it shows and of their meetings."""
    tlp = most_restrictive_tlp(*(o.tlp for o in rows), *(o.meeting.tlp for o in rows))
    return {"page_tlp": tlp, "page_tlp_class": tlp_css_class(tlp)}


def action_item_list(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    form = ActionItemFilterForm(request.GET or None, **choices)
    query = form.query()
    review = None
    if query["review"] is not None:
        # The meeting whose brief sent the reader here: hidden or absent is a 404.
        review = action_items.meeting_to_review(user=request.user, pk=query["review"])
        if review is None:
            raise Http404
    query["review"] = review
    rows = action_items.action_items(user=request.user, note_date=False, **query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    base = form.querystring()
    descending = query["descending"]
    return render(
        request,
        "meetings/action_item_list.html",
        {
            "form": form,
            "page_obj": page,
            "items": page.object_list,
            "querystring_base": base + "&" if base else "",
            "filtered": bool(request.GET),
            "sort_url": "?" + form.querystring(sort="due" if descending else "-due"),
            "descending": descending,
            "review": review,
            **_marking(list(page.object_list)),
        },
    )


def _item_or_404(request: HttpRequest, pk: int) -> Outcome:
    found = action_items.action_item(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def action_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    may_update = action_items.can_update(request.user, item)
    form = None
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied(_("You may not update this action item."))
        form = ActionItemUpdateForm(request.POST, request.FILES)
        saved = None
        if form.is_valid():
            data = form.cleaned_data
            saved = run_service(
                form,
                lambda: action_items.record_update(
                    actor=request.user,
                    outcome=item,
                    follow_up=data["follow_up"],
                    note=data["note"],
                    evidence=data.get("evidence"),
                    expected_version=data.get("lock_version"),
                ),
            )
        if saved is not None:
            messages.success(request, _("Follow-up recorded."))
            return redirect(reverse("meetings:action_item", args=[item.pk]))
    elif may_update:
        form = ActionItemUpdateForm(
            initial={"follow_up": item.follow_up, "lock_version": item.lock_version}
        )
    record_sensitive_read(reader=request.user, obj=item)
    return render(
        request,
        "meetings/action_item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "history": list(action_items.updates(item, user=request.user)),
            "form": form,
            **_marking([item]),
        },
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Through the gate only; sent as an attachment with the type read from its content."""
    found = action_items.update(user=request.user, pk=pk)
    if found is None or not found.evidence:
        raise Http404
    return private_download(
        found.evidence,
        name=found.evidence_name or "evidence",
        content_type=found.evidence_type,
        source=found,
        reader=request.user,
    )
