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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
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


#: The event's ``object_id`` as the primary key it names, or NULL when it names none (blank,
#: or not a canonical decimal number: ``"017"`` never named record 17 in the text comparison
#: this replaces, so it names nothing here either).
_CANONICAL_PK = re.compile(r"[1-9][0-9]{0,17}")
_OBJECT_PK = Case(
    When(object_id__regex=rf"^{_CANONICAL_PK.pattern}$", then=Cast("object_id", BigIntegerField())),
    default=None,
    output_field=BigIntegerField(),
)


def _names_one_of(queryset: QuerySet[Any]) -> Exists:
    """The event names a row of ``queryset`` — asked per event, through the primary key index.

    Comparing ``object_id`` with *every* readable key as text made the database gather all the
    rows a reader may see of every model (a million progress reports at scale 10) before
    showing a page of fifty events; this looks up only the rows the events on the page name.
    """
    return Exists(queryset.filter(pk=OuterRef("_audit_object_pk")))


def _reader(label: str, user: Any) -> QuerySet[Any]:
    """The rows of the guarded object type ``label`` that ``user`` may read now."""
    special = _special_readers().get(label)
    if special is not None:
        return special(user)
    return gated_models()[label]._default_manager.visible_to(user)  # type: ignore[attr-defined]


def _guarded_labels() -> set[str]:
    return set(gated_models()) | set(_special_readers())


def _readers(user: Any) -> dict[str, QuerySet[Any]]:
    """For each guarded object type, the rows ``user`` may read now."""
    return {label: _reader(label, user) for label in sorted(_guarded_labels())}


def _object_pk(object_id: str) -> int | None:
    """Python's twin of :data:`_OBJECT_PK`."""
    return int(object_id) if _CANONICAL_PK.fullmatch(object_id) else None


def _with_object_pk(queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """``queryset`` able to say :func:`readable_q` (which looks up the record by its key)."""
    if "_audit_object_pk" in queryset.query.annotations:
        return queryset
    return queryset.alias(_audit_object_pk=_OBJECT_PK)


def readable_q(user: Any, labels: Iterable[str] | None = None) -> Q:
    """The events whose content ``user`` may read (see the module docstring for the rule), for
    a queryset passed through :func:`_with_object_pk`; with ``labels``, said only for events of
    those object types (every other guarded type is then unreadable), so that the database
    plans the rule for the types a question is about, not for all thirty of them."""
    guarded = sorted(_guarded_labels())
    asked = guarded if labels is None else sorted(set(labels) & set(guarded))
    condition = ~Q(object_type__in=guarded)
    for label in asked:
        condition |= Q(_names_one_of(_reader(label, user)), object_type=label)
    if is_auditor(user):
        for label in asked:
            existing = _model(label)._default_manager.all()
            condition |= Q(~_names_one_of(existing), object_type=label)
    return condition


def events_for(*, user: Any) -> QuerySet[AuditEvent]:
    """Every event, for an audit reader; nothing for anyone else. Callers show the events they
    fetched through :func:`mark_readable` and :func:`view_of` (or :func:`redacted_event`)."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def mark_readable(events: Iterable[AuditEvent], *, user: Any) -> list[AuditEvent]:
    """``events`` (already fetched) each marked ``content_readable`` for ``user``, in one query.

    Only the records the events name are looked up, and only in the tables of their object
    types: marking every event in SQL with the rule for every guarded type made the database
    plan some thirty gated subqueries per statement (a quarter of a second at scale 10, before
    its JIT compiler spent seconds more), whatever was on the page.
    """
    events = list(events)
    wanted: dict[str, set[int]] = {}
    guarded = _guarded_labels()
    for event in events:
        key = _object_pk(event.object_id)
        if event.object_type in guarded and key is not None:
            wanted.setdefault(event.object_type, set()).add(key)
    auditor = is_auditor(user)
    found: set[tuple[str, str, int]] = set()
    arms: list[QuerySet[Any]] = []
    for label, keys in sorted(wanted.items()):
        arms.append(_tagged(_reader(label, user), label, "readable", keys))
        if auditor:
            arms.append(_tagged(_model(label)._default_manager.all(), label, "exists", keys))
    if arms:
        found = set(arms[0].union(*arms[1:], all=True))
    for event in events:
        key = _object_pk(event.object_id)
        if event.object_type not in guarded:
            readable = True
        else:
            readable = (event.object_type, "readable", key) in found or (
                auditor and (event.object_type, "exists", key) not in found
            )
        event.content_readable = readable  # type: ignore[attr-defined]
    return events


def _tagged(queryset: QuerySet[Any], label: str, kind: str, keys: set[int]) -> QuerySet[Any]:
    """(label, kind, key) for each row of ``queryset`` among ``keys``: one arm of a UNION."""
    return (
        queryset.filter(pk__in=sorted(keys))
        .order_by()
        .annotate(
            _audit_type=Value(label, output_field=CharField()),
            _audit_kind=Value(kind, output_field=CharField()),
        )
        .values_list("_audit_type", "_audit_kind", "pk")
    )


def search_events(queryset: QuerySet[AuditEvent], term: str, *, user: Any) -> QuerySet[AuditEvent]:
    """Search actor, action and object id everywhere, titles only where they may be read —
    so searching for a secret title finds nothing rather than the hidden event.

    One query first asks which object types have a title with one of the words, so the
    readability rule is planned for those types only."""
    words = term.split()
    if not words:
        return queryset
    titled = Q()
    for word in words:
        titled |= Q(object_repr__icontains=word)
    labels = set(
        queryset.filter(titled).order_by().values_list("object_type", flat=True).distinct()
    )
    readable = readable_q(user, labels)
    queryset = _with_object_pk(queryset)
    for word in words:
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
    """An event marked by :func:`mark_readable`, as its reader may see it (the reader is
    already in the ``content_readable`` mark)."""
    readable = getattr(event, "content_readable", None)
    if readable is None:
        raise ValueError("Mark audit events with mark_readable(..., user=...) to show them.")
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
    return view_of(mark_readable([events_for(user=user).get(pk=event.pk)], user=user)[0])
