"""Writes of the monitoring workflow: rounds, progress reports, their review, evidence.

Who may do what (the gate decides what they may *see*):

- the Secretariat (and platform admins) open, close and reopen rounds and set how an
  instrument's percent complete is obtained;
- a focal point reports for their own party only, while the round is open and the report is a
  draft or was returned;
- a submitted report is reviewed by the focal points of the activity's lead parties (an
  endorsement) and then by the Secretariat (the acceptance); either may return it with a comment.

The UI, the API and the spreadsheet import all call these functions, so a rule is written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core.errors import ConflictError
from mufakat.core.models import SharingGroup
from mufakat.core.services import check_audience_reachable, create_audited, update_audited
from mufakat.meetings.models import Meeting
from mufakat.monitoring.evidence_files import check_evidence_file
from mufakat.monitoring.models import (
    DERIVED_PERCENT,
    Evidence,
    IndicatorValue,
    MonitoringSettings,
    PercentMode,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    ReportVersion,
)
from mufakat.monitoring.permissions import (
    can_manage_rounds,
    is_focal_point,
    is_lead_reviewer,
    require_round_manager,
)
from mufakat.registry.models import Party
from mufakat.registry.selectors import resolve_parties
from mufakat.workplans.models import Activity, Indicator, Instrument

#: What ``save_report`` accepts in ``changes``.
REPORT_FIELDS = frozenset({"status", "percent", "narrative", "indicators"})

#: Workflow states in which the reporting party may still change its report.
EDITABLE_STATES = frozenset({ProgressReport.State.DRAFT, ProgressReport.State.RETURNED})

#: Statuses that say nothing about progress, so a percentage would be meaningless.
STATUSES_WITHOUT_PERCENT = frozenset(
    {ProgressStatus.CANCELLED, ProgressStatus.NOT_APPLICABLE, ProgressStatus.NOT_REPORTED}
)


# -- who may do what: mufakat.monitoring.permissions ----------------------------------------------


def _require_reporter(actor: Any, report: ProgressReport) -> None:
    if not is_focal_point(actor) or actor.party_id != report.party_id:
        raise PermissionDenied(
            _("Only a focal point of the reporting party may change this report.")
        )
    if report.round.status != ReportingRound.Status.OPEN:
        raise ValidationError({"round": _("The round is not open for reporting.")})
    if report.state not in EDITABLE_STATES:
        raise ValidationError(
            {
                "state": _(
                    "This report is %(state)s; it can be changed only while a draft or after it "
                    "was returned."
                )
                % {"state": report.get_state_display().lower()}
            }
        )


# -- percent mode --------------------------------------------------------------------------------


def percent_mode(instrument: Instrument | int) -> str:
    """How an instrument's percent complete is obtained (entered unless set otherwise)."""
    pk = instrument.pk if isinstance(instrument, Instrument) else instrument
    mode = MonitoringSettings.objects.filter(instrument_id=pk).values_list(
        "percent_mode", flat=True
    )
    return mode.first() or PercentMode.ENTERED


def set_percent_mode(*, actor: Any, instrument: Instrument, mode: str) -> MonitoringSettings:
    """Reports already saved keep their figures; the mode applies to the next saves."""
    require_round_manager(actor)
    if mode not in PercentMode.values:
        raise ValidationError({"percent_mode": _("Unknown percent mode “%s”.") % mode})
    with transaction.atomic():
        current = MonitoringSettings.objects.filter(instrument=instrument).first()
        if current is None:
            return create_audited(
                MonitoringSettings,
                actor=actor,
                data={"instrument": instrument, "percent_mode": mode},
            )
        if current.percent_mode == mode:
            return current
        return update_audited(
            current, actor=actor, changes={"percent_mode": mode}, expected_version=None
        )


# -- rounds --------------------------------------------------------------------------------------


def _instruments(actor: Any, values: Iterable[Instrument | str | int]) -> list[Instrument]:
    """Instruments the actor may see, given as objects, keys or ids."""
    values = list(values or [])
    if not values:
        raise ValidationError({"instruments": _("Choose at least one instrument.")})
    visible = Instrument.objects.visible_to(actor)
    found: list[Instrument] = []
    for value in values:
        if isinstance(value, Instrument):
            lookup: dict[str, Any] = {"pk": value.pk}
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            lookup = {"pk": int(value)}
        else:
            lookup = {"key": value}
        instrument = visible.filter(**lookup).first()
        if instrument is None:
            raise ValidationError({"instruments": _("No such instrument: %s.") % value})
        if instrument not in found:
            found.append(instrument)
    return found


def _parties(values: Iterable[Party | str], field: str) -> list[Party]:
    values = list(values or [])
    codes = [v for v in values if isinstance(v, str)]
    resolved = resolve_parties(codes, field=field) if codes else []
    parties = [v for v in values if isinstance(v, Party)] + resolved
    if not parties:
        raise ValidationError({field: _("Choose at least one reporting party.")})
    return parties


def _sharing_groups(values: Iterable[SharingGroup | str]) -> list[SharingGroup]:
    values = list(values or [])
    codes = {v for v in values if isinstance(v, str)}
    found = list(SharingGroup.objects.filter(code__in=codes))
    missing = codes - {g.code for g in found}
    if missing:
        raise ValidationError(
            {"sharing_groups": _("Unknown sharing group: %s.") % ", ".join(sorted(missing))}
        )
    return [v for v in values if isinstance(v, SharingGroup)] + found


def _meeting(actor: Any, value: Meeting | int | None) -> Meeting | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Meeting) else value
    meeting = Meeting.objects.visible_to(actor).filter(pk=pk).first()
    if meeting is None:
        raise ValidationError({"meeting": _("No such meeting: %s.") % pk})
    return meeting


def _previous_round(actor: Any, value: ReportingRound | int | None) -> ReportingRound | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, ReportingRound) else value
    previous = ReportingRound.objects.visible_to(actor).filter(pk=pk).first()
    if previous is None:
        raise ValidationError({"previous": _("No such round: %s.") % pk})
    return previous


def _date(value: dt.date | str, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({field: _("Give a date as YYYY-MM-DD.")}) from exc


def reports_to_create(
    round_: ReportingRound, instruments: list[Instrument], parties: list[Party]
) -> list[ProgressReport]:
    """One unsaved report per activity × reporting party that leads or joins it."""
    party_ids = {p.pk for p in parties}
    activities = (
        Activity.objects.filter(priority_area__instrument__in=instruments)
        .select_related("priority_area")
        .prefetch_related("lead_parties", "participating_parties")
        .order_by("priority_area__instrument_id", "priority_area__position", "code")
    )
    reports = []
    for activity in activities:
        involved = {p.pk for p in activity.lead_parties.all()} | {
            p.pk for p in activity.participating_parties.all()
        }
        for party_id in sorted(involved & party_ids):
            reports.append(
                ProgressReport(
                    round=round_,
                    activity=activity,
                    party_id=party_id,
                    instrument_id=activity.priority_area.instrument_id,
                    priority_area=activity.priority_area,
                    status=ProgressStatus.NOT_REPORTED,
                    state=ProgressReport.State.DRAFT,
                )
            )
    return reports


def open_round(
    *,
    actor: Any,
    title: str,
    instruments: Iterable[Instrument | str | int],
    reporting_parties: Iterable[Party | str],
    opens_on: dt.date | str,
    due_date: dt.date | str,
    meeting: Meeting | int | None = None,
    previous: ReportingRound | int | None = None,
    audience: str,
    tlp: str,
    sharing_groups: Iterable[SharingGroup | str] = (),
    source: str = "",
) -> ReportingRound:
    """Create an open round with a draft report for each activity × party involved in it, and
    tell the parties' focal points (a task, so a slow mail server does not hold the request)."""
    require_round_manager(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the round a title.")})
    opens = _date(opens_on, "opens_on")
    due = _date(due_date, "due_date")
    if due < opens:
        raise ValidationError({"due_date": _("The due date cannot be before the round opens.")})
    groups = _sharing_groups(sharing_groups)
    # Before any report is made: a round nobody can see would leave orphan reports behind.
    check_audience_reachable(audience, sharing_groups=groups)
    chosen_instruments = _instruments(actor, instruments)
    parties = _parties(reporting_parties, "reporting_parties")
    with transaction.atomic():
        round_ = create_audited(
            ReportingRound,
            actor=actor,
            action="reportinground.open",
            data={
                "title": title,
                "instruments": chosen_instruments,
                "reporting_parties": parties,
                "opens_on": opens,
                "due_date": due,
                "meeting": _meeting(actor, meeting),
                "previous": _previous_round(actor, previous),
                "audience": audience,
                "tlp": tlp,
                "sharing_groups": groups,
                "status": ReportingRound.Status.OPEN,
                "source": source,
            },
        )
        created = ProgressReport.objects.bulk_create(
            reports_to_create(round_, chosen_instruments, parties), batch_size=2000
        )
        record(
            actor=actor,
            action="reportinground.reports_created",
            obj=round_,
            after={"reports": len(created)},
        )
        from mufakat.monitoring.tasks import notify_round_opened

        notify_round_opened.enqueue(round_.pk)
    return round_


def _set_round_status(
    *, actor: Any, round_: ReportingRound, allowed_from: set[str], to: str, action: str
) -> ReportingRound:
    require_round_manager(actor)
    with transaction.atomic():
        if round_.status not in allowed_from:
            raise ValidationError(
                {
                    "status": _("The round is %(status)s.")
                    % {"status": round_.get_status_display().lower()}
                }
            )
        return update_audited(
            round_, actor=actor, changes={"status": to}, expected_version=None, action=action
        )


def close_round(*, actor: Any, round: ReportingRound) -> ReportingRound:
    """No more reporting; reports not submitted stay as they are (visible as not submitted)."""
    return _set_round_status(
        actor=actor,
        round_=round,
        allowed_from={ReportingRound.Status.OPEN},
        to=ReportingRound.Status.CLOSED,
        action="reportinground.close",
    )


def reopen_round(*, actor: Any, round: ReportingRound) -> ReportingRound:
    """A closed (never a frozen) round may be reopened, e.g. when a deadline is extended."""
    return _set_round_status(
        actor=actor,
        round_=round,
        allowed_from={ReportingRound.Status.CLOSED, ReportingRound.Status.DRAFT},
        to=ReportingRound.Status.OPEN,
        action="reportinground.reopen",
    )


# -- reports -------------------------------------------------------------------------------------


def _percent(value: Any) -> int | None:
    """An integer 0–100, or None for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError({"percent": _("Percent complete must be a whole number.")})
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValidationError({"percent": _("Percent complete must be a whole number.")})
        value = int(value)
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        if not text.lstrip("-").isdigit():
            raise ValidationError({"percent": _("Percent complete must be a whole number.")})
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError({"percent": _("Percent complete must be a whole number.")})
    if not 0 <= value <= 100:
        raise ValidationError({"percent": _("Percent complete must be between 0 and 100.")})
    return value


def _status(value: Any) -> str:
    if value not in ProgressStatus.values:
        raise ValidationError({"status": _("Unknown status “%s”.") % value})
    return str(value)


def check_percent_for_status(status: str, percent: int | None) -> None:
    """A percentage must agree with the status it is reported with."""
    if percent is None:
        return
    if status in STATUSES_WITHOUT_PERCENT:
        raise ValidationError(
            {
                "percent": _("Leave percent complete empty for an activity that is “%s”.")
                % ProgressStatus(status).label
            }
        )
    if status == ProgressStatus.COMPLETED and percent != 100:
        # xgettext:no-python-format
        raise ValidationError({"percent": _("A completed activity is 100% complete.")})
    if status == ProgressStatus.NOT_STARTED and percent != 0:
        # xgettext:no-python-format
        raise ValidationError({"percent": _("An activity not started is 0% complete.")})
    if status in (ProgressStatus.ON_TRACK, ProgressStatus.DELAYED) and percent == 100:
        raise ValidationError(
            {"percent": _("At 100% the activity is completed: choose the status “Completed”.")}
        )


def _resolve_percent(
    report: ProgressReport, changes: Mapping[str, Any], status: str, mode: str
) -> tuple[int | None, bool]:
    """The percent to store and whether it was derived.

    In derived mode an empty percent follows the status; a value the party entered is kept
    (and checked) — never overwritten silently. Sending back the derived value unchanged (as a
    form does) does not count as entering it.
    """
    if "percent" in changes:
        entered = _percent(changes["percent"])
        if report.percent_derived and entered == report.percent:
            entered = None
    else:
        entered = None if report.percent_derived else report.percent
    if entered is not None:
        check_percent_for_status(status, entered)
        return entered, False
    if mode == PercentMode.DERIVED:
        derived = DERIVED_PERCENT.get(status)
        return derived, derived is not None
    return None, False


def _indicator_changes(
    report: ProgressReport, values: Mapping[Any, Any]
) -> dict[Indicator, tuple[Decimal | None, str]]:
    """Validated new values of the indicators that change, keyed by indicator."""
    if not isinstance(values, Mapping):
        raise ValidationError({"indicators": _("Give indicator values as {id: value}.")})
    indicators = {i.pk: i for i in report.activity.indicators.all()}
    current = {v.indicator_id: v for v in report.indicator_values.all()}
    changed: dict[Indicator, tuple[Decimal | None, str]] = {}
    for key, raw in values.items():
        try:
            indicator = indicators[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"indicators": _("Indicator %s does not belong to this activity.") % key}
            ) from None
        text = "" if raw is None else str(raw).strip()
        numeric: Decimal | None = None
        if indicator.kind == Indicator.Kind.NUMERIC:
            if text:
                try:
                    numeric = Decimal(text.replace(",", ""))
                except InvalidOperation:
                    raise ValidationError(
                        {f"indicator_{indicator.pk}": _("“%s” needs a number.") % indicator.name}
                    ) from None
                if not numeric.is_finite() or abs(numeric) >= Decimal("1e12"):
                    raise ValidationError(
                        {f"indicator_{indicator.pk}": _("“%s” is out of range.") % indicator.name}
                    )
                numeric = numeric.quantize(Decimal("0.01"))
            text = ""
        old = current.get(indicator.pk)
        old_pair = (old.numeric_value, old.text_value) if old else (None, "")
        if (numeric, text) != old_pair:
            changed[indicator] = (numeric, text)
    return changed


def indicator_display(value: IndicatorValue) -> str:
    if value.numeric_value is not None:
        return f"{value.numeric_value.normalize():f}"
    return value.text_value


def report_data(report: ProgressReport) -> dict[str, Any]:
    """What a version keeps: the figures as the reviewer saw them."""
    return {
        "status": report.status,
        "percent": report.percent,
        "percent_derived": report.percent_derived,
        "narrative": report.narrative,
        "indicators": {
            str(v.indicator_id): indicator_display(v)
            for v in report.indicator_values.all().order_by("indicator_id")
        },
        "evidence": sorted(e.name for e in report.evidence.all()),
        "review_comment": report.review_comment,
    }


def _write_version(report: ProgressReport, actor: Any) -> ReportVersion:
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        state=report.state,
        data=report_data(report),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def plan_report_save(
    *,
    actor: Any,
    report: ProgressReport,
    changes: Mapping[str, Any],
    submit: bool,
    mode: str,
) -> tuple[dict[str, Any], dict[Indicator, tuple[Decimal | None, str]]]:
    """What saving ``changes`` would write to ``report`` (the fields that differ, and the
    indicator values that change), checked by every rule of :func:`save_report`; writes nothing.

    The spreadsheet upload checks a whole file with it before writing anything in bulk. It reads
    ``report.round``, ``report.activity.indicators`` and ``report.indicator_values`` (prefetch
    them to check many reports without a query each); ``mode`` is the instrument's percent mode.
    """
    _require_reporter(actor, report)
    status = _status(changes["status"]) if "status" in changes else report.status
    percent, derived = _resolve_percent(report, changes, status, mode)
    if percent is not None and not derived:
        check_percent_for_status(status, percent)
    narrative = report.narrative
    if "narrative" in changes:
        narrative = (changes["narrative"] or "").strip()
    indicators = _indicator_changes(report, changes.get("indicators") or {})
    fields: dict[str, Any] = {
        name: value
        for name, value in {
            "status": status,
            "percent": percent,
            "percent_derived": derived,
            "narrative": narrative,
        }.items()
        if getattr(report, name) != value
    }
    if submit:
        if status == ProgressStatus.NOT_REPORTED:
            raise ValidationError({"status": _("Choose a status before submitting.")})
        fields.update(
            state=ProgressReport.State.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=actor,
            lead_reviewed_at=None,
            lead_reviewed_by=None,
        )
    return fields, indicators


def save_report(
    *,
    actor: Any,
    report: ProgressReport,
    changes: Mapping[str, Any],
    expected_version: int | None,
    submit: bool = False,
) -> ProgressReport:
    """Save the reporting party's figures; with ``submit`` hand them in for review.

    A save that changes nothing changes nothing (no version, no new lock_version), so a
    re-uploaded spreadsheet is harmless. A stale ``expected_version`` conflicts only when the
    save would change something.
    """
    unknown = sorted(set(changes) - REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    with transaction.atomic():
        current = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("round", "activity", "party")
            .get(pk=report.pk)
        )
        fields, indicators = plan_report_save(
            actor=actor,
            report=current,
            changes=changes,
            submit=submit,
            mode=percent_mode(current.instrument_id),
        )
        if not fields and not indicators:
            return current
        if expected_version is not None and current.lock_version != expected_version:
            raise ConflictError(current.lock_version)
        for indicator, (numeric, text) in indicators.items():
            _save_indicator_value(actor, current, indicator, numeric, text)
        saved = update_audited(
            current,
            actor=actor,
            changes=fields,
            expected_version=None,
            action="progressreport.submit" if submit else "progressreport.save",
        )
        if submit:
            _write_version(saved, actor)
    return saved


def _save_indicator_value(
    actor: Any, report: ProgressReport, indicator: Indicator, numeric: Decimal | None, text: str
) -> None:
    value = IndicatorValue.objects.filter(report=report, indicator=indicator).first()
    if value is None:
        create_audited(
            IndicatorValue,
            actor=actor,
            data={
                "report": report,
                "indicator": indicator,
                "numeric_value": numeric,
                "text_value": text,
            },
        )
    else:
        update_audited(
            value,
            actor=actor,
            changes={"numeric_value": numeric, "text_value": text},
            expected_version=None,
        )


def review_report(
    *, actor: Any, report: ProgressReport, accept: bool, comment: str = ""
) -> ProgressReport:
    """Endorse (a lead party) or accept (the Secretariat) a submitted report, or return it.

    A lead party's endorsement leaves the report submitted for the Secretariat; a return sends
    it back to the reporting party with the comment, which is required so they know what to fix.
    Reviews are in the audit log; versions are the submissions (the next one carries the
    comment it answers).
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        current = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("round", "activity", "party")
            .get(pk=report.pk)
        )
        if current.state != ProgressReport.State.SUBMITTED:
            raise ValidationError(
                {
                    "state": _("Only a submitted report can be reviewed; this one is %s.")
                    % current.get_state_display().lower()
                }
            )
        secretariat = can_manage_rounds(actor)
        if not secretariat and not (
            current.lead_reviewed_at is None and is_lead_reviewer(actor, current)
        ):
            raise PermissionDenied(
                _("Only the activity's lead parties and the Secretariat review this report.")
            )
        if not accept and not comment:
            raise ValidationError({"comment": _("Say what needs fixing when returning a report.")})
        now = timezone.now()
        changes: dict[str, Any] = {"review_comment": comment}
        if not accept:
            changes.update(state=ProgressReport.State.RETURNED, reviewed_at=now, reviewed_by=actor)
            action = "progressreport.return"
        elif secretariat:
            changes.update(state=ProgressReport.State.ACCEPTED, reviewed_at=now, reviewed_by=actor)
            action = "progressreport.accept"
        else:
            changes.update(lead_reviewed_at=now, lead_reviewed_by=actor)
            action = "progressreport.endorse"
        return update_audited(
            current, actor=actor, changes=changes, expected_version=None, action=action
        )


# -- evidence ------------------------------------------------------------------------------------


def add_evidence(*, actor: Any, report: ProgressReport, uploaded_file: Any) -> Evidence:
    """Attach a file to a report. Its type is read from its content, not its name; a refused
    file leaves nothing behind."""
    with transaction.atomic():
        current = ProgressReport.objects.select_related("round").get(pk=report.pk)
        _require_reporter(actor, current)
        checked = check_evidence_file(uploaded_file)
        uploaded_file.name = checked.storage_name
        evidence = create_audited(
            Evidence,
            actor=actor,
            data={
                "report": current,
                "file": uploaded_file,
                "name": checked.name,
                "content_type": checked.content_type,
                "size": checked.size,
                "uploaded_by": actor,
            },
        )
        ProgressReport.objects.filter(pk=current.pk).update(
            lock_version=current.lock_version + 1, updated_at=timezone.now()
        )
    return evidence


def remove_evidence(*, actor: Any, evidence: Evidence) -> None:
    with transaction.atomic():
        report = ProgressReport.objects.select_related("round").get(pk=evidence.report_id)
        _require_reporter(actor, report)
        record(actor=actor, action="evidence.delete", obj=evidence, before={"name": evidence.name})
        stored = evidence.file.name
        storage = evidence.file.storage
        evidence.delete()
        ProgressReport.objects.filter(pk=report.pk).update(
            lock_version=report.lock_version + 1, updated_at=timezone.now()
        )
        transaction.on_commit(lambda: storage.delete(stored))
