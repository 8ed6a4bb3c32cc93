"""References from one record to another, shown only as far as the reader may see the target.

A snapshot names the meeting its round fed, a round lists its sharing groups, a version history
names meetings, instruments and groups, a form shows what an item links to. Each of those is a
read of the *referenced* record and passes the gate like any other (DESIGN.md §3): this module is
the one place that turns stored ids (or codes) into display values for a reader.

Hidden by default: a reference the reader may not see resolves to nothing, so a caller either
omits it or shows :data:`RESTRICTED` — never the stored title. Every lookup is one query per
model, whatever the number of ids (no N+1).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from mufakat.core.visibility import VisibleQuerySet, knowable_sharing_groups

#: What a reader sees in place of a reference they may not follow.
RESTRICTED = _("(restricted)")


def readable(model: type[models.Model], user: Any) -> QuerySet[Any]:
    """The rows of ``model`` that ``user`` may know of.

    Restricted records pass the gate; sharing groups are limited to those whose existence the
    reader may know (a confidential group is itself secret); open registry data (parties,
    agencies, bodies) is readable by everyone.
    """
    from mufakat.core.models import SharingGroup

    if issubclass(model, SharingGroup):
        return knowable_sharing_groups(user)
    queryset = model._default_manager.all()
    if isinstance(queryset, VisibleQuerySet):
        return queryset.visible_to(user)
    return queryset


def labels(
    user: Any,
    model: type[models.Model],
    keys: Iterable[Any],
    *,
    label: Callable[[Any], str] | str = str,
    key: str = "pk",
    select_related: Collection[str] = (),
) -> dict[Any, str]:
    """Display values of the referenced rows ``user`` may see, keyed by ``key`` (``pk`` or a
    unique field such as ``code``); the rows they may not see are absent. One query at most.

    ``label`` is an attribute name or a function of the row.
    """
    wanted = {k for k in keys if k is not None and k != ""}
    if not wanted:
        return {}
    show: Callable[[Any], str] = (
        (lambda row: str(getattr(row, label))) if isinstance(label, str) else label
    )
    rows = readable(model, user).filter(**{f"{key}__in": wanted})
    if select_related:
        rows = rows.select_related(*select_related)
    return {getattr(row, key): show(row) for row in rows}


def visible_ids(user: Any, model: type[models.Model], keys: Iterable[Any]) -> set[Any]:
    """The subset of ``keys`` (primary keys) that ``user`` may follow. One query at most."""
    wanted = {k for k in keys if k is not None and k != ""}
    if not wanted:
        return set()
    return set(readable(model, user).filter(pk__in=wanted).values_list("pk", flat=True))


def visible_objects(
    user: Any,
    model: type[models.Model],
    keys: Iterable[Any],
    *,
    select_related: Collection[str] = (),
) -> dict[Any, Any]:
    """The referenced rows ``user`` may see, by primary key (for links and titles)."""
    wanted = {k for k in keys if k is not None and k != ""}
    if not wanted:
        return {}
    rows = readable(model, user).filter(pk__in=wanted)
    if select_related:
        rows = rows.select_related(*select_related)
    return {row.pk: row for row in rows}


def shown(mapping: Mapping[Any, str], placeholder: Any = RESTRICTED) -> Callable[[Any], str]:
    """A function showing one stored reference: its label, else the placeholder."""
    return lambda value: str(mapping.get(value, placeholder))


def shown_many(
    mapping: Mapping[Any, str],
    *,
    separator: str = ", ",
    placeholder: Any = RESTRICTED,
    sort: bool = True,
) -> Callable[[Any], str]:
    """A function showing a stored list of references (sorted unless the order means
    something); hidden ones as the placeholder."""

    def show(values: Any) -> str:
        texts = [str(mapping.get(v, placeholder)) for v in values or []]
        return separator.join(sorted(texts) if sort else texts)

    return show


def knowable_groups(user: Any, *, to_attr: str = "knowable_groups") -> Prefetch:
    """Prefetch a restricted record's sharing groups limited to those ``user`` may know of,
    into ``to_attr`` — one query for a whole list, and no confidential code reaches a reader
    outside the group."""
    return Prefetch(
        "sharing_groups", queryset=knowable_sharing_groups(user).order_by("code"), to_attr=to_attr
    )


def group_codes(record: Any, *, to_attr: str = "knowable_groups") -> list[str]:
    """Codes of the groups prefetched by :func:`knowable_groups`; none if it was not used
    (hidden by default rather than read around the gate)."""
    return sorted(g.code for g in getattr(record, to_attr, []))


__all__ = [
    "RESTRICTED",
    "group_codes",
    "knowable_groups",
    "labels",
    "readable",
    "shown",
    "shown_many",
    "visible_ids",
    "visible_objects",
]
