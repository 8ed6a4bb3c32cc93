"""Who may do what. Roles grant actions; visibility is the gate's business (core.visibility)."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import INGESTERS, REGISTRY_EDITORS, SECURITY_KEY_HOLDERS, has_role


def can_edit_registry(user: Any) -> bool:
    """Parties, bodies, terms, meetings, outcomes and instruments are kept by the Secretariat."""
    return has_role(user, REGISTRY_EDITORS)


def require_registry_editor(user: Any) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("Only the Secretariat may change the registry."))


def can_ingest(user: Any) -> bool:
    """Chairs draft from their meetings' statements; the Secretariat confirms into the registry."""
    return has_role(user, INGESTERS)


def require_ingester(user: Any) -> None:
    if not can_ingest(user):
        raise PermissionDenied(_("Only the Secretariat and chairs may ingest documents."))


# --- Two-factor authentication ----------------------------------------------------------------
# Who must use a second factor is a setting (MUFAKAT_MFA_REQUIRED_ROLES; staff, who can open the
# admin, by MUFAKAT_MFA_REQUIRED_FOR_STAFF). "Has MFA" means an authenticator app or a security
# key: recovery codes alone are a fallback, not a factor one signs in with day to day.

#: Roles offered security keys (WebAuthn): those who keep the registry and the platform.
WEBAUTHN_ROLES = SECURITY_KEY_HOLDERS


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def mfa_required_roles() -> set[str]:
    return {str(role) for role in getattr(settings, "MUFAKAT_MFA_REQUIRED_ROLES", ())}


def mfa_required_for(user: Any) -> bool:
    """Whether this person's role obliges them to sign in with a second factor."""
    return _signed_in(user) and user.role in mfa_required_roles()


def mfa_required_for_admin(user: Any) -> bool:
    """The admin edits people and groups: staff need a second factor there whatever their role."""
    return mfa_required_for(user) or (
        _signed_in(user)
        and (user.is_staff or user.is_superuser)
        and bool(getattr(settings, "MUFAKAT_MFA_REQUIRED_FOR_STAFF", True))
    )


def has_mfa(user: Any) -> bool:
    """An authenticator app or a security key is enrolled."""
    if not _signed_in(user):
        return False
    return Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def has_required_mfa(user: Any) -> bool:
    """False only for someone whose role requires a second factor and who has none yet."""
    return not mfa_required_for(user) or has_mfa(user)


def can_use_admin(user: Any) -> bool:
    """Staff with the second factor the admin requires of them."""
    return bool(
        _signed_in(user) and user.is_staff and (not mfa_required_for_admin(user) or has_mfa(user))
    )


def can_add_security_key(user: Any) -> bool:
    """Security keys are offered to the Secretariat, platform administrators and staff."""
    return _signed_in(user) and (user.role in WEBAUTHN_ROLES or user.is_staff)


def require_security_key_allowed(user: Any) -> None:
    if not can_add_security_key(user):
        raise PermissionDenied(
            _("Security keys are offered to the Secretariat and platform administrators.")
        )


def can_remove_authenticator(user: Any, authenticator: Any) -> bool:
    """One may not remove the last second factor one's role requires (add another first)."""
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return True
    if not (mfa_required_for(user) or mfa_required_for_admin(user)):
        return True
    return (
        Authenticator.objects.filter(
            user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        )
        .exclude(pk=authenticator.pk)
        .exists()
    )


def can_create_tokens(user: Any) -> bool:
    """A token outlives the session that made it: it needs the second factor the role requires."""
    return _signed_in(user) and has_required_mfa(user)


def require_mfa_for_tokens(user: Any) -> None:
    """Raise unless ``user`` may create API tokens as far as two-factor authentication goes."""
    if not can_create_tokens(user):
        raise PermissionDenied(
            _("Set up two-factor authentication on your profile page before creating API tokens.")
        )


# --- API tokens (issued and revoked by mufakat.accounts.tokens) --------------------------------
# ``actor=None`` is an operator on the server (the ``mufakat token`` command).


def can_issue_token_for(actor: Any, user: Any) -> bool:
    """One issues tokens for oneself only: a token for someone else would let one act as them."""
    return actor is None or (_signed_in(actor) and actor.pk == user.pk)


def require_token_issuer(actor: Any, user: Any) -> None:
    if not can_issue_token_for(actor, user):
        raise PermissionDenied(_("You may only create API tokens for yourself."))


def can_revoke_token_of(actor: Any, user: Any) -> bool:
    """The token's owner, and staff who administer accounts, may revoke it."""
    return actor is None or (_signed_in(actor) and (actor.pk == user.pk or actor.is_staff))


def require_token_revoker(actor: Any, user: Any) -> None:
    if not can_revoke_token_of(actor, user):
        raise PermissionDenied(_("You may not revoke this API token."))


# -- who may change who has access (the admin's user, group and sharing-group screens) --

#: Fields that decide what a person may see (party, agency, groups) or do (role, flags, perms).
ACCESS_FIELDS = frozenset(
    {
        "party",
        "agency",
        "role",
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        "user_permissions",
    }
)
#: Fields only a superuser may change: they grant Django permissions wholesale.
SUPERUSER_ONLY_FIELDS = frozenset({"is_superuser", "groups", "user_permissions"})


def can_manage_access(actor: Any) -> bool:
    """Superusers, and staff Django lets change users (the admin's own permission)."""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and (actor.is_superuser or (actor.is_staff and actor.has_perm("accounts.change_user")))
    )


def require_access_manager(actor: Any, *, fields: Any = (), user: Any = None) -> None:
    """Refuse unless ``actor`` may change these ``fields`` of ``user``.

    Only a superuser grants superuser status, Django groups or permissions, or changes a
    superuser's account; nobody else changes their own access (no self-promotion).
    """
    if not can_manage_access(actor):
        raise PermissionDenied(_("Only administrators may change who has access."))
    if actor.is_superuser:
        return
    if set(fields) & SUPERUSER_ONLY_FIELDS or getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser may change this."))
    if user is not None and user.pk == actor.pk and set(fields) & ACCESS_FIELDS:
        raise PermissionDenied(_("You cannot change your own access."))
