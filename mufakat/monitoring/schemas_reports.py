"""API payloads of rounds and reports. Registry references travel as canonical codes (parties
"IDN"), instruments by key, activities by code (with their id); meetings and rounds by id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from mufakat.core import references
from mufakat.monitoring.services import indicator_display


class RoundCounts(Schema):
    """Counts of the reports the caller may read."""

    total: int
    submitted: int
    accepted: int
    returned: int


class RoundOut(Schema):
    id: int
    title: str
    status: str
    instruments: list[str] = Field(description="Keys of the instruments (those you may see).")
    reporting_parties: list[str]
    opens_on: dt.date
    due_date: dt.date
    meeting: int | None = Field(description="Id of the meeting the round feeds.")
    previous: int | None = Field(description="Id of the previous round.")
    audience: str
    tlp: str
    sharing_groups: list[str] = Field(
        description="Codes of the round's sharing groups you may know of (a confidential group "
        "is named only to its members)."
    )
    source: str
    lock_version: int
    counts: RoundCounts

    @staticmethod
    def resolve_instruments(obj: Any) -> list[str]:
        return [i.key for i in getattr(obj, "visible_instruments", [])]

    @staticmethod
    def resolve_reporting_parties(obj: Any) -> list[str]:
        return sorted(p.code for p in obj.reporting_parties.all())

    @staticmethod
    def resolve_meeting(obj: Any) -> int | None:
        meeting = getattr(obj, "visible_meeting", None)
        return meeting.pk if meeting else None

    @staticmethod
    def resolve_previous(obj: Any) -> int | None:
        previous = getattr(obj, "visible_previous", None)
        return previous.pk if previous else None

    @staticmethod
    def resolve_sharing_groups(obj: Any) -> list[str]:
        return references.group_codes(obj)

    @staticmethod
    def resolve_counts(obj: Any) -> dict[str, int]:
        return {
            "total": getattr(obj, "reports_total", 0),
            "submitted": getattr(obj, "reports_submitted", 0),
            "accepted": getattr(obj, "reports_accepted", 0),
            "returned": getattr(obj, "reports_returned", 0),
        }


class RoundIn(Schema):
    title: str
    instruments: list[str] = Field(description="Instrument keys.")
    reporting_parties: list[str] = Field(description="Party codes, e.g. IDN, JPN.")
    opens_on: dt.date
    due_date: dt.date
    meeting: int | None = None
    previous: int | None = None
    audience: str = "sharing_group"
    tlp: str = "AMBER"
    sharing_groups: list[str] = Field(default_factory=list, description="Sharing group codes.")
    source: str = ""


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("monitoring:evidence", args=[obj.pk])


class ReportSummary(Schema):
    id: int
    round: int
    instrument: str = Field(description="Instrument key.")
    priority_area: str
    activity: str = Field(description="Activity code.")
    activity_id: int
    party: str = Field(description="Reporting party code.")
    status: str
    percent: int | None
    percent_derived: bool
    narrative: str
    indicators: dict[str, str] = Field(description="Values by indicator id.")
    state: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    lead_reviewed_at: dt.datetime | None
    review_comment: str
    lock_version: int

    @staticmethod
    def resolve_round(obj: Any) -> int:
        return int(obj.round_id)

    @staticmethod
    def resolve_instrument(obj: Any) -> str:
        return str(obj.instrument.key)

    @staticmethod
    def resolve_priority_area(obj: Any) -> str:
        return str(obj.priority_area.title)

    @staticmethod
    def resolve_activity(obj: Any) -> str:
        return str(obj.activity.code)

    @staticmethod
    def resolve_party(obj: Any) -> str:
        return str(obj.party.code)

    @staticmethod
    def resolve_indicators(obj: Any) -> dict[str, str]:
        return {str(v.indicator_id): indicator_display(v) for v in obj.indicator_values.all()}


class ReportChangeOut(Schema):
    label: str
    before: str
    after: str


class ReportVersionOut(Schema):
    number: int
    state: str
    created_at: dt.datetime
    created_by: str | None
    data: dict[str, Any]
    changes: list[ReportChangeOut] = Field(description="What changed since the previous version.")


class ReportOut(ReportSummary):
    evidence: list[EvidenceOut]
    versions: list[ReportVersionOut] = Field(description="Newest first, with what each changed.")

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(getattr(obj, "api_evidence", []))

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(getattr(obj, "api_versions", []))


class ReportPatch(Schema):
    lock_version: int = Field(description="The version you started from; a stale one is a 409.")
    status: str | None = None
    percent: int | None = None
    narrative: str | None = None
    indicators: dict[str, str | float | int | None] | None = Field(
        default=None, description="Values by indicator id; empty clears a value."
    )
    submit: bool = Field(default=False, description="Submit for review after saving.")


class ReviewIn(Schema):
    accept: bool
    comment: str = ""
