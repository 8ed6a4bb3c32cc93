"""Presentation helpers for registry pages: level badges and dated periods."""

import datetime as dt
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mufakat.registry.models import Body, Party, PartyMembership

register = template.Library()

LEVEL_CLASSES: dict[str, str] = {
    Body.Level.SUMMIT: "badge-brand",
    Body.Level.MINISTERIAL: "badge-brand",
    Body.Level.SENIOR_OFFICIALS: "badge-ok",
    Body.Level.WORKING_GROUP: "badge-muted",
    Body.Level.CONSULTATION: "badge-warn",
    Body.Level.OTHER: "badge-muted",
}


@register.simple_tag
def level_badge(body: Body) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        LEVEL_CLASSES.get(body.level, "badge-muted"),
        body.get_level_display(),
    )


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j M Y")


@register.simple_tag
def period(start: dt.date | None, end: dt.date | None) -> str:
    """'since 1 Jan 2023', '1 Jan 2022 to 26 Oct 2025' (the end is the day the next began)."""
    if start is None and end is None:
        return ""
    if end is None:
        return _("since %(start)s") % {"start": _day(start)} if start else ""
    if start is None:
        return _("until %(end)s") % {"end": _day(end)}
    return f"{_day(start)} \N{EN DASH} {_day(end)}"


@register.filter
def current_membership(party: Party) -> PartyMembership | None:
    """The status running today, from the prefetched memberships (no extra query)."""
    today = dt.date.today()
    running = [m for m in party.memberships.all() if m.is_current_on(today)]
    return running[-1] if running else None


@register.filter
def ordinal(number: Any) -> str:
    """'19th' — meeting numbers as the meetings themselves are named."""
    if not isinstance(number, int):
        return ""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
