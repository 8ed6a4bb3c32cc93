"""Who may do what with the meeting papers (docs/access.md, "Who may do what").

Reading a paper needs nothing beyond the gate: it is built for its reader. Producing a stored
copy needs a name to store it for; the report of the meeting is kept by those who keep the
meeting's documents, and commented on by the delegations taking part.
"""

from __future__ import annotations

from typing import Any

from mufakat.accounts.roles import PUBLISHERS, has_role, is_signed_in
from mufakat.meetings.models import Invitation, Meeting, Participant
from mufakat.meetings.permissions import can_manage_meeting_documents


def can_produce(user: Any) -> bool:
    """A PDF or DOCX is stored for one named reader: anyone signed in."""
    return is_signed_in(user)


def can_manage_record(user: Any, meeting: Meeting) -> bool:
    """The Secretariat and the chair of the meeting's body draft, circulate and adopt."""
    return can_manage_meeting_documents(user, meeting)


def can_comment(user: Any, meeting: Meeting) -> bool:
    """A signed-in person of a party taking part in (or invited to) the meeting, who may
    publish (readers and auditors only read), or the Secretariat and the chair."""
    if can_manage_record(user, meeting):
        return True
    party_id = getattr(user, "party_id", None)
    if not has_role(user, PUBLISHERS) or party_id is None:
        return False
    return (
        Participant.objects.visible_to(user).filter(meeting=meeting, party_id=party_id).exists()
        or Invitation.objects.visible_to(user).filter(meeting=meeting, party_id=party_id).exists()
    )
