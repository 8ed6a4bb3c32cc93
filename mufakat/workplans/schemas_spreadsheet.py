"""Payloads of the work plan workbook over the API: a preview of what an upload would change,
the problems of a refused one, and what a confirmation did."""

from __future__ import annotations

from uuid import UUID

from ninja import Schema


class FieldChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class ValueOut(Schema):
    label: str
    value: str


class ItemOut(Schema):
    what: str
    action: str
    label: str
    changes: list[FieldChangeOut]
    values: list[ValueOut]


class ChangeCounts(Schema):
    added: int
    changed: int
    removed: int


class PreviewOut(Schema):
    """Give ``token`` and ``fingerprint`` back to confirm."""

    token: UUID
    instrument_id: int | None
    fingerprint: str
    downloaded_version: int | None
    current_version: int | None
    counts: ChangeCounts
    items: list[ItemOut]


class ConfirmIn(Schema):
    fingerprint: str


class AppliedOut(Schema):
    instrument_id: int
    key: str
    #: The new version, or null when nothing changed.
    version: int | None
    counts: ChangeCounts


class SpreadsheetProblemOut(Schema):
    loc: list[str | int | None]
    msg: str


class SpreadsheetProblems(Schema):
    detail: list[SpreadsheetProblemOut]
