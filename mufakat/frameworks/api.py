"""Frameworks, their items, the activities serving an item and the mappings of an activity.

Handlers parse input, call one selector or service, and answer; ``request.auth`` is the user
(possibly anonymous, who sees reference frameworks and public instruments only).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from mufakat.core.pagination import MAX_PAGE, Pages
from mufakat.core.text import SafeText
from mufakat.core.web import api_user
from mufakat.frameworks import selectors, services
from mufakat.frameworks.schemas import (
    ActivityMappingsOut,
    FrameworkDetailOut,
    FrameworkOut,
    InstrumentActivityMappingsOut,
    MappingsIn,
    ServingActivitiesOut,
)
from mufakat.workplans import selectors as workplans

router = Router(tags=["frameworks"])

PAGE_SIZE = 50


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)


def _mappings(activity: Any, mappings: list[Any]) -> dict[str, Any]:
    return {"activity": activity.pk, "code": activity.code, "items": [m.item for m in mappings]}


@router.get(
    "/frameworks",
    response=list[FrameworkOut],
    operation_id="frameworks_list",
    summary="List frameworks",
    description="Reference frameworks (SDG 16) and the instruments whose priority areas serve "
    "as frameworks, those the reader may see.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_frameworks(request: HttpRequest) -> Any:
    return selectors.framework_list(user=api_user(request))


@router.get(
    "/frameworks/{key}",
    response=FrameworkDetailOut,
    operation_id="frameworks_get",
    summary="One framework with its items and the number of activities serving each",
)
def get_framework(request: HttpRequest, key: SafeText) -> Any:
    user = api_user(request)
    framework = selectors.framework_by_key(user=user, key=key)
    framework.items_list = selectors.framework_items(user=user, framework=framework)  # type: ignore[attr-defined]
    framework.item_count = len(framework.items_list)  # type: ignore[attr-defined]
    return {
        **{f: getattr(framework, f) for f in FrameworkOut.model_fields if f != "instrument"},
        "instrument": framework.instrument_id,
        "items": framework.items_list,  # type: ignore[attr-defined]
    }


@router.get(
    "/frameworks/{key}/items/{code}/activities",
    response=ServingActivitiesOut,
    operation_id="frameworks_item_activities",
    summary="The activities serving one framework item, with where each stands",
    description="Across the instruments the reader may see, by instrument and code; `standing` "
    "is the latest round with a progress report the reader may see, one status per party.",
)
def item_activities(
    request: HttpRequest, key: SafeText, code: SafeText, query: Query[PageIn]
) -> Any:
    user = api_user(request)
    item = selectors.item_by_code(user=user, key=key, code=code)
    page = Paginator(selectors.item_activities(user=user, item=item), PAGE_SIZE).get_page(
        query.page
    )
    rows = selectors.with_row_details(user=user, activities=list(page.object_list))
    return {
        "count": page.paginator.count,
        "items": [
            {
                "id": a.pk,
                "code": a.code,
                "title": a.title,
                "instrument": a.priority_area.instrument,
                "lead_parties": [c for c in a.lead_codes.split(", ") if c],  # type: ignore[attr-defined]
                "standing": {
                    "round": a.standing.round_title,  # type: ignore[attr-defined]
                    "statuses": [
                        {"party": party, "status": status}
                        for party, status in a.standing.statuses  # type: ignore[attr-defined]
                    ],
                }
                if a.standing  # type: ignore[attr-defined]
                else None,
            }
            for a in rows
        ],
    }


@router.get(
    "/activities/{activity_id}/frameworks",
    response=ActivityMappingsOut,
    operation_id="frameworks_activity_mappings",
    summary="The framework items an activity serves",
)
def activity_mappings(request: HttpRequest, activity_id: int) -> Any:
    user = api_user(request)
    activity = workplans.activity_by_id(user=user, pk=activity_id)
    return _mappings(activity, selectors.activity_mappings(user=user, activity=activity))


@router.get(
    "/instruments/{instrument_id}/frameworks",
    response=list[InstrumentActivityMappingsOut],
    operation_id="frameworks_instrument_mappings",
    summary="The framework items each activity of an instrument serves",
    description="Activities that serve no item the reader may see are left out.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def instrument_mappings(request: HttpRequest, instrument_id: int) -> Any:
    user = api_user(request)
    instrument = workplans.instrument_by_id(user=user, pk=instrument_id)
    grouped: dict[int, dict[str, Any]] = {}
    for mapping in selectors.instrument_mappings(user=user, instrument=instrument):
        activity = mapping.activity
        entry = grouped.setdefault(
            activity.pk,
            {"activity": activity.pk, "code": activity.code, "title": activity.title, "items": []},
        )
        entry["items"].append(mapping.item)
    return list(grouped.values())


@router.put(
    "/activities/{activity_id}/frameworks",
    response=ActivityMappingsOut,
    operation_id="frameworks_set_activity_mappings",
    summary="Replace the framework items an activity serves (editors of its instrument)",
    description="Items hidden from the caller stay mapped. An unknown code answers 422 naming "
    "it; all or nothing.",
)
def set_activity_mappings(request: HttpRequest, activity_id: int, payload: MappingsIn) -> Any:
    user = api_user(request)
    activity = workplans.activity_by_id(user=user, pk=activity_id)
    try:
        mappings = services.set_activity_mappings(
            actor=user, activity=activity, items=payload.items
        )
    except services.ItemCodeError as exc:
        raise ValidationError({"items": exc.messages}) from exc
    return _mappings(activity, mappings)
