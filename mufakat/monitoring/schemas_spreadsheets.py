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


class ImportJobProblem(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class ImportJobOut(Schema):
    """A large upload applied by the task worker: poll ``url`` until ``state`` is done or
    failed. ``checked`` of ``total`` reports were checked again; ``phase`` is checking, then
    saving (one transaction: all changes or none)."""

    id: int
    url: str
    state: str
    phase: str
    filename: str
    total: int
    checked: int
    percent: int
    rows_read: int
    reports_changed: int
    reports_unchanged: int
    reports_submitted: int
    error: str
    problems: list[ImportJobProblem]
