"""allauth.mfa reports authenticator changes and failed codes only through signals (its adapter
has no hook for them). These receivers do nothing but hand the event to the accounts service
that writes the audit record; no business logic lives here."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from mufakat.accounts import services


@receiver(mfa_signals.authenticator_added)
def authenticator_added(sender: Any, user: Any, authenticator: Authenticator, **kw: Any) -> None:
    services.record_mfa_change(user=user, action=services.MFA_ENROLLED, authenticator=authenticator)


@receiver(mfa_signals.authenticator_removed)
def authenticator_removed(sender: Any, user: Any, authenticator: Authenticator, **kw: Any) -> None:
    services.record_mfa_change(user=user, action=services.MFA_REMOVED, authenticator=authenticator)


@receiver(mfa_signals.authenticator_reset)
def authenticator_reset(sender: Any, user: Any, authenticator: Authenticator, **kw: Any) -> None:
    services.record_mfa_change(
        user=user, action=services.MFA_RECOVERY_CODES_REGENERATED, authenticator=authenticator
    )


@receiver(mfa_signals.authentication_failed)
def authentication_failed(sender: Any, user: Any, authenticator: Authenticator, **kw: Any) -> None:
    services.record_mfa_failed(
        user=user,
        method=str(authenticator.type),
        reauthentication=bool(kw.get("reauthentication", False)),
    )
