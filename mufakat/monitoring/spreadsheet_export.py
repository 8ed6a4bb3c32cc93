"""The round as a file to fill offline: XLSX (locked keys, dropdowns, instructions) or CSV.

Every row comes from ``ProgressReport.objects.visible_to(user)``, so a template never holds a
report its reader could not open; last round's figures stand alongside, read-only.
"""

from __future__ import annotations

import csv
import io
from copy import copy
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mufakat.monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
)
from mufakat.monitoring.permissions import (
    can_import_spreadsheet,
    can_manage_rounds,
    is_focal_point,
)
from mufakat.monitoring.services import EDITABLE_STATES
from mufakat.monitoring.spreadsheet_files import CSV, FORMULA_TRIGGERS, XLSX, cell_text
from mufakat.monitoring.spreadsheet_layout import (
    COLUMNS,
    FORMATS,
    HEADERS,
    INSTRUCTIONS_SHEET,
    SHEET,
    STATUS_CODES,
    Column,
    Kind,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Indicator


def _export_party(user: Any, round_: ReportingRound, party: Party | str | None) -> Party | None:
    code = party.code if isinstance(party, Party) else (party or "").strip().upper()
    if can_manage_rounds(user):
        if not code:
            return None
        found = round_.reporting_parties.filter(code=code).first()
        if found is None:
            raise ValidationError({"party": _("%s does not report in this round.") % code})
        return found
    if not can_import_spreadsheet(user, round_):
        raise PermissionDenied(_("Only the parties reporting in this round download it."))
    if code and code != user.party.code:
        raise PermissionDenied(_("You report for %s only.") % user.party.code)
    return user.party


@dataclass
class TemplateRow:
    values: dict[str, Any]
    is_indicator: bool
    editable: bool


def _status_cell(report: ProgressReport | None) -> str:
    return report.status if report is not None else ""


def _value_text(value: IndicatorValue | None) -> Any:
    if value is None:
        return None
    number = value.numeric_value
    if number is not None:
        # A plain number for Excel: 35, 12.5 (never Decimal("1E+2")).
        return int(number) if number == number.to_integral_value() else float(number)
    return value.text_value or None


def _indicator_title(indicator: Indicator) -> str:
    details = [indicator.get_kind_display().lower()]
    if indicator.unit:
        details.append(indicator.unit)
    if indicator.baseline or indicator.target:
        details.append(
            _("baseline %(baseline)s, target %(target)s")
            % {"baseline": indicator.baseline or "—", "target": indicator.target or "—"}
        )
    return f"↳ {indicator.name} ({'; '.join(details)})"


def _reports_for_template(
    user: Any, round_: ReportingRound, party: Party | None
) -> list[ProgressReport]:
    reports = ProgressReport.objects.visible_to(user).filter(round=round_)
    if party is not None:
        reports = reports.filter(party=party)
    return list(
        reports.select_related("activity", "party", "instrument", "priority_area")
        .prefetch_related(
            Prefetch(
                "activity__indicators",
                queryset=Indicator.objects.visible_to(user).order_by("pk"),
            ),
            Prefetch("indicator_values", queryset=IndicatorValue.objects.visible_to(user)),
        )
        .order_by("instrument__key", "priority_area__position", "activity__code", "party__code")
    )


def _previous_reports(
    user: Any, round_: ReportingRound, reports: list[ProgressReport]
) -> dict[tuple[int, int], ProgressReport]:
    """The same activity × party in the previous round, where the user may read it."""
    if round_.previous_id is None or not reports:
        return {}
    previous = (
        ProgressReport.objects.visible_to(user)
        .filter(round_id=round_.previous_id, party_id__in={r.party_id for r in reports})
        .prefetch_related(
            Prefetch("indicator_values", queryset=IndicatorValue.objects.visible_to(user))
        )
    )
    return {(r.activity_id, r.party_id): r for r in previous}


def template_rows(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | None = None,
) -> list[TemplateRow]:
    """The rows of the template, report rows each followed by their indicator rows."""
    reports = _reports_for_template(user, round, party)
    previous = _previous_reports(user, round, reports)
    open_for_user = round.status == ReportingRound.Status.OPEN and is_focal_point(user)
    rows: list[TemplateRow] = []
    for report in reports:
        before = previous.get((report.activity_id, report.party_id))
        editable = (
            open_for_user and report.party_id == user.party_id and report.state in EDITABLE_STATES
        )
        keys = {
            "round": round.pk,
            "instrument": report.instrument.key,
            "priority_area": report.priority_area.position,
            "activity": report.activity.code,
            "party": report.party.code,
            "state": report.state,
            "lock_version": report.lock_version,
        }
        rows.append(
            TemplateRow(
                values={
                    **keys,
                    "indicator": None,
                    "title": report.activity.title,
                    "status": report.status,
                    "percent": report.percent,
                    "narrative": report.narrative,
                    "previous_status": _status_cell(before),
                    "previous_percent": before.percent if before else None,
                    "previous_narrative": before.narrative if before else "",
                },
                is_indicator=False,
                editable=editable,
            )
        )
        values = {v.indicator_id: v for v in report.indicator_values.all()}
        previous_values = (
            {v.indicator_id: v for v in before.indicator_values.all()} if before else {}
        )
        for indicator in report.activity.indicators.all():
            rows.append(
                TemplateRow(
                    values={
                        **keys,
                        "indicator": indicator.pk,
                        "title": _indicator_title(indicator),
                        "value": _value_text(values.get(indicator.pk)),
                        "previous_value": _value_text(previous_values.get(indicator.pk)),
                    },
                    is_indicator=True,
                    editable=editable,
                )
            )
    return rows


def template_filename(round_: ReportingRound, party: Party | None, fmt: str) -> str:
    return f"mufakat-round-{round_.pk}-{party.code if party else 'all'}.{fmt}"


def export_round_file(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | str | None = None,
    fmt: str = XLSX,
) -> tuple[bytes, str]:
    """The template and the name to save it under (which says whose part of the round)."""
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose the format xlsx or csv.")})
    chosen = _export_party(user, round, party)
    rows = template_rows(user=user, round=round, party=chosen)
    content = _csv_bytes(rows) if fmt == CSV else _xlsx_bytes(round, rows)
    return content, template_filename(round, chosen, fmt)


def export_round_template(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | str | None = None,
    fmt: str = XLSX,
) -> bytes:
    """The round (the user's party's part of it, or all of it for the Secretariat) as a file
    to fill offline and upload with :func:`~mufakat.monitoring.spreadsheets.import_round_file`.
    """
    content, _filename = export_round_file(user=user, round=round, party=party, fmt=fmt)
    return content


def _csv_text(value: Any) -> str:
    text = cell_text(value) if not isinstance(value, str) else value
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text  # so Excel shows it as text instead of running it
    return text


def _csv_bytes(rows: list[TemplateRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_text(row.values.get(name)) for name in HEADERS])
    # A byte-order mark, so Excel opens the file as UTF-8 rather than the local code page.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7EE")
_READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


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
    cell = WriteOnlyCell(styles.sheet, value=_xlsx_value(row.values.get(column.name)))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a narrative starting with "=" stays text, never a formula
    cell._style = styles.array(
        editable=_cell_is_editable(row, column),
        wrap=column.width >= 40,
        whole_number=column.name in ("percent", "previous_percent"),
    )
    return cell


def _xlsx_bytes(round_: ReportingRound, rows: list[TemplateRow]) -> bytes:
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
