"""API payloads of rollups, snapshots and their comparison. Parties travel as canonical codes
("IDN"), instruments with their key next to their id, statuses as the codes of
``ProgressStatus`` ("on_track")."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class InstrumentRef(Schema):
    id: int
    key: str
    title: str
    short_title: str


class MeetingRef(Schema):
    id: int
    title: str


class RoundBrief(Schema):
    id: int
    title: str
    due_date: str


class RoundInfo(RoundBrief):
    opens_on: str
    status: str
    audience: str
    tlp: str
    meeting: MeetingRef | None


class Figures(Schema):
    """Counts of the expected reports by status (unseen ones as "not_reported"), mean percent
    complete of the reports with a percentage, and reports submitted by the due date."""

    counts: dict[str, int]
    expected: int
    reported: int
    completion: float | None
    with_percent: int
    on_time: int
    on_time_rate: float | None


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


class FrozenReport(Schema):
    instrument: str
    activity_id: int
    activity_code: str
    activity_title: str
    party: str
    status: str
    percent: int | None


class SnapshotOut(Schema):
    id: int
    round: RoundInfo
    meeting: MeetingRef | None
    frozen_at: str
    frozen_by: str
    instruments: list[FrozenInstrument]
    reports: list[FrozenReport]

    @staticmethod
    def resolve_reports(obj: dict[str, Any]) -> list[dict[str, Any]]:
        keys = {str(e["instrument"]["id"]): e["instrument"]["key"] for e in obj["instruments"]}
        activities = obj.get("activities", {})
        return [
            {
                "instrument": keys.get(instrument_id, instrument_id),
                "activity_id": activity_id,
                "activity_code": (activities.get(str(activity_id)) or ["?"])[0],
                "activity_title": (activities.get(str(activity_id)) or ["?", ""])[1],
                "party": party,
                "status": status,
                "percent": percent,
            }
            for instrument_id, rows in obj.get("reports", {}).items()
            for activity_id, party, status, percent in rows
        ]


class SnapshotRef(Schema):
    id: int | None
    round: RoundInfo
    meeting: MeetingRef | None


class StatusChange(Schema):
    instrument: str
    activity_id: int
    activity_code: str
    activity_title: str
    party: str
    from_status: str | None
    to_status: str
    percent_from: int | None
    percent_to: int | None

    @staticmethod
    def resolve_from_status(obj: dict[str, Any]) -> str | None:
        return obj["from"]

    @staticmethod
    def resolve_to_status(obj: dict[str, Any]) -> str:
        return obj["to"]


class Transition(Schema):
    from_status: str | None
    to_status: str
    count: int

    @staticmethod
    def resolve_from_status(obj: dict[str, Any]) -> str | None:
        return obj["from"]

    @staticmethod
    def resolve_to_status(obj: dict[str, Any]) -> str:
        return obj["to"]


class AreaDelta(Schema):
    instrument: str
    id: int
    title: str
    previous: float | None
    current: float | None
    delta: float | None


class PartyDelta(Schema):
    instrument: str
    code: str
    previous: float | None
    current: float | None
    delta: float | None


class ComparisonOut(Schema):
    current: SnapshotRef
    previous: SnapshotRef | None
    status_changes: list[StatusChange]
    transitions: list[Transition]
    areas: list[AreaDelta]
    parties: list[PartyDelta]
