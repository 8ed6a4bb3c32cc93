"""Reads about people: the state of one's own sign-in protection, for the profile page."""

from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator

from mufakat.accounts.permissions import (
    can_add_security_key,
    has_mfa,
    mfa_required_for,
    mfa_required_for_admin,
)


@dataclass
class MFAState:
    totp: Authenticator | None = None
    security_keys: list[Authenticator] = field(default_factory=list)
    recovery_codes_left: int | None = None
    recovery_codes_total: int | None = None
    required: bool = False
    required_for_admin: bool = False
    enabled: bool = False
    may_add_security_key: bool = False


def mfa_state(*, user: Any) -> MFAState:
    """Only the person's own authenticators: nobody reads another's here."""
    state = MFAState(
        required=mfa_required_for(user),
        required_for_admin=mfa_required_for_admin(user),
        enabled=has_mfa(user),
        may_add_security_key=can_add_security_key(user),
    )
    for auth in Authenticator.objects.filter(user_id=user.pk).order_by("created_at"):
        if auth.type == Authenticator.Type.TOTP:
            state.totp = auth
        elif auth.type == Authenticator.Type.WEBAUTHN:
            state.security_keys.append(auth)
        elif auth.type == Authenticator.Type.RECOVERY_CODES:
            codes = auth.wrap()
            state.recovery_codes_left = len(codes.get_unused_codes())
            state.recovery_codes_total = len(codes.generate_codes())
    return state
