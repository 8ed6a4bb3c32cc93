"""The all-or-nothing upload of a filled-in template.

Phase one reads every row and checks it against the round with a fixed number of queries
(whatever the size of the file); phase two saves each changed report through
:func:`~mufakat.monitoring.services.save_report` in one transaction, rolled back if anything at
all was wrong — so the answer lists every problem, and a refused file leaves no trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mufakat.core.spreadsheet_files import (
    MAX_UNPACKED_RATIO,
    Cell,
    Problem,
    Sheet,
    UnreadableFile,
    cell_text,
    read_sheet,
)
from mufakat.core.spreadsheet_files import column_letter as _column_letter
from mufakat.core.spreadsheet_files import problem_sort_key as _sort_key
from mufakat.monitoring import spreadsheet_jobs
from mufakat.monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ReportingRound,
    SpreadsheetImport,
)
from mufakat.monitoring.permissions import can_import_spreadsheet
from mufakat.monitoring.services import EDITABLE_STATES, _percent
from mufakat.monitoring.spreadsheet_apply import (
    Change,
    check,
    percent_modes,
    stale,
    write,
)
from mufakat.monitoring.spreadsheet_layout import (
    HEADERS,
    REQUIRED,
    SHEET,
    STATUS_CODES,
    VALUE_COLUMNS,
    max_import_bytes,
    round_mb,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity, Indicator, Instrument


@dataclass
class ImportResult:
    """What an upload did (counts), or why it did nothing (problems)."""

    filename: str
    rows_read: int = 0
    reports_changed: int = 0
    reports_unchanged: int = 0
    reports_submitted: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Set when the changes were queued for the task worker instead of saved at once.
    job: SpreadsheetImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "reports_changed": self.reports_changed,
            "reports_unchanged": self.reports_unchanged,
            "reports_submitted": self.reports_submitted,
        }


@dataclass
class _Row:
    number: int
    report: ProgressReport
    indicator: Indicator | None
    lock_version: int
    cells: dict[str, Cell]


@dataclass
class _Edit:
    """What the upload changes in one report, and the rows it comes from."""

    report: ProgressReport
    report_row: _Row | None = None
    indicator_rows: dict[int, _Row] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    changed_columns: list[tuple[_Row, str]] = field(default_factory=list)

    @property
    def first_row(self) -> _Row:
        return self.report_row or next(iter(self.indicator_rows.values()))

    @property
    def base_version(self) -> int:
        """The version the changes were made on (the rows that change say it)."""
        rows = [row for row, _column in self.changed_columns] or [self.first_row]
        return rows[0].lock_version


def _normalise_status(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def _indicator_pair(indicator: Indicator, text: str) -> tuple[Decimal | None, str] | None:
    """The value as stored, or None when it cannot be read (the service explains why)."""
    if indicator.kind != Indicator.Kind.NUMERIC:
        return None, text
    if not text:
        return None, ""
    try:
        number = Decimal(text.replace(",", ""))
        if not number.is_finite():
            return None
        return number.quantize(Decimal("0.01")), ""
    except (InvalidOperation, ValueError):
        return None


class _Upload:
    """Phase one: read every row, check it against the round, and work out what changes."""

    def __init__(self, actor: Any, round_: ReportingRound, sheet: Sheet, submit: bool) -> None:
        self.actor = actor
        self.round = round_
        self.sheet = sheet
        self.submit = submit
        self.problems: list[Problem] = []
        self.positions: dict[str, int] = {}
        self.reports_with_problems: set[int] = set()
        self.data: list[tuple[int, dict[str, Cell]]] = []

    # where things are

    def label(self, name: str) -> str:
        position = self.positions.get(name)
        if position is None:
            return ""
        return f"{name} ({_column_letter(position + 1)})"

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet.name, row, self.label(column), message))

    # the header

    def read_header(self) -> bool:
        if not self.sheet.header:
            self.problems.append(
                Problem(
                    self.sheet.name, None, "", _("The sheet is empty: there is nothing to import.")
                )
            )
            return False
        header_row = self.sheet.header_row
        for position, cell in enumerate(self.sheet.header):
            if cell.formula:
                self.problems.append(
                    Problem(
                        self.sheet.name,
                        header_row,
                        _column_letter(position + 1),
                        _("A column name must not be a formula."),
                    )
                )
                continue
            name = cell_text(cell.value).lower()
            if not name:
                continue
            if name in self.positions:
                self.problems.append(
                    Problem(
                        self.sheet.name,
                        header_row,
                        f"{name} ({_column_letter(position + 1)})",
                        _("The column “%s” appears twice.") % name,
                    )
                )
                continue
            self.positions[name] = position
        for name in REQUIRED:
            if name not in self.positions:
                self.problems.append(
                    Problem(
                        self.sheet.name,
                        header_row,
                        name,
                        _("The required column “%s” is missing; start from a downloaded template.")
                        % name,
                    )
                )
        if self.problems:
            return False
        self.data = self._raw_rows()
        if not self.data:
            self.problems.append(
                Problem(
                    self.sheet.name,
                    None,
                    "",
                    _("The sheet has column names but no rows to import."),
                )
            )
            return False
        return True

    # what the round holds (a fixed number of queries, whatever the size of the file)

    def load_round(self) -> None:
        actor = self.actor
        self.instruments = {
            i.key.lower(): i
            for i in Instrument.objects.visible_to(actor).filter(reporting_rounds=self.round)
        }
        self.activity_codes = {
            (key.lower(), code.lower())
            for key, code in Activity.objects.visible_to(actor)
            .filter(priority_area__instrument__in=list(self.instruments.values()))
            .values_list("priority_area__instrument__key", "code")
        }
        reports = (
            ProgressReport.objects.visible_to(actor)
            .filter(round=self.round)
            .select_related("activity", "party", "instrument")
            .prefetch_related(
                Prefetch("activity__indicators", queryset=Indicator.objects.visible_to(actor)),
                Prefetch("indicator_values", queryset=IndicatorValue.objects.visible_to(actor)),
            )
        )
        self.reports: dict[tuple[str, str, str], ProgressReport] = {}
        for r in reports:
            r.round = self.round  # the service's checks read it
            self.reports[(r.instrument.key.lower(), r.activity.code.lower(), r.party.code)] = r
        codes = {self.text(cells, "party").upper() for _number, cells in self.data}
        self.parties = {p.code: p for p in Party.objects.filter(code__in=codes - {""})}

    # the rows

    def _raw_rows(self) -> list[tuple[int, dict[str, Cell]]]:
        """Data rows as {column name: cell}; rows blank in every known column are skipped
        (a note typed in a column of one's own is no row to import)."""
        rows = []
        for number, cells in self.sheet.rows:
            named = {
                name: cells[position] if position < len(cells) else Cell()
                for name, position in self.positions.items()
                if name in HEADERS
            }
            if not all(cell.is_blank for cell in named.values()):
                rows.append((number, named))
        return rows

    @staticmethod
    def text(cells: dict[str, Cell], name: str) -> str:
        cell = cells.get(name)
        return cell_text(cell.value) if cell and not cell.formula and not cell.error else ""

    @staticmethod
    def unreadable(cells: dict[str, Cell], name: str) -> bool:
        """A formula or an error value: already reported, and not worth a second message."""
        cell = cells.get(name)
        return bool(cell and (cell.formula or cell.error))

    def _whole_number(self, cells: dict[str, Cell], name: str) -> int | None:
        text = self.text(cells, name)
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            return None
        if not number.is_finite() or number.adjusted() > 15:  # no 1E+999999 turned into an int
            return None
        return int(number) if number == number.to_integral_value() else None

    def read_rows(self) -> list[_Row]:
        rows: list[_Row] = []
        seen: dict[tuple[int, int | None], int] = {}
        for number, cells in self.data:
            before = len(self.problems)
            for name, cell in cells.items():
                if cell.formula:
                    self.problem(
                        number,
                        name,
                        _("This cell holds a formula (%s); type the value itself.")
                        % cell.formula[:60],
                    )
                elif cell.error:
                    self.problem(
                        number, name, _("This cell holds the Excel error %s.") % cell.error
                    )
            row = self._identify(number, cells)
            self._check_values(number, cells, is_indicator=bool(self.text(cells, "indicator")))
            if row is not None:
                key = (row.report.pk, row.indicator.pk if row.indicator else None)
                if key in seen:
                    self.problem(
                        number,
                        "indicator" if row.indicator else "activity",
                        _("This row repeats row %s (same activity, party and indicator); keep one.")
                        % seen[key],
                    )
                else:
                    seen[key] = number
            if row is not None and len(self.problems) == before:
                rows.append(row)
            elif row is not None:
                self.reports_with_problems.add(row.report.pk)
        # A report with a bad row is left out whole: half of it would mislead the service.
        return [row for row in rows if row.report.pk not in self.reports_with_problems]

    def _identify(self, number: int, cells: dict[str, Cell]) -> _Row | None:
        """The report (and indicator) a row is about, or None after saying what is wrong."""
        found = not any(
            self.unreadable(cells, name)
            for name in ("round", "instrument", "party", "activity", "indicator", "lock_version")
        )
        round_number = self._whole_number(cells, "round")
        if round_number != self.round.pk and not self.unreadable(cells, "round"):
            found = False
            if round_number is None:
                self.problem(
                    number,
                    "round",
                    _("“%(value)s” is not a round number; this round is %(round)s.")
                    % {"value": self.text(cells, "round"), "round": self.round.pk},
                )
            else:
                self.problem(
                    number,
                    "round",
                    _(
                        "This row belongs to round %(other)s, not to this round (%(round)s); "
                        "upload it on that round's page."
                    )
                    % {"other": round_number, "round": self.round.pk},
                )
        instrument_key = self.text(cells, "instrument").lower()
        if instrument_key not in self.instruments and not self.unreadable(cells, "instrument"):
            found = False
            self.problem(
                number,
                "instrument",
                _("Unknown instrument “%(key)s”; this round covers: %(keys)s.")
                % {
                    "key": self.text(cells, "instrument"),
                    "keys": ", ".join(sorted(i.key for i in self.instruments.values())),
                },
            )
        party_code = self.text(cells, "party").upper()
        party = self.parties.get(party_code)
        if party is None and not self.unreadable(cells, "party"):
            found = False
            self.problem(
                number,
                "party",
                _("Unknown party code “%s”.") % self.text(cells, "party")
                if party_code
                else _("Give the party code."),
            )
        elif party is not None and party.pk != self.actor.party_id:
            found = False
            self.problem(
                number,
                "party",
                _("You report for %(mine)s only; this row is for %(other)s.")
                % {"mine": self.actor.party.code, "other": party.code},
            )
        activity_code = self.text(cells, "activity")
        if instrument_key in self.instruments and not self.unreadable(cells, "activity"):
            if not activity_code:
                found = False
                self.problem(number, "activity", _("Give the activity code."))
            elif (instrument_key, activity_code.lower()) not in self.activity_codes:
                found = False
                self.problem(
                    number,
                    "activity",
                    _("Unknown activity “%(code)s” in the instrument “%(key)s”.")
                    % {"code": activity_code, "key": self.instruments[instrument_key].key},
                )
        lock_version = self._whole_number(cells, "lock_version")
        if lock_version is None and not self.unreadable(cells, "lock_version"):
            found = False
            self.problem(
                number,
                "lock_version",
                _("The hidden lock_version is missing or changed; download a fresh template."),
            )
        if not found or lock_version is None:
            return None
        report = self.reports.get((instrument_key, activity_code.lower(), party_code))
        if report is None:
            self.problem(
                number,
                "party",
                _("%(party)s does not report on %(activity)s in this round.")
                % {"party": party_code, "activity": activity_code},
            )
            return None
        indicator = None
        indicator_text = self.text(cells, "indicator")
        if indicator_text:
            indicators = {str(i.pk): i for i in report.activity.indicators.all()}
            indicator = indicators.get(indicator_text)
            if indicator is None:
                self.problem(
                    number,
                    "indicator",
                    _("“%(value)s” is not an indicator of the activity %(activity)s.")
                    % {"value": indicator_text, "activity": report.activity.code},
                )
                return None
        return _Row(number, report, indicator, lock_version, cells)

    def _check_values(self, number: int, cells: dict[str, Cell], *, is_indicator: bool) -> None:
        """Cell formats; the rules about what the values mean are the service's."""
        if is_indicator:
            for name in VALUE_COLUMNS:
                if self.text(cells, name):
                    self.problem(
                        number,
                        name,
                        _("Leave %s empty on an indicator row; it belongs on the activity's row.")
                        % name,
                    )
            return
        if self.text(cells, "value"):
            self.problem(
                number,
                "value",
                _(
                    "Leave value empty on an activity's row; indicator values go on the rows below it."
                ),
            )
        status = _normalise_status(self.text(cells, "status"))
        if not self.unreadable(cells, "status") and status not in STATUS_CODES:
            self.problem(
                number,
                "status",
                (
                    _("Unknown status “%(value)s”; use one of: %(codes)s.")
                    if status
                    else _("Choose a status: one of %(codes)s.")
                )
                % {"value": self.text(cells, "status"), "codes": ", ".join(STATUS_CODES)},
            )
        if not self.unreadable(cells, "percent"):
            try:
                _percent(self._percent_input(cells))
            except ValidationError as exc:
                for message in exc.message_dict.get("percent", exc.messages):
                    self.problem(number, "percent", message)
            except (ArithmeticError, ValueError):  # "inf", or thousands of digits
                self.problem(number, "percent", _("Percent complete must be a whole number."))

    def _percent_input(self, cells: dict[str, Cell]) -> Any:
        value = cells["percent"].value
        return cell_text(value) if isinstance(value, str) else value

    # what changes

    def plan(self, rows: list[_Row]) -> list[_Edit]:
        edits: dict[int, _Edit] = {}
        for row in rows:
            edit = edits.setdefault(row.report.pk, _Edit(report=row.report))
            if row.indicator is None:
                edit.report_row = row
                self._report_changes(edit, row)
            else:
                edit.indicator_rows[row.indicator.pk] = row
                self._indicator_change(edit, row)
        self.reports_in_file = len(edits)
        planned = []
        for edit in edits.values():
            report = edit.report
            submits = self.submit and report.state in EDITABLE_STATES
            if not edit.changes and not submits:
                continue
            if edit.changes and report.state not in EDITABLE_STATES:
                row, column = edit.changed_columns[0]
                self.problem(row.number, column, _locked_message(report))
                continue
            changed_rows = {row.number: row for row, _column in edit.changed_columns}
            stale = [
                row
                for row in (changed_rows.values() if changed_rows else [edit.first_row])
                if row.lock_version != report.lock_version
            ]
            for row in stale:
                self.problem(
                    row.number,
                    "lock_version",
                    _(
                        "Someone saved this report after your download (your version "
                        "%(yours)s, now %(now)s). Download a fresh template and enter your "
                        "changes again."
                    )
                    % {"yours": row.lock_version, "now": report.lock_version},
                )
            if not stale:
                planned.append(edit)
        return planned

    def _report_changes(self, edit: _Edit, row: _Row) -> None:
        report = row.report
        status = _normalise_status(self.text(row.cells, "status"))
        if status != report.status:
            edit.changes["status"] = status
            edit.changed_columns.append((row, "status"))
        percent = _percent(self._percent_input(row.cells))
        if percent != report.percent:
            edit.changes["percent"] = percent
            edit.changed_columns.append((row, "percent"))
        narrative = self.text(row.cells, "narrative")
        if narrative != cell_text(report.narrative):
            edit.changes["narrative"] = narrative
            edit.changed_columns.append((row, "narrative"))

    def _indicator_change(self, edit: _Edit, row: _Row) -> None:
        assert row.indicator is not None
        text = self.text(row.cells, "value")
        current = next(
            (v for v in row.report.indicator_values.all() if v.indicator_id == row.indicator.pk),
            None,
        )
        stored = (current.numeric_value, current.text_value) if current else (None, "")
        if _indicator_pair(row.indicator, text) != stored:
            edit.changes.setdefault("indicators", {})[row.indicator.pk] = text
            edit.changed_columns.append((row, "value"))


def _locked_message(report: ProgressReport) -> str:
    if report.state == ProgressReport.State.ACCEPTED:
        return _("This report was accepted and is locked; corrections go into the next round.")
    return _(
        "This report was submitted and awaits review; it can be changed again only if it is "
        "returned to you."
    )


def _change(edit: _Edit, submit: bool) -> Change:
    return Change(
        report_id=edit.report.pk,
        expected_version=edit.base_version,
        changes=edit.changes,
        submit=submit and edit.report.state in EDITABLE_STATES,
        first_row=edit.first_row.number,
        report_row=edit.report_row.number if edit.report_row else None,
        indicator_rows={str(pk): row.number for pk, row in edit.indicator_rows.items()},
    )


def import_round_file(
    *,
    actor: Any,
    round: ReportingRound,
    uploaded: bytes,
    filename: str,
    submit: bool = False,
) -> ImportResult:
    """Check the whole file, then save every changed report in one transaction — or, if
    anything is wrong, save nothing and list every problem.

    With ``submit`` the reports in the file that are drafts (or were returned) are also handed
    in for review, as the "Submit" button of the form does.
    """
    if not can_import_spreadsheet(actor, round):
        raise PermissionDenied(
            _("Only focal points of the parties reporting in this round upload it.")
        )
    result = ImportResult(filename=filename)
    if round.status != ReportingRound.Status.OPEN:
        result.problems.append(Problem("", None, "", _("The round is not open for reporting.")))
        return result
    limit = max_import_bytes()
    if len(uploaded) > limit:
        result.problems.append(
            Problem(
                "",
                None,
                "",
                _("The file is larger than %(limit)s MB; upload your part of the round only.")
                % {"limit": round_mb(limit)},
            )
        )
        return result
    try:
        sheet = read_sheet(
            uploaded, filename=filename, prefer=SHEET, max_unpacked=limit * MAX_UNPACKED_RATIO
        )
    except UnreadableFile as exc:
        result.problems.append(Problem(exc.sheet, exc.row, "", exc.message))
        return result
    upload = _Upload(actor, round, sheet, submit)
    if not upload.read_header():
        result.problems = upload.problems
        return result
    result.rows_read = len(upload.data)
    upload.load_round()
    edits = upload.plan(upload.read_rows())
    changes = [_change(edit, upload.submit) for edit in edits]
    reports = {edit.report.pk: edit.report for edit in edits}
    planned = check(
        actor=actor,
        changes=changes,
        reports=reports,
        modes=percent_modes(reports.values()),
        problem=upload.problem,
    )
    if upload.problems:
        result.problems = sorted(upload.problems, key=_sort_key)
        return result
    if planned and spreadsheet_jobs.runs_in_background(len(planned)):
        result.job = spreadsheet_jobs.queue(
            actor=actor,
            round_=round,
            filename=filename,
            submit=submit,
            changes=[item.change for item in planned],
            sheet=sheet.name,
            columns={name: upload.label(name) for name in upload.positions},
            rows_read=result.rows_read,
            reports_in_file=upload.reports_in_file,
        )
        return result
    changed, submitted = len(planned), 0
    if planned:
        with transaction.atomic():
            if stale(planned, upload.problem):
                transaction.set_rollback(True)
            else:
                submitted = write(
                    actor=actor,
                    round_=round,
                    planned=planned,
                    import_after={"file": filename, "rows": result.rows_read},
                )
    if upload.problems:
        result.problems = sorted(upload.problems, key=_sort_key)
        return result
    result.reports_changed = changed
    result.reports_submitted = submitted
    result.reports_unchanged = upload.reports_in_file - changed
    return result
