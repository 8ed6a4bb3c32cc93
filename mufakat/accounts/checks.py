"""Startup checks for the sign-in settings: a misspelt role would silently lift the requirement."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from mufakat.accounts.models import Role


def check_mfa_required_roles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    unknown = sorted(set(getattr(settings, "MUFAKAT_MFA_REQUIRED_ROLES", ())) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"MUFAKAT_MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
            hint=f"Use role codes from: {', '.join(Role.values)}.",
            id="mufakat.accounts.E001",
        )
    ]
