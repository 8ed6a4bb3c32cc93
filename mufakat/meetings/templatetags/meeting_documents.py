"""The documents and delegations cards on the meeting page, read through the gate in a fixed
number of queries whatever the number of documents or delegates."""

from typing import Any

from django import template

from mufakat.meetings import delegations, documents
from mufakat.meetings.models import Meeting
from mufakat.meetings.permissions import (
    can_edit_meetings,
    can_manage_meeting_documents,
    can_nominate_delegation,
)

register = template.Library()


@register.inclusion_tag("meetings/_documents.html", takes_context=True)
def meeting_documents(context: Any, meeting: Meeting, groups: Any = None) -> dict[str, Any]:
    """``groups`` when the page already read them (the meeting page marks itself from them)."""
    user = context.get("user")
    if groups is None:
        groups = documents.grouped_documents(user=user, meeting=meeting)
    return {
        "groups": groups,
        "meeting": meeting,
        "can_manage": can_manage_meeting_documents(user, meeting),
    }


@register.inclusion_tag("meetings/delegations_card.html", takes_context=True)
def meeting_delegations(context: Any, meeting: Meeting) -> dict[str, Any]:
    """Invited parties and their delegations; names only for signed-in readers."""
    user = context.get("user")
    rows = delegations.delegations(meeting, user=user, invited_only=True)
    invited = [row for row in rows if row.invitation is not None]
    party_id = getattr(user, "party_id", None)
    return {
        "meeting": meeting,
        "rows": invited,
        "awaiting": [row.party.code for row in invited if not row.nominated],
        "show_names": delegations.may_see_delegates(user),
        "can_invite": can_edit_meetings(user) and meeting.status == Meeting.Status.PLANNED,
        "nominating_party_id": party_id if can_nominate_delegation(user, party_id) else None,
        "is_planned": meeting.status == Meeting.Status.PLANNED,
    }
