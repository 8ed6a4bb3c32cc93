"""Who may do what in the registry: parties, agencies, bodies, terms of office and sharing
groups are kept by the Secretariat (role sets: mufakat.accounts.roles)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import REGISTRY_EDITORS, has_role


def can_edit_registry(user: Any) -> bool:
    """Parties, bodies, terms and sharing groups are kept by the Secretariat."""
    return has_role(user, REGISTRY_EDITORS)


def require_registry_editor(user: Any) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))
