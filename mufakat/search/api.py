"""REST search (mounted at /api/v1/search): the same selector as the page, the same gate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from mufakat.core.web import api_user
from mufakat.search import selectors
from mufakat.search.schemas import SearchFilters, SearchOut

router = Router(tags=["search"])


@router.get(
    "",
    response=SearchOut,
    operation_id="search_query",
    summary="Full-text search over what you may open",
    description="Knowledge items (with their attachments' text), meetings, outcomes and "
    "instruments containing every word of `q`, best first, with facet counts. Without a token "
    "only public records are searched. See docs/search.md for what matches in each language.",
)
def search(request: HttpRequest, filters: Query[SearchFilters]) -> Any:
    data = filters.dict()
    found = selectors.search(
        user=api_user(request),
        query=data.pop("q"),
        page=data.pop("page"),
        per_page=data.pop("per_page"),
        filters=data,
    )
    return {
        "query": found.query,
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "hits": [
            {
                "type": hit.type,
                "id": hit.object_id,
                "title": hit.title,
                "url": hit.url,
                "snippet": str(hit.snippet),
                "score": hit.score,
                "date": hit.date,
                "kind": hit.kind,
                "language": hit.language,
                "audience": hit.record.audience,
                "tlp": hit.record.tlp,
            }
            for hit in found.hits
        ],
        "facets": {
            name: [facet._asdict() for facet in values] for name, values in found.facets.items()
        },
    }
