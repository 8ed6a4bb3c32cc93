"""Pages of the knowledge exchange. Thin: parse input, call one selector or service, render.

An item the reader may not see is a 404 exactly like a missing one — on its page, its history,
its attachments and its offers. An action without the right is a 403. Attachments are served
only here, through the gate, never as public media.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mufakat.audit.reads import record_sensitive_read
from mufakat.core import exports
from mufakat.core.audience import TLP, tlp_css_class
from mufakat.core.confirm import confirm_page
from mufakat.core.forms import run_service
from mufakat.core.web import private_download

from . import permissions, selectors, services
from .exports import ITEM_COLUMNS, linked
from .forms import LINKS, AttachmentForm, ItemFilterForm, ItemForm, OfferForm
from .rendering import render_markdown

PAGE_SIZE = 25

#: What each TLP 2.0 label asks of the reader (first.org/tlp), shown on the item page.
TLP_NOTES: dict[str, Any] = {
    TLP.CLEAR: gettext_lazy("Recipients may share this without restriction."),
    TLP.GREEN: gettext_lazy(
        "Recipients may share this within their community — platform users — but not publicly."
    ),
    TLP.AMBER: gettext_lazy(
        "Limited disclosure: share only within your organisation and with those who need to "
        "know it to act on it."
    ),
    TLP.AMBER_STRICT: gettext_lazy("Share only within your own organisation."),
    TLP.RED: gettext_lazy("For the named recipients only; do not pass it on."),
}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _form_page(
    request: HttpRequest, form: ItemForm, *, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "library/item_form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, **extra},
    )


def _errors_as_messages(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


# -- reading -----------------------------------------------------------------------------------


def _item_filters(request: HttpRequest) -> tuple[ItemFilterForm, dict[str, Any]]:
    """The list's filter form and its filters: the list and its exports read them alike."""
    form = ItemFilterForm(request.GET or None)
    return form, form.filters()


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    form, filters = _item_filters(request)
    page = Paginator(selectors.items(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "page_obj": page,
            "items": page.object_list,
            "querystring_base": urlencode(filters) + "&" if filters else "",
            "can_publish": permissions.can_publish(request.user),
        },
    )


@require_GET
def item_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every item the list shows with the same filters, all pages, as CSV or JSON."""
    _form, filters = _item_filters(request)
    rows = exports.in_chunks(
        selectors.items_for_export(user=request.user, filters=filters),
        prepare=linked(request.user),
    )
    return exports.export_response(rows, ITEM_COLUMNS, fmt=fmt, name="knowledge")


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.item_page(user=request.user, pk=pk)
    record_sensitive_read(reader=request.user, obj=page.item)
    return render(
        request,
        "library/detail.html",
        {
            "page": page,
            "item": page.item,
            "body_html": render_markdown(page.item.body),
            "tlp_note": TLP_NOTES.get(page.item.tlp, ""),
            "tlp_class": tlp_css_class(page.item.tlp),
            "attachment_form": AttachmentForm() if page.can_edit else None,
            "offer_form": OfferForm(user=request.user) if page.can_offer else None,
        },
    )


@require_GET
def item_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=pk)
    return render(
        request,
        "library/history.html",
        {"item": item, "entries": selectors.item_versions(user=request.user, item=item)},
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Through the gate only; sent as an attachment with the type read from its content."""
    attachment = selectors.get_attachment(user=request.user, pk=pk)
    return private_download(
        attachment.file,
        name=attachment.name,
        content_type=attachment.content_type,
        source=attachment,
        reader=request.user,
    )


# -- writing -----------------------------------------------------------------------------------


def _prefill(request: HttpRequest) -> dict[str, Any]:
    """/library/new/?meeting=ID (or instrument=, activity=): only records the user can see."""
    initial: dict[str, Any] = {}
    querysets = {
        "meeting": selectors.linkable_meetings(user=request.user),
        "instrument": selectors.linkable_instruments(user=request.user),
        "activity": selectors.linkable_activities(user=request.user),
    }
    for name in LINKS:
        pk = _int(request.GET.get(name))
        if pk is None:
            continue
        found = querysets[name].filter(pk=pk).first()
        if found is None:
            continue
        initial[name] = found.pk
        crime_areas = getattr(found, "crime_areas", None)
        if name == "activity":
            crime_areas = found.priority_area.crime_areas  # type: ignore[attr-defined]
        if crime_areas is not None and "crime_areas" not in initial:
            initial["crime_areas"] = list(crime_areas.values_list("pk", flat=True))
    return initial


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_publish(request.user):
        raise PermissionDenied(_("Only focal points and the Secretariat may publish items."))
    form = ItemForm(request.POST or None, user=request.user, initial=_prefill(request))
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.create_item(actor=request.user, data=form.service_data())
        )
        if created is not None:
            messages.success(request, _("Item published."))
            return redirect(created)
    return _form_page(
        request, form, title=_("Publish a knowledge item"), cancel_url=reverse("library:list")
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=pk)
    if not permissions.can_edit_item(request.user, item):
        raise PermissionDenied(_("Only the owning organisation and the Secretariat may edit this."))
    form = ItemForm(request.POST or None, user=request.user, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_item(
                item,
                actor=request.user,
                changes=form.service_data(),
                expected_version=form.cleaned_data.get("lock_version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Item saved."))
            return redirect(saved)
    return _form_page(
        request,
        form,
        title=_("Edit %(title)s") % {"title": item.title},
        cancel_url=item.get_absolute_url(),
        item=item,
        can_widen=permissions.can_widen(request.user, item),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        added = run_service(
            form,
            lambda: services.add_attachment(
                actor=request.user, item=item, uploaded_file=form.cleaned_data["file"]
            ),
        )
        if added is not None:
            messages.success(request, _("File “%s” attached.") % added.name)
            return redirect(item.get_absolute_url() + "#attachments")
    _errors_as_messages(request, form)
    return redirect(item.get_absolute_url() + "#attachments")


@login_required
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks; only the POST of that page removes the file."""
    attachment = selectors.get_attachment(user=request.user, pk=pk)
    if request.method != "POST":
        permissions.require_item_editor(request.user, attachment.item)
        return confirm_page(
            request,
            question=_("Remove the file “%s”?") % attachment.name,
            consequences=[
                _(
                    "The file and its text in search are deleted; the item keeps a version "
                    "without it. This is recorded in the audit log."
                )
            ],
            confirm_label=_("Remove the file"),
            cancel_url=attachment.item.get_absolute_url() + "#attachments",
        )
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("File “%s” removed.") % attachment.name)
    return redirect(attachment.item.get_absolute_url() + "#attachments")


@login_required
@require_POST
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=pk)
    form = OfferForm(request.POST, user=request.user)
    if form.is_valid():
        made = run_service(
            form,
            lambda: services.offer_expertise(
                actor=request.user,
                request=item,
                item=form.cleaned_data["item"],
                contact=form.cleaned_data["contact"],
                message=form.cleaned_data["message"],
            ),
        )
        if made is not None:
            messages.success(request, _("Your offer was sent."))
            return redirect(item.get_absolute_url() + "#offers")
    _errors_as_messages(request, form)
    return redirect(item.get_absolute_url() + "#offers")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=pk)
    try:
        services.close_request(actor=request.user, item=item)
    except ValidationError as exc:
        # e.g. not a request for expertise: say so on the item's page instead of failing.
        for message in exc.messages:
            messages.error(request, message)
        return redirect(item)
    messages.success(request, _("Request closed: no more offers are asked for."))
    return redirect(item)
