"""What the workbook reads: an instrument as a :class:`~.plan.Plan`, the codes its dropdowns
offer, and a user's own pending uploads. Every read starts at the gate (``visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Max, Prefetch
from django.http import Http404

from mufakat.core.spreadsheet_files import cell_text
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import (
    Activity,
    Indicator,
    Instrument,
    InstrumentVersion,
    PriorityArea,
    SpreadsheetUpload,
)
from mufakat.workplans.spreadsheet import frameworks
from mufakat.workplans.spreadsheet.plan import ActivityRow, AreaRow, IndicatorRow, Plan


@dataclass
class Stored:
    """An instrument as a plan, with the records behind each row (for applying a change)."""

    instrument: Instrument | None
    plan: Plan
    version: int | None
    areas: dict[int, PriorityArea] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    indicators: dict[str, list[Indicator]] = field(default_factory=dict)

    @cached_property
    def fingerprint(self) -> str:
        return f"{self.version or 0}:{self.plan.fingerprint()}"


@dataclass(frozen=True)
class Codes:
    """The codes a workbook may use, for the dropdowns and the checks."""

    parties: dict[str, str]
    crime_areas: dict[str, str]
    frameworks: dict[str, str]


def instrument_for(*, user: Any, key: str | None = None, pk: int | None = None) -> Instrument:
    """The instrument if the user may see it; otherwise a 404 like a missing one."""
    lookup: dict[str, Any] = {"key": key} if key is not None else {"pk": pk}
    found = Instrument.objects.visible_to(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def latest_version(instrument: Instrument) -> int | None:
    number = InstrumentVersion.objects.filter(instrument=instrument).aggregate(n=Max("number"))["n"]
    return int(number) if number is not None else None


def _text(value: str) -> str:
    """A stored text as a cell gives it back (trimmed, ``\n`` line ends), so a download
    uploaded again compares equal."""
    return cell_text(value)


def _codes(records: Any) -> tuple[str, ...]:
    return tuple(sorted(r.code for r in records))


def stored_plan(*, user: Any, instrument: Instrument | None) -> Stored:
    """The instrument as the workbook shows it (a new one: an empty plan), in six queries."""
    if instrument is None:
        return Stored(instrument=None, plan=Plan(), version=None)
    plan = Plan(
        header={
            "key": instrument.key,
            "title": _text(instrument.title),
            "short_title": _text(instrument.short_title),
            "kind": instrument.kind,
            "start_year": instrument.start_year,
            "end_year": instrument.end_year,
            "parties": _codes(instrument.parties.all()),
            "description": _text(instrument.description),
        }
    )
    stored = Stored(instrument=instrument, plan=plan, version=latest_version(instrument))
    areas = list(
        PriorityArea.objects.visible_to(user)
        .filter(instrument=instrument)
        .prefetch_related(
            Prefetch("crime_areas", to_attr="crime_area_list"),
            Prefetch(
                "activities",
                queryset=Activity.objects.visible_to(user)
                .prefetch_related(
                    Prefetch("lead_parties", to_attr="lead_list"),
                    Prefetch("participating_parties", to_attr="participating_list"),
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.visible_to(user).order_by("id"),
                        to_attr="indicator_list",
                    ),
                )
                .order_by("code"),
                to_attr="activity_list",
            ),
        )
        .order_by("position", "id")
    )
    mapped = frameworks.mappings_of(
        user=user, activities=[a for area in areas for a in area.activity_list]
    )
    numbers = _numbers(areas)
    for area in areas:
        number = numbers[area.pk]
        stored.areas[number] = area
        plan.areas[number] = AreaRow(
            number=number,
            title=_text(area.title),
            description=_text(area.description),
            crime_areas=_codes(area.crime_area_list),
        )
        for activity in area.activity_list:
            code = activity.code.casefold()
            stored.activities[code] = activity
            plan.activities[code] = ActivityRow(
                code=activity.code,
                priority_area=number,
                title=_text(activity.title),
                description=_text(activity.description),
                lead_parties=_codes(activity.lead_list),
                participating_parties=_codes(activity.participating_list),
                start_year=activity.start_year,
                end_year=activity.end_year,
                outputs=_text(activity.outputs),
                frameworks=mapped.get(activity.pk, ()),
            )
            indicators = activity.indicator_list
            if indicators:
                stored.indicators[code] = indicators
                plan.indicators[code] = [
                    IndicatorRow(
                        activity=activity.code,
                        name=_text(i.name),
                        kind=i.kind,
                        unit=_text(i.unit),
                        baseline=_text(i.baseline),
                        target=_text(i.target),
                    )
                    for i in indicators
                ]
    return stored


def _numbers(areas: list[PriorityArea]) -> dict[int, int]:
    """Area id → its number in the workbook: its position, unless an earlier area has that
    position too; then the next number after the last position (the number identifies it)."""
    taken = {area.position for area in areas}
    spare = max(taken, default=0)
    seen: set[int] = set()
    numbers = {}
    for area in areas:
        if area.position in seen:
            spare += 1
            numbers[area.pk] = spare
        else:
            numbers[area.pk] = area.position
            seen.add(area.position)
    return numbers


def codes(*, user: Any, with_frameworks: bool = True) -> Codes:
    """Parties and crime areas are public registry facts; framework items the reader may see
    (only for the dropdowns: an upload resolves its framework codes one by one)."""
    return Codes(
        parties=dict(Party.objects.order_by("code").values_list("code", "name")),
        crime_areas=dict(CrimeArea.objects.order_by("code").values_list("code", "name")),
        frameworks=frameworks.item_codes(user=user) if with_frameworks else {},
    )


def upload_for(*, user: Any, token: Any) -> SpreadsheetUpload:
    """One of the user's own uploads; anyone else's (or none) is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = (
        SpreadsheetUpload.objects.filter(token=token, uploaded_by=user)
        .select_related("instrument")
        .first()
    )
    if found is None:
        raise Http404
    if found.instrument is not None:
        # The instrument must still be visible to the uploader.
        instrument_for(user=user, pk=found.instrument_id)
    return found
