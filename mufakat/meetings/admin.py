"""Calendar subscription keys in the admin: read, and revoked with the audited service."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mufakat.meetings.models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Keys are made by their owners on the calendar subscriptions page (the key is shown to
    them once); here staff see them and revoke a leaked one. Nothing is edited or deleted: a
    revoked key stays on record."""

    list_display = (
        "hint",
        "user",
        "name",
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
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # every field is read-only here

    @admin.action(description=_("Revoke the selected calendar keys"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[CalendarToken]) -> None:
        from mufakat.meetings.calendar_tokens import revoke_token

        for token in queryset:
            revoke_token(actor=request.user, pk=token.pk)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)
