"""The work plan workbook's layout, shared by the download and the upload.

Sheets (a blank template has the same ones, with no rows):

``instructions``
    what each sheet and column holds, the codes allowed, how to add and remove rows.
``instrument``
    one row per field of the instrument (``field`` | ``value``): key, title, kind, years …
``priority_areas``
    one row per priority area; ``number`` identifies it (activities name it).
``activities``
    one row per activity; ``code`` identifies it within the instrument.
``indicators``
    one row per indicator, under the ``activity`` code it measures.
``codes`` (hidden)
    the codes the dropdowns offer: parties, crime areas, indicator kinds, instrument kinds.

Columns are found by name (row 1), so they may be reordered. Several codes in one cell are
separated by commas.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INSTRUCTIONS = "instructions"
INSTRUMENT = "instrument"
AREAS = "priority_areas"
ACTIVITIES = "activities"
INDICATORS = "indicators"
CODES = "codes"
DATA_SHEETS = (INSTRUMENT, AREAS, ACTIVITIES, INDICATORS)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "MUFAKAT_WORKPLAN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Column:
    name: str
    help: Promise
    required: bool = False
    width: int = 14
    #: Several codes separated by commas.
    many: bool = False


INSTRUMENT_FIELDS: tuple[Column, ...] = (
    Column("key", _("A short stable identifier: lower-case letters, digits and hyphens."), True),
    Column("title", _("The full title."), True),
    Column("short_title", _("A short title, optional.")),
    Column("kind", _("The kind of instrument: a code from the list."), True),
    Column("start_year", _("The first year of the period (a work plan needs one).")),
    Column("end_year", _("The last year of the period.")),
    Column("parties", _("Party codes, separated by commas."), many=True),
    Column("description", _("What the instrument is about, optional.")),
    Column("version", _("The version the file was downloaded from; leave it as it is.")),
)

AREA_COLUMNS: tuple[Column, ...] = (
    Column("number", _("The priority area's number (1, 2, …); activities name it."), True, 9),
    Column("title", _("The priority area's title."), True, 40),
    Column("description", _("What it covers, optional."), width=50),
    Column("crime_areas", _("Crime area codes, separated by commas."), many=True, width=30),
)

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("code", _("The activity's code, unique in the instrument (e.g. CT-1)."), True, 10),
    Column("priority_area", _("The number of its priority area."), True, 9),
    Column("title", _("The activity's title."), True, 40),
    Column("description", _("What it is, optional."), width=40),
    Column("lead_parties", _("Party codes of the lead parties, separated by commas."), many=True),
    Column(
        "participating_parties",
        _("Party codes of the participating parties, separated by commas."),
        many=True,
    ),
    Column("start_year", _("The first year, optional."), width=9),
    Column("end_year", _("The last year, optional; not before the first."), width=9),
    Column("outputs", _("The expected outputs, optional."), width=40),
)

FRAMEWORKS_COLUMN = Column(
    "frameworks",
    _(
        "Framework items the activity serves, as codes from the list (sdg-16 / 16.4) or as "
        "people cite them (SDG 16.4), separated by semicolons."
    ),
    many=True,
    width=20,
)

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("activity", _("The code of the activity it measures."), True, 10),
    Column("name", _("What is measured."), True, 40),
    Column("kind", _("numeric or qualitative."), True, 12),
    Column("unit", _("The unit (officers, workshops …), optional.")),
    Column("baseline", _("The starting value; a number for a numeric indicator.")),
    Column("target", _("The value aimed at; a number for a numeric indicator.")),
)


def activity_columns(with_frameworks: bool) -> tuple[Column, ...]:
    return ACTIVITY_COLUMNS + ((FRAMEWORKS_COLUMN,) if with_frameworks else ())


def split_codes(text: str) -> list[str]:
    """``"JPN, IDN;THA"`` → ``["JPN", "IDN", "THA"]`` (commas, semicolons or new lines)."""
    for separator in (";", "\n"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]
