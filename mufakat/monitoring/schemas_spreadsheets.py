"""Payloads of the spreadsheet upload: counts when it went through, every problem when not."""

from ninja import Schema


class ImportCounts(Schema):
    rows_read: int
    reports_changed: int
    reports_unchanged: int
    reports_submitted: int


class ProblemOut(Schema):
    loc: list[str | int | None]
    msg: str


class ImportProblems(Schema):
    detail: list[ProblemOut]
