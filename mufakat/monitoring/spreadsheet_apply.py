"""Checking and writing the changes of a spreadsheet upload, many reports at a time.

The rules are the service's (:func:`~mufakat.monitoring.services.plan_report_save`, the same
as the web form); only the writing is done in bulk, so a whole round costs a few queries per
hundred reports instead of some twenty-five per report. Every report still gets what
:func:`~mufakat.monitoring.services.save_report` gives it: its audit events (one per indicator
value and one for the report, chained in that order), a new ``lock_version`` and, when it is
submitted, a :class:`~mufakat.monitoring.models.ReportVersion`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Max, Model, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.audit.services import record_many, snapshot
from mufakat.core.errors import ConflictError
from mufakat.monitoring.models import (
    Evidence,
    IndicatorValue,
    MonitoringSettings,
    PercentMode,
    ProgressReport,
    ReportingRound,
    ReportVersion,
)
from mufakat.monitoring.services import indicator_display, plan_report_save
from mufakat.monitoring.spreadsheet_layout import VALUE_COLUMNS
from mufakat.workplans.models import Indicator

#: Reports written per statement batch (and between two test pauses).
BATCH = 250

#: ``problem(row, column, message)``: puts a problem where the person finds it in the file.
ProblemSink = Callable[[int | None, str, str], None]


@dataclass
class Change:
    """What the file changes in one report, as plain data (kept on a queued import)."""

    report_id: int
    expected_version: int
    changes: dict[str, Any]
    submit: bool
    first_row: int
    report_row: int | None = None
    indicator_rows: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        if "indicators" in self.changes:
            data["changes"] = {
                **self.changes,
                "indicators": {str(k): v for k, v in self.changes["indicators"].items()},
            }
        return data


@dataclass
class Planned:
    """One report's checked write: the fields that differ and the indicator values to set."""

    change: Change
    report: ProgressReport
    fields: dict[str, Any]
    indicators: dict[Indicator, tuple[Decimal | None, str]]


def load_reports(
    actor: Any, round_: ReportingRound, pks: Iterable[int]
) -> dict[int, ProgressReport]:
    """The reports, as the actor may see them, with what checking them reads (4 queries)."""
    reports = (
        ProgressReport.objects.visible_to(actor)
        .filter(round=round_, pk__in=list(pks))
        .select_related("activity", "party", "instrument")
        .prefetch_related(
            Prefetch("activity__indicators", queryset=Indicator.objects.visible_to(actor)),
            Prefetch("indicator_values", queryset=IndicatorValue.objects.order_by("pk")),
        )
    )
    found = {}
    for report in reports:
        report.round = round_
        found[report.pk] = report
    return found


def percent_modes(reports: Iterable[ProgressReport]) -> dict[int, str]:
    ids = {report.instrument_id for report in reports}
    modes = dict(
        MonitoringSettings.objects.filter(instrument_id__in=ids).values_list(
            "instrument_id", "percent_mode"
        )
    )
    return {pk: modes.get(pk) or PercentMode.ENTERED for pk in ids}


def service_problems(change: Change, exc: Exception, problem: ProblemSink) -> None:
    """Put the service's reasons on the row and column they are about."""
    row = change.report_row or change.first_row
    if isinstance(exc, ConflictError):
        problem(row, "lock_version", str(exc))
        return
    if isinstance(exc, PermissionDenied):
        problem(row, "party", str(exc) or _("Permission denied."))
        return
    assert isinstance(exc, ValidationError)
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            problem(row, "", message)
        return
    for key, messages in exc.message_dict.items():
        target, column = row, key if key in VALUE_COLUMNS else "state"
        if key.startswith("indicator"):
            pk = key.removeprefix("indicator_")
            fallback = next(iter(change.indicator_rows.values()), row)
            target = change.indicator_rows.get(pk, fallback) if pk.isdigit() else fallback
            column = "value"
        for message in messages:
            problem(target, column, message)


def check(
    *,
    actor: Any,
    changes: Sequence[Change],
    reports: dict[int, ProgressReport],
    modes: dict[int, str],
    problem: ProblemSink,
) -> list[Planned]:
    """Every change checked by the service's rules against ``reports`` (no query); what
    would change nothing is left out, what breaks a rule is reported through ``problem``."""
    planned = []
    for change in changes:
        report = reports.get(change.report_id)
        if report is None:
            problem(
                change.first_row,
                "party",
                _("This report is no longer available to you; nothing was saved."),
            )
            continue
        try:
            fields, indicators = plan_report_save(
                actor=actor,
                report=report,
                changes=change.changes,
                submit=change.submit,
                mode=modes[report.instrument_id],
            )
            if not fields and not indicators:
                continue
            if report.lock_version != change.expected_version:
                raise ConflictError(report.lock_version)
        except (ValidationError, ConflictError, PermissionDenied) as exc:
            service_problems(change, exc, problem)
            continue
        planned.append(Planned(change, report, fields, indicators))
    return planned


def stale(planned: Sequence[Planned], problem: ProblemSink) -> bool:
    """Lock the reports (one query) and report those saved by someone since they were checked.
    Run inside the writing transaction, so nobody saves them (or closes the round) until it
    ends."""
    if not planned:
        return False
    round_id = planned[0].report.round_id
    if not list(
        ReportingRound.objects.select_for_update()
        .filter(pk=round_id, status=ReportingRound.Status.OPEN)
        .values_list("pk", flat=True)
    ):
        problem(None, "", _("The round is not open for reporting."))
        return True
    versions = dict(
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(pk__in=[p.report.pk for p in planned])
        .values_list("pk", "lock_version")
    )
    found = False
    for item in planned:
        now = versions.get(item.report.pk)
        if now != item.report.lock_version:
            found = True
            service_problems(item.change, ConflictError(now or 0), problem)
    return found


def write(
    *,
    actor: Any,
    round_: ReportingRound,
    planned: Sequence[Planned],
    import_after: dict[str, Any] | None,
) -> int:
    """Write every planned change in bulk; the caller holds the transaction (and the locks:
    :func:`stale`). Returns how many reports were submitted."""
    submitted = 0
    pause = float(getattr(settings, "MUFAKAT_SPREADSHEET_TEST_PAUSE", 0) or 0)
    for start in range(0, len(planned), BATCH):
        submitted += _write_batch(actor, planned[start : start + BATCH])
        if pause:
            time.sleep(pause)
    if import_after is not None:
        after = {**import_after, "changed": len(planned), "submitted": submitted}
        record_many(actor, [{"action": "reportinground.import", "obj": round_, "after": after}])
    return submitted


def _write_batch(actor: Any, planned: Sequence[Planned]) -> int:
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    created: list[IndicatorValue] = []
    updated: list[IndicatorValue] = []
    value_events: dict[int, list[tuple[IndicatorValue, dict[str, Any] | None]]] = {}
    report_fields: set[str] = {"lock_version", "updated_at"}
    befores: dict[int, dict[str, Any]] = {}
    for item in planned:
        report = item.report
        befores[report.pk] = snapshot(report)
        current = {value.indicator_id: value for value in report.indicator_values.all()}
        events = value_events.setdefault(report.pk, [])
        for indicator, (numeric, text) in item.indicators.items():
            value = current.get(indicator.pk)
            if value is None:
                value = IndicatorValue(
                    report=report, indicator=indicator, numeric_value=numeric, text_value=text
                )
                _clean(value)
                created.append(value)
                events.append((value, None))
            else:
                before = snapshot(value)
                value.numeric_value, value.text_value = numeric, text
                value.lock_version += 1
                value.updated_at = now
                _clean(value)
                updated.append(value)
                events.append((value, before))
        for name, new in item.fields.items():
            setattr(report, name, new)
        report_fields.update(item.fields)
        report.lock_version += 1
        report.updated_at = now
        _clean(report)
    IndicatorValue.objects.bulk_create(created)
    bulk_set(updated, ["numeric_value", "text_value", "lock_version", "updated_at"])
    bulk_set([item.report for item in planned], sorted(report_fields & _REPORT_COLUMNS))
    # The report's prefetched values now hold what was written (new ones included).
    for value in created:
        cache = value.report._prefetched_objects_cache  # type: ignore[attr-defined]
        cache["indicator_values"]._result_cache.append(value)
    submitted = [p.report for p in planned if p.fields.get("state") == "submitted"]
    _write_versions(actor, user, submitted)
    audit: list[dict[str, Any]] = []
    for item in planned:
        report = item.report
        for value, earlier in value_events[report.pk]:
            if earlier is None:
                audit.append(
                    {"action": "indicatorvalue.create", "obj": value, "after": snapshot(value)}
                )
            else:
                audit.append(
                    {
                        "action": "indicatorvalue.update",
                        "obj": value,
                        "before": earlier,
                        "after": snapshot(value),
                    }
                )
        audit.append(
            {
                "action": "progressreport.submit" if item.change.submit else "progressreport.save",
                "obj": report,
                "before": befores[report.pk],
                "after": snapshot(report),
            }
        )
    record_many(actor, audit)
    return len(submitted)


def bulk_set(objs: Sequence[Model], names: Sequence[str]) -> None:
    """``UPDATE … FROM (VALUES …)``: the fields ``names`` of ``objs`` in one statement per
    batch. Django's ``bulk_update`` builds a CASE per row and field, which costs more Python
    than the whole rest of an import; the values are prepared by the fields as the ORM does."""
    if not objs:
        return
    model = type(objs[0])
    pk = model._meta.pk
    assert pk is not None
    fields: list[Any] = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)

    def cast(position: int, field: Any) -> str:
        # PostgreSQL types a VALUES list from its rows (all NULL would be text): cast each
        # column. SQLite stores what it is given (a CAST there would turn a date into a number).
        column = f"v.column{position}"
        if connection.vendor == "postgresql":
            return f"CAST({column} AS {field.cast_db_type(connection)})"
        return column

    sets = ", ".join(
        f"{quote(field.column)} = {cast(position, field)}"
        for position, field in enumerate(fields, start=2)
    )
    row = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    for start in range(0, len(objs), BATCH):
        batch = objs[start : start + BATCH]
        params: list[Any] = []
        for obj in batch:
            params.append(obj.pk)
            params.extend(
                field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields
            )
        sql = (
            f"UPDATE {table} SET {sets} FROM (SELECT * FROM (VALUES {', '.join([row] * len(batch))})"
            f" AS vv) AS v WHERE {table}.{quote(pk.column)} = {cast(1, pk)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _clean(obj: Any) -> None:
    """The field checks of ``full_clean`` without a query each: related records are the
    report's own (loaded through the gate) and the database holds the constraints."""
    obj.clean_fields(exclude=[f.name for f in obj._meta.concrete_fields if f.is_relation])


_REPORT_COLUMNS = frozenset(
    {
        "status",
        "percent",
        "percent_derived",
        "narrative",
        "state",
        "submitted_at",
        "submitted_by",
        "lead_reviewed_at",
        "lead_reviewed_by",
        "lock_version",
        "updated_at",
    }
)


def _write_versions(actor: Any, user: Any, reports: Sequence[ProgressReport]) -> None:
    """A version per submitted report, as ``services.report_data`` keeps it (2 queries)."""
    if not reports:
        return
    pks = [report.pk for report in reports]
    last = dict(
        ReportVersion.objects.filter(report_id__in=pks)
        .values("report_id")
        .annotate(n=Max("number"))
        .values_list("report_id", "n")
    )
    evidence: dict[int, list[str]] = {}
    for report_id, name in Evidence.objects.filter(report_id__in=pks).values_list(
        "report_id", "name"
    ):
        evidence.setdefault(report_id, []).append(name)
    versions = []
    for report in reports:
        values = sorted(report.indicator_values.all(), key=lambda v: v.indicator_id)
        data = {
            "status": report.status,
            "percent": report.percent,
            "percent_derived": report.percent_derived,
            "narrative": report.narrative,
            "indicators": {str(v.indicator_id): indicator_display(v) for v in values},
            "evidence": sorted(evidence.get(report.pk, [])),
            "review_comment": report.review_comment,
        }
        versions.append(
            ReportVersion(
                report=report,
                number=(last.get(report.pk) or 0) + 1,
                state=report.state,
                data=data,
                created_by=user,
            )
        )
    ReportVersion.objects.bulk_create(versions)
