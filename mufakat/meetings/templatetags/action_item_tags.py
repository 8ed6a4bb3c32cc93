"""Action items on meeting pages: the follow-up badge, and what the next meeting should review."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mufakat.core.templatetags.mufakat import access_label
from mufakat.core.urlcache import reverser
from mufakat.meetings import action_items
from mufakat.meetings.models import Meeting, Outcome

register = template.Library()

#: How many items the meeting page lists before linking to the whole list.
DUE_SHOWN = 20

_BADGES = {
    action_items.OPEN: ("badge-brand", lambda: _("Open")),
    action_items.DONE: ("badge-ok", lambda: _("Done")),
    action_items.OVERDUE: ("badge-bad", lambda: _("Overdue")),
}


@register.filter
def is_action_item(outcome: Outcome) -> bool:
    return action_items.is_action_item(outcome)


@register.simple_tag
def follow_up_badge(outcome: Outcome) -> str:
    """Open, done or overdue — from the list's annotation when there is one (no query)."""
    state = getattr(outcome, "state", None) or action_items.state_of(outcome)
    css, label = _BADGES[state]
    return format_html('<span class="badge {} follow-up-{}">{}</span>', css, state, label())


@lru_cache(maxsize=4096)
def _day(value: Any, language: str | None) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


def _words(text: str, length: int) -> str:
    """The ``truncatewords`` filter, escaped as the template escaped it."""
    return escape(Truncator(text).words(length, truncate=" …"))


@register.simple_tag
def action_item_rows(items: Iterable[Any]) -> SafeString:
    """The rows of the action items list, as ready HTML (one template row per item, with its
    tags, links and filters, was most of the page's time): reference and access, action,
    meeting, responsible, due date, state, latest note."""
    url = reverser()
    language = get_language()
    no_date = escape(_("no date"))
    rows = []
    for o in items:
        meeting = o.meeting
        party = o.responsible
        note = o.latest_note
        rows.append(
            ('<tr class="row-overdue">' if o.overdue else "<tr>")
            + f'<td><a class="outcome-ref" href="{escape(url("meetings:action_item", o.pk))}">'
            f"{escape(o.reference)}</a> {access_label(o, compact=True)}</td>"
            f"<td>{_words(o.text, 30)}</td>"
            f'<td><a href="{escape(url("meetings:detail", meeting.pk))}">'
            f"{escape(meeting.title)}</a></td>"
            + (
                f'<td><span title="{escape(party.name)}">{escape(party.code)}</span></td>'
                if party
                else '<td><span class="muted">—</span></td>'
            )
            + (
                f"<td>{escape(_day(o.due_date, language))}</td>"
                if o.due_date
                else f'<td><span class="muted">{no_date}</span></td>'
            )
            + f"<td>{follow_up_badge(o)}</td>"
            + (
                f"<td><small>{_words(note, 20)}</small></td>"
                if note
                else '<td><span class="muted">—</span></td>'
            )
            + "</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above is escaped


@register.inclusion_tag("meetings/_action_items_due.html", takes_context=True)
def action_items_due(context: Any, meeting: Meeting) -> dict[str, Any]:
    """For a planned or coming meeting: the open items of the body's earlier meetings (one
    query); nothing for a meeting already held."""
    upcoming = meeting.status == Meeting.Status.PLANNED or (
        meeting.status != Meeting.Status.CANCELLED and meeting.start_date >= timezone.localdate()
    )
    rows: list[Outcome] = []
    if upcoming:
        rows = list(action_items.due_at_meeting(meeting, user=context.get("user"))[: DUE_SHOWN + 1])
    return {
        "show": upcoming,
        "items": rows[:DUE_SHOWN],
        "more": len(rows) > DUE_SHOWN,
        "meeting": meeting,
    }
