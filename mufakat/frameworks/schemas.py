"""API payloads for frameworks. Items travel as their codes (``"sdg-16 / 16.4"``, see
``services.resolve_item_code``); activities and instruments as ids."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from mufakat.core.schemas import InputSchema


class FrameworkOut(Schema):
    key: str
    title: str
    short_title: str
    description: str
    source: str
    source_url: str
    item_prefix: str
    instrument: int | None = Field(None, description="The instrument it mirrors, if any")
    item_count: int

    @staticmethod
    def resolve_instrument(obj: Any) -> int | None:
        return obj.instrument_id


class ItemOut(Schema):
    code: str
    reference: str = Field(description="The code to give when mapping, e.g. “sdg-16 / 16.4”")
    label: str = Field(description="How people cite it, e.g. “SDG 16.4”")
    title: str
    description: str
    position: int
    parent: str | None = Field(None, description="Code of the item it is part of")
    priority_area: int | None = Field(None, description="The priority area it mirrors")
    activity_count: int = Field(description="Activities serving it that the reader may see")

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_priority_area(obj: Any) -> int | None:
        return obj.priority_area_id


class FrameworkDetailOut(FrameworkOut):
    items: list[ItemOut]


class MappedItemOut(Schema):
    framework: str
    code: str
    reference: str
    label: str
    title: str

    @staticmethod
    def resolve_framework(obj: Any) -> str:
        return obj.framework.key


class ActivityMappingsOut(Schema):
    activity: int
    code: str
    items: list[MappedItemOut]


class InstrumentActivityMappingsOut(ActivityMappingsOut):
    title: str


class MappingsIn(InputSchema):
    items: list[str] = Field(
        description="Every framework item the activity serves, as codes (“SDG 16.4”, "
        "“sdg-16 / 16.4”, “bali-wp-2019-2025 / 2”); replaces the items the caller may see"
    )


class InstrumentRef(Schema):
    id: int
    key: str
    title: str


class PartyStatus(Schema):
    party: str
    status: str


class StandingOut(Schema):
    round: str = Field(description="The latest round with a report the reader may see")
    statuses: list[PartyStatus]


class ServingActivityOut(Schema):
    id: int
    code: str
    title: str
    instrument: InstrumentRef
    lead_parties: list[str]
    standing: StandingOut | None = Field(None, description="Where it stands; null: no report")


class ServingActivitiesOut(Schema):
    count: int
    items: list[ServingActivityOut]
