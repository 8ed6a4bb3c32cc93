"""Columns of the knowledge item export (see :mod:`mufakat.core.exports`).

Names are stable: users' spreadsheets and scripts read them. Crime areas and parties are given
by their canonical codes (DESIGN §6). The meeting, instrument and activity an item links to are
named only when the reader may see them (:mod:`mufakat.core.references`), read once per chunk
of items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mufakat.core import references
from mufakat.core.exports import Column, title_columns
from mufakat.meetings.models import Meeting
from mufakat.workplans.models import Activity, Instrument

from .models import KnowledgeItem


def linked(user: Any) -> Callable[[list[KnowledgeItem]], list[KnowledgeItem]]:
    """For a chunk of items: the records they link to that ``user`` may see (three queries at
    most), as ``linked_meeting`` (its id), ``linked_instrument`` (its key) and
    ``linked_activity`` (its code); ``None`` where there is none or it is hidden."""

    def prepare(items: list[KnowledgeItem]) -> list[KnowledgeItem]:
        meetings = references.visible_ids(user, Meeting, (i.meeting_id for i in items))
        instruments = references.labels(
            user, Instrument, (i.instrument_id for i in items), label="key"
        )
        activities = references.labels(user, Activity, (i.activity_id for i in items), label="code")
        for item in items:
            item.linked_meeting = item.meeting_id if item.meeting_id in meetings else None  # type: ignore[attr-defined]
            item.linked_instrument = instruments.get(item.instrument_id)  # type: ignore[attr-defined]
            item.linked_activity = activities.get(item.activity_id)  # type: ignore[attr-defined]
        return items

    return prepare


def _codes(related: Any) -> list[str]:
    return [row.code for row in related.all()]


ITEM_COLUMNS = (
    Column("id", lambda i: i.pk),
    Column("kind", lambda i: i.kind),
    *title_columns(),
    Column("summary", lambda i: i.summary),
    Column("language", lambda i: i.language),
    Column("crime_areas", lambda i: _codes(i.crime_areas)),
    Column("parties", lambda i: _codes(i.parties)),
    Column("owner_party", lambda i: i.owner_party.code if i.owner_party_id else None),
    Column("published_at", lambda i: i.published_at),
    Column("open", lambda i: i.is_open if i.kind == KnowledgeItem.Kind.EXPERTISE_REQUEST else None),
    Column("meeting_id", lambda i: i.linked_meeting),
    Column("instrument", lambda i: i.linked_instrument),
    Column("activity_code", lambda i: i.linked_activity),
    Column("audience", lambda i: i.audience),
    Column("tlp", lambda i: i.tlp),
)
