"""The frameworks an activity serves, where activities are shown.

``{% activity_frameworks activity %}``: the panel of the activity page, with the mapping editor
for those who may edit the instrument. ``{% area_framework_items area as served %}``: on the
instrument page, the items each listed activity of a priority area serves — read once for every
activity the page lists (one query, however many areas and mappings).
"""

from __future__ import annotations

from typing import Any

from django import template

from mufakat.frameworks import selectors
from mufakat.frameworks.forms import AddItemForm
from mufakat.workplans.permissions import can_edit_workplans

register = template.Library()

_SERVED = "framework_items_served"


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("frameworks/includes/activity_frameworks.html", takes_context=True)
def activity_frameworks(context: template.Context, activity: Any) -> dict[str, Any]:
    user = _user(context)
    mappings = selectors.activity_mappings(user=user, activity=activity)
    form = None
    if can_edit_workplans(user):
        served = {m.item_id for m in mappings}
        choices = [i for i in selectors.item_choices(user=user) if i.pk not in served]
        form = AddItemForm(items=choices)
    return {
        "activity": activity,
        "mappings": mappings,
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def area_framework_items(context: template.Context, area: Any) -> list[tuple[Any, list[Any]]]:
    """(activity, items) for the activities of ``area`` the page lists that serve any item.

    The first call reads them for every area of the page (``areas``) and leaves each its own
    part; an include's render context does not outlive it, the areas do."""
    if not hasattr(area, _SERVED):
        areas = list(context.get("areas") or [area])
        found = selectors.items_by_activity(
            user=_user(context),
            activity_ids=[a.pk for each in areas for a in getattr(each, "shown_activities", [])],
        )
        for each in [*areas, area]:
            setattr(
                each,
                _SERVED,
                [
                    (a, found[a.pk])
                    for a in getattr(each, "shown_activities", [])
                    if found.get(a.pk)
                ],
            )
    return getattr(area, _SERVED)
