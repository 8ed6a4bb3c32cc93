"""Reading the audit log through the gate.

An event about a restricted record carries that record's title and before/after values, so
showing it is a read of the record. The rule (docs/access.md, "The audit log"):

- every audit reader sees that an event happened: its id, time, actor, action, object type and
  id, and the *names* of the fields it changed;
- the record's title (``object_repr``), the values and the address it came from are shown only
  to someone who may read the record now — ``Model.objects.visible_to(user)`` for a gated
  model, the existence of a confidential sharing group for groups and follows of them, the
  owner (or the Secretariat) for an ingest draft;
- a record that no longer exists is read by nobody, except by the auditor role: someone has to
  be able to investigate a deletion, and the auditor role reads the log and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from mufakat.audit.models import AuditEvent
from mufakat.audit.permissions import can_read_audit, is_auditor, require_audit_reader

HIDDEN = "—"

#: Models with no audience of their own whose rows may still be secret, and who may read them.
_SPECIAL_READERS: dict[str, Callable[[Any], QuerySet[Any]]] = {}


def _special_readers() -> dict[str, Callable[[Any], QuerySet[Any]]]:
    if not _SPECIAL_READERS:
        from mufakat.core.visibility import knowable_sharing_groups
        from mufakat.ingest.selectors import drafts
        from mufakat.library.models import Follow

        _SPECIAL_READERS.update(
            {
                "core.sharinggroup": knowable_sharing_groups,
                "library.follow": lambda user: Follow.objects.filter(
                    Q(sharing_group__isnull=True)
                    | Q(sharing_group__in=knowable_sharing_groups(user))
                ),
                "ingest.ingestdraft": lambda user: drafts(user=user),
            }
        )
    return _SPECIAL_READERS


@cache
def gated_models() -> dict[str, type[models.Model]]:
    """Every model read through the gate (its default manager has ``visible_to``)."""
    return {
        model._meta.label_lower: model
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
    }


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _ids(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys of ``queryset`` as text, to compare with ``AuditEvent.object_id``."""
    return queryset.annotate(_audit_key=Cast("pk", output_field=CharField())).values("_audit_key")


def _readers(user: Any) -> dict[str, QuerySet[Any]]:
    """For each guarded object type, the rows ``user`` may read now."""
    readers: dict[str, QuerySet[Any]] = {
        label: model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        for label, model in gated_models().items()
    }
    for label, reader in _special_readers().items():
        readers[label] = reader(user)
    return readers


def readable_q(user: Any) -> Q:
    """The events whose content ``user`` may read (see the module docstring for the rule)."""
    readers = _readers(user)
    condition = ~Q(object_type__in=list(readers))
    for label, readable in readers.items():
        condition |= Q(object_type=label, object_id__in=_ids(readable))
    if is_auditor(user):
        for label in readers:
            existing = _model(label)._default_manager.all()
            condition |= Q(object_type=label) & ~Q(object_id__in=_ids(existing))
    return condition


def events_for(*, user: Any) -> QuerySet[AuditEvent]:
    """Every event, for an audit reader, each marked ``content_readable`` or not; nothing for
    anyone else. Callers show an event through :func:`redacted_event`."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.annotate(
        content_readable=Case(
            When(readable_q(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def search_events(queryset: QuerySet[AuditEvent], term: str, *, user: Any) -> QuerySet[AuditEvent]:
    """Search actor, action and object id everywhere, titles only where they may be read —
    so searching for a secret title finds nothing rather than the hidden event."""
    readable = readable_q(user)
    for word in term.split():
        queryset = queryset.filter(
            Q(actor_username__icontains=word)
            | Q(action__icontains=word)
            | Q(object_type__iexact=word)
            | Q(object_id__iexact=word)
            | (Q(object_repr__icontains=word) & readable)  # the cheap test first
        )
    return queryset


def changed_fields(before: Any, after: Any) -> tuple[str, ...]:
    """The names of the fields an event changed (values are not part of the answer)."""
    before_map = before if isinstance(before, dict) else {}
    after_map = after if isinstance(after, dict) else {}
    if before_map and after_map:
        names = {
            key
            for key in before_map.keys() | after_map.keys()
            if before_map.get(key) != after_map.get(key)
        }
    else:
        names = set(before_map) | set(after_map)
    return tuple(sorted(names))


@dataclass(frozen=True)
class EventView:
    """An audit event as one reader may see it."""

    id: int
    created_at: Any
    actor_username: str
    action: str
    object_type: str
    object_id: str
    changed_fields: tuple[str, ...]
    readable: bool
    object_repr: str = HIDDEN
    ip_address: str = HIDDEN
    before: Any = None
    after: Any = None


def view_of(event: AuditEvent) -> EventView:
    """An event fetched through :func:`events_for`, as its reader may see it (the reader is
    already in the ``content_readable`` mark)."""
    readable = getattr(event, "content_readable", None)
    if readable is None:
        raise ValueError("Fetch audit events through events_for(user=...) to show them.")
    shown = EventView(
        id=event.pk,
        created_at=event.created_at,
        actor_username=event.actor_username,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        changed_fields=changed_fields(event.before, event.after),
        readable=False,
    )
    if not readable:
        return shown
    return replace(
        shown,
        readable=True,
        object_repr=event.object_repr,
        ip_address=event.ip_address,
        before=event.before,
        after=event.after,
    )


def redacted_event(event: AuditEvent, *, user: Any) -> EventView:
    """``event`` with its record's title, values and address left out unless ``user`` may
    read that record; refused to someone who may not read the log at all."""
    require_audit_reader(user)
    return view_of(events_for(user=user).get(pk=event.pk))
