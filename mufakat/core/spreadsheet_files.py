"""Reading an uploaded spreadsheet into plain rows — XLSX or CSV, told apart by content.

The name of a file says nothing reliable about it (a CSV saved as ``.xlsx``, an old ``.xls``
renamed), so the type is read from the first bytes. Nothing here knows about reports or work
plans: an importer (:mod:`mufakat.monitoring.spreadsheets`, :mod:`mufakat.workplans.spreadsheet`)
gets a :class:`Sheet` of :class:`Cell` values with the row numbers a person sees in Excel, and
formulas kept as formulas so they can be refused rather than trusted; it reports what is wrong
as :class:`Problem` values, by sheet, row and column. Writing a workbook, :func:`text_cell`
keeps a text that starts like a formula a text (the formula-injection guard).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from mufakat.core import exports

XLSX = "xlsx"
CSV = "csv"

#: A spreadsheet's XML compresses well, but a ZIP that unpacks to more than this many times
#: the upload limit is a "zip bomb", not a template.
MAX_UNPACKED_RATIO = 40

#: More data rows than any template of ours could need (a party's part of a round, a work
#: plan's activities); reading stops there instead of filling memory.
MAX_ROWS = 100_000

#: Leading characters that make Excel treat a CSV cell as a formula (one list for every export,
#: in ``mufakat.core.exports``). Exports put an apostrophe before them (the usual CSV-injection
#: guard) and the reader takes it off again.
FORMULA_TRIGGERS = exports.FORMULA_TRIGGERS


class UnreadableFile(Exception):
    """The upload is not a spreadsheet we can read; the message says what to do instead."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row


@dataclass(frozen=True)
class Cell:
    """One cell: its value, or the formula or Excel error it holds instead."""

    value: Any = None
    formula: str = ""
    error: str = ""

    @property
    def is_blank(self) -> bool:
        if self.formula or self.error:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Sheet:
    """The table read from a file: its header cells and data rows, numbered as Excel shows."""

    name: str
    kind: str
    header: list[Cell] = field(default_factory=list)
    header_row: int = 1
    #: (row number as the user sees it, cells); blank rows are left out.
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def detect_kind(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` from the content, or :class:`UnreadableFile` saying what it is."""
    if data.startswith(b"PK\x03\x04"):
        return XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _(
                "This is an old Excel 97–2003 (.xls) or a password-protected workbook. "
                "Save it as an Excel workbook (.xlsx) without a password, or as CSV UTF-8."
            )
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile(_("This is a PDF file. Upload the XLSX or CSV template."))
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            _("This is not a spreadsheet (the file is binary). Upload an XLSX or CSV file.")
        )
    return CSV


def read_sheet(data: bytes, *, filename: str, prefer: str, max_unpacked: int) -> Sheet:
    """Read the sheet named ``prefer`` (or the first one) of an XLSX file, or a CSV file."""
    kind = detect_kind(data)
    if kind == XLSX:
        return _read_xlsx(data, prefer=prefer, max_unpacked=max_unpacked)
    return _read_csv(data, name=filename.rsplit("/", 1)[-1] or CSV)


# -- XLSX ------------------------------------------------------------------------------------------


def _check_package(data: bytes, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(
            _("This ZIP file is damaged. Save the workbook again as .xlsx and retry.")
        ) from exc
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        raise UnreadableFile(_("This is a Word document. Upload the XLSX or CSV template."))
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(
            _("This ZIP file is not an Excel workbook. Upload the XLSX or CSV template.")
        )
    if sum(info.file_size for info in infos) > max_unpacked:
        raise UnreadableFile(_("This workbook unpacks to too much data to be a template."))


def _xlsx_cell(cell: Any) -> Cell:
    data_type = getattr(cell, "data_type", "n")
    value = getattr(cell, "value", None)
    if data_type == "f":
        text = getattr(value, "text", None) or str(value)
        return Cell(formula=text if text.startswith("=") else "=" + text)
    if data_type == "e":
        return Cell(error=str(value))
    return Cell(value=value)


def _read_xlsx(data: bytes, *, prefer: str, max_unpacked: int) -> Sheet:
    sheets = _read_xlsx_sheets(data, names=(prefer,), max_unpacked=max_unpacked, first=True)
    return next(iter(sheets.values()))


def read_workbook(data: bytes, *, names: Sequence[str], max_unpacked: int) -> dict[str, Sheet]:
    """The sheets called ``names`` of an XLSX file (those it has), by name.

    A CSV file, or anything else, is refused: a workbook of several sheets cannot be one.
    """
    if detect_kind(data) != XLSX:
        raise UnreadableFile(
            _("This is not an Excel workbook (.xlsx). Upload the workbook you downloaded.")
        )
    return _read_xlsx_sheets(data, names=names, max_unpacked=max_unpacked, first=False)


def _read_xlsx_sheets(
    data: bytes, *, names: Sequence[str], max_unpacked: int, first: bool
) -> dict[str, Sheet]:
    """Named sheets; with ``first``, the first sheet stands in when none has a wanted name."""
    from openpyxl import load_workbook  # loaded with the first workbook, not by every worker

    _check_package(data, max_unpacked)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # an untrusted file can break the parser in many ways
        raise UnreadableFile(
            _("This workbook cannot be read. Save it again as .xlsx and retry.")
        ) from exc
    try:
        if not workbook.worksheets:
            raise UnreadableFile(_("The workbook has no worksheet."))
        worksheets = [workbook[name] for name in names if name in workbook.sheetnames]
        if not worksheets and first:
            worksheets = [workbook.worksheets[0]]
        sheets = {}
        for worksheet in worksheets:
            # Dimensions written by other tools are often wrong; read the cells actually there.
            worksheet.reset_dimensions()
            sheet = Sheet(name=worksheet.title, kind=XLSX)
            for index, raw_row in enumerate(worksheet.iter_rows(), start=1):
                _add_row(sheet, index, [_xlsx_cell(cell) for cell in raw_row])
            sheets[sheet.name] = sheet
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(
            _("This workbook cannot be read. Save it again as .xlsx and retry.")
        ) from exc
    finally:
        workbook.close()
    return sheets


# -- CSV -------------------------------------------------------------------------------------------


def _unescape(text: str) -> str:
    """Take off the apostrophe an export put before a leading ``=``, ``+``, ``-`` or ``@``."""
    if text.startswith("'") and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _csv_cell(text: str) -> Cell:
    if text.startswith("="):
        return Cell(formula=text)
    return Cell(value=_unescape(text))


def _delimiter(text: str) -> str:
    """Comma or semicolon (Excel in many locales saves CSV with semicolons), from the header."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _read_csv(data: bytes, *, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            _(
                "This CSV file is not UTF-8 text. In Excel choose “Save as” › "
                "“CSV UTF-8 (comma delimited)”, or upload the XLSX template."
            ),
            sheet=name,
        ) from exc
    sheet = Sheet(name=name, kind=CSV)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    index = 0
    try:
        for index, values in enumerate(reader, start=1):
            _add_row(sheet, index, [_csv_cell(value) for value in values])
    except csv.Error as exc:
        raise UnreadableFile(
            _("The CSV file is broken after row %(row)s: %(error)s.")
            % {"row": index, "error": exc},
            sheet=name,
            row=index + 1,
        ) from exc
    return sheet


def _add_row(sheet: Sheet, index: int, cells: list[Cell]) -> None:
    if not sheet.header:
        if all(cell.is_blank for cell in cells):
            return  # leading blank rows before the header
        sheet.header = cells
        sheet.header_row = index
        return
    if all(cell.is_blank for cell in cells):
        return
    if len(sheet.rows) >= MAX_ROWS:
        raise UnreadableFile(
            _("The sheet has more than %(max)s rows; split the file and upload the parts.")
            % {"max": MAX_ROWS},
            sheet=sheet.name,
            row=index,
        )
    sheet.rows.append((index, cells))


# -- cell values as text ---------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell value as the text a person typed: 12 not 12.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# -- problems, by sheet, row and column ------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, where a person finds it in the file."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def column_letter(number: int) -> str:
    """The spreadsheet letter of a 1-based column (openpyxl loads with the first upload)."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _column_index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letter))


def problem_sort_key(problem: Problem) -> tuple[int, int, str]:
    """Problems in reading order: by row, then by column as they stand in the sheet (a column
    is named ``"name (C)"``)."""
    letter = problem.column.rsplit("(", 1)[-1].rstrip(")") if "(" in problem.column else ""
    try:
        column_index = _column_index(letter) if letter else 0
    except ValueError:
        column_index = 0
    return (problem.row or 0, column_index, problem.message)


# -- writing ---------------------------------------------------------------------------------------


def xlsx_value(value: Any) -> Any:
    """A value openpyxl can store: control characters XML refuses are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def text_cell(sheet: Any, value: Any) -> Any:
    """A write-only cell holding ``value``; a text stays text even when it starts with ``=``
    (so a title like "=SUM(...)" is never turned into a formula: the injection guard)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=xlsx_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell
