"""Template helpers for meeting pages, and the meeting lists' rows written as ready HTML.

The meetings list and the calendar rendered one template row per meeting: each resolved a dozen
variables, called three tags, reversed two links and rebuilt the status choices; that was most
of the page's time. The tags below write the same HTML in one pass, with the links reversed once
per process (:mod:`mufakat.core.urlcache`) and the labels translated once per language
(:mod:`mufakat.core.choices`). Every value is escaped as the template did.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mufakat.core.choices import choice_label
from mufakat.core.templatetags.mufakat import access_label, date_range, status_badge
from mufakat.core.title_translations import translated_title
from mufakat.core.urlcache import reverser
from mufakat.meetings.models import ordinal as _ordinal

register = template.Library()


@register.filter
def ordinal(number: int | None) -> str:
    """19 → "19th"."""
    return _ordinal(number) if number else ""


@register.simple_tag
def meeting_rows(meetings: Iterable[Any]) -> SafeString:
    """The rows of the meetings list: meeting, body, dates, place, host, status, access."""
    url = reverser()
    rows = []
    for m in meetings:
        code = m.body.code
        host = m.host
        rows.append(
            "<tr>"
            f'<td><a href="{escape(url("meetings:detail", m.pk))}">{escape(translated_title(m))}</a></td>'
            f'<td><a href="{escape(url("registry:body", code))}"><code>{escape(code)}</code></a>'
            "</td>"
            f"<td>{escape(date_range(m.start, m.end))}</td>"
            f"<td>{escape(m.place or '—')}</td>"
            f"<td>{escape(host.code) if host else '—'}</td>"
            f"<td>{status_badge(m.status, choice_label(m, 'status'))}</td>"
            f"<td>{access_label(m, compact=True)}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above is escaped


@register.simple_tag
def calendar_items(meetings: Iterable[Any]) -> SafeString:
    """A calendar month's meetings as list items: dates, meeting, place, status, access."""
    url = reverser()
    items = []
    for m in meetings:
        place = m.place
        items.append(
            f'<li><span class="when">{escape(date_range(m.start, m.end))}</span> '
            f'<a href="{escape(url("meetings:detail", m.pk))}">{escape(translated_title(m))}</a> '
            + (f"<small>· {escape(place)}</small> " if place else "")
            + f"{status_badge(m.status, choice_label(m, 'status'))} "
            f"{access_label(m, compact=True)}</li>"
        )
    return mark_safe("\n".join(items))  # every value above is escaped
