"""Action items on meeting pages: the follow-up badge, and what the next meeting should review."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
