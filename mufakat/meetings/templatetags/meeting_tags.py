"""Template helpers for meeting pages."""

from django import template

from mufakat.meetings.models import ordinal as _ordinal

register = template.Library()


@register.filter
def ordinal(number: int | None) -> str:
    """19 → "19th"."""
    return _ordinal(number) if number else ""
