"""API shapes of ingest drafts and of the reviewer's decisions (see ``services`` for their
meaning)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class DraftIn(Schema):
    text: str = Field(..., description="The statement; may start with `source:`/`date:` lines.")
    source_url: str = ""
    published: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD).")


class MeetingDecisionIn(Schema):
    index: int = Field(..., description="Position of the proposal in `extraction.meetings`.")
    include: bool = True
    match: int | None = Field(
        None,
        description="Meeting to update or link; omit to use the draft's match, null for a new one.",
    )
    lock_version: int | None = Field(
        None, description="The version you reviewed (default: the version when drafted)."
    )
    update: list[str] = Field(
        default_factory=list, description="Fields to change on the matched meeting."
    )
    fields: dict[str, Any] = Field(
        default_factory=dict, description="Your edits of the proposed values."
    )
    audience: str | None = Field(None, description="For a new meeting (default public).")
    tlp: str | None = Field(None, description="For a new meeting (default CLEAR).")


class InstrumentDecisionIn(MeetingDecisionIn):
    index: int = Field(..., description="Position of the proposal in `extraction.instruments`.")


class DocumentChoiceIn(Schema):
    title: str | None = None
    audience: str | None = None
    tlp: str | None = None


class DecisionsIn(Schema):
    meetings: list[MeetingDecisionIn] = Field(default_factory=list)
    instruments: list[InstrumentDecisionIn] = Field(default_factory=list)
    crime_areas: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
    document: DocumentChoiceIn | None = None


class DraftSummaryOut(Schema):
    id: int
    title: str
    status: str
    created_at: dt.datetime
    owner: str
    source_url: str
    published: dt.date | None
    url: str


class DraftOut(DraftSummaryOut):
    file_name: str
    text: str
    extraction: dict[str, Any]
    review: dict[str, Any] = Field(
        ...,
        description="Per proposal: the match you may see, its lock_version and differences; per "
        "meeting, `part_of` (the main meeting a consultation was held alongside) and `inherited` "
        "(the fields it took from it).",
    )
    confirmed_at: dt.datetime | None
    result: dict[str, Any]


class ConfirmOut(Schema):
    id: int
    status: str
    result: dict[str, Any]
