"""Presentation helpers for registry pages: level badges, dated periods, and the long lists
written as ready HTML."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mufakat.core.choices import choice_label
from mufakat.core.templatetags.mufakat import access_label, date_range, status_badge
from mufakat.core.urlcache import cached_reverse, reverser
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
        choice_label(body, "level"),
    )


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


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


# -- rows as ready HTML --------------------------------------------------------------------------
#
# The registry's long lists (a party's hosted meetings and instruments, a body's meetings of a
# year, the tree of bodies) were rendered one template row at a time: each row resolved a dozen
# variables, called four tags, reversed two URLs and rebuilt the choices of three fields. These
# helpers write the same HTML in one pass, with the links reversed once per process
# (:func:`~mufakat.core.urlcache.cached_reverse`) and the labels translated once per language
# (:func:`~mufakat.core.choices.choice_label`). Every value is escaped as the template did.


# The links below are those of ``Meeting``, ``Instrument``, ``Body`` and ``Party``'s
# ``get_absolute_url`` (the registry's page tests compare them), through one bound reverser.


def _meeting_cells(meeting: Any, url: Callable[..., str]) -> tuple[str, str, str, str, str]:
    """The link, dates, place, status and access cells every meetings table shares."""
    link = url("meetings:detail", meeting.pk)
    return (
        f'<td><a href="{escape(link)}">{escape(meeting.title)}</a></td>',
        f"<td>{escape(date_range(meeting.start, meeting.end))}</td>",
        f"<td>{escape(meeting.place)}</td>",
        f"<td>{status_badge(meeting.status, choice_label(meeting, 'status'))}</td>",
        f"<td>{access_label(meeting, compact=True)}</td>",
    )


@register.simple_tag
def body_meeting_rows(meetings: Iterable[Any]) -> str:
    """The rows of a body's meetings table: number, meeting, dates, place, host, status, access."""
    rows = []
    url = reverser()
    for m in meetings:
        link, dates, place, status, access = _meeting_cells(m, url)
        host = m.host
        host_cell = (
            f'<td><a href="{escape(url("registry:party", host.code))}">{escape(host.code)}</a></td>'
            if host
            else "<td></td>"
        )
        rows.append(
            f"<tr><td>{escape(ordinal(m.number))}</td>{link}{dates}{place}{host_cell}"
            f"{status}{access}</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above is escaped


@register.simple_tag
def hosted_meeting_rows(meetings: Iterable[Any]) -> str:
    """The rows of a party's hosted meetings: meeting, body, dates, place, status, access."""
    rows = []
    url = reverser()
    for m in meetings:
        link, dates, place, status, access = _meeting_cells(m, url)
        code = m.body.code
        rows.append(
            f'<tr>{link}<td><a href="{escape(url("registry:body", code))}">{escape(code)}</a>'
            f"</td>{dates}{place}{status}{access}</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above is escaped


@register.simple_tag
def instrument_items(instruments: Iterable[Any]) -> str:
    """A party's instruments as list items: title, kind and period, access."""
    items = []
    url = reverser()
    for i in instruments:
        period = i.period
        items.append(
            f'<li><a href="{escape(url("workplans:instrument", i.key))}">{escape(i.title)}</a> '
            f'<small class="muted">{escape(choice_label(i, "kind"))}'
            f"{' · ' + escape(period) if period else ''}</small> "
            f"{access_label(i, compact=True)}</li>"
        )
    return mark_safe("\n".join(items))  # every value above is escaped


def _body_node(node: Any, crime_areas_url: str, with_label: str) -> str:
    b = node.body
    parts = [
        f'<li>\n  <a href="{escape(b.get_absolute_url())}"><strong>{escape(b.code)}</strong></a>'
        f" {level_badge(b)}\n  <br><span>{escape(b.name)}</span>"
    ]
    partners = b.partners.all()
    if partners:
        names = ", ".join(escape(p.name) for p in partners)
        parts.append(f"\n  <br><small>{escape(with_label)} {names}</small>")
    if node.current_terms:
        offices = " · ".join(
            f"{escape(choice_label(t, 'role'))}: "
            f'<a href="{escape(t.party.get_absolute_url())}">{escape(t.party.name)}</a>'
            + (f" ({escape(t.agency.acronym)})" if t.agency else "")
            for t in node.current_terms
        )
        parts.append(f"\n  <br><small>{offices}</small>")
    areas = b.crime_areas.all()
    if areas:
        links = ", ".join(
            f'<a href="{escape(crime_areas_url)}#{escape(c.code)}">{escape(c.name)}</a>'
            for c in areas
        )
        parts.append(f'\n  <br><small class="muted">{links}</small>')
    if node.children:
        inner = "".join(_body_node(child, crime_areas_url, with_label) for child in node.children)
        parts.append(f"\n  <ul>{inner}\n  </ul>")
    parts.append("\n</li>")
    return "".join(parts)


@register.simple_tag
def body_tree(nodes: Iterable[Any]) -> str:
    """The hierarchy of bodies as nested list items: code, level, name, partners, the offices
    held today and the crime areas; each body's sub-bodies in a list of their own."""
    crime_areas_url = cached_reverse("registry:crime_areas")
    with_label = _("With")
    return mark_safe(  # every value in _body_node is escaped
        "".join(_body_node(node, crime_areas_url, with_label) for node in nodes)
    )
