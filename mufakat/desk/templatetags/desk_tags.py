"""Presentation helpers of My desk: days left or overdue in words (never by colour alone), and
links to pages other apps may not have yet."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mufakat.core.urlcache import cached_reverse

register = template.Library()

#: Due within this many days: shown as a warning.
SOON_DAYS = 7


@register.simple_tag
def due_badge(days_left: int) -> str:
    """'3 days overdue', 'due today', 'due in 12 days' as a badge."""
    if days_left < 0:
        late = -days_left
        text = ngettext("%(n)d day overdue", "%(n)d days overdue", late) % {"n": late}
        css = "badge-bad"
    elif days_left == 0:
        text, css = _("due today"), "badge-warn"
    else:
        text = ngettext("due in %(n)d day", "due in %(n)d days", days_left) % {"n": days_left}
        css = "badge-warn" if days_left <= SOON_DAYS else "badge-muted"
    return format_html('<span class="badge {}">{}</span>', css, text)


@register.simple_tag
def starts_in(days_left: int) -> str:
    """'today', 'tomorrow', 'in 40 days'."""
    if days_left <= 0:
        return _("today")
    if days_left == 1:
        return _("tomorrow")
    return ngettext("in %(n)d day", "in %(n)d days", days_left) % {"n": days_left}


@register.simple_tag
def url_if_any(name: str, *args: Any) -> str:
    """The address of a named page, or "" if no app serves it (yet); computed once per process
    (``core.urlcache``): the Secretariat's desk links each overdue party's rounds."""
    try:
        return cached_reverse(name, *args)
    except NoReverseMatch:
        return ""


@register.filter
def percent(value: float | None) -> str:
    """A rate in 0..1 as a whole percentage."""
    if value is None:
        return "—"
    return f"{round(value * 100)} %"
