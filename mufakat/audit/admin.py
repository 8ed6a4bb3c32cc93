"""The audit log in the admin: read-only, and through the gate like every other read.

An event about a record the viewer may not read shows only that it happened (id, time, actor,
action, object type and id, names of the fields changed); see :mod:`mufakat.audit.selectors`.
"""

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mufakat.audit.models import AuditEvent
from mufakat.audit.selectors import (
    HIDDEN,
    EventView,
    events_for,
    mark_readable,
    search_events,
    view_of,
)


def _pretty(value: Any) -> str:
    if value is None:
        return HIDDEN
    return format_html(
        "<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True, cls=DjangoJSONEncoder)
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only view of the log; record content only for those who may read the record."""

    list_display = (
        "id",
        "created_at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "shown_object",
    )
    list_filter = ("action", "object_type")
    # Searched by search_events: actor, action, type and id everywhere, titles only where
    # the record may be read.
    search_fields = ("actor_username",)
    search_help_text = _("Actor, action, object type or id, or the title of a record you may read.")
    fields = (
        "id",
        "created_at",
        "actor_username",
        "shown_address",
        "action",
        "object_type",
        "object_id",
        "shown_object",
        "shown_changed_fields",
        "shown_before",
        "shown_after",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return events_for(user=request.user)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        changelist.result_list = mark_readable(changelist.result_list, user=request.user)
        return changelist

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        found = super().get_object(request, object_id, from_field)
        return None if found is None else mark_readable([found], user=request.user)[0]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent], search_term: str
    ) -> tuple[QuerySet[AuditEvent], bool]:
        if not search_term.strip():
            return queryset, False
        return search_events(queryset, search_term, user=request.user), False

    def _shown(self, obj: AuditEvent) -> EventView:
        # The changelist and get_object marked ``obj`` through mark_readable(user=request.user):
        # the viewer's right to read the record is already in its ``content_readable`` mark.
        return view_of(obj)

    @admin.display(description=_("object"))
    def shown_object(self, obj: AuditEvent) -> str:
        return self._shown(obj).object_repr

    @admin.display(description=_("from"))
    def shown_address(self, obj: AuditEvent) -> str:
        return self._shown(obj).ip_address

    @admin.display(description=_("fields changed"))
    def shown_changed_fields(self, obj: AuditEvent) -> str:
        return ", ".join(self._shown(obj).changed_fields) or HIDDEN

    @admin.display(description=_("before"))
    def shown_before(self, obj: AuditEvent) -> str:
        return _pretty(self._shown(obj).before)

    @admin.display(description=_("after"))
    def shown_after(self, obj: AuditEvent) -> str:
        return _pretty(self._shown(obj).after)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
