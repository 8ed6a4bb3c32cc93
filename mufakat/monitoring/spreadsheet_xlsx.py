"""The round's template as a workbook: locked keys, dropdowns and an instructions sheet.

Kept apart from :mod:`mufakat.monitoring.spreadsheet_export` and imported only when a workbook
is written, so a web worker that never writes one does not load openpyxl (about 12 MiB).
"""

from __future__ import annotations

import io
from copy import copy
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mufakat.core.spreadsheet_files import xlsx_value
from mufakat.monitoring.models import ProgressStatus, ReportingRound
from mufakat.monitoring.spreadsheet_layout import (
    COLUMNS,
    HEADERS,
    INSTRUCTIONS_SHEET,
    SHEET,
    STATUS_CODES,
    Column,
    Kind,
)

if TYPE_CHECKING:
    from mufakat.monitoring.spreadsheet_export import TemplateRow

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7EE")
_READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)


def _cell_is_editable(row: TemplateRow, column: Column) -> bool:
    if not row.editable or column.kind != Kind.EDIT:
        return False
    return (column.name == "value") == row.is_indicator


class _CellStyles:
    """The few cell styles of the sheet, each worked out once.

    Setting fill, protection and alignment on every cell makes openpyxl look each style up
    again — most of the time of a large export; copying a finished style array is cheap.
    """

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.arrays: dict[tuple[bool, bool, bool], Any] = {}

    def array(self, *, editable: bool, wrap: bool, whole_number: bool) -> Any:
        key = (editable, wrap, whole_number)
        if key not in self.arrays:
            prototype = WriteOnlyCell(self.sheet)
            prototype.protection = _UNLOCKED if editable else _LOCKED
            if not editable:
                prototype.fill = _READ_ONLY_FILL
            prototype.alignment = _WRAP if wrap else _TOP
            if whole_number:
                prototype.number_format = "0"
            self.arrays[key] = prototype._style
        return copy(self.arrays[key])


def _xlsx_cell(styles: _CellStyles, row: TemplateRow, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(styles.sheet, value=xlsx_value(row.values.get(column.name)))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a narrative starting with "=" stays text, never a formula
    cell._style = styles.array(
        editable=_cell_is_editable(row, column),
        wrap=column.width >= 40,
        whole_number=column.name in ("percent", "previous_percent"),
    )
    return cell


def xlsx_bytes(round_: ReportingRound, rows: list[TemplateRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.kind == Kind.HIDDEN
    sheet.freeze_panes = "H2"
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.protection = _LOCKED
        header.append(cell)
    sheet.append(header)
    styles = _CellStyles(sheet)
    for row in rows:
        sheet.append([_xlsx_cell(styles, row, column) for column in COLUMNS])
    last_row = len(rows) + 1
    if rows:
        _add_validations(sheet, last_row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    # Locked cells cannot be typed over; no password — it guards against slips, not people.
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), round_)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(name: str) -> str:
    return get_column_letter(HEADERS.index(name) + 1)


def _add_validations(sheet: Any, last_row: int) -> None:
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CODES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Status"),
        error=_("Choose a status code from the list."),
    )
    status.add(f"{_letter('status')}2:{_letter('status')}{last_row}")
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Percent complete"),
        error=_("A whole number from 0 to 100."),
    )
    percent.add(f"{_letter('percent')}2:{_letter('percent')}{last_row}")
    sheet.data_validations.append(status)
    sheet.data_validations.append(percent)


def _write_instructions(sheet: Any, round_: ReportingRound) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    bold = Font(bold=True)

    def line(first: Any = None, second: Any = None, strong: bool = False) -> None:
        cells = []
        for value in (first, second):
            cell = WriteOnlyCell(sheet, value=None if value is None else str(value))
            if cell.value is not None:
                cell.data_type = "s"
            cell.alignment = _WRAP
            if strong:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    line(_("Mufakat reporting template"), None, strong=True)
    line(_("Round"), f"{round_.pk} · {round_.title}")
    line(_("Due date"), round_.due_date.isoformat())
    line()
    line(_("How to fill it"), None, strong=True)
    for number, step in enumerate(
        (
            _("Fill the white cells of the sheet “reports”; grey cells are read-only."),
            _(
                "On each activity's row choose a status code, give the percent complete "
                "(a whole number 0–100, or leave it empty) and a short narrative."
            ),
            _("On the indicator rows under an activity, give each indicator's value."),
            _("Type values, not formulas: a cell holding a formula is refused."),
            _(
                "Upload the file on the round's page. Either every row is saved or, if any "
                "row has a problem, nothing is, and the page lists every problem by row "
                "and column."
            ),
            _(
                "Uploading the same file again changes nothing. If a colleague saved a report "
                "after you downloaded this file, that row conflicts: download a fresh template."
            ),
        ),
        start=1,
    ):
        line(str(number), step)
    line()
    line(_("Columns"), None, strong=True)
    for column in COLUMNS:
        line(column.name, column.help)
    line()
    line(_("Status codes"), None, strong=True)
    for code, label in ProgressStatus.choices:
        line(code, label)
