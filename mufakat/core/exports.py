"""Lists as files: CSV and JSON of exactly the rows a list page shows, streamed.

Each app declares its columns next to its selectors (``<app>/exports.py``); its export view
parses the query string as the list page does, calls the same selector (so the export cannot
drift from the page, and every row passed the gate) and hands the queryset to
:func:`export_response`. Rows are read in chunks (``.iterator(chunk_size=…)``, with the
queryset's prefetches run per chunk, and an optional ``prepare`` per chunk for what a
prefetch cannot do), written as they are read, so memory stays flat however long the list.

Formats:

- CSV: UTF-8 with a byte-order mark (Excel opens a CSV without one in the local code page and
  garbles Thai, Khmer, Lao, Burmese or Vietnamese names), one header row of the columns' names,
  ``;``-separated lists, and every text cell a spreadsheet would run as a formula neutralised
  (:func:`neutralise`).
- JSON: one array of objects (``application/json``), keyed by the same column names, written
  row by row; lists are arrays, empty values ``null``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import get_language

from mufakat.core.title_translations import title_fields, translated_title

T = TypeVar("T")

CSV = "csv"
JSON = "json"
FORMATS = (CSV, JSON)
CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", JSON: "application/json"}

#: Rows read per statement; a chunk's prefetches and ``prepare`` run once per chunk.
DEFAULT_CHUNK = 2000

#: Leading characters that make a spreadsheet treat a cell as a formula (OWASP, "CSV
#: Injection"): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)

#: Lists in one CSV cell are joined with this.
LIST_SEPARATOR = "; "

#: How much text is gathered before it is sent.
_FLUSH_AT = 64 * 1024


def neutralise(text: str) -> str:
    """``text`` with an apostrophe before it if a spreadsheet would run it as a formula: the
    spreadsheet then shows it as text. Numbers we write ourselves are never text, so a
    negative number stays a number."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


@dataclass(frozen=True)
class Column:
    """One column of an export: a stable name (the CSV header and the JSON key, documented
    for users and never translated) and how a row gives its value.

    A value is text, a number, a bool, a date, ``None`` or a list of those."""

    name: str
    value: Callable[[Any], Any]


def title_columns() -> tuple[Column, Column]:
    """``title`` as recorded and ``display_title`` in the reader's language (the record's
    translation when it has one) — for meetings, instruments and knowledge items, as the API."""
    return (
        Column("title", lambda row: title_fields(row)["title"]),
        Column("display_title", translated_title),
    )


def chunk_size() -> int:
    return int(getattr(settings, "MUFAKAT_EXPORT_CHUNK", DEFAULT_CHUNK))


def in_chunks(
    rows: QuerySet[Any],
    *,
    prepare: Callable[[list[Any]], Iterable[Any]] | None = None,
    size: int | None = None,
) -> Iterator[Any]:
    """The rows of ``rows``, read ``size`` at a time: the queryset's own prefetches run once per
    chunk (Django does that for ``iterator(chunk_size=…)``), then ``prepare`` on the chunk
    (e.g. to read the references of its rows with one statement)."""
    size = size or chunk_size()
    chunk: list[Any] = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) >= size:
            yield from prepare(chunk) if prepare else chunk
            chunk = []
    if chunk:
        yield from prepare(chunk) if prepare else chunk


def filename(name: str, fmt: str) -> str:
    """``mufakat-meetings-2026-12-07.csv``: what, and on which day it was taken."""
    return f"mufakat-{name}-{timezone.localdate().isoformat()}.{fmt}"


def format_of(fmt: str) -> str:
    """The format asked for in the address; anything else is no such address."""
    if fmt not in FORMATS:
        raise Http404
    return fmt


def export_response(
    rows: Iterable[Any], columns: Sequence[Column], *, fmt: str, name: str
) -> StreamingHttpResponse:
    """The rows as a streamed download in ``fmt`` (``csv`` or ``json``)."""
    fmt = format_of(fmt)
    body = csv_lines(rows, columns) if fmt == CSV else json_lines(rows, columns)
    body = _in_language(body, get_language())
    response = StreamingHttpResponse(_encoded(body), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(name, fmt)}"'
    response["Cache-Control"] = "private, no-store"  # what one reader may see, as of now
    return response


def export_query(request: HttpRequest) -> str:
    """The list page's query string without its page number: the export lists every page."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# -- writing -------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    kind = type(value)
    if kind is str:  # most cells: checked first
        return value if not value or value[0] not in _TRIGGER_SET else "'" + value
    if kind is int:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise(LIST_SEPARATOR.join(str(_csv_cell(v)) for v in value))
    return neutralise(str(value))


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)


class _Lines:
    """A file for ``csv.writer`` that keeps what it is given until it is taken."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


def csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    """The CSV text in pieces: the byte-order mark and header first, then the rows."""
    out = _Lines()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(column.value(row)) for column in columns])
        if out.size >= _FLUSH_AT:
            yield out.take()
    yield out.take()


def json_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    """One JSON array in pieces, an object per row."""
    out = _Lines()
    out.write("[")
    separator = "\n"
    for row in rows:
        record = {column.name: _json_value(column.value(row)) for column in columns}
        out.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
        if out.size >= _FLUSH_AT:
            yield out.take()
    out.write("\n]\n")
    yield out.take()


def _in_language(pieces: Iterator[str], language: str | None) -> Iterator[str]:
    """The rows are written after the view returned: in the language of the request."""
    with translation.override(language):
        yield from pieces


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    encoder = codecs.getincrementalencoder("utf-8")()
    for piece in pieces:
        if piece:
            yield encoder.encode(piece)
