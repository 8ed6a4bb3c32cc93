"""Who may do what with instruments: create and revise them, their priority areas, activities,
indicators and links. The Secretariat keeps them (role sets: mufakat.accounts.roles); who may
*see* an instrument is the gate's business."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import REGISTRY_EDITORS, has_role


def can_edit_workplans(user: Any) -> bool:
    return has_role(user, REGISTRY_EDITORS)


def require_workplan_editor(user: Any) -> None:
    if not can_edit_workplans(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))
