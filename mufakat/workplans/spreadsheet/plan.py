"""A work plan as the workbook sees it, and what changes from one such plan to another.

Both the stored instrument (:mod:`.selectors`) and an uploaded file (:mod:`.reading`) become a
:class:`Plan` of plain values — codes, not records — so comparing them is a pure function and
the preview says, field by field, what confirming would do. The same plan also gives the
fingerprint that makes a confirmation fail if the instrument changed after the preview.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Instrument fields the workbook carries (``version`` is information, not a field).
HEADER_FIELDS = (
    "key",
    "title",
    "short_title",
    "kind",
    "start_year",
    "end_year",
    "parties",
    "description",
)

LABELS: dict[str, Any] = {
    "key": gettext_lazy("key"),
    "title": gettext_lazy("title"),
    "short_title": gettext_lazy("short title"),
    "kind": gettext_lazy("kind"),
    "start_year": gettext_lazy("from year"),
    "end_year": gettext_lazy("to year"),
    "parties": gettext_lazy("parties"),
    "description": gettext_lazy("description"),
    "number": gettext_lazy("number"),
    "crime_areas": gettext_lazy("crime areas"),
    "priority_area": gettext_lazy("priority area"),
    "code": gettext_lazy("code"),
    "lead_parties": gettext_lazy("lead parties"),
    "participating_parties": gettext_lazy("participating parties"),
    "outputs": gettext_lazy("expected outputs"),
    "frameworks": gettext_lazy("frameworks"),
    "name": gettext_lazy("name"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "activity": gettext_lazy("activity"),
}


@dataclass(frozen=True)
class AreaRow:
    number: int
    title: str
    description: str = ""
    crime_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityRow:
    code: str
    priority_area: int
    title: str
    description: str = ""
    lead_parties: tuple[str, ...] = ()
    participating_parties: tuple[str, ...] = ()
    start_year: int | None = None
    end_year: int | None = None
    outputs: str = ""
    frameworks: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorRow:
    activity: str
    name: str
    kind: str
    unit: str = ""
    baseline: str = ""
    target: str = ""


@dataclass
class Plan:
    """Header fields, areas by number, activities by lower-cased code, indicators by the
    lower-cased code of their activity (in order)."""

    header: dict[str, Any] = field(default_factory=dict)
    areas: dict[int, AreaRow] = field(default_factory=dict)
    activities: dict[str, ActivityRow] = field(default_factory=dict)
    indicators: dict[str, list[IndicatorRow]] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A digest of everything the workbook shows: equal plans, equal digests. (The
        records are frozen dataclasses of texts, numbers and tuples: their ``repr`` is exact.)"""
        parts = (
            sorted(self.header.items()),
            sorted(self.areas.items()),
            sorted(self.activities.items()),
            sorted(self.indicators.items()),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()


# -- what changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class Item:
    """One record added, changed or removed; ``fields`` are its values (added) or its changes."""

    what: str  # instrument, priority_area, activity, indicator
    action: str  # added, changed, removed
    key: Any
    label: str
    changes: list[FieldChange] = field(default_factory=list)
    values: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Diff:
    items: list[Item] = field(default_factory=list)
    #: Indicator matches: (activity code, index in the new list) → index in the old list.
    indicator_matches: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.items

    def of(self, what: str, action: str) -> list[Item]:
        return [i for i in self.items if i.what == what and i.action == action]

    def counts(self) -> dict[str, int]:
        return {
            action: sum(1 for i in self.items if i.action == action)
            for action in ("added", "changed", "removed")
        }


def show(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changes(before: Any, after: Any, names: tuple[str, ...]) -> list[FieldChange]:
    out = []
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            out.append(FieldChange(name, str(LABELS.get(name, name)), show(old), show(new)))
    return out


def _values(row: Any, names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(str(LABELS.get(n, n)), show(getattr(row, n))) for n in names if getattr(row, n)]


AREA_FIELDS = ("title", "description", "crime_areas")
ACTIVITY_FIELDS = (
    "code",
    "priority_area",
    "title",
    "description",
    "lead_parties",
    "participating_parties",
    "start_year",
    "end_year",
    "outputs",
    "frameworks",
)
INDICATOR_FIELDS = ("name", "kind", "unit", "baseline", "target")


def match_indicators(old: list[IndicatorRow], new: list[IndicatorRow]) -> dict[int, int]:
    """new index → old index: the same name first (case aside); then the rest in order, so
    renaming an indicator is a change, not a removal and an addition."""
    matches: dict[int, int] = {}
    free = list(range(len(old)))
    for n, row in enumerate(new):
        for o in free:
            if old[o].name.casefold() == row.name.casefold():
                matches[n] = o
                free.remove(o)
                break
    for n in range(len(new)):
        if n not in matches and free:
            matches[n] = free.pop(0)
    return matches


def diff(before: Plan, after: Plan, *, new_instrument: bool = False) -> Diff:
    """What turning ``before`` into ``after`` adds, changes and removes, in reading order."""
    result = Diff()
    header_changes = [
        FieldChange(
            name,
            str(LABELS[name]),
            show(before.header.get(name)),
            show(after.header.get(name)),
        )
        for name in HEADER_FIELDS
        if before.header.get(name) != after.header.get(name)
    ]
    title = str(after.header.get("title") or after.header.get("key") or "")
    if new_instrument:
        result.items.append(
            Item(
                "instrument",
                "added",
                after.header.get("key"),
                title,
                values=[
                    (str(LABELS[n]), show(after.header.get(n)))
                    for n in HEADER_FIELDS
                    if after.header.get(n) not in (None, "", ())
                ],
            )
        )
    elif header_changes:
        result.items.append(
            Item("instrument", "changed", after.header.get("key"), title, header_changes)
        )

    for number, area in sorted(after.areas.items()):
        label = _("%(number)s. %(title)s") % {"number": number, "title": area.title}
        if number not in before.areas:
            result.items.append(
                Item("priority_area", "added", number, label, values=_values(area, AREA_FIELDS))
            )
        elif changes := _changes(before.areas[number], area, AREA_FIELDS):
            result.items.append(Item("priority_area", "changed", number, label, changes))
    for number, area in sorted(before.areas.items()):
        if number not in after.areas:
            label = _("%(number)s. %(title)s") % {"number": number, "title": area.title}
            result.items.append(Item("priority_area", "removed", number, label))

    for code, activity in after.activities.items():
        label = f"{activity.code} {activity.title}"
        if code not in before.activities:
            result.items.append(
                Item("activity", "added", code, label, values=_values(activity, ACTIVITY_FIELDS))
            )
        elif changes := _changes(before.activities[code], activity, ACTIVITY_FIELDS):
            result.items.append(Item("activity", "changed", code, label, changes))
    for code, activity in before.activities.items():
        if code not in after.activities:
            result.items.append(
                Item("activity", "removed", code, f"{activity.code} {activity.title}")
            )

    for code in sorted(set(before.indicators) | set(after.indicators)):
        old = before.indicators.get(code, [])
        new = after.indicators.get(code, [])
        matches = match_indicators(old, new)
        for n, row in enumerate(new):
            label = f"{row.activity} · {row.name}"
            if n not in matches:
                result.items.append(
                    Item(
                        "indicator",
                        "added",
                        (code, n),
                        label,
                        values=_values(row, INDICATOR_FIELDS),
                    )
                )
                continue
            result.indicator_matches[(code, n)] = matches[n]
            if changes := _changes(old[matches[n]], row, INDICATOR_FIELDS):
                result.items.append(Item("indicator", "changed", (code, n), label, changes))
        for o in sorted(set(range(len(old))) - set(matches.values())):
            result.items.append(
                Item("indicator", "removed", (code, o), f"{old[o].activity} · {old[o].name}")
            )
    return result
