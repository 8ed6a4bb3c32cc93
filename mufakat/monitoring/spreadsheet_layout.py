"""The template's layout, shared by the export and the import (who may use them: permissions).

See :mod:`mufakat.monitoring.spreadsheets` for the layout as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from mufakat.core.spreadsheet_files import CSV, XLSX
from mufakat.monitoring.models import ProgressStatus, ReportingRound

SHEET = "reports"
INSTRUCTIONS_SHEET = "instructions"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

#: Status codes a report row accepts, in the order of the dropdown.
STATUS_CODES: tuple[str, ...] = tuple(ProgressStatus.values)
STATUS_CHOICES: list[tuple[str, Any]] = list(ProgressStatus.choices)


def max_import_bytes() -> int:
    return int(getattr(settings, "MUFAKAT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


# -- the layout ------------------------------------------------------------------------------------


class Kind(StrEnum):
    KEY = "key"  # identifies the row; locked in the workbook
    INFO = "info"  # for people; ignored on upload
    EDIT = "edit"  # what the focal point fills in
    HIDDEN = "hidden"  # locked and hidden: the version the download was based on


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    width: int
    help: Promise


COLUMNS: tuple[Column, ...] = (
    Column("round", Kind.KEY, 7, gettext_lazy("The round's number. Do not change.")),
    Column("instrument", Kind.KEY, 20, gettext_lazy("The instrument's key. Do not change.")),
    Column("priority_area", Kind.INFO, 8, gettext_lazy("Position of the priority area.")),
    Column("activity", Kind.KEY, 10, gettext_lazy("The activity code. Do not change.")),
    Column("party", Kind.KEY, 7, gettext_lazy("The reporting party's code. Do not change.")),
    Column(
        "indicator",
        Kind.KEY,
        9,
        gettext_lazy("Empty on the activity's row; the indicator's number on its rows."),
    ),
    Column("title", Kind.INFO, 48, gettext_lazy("The activity, or the indicator, for reading.")),
    Column("state", Kind.INFO, 10, gettext_lazy("Where the report is in its review.")),
    Column("status", Kind.EDIT, 15, gettext_lazy("A status code from the list (activity rows).")),
    Column(
        "percent",
        Kind.EDIT,
        9,
        gettext_lazy("Percent complete, a whole number from 0 to 100, or empty."),
    ),
    Column("narrative", Kind.EDIT, 60, gettext_lazy("What was done, in a few sentences.")),
    Column(
        "value",
        Kind.EDIT,
        14,
        gettext_lazy("The indicator's value (indicator rows): a number for numeric ones."),
    ),
    Column("previous_status", Kind.INFO, 15, gettext_lazy("Status in the previous round.")),
    Column("previous_percent", Kind.INFO, 9, gettext_lazy("Percent in the previous round.")),
    Column("previous_narrative", Kind.INFO, 40, gettext_lazy("Narrative in the previous round.")),
    Column("previous_value", Kind.INFO, 14, gettext_lazy("Value in the previous round.")),
    Column(
        "lock_version",
        Kind.HIDDEN,
        8,
        gettext_lazy("Hidden: the report's version when downloaded. Do not change."),
    ),
)
HEADERS: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind != Kind.INFO)
VALUE_COLUMNS = ("status", "percent", "narrative")


# -- who may use the templates ---------------------------------------------------------------------


def round_for_user(*, user: Any, pk: int) -> ReportingRound:
    """The round if the user may see it; a hidden round is a 404 exactly like a missing one."""
    round_ = ReportingRound.objects.visible_to(user).filter(pk=pk).first()
    if round_ is None:
        raise Http404
    return round_


def round_mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"
