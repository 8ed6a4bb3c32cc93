"""Columns of the instrument and activity exports (see :mod:`mufakat.core.exports`).

Names are stable: users' spreadsheets and scripts read them. Parties and crime areas are given
by their canonical codes (DESIGN §6), instruments by their key."""

from __future__ import annotations

from typing import Any

from mufakat.core.exports import Column, title_columns
from mufakat.workplans.models import Instrument


def _codes(related: Any) -> list[str]:
    """Codes of prefetched parties or crime areas, in the prefetch's order (by code)."""
    return [row.code for row in related.all()]


def _adopted_at(instrument: Instrument) -> int | None:
    """The meeting that adopted it, only if the reader may see that meeting."""
    if getattr(instrument, "adopted_at_visible", False):
        return instrument.adopted_at_id
    return None


INSTRUMENT_COLUMNS = (
    Column("id", lambda i: i.pk),
    Column("key", lambda i: i.key),
    *title_columns(),
    Column("short_title", lambda i: i.short_title),
    Column("kind", lambda i: i.kind),
    Column("start_year", lambda i: i.start_year),
    Column("end_year", lambda i: i.end_year),
    Column("extended_to_year", lambda i: i.extended_to_year),
    Column("adopted_on", lambda i: i.adopted_on),
    Column("adopted_precision", lambda i: i.adopted_precision if i.adopted_on else None),
    Column("place", lambda i: i.place),
    Column("adopted_at_meeting_id", _adopted_at),
    Column("in_force_on", lambda i: i.in_force_on),
    Column("parties", lambda i: _codes(i.parties)),
    Column("audience", lambda i: i.audience),
    Column("tlp", lambda i: i.tlp),
)

ACTIVITY_COLUMNS = (
    Column("id", lambda a: a.pk),
    Column("instrument", lambda a: a.priority_area.instrument.key),
    Column("priority_area_position", lambda a: a.priority_area.position),
    Column("priority_area", lambda a: a.priority_area.title),
    Column("crime_areas", lambda a: _codes(a.priority_area.crime_areas)),
    Column("code", lambda a: a.code),
    Column("title", lambda a: a.title),
    Column("lead_parties", lambda a: _codes(a.lead_parties)),
    Column("participating_parties", lambda a: _codes(a.participating_parties)),
    Column("start_year", lambda a: a.start_year),
    Column("end_year", lambda a: a.end_year),
    Column("outputs", lambda a: a.outputs),
    Column("indicators", lambda a: [i.name for i in a.indicators.all()]),
)
