"""Writing a work plan (or a blank template) as an XLSX workbook with dropdowns.

Imported only when a workbook is written, so a web worker that never writes one does not load
openpyxl. Texts go through :func:`~mufakat.core.spreadsheet_files.text_cell`, so a title that
starts with ``=`` stays a text and never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mufakat.core.spreadsheet_files import text_cell
from mufakat.workplans.models import Indicator, Instrument
from mufakat.workplans.spreadsheet import frameworks, layout
from mufakat.workplans.spreadsheet.layout import Column
from mufakat.workplans.spreadsheet.plan import Plan, show
from mufakat.workplans.spreadsheet.selectors import Codes

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
#: Rows below the last one that still get the dropdowns, for rows a person adds.
SPARE_ROWS = 500


def _header(sheet: Any, columns: Sequence[Column]) -> None:
    _names(sheet, [(column.name, column.width) for column in columns])


def _names(sheet: Any, columns: Sequence[tuple[str, int]]) -> None:
    cells = []
    for index, (name, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cells.append(cell)
    sheet.append(cells)
    sheet.freeze_panes = "A2"


def _row(sheet: Any, values: Iterable[Any]) -> None:
    sheet.append([text_cell(sheet, _cell(value)) for value in values])


def _cell(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return ", ".join(value) or None
    return None if value == "" else value


def _list(
    sheet: Any,
    column: int,
    last_row: int,
    source: str,
    *,
    title: str,
    strict: bool = True,
) -> None:
    """A dropdown on a column; ``strict=False`` where a cell may hold several codes (the list
    helps to pick one, and the upload checks them all)."""
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle=title,
        error=_("Choose a code from the list."),
    )
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.data_validations.append(validation)


def _range(sheet: str, column: str, count: int) -> str:
    return f"{sheet}!${column}$2:${column}${max(count, 1) + 1}"


def workbook_bytes(
    *, plan: Plan, codes: Codes, version: int | None, instrument: Instrument | None
) -> bytes:
    """The workbook of ``plan`` (an empty plan: the blank template)."""
    with_frameworks = bool(codes.frameworks) or any(a.frameworks for a in plan.activities.values())
    workbook = Workbook(write_only=True)
    _instructions(workbook.create_sheet(layout.INSTRUCTIONS), codes, with_frameworks)

    header = workbook.create_sheet(layout.INSTRUMENT)
    _names(header, (("field", 14), ("value", 60), ("help", 60)))
    for column in layout.INSTRUMENT_FIELDS:
        value = version if column.name == "version" else plan.header.get(column.name)
        _row(header, (column.name, value, str(column.help)))
    kind_row = 1 + [c.name for c in layout.INSTRUMENT_FIELDS].index("kind") + 1
    kinds = DataValidation(
        type="list",
        formula1=_range(layout.CODES, "F", len(Instrument.Kind.values)),
        allow_blank=False,
        showErrorMessage=True,
    )
    kinds.add(f"B{kind_row}")
    header.data_validations.append(kinds)

    areas = workbook.create_sheet(layout.AREAS)
    _header(areas, layout.AREA_COLUMNS)
    for area in plan.areas.values():
        _row(areas, (area.number, area.title, area.description, area.crime_areas))
    last = len(plan.areas) + 1 + SPARE_ROWS
    _list(
        areas,
        4,
        last,
        _range(layout.CODES, "C", len(codes.crime_areas)),
        title=_("Crime areas"),
        strict=False,
    )

    activity_columns = layout.activity_columns(with_frameworks)
    activities = workbook.create_sheet(layout.ACTIVITIES)
    _header(activities, activity_columns)
    for a in plan.activities.values():
        values: list[Any] = [
            a.code,
            a.priority_area,
            a.title,
            a.description,
            a.lead_parties,
            a.participating_parties,
            a.start_year,
            a.end_year,
            a.outputs,
        ]
        if with_frameworks:
            values.append(frameworks.SEPARATOR.join(a.frameworks))
        _row(activities, values)
    last = len(plan.activities) + 1 + SPARE_ROWS
    _list(
        activities,
        2,
        last,
        _range(layout.AREAS, "A", len(plan.areas) + SPARE_ROWS),
        title=_("Priority area"),
    )
    parties = _range(layout.CODES, "A", len(codes.parties))
    _list(activities, 5, last, parties, title=_("Lead parties"), strict=False)
    _list(activities, 6, last, parties, title=_("Participating parties"), strict=False)
    if with_frameworks:
        _list(
            activities,
            len(activity_columns),
            last,
            _range(layout.CODES, "G", len(codes.frameworks)),
            title=_("Frameworks"),
            strict=False,
        )

    indicators = workbook.create_sheet(layout.INDICATORS)
    _header(indicators, layout.INDICATOR_COLUMNS)
    count = 0
    for items in plan.indicators.values():
        for i in items:
            count += 1
            _row(indicators, (i.activity, i.name, i.kind, i.unit, i.baseline, i.target))
    last = count + 1 + SPARE_ROWS
    _list(
        indicators,
        1,
        last,
        _range(layout.ACTIVITIES, "A", len(plan.activities) + SPARE_ROWS),
        title=_("Activity"),
    )
    _list(
        indicators,
        3,
        last,
        _range(layout.CODES, "E", len(Indicator.Kind.values)),
        title=_("Kind"),
    )

    _codes_sheet(workbook.create_sheet(layout.CODES), codes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _codes_sheet(sheet: Any, codes: Codes) -> None:
    sheet.sheet_state = "hidden"
    columns = (
        "party",
        "party_name",
        "crime_area",
        "crime_area_name",
        "indicator_kind",
        "instrument_kind",
        "framework",
        "framework_title",
    )
    sheet.append(columns)
    lists: list[list[Any]] = [
        list(codes.parties),
        list(codes.parties.values()),
        list(codes.crime_areas),
        list(codes.crime_areas.values()),
        list(Indicator.Kind.values),
        list(Instrument.Kind.values),
        list(codes.frameworks),
        list(codes.frameworks.values()),
    ]
    for index in range(max(len(values) for values in lists)):
        _row(sheet, (values[index] if index < len(values) else None for values in lists))


def _instructions(sheet: Any, codes: Codes, with_frameworks: bool) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100

    def line(first: Any = None, second: Any = None, strong: bool = False) -> None:
        cells = []
        for value in (first, second):
            cell = text_cell(sheet, None if value is None else str(value))
            cell.alignment = _WRAP
            if strong:
                cell.font = _HEADER_FONT
            cells.append(cell)
        sheet.append(cells)

    line(_("Work plan workbook"), None, strong=True)
    line()
    line(_("How to use it"), None, strong=True)
    steps = (
        _(
            "Change the cells of the sheets “instrument”, “priority_areas”, “activities” and "
            "“indicators”; keep row 1 of each sheet (the column names) as it is."
        ),
        _(
            "To add a priority area, activity or indicator, fill a new row at the bottom of its "
            "sheet. To remove one, delete its whole row. An activity that has progress reports "
            "cannot be removed."
        ),
        _(
            "An activity names its priority area by number; an indicator names its activity by "
            "code. Codes come from the dropdowns; several codes in one cell are separated by "
            "commas."
        ),
        _("Type values, not formulas: a cell holding a formula is refused."),
        _(
            "Upload the file on the instrument's page. You first see every addition, change "
            "and removal; nothing is saved until you confirm. If any row has a problem, nothing "
            "is saved and every problem is listed by sheet, row and column."
        ),
        _(
            "If someone changes the instrument between your preview and your confirmation, the "
            "confirmation is refused: upload your file again to see the changes against the "
            "current plan."
        ),
    )
    for number, step in enumerate(steps, start=1):
        line(str(number), step)
    line()
    sheets: list[tuple[str, Sequence[Column]]] = [
        (layout.INSTRUMENT, layout.INSTRUMENT_FIELDS),
        (layout.AREAS, layout.AREA_COLUMNS),
        (layout.ACTIVITIES, layout.activity_columns(with_frameworks)),
        (layout.INDICATORS, layout.INDICATOR_COLUMNS),
    ]
    for name, columns in sheets:
        line(_("Sheet “%s”") % name, None, strong=True)
        for column in columns:
            required = _("required") if column.required else _("optional")
            line(column.name, f"{column.help} ({required})")
        line()
    line(_("Instrument kinds"), None, strong=True)
    for code, label in Instrument.Kind.choices:
        line(code, label)
    line()
    line(_("Indicator kinds"), None, strong=True)
    for code, label in Indicator.Kind.choices:
        line(code, label)
    line()
    line(_("Crime areas"), None, strong=True)
    for code, name in codes.crime_areas.items():
        line(code, name)
    line()
    line(_("Parties"), None, strong=True)
    for code, name in codes.parties.items():
        line(code, name)
    if with_frameworks and codes.frameworks:
        line()
        line(_("Framework items"), None, strong=True)
        for code, title in codes.frameworks.items():
            line(code, show(title))
