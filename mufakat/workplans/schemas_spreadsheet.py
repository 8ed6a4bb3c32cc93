"""Payloads of the work plan workbook over the API: a preview of what an upload would change,
the problems of a refused one, and what a confirmation did."""

from __future__ import annotations

from uuid import UUID

from ninja import Schema


class WorkbookFieldChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class WorkbookValueOut(Schema):
    label: str
    value: str


class WorkbookChangeOut(Schema):
    what: str
    action: str
    label: str
    changes: list[WorkbookFieldChangeOut]
    values: list[WorkbookValueOut]


class WorkbookChangeCounts(Schema):
    added: int
    changed: int
    removed: int


class WorkbookPreviewOut(Schema):
    """Give ``token`` and ``fingerprint`` back to confirm."""

    token: UUID
    instrument_id: int | None
    fingerprint: str
    downloaded_version: int | None
    current_version: int | None
    counts: WorkbookChangeCounts
    items: list[WorkbookChangeOut]


class WorkbookConfirmIn(Schema):
    fingerprint: str


class WorkbookAppliedOut(Schema):
    instrument_id: int
    key: str
    #: The new version, or null when nothing changed.
    version: int | None
    counts: WorkbookChangeCounts


class WorkbookProblemOut(Schema):
    loc: list[str | int | None]
    msg: str


class WorkbookProblems(Schema):
    detail: list[WorkbookProblemOut]
