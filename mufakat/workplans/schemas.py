"""API payloads for instruments. Registry references travel as canonical codes (parties "IDN",
crime areas "terrorism"); meetings and instruments as ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from mufakat.core.schemas import InputSchema, PatchSchema, TranslatedTitleOut


def _codes(records: Any) -> list[str]:
    return [r.code for r in records.all()]


class IndicatorOut(Schema):
    id: int
    name: str
    kind: str
    unit: str
    baseline: str
    target: str


class IndicatorIn(InputSchema):
    name: str
    kind: str
    unit: str = ""
    baseline: str = ""
    target: str = ""
    source: str = ""


class ActivityInInstrument(Schema):
    id: int
    code: str
    title: str
    lead_parties: list[str]
    participating_parties: list[str]
    start_year: int | None
    end_year: int | None
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_lead_parties(obj: Any) -> list[str]:
        return _codes(obj.lead_parties)

    @staticmethod
    def resolve_participating_parties(obj: Any) -> list[str]:
        return _codes(obj.participating_parties)

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


class ActivityOut(ActivityInInstrument):
    """An activity on its own: where it belongs, and the version to send back on PATCH."""

    description: str
    outputs: str
    source: str
    priority_area: int
    instrument: int
    crime_areas: list[str]
    lock_version: int

    @staticmethod
    def resolve_priority_area(obj: Any) -> int:
        return int(obj.priority_area_id)

    @staticmethod
    def resolve_instrument(obj: Any) -> int:
        return int(obj.priority_area.instrument_id)

    @staticmethod
    def resolve_crime_areas(obj: Any) -> list[str]:
        return _codes(obj.priority_area.crime_areas)


class ActivityIn(InputSchema):
    code: str
    title: str
    description: str = ""
    lead_parties: list[str] = Field(default_factory=list)
    participating_parties: list[str] = Field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    outputs: str = ""
    source: str = ""
    indicators: list[IndicatorIn] = Field(
        default_factory=list, description="Indicators created with the activity."
    )


class ActivityPatch(PatchSchema):
    nullable = frozenset({"start_year", "end_year"})
    lock_version: int
    code: str | None = None
    title: str | None = None
    description: str | None = None
    lead_parties: list[str] | None = None
    participating_parties: list[str] | None = None
    start_year: int | None = None
    end_year: int | None = None
    outputs: str | None = None
    source: str | None = None


class PriorityAreaInInstrument(Schema):
    id: int
    title: str
    crime_areas: list[str]
    activities: list[ActivityInInstrument]

    @staticmethod
    def resolve_crime_areas(obj: Any) -> list[str]:
        return _codes(obj.crime_areas)

    @staticmethod
    def resolve_activities(obj: Any) -> list[Any]:
        return list(obj.activities.all())


def activities_path(**filters: int) -> str:
    """Where the activities of an instrument or of one priority area are listed, a page at a
    time (``/api/v1/activities?priority_area=12``)."""
    ((name, value),) = filters.items()
    return f"{reverse('api:list_activities')}?{name}={value}"


class PriorityAreaSummary(Schema):
    """A priority area in its instrument, with how many activities it has; the activities
    themselves are read a page at a time from ``activities``."""

    id: int
    title: str
    position: int
    crime_areas: list[str]
    activity_count: int = Field(description="Activities of the area the reader may see.")
    activities: str = Field(
        description="Where they are listed, a page at a time: "
        "`/api/v1/activities?priority_area=<id>`."
    )

    @staticmethod
    def resolve_crime_areas(obj: Any) -> list[str]:
        return _codes(obj.crime_areas)

    @staticmethod
    def resolve_activities(obj: Any) -> str:
        return activities_path(priority_area=obj.pk)


class PriorityAreaOut(PriorityAreaInInstrument):
    position: int
    description: str
    source: str
    instrument: int
    lock_version: int

    @staticmethod
    def resolve_instrument(obj: Any) -> int:
        return int(obj.instrument_id)


class PriorityAreaIn(InputSchema):
    title: str
    position: int | None = None
    description: str = ""
    crime_areas: list[str] = Field(default_factory=list)
    source: str = ""


class PriorityAreaPatch(PatchSchema):
    lock_version: int
    title: str | None = None
    position: int | None = None
    description: str | None = None
    crime_areas: list[str] | None = None
    source: str | None = None


def _linked(links: list[Any], kinds: set[str], end: str) -> list[int]:
    return [getattr(link, f"{end}_id") for link in links if link.kind in kinds]


class _InstrumentFields(Schema):
    """How instrument fields are read from the selectors' objects (shared by both shapes)."""

    @staticmethod
    def resolve_adopted_on(obj: Any) -> str | None:
        return str(obj.adopted) if obj.adopted else None

    @staticmethod
    def resolve_parties(obj: Any) -> list[str]:
        return _codes(obj.parties)

    @staticmethod
    def resolve_adopted_at(obj: Any) -> int | None:
        """Only a meeting the reader may see (the selectors annotate which)."""
        return obj.adopted_at_id if getattr(obj, "adopted_at_visible", False) else None

    @staticmethod
    def resolve_reviewed_at(obj: Any) -> list[int]:
        return [m.pk for m in obj.visible_reviews]

    @staticmethod
    def resolve_derives_from(obj: Any) -> list[int]:
        return _linked(obj.visible_links_out, {"derives_from", "implements"}, "target")

    @staticmethod
    def resolve_supersedes(obj: Any) -> list[int]:
        return _linked(obj.visible_links_out, {"supersedes"}, "target")

    @staticmethod
    def resolve_superseded_by(obj: Any) -> list[int]:
        return _linked(obj.visible_links_in, {"supersedes"}, "source")

    @staticmethod
    def resolve_priority_areas(obj: Any) -> list[Any]:
        return list(obj.priority_areas.all())


ADOPTED_ON = 'Partial date as stored: "2014-11-12", "2023-08" or "2017".'


class InstrumentSummary(TranslatedTitleOut, _InstrumentFields):
    """One row of the instrument list."""

    id: int
    key: str
    short_title: str
    kind: str
    start_year: int | None
    end_year: int | None
    extended_to_year: int | None
    adopted_on: str | None = Field(description=ADOPTED_ON)
    place: str
    parties: list[str]
    adopted_at: int | None
    audience: str
    tlp: str
    source: str


class InstrumentOut(TranslatedTitleOut, _InstrumentFields):
    """One instrument with its lineage (visible instruments only) and its priority areas with
    their counts — the same size for 10 activities or 1,500; the activities are paged."""

    id: int
    key: str
    short_title: str
    kind: str
    start_year: int | None
    end_year: int | None = Field(description="Null for a declaration or an open-ended plan.")
    extended_to_year: int | None
    adopted_on: str | None = Field(description=ADOPTED_ON)
    place: str
    parties: list[str]
    adopted_at: int | None = Field(description="Meeting id, if the reader may see it.")
    reviewed_at: list[int]
    derives_from: list[int] = Field(
        description="Instruments this one derives from or implements (visible ones)."
    )
    superseded_by: list[int]
    supersedes: list[int]
    audience: str
    tlp: str
    source: str
    priority_areas: list[PriorityAreaSummary] = Field(
        description="Visible priority areas in order, each with its `activity_count` and the "
        "address of its `activities`. Since issue 12 they no longer carry their activities."
    )
    activity_count: int = Field(description="Activities of the instrument the reader may see.")
    activities: str = Field(
        description="Where the instrument's activities (with indicators) are listed, a page at "
        "a time: `/api/v1/activities?instrument=<id>`."
    )
    lock_version: int = Field(description="Send it back with PATCH; a stale one answers 409.")

    @staticmethod
    def resolve_priority_areas(obj: Any) -> list[Any]:
        return list(obj.area_list)

    @staticmethod
    def resolve_activity_count(obj: Any) -> int:
        return sum(area.activity_count for area in obj.area_list)

    @staticmethod
    def resolve_activities(obj: Any) -> str:
        return activities_path(instrument=obj.pk)


class InstrumentIn(InputSchema):
    key: str
    title: str
    title_translations: dict[str, str] = Field(
        default_factory=dict,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    kind: str
    short_title: str = ""
    description: str = ""
    start_year: int | None = None
    end_year: int | None = None
    extended_to_year: int | None = None
    extended_at: int | None = Field(None, description="Meeting id.")
    adopted_on: str | None = Field(None, description='"YYYY-MM-DD", "YYYY-MM" or "YYYY".')
    place: str = ""
    adopted_at: int | None = Field(None, description="Meeting id.")
    reviewed_at: list[int] = Field(default_factory=list, description="Meeting ids.")
    parties: list[str] = Field(default_factory=list, description="Party codes.")
    in_force_on: dt.date | None = None
    source: str = ""
    audience: str = Field("organisation", description="Default: the owning organisation only.")
    tlp: str = "AMBER"
    sharing_groups: list[str] = Field(default_factory=list, description="Sharing group codes.")


class InstrumentPatch(PatchSchema):
    nullable = frozenset(
        {
            "start_year",
            "end_year",
            "extended_to_year",
            "extended_at",
            "adopted_on",
            "adopted_at",
            "in_force_on",
            "title_translations",
        }
    )
    lock_version: int
    title: str | None = None
    title_translations: dict[str, str] | None = Field(
        None,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    short_title: str | None = None
    kind: str | None = None
    description: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    extended_to_year: int | None = None
    extended_at: int | None = None
    adopted_on: str | None = None
    place: str | None = None
    adopted_at: int | None = None
    reviewed_at: list[int] | None = None
    parties: list[str] | None = None
    in_force_on: dt.date | None = None
    source: str | None = None
    audience: str | None = None
    tlp: str | None = None
    sharing_groups: list[str] | None = None


class LinkIn(InputSchema):
    target: int = Field(description="Id of the instrument this one derives from, supersedes, …")
    kind: str = Field(description="derives_from, implements, supersedes or amends.")
    note: str = ""


class InstrumentLinkOut(Schema):
    id: int
    source: int
    target: int
    kind: str
    note: str

    @staticmethod
    def resolve_source(obj: Any) -> int:
        return int(obj.source_id)

    @staticmethod
    def resolve_target(obj: Any) -> int:
        return int(obj.target_id)


class InstrumentChangeOut(Schema):
    path: str
    label: str
    before: str
    after: str


class InstrumentVersionOut(Schema):
    number: int
    created_at: dt.datetime
    created_by: str | None
    note: str
    changes: list[InstrumentChangeOut]
