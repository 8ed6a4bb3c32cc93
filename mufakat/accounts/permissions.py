"""Who may do what. Roles grant actions; visibility is the gate's business (core.visibility)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.models import Role

REGISTRY_EDITORS = {Role.SECRETARIAT, Role.PLATFORM_ADMIN}


def can_edit_registry(user: Any) -> bool:
    """Parties, bodies, terms, meetings, outcomes and instruments are kept by the Secretariat."""
    return bool(user and user.is_authenticated and user.is_active and user.role in REGISTRY_EDITORS)


def require_registry_editor(user: Any) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))


#: Who may turn press statements into drafts (ingest): registry editors and chairs.
INGESTERS = REGISTRY_EDITORS | {Role.CHAIR}


def can_ingest(user: Any) -> bool:
    """Chairs draft from their meetings' statements; the Secretariat confirms into the registry."""
    return bool(user and user.is_authenticated and user.is_active and user.role in INGESTERS)


def require_ingester(user: Any) -> None:
    if not can_ingest(user):
        raise PermissionDenied(_("Only the Secretariat and chairs may ingest documents."))
