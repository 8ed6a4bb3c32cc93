"""Writes about people: authentication and two-factor events go to the audit log from here.

allauth calls these from its adapter hooks (``mufakat.accounts.adapters``) and, where it offers
only a signal, from the small receivers in ``mufakat.accounts.receivers``.
"""

from typing import Any

from django.db import transaction

from mufakat.audit.services import record

#: Audit actions written here, so reports and tests name them once.
LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOGOUT = "auth.logout"
MFA_ENROLLED = "mfa.enrolled"
MFA_REMOVED = "mfa.removed"
MFA_RECOVERY_CODES_REGENERATED = "mfa.recovery_codes_regenerated"
MFA_FAILED = "mfa.failed"


@transaction.atomic
def record_login(*, user: Any, methods: list[str]) -> None:
    """A completed sign-in (password and, when enrolled, the second factor)."""
    record(actor=user, action=LOGIN, obj=user, after={"methods": methods})


@transaction.atomic
def record_login_failed(*, username: str) -> None:
    """A refused sign-in. Only the name that was tried is kept, never the password."""
    username = (username or "")[:150]
    record(
        actor=None,
        action=LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=username,
        after={"username": username},
    )


@transaction.atomic
def record_logout(*, user: Any) -> None:
    record(actor=user, action=LOGOUT, obj=user)


@transaction.atomic
def record_mfa_change(*, user: Any, action: str, authenticator: Any) -> None:
    """An authenticator added, removed or reset; the secret itself never reaches the log."""
    record(
        actor=user,
        action=action,
        obj=user,
        after={"type": authenticator.type, "authenticator_id": authenticator.pk},
    )


@transaction.atomic
def record_mfa_failed(*, user: Any, authenticator: Any, reauthentication: bool) -> None:
    """A wrong second factor: the password was right, so this is worth a look."""
    record(
        actor=None,
        action=MFA_FAILED,
        obj=user,
        after={"type": authenticator.type, "reauthentication": reauthentication},
    )
