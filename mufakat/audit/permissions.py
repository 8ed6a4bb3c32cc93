"""Who may read the audit log at all. *What* of each event they see is the gate's business
(:mod:`mufakat.audit.selectors`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.models import Role
from mufakat.accounts.roles import AUDIT_READERS, has_role, role_is


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_audit(user: Any) -> bool:
    """Audit readers by role, and admin staff granted the view permission on events."""
    return has_role(user, AUDIT_READERS) or (
        _active(user) and user.is_staff and user.has_perm("audit.view_auditevent")
    )


def require_audit_reader(user: Any) -> None:
    if not can_read_audit(user):
        raise PermissionDenied(_("Only auditors and the Secretariat may read the audit log."))


def is_auditor(user: Any) -> bool:
    """The auditor role: the one exception in the log's redaction (records since deleted)."""
    return role_is(user, Role.AUDITOR)
