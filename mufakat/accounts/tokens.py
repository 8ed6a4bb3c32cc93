"""Issuing and revoking API tokens: the only ways a token comes to be or stops working.

Both are audited. The audit log names the token by its id and hint, never by its key: the key is
returned once, to whoever issues it, and only its hash is stored.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.models import ApiToken, TokenScope, User
from mufakat.accounts.permissions import (
    require_mfa_for_tokens,
    require_token_issuer,
    require_token_revoker,
)
from mufakat.audit.services import record


def max_token_days() -> int:
    return int(settings.MUFAKAT_TOKEN_MAX_DAYS)


def normalise_scopes(scopes: list[str] | tuple[str, ...]) -> list[str]:
    """``write`` includes ``read``; anything else than these two is refused."""
    wanted = {str(scope).strip().lower() for scope in scopes}
    unknown = wanted - set(TokenScope.values)
    if not wanted or unknown:
        raise ValidationError(
            {"scopes": _("Choose the scope read (read only) or write (read and write).")}
        )
    if TokenScope.WRITE in wanted:
        return [TokenScope.READ.value, TokenScope.WRITE.value]
    return [TokenScope.READ.value]


def _token_facts(token: ApiToken) -> dict[str, Any]:
    return {
        "user": token.user_id,
        "name": token.name,
        "hint": token.hint,
        "scopes": token.scopes,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def issue_token(
    *, user: User, actor: Any, name: str, scopes: list[str] | tuple[str, ...], days: int
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with its clear key, which is shown once.

    ``actor`` is who asks: the user themself, or ``None`` for an operator on the server (the
    ``mufakat token`` command). Refused beyond ``MUFAKAT_TOKEN_MAX_DAYS`` days, and for someone
    whose role requires a second factor they have not set up.
    """
    require_token_issuer(actor, user)
    clean_scopes = normalise_scopes(scopes)
    limit = max_token_days()
    if not 1 <= days <= limit:
        raise ValidationError(
            {
                "days": _(
                    "A token lives between 1 and %(limit)d days (MUFAKAT_TOKEN_MAX_DAYS); "
                    "issue a new one when it expires."
                )
                % {"limit": limit}
            }
        )
    if not user.is_active:
        raise PermissionDenied(_("This account is deactivated."))
    require_mfa_for_tokens(user)
    token, key = ApiToken.issue(user, name=name[:100], days=days, scopes=clean_scopes)
    record(actor=actor, action="apitoken.issue", obj=token, after=_token_facts(token))
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> ApiToken:
    """Stop ``token`` working at once. Revoking a revoked token changes and records nothing."""
    require_token_revoker(actor, token.user)
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    before = _token_facts(locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record(
        actor=actor, action="apitoken.revoke", obj=locked, before=before, after=_token_facts(locked)
    )
    return locked
