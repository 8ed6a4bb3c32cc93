"""Field-level differences between two stored versions of a record, shown to a reader.

Pure functions over snapshot dicts: the caller supplies :class:`Labels` that turn stored ids
into names the reader may see, built with :mod:`mufakat.core.references` (a reference they may
not see is shown as :data:`~mufakat.core.references.RESTRICTED`). Used by work plan versions
(:mod:`mufakat.workplans.versions`) and knowledge items (:mod:`mufakat.library.selectors`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Change:
    """One changed field. ``path`` is machine-readable (``end_year``,
    ``activities[12].title``); ``label`` is for people."""

    path: str
    label: str
    before: str
    after: str


@dataclass
class Labels:
    """How to show stored values: field names and referenced ids, limited to what the reader
    may see (a reference they may not see is shown as restricted, a link to it not at all)."""

    field_names: Mapping[str, str] = field(default_factory=dict)
    references: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    visible_instruments: Mapping[int, str] = field(default_factory=dict)
    link_kinds: Mapping[str, str] = field(default_factory=dict)

    def name(self, key: str) -> str:
        return self.field_names.get(key, key.removesuffix("_id").replace("_", " "))

    def show(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if key in self.references:
            return self.references[key](value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return str(value)


def _plain(data: Mapping[str, Any], key: str) -> Any:
    return data.get(key)


def field_changes(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    labels: Labels,
    *,
    ignored: Collection[str] = (),
    read: Callable[[Mapping[str, Any], str], Any] = _plain,
) -> list[Change]:
    """Top-level keys whose value differs, in the order of ``after`` then keys only ``before``
    had. ``read`` lets a caller normalise a value stored in an older format."""
    changes = []
    keys = [k for k in after if k not in ignored] + [
        k for k in before if k not in after and k not in ignored
    ]
    for key in keys:
        old = read(before, key)
        new = read(after, key)
        if old != new:
            changes.append(
                Change(key, labels.name(key), labels.show(key, old), labels.show(key, new))
            )
    return changes
