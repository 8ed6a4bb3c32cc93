"""Presentation helpers of My desk: days left or overdue in words (never by colour alone), and
links to pages other apps may not have yet."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
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


@register.simple_tag
def overdue_parties_html(parties: Any) -> str:
    """The Secretariat's list of overdue parties, each with its days overdue and a link to the
    compliance page of each round it is late in, as ready HTML, every value escaped: a dozen
    parties late in several rounds each made a hundred template loops and look-ups."""
    written = []
    for party in parties:
        late = ngettext("%(n)s day overdue", "%(n)s days overdue", party.days_overdue) % {
            "n": party.days_overdue
        }
        links = ", ".join(
            f'<a href="{escape(_round_link(r))}">{escape(r.title)}</a>' for r in party.rounds
        )
        written.append(
            f"<li><strong>{escape(party.code)}</strong> "
            f'<span class="badge badge-bad">{late}</span> — {links}</li>'
        )
    return mark_safe("".join(written))


def _round_link(round_: Any) -> str:
    return url_if_any("monitoring:round_compliance", round_.pk) or round_.get_absolute_url()
