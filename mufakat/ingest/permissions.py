"""Who may do what with press statements: chairs and the Secretariat turn them into drafts;
only the Secretariat confirms a draft into the registry (role sets: mufakat.accounts.roles)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import INGESTERS, REGISTRY_EDITORS, has_role


def can_ingest(user: Any) -> bool:
    """Chairs draft from their meetings' statements; the Secretariat confirms into the registry."""
    return has_role(user, INGESTERS)


def require_ingester(user: Any) -> None:
    if not can_ingest(user):
        raise PermissionDenied(_("Only the Secretariat and chairs may ingest documents."))


def can_confirm_drafts(user: Any) -> bool:
    """Confirming a draft writes the registry: the Secretariat's."""
    return has_role(user, REGISTRY_EDITORS)


def require_draft_confirmer(user: Any) -> None:
    if not can_confirm_drafts(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))
