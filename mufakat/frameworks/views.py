"""Pages of frameworks, their items and the activities serving each, and the mapping editor.

Views parse input, call one selector or service, and render. A framework, item or activity the
reader may not see is a 404 like a missing one; an edit by someone without the right is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mufakat.core.audience import most_restrictive_tlp
from mufakat.core.web import registry_editor
from mufakat.frameworks import selectors, services
from mufakat.frameworks.forms import AddItemForm, MirrorForm
from mufakat.workplans import selectors as workplans
from mufakat.workplans.permissions import can_edit_workplans

PAGE_SIZE = 50


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = selectors.framework_list(user=request.user)
    mirror_form = None
    if can_edit_workplans(request.user):
        mirror_form = MirrorForm(instruments=selectors.instruments_to_mirror(user=request.user))
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "reference": [f for f in frameworks if f.is_reference],
            "derived": [f for f in frameworks if not f.is_reference],
            "mirror_form": mirror_form,
        },
    )


@registry_editor
@require_POST
def mirror_instrument(request: HttpRequest) -> HttpResponse:
    form = MirrorForm(request.POST, instruments=selectors.instruments_to_mirror(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an instrument with priority areas."))
        return redirect("frameworks:list")
    try:
        framework = services.framework_for_instrument(
            actor=request.user, instrument=form.cleaned_data["instrument"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("frameworks:list")
    messages.success(request, _("Its priority areas can now be mapped to."))
    return redirect(framework)


def framework_detail(request: HttpRequest, key: str) -> HttpResponse:
    framework = selectors.framework_by_key(user=request.user, key=key)
    items = selectors.framework_items(user=request.user, framework=framework)
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "items": items,
            "page_tlp": most_restrictive_tlp(
                framework.instrument.tlp if framework.instrument else "CLEAR",
                *selectors.counted_markings(user=request.user, framework=framework),
            ),
        },
    )


def item_detail(request: HttpRequest, key: str, code: str) -> HttpResponse:
    item = selectors.item_by_code(user=request.user, key=key, code=code)
    activities = selectors.item_activities(user=request.user, item=item)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_row_details(user=request.user, activities=list(page.object_list))
    instrument = item.framework.instrument
    return render(
        request,
        "frameworks/item_detail.html",
        {
            "item": item,
            "framework": item.framework,
            "activities": rows,
            "page_obj": page,
            "querystring_base": "",
            # The strictest marking of what the page shows: the framework's own instrument and
            # the instruments of the activities listed.
            "page_tlp": most_restrictive_tlp(
                instrument.tlp if instrument else "CLEAR",
                *(a.priority_area.instrument.tlp for a in rows),
            ),
        },
    )


@registry_editor
@require_POST
def activity_mappings(request: HttpRequest, pk: int) -> HttpResponse:
    """The mapping editor of the activity page: add one item, or remove one."""
    activity = workplans.activity_by_id(user=request.user, pk=pk)
    back = activity.get_absolute_url() + "#frameworks-h"
    try:
        if "remove" in request.POST:
            item = selectors.item_by_pk(user=request.user, pk=_number(request.POST["remove"]))
            services.unmap_activity(actor=request.user, activity=activity, item=item)
            messages.success(request, _("%s is no longer mapped.") % item.label)
        else:
            form = AddItemForm(request.POST, items=selectors.item_choices(user=request.user))
            if not form.is_valid():
                messages.error(request, _("Choose a framework item."))
                return redirect(back)
            item = form.chosen()
            services.map_activity(actor=request.user, activity=activity, item=item)
            messages.success(request, _("Mapped to %s.") % item.label)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0
