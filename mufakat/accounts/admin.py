"""Administration of people and sharing groups.

Restricted records (meetings, outcomes, instruments …) are deliberately *not* registered here:
the admin would read them around the visibility gate. They are managed in the application.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from mufakat.accounts.models import ApiToken, User
from mufakat.core.models import SharingGroup


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "party", "agency", "role", "is_active")
    list_filter = ("role", "party", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Mufakat", {"fields": ("party", "agency", "role")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "hint",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("user", "key_hash", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are issued with `mufakat token create`, which shows the key once


@admin.register(SharingGroup)
class SharingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "confidential")
    filter_horizontal = ("parties", "users")
