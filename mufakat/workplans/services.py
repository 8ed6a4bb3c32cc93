"""Writes to instruments and their parts. Only the Secretariat (and platform admins) keep them.

Every rule lives here once; the UI forms and the API both call these functions, so a refused
edit says the same thing, on the same field, wherever it came from. Each change leaves a new
:class:`InstrumentVersion` (a snapshot including priority areas and activities) besides the
audit event, so readers can see how a plan was revised.

Values that refer to other records may be given as objects or as what an API client sends:
party and crime-area codes, meeting and instrument ids. Meetings and instruments must be
visible to the actor — nobody links to what they cannot see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.core.models import SharingGroup
from mufakat.core.partial_dates import PartialDate, Precision
from mufakat.core.services import create_audited, delete_audited, update_audited
from mufakat.core.title_translations import clean_title_translations
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea, Party
from mufakat.registry.selectors import resolve_crime_areas, resolve_parties
from mufakat.search.indexing import index_object
from mufakat.workplans.models import (
    Activity,
    Indicator,
    Instrument,
    InstrumentLink,
    InstrumentVersion,
    PriorityArea,
)
from mufakat.workplans.permissions import require_workplan_editor
from mufakat.workplans.versions import instrument_snapshot

#: Kinds that are programmes of work and so run over a period; declarations, conventions,
#: joint statements and others may have none.
KINDS_WITH_PERIOD = frozenset(
    {
        Instrument.Kind.PLAN_OF_ACTION,
        Instrument.Kind.WORK_PLAN,
        Instrument.Kind.WORK_PROGRAMME,
        Instrument.Kind.ROADMAP,
    }
)

#: Keys that would collide with the addresses under /instruments/.
RESERVED_KEYS = frozenset(
    {"new", "activities", "indicators", "priority-areas", "links", "spreadsheet-uploads"}
)

INSTRUMENT_FIELDS = frozenset(
    {
        "title_translations",
        "key",
        "title",
        "short_title",
        "kind",
        "description",
        "start_year",
        "end_year",
        "extended_to_year",
        "extended_at",
        "adopted_on",
        "place",
        "adopted_at",
        "reviewed_at",
        "parties",
        "in_force_on",
        "source",
        "audience",
        "tlp",
        "sharing_groups",
    }
)
PRIORITY_AREA_FIELDS = frozenset({"title", "position", "description", "crime_areas", "source"})
ACTIVITY_FIELDS = frozenset(
    {
        "code",
        "title",
        "description",
        "lead_parties",
        "participating_parties",
        "start_year",
        "end_year",
        "outputs",
        "source",
    }
)
INDICATOR_FIELDS = frozenset({"name", "kind", "unit", "baseline", "target", "source"})


class InstrumentData(TypedDict, total=False):
    """What ``create_instrument``/``update_instrument`` accept (all optional on update)."""

    key: str
    title: str
    short_title: str
    kind: str
    description: str
    start_year: int | None
    end_year: int | None
    extended_to_year: int | None
    extended_at: Meeting | int | None
    adopted_on: str | PartialDate | dt.date | None
    place: str
    adopted_at: Meeting | int | None
    reviewed_at: Iterable[Meeting | int]
    parties: Iterable[Party | str]
    in_force_on: dt.date | None
    source: str
    audience: str
    tlp: str
    sharing_groups: Iterable[SharingGroup | str]


# -- input normalisation -----------------------------------------------------------------------


def _only(data: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    return dict(data)


def _parties(values: Iterable[Party | str], field: str) -> list[Party]:
    values = list(values or [])
    codes = [v for v in values if isinstance(v, str)]
    resolved = resolve_parties(codes, field=field) if codes else []
    return [v for v in values if isinstance(v, Party)] + resolved


def _crime_areas(values: Iterable[CrimeArea | str]) -> list[CrimeArea]:
    values = list(values or [])
    codes = [v for v in values if isinstance(v, str)]
    resolved = resolve_crime_areas(codes, field="crime_areas") if codes else []
    return [v for v in values if isinstance(v, CrimeArea)] + resolved


def _meeting(actor: Any, value: Meeting | int | None, field: str) -> Meeting | None:
    """A meeting the actor may see; a hidden one is refused like an unknown one."""
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Meeting) else value
    meeting = Meeting.objects.visible_to(actor).filter(pk=pk).first()
    if meeting is None:
        raise ValidationError({field: _("No such meeting: %s.") % pk})
    return meeting


def _meetings(actor: Any, values: Iterable[Meeting | int], field: str) -> list[Meeting]:
    wanted = {v.pk if isinstance(v, Meeting) else v for v in values or []}
    found = list(Meeting.objects.visible_to(actor).filter(pk__in=wanted))
    missing = wanted - {m.pk for m in found}
    if missing:
        shown = ", ".join(str(pk) for pk in sorted(missing, key=str))
        raise ValidationError({field: _("No such meeting: %s.") % shown})
    return found


def _sharing_groups(values: Iterable[SharingGroup | str]) -> list[SharingGroup]:
    values = list(values or [])
    codes = {v for v in values if isinstance(v, str)}
    found = list(SharingGroup.objects.filter(code__in=codes))
    missing = codes - {g.code for g in found}
    if missing:
        raise ValidationError(
            {"sharing_groups": _("Unknown sharing group: %s.") % ", ".join(sorted(missing))}
        )
    return [v for v in values if isinstance(v, SharingGroup)] + found


def _adoption(value: str | PartialDate | dt.date | None) -> dict[str, Any]:
    if value in (None, ""):
        return {"adopted_on": None, "adopted_precision": Precision.DAY}
    try:
        parsed = PartialDate.parse(value)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValidationError({"adopted_on": exc.messages}) from exc
    return {"adopted_on": parsed.date, "adopted_precision": parsed.precision}


def _instrument_values(actor: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """Turn codes and ids into records; the result can be saved as it is."""
    values = dict(data)
    if "parties" in values:
        values["parties"] = _parties(values["parties"], "parties")
    for field in ("adopted_at", "extended_at"):
        if field in values:
            values[field] = _meeting(actor, values[field], field)
    if "reviewed_at" in values:
        values["reviewed_at"] = _meetings(actor, values["reviewed_at"], "reviewed_at")
    if "sharing_groups" in values:
        values["sharing_groups"] = _sharing_groups(values["sharing_groups"])
    if "adopted_on" in values:
        values.update(_adoption(values.pop("adopted_on")))
    if "title_translations" in values:
        values["title_translations"] = clean_title_translations(values["title_translations"])
    for text in ("short_title", "description", "place", "source"):
        if text in values and values[text] is None:
            values[text] = ""
    return values


# -- rules -------------------------------------------------------------------------------------


def _check_period(
    *,
    kind: str,
    start_year: int | None,
    end_year: int | None,
    extended_to_year: int | None,
    extended_at: Meeting | None,
) -> None:
    if kind in KINDS_WITH_PERIOD and start_year is None:
        raise ValidationError(
            {"start_year": _("A plan or work plan runs over a period: give its first year.")}
        )
    if end_year is not None and start_year is None:
        raise ValidationError({"start_year": _("Give the first year of the period too.")})
    if end_year is not None and start_year is not None and end_year < start_year:
        raise ValidationError({"end_year": _("The period cannot end before it starts.")})
    if extended_to_year is not None:
        if end_year is None:
            raise ValidationError(
                {"extended_to_year": _("Only an instrument with an end year can be extended.")}
            )
        if extended_to_year <= end_year:
            raise ValidationError(
                {
                    "extended_to_year": _("An extension must run beyond the end year (%s).")
                    % end_year
                }
            )
    elif extended_at is not None:
        raise ValidationError({"extended_at": _("Give the year it was extended to.")})


def _check_instrument(values: Mapping[str, Any], current: Instrument | None) -> None:
    def value(name: str) -> Any:
        if name in values:
            return values[name]
        return getattr(current, name) if current is not None else None

    _check_period(
        kind=value("kind"),
        start_year=value("start_year"),
        end_year=value("end_year"),
        extended_to_year=value("extended_to_year"),
        extended_at=value("extended_at"),
    )


def _check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year is not None and end_year is not None and end_year < start_year:
        raise ValidationError({"end_year": _("The period cannot end before it starts.")})


def _lineage_edges() -> dict[int, set[int]]:
    """All lineage links, whoever may see them: acyclicity is a property of the whole graph."""
    parents: dict[int, set[int]] = {}
    for source, target in InstrumentLink.objects.values_list("source_id", "target_id"):
        parents.setdefault(source, set()).add(target)
    return parents


def _reaches(start: int, goal: int, parents: Mapping[int, set[int]]) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for parent in parents.get(node, ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return False


# -- versions ----------------------------------------------------------------------------------


def record_version(*, actor: Any, instrument: Instrument, note: str) -> InstrumentVersion:
    """Store the instrument as it now stands, with the next version number.

    The instrument row is locked first so two edits cannot take the same number. Every change
    to an instrument or its areas and activities comes through here, so its search document is
    rewritten here too, and the framework mirroring its priority areas (if any) is kept in step.
    """
    from mufakat.frameworks.services import sync_instrument_framework

    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    last = InstrumentVersion.objects.filter(instrument=locked).aggregate(n=Max("number"))["n"]
    index_object(locked)
    sync_instrument_framework(locked)  # its priority areas, where they serve as a framework
    return InstrumentVersion.objects.create(
        instrument=locked,
        number=(last or 0) + 1,
        data=instrument_snapshot(locked),
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# -- instruments -------------------------------------------------------------------------------


def create_instrument(*, actor: Any, data: InstrumentData, version: bool = True) -> Instrument:
    """A new instrument, owned by the actor's party, with its first version.

    ``version=False`` (here and in the other writes) leaves the version to the caller, who
    makes several changes as one (a spreadsheet upload) and then calls :func:`record_version`.
    """
    require_workplan_editor(actor)
    values = _instrument_values(actor, _only(data, INSTRUMENT_FIELDS))
    for required in ("key", "title", "kind"):
        if not values.get(required):
            raise ValidationError({required: _("This field is required.")})
    if values["key"] in RESERVED_KEYS:
        raise ValidationError({"key": _("“%s” is reserved; choose another key.") % values["key"]})
    _check_instrument(values, None)
    with transaction.atomic():
        instrument = create_audited(Instrument, actor=actor, data=values)
        if version:
            record_version(actor=actor, instrument=instrument, note=_("Created"))
    return instrument


def update_instrument(
    *,
    actor: Any,
    instrument: Instrument,
    changes: InstrumentData,
    expected_version: int | None,
    version: bool = True,
) -> Instrument:
    """Change an instrument unless someone saved it since ``expected_version``."""
    require_workplan_editor(actor)
    changes = _only(changes, INSTRUMENT_FIELDS)  # type: ignore[assignment]
    if "key" in changes and changes["key"] != instrument.key:
        raise ValidationError({"key": _("The key identifies the instrument and cannot change.")})
    changes.pop("key", None)
    values = _instrument_values(actor, changes)
    if "reviewed_at" in values:
        # Reviews at meetings the editor cannot see are not theirs to remove.
        visible = Meeting.objects.visible_to(actor).values("pk")
        values["reviewed_at"] += list(instrument.reviewed_at.exclude(pk__in=visible))
    _check_instrument(values, instrument)
    with transaction.atomic():
        updated = update_audited(
            instrument, actor=actor, changes=values, expected_version=expected_version
        )
        if version:
            record_version(actor=actor, instrument=updated, note=_("Edited"))
    return updated


def add_link(
    *,
    actor: Any,
    source: Instrument,
    target: Instrument | int | None,
    kind: str,
    note: str = "",
) -> InstrumentLink:
    """``source`` derives from / implements / supersedes / amends ``target``.

    Lineage stays acyclic: an instrument cannot (indirectly) derive from or supersede itself.
    """
    require_workplan_editor(actor)
    if kind not in InstrumentLink.Kind.values:
        raise ValidationError(
            {"kind": _("Choose one of: %s.") % ", ".join(InstrumentLink.Kind.values)}
        )
    target_pk = target.pk if isinstance(target, Instrument) else target
    found = Instrument.objects.visible_to(actor).filter(pk=target_pk).first() if target_pk else None
    if found is None:
        raise ValidationError({"target": _("No such instrument: %s.") % target_pk})
    if found.pk == source.pk:
        raise ValidationError({"target": _("An instrument cannot be linked to itself.")})
    with transaction.atomic():
        Instrument.objects.select_for_update().filter(pk=source.pk).first()
        if InstrumentLink.objects.filter(source=source, target=found, kind=kind).exists():
            raise ValidationError({"target": _("This link already exists.")})
        if _reaches(found.pk, source.pk, _lineage_edges()):
            raise ValidationError(
                {
                    "target": _(
                        "This link would make the lineage circular: %s already descends "
                        "from this instrument."
                    )
                    % found
                }
            )
        link = create_audited(
            InstrumentLink,
            actor=actor,
            data={"source": source, "target": found, "kind": kind, "note": note or ""},
        )
        record_version(
            actor=actor,
            instrument=source,
            note=_("Lineage: %(kind)s %(target)s")
            % {"kind": link.get_kind_display(), "target": found},
        )
    return link


def remove_link(*, actor: Any, link: InstrumentLink) -> None:
    require_workplan_editor(actor)
    with transaction.atomic():
        source = link.source
        label = str(link)
        delete_audited(link, actor=actor)
        record_version(actor=actor, instrument=source, note=_("Lineage removed: %s") % label)


# -- priority areas ----------------------------------------------------------------------------


def _area_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _only(data, PRIORITY_AREA_FIELDS)
    if "crime_areas" in values:
        values["crime_areas"] = _crime_areas(values["crime_areas"])
    for text in ("description", "source"):
        if text in values and values[text] is None:
            values[text] = ""
    if "title" in values and not (values["title"] or "").strip():
        raise ValidationError({"title": _("This field is required.")})
    return values


def create_priority_area(
    *, actor: Any, instrument: Instrument, data: Mapping[str, Any], version: bool = True
) -> PriorityArea:
    """A section of an instrument; placed last unless a position is given."""
    require_workplan_editor(actor)
    values = _area_values(data)
    if not values.get("title"):
        raise ValidationError({"title": _("This field is required.")})
    with transaction.atomic():
        if not values.get("position"):
            last = instrument.priority_areas.aggregate(n=Max("position"))["n"]
            values["position"] = (last or 0) + 1
        area = create_audited(PriorityArea, actor=actor, data={**values, "instrument": instrument})
        if version:
            record_version(
                actor=actor, instrument=instrument, note=_("Priority area added: %s") % area.title
            )
    return area


def update_priority_area(
    *,
    actor: Any,
    priority_area: PriorityArea,
    changes: Mapping[str, Any],
    expected_version: int | None,
    version: bool = True,
) -> PriorityArea:
    require_workplan_editor(actor)
    values = _area_values(changes)
    with transaction.atomic():
        area = update_audited(
            priority_area, actor=actor, changes=values, expected_version=expected_version
        )
        if version:
            record_version(
                actor=actor,
                instrument=area.instrument,
                note=_("Priority area edited: %s") % area.title,
            )
    return area


# -- activities --------------------------------------------------------------------------------


def _activity_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _only(data, ACTIVITY_FIELDS)
    for field in ("lead_parties", "participating_parties"):
        if field in values:
            values[field] = _parties(values[field], field)
    for text in ("description", "outputs", "source"):
        if text in values and values[text] is None:
            values[text] = ""
    if "code" in values:
        values["code"] = (values["code"] or "").strip()
        if not values["code"]:
            raise ValidationError({"code": _("This field is required.")})
    if "title" in values and not (values["title"] or "").strip():
        raise ValidationError({"title": _("This field is required.")})
    return values


def _check_code_unique(instrument_id: int, code: str, exclude: int | None = None) -> None:
    taken = Activity.objects.filter(priority_area__instrument_id=instrument_id, code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"code": _("Another activity of this instrument already has the code “%s”.") % code}
        )


def create_activity(
    *,
    actor: Any,
    priority_area: PriorityArea,
    data: Mapping[str, Any],
    indicators: Iterable[Mapping[str, Any]] = (),
    version: bool = True,
) -> Activity:
    """An activity under a priority area, optionally with its indicators (one version)."""
    require_workplan_editor(actor)
    values = _activity_values(data)
    for required in ("code", "title"):
        if not values.get(required):
            raise ValidationError({required: _("This field is required.")})
    _check_years(values.get("start_year"), values.get("end_year"))
    indicator_values = [_new_indicator_values(item) for item in indicators]
    with transaction.atomic():
        _check_code_unique(priority_area.instrument_id, values["code"])
        activity = create_audited(
            Activity, actor=actor, data={**values, "priority_area": priority_area}
        )
        for item in indicator_values:
            create_audited(Indicator, actor=actor, data={**item, "activity": activity})
        if version:
            record_version(
                actor=actor,
                instrument=priority_area.instrument,
                note=_("Activity added: %s") % activity.code,
            )
    return activity


def update_activity(
    *,
    actor: Any,
    activity: Activity,
    changes: Mapping[str, Any],
    expected_version: int | None,
    version: bool = True,
) -> Activity:
    require_workplan_editor(actor)
    values = _activity_values(changes)
    _check_years(
        values.get("start_year", activity.start_year), values.get("end_year", activity.end_year)
    )
    instrument = activity.priority_area.instrument
    with transaction.atomic():
        if "code" in values:
            _check_code_unique(instrument.pk, values["code"], exclude=activity.pk)
        updated = update_audited(
            activity, actor=actor, changes=values, expected_version=expected_version
        )
        if version:
            record_version(
                actor=actor, instrument=instrument, note=_("Activity edited: %s") % updated.code
            )
    return updated


# -- indicators --------------------------------------------------------------------------------


def _indicator_values(data: Mapping[str, Any], current: Indicator | None) -> dict[str, Any]:
    values = _only(data, INDICATOR_FIELDS)
    for text in ("unit", "baseline", "target", "source"):
        if text in values:
            values[text] = (values[text] or "").strip()
    if "name" in values and not (values["name"] or "").strip():
        raise ValidationError({"name": _("This field is required.")})
    kind = values.get("kind", current.kind if current else None)
    if kind == Indicator.Kind.NUMERIC:
        for field in ("baseline", "target"):
            raw = values.get(field, getattr(current, field, "") if current else "")
            if raw:
                try:
                    Decimal(raw.replace(",", ""))
                except InvalidOperation as exc:
                    raise ValidationError(
                        {field: _("A numeric indicator needs a number here, not “%s”.") % raw}
                    ) from exc
    return values


def _new_indicator_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _indicator_values(data, None)
    for required in ("name", "kind"):
        if not values.get(required):
            raise ValidationError({required: _("This field is required.")})
    return values


def create_indicator(
    *, actor: Any, activity: Activity, data: Mapping[str, Any], version: bool = True
) -> Indicator:
    require_workplan_editor(actor)
    values = _new_indicator_values(data)
    with transaction.atomic():
        indicator = create_audited(Indicator, actor=actor, data={**values, "activity": activity})
        if version:
            record_version(
                actor=actor,
                instrument=activity.priority_area.instrument,
                note=_("Indicator added to %(code)s: %(name)s")
                % {"code": activity.code, "name": indicator.name},
            )
    return indicator


def update_indicator(
    *,
    actor: Any,
    indicator: Indicator,
    changes: Mapping[str, Any],
    expected_version: int | None,
    version: bool = True,
) -> Indicator:
    require_workplan_editor(actor)
    values = _indicator_values(changes, indicator)
    with transaction.atomic():
        updated = update_audited(
            indicator, actor=actor, changes=values, expected_version=expected_version
        )
        if version:
            record_version(
                actor=actor,
                instrument=indicator.activity.priority_area.instrument,
                note=_("Indicator edited: %s") % updated.name,
            )
    return updated


# -- removals ----------------------------------------------------------------------------------
#
# Progress reports and indicator values are the record of what parties did: an activity or
# indicator that has them is not deleted (the database protects them too; here the refusal
# names the record and says what to do instead).


def activity_has_reports(activity: Activity) -> bool:
    from mufakat.monitoring.models import ProgressReport

    return ProgressReport.objects.filter(activity=activity).exists()


def _refuse_reported_activity(activity: Activity) -> None:
    if activity_has_reports(activity):
        raise ValidationError(
            {
                "activity": _(
                    "Activity %s has progress reports and cannot be removed; mark it "
                    "cancelled in the next reporting round instead."
                )
                % activity.code
            }
        )


def delete_indicator(*, actor: Any, indicator: Indicator, version: bool = True) -> None:
    """Remove an indicator no progress report has given a value for."""
    require_workplan_editor(actor)
    from mufakat.monitoring.models import IndicatorValue

    if IndicatorValue.objects.filter(indicator=indicator).exists():
        raise ValidationError(
            {
                "indicator": _(
                    "The indicator “%s” has values in progress reports and cannot be removed."
                )
                % indicator.name
            }
        )
    instrument = indicator.activity.priority_area.instrument
    with transaction.atomic():
        name = indicator.name
        delete_audited(indicator, actor=actor)
        if version:
            record_version(
                actor=actor, instrument=instrument, note=_("Indicator removed: %s") % name
            )


def delete_activity(*, actor: Any, activity: Activity, version: bool = True) -> None:
    """Remove an activity and its indicators, unless parties have reported on it."""
    require_workplan_editor(actor)
    _refuse_reported_activity(activity)
    instrument = activity.priority_area.instrument
    with transaction.atomic():
        for indicator in Indicator.objects.filter(activity=activity):
            delete_indicator(actor=actor, indicator=indicator, version=False)
        code = activity.code
        delete_audited(activity, actor=actor)
        if version:
            record_version(
                actor=actor, instrument=instrument, note=_("Activity removed: %s") % code
            )


def delete_priority_area(*, actor: Any, priority_area: PriorityArea, version: bool = True) -> None:
    """Remove an empty priority area (its activities are removed, or moved, first)."""
    require_workplan_editor(actor)
    if Activity.objects.filter(priority_area=priority_area).exists():  # not a prefetched list
        raise ValidationError(
            {
                "priority_area": _(
                    "The priority area “%s” still has activities; remove them first."
                )
                % priority_area.title
            }
        )
    instrument = priority_area.instrument
    with transaction.atomic():
        title = priority_area.title
        delete_audited(priority_area, actor=actor)
        if version:
            record_version(
                actor=actor, instrument=instrument, note=_("Priority area removed: %s") % title
            )
