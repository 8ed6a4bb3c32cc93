"""Writes about people: authentication, two-factor and access changes go to the audit log
from here.

allauth calls these from its adapter hooks (``mufakat.accounts.adapters``) and, where it offers
only a signal, from the small receivers in ``mufakat.accounts.receivers``.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.permissions import (
    ACCESS_FIELDS,
    require_access_manager,
)
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
def record_mfa_failed(*, user: Any, method: str, reauthentication: bool) -> None:
    """A wrong code or a refused security key (``method``: totp, recovery_codes, webauthn).
    The password was right, so a series of these is worth a look."""
    record(
        actor=None,
        action=MFA_FAILED,
        obj=user,
        after={"type": method, "reauthentication": reauthentication},
    )


# --- Access: who a person is, what they may do, which groups they are in ----------------------
# Every grant and revocation — party, agency, role, staff and superuser flags, active, Django
# groups and permissions, sharing-group membership — is one of these calls, whatever the screen
# (the admin included), and leaves an audit event naming the fields changed. Passwords never
# reach the log: only whether one is usable.

#: Who the person is; changing these grants nothing but is audited too.
DETAIL_FIELDS = frozenset({"username", "first_name", "last_name", "email"})

USER_CREATED = "user.create"
USER_UPDATED = "user.update"
USER_ACCESS_CHANGED = "user.access_change"
USER_PASSWORD_SET = "user.password_set"
USER_DELETED = "user.delete"
PERMISSION_GROUP_CREATED = "auth_group.create"
PERMISSION_GROUP_UPDATED = "auth_group.update"
PERMISSION_GROUP_DELETED = "auth_group.delete"
SHARING_GROUP_DELETED = "sharing_group.delete"


def _unknown(changes: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})


def access_snapshot(user: Any) -> dict[str, Any]:
    """The access a person has, in words an auditor reads: party code, agency, role, flags,
    group names and permission codes."""
    return {
        "party": user.party.code if user.party_id else None,
        "agency": str(user.agency) if user.agency_id else None,
        "role": user.role,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{code}"
            for app, code in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _details(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in sorted(DETAIL_FIELDS)}


def _only_changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    names = [name for name in after if before.get(name) != after.get(name)]
    return {n: before.get(n) for n in names}, {n: after[n] for n in names}


def _check_agency(user: Any) -> None:
    if user.agency_id and user.agency.party_id != user.party_id:
        raise ValidationError({"agency": _("The agency must belong to the person's party.")})


def _apply(user: Any, changes: Mapping[str, Any]) -> None:
    m2m = {"groups", "user_permissions"}
    for name, value in changes.items():
        if name not in m2m:
            setattr(user, name, value)
    _check_agency(user)
    user.full_clean(exclude=["password"])
    user.save()
    for name in m2m & set(changes):
        getattr(user, name).set(list(changes[name] or []))


def change_user_access(*, actor: Any, user: Any, **changes: Any) -> Any:
    """Grant or revoke access (party, agency, role, flags, Django groups and permissions).

    The event names only the access fields that changed, before and after; nothing changed,
    no event.
    """
    _unknown(changes, ACCESS_FIELDS)
    require_access_manager(actor, fields=changes, user=user)
    model = type(user)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=user.pk)
        before = access_snapshot(current)
        _apply(current, changes)
        before, after = _only_changed(before, access_snapshot(current))
        if after:
            record(actor=actor, action=USER_ACCESS_CHANGED, obj=current, before=before, after=after)
    return current


def update_user_details(*, actor: Any, user: Any, **changes: Any) -> Any:
    """Change a person's name, username or e-mail (no access granted, but still audited)."""
    _unknown(changes, DETAIL_FIELDS)
    require_access_manager(actor, fields=changes, user=user)
    model = type(user)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=user.pk)
        before = _details(current)
        _apply(current, changes)
        before, after = _only_changed(before, _details(current))
        if after:
            record(actor=actor, action=USER_UPDATED, obj=current, before=before, after=after)
    return current


def create_user(*, actor: Any, username: str, password: str | None, **fields: Any) -> Any:
    """Open an account; ``password=None`` leaves it without one (sign-in by other means)."""
    _unknown(fields, ACCESS_FIELDS | DETAIL_FIELDS)
    require_access_manager(actor, fields=fields)
    from mufakat.accounts.models import User

    with transaction.atomic():
        user = User(username=username)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        _apply(user, fields)
        record(
            actor=actor,
            action=USER_CREATED,
            obj=user,
            after={
                **_details(user),
                **access_snapshot(user),
                "usable_password": user.has_usable_password(),
            },
        )
    return user


def set_user_password(*, actor: Any, user: Any, password: str | None) -> Any:
    """Set (or, with ``None``, disable) someone's password for them; the log says only that."""
    require_access_manager(actor, fields=(), user=user)
    with transaction.atomic():
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        record(
            actor=actor,
            action=USER_PASSWORD_SET,
            obj=user,
            after={"usable_password": user.has_usable_password()},
        )
    return user


def record_command_line_account(*, user: Any, created: bool) -> None:
    """Record an account opened (``createsuperuser``) or a password set (``changepassword``)
    from a shell on the server: nobody signed in is the actor, the log says it came from there."""
    if created:
        after = {
            **_details(user),
            **access_snapshot(user),
            "usable_password": user.has_usable_password(),
            "via": "command line",
        }
        record(actor=None, action=USER_CREATED, obj=user, after=after)
    else:
        after = {"usable_password": user.has_usable_password(), "via": "command line"}
        record(actor=None, action=USER_PASSWORD_SET, obj=user, after=after)


def delete_user(*, actor: Any, user: Any) -> None:
    """Remove an account (all its access with it)."""
    require_access_manager(actor, fields=ACCESS_FIELDS, user=user)
    with transaction.atomic():
        record(
            actor=actor,
            action=USER_DELETED,
            obj=user,
            before={**_details(user), **access_snapshot(user)},
        )
        user.delete()


def _permission_codes(permissions: Any) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def save_permission_group(
    *, actor: Any, group: Group | None, name: str, permissions: Iterable[Permission]
) -> Group:
    """Create or change a Django permission group: its permissions reach every member."""
    require_access_manager(actor, fields={"groups"})
    wanted = list(permissions)
    with transaction.atomic():
        if group is None or group.pk is None:
            created = Group.objects.create(name=name)
            created.permissions.set(wanted)
            after = {"name": name, "permissions": _permission_codes(wanted)}
            record(actor=actor, action=PERMISSION_GROUP_CREATED, obj=created, after=after)
            return created
        current = Group.objects.select_for_update().get(pk=group.pk)
        before = {"name": current.name, "permissions": _permission_codes(current.permissions.all())}
        current.name = name
        current.save()
        current.permissions.set(wanted)
        before, after = _only_changed(
            before, {"name": name, "permissions": _permission_codes(wanted)}
        )
        if after:
            record(
                actor=actor,
                action=PERMISSION_GROUP_UPDATED,
                obj=current,
                before=before,
                after=after,
            )
        return current


def delete_permission_group(*, actor: Any, group: Group) -> None:
    require_access_manager(actor, fields={"groups"})
    with transaction.atomic():
        record(
            actor=actor,
            action=PERMISSION_GROUP_DELETED,
            obj=group,
            before={
                "name": group.name,
                "permissions": _permission_codes(group.permissions.all()),
                "members": sorted(group.user_set.values_list("username", flat=True)),
            },
        )
        group.delete()


def set_sharing_group_members(
    *,
    actor: Any,
    group: Any,
    parties: Iterable[Any] | None = None,
    users: Iterable[Any] | None = None,
) -> Any:
    """Change who is in a sharing group — who reads everything shared with it. The registry's
    audited service does the work, so the admin and /registry/sharing-groups/ share one rule."""
    from mufakat.registry.groups_services import update_sharing_group

    changes: dict[str, Any] = {}
    if parties is not None:
        changes["parties"] = list(parties)
    if users is not None:
        changes["users"] = list(users)
    return update_sharing_group(actor=actor, group=group, changes=changes, expected_version=None)


def delete_sharing_group(*, actor: Any, group: Any) -> None:
    """Remove a sharing group: what was shared with it only is no longer shared at all."""
    from mufakat.accounts.permissions import require_registry_editor
    from mufakat.core.services import delete_audited

    require_registry_editor(actor)
    delete_audited(group, actor=actor, action=SHARING_GROUP_DELETED)
