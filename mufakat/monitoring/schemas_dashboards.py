"""API payloads of rollups, snapshots and their comparison. Parties travel as canonical codes
("IDN"), instruments with their key next to their id, statuses as the codes of
``ProgressStatus`` ("on_track")."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import AliasChoices, BaseModel, Field, model_validator

# The parts every rollup, snapshot and comparison repeats (a figure per area, party and round)
# are plain pydantic models: ninja's per-object resolving cost more than the rest of a rollup.


class InstrumentRef(BaseModel):
    id: int
    key: str
    title: str
    short_title: str


class MeetingRef(BaseModel):
    id: int
    title: str


class RoundBrief(BaseModel):
    id: int
    title: str
    due_date: str


class RoundInfo(RoundBrief):
    opens_on: str
    status: str
    audience: str
    tlp: str
    meeting: MeetingRef | None


class Figures(BaseModel):
    """Counts of the expected reports by status (unseen ones as "not_reported"), mean percent
    complete of the reports with a percentage, and reports submitted by the due date.

    Honest denominators: ``completion`` is the mean over ``with_percent`` of the ``expected``
    reports ("75 % over 1 of 121 reports"); ``reported`` of them you may read with a status,
    ``not_reported`` not (``reported`` + ``not_reported`` = ``expected``), ``reporting_rate``
    is ``reported`` / ``expected`` in %. Frozen snapshots older than these two fields get them
    computed from their counts."""

    counts: dict[str, int]
    expected: int
    reported: int
    not_reported: int
    reporting_rate: float | None
    completion: float | None
    with_percent: int
    on_time: int
    on_time_rate: float | None

    @model_validator(mode="before")
    @classmethod
    def _older_snapshots(cls, obj: Any) -> Any:
        """Figures frozen before ``not_reported`` and ``reporting_rate`` were recorded."""
        if not isinstance(obj, dict) or ("not_reported" in obj and "reporting_rate" in obj):
            return obj
        filled = dict(obj)
        if "not_reported" not in filled:
            filled["not_reported"] = int(obj["counts"].get("not_reported", 0))
        if "reporting_rate" not in filled:
            expected = obj["expected"]
            filled["reporting_rate"] = (
                round(100 * obj["reported"] / expected, 1) if expected else None
            )
        return filled


class AreaFigures(Figures):
    id: int
    position: int
    title: str


class PartyFigures(Figures):
    code: str
    name: str


class TrendPoint(Figures):
    round: RoundInfo


class InstrumentRollupOut(Schema):
    """``tlp``: the most restrictive marking of what the figures come from (the instrument and
    every round shown)."""

    tlp: str
    instrument: InstrumentRef
    round: RoundInfo | None
    rounds: list[RoundBrief]
    statuses: list[str]
    totals: Figures
    areas: list[AreaFigures]
    parties: list[PartyFigures]
    trend: list[TrendPoint]


class PartyRef(Schema):
    code: str
    name: str


class PartyInstrumentFigures(Figures):
    instrument: InstrumentRef
    round: RoundBrief


class PartyRollupOut(Schema):
    tlp: str
    party: PartyRef
    statuses: list[str]
    totals: Figures
    instruments: list[PartyInstrumentFigures]


class FrozenInstrument(Schema):
    instrument: InstrumentRef
    round: RoundInfo | None
    statuses: list[str]
    totals: Figures
    areas: list[AreaFigures]
    parties: list[PartyFigures]


class FrozenReport(BaseModel):
    """One expected report as frozen. ``state``: "reported", "not_reported" (nothing was
    submitted) or "draft_not_submitted" (its party had a draft, not submitted: not a status it
    chose). Snapshots frozen before drafts were told apart say "not_reported" for both."""

    instrument: str
    activity_id: int
    activity_code: str
    activity_title: str
    party: str
    status: str
    percent: int | None
    state: str


class PartyOutstandingOut(Schema):
    """What a party had not submitted when the round was frozen (counts only)."""

    code: str
    drafts: int
    not_started: int
    returned: int


class SnapshotOut(Schema):
    """``reports``: a page of the snapshot's reports (``offset``, ``limit`` of
    ``reports_count``; ``next`` page); ``areas`` and ``parties`` are those of the instruments
    whose reports are on the page (empty for the others)."""

    id: int
    version: int
    round: RoundInfo
    meeting: MeetingRef | None
    frozen_at: str
    frozen_by: str
    early: bool | None
    acknowledged: bool | None
    tlp: str
    instruments: list[FrozenInstrument]
    reports: list[FrozenReport]
    reports_count: int
    offset: int
    limit: int
    next: str | None
    outstanding: list[PartyOutstandingOut]

    @staticmethod
    def resolve_version(obj: dict[str, Any]) -> int:
        return int(obj.get("version", 1))

    @staticmethod
    def resolve_early(obj: dict[str, Any]) -> bool | None:
        return obj.get("early")

    @staticmethod
    def resolve_acknowledged(obj: dict[str, Any]) -> bool | None:
        return obj.get("acknowledged")

    @staticmethod
    def resolve_outstanding(obj: dict[str, Any]) -> list[Any]:
        return list(obj.get("outstanding_parties", []))

    @staticmethod
    def resolve_reports(obj: dict[str, Any]) -> list[dict[str, Any]]:
        keys = {str(e["instrument"]["id"]): e["instrument"]["key"] for e in obj["instruments"]}
        activities = obj.get("activities", {})
        drafts = {
            (instrument_id, activity_id, party)
            for instrument_id, rows in obj.get("drafts", {}).items()
            for activity_id, party in rows
        }

        def state(instrument_id: str, activity_id: int, party: str, status: str) -> str:
            if (instrument_id, activity_id, party) in drafts:
                return "draft_not_submitted"
            return "not_reported" if status == "not_reported" else "reported"

        return [
            {
                "instrument": keys.get(instrument_id, instrument_id),
                "activity_id": activity_id,
                "activity_code": (activities.get(str(activity_id)) or ["?"])[0],
                "activity_title": (activities.get(str(activity_id)) or ["?", ""])[1],
                "party": party,
                "status": status,
                "percent": percent,
                "state": state(instrument_id, activity_id, party, status),
            }
            for instrument_id, rows in obj.get("reports", {}).items()
            for activity_id, party, status, percent in rows
        ]


class SnapshotRef(Schema):
    id: int | None
    round: RoundInfo
    meeting: MeetingRef | None


# Plain pydantic models for the rows of a comparison: a page of changes holds thousands of
# rows, and ninja's per-object resolving cost more than the rest of the request.


class StatusChange(BaseModel):
    """``to_status`` (and ``from_status``) "not_submitted": the party had a draft, not
    submitted, when that snapshot was frozen — not a step back to "not_reported"."""

    instrument: str
    activity_id: int
    activity_code: str
    activity_title: str
    party: str
    from_status: str | None = Field(validation_alias=AliasChoices("from_status", "from"))
    to_status: str = Field(validation_alias=AliasChoices("to_status", "to"))
    percent_from: int | None
    percent_to: int | None


class Transition(BaseModel):
    from_status: str | None = Field(validation_alias=AliasChoices("from_status", "from"))
    to_status: str = Field(validation_alias=AliasChoices("to_status", "to"))
    count: int


class AreaDelta(BaseModel):
    instrument: str
    id: int
    title: str
    previous: float | None
    current: float | None
    delta: float | None


class PartyDelta(BaseModel):
    instrument: str
    code: str
    previous: float | None
    current: float | None
    delta: float | None


class InstrumentChange(Schema):
    """An instrument's totals in the snapshot, and its mean completion and reported reports in
    the earlier one (``compared`` false: the earlier snapshot did not cover it)."""

    instrument: InstrumentRef
    totals: Figures
    previous: float | None
    current: float | None
    delta: float | None
    reported_previous: int | None
    reported_current: int | None
    compared: bool


class ComparisonOut(Schema):
    """``instruments`` lists every instrument you may see (``count``); the transitions, the
    changes per area and party and the page of status changes (``offset``, ``limit`` of
    ``changes_count``; ``next`` page) are those of the instrument in ``compared``, if any."""

    current: SnapshotRef
    previous: SnapshotRef | None
    count: int
    compared: list[str]
    changes_count: int
    offset: int
    limit: int
    next: str | None
    instruments: list[InstrumentChange]
    status_changes: list[StatusChange]
    transitions: list[Transition]
    areas: list[AreaDelta]
    parties: list[PartyDelta]
