"""Helpers of the work plan workbook tests: download, edit with openpyxl as a person would,
and save the workbook again."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from mufakat.workplans.models import Instrument
from mufakat.workplans.spreadsheet import services


def download(user: Any, instrument: Instrument | None) -> bytes:
    content, _name = services.workbook_for(user=user, instrument=instrument)
    return content


def edited(content: bytes, change: Callable[[Workbook], None]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows(workbook: Workbook, sheet: str) -> list[dict[str, Any]]:
    ws = workbook[sheet]
    values = list(ws.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


def row_of(workbook: Workbook, sheet: str, column: str, value: Any) -> int:
    """The Excel row number whose ``column`` holds ``value``."""
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    index = header.index(column)
    for row in ws.iter_rows(min_row=2):
        if row[index].value == value:
            return int(row[index].row)
    raise LookupError(value)


def set_cell(workbook: Workbook, sheet: str, row: int, column: str, value: Any) -> None:
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)


def append(workbook: Workbook, sheet: str, values: dict[str, Any]) -> int:
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    row = _last_row(ws) + 1
    for name, value in values.items():
        ws.cell(row=row, column=header.index(name) + 1, value=value)
    return row


def set_field(workbook: Workbook, name: str, value: Any) -> None:
    ws = workbook["instrument"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == name:
            row[1].value = value
            return
    raise LookupError(name)


def _last_row(ws: Any) -> int:
    last = 1
    for row in ws.iter_rows(min_row=2):
        if any(c.value not in (None, "") for c in row):
            last = row[0].row
    return last
