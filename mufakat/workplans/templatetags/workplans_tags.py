"""Presentation helpers for instrument pages."""

from typing import Any

from django import template

from mufakat.meetings.models import ordinal

register = template.Library()


@register.filter
def meeting_short(meeting: Any) -> str:
    """'19th AMMTC' for a numbered meeting of a body, else the meeting's title."""
    if meeting is None:
        return ""
    if meeting.number:
        return f"{ordinal(meeting.number)} {meeting.body.code}"
    return str(meeting.title)


@register.filter
def codes(parties: Any) -> str:
    """Canonical codes of parties (or crime areas), comma-separated."""
    return ", ".join(p.code for p in parties)
