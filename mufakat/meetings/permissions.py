"""Who may do what with meetings: schedule them, record agendas, participants, outcomes and
documents, forward outcomes. The Secretariat keeps them (role sets: mufakat.accounts.roles);
who may *see* a meeting is the gate's business."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from mufakat.accounts.roles import CHAIRS, REGISTRY_EDITORS, REPORTERS, has_role


def can_edit_meetings(user: Any) -> bool:
    return has_role(user, REGISTRY_EDITORS)


def require_meeting_editor(user: Any) -> None:
    if not can_edit_meetings(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))


def chaired_body_ids(user: Any, *, on: dt.date | None = None) -> Any:
    """Bodies whose chair is ``user``'s party today (a values queryset; no query until used)."""
    from mufakat.registry.models import Term

    on = on or dt.date.today()
    return (
        Term.objects.filter(role=Term.Role.CHAIR, party_id=user.party_id, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .values("body_id")
    )


def can_manage_meeting_documents(user: Any, meeting: Any) -> bool:
    """The Secretariat, and the chair of the meeting's body: a user with the chair role whose
    party holds a current chair term of that body."""
    if can_edit_meetings(user):
        return True
    if not has_role(user, CHAIRS) or not getattr(user, "party_id", None):
        return False
    return bool(chaired_body_ids(user).filter(body_id=meeting.body_id).exists())


def require_meeting_documents_manager(user: Any, meeting: Any) -> None:
    if not can_manage_meeting_documents(user, meeting):
        raise PermissionDenied(
            _("Only the Secretariat and the chair of the body may keep this meeting's documents.")
        )


def can_nominate_delegation(user: Any, party_id: int | None) -> bool:
    """A party's focal point names its own party's delegation, nobody else."""
    return bool(
        party_id is not None
        and has_role(user, REPORTERS)
        and getattr(user, "party_id", None) == party_id
    )
