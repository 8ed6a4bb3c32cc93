"""The documents card on the meeting page, read through the gate (one query)."""

from typing import Any

from django import template

from mufakat.meetings import documents
from mufakat.meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("meetings/_documents.html", takes_context=True)
def meeting_documents(context: Any, meeting: Meeting) -> dict[str, Any]:
    user = context.get("user")
    return {
        "documents": list(documents.documents(user=user, meeting=meeting)),
        "meeting": meeting,
        "can_edit_registry": context.get("can_edit_registry", False),
        "csrf_token": context.get("csrf_token"),
    }
