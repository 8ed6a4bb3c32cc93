"""The reminder log on a round's page (one query, only for those who manage rounds)."""

from __future__ import annotations

from typing import Any

from django import template

from mufakat.monitoring.compliance import can_view_compliance
from mufakat.monitoring.permissions import can_manage_rounds
from mufakat.monitoring.reminders import reminder_log

register = template.Library()


@register.inclusion_tag("monitoring/_round_reminders.html", takes_context=True)
def round_reminders(context: Any, round_: Any) -> dict[str, Any]:
    """Who was reminded about the round, when and how; with the link to its compliance page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    manager = can_manage_rounds(user)
    return {
        "round": round_,
        "show_log": manager,
        "show_link": can_view_compliance(user),
        "reminders": reminder_log(round_, user=user, limit=10) if manager else [],
    }
