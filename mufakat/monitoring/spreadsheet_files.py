"""Moved to :mod:`mufakat.core.spreadsheet_files` (work plans read workbooks too); kept so code
that imports the old name still works."""

from mufakat.core.spreadsheet_files import (
    CSV,
    FORMULA_TRIGGERS,
    MAX_ROWS,
    MAX_UNPACKED_RATIO,
    XLSX,
    Cell,
    Sheet,
    UnreadableFile,
    cell_text,
    detect_kind,
    read_sheet,
)

__all__ = [
    "CSV",
    "FORMULA_TRIGGERS",
    "MAX_ROWS",
    "MAX_UNPACKED_RATIO",
    "XLSX",
    "Cell",
    "Sheet",
    "UnreadableFile",
    "cell_text",
    "detect_kind",
    "read_sheet",
]
