"""The round as a file to fill offline: XLSX (locked keys, dropdowns, instructions) or CSV.

Every row comes from ``ProgressReport.objects.visible_to(user)``, so a template never holds a
report its reader could not open; last round's figures stand alongside, read-only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mufakat.monitoring.models import (
    IndicatorValue,
    ProgressReport,
    ReportingRound,
)
from mufakat.monitoring.permissions import (
    can_import_spreadsheet,
    can_manage_rounds,
    is_focal_point,
)
from mufakat.monitoring.services import EDITABLE_STATES
from mufakat.monitoring.spreadsheet_files import CSV, FORMULA_TRIGGERS, XLSX, cell_text
from mufakat.monitoring.spreadsheet_layout import (
    FORMATS,
    HEADERS,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Indicator


def _export_party(user: Any, round_: ReportingRound, party: Party | str | None) -> Party | None:
    code = party.code if isinstance(party, Party) else (party or "").strip().upper()
    if can_manage_rounds(user):
        if not code:
            return None
        found = round_.reporting_parties.filter(code=code).first()
        if found is None:
            raise ValidationError({"party": _("%s does not report in this round.") % code})
        return found
    if not can_import_spreadsheet(user, round_):
        raise PermissionDenied(_("Only the parties reporting in this round download it."))
    if code and code != user.party.code:
        raise PermissionDenied(_("You report for %s only.") % user.party.code)
    return user.party


@dataclass
class TemplateRow:
    values: dict[str, Any]
    is_indicator: bool
    editable: bool


def _status_cell(report: ProgressReport | None) -> str:
    return report.status if report is not None else ""


def _value_text(value: IndicatorValue | None) -> Any:
    if value is None:
        return None
    number = value.numeric_value
    if number is not None:
        # A plain number for Excel: 35, 12.5 (never Decimal("1E+2")).
        return int(number) if number == number.to_integral_value() else float(number)
    return value.text_value or None


def _indicator_title(indicator: Indicator) -> str:
    details = [indicator.get_kind_display().lower()]
    if indicator.unit:
        details.append(indicator.unit)
    if indicator.baseline or indicator.target:
        details.append(
            _("baseline %(baseline)s, target %(target)s")
            % {"baseline": indicator.baseline or "—", "target": indicator.target or "—"}
        )
    return f"↳ {indicator.name} ({'; '.join(details)})"


def _reports_for_template(
    user: Any, round_: ReportingRound, party: Party | None
) -> list[ProgressReport]:
    reports = ProgressReport.objects.visible_to(user).filter(round=round_)
    if party is not None:
        reports = reports.filter(party=party)
    return list(
        reports.select_related("activity", "party", "instrument", "priority_area")
        .prefetch_related(
            Prefetch(
                "activity__indicators",
                queryset=Indicator.objects.visible_to(user).order_by("pk"),
            ),
            Prefetch("indicator_values", queryset=IndicatorValue.objects.visible_to(user)),
        )
        .order_by("instrument__key", "priority_area__position", "activity__code", "party__code")
    )


def _previous_reports(
    user: Any, round_: ReportingRound, reports: list[ProgressReport]
) -> dict[tuple[int, int], ProgressReport]:
    """The same activity × party in the previous round, where the user may read it."""
    if round_.previous_id is None or not reports:
        return {}
    previous = (
        ProgressReport.objects.visible_to(user)
        .filter(round_id=round_.previous_id, party_id__in={r.party_id for r in reports})
        .prefetch_related(
            Prefetch("indicator_values", queryset=IndicatorValue.objects.visible_to(user))
        )
    )
    return {(r.activity_id, r.party_id): r for r in previous}


def template_rows(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | None = None,
) -> list[TemplateRow]:
    """The rows of the template, report rows each followed by their indicator rows."""
    reports = _reports_for_template(user, round, party)
    previous = _previous_reports(user, round, reports)
    open_for_user = round.status == ReportingRound.Status.OPEN and is_focal_point(user)
    rows: list[TemplateRow] = []
    for report in reports:
        before = previous.get((report.activity_id, report.party_id))
        editable = (
            open_for_user and report.party_id == user.party_id and report.state in EDITABLE_STATES
        )
        keys = {
            "round": round.pk,
            "instrument": report.instrument.key,
            "priority_area": report.priority_area.position,
            "activity": report.activity.code,
            "party": report.party.code,
            "state": report.state,
            "lock_version": report.lock_version,
        }
        rows.append(
            TemplateRow(
                values={
                    **keys,
                    "indicator": None,
                    "title": report.activity.title,
                    "status": report.status,
                    "percent": report.percent,
                    "narrative": report.narrative,
                    "previous_status": _status_cell(before),
                    "previous_percent": before.percent if before else None,
                    "previous_narrative": before.narrative if before else "",
                },
                is_indicator=False,
                editable=editable,
            )
        )
        values = {v.indicator_id: v for v in report.indicator_values.all()}
        previous_values = (
            {v.indicator_id: v for v in before.indicator_values.all()} if before else {}
        )
        for indicator in report.activity.indicators.all():
            rows.append(
                TemplateRow(
                    values={
                        **keys,
                        "indicator": indicator.pk,
                        "title": _indicator_title(indicator),
                        "value": _value_text(values.get(indicator.pk)),
                        "previous_value": _value_text(previous_values.get(indicator.pk)),
                    },
                    is_indicator=True,
                    editable=editable,
                )
            )
    return rows


def template_filename(round_: ReportingRound, party: Party | None, fmt: str) -> str:
    return f"mufakat-round-{round_.pk}-{party.code if party else 'all'}.{fmt}"


def export_round_file(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | str | None = None,
    fmt: str = XLSX,
) -> tuple[bytes, str]:
    """The template and the name to save it under (which says whose part of the round)."""
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose the format xlsx or csv.")})
    chosen = _export_party(user, round, party)
    rows = template_rows(user=user, round=round, party=chosen)
    content = _csv_bytes(rows) if fmt == CSV else _xlsx_bytes(round, rows)
    return content, template_filename(round, chosen, fmt)


def export_round_template(
    *,
    user: Any,
    round: ReportingRound,
    party: Party | str | None = None,
    fmt: str = XLSX,
) -> bytes:
    """The round (the user's party's part of it, or all of it for the Secretariat) as a file
    to fill offline and upload with :func:`~mufakat.monitoring.spreadsheets.import_round_file`.
    """
    content, _filename = export_round_file(user=user, round=round, party=party, fmt=fmt)
    return content


def _csv_text(value: Any) -> str:
    text = cell_text(value) if not isinstance(value, str) else value
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text  # so Excel shows it as text instead of running it
    return text


def _csv_bytes(rows: list[TemplateRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_text(row.values.get(name)) for name in HEADERS])
    # A byte-order mark, so Excel opens the file as UTF-8 rather than the local code page.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(round_: ReportingRound, rows: list[TemplateRow]) -> bytes:
    from mufakat.monitoring.spreadsheet_xlsx import xlsx_bytes  # loads openpyxl on first use

    return xlsx_bytes(round_, rows)
