"""Writes to frameworks and to the mappings of activities onto framework items.

Who may map an activity: whoever may edit its instrument (the workplans permission). Every
mapping change writes an audit event and a new version of the activity's instrument, so the
instrument's history shows when an activity began or stopped serving an item.

Item codes, as a person types them in a spreadsheet cell or an API client sends them
(:func:`resolve_item_code`):

- ``<framework key> / <item code>`` — the canonical form: ``sdg-16 / 16.4``,
  ``bali-wp-2019-2025 / 2`` (the framework of an instrument has the instrument's key; its items
  are the positions of its priority areas);
- ``<prefix or short title> <item code>`` — ``SDG 16.4``, ``Bali Work Plan 2``.

Spaces and letter case do not matter. Several codes in one cell are separated by ``;`` or new
lines (:func:`resolve_item_codes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mufakat.audit.services import record, snapshot
from mufakat.core.audience import Audience
from mufakat.core.services import create_audited
from mufakat.frameworks.models import ActivityMapping, Framework, FrameworkItem
from mufakat.workplans.models import Activity, Instrument, PriorityArea
from mufakat.workplans.permissions import require_workplan_editor
from mufakat.workplans.services import record_version

#: Keys that would collide with the addresses under /frameworks/.
RESERVED_KEYS = frozenset({"activities", "mirror", "new"})

#: How many of a framework's codes an error message lists.
CODES_SHOWN = 12

CELL_SEPARATORS = re.compile(r"[;\n\r]+")


class ItemCodeError(ValidationError):
    """A framework item code that names no framework item the reader may see."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code="unknown_item")
        self.item_code = code


# -- frameworks mirrored from instruments ------------------------------------------------------


def _wanted_items(instrument: Instrument) -> list[dict[str, Any]]:
    """What the items of an instrument's framework should be: one per priority area, coded by
    its position ("2"); areas sharing a position get "2-2", "2-3" in their order."""
    wanted = []
    seen: dict[int, int] = {}
    areas = PriorityArea.objects.filter(instrument=instrument).order_by("position", "pk")
    for area in areas:
        seen[area.position] = seen.get(area.position, 0) + 1
        n = seen[area.position]
        code = str(area.position) if n == 1 else f"{area.position}-{n}"
        wanted.append(
            {
                "priority_area": area,
                "code": code,
                "title": area.title[:400],
                "description": area.description,
                "position": area.position,
                "source": area.source,
            }
        )
    return wanted


def _sync(framework: Framework, instrument: Instrument) -> None:
    """Bring the framework's facts and items in line with the instrument and its areas.

    Reads unfiltered: the mirror is the instrument's own record, not a view of it."""
    facts = {
        "title": instrument.title,
        "short_title": instrument.short_title,
        "description": instrument.description,
        "source": instrument.source,
    }
    changed = {k: v for k, v in facts.items() if getattr(framework, k) != v}
    if changed:
        Framework.objects.filter(pk=framework.pk).update(**changed)
        for name, value in changed.items():
            setattr(framework, name, value)
    existing = {
        item.priority_area_id: item
        for item in FrameworkItem.objects.filter(framework=framework, priority_area__isnull=False)
    }
    wanted = _wanted_items(instrument)
    fields = ("code", "title", "description", "position", "source")
    stale = [
        existing[w["priority_area"].pk]
        for w in wanted
        if w["priority_area"].pk in existing
        and any(getattr(existing[w["priority_area"].pk], f) != w[f] for f in fields)
    ]
    # Codes are unique per framework: moved items step aside first, so two areas that swap
    # positions do not collide half-way.
    for item in stale:
        FrameworkItem.objects.filter(pk=item.pk).update(code=f"~{item.pk}")
    for values in wanted:
        item = existing.get(values["priority_area"].pk)
        if item is None:
            FrameworkItem.objects.create(framework=framework, **values)
        elif item in stale:
            FrameworkItem.objects.filter(pk=item.pk).update(
                **{f: values[f] for f in fields}, lock_version=item.lock_version + 1
            )


def sync_instrument_framework(instrument: Instrument) -> None:
    """Keep the framework mirrored from ``instrument`` (if there is one) in step with it.
    Called by ``workplans.services.record_version``, through which every change passes."""
    framework = Framework.objects.filter(instrument=instrument).first()
    if framework is not None:
        _sync(framework, instrument)


def framework_for_instrument(*, actor: Any, instrument: Instrument) -> Framework:
    """The framework whose items are ``instrument``'s priority areas, made on first use and
    kept in step afterwards. The instrument must be visible to the actor."""
    require_workplan_editor(actor)
    if not Instrument.objects.visible_to(actor).filter(pk=instrument.pk).exists():
        raise ValidationError({"instrument": _("No such instrument: %s.") % instrument.pk})
    with transaction.atomic():
        framework = Framework.objects.select_for_update().filter(instrument=instrument).first()
        if framework is None:
            taken = Framework.objects.filter(key=instrument.key).exists()
            if taken or instrument.key in RESERVED_KEYS:
                raise ValidationError(
                    {
                        "instrument": _(
                            "A framework with the key “%s” exists already; this instrument "
                            "cannot be used as a framework under that key."
                        )
                        % instrument.key
                    }
                )
            framework = create_audited(
                Framework,
                actor=actor,
                data={"key": instrument.key, "title": instrument.title, "instrument": instrument},
            )
        _sync(framework, instrument)
    return framework


# -- item codes --------------------------------------------------------------------------------


def _split(code: str) -> tuple[str, str]:
    text = " ".join(str(code or "").split())
    if "/" in text:
        left, right = text.rsplit("/", 1)
        return left.strip(), right.strip()
    match = re.fullmatch(r"(.+?)\s+(\S+)", text)
    if match is None:
        return "", text
    return match.group(1), match.group(2)


def _example() -> str:
    return _("Write a framework item as “sdg-16 / 16.4”, “SDG 16.4” or “bali-wp-2019-2025 / 2”.")


def _frameworks_named(name: str, frameworks: Any) -> list[Framework]:
    by_key = list(frameworks.filter(key__iexact=name))
    if by_key:
        return by_key
    return list(frameworks.filter(Q(item_prefix__iexact=name) | Q(short_title__iexact=name)))


def resolve_item_code(code: str, *, user: Any, mirror: bool = False) -> FrameworkItem:
    """The framework item ``code`` names, among those ``user`` may see.

    Raises :class:`ItemCodeError` (a ``ValidationError``) naming what was wrong: no framework
    of that name, or no such item in it (with the codes it has). A hidden framework or item is
    reported exactly like a missing one. With ``mirror`` (an editor's write), an instrument key
    whose priority areas are not yet a framework makes them one first.
    """
    name, item_code = _split(code)
    if not name or not item_code:
        raise ItemCodeError(code, _("“%(code)s” is not a framework item. %(example)s") % {
            "code": code, "example": _example()
        })  # fmt: skip
    frameworks = Framework.objects.visible_to(user)
    found = _frameworks_named(name, frameworks)
    if not found and mirror:
        instrument = Instrument.objects.visible_to(user).filter(key__iexact=name).first()
        if instrument is not None:
            found = [framework_for_instrument(actor=user, instrument=instrument)]
    if not found:
        raise ItemCodeError(
            code,
            _("“%(code)s”: no framework is called “%(name)s”. %(example)s")
            % {"code": code, "name": name, "example": _example()},
        )
    if len(found) > 1:
        keys = ", ".join(sorted(f.key for f in found))
        raise ItemCodeError(
            code,
            _("“%(code)s”: “%(name)s” may mean %(keys)s; write the key before the item code.")
            % {"code": code, "name": name, "keys": keys},
        )
    framework = found[0]
    item = (
        FrameworkItem.objects.visible_to(user)
        .filter(framework=framework, code__iexact=item_code)
        .select_related("framework")
        .first()
    )
    if item is None:
        codes = list(
            FrameworkItem.objects.filter(framework=framework)
            .order_by("position", "code")
            .values_list("code", flat=True)[: CODES_SHOWN + 1]
        )
        shown = ", ".join(codes[:CODES_SHOWN]) + (" …" if len(codes) > CODES_SHOWN else "")
        raise ItemCodeError(
            code,
            _("“%(code)s”: %(framework)s has no item “%(item)s” (its items: %(codes)s).")
            % {"code": code, "framework": framework, "item": item_code, "codes": shown or "—"},
        )
    return item


def resolve_item_codes(text: str, *, user: Any, mirror: bool = False) -> list[FrameworkItem]:
    """The items of a spreadsheet cell: codes separated by ``;`` or new lines, in order, each
    once; an empty cell is no items. The first unknown code raises :class:`ItemCodeError`."""
    items: dict[int, FrameworkItem] = {}
    for part in CELL_SEPARATORS.split(str(text or "")):
        if part.strip():
            item = resolve_item_code(part.strip(), user=user, mirror=mirror)
            items.setdefault(item.pk, item)
    return list(items.values())


# -- mappings ----------------------------------------------------------------------------------


def _visible_activity(actor: Any, activity: Activity) -> Activity:
    found = (
        Activity.objects.visible_to(actor)
        .select_related("priority_area__instrument")
        .filter(pk=activity.pk)
        .first()
    )
    if found is None:
        raise ValidationError({"activity": _("No such activity: %s.") % activity.pk})
    return found


def _visible_items(actor: Any, items: Iterable[FrameworkItem | str]) -> list[FrameworkItem]:
    """Items given as records or codes, each visible to the actor (a hidden one is refused like
    an unknown one)."""
    wanted: dict[int, FrameworkItem] = {}
    for value in items:
        if isinstance(value, str):
            item = resolve_item_code(value, user=actor, mirror=True)
        else:
            item = value
        wanted.setdefault(item.pk, item)
    found = {
        item.pk: item
        for item in FrameworkItem.objects.visible_to(actor)
        .filter(pk__in=wanted)
        .select_related("framework__instrument")
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            {"items": _("No such framework item: %s.") % ", ".join(str(pk) for pk in missing)}
        )
    return [found[pk] for pk in wanted]


def _named_in_history(item: FrameworkItem, instrument: Instrument) -> str:
    """How a version note names an item. The note is read by everyone who may see the
    instrument, so an item of a framework derived from a narrower instrument is not named."""
    source = item.framework.instrument
    if source is None or source.pk == instrument.pk or source.audience == Audience.PUBLIC:
        return item.label
    return _("an item of a restricted framework")


def _lock(activity: Activity) -> Instrument:
    """The activity's instrument, locked: changes to one instrument's mappings run one at a
    time, so two editors' replacements cannot interleave."""
    return Instrument.objects.select_for_update().get(pk=activity.priority_area.instrument_id)


def _create(actor: Any, activity: Activity, item: FrameworkItem) -> ActivityMapping:
    mapping = ActivityMapping.objects.create(
        activity=activity,
        item=item,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action="activitymapping.create",
        obj=mapping,
        object_repr=f"{activity.code} → {item.label}",
        after=snapshot(mapping),
    )
    return mapping


def _delete(actor: Any, mapping: ActivityMapping) -> None:
    record(
        actor=actor,
        action="activitymapping.delete",
        obj=mapping,
        before=snapshot(mapping),
    )
    mapping.delete()


def map_activity(*, actor: Any, activity: Activity, item: FrameworkItem | str) -> ActivityMapping:
    """``activity`` serves ``item`` (a record or a code); refused if it already does."""
    require_workplan_editor(actor)
    activity = _visible_activity(actor, activity)
    (found,) = _visible_items(actor, [item])
    with transaction.atomic():
        instrument = _lock(activity)
        if ActivityMapping.objects.filter(activity=activity, item=found).exists():
            raise ValidationError(
                {"items": _("%(code)s already serves %(item)s.")
                 % {"code": activity.code, "item": found.label}}
            )  # fmt: skip
        mapping = _create(actor, activity, found)
        record_version(
            actor=actor,
            instrument=instrument,
            note=_("Frameworks: %(code)s serves %(item)s")
            % {"code": activity.code, "item": _named_in_history(found, instrument)},
        )
    return mapping


def unmap_activity(*, actor: Any, activity: Activity, item: FrameworkItem | str) -> None:
    """``activity`` no longer serves ``item``; refused if it did not."""
    require_workplan_editor(actor)
    activity = _visible_activity(actor, activity)
    (found,) = _visible_items(actor, [item])
    with transaction.atomic():
        instrument = _lock(activity)
        mapping = ActivityMapping.objects.filter(activity=activity, item=found).first()
        if mapping is None:
            raise ValidationError(
                {"items": _("%(code)s does not serve %(item)s.")
                 % {"code": activity.code, "item": found.label}}
            )  # fmt: skip
        _delete(actor, mapping)
        record_version(
            actor=actor,
            instrument=instrument,
            note=_("Frameworks: %(code)s no longer serves %(item)s")
            % {"code": activity.code, "item": _named_in_history(found, instrument)},
        )


def set_activity_mappings(
    *,
    actor: Any,
    activity: Activity,
    items: Sequence[FrameworkItem | str],
    version: bool = True,
) -> list[ActivityMapping]:
    """Make ``items`` (records or codes) exactly the framework items ``activity`` serves —
    of those the actor may see: mappings to items hidden from the actor are not theirs to
    remove and stay. All or nothing; one version of the instrument if anything changed, none
    otherwise (``version=False``: the caller records one for several changes, as a
    spreadsheet upload does). Returns the activity's mappings the actor may see afterwards."""
    require_workplan_editor(actor)
    activity = _visible_activity(actor, activity)
    wanted = _visible_items(actor, items)
    with transaction.atomic():
        instrument = _lock(activity)
        visible = FrameworkItem.objects.visible_to(actor).values("pk")
        current = {
            m.item_id: m
            for m in ActivityMapping.objects.filter(activity=activity, item__in=visible)
            .select_related("item__framework__instrument")
            .order_by("pk")
        }
        wanted_ids = {item.pk for item in wanted}
        added = [item for item in wanted if item.pk not in current]
        removed = [m for pk, m in current.items() if pk not in wanted_ids]
        for mapping in removed:
            _delete(actor, mapping)
        for item in added:
            _create(actor, activity, item)
        if version and (added or removed):
            parts = []
            if added:
                parts.append(
                    _("added %s") % ", ".join(_named_in_history(i, instrument) for i in added)
                )
            if removed:
                parts.append(
                    _("removed %s")
                    % ", ".join(_named_in_history(m.item, instrument) for m in removed)
                )
            record_version(
                actor=actor,
                instrument=instrument,
                note=_("Frameworks of %(code)s: %(changes)s")
                % {"code": activity.code, "changes": "; ".join(parts)},
            )
    return list(
        ActivityMapping.objects.visible_to(actor)
        .filter(activity=activity)
        .select_related("item__framework")
        .order_by("item__framework__title", "item__position", "item__code")
    )
