"""The search page. Thin: read the query string, call the selector, render.

Facets are plain links that add or remove one filter, so the page works without JavaScript
(and anonymous visitors get the same page over public records).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mufakat.search import selectors

FACET_TITLES = {
    "type": _("Type"),
    "kind": _("Kind"),
    "crime_area": _("Crime area"),
    "party": _("Party"),
    "year": _("Year"),
    "language": _("Language"),
}

#: Values shown per facet before the rest are left out (the most frequent first).
FACET_LIMIT = 12


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


def _query_string(query: str, filters: dict[str, list[str]]) -> str:
    pairs: list[tuple[str, str]] = [("q", query)] if query else []
    for name in selectors.FACETS:
        pairs += [(name, value) for value in filters.get(name, [])]
    return urlencode(pairs)


def _facet_links(results: selectors.SearchResults) -> list[tuple[str, str, list[FacetLink]]]:
    groups = []
    for name in selectors.FACETS:
        chosen = results.filters.get(name, [])
        links = []
        for facet in results.facets.get(name, [])[:FACET_LIMIT]:
            selected = facet.value in chosen
            toggled = dict(results.filters)
            if selected:
                toggled[name] = [v for v in chosen if v != facet.value]
            else:
                toggled[name] = [facet.value]
            links.append(
                FacetLink(
                    facet.label, facet.count, "?" + _query_string(results.query, toggled), selected
                )
            )
        if links:
            groups.append((name, str(FACET_TITLES[name]), links))
    return groups


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() else 1


def results(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:500]
    filters = {name: request.GET.getlist(name) for name in selectors.FACETS}
    found = selectors.search(user=request.user, query=query, filters=filters, page=_page(request))
    base = _query_string(found.query, found.filters)
    return render(
        request,
        "search/results.html",
        {
            "results": found,
            "page_obj": found,
            "facet_groups": _facet_links(found),
            "querystring_base": base + "&" if base else "",
            "has_filters": bool(found.filters),
            "clear_filters_url": "?" + urlencode({"q": found.query}) if found.query else "?",
        },
    )
