"""Plain text out of attachments, for search: PDF (pypdf), DOCX (python-docx, paragraphs and
tables) and XLSX (openpyxl, read-only, cell values). Images carry no text we can read.

The stored text is capped (``MAX_TEXT_CHARS``) so one huge document cannot swell the index, and
ZIP packages are checked for bombs again before a parser opens them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

from mufakat.core.uploads import DOCX, PDF, XLSX, package_is_safe

#: At most this much text is kept per attachment (about 1 MB).
MAX_TEXT_CHARS = 1_000_000
#: Pages of a PDF read at most (text beyond is rarely what people search for).
MAX_PDF_PAGES = 2000
#: Spreadsheet cells read at most.
MAX_XLSX_CELLS = 500_000


class NoText(Exception):
    """The file has no text we know how to extract (an image, an unknown type)."""


class UnsafePackage(Exception):
    """A DOCX/XLSX whose ZIP directory fails the zip-bomb checks."""


def _capped(parts: Iterator[str]) -> str:
    out: list[str] = []
    total = 0
    for part in parts:
        if not part:
            continue
        out.append(part)
        total += len(part) + 1
        if total >= MAX_TEXT_CHARS:
            break
    return "\n".join(out)[:MAX_TEXT_CHARS]


def _pdf(data: IO[bytes]) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(data)
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            return
        yield (page.extract_text() or "").strip()


def _docx(data: IO[bytes]) -> Iterator[str]:
    from docx import Document

    document = Document(data)
    for paragraph in document.paragraphs:
        yield paragraph.text.strip()
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and (not cells or cells[-1] != text):  # merged cells repeat
                    cells.append(text)
            yield " | ".join(cells)


def _xlsx(data: IO[bytes]) -> Iterator[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(data, read_only=True, data_only=True)
    seen = 0
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                values = [str(v).strip() for v in row if v not in (None, "")]
                seen += len(row)
                if values:
                    yield " ".join(values)
                if seen >= MAX_XLSX_CELLS:
                    return
    finally:
        workbook.close()


def extract_text(content: bytes, content_type: str) -> str:
    """The text of a file of ``content_type``; raises :class:`NoText` when there is none to read
    and lets parser errors through for the caller to record."""
    if content_type in (DOCX, XLSX) and not package_is_safe(io.BytesIO(content)):
        raise UnsafePackage(content_type)
    if content_type == PDF:
        return _capped(_pdf(io.BytesIO(content)))
    if content_type == DOCX:
        return _capped(_docx(io.BytesIO(content)))
    if content_type == XLSX:
        return _capped(_xlsx(io.BytesIO(content)))
    raise NoText(content_type)
