"""Administration of people and groups.

Restricted records (meetings, outcomes, instruments …) are deliberately *not* registered here:
the admin would read them around the visibility gate. They are managed in the application.

Every save here that grants or revokes access — a person's party, agency, role, flags, Django
groups and permissions, a permission group's permissions, a sharing group's members — goes
through the audited services in :mod:`mufakat.accounts.services`, never ``Model.save()``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from mufakat.accounts import permissions, services
from mufakat.accounts.models import ApiToken, User
from mufakat.accounts.permissions import can_edit_registry
from mufakat.core.models import SharingGroup
from mufakat.core.visibility import knowable_sharing_groups

#: The person using the admin, for forms Django builds without the request.
_admin_actor: ContextVar[Any] = ContextVar("mufakat_admin_actor", default=None)


@contextmanager
def _acting(request: HttpRequest) -> Iterator[None]:
    token = _admin_actor.set(request.user)
    try:
        yield
    finally:
        _admin_actor.reset(token)


def _adopt(target: Model, saved: Model) -> None:
    """Make the admin's unsaved form instance the saved record (the admin goes on using it)."""
    target.pk = saved.pk
    target._state.adding = False
    target._state.db = saved._state.db
    target.refresh_from_db()


def _changed(form: ModelForm, names: frozenset[str]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in names}


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """Sets the password through the audited service (the log says only that it was set)."""

    def save(self, commit: bool = True) -> Any:
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        return services.set_user_password(
            actor=_admin_actor.get(), user=self.user, password=password
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "party", "agency", "role", "is_active")
    list_filter = ("role", "party", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Mufakat", {"fields": ("party", "agency", "role")}),
    )
    readonly_fields = ("last_login", "date_joined")  # kept by sign-in and creation, not edited
    change_password_form = AuditedPasswordChangeForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = tuple(super().get_readonly_fields(request, obj))
        if getattr(request.user, "is_superuser", False):
            return fixed
        # Only a superuser grants superuser status, Django groups or permissions.
        return fixed + tuple(sorted(permissions.SUPERUSER_ONLY_FIELDS))

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with _acting(request):
            return super().user_change_password(request, id, form_url)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.cleaned_data
                if name in permissions.ACCESS_FIELDS | services.DETAIL_FIELDS and name != "username"
            }
            usable = form.cleaned_data.get("set_usable_password", True)
            created = services.create_user(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data.get("password1") if usable else None,
                **fields,
            )
            _adopt(obj, created)
            return
        details = _changed(form, services.DETAIL_FIELDS)
        access = _changed(form, permissions.ACCESS_FIELDS)
        if details:
            services.update_user_details(actor=request.user, user=obj, **details)
        if access:
            services.change_user_access(actor=request.user, user=obj, **access)
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Groups and permissions were set by the services in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_user(actor=request.user, user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            services.delete_user(actor=request.user, user=user)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django permission groups: a change reaches every member, so it is audited."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.save_permission_group(
            actor=request.user,
            group=obj if change else None,
            name=form.cleaned_data["name"],
            permissions=form.cleaned_data["permissions"],
        )
        _adopt(obj, saved)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_permission_group(actor=request.user, group=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for group in queryset:
            services.delete_permission_group(actor=request.user, group=group)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are read here and revoked with the audited action; scopes and lifetimes are not
    edited (that would grant access without a trace): issue a new token instead."""

    list_display = (
        "hint",
        "user",
        "name",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = (
        "user",
        "name",
        "key_hash",
        "hint",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are issued with `mufakat token create`, which shows the key once

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: a revoked token stays on record

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # every field is read-only here

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        from mufakat.accounts.tokens import revoke_token

        for token in queryset:
            revoke_token(token=token, actor=request.user)


@admin.register(SharingGroup)
class SharingGroupAdmin(admin.ModelAdmin):
    """Sharing groups through the registry's audited services — the same rule as
    /registry/sharing-groups/: only the Secretariat and platform admins change them."""

    list_display = ("name", "code", "confidential")
    filter_horizontal = ("parties", "users")
    fields = ("code", "name", "description", "confidential", "parties", "users", "source")

    def get_queryset(self, request: HttpRequest) -> QuerySet[SharingGroup]:
        # A confidential group is itself secret: staff see only the groups they may know of.
        return knowable_sharing_groups(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code",) if obj is not None else ()  # URLs and the API use the code

    def _may_edit(self, request: HttpRequest) -> bool:
        return can_edit_registry(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_edit(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from mufakat.registry.groups_services import create_sharing_group, update_sharing_group

        data = form.cleaned_data
        if not change:
            created = create_sharing_group(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                description=data.get("description", ""),
                confidential=data.get("confidential", False),
                parties=data.get("parties", ()),
                users=data.get("users", ()),
                source=data.get("source", ""),
            )
            _adopt(obj, created)
            return
        members = {name: data[name] for name in ("parties", "users") if name in form.changed_data}
        others = {
            name: data[name]
            for name in ("name", "description", "confidential", "source")
            if name in form.changed_data
        }
        if others:
            update_sharing_group(
                actor=request.user, group=obj, changes=others, expected_version=None
            )
        if members:
            services.set_sharing_group_members(actor=request.user, group=obj, **members)
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:  # members were set by the services in save_model
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_sharing_group(actor=request.user, group=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for group in queryset:
            services.delete_sharing_group(actor=request.user, group=group)
