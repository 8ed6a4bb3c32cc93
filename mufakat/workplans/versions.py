"""Snapshots of an instrument and the field-level changes between two of them.

A snapshot keeps the instrument's own fields in the audit log's format (``snapshot()``: column
names, related records as ids), so versions written by the demo loader and by the services
compare cleanly, plus its lineage links and the whole tree of priority areas, activities and
indicators (with canonical codes), so a revised work plan can be compared with what was adopted.

The diff is pure: the caller supplies ``Labels`` that turn stored ids into names the reader may
see (see ``selectors.version_history``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from mufakat.audit.services import snapshot
from mufakat.core.partial_dates import PartialDate
from mufakat.core.versions import Change, Labels, field_changes

if TYPE_CHECKING:
    from mufakat.workplans.models import Activity, Instrument, PriorityArea

#: Stored but not worth showing as a change.
IGNORED = frozenset({"id", "lock_version", "created_at", "updated_at", "adopted_precision"})

#: Top-level keys holding nested structures, compared separately.
NESTED = frozenset({"priority_areas", "links"})


# -- snapshots ---------------------------------------------------------------------------------


def _codes(records: Iterable[Any]) -> list[str]:
    return sorted(r.code for r in records)


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "code": activity.code,
        "title": activity.title,
        "description": activity.description,
        "lead_parties": _codes(activity.lead_parties.all()),
        "participating_parties": _codes(activity.participating_parties.all()),
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "outputs": activity.outputs,
        "source": activity.source,
        "indicators": [
            {
                "id": ind.pk,
                "name": ind.name,
                "kind": ind.kind,
                "unit": ind.unit,
                "baseline": ind.baseline,
                "target": ind.target,
            }
            for ind in activity.indicators.all()
        ],
    }


def priority_area_snapshot(area: PriorityArea) -> dict[str, Any]:
    return {
        "id": area.pk,
        "position": area.position,
        "title": area.title,
        "description": area.description,
        "source": area.source,
        "crime_areas": _codes(area.crime_areas.all()),
        "activities": [activity_snapshot(a) for a in area.activities.all()],
    }


def instrument_snapshot(instrument: Instrument) -> dict[str, Any]:
    """Everything a version keeps. Reads unfiltered: a version is the record, not a view of it."""
    from mufakat.workplans.models import Activity, PriorityArea

    data = snapshot(instrument)
    data["adopted_on"] = str(instrument.adopted) if instrument.adopted else None
    data["links"] = [
        {"kind": link.kind, "target": link.target_id}
        for link in instrument.links_out.order_by("kind", "target_id")
    ]
    areas = PriorityArea.objects.filter(instrument=instrument).prefetch_related(
        "crime_areas",
        _activities_prefetch(Activity),
    )
    data["priority_areas"] = [priority_area_snapshot(area) for area in areas]
    return data


def _activities_prefetch(activity_model: type[Activity]) -> Any:
    from django.db.models import Prefetch

    return Prefetch(
        "activities",
        queryset=activity_model.objects.prefetch_related(
            "lead_parties", "participating_parties", "indicators"
        ),
    )


# -- diffs -------------------------------------------------------------------------------------


def _adopted(data: Mapping[str, Any]) -> Any:
    """Versions written before partial dates were snapshotted keep date + precision apart."""
    value = data.get("adopted_on")
    precision = data.get("adopted_precision")
    if value and precision and len(str(value)) == 10:
        parsed = PartialDate.parse(str(value))
        return str(PartialDate(parsed.date, precision))
    return value


def _read(data: Mapping[str, Any], key: str) -> Any:
    return _adopted(data) if key == "adopted_on" else data.get(key)


def _field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], labels: Labels
) -> list[Change]:
    return field_changes(before, after, labels, ignored=IGNORED | NESTED, read=_read)


def _link_changes(
    before: list[dict[str, Any]], after: list[dict[str, Any]], labels: Labels
) -> list[Change]:
    old = {(link["kind"], link["target"]) for link in before}
    new = {(link["kind"], link["target"]) for link in after}
    changes = []
    for kind, target in sorted(new ^ old, key=lambda pair: (pair[0], pair[1])):
        title = labels.visible_instruments.get(target)
        if title is None:
            continue  # a link to something the reader cannot see is not theirs to know about
        text = f"{labels.link_kinds.get(kind, kind)} {title}"
        added = (kind, target) in new
        changes.append(
            Change(
                f"links[{kind}:{target}]",
                _("Lineage"),
                "—" if added else text,
                text if added else "—",
            )
        )
    return changes


def _field_label(collection: str, key: str) -> str:
    """The model's own (translated) name of a field of a priority area, activity or indicator."""
    from mufakat.workplans.models import Activity, Indicator, PriorityArea

    model = {"priority_areas": PriorityArea, "activities": Activity, "indicators": Indicator}[
        collection
    ]
    fallback = key.replace("_", " ")
    try:
        return str(getattr(model._meta.get_field(key), "verbose_name", fallback))
    except FieldDoesNotExist:  # a key from an older snapshot format
        return fallback


def _child_changes(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    *,
    collection: str,
    describe: Callable[[Mapping[str, Any]], str],
    skip: frozenset[str],
) -> list[Change]:
    """Added, removed and changed children, matched by id."""
    old = {child["id"]: child for child in before}
    new = {child["id"]: child for child in after}
    changes = []
    for pk, child in new.items():
        if pk not in old:
            changes.append(Change(f"{collection}[{pk}]", describe(child), "—", _("added")))
            continue
        for key, value in child.items():
            if key in skip or key == "id" or old[pk].get(key) == value:
                continue
            previous = old[pk].get(key)
            changes.append(
                Change(
                    f"{collection}[{pk}].{key}",
                    f"{describe(child)} · {_field_label(collection, key)}",
                    Labels().show(key, previous),
                    Labels().show(key, value),
                )
            )
    for pk, child in old.items():
        if pk not in new:
            changes.append(Change(f"{collection}[{pk}]", describe(child), _("removed"), "—"))
    return changes


def _flatten(areas: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [item for area in areas for item in area.get(key, [])]


def _tree_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    def area(a: Mapping[str, Any]) -> str:
        return _("Priority area “%s”") % a["title"]

    def activity(a: Mapping[str, Any]) -> str:
        return _("Activity %s") % a["code"]

    def indicator(i: Mapping[str, Any]) -> str:
        return _("Indicator “%s”") % i["name"]

    old_activities = _flatten(before, "activities")
    new_activities = _flatten(after, "activities")
    return [
        *_child_changes(
            before,
            after,
            collection="priority_areas",
            describe=area,
            skip=frozenset({"activities"}),
        ),
        *_child_changes(
            old_activities,
            new_activities,
            collection="activities",
            describe=activity,
            skip=frozenset({"indicators"}),
        ),
        *_child_changes(
            _flatten(old_activities, "indicators"),
            _flatten(new_activities, "indicators"),
            collection="indicators",
            describe=indicator,
            skip=frozenset(),
        ),
    ]


def diff(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], labels: Labels
) -> list[Change]:
    """What changed from ``before`` to ``after`` (nothing for the first version).

    Nested parts are compared only when both versions recorded them, so an old version
    without them does not look as if everything had been added.
    """
    if before is None:
        return []
    changes = _field_changes(before, after, labels)
    if "links" in before and "links" in after:
        changes += _link_changes(before["links"], after["links"], labels)
    if "priority_areas" in before and "priority_areas" in after:
        changes += _tree_changes(before["priority_areas"], after["priority_areas"])
    return changes
