"""A work plan in and out of a workbook: download, upload → preview → confirm.

The upload is checked as a whole (every problem named by sheet, row and column) and kept
until its uploader confirms the preview. Confirming applies it in one transaction through the
instrument services (:mod:`mufakat.workplans.services`: the same rules, audit events and search
index as the forms), then records **one** version of the instrument. The preview carries a
fingerprint of the instrument as it stood; if it changed meanwhile, confirming is refused
rather than overwriting someone's edit. A file that changes nothing writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core.spreadsheet_files import (
    MAX_UNPACKED_RATIO,
    Problem,
    UnreadableFile,
    read_workbook,
)
from mufakat.monitoring.models import IndicatorValue, ProgressReport
from mufakat.workplans import services
from mufakat.workplans.models import Instrument, SpreadsheetUpload
from mufakat.workplans.permissions import can_edit_workplans
from mufakat.workplans.spreadsheet import frameworks, layout
from mufakat.workplans.spreadsheet.plan import ACTIVITY_FIELDS, Diff, diff
from mufakat.workplans.spreadsheet.reading import Parsed, Reader
from mufakat.workplans.spreadsheet.selectors import Stored, codes, stored_plan

#: What a row gives an activity through the services (its area and mappings are apart).
ACTIVITY_VALUES = tuple(n for n in ACTIVITY_FIELDS if n not in ("priority_area", "frameworks"))

#: A preview not confirmed within this long is refused: the file is uploaded again.
PREVIEW_LIFETIME = dt.timedelta(days=1)


class StalePreview(Exception):
    """The instrument changed after the preview: confirming would overwrite that change."""

    def __init__(self, version: int | None) -> None:
        self.version = version
        self.message = _(
            "The work plan was changed by someone else after your preview (it is now at "
            "version %s). Nothing was saved. Upload your file again to see your changes "
            "against the current plan."
        ) % (version or 0)
        super().__init__(self.message)


@dataclass
class Preview:
    """What an upload would do, or why it cannot be done."""

    filename: str
    instrument: Instrument | None
    problems: list[Problem] = field(default_factory=list)
    diff: Diff = field(default_factory=Diff)
    fingerprint: str = ""
    upload: SpreadsheetUpload | None = None
    #: The file was downloaded from an older version than the stored one.
    downloaded_version: int | None = None
    current_version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def outdated(self) -> bool:
        return bool(
            self.downloaded_version
            and self.current_version
            and self.downloaded_version != self.current_version
        )


@dataclass
class Applied:
    instrument: Instrument
    version: int | None
    diff: Diff


# -- download ----------------------------------------------------------------------------------


def workbook_for(*, user: Any, instrument: Instrument | None) -> tuple[bytes, str]:
    """The instrument (visible to ``user``: the caller's selector said so) as a workbook, or
    the blank template when ``instrument`` is None; with its file name."""
    from mufakat.workplans.spreadsheet.workbook import workbook_bytes

    stored = stored_plan(user=user, instrument=instrument)
    content = workbook_bytes(
        plan=stored.plan,
        codes=codes(user=user),
        version=stored.version,
        instrument=instrument,
    )
    if instrument is None:
        return content, "work-plan-template.xlsx"
    return content, f"{slugify(instrument.key)}.xlsx"


# -- upload and preview ------------------------------------------------------------------------


def _require_editor(actor: Any) -> None:
    if not can_edit_workplans(actor):
        raise PermissionDenied(_("Only the Secretariat may change work plans."))


def _parse(*, actor: Any, data: bytes, stored: Stored, problems: list[Problem]) -> Parsed | None:
    limit = layout.max_upload_bytes()
    if len(data) > limit:
        problems.append(
            Problem(
                "",
                None,
                "",
                _("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 2**20:g}"},
            )
        )
        return None
    try:
        sheets = read_workbook(
            data, names=layout.DATA_SHEETS, max_unpacked=limit * MAX_UNPACKED_RATIO
        )
    except UnreadableFile as exc:
        problems.append(Problem(exc.sheet, exc.row, "", exc.message))
        return None
    available = codes(user=actor, with_frameworks=False)
    instrument = stored.instrument

    def check_instrument(header: dict[str, Any]) -> None:
        values = {k: header.get(k) for k in ("kind", "start_year", "end_year")}
        services._check_instrument(values, instrument)
        if instrument is None:
            key = header.get("key") or ""
            if key in services.RESERVED_KEYS:
                raise ValidationError({"key": _("“%s” is reserved; choose another key.") % key})
            if key and Instrument.objects.filter(key=key).exists():
                raise ValidationError(
                    {"key": _("The key “%s” is already taken; choose another.") % key}
                )

    parsed = Reader(
        sheets,
        parties=list(available.parties),
        crime_areas=list(available.crime_areas),
        frameworks=(lambda text: frameworks.resolve(text, user=actor))
        if frameworks.enabled()
        else None,
        stored=stored.plan,
        new_instrument=instrument is None,
        check_instrument=check_instrument,
    ).read()
    problems.extend(parsed.problems)
    problems.extend(_removal_problems(stored, parsed, indicators=not parsed.problems))
    return parsed


def _removal_problems(stored: Stored, parsed: Parsed, *, indicators: bool) -> list[Problem]:
    """Removing what parties have reported on is refused: the records of their work stay.

    Removed indicators are matched only in a file without other problems (``indicators``)."""
    removed = [
        activity
        for code, activity in stored.activities.items()
        if code not in parsed.plan.activities
    ]
    problems = []
    if removed:
        reported = set(
            ProgressReport.objects.filter(activity__in=removed).values_list(
                "activity_id", flat=True
            )
        )
        for activity in removed if layout.ACTIVITIES in parsed.read else []:
            if activity.pk in reported:
                problems.append(
                    Problem(
                        layout.ACTIVITIES,
                        None,
                        "code",
                        _(
                            "Activity %s has progress reports, so its row cannot be removed; "
                            "put the row back (it can be marked cancelled in the next "
                            "reporting round instead)."
                        )
                        % activity.code,
                    )
                )
    if not indicators or "activities" not in parsed.read:
        return problems
    result = diff(stored.plan, parsed.plan)
    gone = []
    for item in result.of("indicator", "removed"):
        code, index = item.key
        if code in parsed.plan.activities:  # an indicator of a removed activity: said above
            gone.append(stored.indicators[code][index])
    if gone:
        valued = set(
            IndicatorValue.objects.filter(indicator__in=gone).values_list("indicator_id", flat=True)
        )
        for indicator in gone:
            if indicator.pk in valued:
                problems.append(
                    Problem(
                        layout.INDICATORS,
                        None,
                        "name",
                        _(
                            "The indicator “%(name)s” of %(code)s has values in progress "
                            "reports, so its row cannot be removed; put the row back."
                        )
                        % {"name": indicator.name, "code": indicator.activity.code},
                    )
                )
    return problems


def preview_upload(
    *, actor: Any, instrument: Instrument | None, data: bytes, filename: str
) -> Preview:
    """Check the file against ``instrument`` (None: a new one) and keep it for confirmation.

    The caller has checked that ``instrument`` is visible to ``actor``.
    """
    _require_editor(actor)
    if instrument is not None:
        instrument.refresh_from_db()  # the plan as it stands, not as the caller loaded it
    stored = stored_plan(user=actor, instrument=instrument)
    preview = Preview(filename=filename, instrument=instrument, current_version=stored.version)
    parsed = _parse(actor=actor, data=data, stored=stored, problems=preview.problems)
    if parsed is None or preview.problems:
        return preview
    preview.downloaded_version = parsed.version
    preview.diff = diff(stored.plan, parsed.plan, new_instrument=instrument is None)
    preview.fingerprint = stored.fingerprint
    with transaction.atomic():
        # One pending preview per person and instrument; expired ones go too.
        SpreadsheetUpload.objects.filter(
            uploaded_by=actor, instrument=instrument, state=SpreadsheetUpload.State.PENDING
        ).delete()
        SpreadsheetUpload.objects.filter(created_at__lt=timezone.now() - PREVIEW_LIFETIME).delete()
        preview.upload = SpreadsheetUpload.objects.create(
            instrument=instrument,
            uploaded_by=actor,
            filename=filename[:255],
            content=data,
            base_fingerprint=stored.fingerprint,
        )
    return preview


def preview_of(*, actor: Any, upload: SpreadsheetUpload) -> Preview:
    """The preview of a kept upload, worked out again against the instrument as it now is."""
    stored = stored_plan(user=actor, instrument=upload.instrument)
    preview = Preview(
        filename=upload.filename,
        instrument=upload.instrument,
        upload=upload,
        current_version=stored.version,
    )
    parsed = _parse(
        actor=actor, data=bytes(upload.content), stored=stored, problems=preview.problems
    )
    if parsed is None or preview.problems:
        return preview
    preview.downloaded_version = parsed.version
    preview.diff = diff(stored.plan, parsed.plan, new_instrument=upload.instrument is None)
    preview.fingerprint = upload.base_fingerprint
    return preview


# -- confirm -----------------------------------------------------------------------------------


def confirm_upload(*, actor: Any, upload: SpreadsheetUpload, fingerprint: str) -> Applied:
    """Apply a previewed upload in one transaction, as one version of the instrument.

    Refused (:class:`StalePreview`) when the instrument changed since the preview;
    a :class:`ValidationError` lists the problems if the file no longer fits.
    """
    _require_editor(actor)
    if upload.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded a file confirms it."))
    if upload.state != SpreadsheetUpload.State.PENDING:
        raise ValidationError(_("This upload was already applied; upload the file again."))
    if upload.created_at < timezone.now() - PREVIEW_LIFETIME:
        raise ValidationError(_("This preview has expired; upload the file again."))
    with transaction.atomic():
        instrument = upload.instrument
        if instrument is not None:
            instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        stored = stored_plan(user=actor, instrument=instrument)
        if fingerprint != upload.base_fingerprint or stored.fingerprint != upload.base_fingerprint:
            raise StalePreview(stored.version)
        problems: list[Problem] = []
        parsed = _parse(actor=actor, data=bytes(upload.content), stored=stored, problems=problems)
        if parsed is None or problems:
            raise ValidationError([p.message for p in problems])
        changes = diff(stored.plan, parsed.plan, new_instrument=instrument is None)
        version = None
        if not changes.empty:
            instrument = _apply(actor, stored, parsed, changes)
            counts = changes.counts()
            note = (
                _(
                    "Updated from a spreadsheet: %(added)s added, %(changed)s changed, "
                    "%(removed)s removed"
                )
                % counts
            )
            if stored.instrument is None:
                note = _("Created from a spreadsheet")
            version = services.record_version(actor=actor, instrument=instrument, note=note).number
            record(
                actor=actor,
                action="instrument.spreadsheet_import",
                obj=instrument,
                after={"file": upload.filename, "version": version, **counts},
            )
        assert instrument is not None
        upload.state = SpreadsheetUpload.State.APPLIED
        upload.applied_version = version
        upload.instrument = instrument
        upload.save(update_fields=["state", "applied_version", "instrument"])
    return Applied(instrument=instrument, version=version, diff=changes)


def _apply(actor: Any, stored: Stored, parsed: Parsed, changes: Diff) -> Instrument:
    """Every change through the instrument services, none of them versioned on its own."""
    plan = parsed.plan
    header = {k: plan.header.get(k) for k in ("key", "title", "short_title", "kind")}
    header |= {k: plan.header.get(k) for k in ("start_year", "end_year", "description")}
    header["parties"] = list(plan.header.get("parties") or ())
    if stored.instrument is None:
        instrument = services.create_instrument(actor=actor, data=header, version=False)  # type: ignore[arg-type]
    else:
        instrument = stored.instrument
        changed = {
            c.name: header[c.name]
            for item in changes.of("instrument", "changed")
            for c in item.changes
        }
        if changed:
            instrument = services.update_instrument(
                actor=actor,
                instrument=instrument,
                changes=changed,  # type: ignore[arg-type]
                expected_version=instrument.lock_version,
                version=False,
            )

    # Removals first: indicators, then activities (a removed area's too).
    for item in changes.of("indicator", "removed"):
        code, index = item.key
        if code in plan.activities:
            services.delete_indicator(
                actor=actor, indicator=stored.indicators[code][index], version=False
            )
    for item in changes.of("activity", "removed"):
        services.delete_activity(actor=actor, activity=stored.activities[item.key], version=False)

    areas = dict(stored.areas)
    for item in changes.of("priority_area", "added"):
        area_row = plan.areas[item.key]
        areas[item.key] = services.create_priority_area(
            actor=actor,
            instrument=instrument,
            data={
                "title": area_row.title,
                "position": area_row.number,
                "description": area_row.description,
                "crime_areas": list(area_row.crime_areas),
            },
            version=False,
        )
    changed_areas = {item.key: item for item in changes.of("priority_area", "changed")}
    for number, area in stored.areas.items():
        # An area that shared its position with another takes the number the workbook gave it.
        renumber = {"position": number} if area.position != number else {}
        area_item = changed_areas.get(number)
        if number not in plan.areas or not (area_item or renumber):
            continue
        values = (
            {c.name: _value(getattr(plan.areas[number], c.name)) for c in area_item.changes}
            if area_item
            else {}
        )
        areas[number] = services.update_priority_area(
            actor=actor,
            priority_area=area,
            changes=values | renumber,
            expected_version=area.lock_version,
            version=False,
        )

    activities = dict(stored.activities)
    for item in changes.of("activity", "changed"):
        fields = {c.name for c in item.changes} - {"frameworks", "priority_area"}
        if fields:
            activity = activities[item.key]
            activities[item.key] = services.update_activity(
                actor=actor,
                activity=activity,
                changes={n: _value(getattr(plan.activities[item.key], n)) for n in fields},
                expected_version=activity.lock_version,
                version=False,
            )
    for item in changes.of("activity", "added"):
        row = plan.activities[item.key]
        activities[item.key] = services.create_activity(
            actor=actor,
            priority_area=areas[row.priority_area],
            data={n: _value(getattr(row, n)) for n in ACTIVITY_VALUES},
            version=False,
        )

    for item in changes.of("indicator", "changed"):
        code, index = item.key
        indicator = stored.indicators[code][changes.indicator_matches[(code, index)]]
        new = plan.indicators[code][index]
        services.update_indicator(
            actor=actor,
            indicator=indicator,
            changes={c.name: getattr(new, c.name) for c in item.changes},
            expected_version=indicator.lock_version,
            version=False,
        )
    for item in changes.of("indicator", "added"):
        code, index = item.key
        new = plan.indicators[code][index]
        services.create_indicator(
            actor=actor,
            activity=activities[code],
            data={n: getattr(new, n) for n in ("name", "kind", "unit", "baseline", "target")},
            version=False,
        )

    for item in changes.of("priority_area", "removed"):
        services.delete_priority_area(
            actor=actor, priority_area=stored.areas[item.key], version=False
        )

    mapped = [
        item.key
        for item in changes.items
        if item.what == "activity"
        and item.action in ("added", "changed")
        and (item.action == "added" or any(c.name == "frameworks" for c in item.changes))
        and (item.action == "changed" or plan.activities[item.key].frameworks)
    ]
    if mapped and frameworks.enabled():
        frameworks.apply(
            actor=actor,
            mappings={activities[code]: plan.activities[code].frameworks for code in mapped},
        )
    return instrument


def _value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
