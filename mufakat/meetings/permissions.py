"""Who may do what with meetings: schedule them, record agendas, participants, outcomes and
documents, forward outcomes. The Secretariat keeps them (role sets: mufakat.accounts.roles);
who may *see* a meeting is the gate's business."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import REGISTRY_EDITORS, has_role


def can_edit_meetings(user: Any) -> bool:
    return has_role(user, REGISTRY_EDITORS)


def require_meeting_editor(user: Any) -> None:
    if not can_edit_meetings(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))
