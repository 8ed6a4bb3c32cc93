"""``{% related_knowledge meeting=meeting %}``: the related-material panel of a detail page.

Used on meeting, instrument, activity and party pages. Everything goes through
:func:`mufakat.library.related.related_items`, so the panel shows only what the reader may open.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from mufakat.library.permissions import can_publish
from mufakat.library.related import DEFAULT_LIMIT, related_items

register = template.Library()


def _url(name: str, query: dict[str, Any] | None = None) -> str:
    """A library URL, or "" while the library's pages are not mounted (the panel still works)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


@register.inclusion_tag("library/_related.html", takes_context=True)
def related_knowledge(
    context: template.Context,
    *,
    meeting: Any = None,
    instrument: Any = None,
    activity: Any = None,
    party: Any = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    related = related_items(
        user=user,
        meeting=meeting,
        instrument=instrument,
        activity=activity,
        party=party,
        limit=limit,
    )
    share_url = ""
    if can_publish(user):
        for key, record in (
            ("meeting", meeting),
            ("instrument", instrument),
            ("activity", activity),
        ):
            if record is not None:
                share_url = _url("library:create", {key: record.pk})
    more_linked_url = _url("library:list", {"party": party.code}) if party is not None else ""
    return {
        "related": related,
        "share_url": share_url,
        "more_linked_url": more_linked_url,
        "area_urls": [
            (area, _url("library:list", {"crime_area": area.code})) for area in related.crime_areas
        ],
        "is_party": party is not None,
    }
