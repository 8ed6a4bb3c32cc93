"""Columns of the progress report exports (see :mod:`mufakat.core.exports`).

Names are stable: users' spreadsheets and scripts read them. Parties are given by their
canonical codes (DESIGN §6), instruments by their key; status and state by their codes
(``on_track``, ``submitted`` …).

A round has tens of thousands of reports, so a list's selector is read here as plain values
(:func:`report_rows`): the same rows in the same order, without building six model instances
per row (the report and what it refers to), which made most of an export's time."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mufakat.core.exports import Column
from mufakat.monitoring.models import ProgressReport

#: Column name → what it reads from the report (a field, or a field of what it refers to).
_READS = {
    "id": "id",
    "round_id": "round_id",
    "round": "round__title",
    "due_date": "round__due_date",
    "instrument": "instrument__key",
    "priority_area": "priority_area__title",
    "activity_code": "activity__code",
    "activity": "activity__title",
    "party": "party__code",
    "state": "state",
    "status": "status",
    "percent": "percent",
    "narrative": "narrative",
    "submitted_at": "submitted_at",
    "reviewed_at": "reviewed_at",
}


def _reads(path: str) -> Any:
    return lambda row: row[path]


REPORT_COLUMNS = tuple(Column(name, _reads(path)) for name, path in _READS.items())


def report_rows(reports: QuerySet[ProgressReport]) -> QuerySet[Any]:
    """The same reports, in the same order, as the values :data:`REPORT_COLUMNS` shows (the
    list's prefetches, which the columns do not use, dropped)."""
    return reports.prefetch_related(None).values(*_READS.values())
