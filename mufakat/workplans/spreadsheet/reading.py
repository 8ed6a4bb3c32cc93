"""Reading an uploaded work plan workbook into a :class:`~.plan.Plan`, naming every problem.

Pure as far as the database goes: the caller gives the codes that exist and the stored plan;
the checks that need more (progress reports of a removed activity) are the services'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.core.spreadsheet_files import (
    Cell,
    Problem,
    Sheet,
    cell_text,
    column_letter,
    problem_sort_key,
)
from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea
from mufakat.workplans.spreadsheet import layout
from mufakat.workplans.spreadsheet.layout import Column, split_codes
from mufakat.workplans.spreadsheet.plan import ActivityRow, AreaRow, IndicatorRow, Plan

KEY_PATTERN = re.compile(r"^[-a-z0-9_]+$")
#: The columns of the sheet "instrument": one row per field.
HEADER_FIELD = Column("field", gettext_lazy("The field's name."), True)
HEADER_VALUE = Column("value", gettext_lazy("Its value."))


@dataclass
class Parsed:
    plan: Plan
    problems: list[Problem] = field(default_factory=list)
    #: Where each record stands in the file: ("activities", code) → row number, …
    rows: dict[tuple[str, Any], int] = field(default_factory=dict)
    #: The version the file was downloaded from, as it says.
    version: int | None = None
    #: The sheets that could be read (their columns were all there).
    read: set[str] = field(default_factory=set)


@dataclass
class _Table:
    sheet: Sheet
    positions: dict[str, int]
    rows: list[tuple[int, dict[str, Cell]]]


def _max_length(model: Any, name: str) -> int | None:
    try:
        limit = model._meta.get_field(name).max_length
        return int(limit) if limit else None
    except Exception:
        return None


class Reader:
    def __init__(
        self,
        sheets: dict[str, Sheet],
        *,
        parties: Sequence[str],
        crime_areas: Sequence[str],
        frameworks: Callable[[str], tuple[str, ...]] | None,
        stored: Plan,
        new_instrument: bool,
        check_instrument: Callable[[dict[str, Any]], None],
    ) -> None:
        self.sheets = sheets
        self.parties = {code.upper(): code for code in parties}
        self.crime_areas = {code.casefold(): code for code in crime_areas}
        #: Turns a cell of framework codes into canonical codes (None: no frameworks here).
        self.frameworks = frameworks
        self.stored = stored
        self.new_instrument = new_instrument
        self.check_instrument = check_instrument
        self.parsed = Parsed(plan=Plan())
        self.positions: dict[str, dict[str, int]] = {}

    # -- where things are

    def label(self, sheet: str, column: str) -> str:
        position = self.positions.get(sheet, {}).get(column)
        return f"{column} ({column_letter(position + 1)})" if position is not None else column

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.parsed.problems.append(Problem(sheet, row, self.label(sheet, column), message))

    def table(self, name: str, columns: Sequence[Column]) -> _Table | None:
        sheet = self.sheets.get(name)
        if sheet is None:
            self.problem(
                name,
                None,
                "",
                _("The sheet “%s” is missing; start from a downloaded workbook.") % name,
            )
            return None
        known = {c.name for c in columns}
        positions: dict[str, int] = {}
        for position, cell in enumerate(sheet.header):
            name_in_file = cell_text(cell.value).casefold() if not cell.formula else ""
            if name_in_file in known and name_in_file not in positions:
                positions[name_in_file] = position
        self.positions[name] = positions
        missing = [c.name for c in columns if c.required and c.name not in positions]
        for column in missing:
            self.problem(
                name,
                sheet.header_row if sheet.header else None,
                column,
                _("The required column “%s” is missing; start from a downloaded workbook.")
                % column,
            )
        if missing:
            return None
        self.parsed.read.add(name)
        rows = []
        for number, cells in sheet.rows:
            named = {
                column: cells[position] if position < len(cells) else Cell()
                for column, position in positions.items()
            }
            if all(cell.is_blank for cell in named.values()):
                continue
            for column, cell in named.items():
                if cell.formula:
                    self.problem(
                        name,
                        number,
                        column,
                        _("This cell holds a formula (%s); type the value itself.")
                        % cell.formula[:60],
                    )
                elif cell.error:
                    self.problem(
                        name, number, column, _("This cell holds the Excel error %s.") % cell.error
                    )
            rows.append((number, named))
        return _Table(sheet, positions, rows)

    # -- values

    @staticmethod
    def text(cells: dict[str, Cell], name: str) -> str:
        cell = cells.get(name)
        if cell is None or cell.formula or cell.error:
            return ""
        return cell_text(cell.value)

    def required(self, sheet: str, row: int, cells: dict[str, Cell], name: str) -> str:
        value = self.text(cells, name)
        cell = cells.get(name)
        if not value and not (cell and (cell.formula or cell.error)):
            self.problem(sheet, row, name, _("This value is required."))
        return value

    def bounded(self, sheet: str, row: int, name: str, value: str, model: Any, field: str) -> str:
        limit = _max_length(model, field)
        if limit and len(value) > limit:
            self.problem(
                sheet,
                row,
                name,
                _("At most %(limit)s characters (this has %(length)s).")
                % {"limit": limit, "length": len(value)},
            )
        return value

    def whole(
        self, sheet: str, row: int, cells: dict[str, Cell], name: str, *, low: int, high: int
    ) -> int | None:
        text = self.text(cells, name)
        if not text:
            return None
        try:
            number = Decimal(text)
            ok = number.is_finite() and number == number.to_integral_value()
        except (InvalidOperation, ValueError):
            ok = False
        if not ok or not low <= int(number) <= high:
            self.problem(
                sheet,
                row,
                name,
                _("“%(value)s” is not a whole number from %(low)s to %(high)s.")
                % {"value": text, "low": low, "high": high},
            )
            return None
        return int(number)

    def year(self, sheet: str, row: int, cells: dict[str, Cell], name: str) -> int | None:
        return self.whole(sheet, row, cells, name, low=1900, high=2200)

    def codes(
        self,
        sheet: str,
        row: int,
        cells: dict[str, Cell],
        name: str,
        known: dict[str, str],
        *,
        what: str,
        fold: Callable[[str], str],
    ) -> tuple[str, ...]:
        found, unknown = [], []
        for code in split_codes(self.text(cells, name)):
            if fold(code) in known:
                if known[fold(code)] not in found:
                    found.append(known[fold(code)])
            else:
                unknown.append(code)
        if unknown:
            self.problem(
                sheet,
                row,
                name,
                _("Unknown %(what)s code: %(codes)s.")
                % {"what": what, "codes": ", ".join(unknown)},
            )
        return tuple(sorted(found))

    def party_codes(
        self, sheet: str, row: int, cells: dict[str, Cell], name: str
    ) -> tuple[str, ...]:
        return self.codes(sheet, row, cells, name, self.parties, what=_("party"), fold=str.upper)

    # -- the sheets

    def read(self) -> Parsed:
        self.read_header()
        areas = self.read_areas()
        self.read_activities(areas)
        self.read_indicators()
        self.parsed.problems.sort(key=_order)
        return self.parsed

    def read_header(self) -> None:
        name = layout.INSTRUMENT
        table = self.table(name, (HEADER_FIELD, HEADER_VALUE))
        if table is None:
            return
        fields = {c.name for c in layout.INSTRUMENT_FIELDS}
        found: dict[str, tuple[int, dict[str, Cell]]] = {}
        for number, cells in table.rows:
            field_name = self.text(cells, "field").casefold()
            if field_name in fields:
                found[field_name] = (number, {"value": cells.get("value", Cell())})
        header = self.parsed.plan.header

        def value(field_name: str) -> tuple[int | None, str]:
            row, cells = found.get(field_name, (None, {}))
            return row, self.text(cells, "value")

        def need(field_name: str) -> tuple[int | None, str]:
            row, text = value(field_name)
            if not text:
                cell = found.get(field_name, (None, {}))[1].get("value")
                if not (cell and (cell.formula or cell.error)):
                    self.problem(
                        name,
                        row,
                        "value",
                        _("Give the instrument's %s.") % field_name
                        if row
                        else _("The row “%s” is missing.") % field_name,
                    )
            return row, text

        row, key = need("key")
        if key:
            stored_key = self.stored.header.get("key")
            if not self.new_instrument and key != stored_key:
                self.problem(
                    name,
                    row,
                    "value",
                    _(
                        "This file is for the instrument “%(file)s”, not “%(here)s”; upload it on "
                        "that instrument's page, or change the key back."
                    )
                    % {"file": key, "here": stored_key},
                )
            elif self.new_instrument and not KEY_PATTERN.match(key):
                self.problem(
                    name,
                    row,
                    "value",
                    _(
                        "A key has lower-case letters, digits and hyphens only (like "
                        "asean-japan-wp-2023-2027)."
                    ),
                )
            self.bounded(name, row or 0, "value", key, Instrument, "key")
        header["key"] = key
        row, title = need("title")
        header["title"] = self.bounded(name, row or 0, "value", title, Instrument, "title")
        row, short = value("short_title")
        header["short_title"] = self.bounded(
            name, row or 0, "value", short, Instrument, "short_title"
        )
        row, kind = need("kind")
        kind = kind.strip().lower().replace(" ", "_")
        if kind and kind not in Instrument.Kind.values:
            self.problem(
                name,
                row,
                "value",
                _("Unknown kind “%(value)s”; use one of: %(codes)s.")
                % {"value": kind, "codes": ", ".join(Instrument.Kind.values)},
            )
        header["kind"] = kind
        years: dict[str, int | None] = {}
        for field_name in ("start_year", "end_year"):
            row, _text = value(field_name)
            cells = found.get(field_name, (0, {}))[1]
            years[field_name] = self.year(name, row or 0, cells, "value") if row else None
            header[field_name] = years[field_name]
        row, _text = value("parties")
        header["parties"] = self.party_codes(name, row, found["parties"][1], "value") if row else ()
        _row, header["description"] = value("description")
        row, version = value("version")
        if version.isdigit():
            self.parsed.version = int(version)
        if kind in Instrument.Kind.values:
            try:
                self.check_instrument(header)
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    for message in messages:
                        # extended_to_year is not on the sheet: the end year clashes with it
                        where = found.get(field_name) or found.get("end_year") or (None,)
                        self.problem(name, where[0], "value", message)

    def read_areas(self) -> set[int]:
        name = layout.AREAS
        table = self.table(name, layout.AREA_COLUMNS)
        numbers: set[int] = set()
        if table is None:
            return numbers
        for row, cells in table.rows:
            number = self.whole(name, row, cells, "number", low=1, high=999)
            if number is None and not self.text(cells, "number"):
                self.required(name, row, cells, "number")
            title = self.bounded(
                name, row, "title", self.required(name, row, cells, "title"), PriorityArea, "title"
            )
            crime_areas = self.codes(
                name,
                row,
                cells,
                "crime_areas",
                self.crime_areas,
                what=_("crime area"),
                fold=str.casefold,
            )
            if number is None:
                continue
            if number in numbers:
                self.problem(
                    name,
                    row,
                    "number",
                    _(
                        "The priority area number %(number)s is also on row %(row)s; each "
                        "priority area needs its own number."
                    )
                    % {"number": number, "row": self.parsed.rows[(name, number)]},
                )
                continue
            numbers.add(number)
            self.parsed.rows[(name, number)] = row
            self.parsed.plan.areas[number] = AreaRow(
                number=number,
                title=title,
                description=self.text(cells, "description"),
                crime_areas=crime_areas,
            )
        return numbers

    def read_activities(self, areas: set[int]) -> None:
        name = layout.ACTIVITIES
        columns = layout.activity_columns(self.frameworks is not None)
        table = self.table(name, columns)
        if table is None:
            return
        has_frameworks = "frameworks" in table.positions
        if has_frameworks and self.frameworks is None:
            self.problem(
                name,
                table.sheet.header_row,
                "frameworks",
                _("Framework mappings cannot be uploaded here yet; delete the column."),
            )
        for row, cells in table.rows:
            code = self.bounded(
                name, row, "code", self.required(name, row, cells, "code"), Activity, "code"
            )
            area_text = self.required(name, row, cells, "priority_area")
            area = (
                self.whole(name, row, cells, "priority_area", low=1, high=999)
                if area_text
                else None
            )
            if area is not None and area not in areas and layout.AREAS in self.parsed.read:
                self.problem(
                    name,
                    row,
                    "priority_area",
                    _("There is no priority area number %s on the sheet “priority_areas”.") % area,
                )
            title = self.bounded(
                name, row, "title", self.required(name, row, cells, "title"), Activity, "title"
            )
            start = self.year(name, row, cells, "start_year")
            end = self.year(name, row, cells, "end_year")
            if start is not None and end is not None and end < start:
                self.problem(
                    name,
                    row,
                    "end_year",
                    _("The activity cannot end (%(end)s) before it starts (%(start)s).")
                    % {"end": end, "start": start},
                )
            frameworks: tuple[str, ...] = ()
            if has_frameworks and self.frameworks is not None:
                try:
                    frameworks = self.frameworks(self.text(cells, "frameworks"))
                except ValidationError as exc:
                    self.problem(name, row, "frameworks", exc.messages[0])
            record = ActivityRow(
                code=code,
                priority_area=area or 0,
                title=title,
                description=self.text(cells, "description"),
                lead_parties=self.party_codes(name, row, cells, "lead_parties"),
                participating_parties=self.party_codes(name, row, cells, "participating_parties"),
                start_year=start,
                end_year=end,
                outputs=self.text(cells, "outputs"),
                frameworks=frameworks,
            )
            if not code:
                continue
            key = code.casefold()
            if (name, key) in self.parsed.rows:
                self.problem(
                    name,
                    row,
                    "code",
                    _(
                        "The activity code %(code)s is also on row %(row)s; each activity needs "
                        "its own code."
                    )
                    % {"code": code, "row": self.parsed.rows[(name, key)]},
                )
                continue
            stored = self.stored.activities.get(key)
            if stored is not None and area is not None and stored.priority_area != area:
                self.problem(
                    name,
                    row,
                    "priority_area",
                    _(
                        "Activity %(code)s is under priority area %(old)s; an activity cannot "
                        "move to another priority area here. Remove it and add it under a new "
                        "code, or keep it under %(old)s."
                    )
                    % {"code": code, "old": stored.priority_area},
                )
            if stored is not None and not has_frameworks:
                record = _replace_frameworks(record, stored.frameworks)
            self.parsed.rows[(name, key)] = row
            self.parsed.plan.activities[key] = record

    def read_indicators(self) -> None:
        name = layout.INDICATORS
        table = self.table(name, layout.INDICATOR_COLUMNS)
        if table is None:
            return
        from mufakat.workplans.services import _new_indicator_values

        for row, cells in table.rows:
            code = self.required(name, row, cells, "activity")
            activity = self.parsed.plan.activities.get(code.casefold())
            if (
                code
                and activity is None
                and layout.ACTIVITIES in self.parsed.read
                and (layout.ACTIVITIES, code.casefold()) not in self.parsed.rows
            ):
                self.problem(
                    name,
                    row,
                    "activity",
                    _("There is no activity %s on the sheet “activities”.") % code,
                )
            item_name = self.bounded(
                name, row, "name", self.required(name, row, cells, "name"), Indicator, "name"
            )
            kind = self.required(name, row, cells, "kind").strip().lower()
            if kind and kind not in Indicator.Kind.values:
                self.problem(
                    name,
                    row,
                    "kind",
                    _("Unknown kind “%(value)s”; use one of: %(codes)s.")
                    % {"value": kind, "codes": ", ".join(Indicator.Kind.values)},
                )
            values = {
                column: self.bounded(name, row, column, self.text(cells, column), Indicator, column)
                for column in ("unit", "baseline", "target")
            }
            if item_name and kind in Indicator.Kind.values:
                try:
                    _new_indicator_values({"name": item_name, "kind": kind, **values})
                except ValidationError as exc:
                    for column, messages in exc.message_dict.items():
                        for message in messages:
                            self.problem(name, row, column, message)
            if activity is None:
                continue
            key = code.casefold()
            items = self.parsed.plan.indicators.setdefault(key, [])
            self.parsed.rows[(name, (key, len(items)))] = row
            items.append(IndicatorRow(activity=activity.code, name=item_name, kind=kind, **values))


def _replace_frameworks(record: ActivityRow, frameworks: tuple[str, ...]) -> ActivityRow:
    """A file without the column leaves the mappings as they are."""
    from dataclasses import replace

    return replace(record, frameworks=frameworks)


_SHEET_ORDER = {name: index for index, name in enumerate(layout.DATA_SHEETS)}


def _order(problem: Problem) -> tuple[int, tuple[int, int, str]]:
    return (_SHEET_ORDER.get(problem.sheet, 9), problem_sort_key(problem))
