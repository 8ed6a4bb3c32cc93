"""API payloads of search. Snippets are HTML: escaped text with ``<mark>`` around matches."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class SearchFilters(Schema):
    q: str = Field("", max_length=500, description='Words that must all occur; "quoted phrase"')
    type: list[str] = Field(
        default_factory=list, description="item, meeting, outcome, instrument, document"
    )
    kind: list[str] = Field(default_factory=list, description="Kind of item, outcome or instrument")
    crime_area: list[str] = Field(default_factory=list, description="Crime area code")
    party: list[str] = Field(default_factory=list, description="Party code")
    year: list[int] = Field(default_factory=list)
    language: list[str] = Field(default_factory=list, description="ISO 639-1 code")
    page: int = Field(1, ge=1)
    per_page: int = Field(20, ge=1, le=100)


class HitOut(Schema):
    type: str = Field(description="item, meeting, outcome, instrument or document")
    id: int = Field(description="Id of the record (an instrument's API key is in its url)")
    title: str
    url: str
    snippet: str = Field(description="HTML: escaped text, matches in <mark>")
    score: float = Field(description="Relevance; higher is better, comparable within one query")
    date: dt.date | None
    kind: str
    language: str
    audience: str
    tlp: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="type, kind, crime_area, party, year, language: counts over the matching "
        "records you may open, after all filters"
    )
