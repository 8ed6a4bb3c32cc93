"""Bulk reporting offline: a round as an XLSX or CSV template, and its all-or-nothing upload.

Many focal points still collect figures from colleagues by e-mail and fill them in a
spreadsheet; this lets them download their part of a round, fill it offline and upload it.
The upload is checked as a whole and written in one transaction through
:func:`mufakat.monitoring.services.save_report` (the same rules as the web form), so a bad row
means nothing is written, and every problem is listed by sheet, row and column.

Layout (sheet ``reports`` of the workbook; a CSV file has the same columns)
---------------------------------------------------------------------------

Row 1 holds the column names below; each following row is either a **report row** (one per
activity × party, ``indicator`` empty) or an **indicator row** (right under its report row,
``indicator`` = the indicator's id). Columns are found by name, so they may be reordered;
columns marked *read-only* may also be deleted, the others are required.

==================  =========  ======================================================
column              kind       content
==================  =========  ======================================================
round               key        the round's number (all rows: this round)
instrument          key        the instrument's key, e.g. ``asean-japan-wp-2023``
priority_area       read-only  the priority area's position in the instrument
activity            key        the activity code, e.g. ``CT-1`` (unique per instrument)
party               key        the reporting party's code, e.g. ``IDN``
indicator           key        indicator id on indicator rows; empty on report rows
title               read-only  activity title, or indicator name, unit, baseline, target
state               read-only  workflow: draft, submitted, returned, accepted
status              to fill    a status code (see :data:`STATUS_CODES`); report rows
percent             to fill    whole number 0–100, or empty; report rows
narrative           to fill    free text; report rows
value               to fill    the indicator's value (a number for numeric ones)
previous_status     read-only  the same report in the previous round
previous_percent    read-only  …
previous_narrative  read-only  …
previous_value      read-only  … (indicator rows)
lock_version        key        hidden; the report's version when downloaded
==================  =========  ======================================================

``lock_version`` makes an upload based on an outdated download conflict (per row) instead of
overwriting a colleague's newer save. A row whose values equal what is stored changes nothing,
so uploading the same file twice is harmless.
"""

from __future__ import annotations

from mufakat.core.spreadsheet_files import CSV, XLSX
from mufakat.monitoring.spreadsheet_export import (
    export_round_file,
    export_round_template,
    template_rows,
)
from mufakat.monitoring.spreadsheet_import import ImportResult, Problem, import_round_file
from mufakat.monitoring.spreadsheet_layout import (
    COLUMNS,
    CONTENT_TYPES,
    FORMATS,
    HEADERS,
    REQUIRED,
    SHEET,
    STATUS_CHOICES,
    STATUS_CODES,
    max_import_bytes,
    round_for_user,
    round_mb,
)

__all__ = [
    "COLUMNS",
    "CONTENT_TYPES",
    "CSV",
    "FORMATS",
    "HEADERS",
    "REQUIRED",
    "SHEET",
    "STATUS_CHOICES",
    "STATUS_CODES",
    "XLSX",
    "ImportResult",
    "Problem",
    "export_round_file",
    "export_round_template",
    "import_round_file",
    "max_import_bytes",
    "round_for_user",
    "round_mb",
    "template_rows",
]
