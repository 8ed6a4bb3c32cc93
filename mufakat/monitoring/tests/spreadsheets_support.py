"""Building and inspecting spreadsheet files in the spreadsheet tests.

Tests download a real template, change cells the way a person would in Excel (by column name
and by the row's activity/party/indicator), and write the file back as XLSX or CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

from mufakat.audit.models import AuditEvent
from mufakat.monitoring.models import IndicatorValue, ProgressReport, ReportVersion


def read_rows(content: bytes, sheet: str = "reports") -> list[list[Any]]:
    """The cell values of an XLSX sheet, header first."""
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]


def read_csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_file(rows: list[list[Any]], sheet: str = "reports") -> bytes:
    """A workbook as a person saves it: strings starting with "=" become formulas."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list[Any]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def find_row(rows: list[list[Any]], activity: str, party: str, indicator: Any = None) -> int:
    """Index in ``rows`` of the row for this activity × party (× indicator id)."""
    header = rows[0]
    a, p, i = header.index("activity"), header.index("party"), header.index("indicator")
    for index, row in enumerate(rows[1:], start=1):
        same_indicator = str(row[i] or "") == str(indicator or "")
        if row[a] == activity and row[p] == party and same_indicator:
            return index
    raise AssertionError(f"no row for {activity} {party} {indicator}")


def set_cell(
    rows: list[list[Any]], activity: str, party: str, column: str, value: Any, indicator: Any = None
) -> None:
    rows[find_row(rows, activity, party, indicator)][rows[0].index(column)] = value


def get_cell(
    rows: list[list[Any]], activity: str, party: str, column: str, indicator: Any = None
) -> Any:
    return rows[find_row(rows, activity, party, indicator)][rows[0].index(column)]


@dataclass(frozen=True)
class Stored:
    """Everything an import could write, to show that a refused file wrote nothing."""

    reports: tuple[tuple[Any, ...], ...]
    values: tuple[tuple[Any, ...], ...]
    versions: int
    audit_events: int

    @classmethod
    def now(cls) -> Stored:
        return cls(
            reports=tuple(
                ProgressReport.objects.order_by("pk").values_list(
                    "pk", "status", "percent", "narrative", "state", "lock_version"
                )
            ),
            values=tuple(
                IndicatorValue.objects.order_by("pk").values_list(
                    "pk", "numeric_value", "text_value", "lock_version"
                )
            ),
            versions=ReportVersion.objects.count(),
            audit_events=AuditEvent.objects.count(),
        )


def problems(result: Any) -> list[tuple[str, int | None, str, str]]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]
