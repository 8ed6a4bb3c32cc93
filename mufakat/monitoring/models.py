"""Monitoring work-plan implementation: reporting rounds, progress reports, their versions,
review, and the frozen snapshot presented at a meeting.

Access: a round is a restricted record (audience + TLP, usually a sharing group such as
"ASEAN + Japan" with the Secretariat in it); its reports inherit the round's restriction and the
instrument's, and a *draft* is seen only by the reporting party (see
:class:`ProgressReportQuerySet`). Every count on a dashboard is computed from
``ProgressReport.objects.visible_to(user)``.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import RestrictedModel, TrackedModel
from mufakat.core.visibility import VisibleQuerySet


def _untied(to: Any) -> Any:
    """A reference without a database constraint, index or reverse accessor: for rows that keep
    figures about a record (a snapshot's part, a tally) and must not hold on to it or be
    deleted with it."""
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class PercentMode(models.TextChoices):
    ENTERED = "entered", _("Entered by the reporting party")
    DERIVED = "derived", _("Derived from the status")


class MonitoringSettings(TrackedModel):
    """Per-instrument choices for monitoring, kept apart from the instrument itself."""

    instrument = models.OneToOneField(
        "workplans.Instrument", on_delete=models.CASCADE, related_name="monitoring_settings"
    )
    percent_mode = models.CharField(
        _("percent complete"),
        max_length=10,
        choices=PercentMode.choices,
        default=PercentMode.ENTERED,
    )

    def __str__(self) -> str:
        return f"{self.instrument}: {self.get_percent_mode_display()}"


class ReportingRound(RestrictedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for reporting")
        CLOSED = "closed", _("Closed")
        FROZEN = "frozen", _("Frozen for its meeting")

    title = models.CharField(_("title"), max_length=300)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("feeds the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_rounds",
    )
    instruments = models.ManyToManyField(
        "workplans.Instrument", verbose_name=_("instruments"), related_name="reporting_rounds"
    )
    reporting_parties = models.ManyToManyField(
        "registry.Party", verbose_name=_("reporting parties"), related_name="reporting_rounds"
    )
    opens_on = models.DateField(_("opens on"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        help_text=_("Whose reports are shown alongside, for comparison."),
    )
    last_reminder_on = models.DateField(null=True, blank=True)
    # The first instant after the due day in the site's time zone, kept with the due date by
    # ``save()``: a report submitted before it was on time. Stored so that the database (the
    # tally triggers, see ``monitoring.tallies``) compares instants without time-zone rules.
    due_cutoff = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["-due_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("opens_on")), name="round_due_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:round", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.due_cutoff = due_cutoff(self.due_date)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "due_date" in update_fields:
            kwargs["update_fields"] = {*update_fields, "due_cutoff"}
        super().save(*args, **kwargs)


def due_cutoff(due_date: dt.date | str) -> dt.datetime:
    """Reports submitted before this instant were on time: the end of the due day, local time
    (the Secretariat's time zone, ``TIME_ZONE``)."""
    if isinstance(due_date, str):
        due_date = dt.date.fromisoformat(due_date)
    midnight = dt.datetime.combine(due_date + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NOT_REPORTED = "not_reported", _("Not reported")


#: Percent complete implied by a status where an instrument derives it (None: not counted).
DERIVED_PERCENT: dict[str, int | None] = {
    ProgressStatus.NOT_STARTED: 0,
    ProgressStatus.ON_TRACK: 50,
    ProgressStatus.DELAYED: 25,
    ProgressStatus.COMPLETED: 100,
    ProgressStatus.CANCELLED: None,
    ProgressStatus.NOT_APPLICABLE: None,
    ProgressStatus.NOT_REPORTED: None,
}


class ProgressReportQuerySet(VisibleQuerySet):
    """The gate for reports: the round's and the instrument's audience, and drafts (and reports
    returned for correction) only for the reporting party."""

    def gate_q(self, user: Any) -> Q:
        q = super().gate_q(user)
        party_id = getattr(user, "party_id", None) if user and user.is_authenticated else None
        unfinished = Q(state__in=[ProgressReport.State.DRAFT])
        if party_id:
            return q & (~unfinished | Q(party_id=party_id))
        return q & ~unfinished


class ProgressReport(TrackedModel):
    """One activity × reporting party × round."""

    visibility_parents = ("round", "instrument")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        ACCEPTED = "accepted", _("Accepted")

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports")
    activity = models.ForeignKey(
        "workplans.Activity", on_delete=models.PROTECT, related_name="progress_reports"
    )
    party = models.ForeignKey(
        "registry.Party", on_delete=models.PROTECT, related_name="progress_reports"
    )
    # Denormalised from the activity so rollups group without joins (kept by the services).
    instrument = models.ForeignKey(
        "workplans.Instrument", on_delete=models.PROTECT, related_name="progress_reports"
    )
    priority_area = models.ForeignKey(
        "workplans.PriorityArea", on_delete=models.PROTECT, related_name="progress_reports"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_REPORTED,
    )
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    percent_derived = models.BooleanField(
        default=False, help_text=_("True when the percentage was derived from the status.")
    )
    narrative = models.TextField(_("narrative"), blank=True)
    state = models.CharField(
        _("workflow"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # A lead party's endorsement, before the Secretariat accepts (see services.review_report).
    lead_reviewed_at = models.DateTimeField(null=True, blank=True)
    lead_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "activity__code", "party__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "activity", "party"], name="one_report_per_activity_party_round"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="percent_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "round", "status"]),
            models.Index(fields=["party", "round"]),
            # Covers every column the dashboard rollups read, so their GROUP BYs are answered
            # from the index alone (see monitoring.rollups; measured in benchmarks/rollup.py).
            models.Index(
                fields=[
                    "instrument",
                    "round",
                    "status",
                    "state",
                    "party",
                    "priority_area",
                    "percent",
                    "submitted_at",
                ],
                name="report_rollup_covering",
            ),
            # The same for a party's commitments across instruments (the party dashboard).
            models.Index(
                fields=["party", "instrument", "round", "status", "state", "percent"],
                name="report_party_rollup_covering",
            ),
            # The reports waiting for review (the review queue and its counts): a few percent of
            # all reports, so a partial index finds them without reading the rest.
            models.Index(
                fields=["round", "instrument", "party", "activity"],
                condition=Q(state="submitted"),
                name="report_waiting_review",
            ),
            # A lead party's queue: submitted reports of its activities, not yet endorsed.
            models.Index(
                fields=["activity", "party", "round", "instrument"],
                condition=Q(state="submitted", lead_reviewed_at__isnull=True),
                name="report_waiting_lead_review",
            ),
            # A round's compliance counts (monitoring.compliance._slot_counts): the endorsed
            # reports and the drafts saved at least once, each a few percent of a round, so the
            # counts are read from these and ``report_rollup_covering`` without the rows.
            models.Index(
                fields=["round", "party", "instrument"],
                condition=Q(state="submitted", lead_reviewed_at__isnull=False),
                name="report_endorsed",
            ),
            models.Index(
                fields=["round", "party", "instrument"],
                condition=Q(state="draft")
                & (
                    Q(lock_version__gt=1)
                    | ~Q(status="not_reported")
                    | ~Q(narrative="")
                    | Q(percent__isnull=False)
                ),
                name="report_started_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.code} · {self.party.code} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.pk])


class ReportVersion(models.Model):
    """The report as it stood at each submission (and each review), never changed again."""

    visibility_parents = ("report",)

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=ProgressReport.State.choices)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class IndicatorValue(TrackedModel):
    visibility_parents = ("report",)

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "workplans.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    numeric_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text_value = models.TextField(blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")
        ]


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.report.round_id}/{instance.report_id}/{filename}"


class Evidence(TrackedModel):
    """A file backing a report; served only through a view that applies the gate."""

    visibility_parents = ("report",)

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """The figures of a round as presented at its meeting; written once, never updated."""

    visibility_parents = ("round",)

    round = models.OneToOneField(ReportingRound, on_delete=models.PROTECT, related_name="snapshot")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
    )
    frozen_at = models.DateTimeField(auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField()

    objects = VisibleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Snapshot of {self.round}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("A snapshot never changes; amend in the next round.")
        super().save(*args, **kwargs)


class SnapshotPart(models.Model):
    """One instrument's part of a snapshot — its entry with areas and parties, its report
    cells, drafts and activities — stored beside the whole document when the round is frozen,
    so a page detailing one instrument of a large round reads kilobytes, not the megabytes of
    the whole document. Written once with its snapshot, never updated."""

    visibility_parents = ("snapshot",)

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="parts")
    #: The instrument as stored in the snapshot (its id): not a constraint, a snapshot keeps
    #: the figures of an instrument whatever becomes of it.
    instrument = _untied("workplans.Instrument")
    data = models.JSONField()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "instrument"], name="one_part_per_snapshot_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"Part {self.instrument_id} of snapshot {self.snapshot_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("A snapshot never changes; amend in the next round.")
        super().save(*args, **kwargs)


class Reminder(models.Model):
    """A reminder sent to one party about one round — by hand ("Remind now") or by the daily
    job. At most one a day per party and round (the constraint), whichever path sends it."""

    visibility_parents = ("round",)

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Sent by hand")
        SCHEDULED = "scheduled", _("Scheduled")

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MANUAL)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "party", "sent_on"], name="one_reminder_per_party_round_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.party_id} · {self.sent_on}"


class SpreadsheetImport(models.Model):
    """A large spreadsheet upload, checked while the uploader waited and applied by the task
    worker (see :mod:`mufakat.monitoring.spreadsheet_jobs`): the changes it found, who uploaded
    them, and how far the worker got. Only the uploader and the Secretariat read it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being applied")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Not saved")

    class Phase(models.TextChoices):
        CHECKING = "checking", _("Checking the reports again")
        SAVING = "saving", _("Saving every change at once")

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="spreadsheet_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    submit = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    #: The changes found in the file, per report (see spreadsheet_apply.Change), and the
    #: columns' names as the file had them (for problems found when applying).
    changes = models.JSONField(default=list)
    sheet = models.CharField(max_length=100, blank=True)
    columns = models.JSONField(default=dict)
    rows_read = models.PositiveIntegerField(default=0)
    reports_in_file = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    reports_changed = models.PositiveIntegerField(default=0)
    reports_submitted = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    #: Each claim by a worker counts one; the saving transaction commits only for the claim
    #: that still holds the job (a fencing token), and a job is given up after a few.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "lease_until"], name="sheet_import_lease")]

    def __str__(self) -> str:
        return f"{self.filename} · {self.round_id} · {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:round_import_job", args=[self.round_id, self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def reports_unchanged(self) -> int:
        return max(self.reports_in_file - self.reports_changed, 0)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        # Checking is the first 90 %; the one saving transaction the rest.
        share = 90 * self.checked // self.total
        return share + (5 if self.phase == self.Phase.SAVING else 0)


class _Tally(models.Model):
    """Counts of reports sharing a key, kept by the database on every write of a report (the
    triggers of :mod:`mufakat.monitoring.tallies`), so that a figure over a round's tens of
    thousands of reports reads a few thousand rows. Never written by the application.

    The gate is the reports' (:class:`ProgressReportQuerySet`): the round's and the
    instrument's audience, and drafts only for the reporting party. ``state`` is part of every
    key, so a reader's tallies add up to exactly the reports ``visible_to`` the reader. The
    foreign keys carry no database constraint: a tally lives and dies with its reports.
    """

    visibility_parents = ("round", "instrument")

    round = _untied(ReportingRound)
    instrument = _untied("workplans.Instrument")
    party = _untied("registry.Party")
    state = models.CharField(max_length=10, choices=ProgressReport.State.choices)
    #: Submitted before the round's ``due_cutoff`` (whatever the state since).
    in_time = models.BooleanField()
    n = models.IntegerField()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.round_id} · {self.instrument_id} · {self.party_id} · {self.state}: {self.n}"


class ReportTally(_Tally):
    """Reports by round, instrument, priority area, party, status and state, with their
    percentages summed: the dashboards' and rollups' figures."""

    priority_area = _untied("workplans.PriorityArea")
    status = models.CharField(max_length=16, choices=ProgressStatus.choices)
    pct_n = models.IntegerField()
    pct_sum = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "instrument",
                    "round",
                    "priority_area",
                    "party",
                    "status",
                    "state",
                    "in_time",
                ],
                name="report_tally_key",
            )
        ]
        indexes = [
            # A party's figures across instruments (the party dashboard), from the index alone.
            models.Index(
                fields=[
                    "party",
                    "round",
                    "instrument",
                    "status",
                    "state",
                    "n",
                    "pct_n",
                    "pct_sum",
                ],
                name="report_tally_party",
            ),
            # The key with the counts after it: the dashboards' sums are read from the index
            # alone (on both databases; PostgreSQL's INCLUDE would be lost on SQLite).
            models.Index(
                fields=[
                    "instrument",
                    "round",
                    "priority_area",
                    "party",
                    "status",
                    "state",
                    "in_time",
                    "n",
                    "pct_n",
                    "pct_sum",
                ],
                name="report_tally_counts",
            ),
        ]


class SlotTally(_Tally):
    """Reports by round, instrument, party and state, telling endorsed reports and drafts
    saved at least once apart: the compliance figures and the desk's rates."""

    #: Submitted, and endorsed by the lead party.
    endorsed = models.BooleanField()
    #: A draft saved at least once, or holding anything (``compliance.STARTED_DRAFT``).
    started = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instrument", "party", "state", "endorsed", "started", "in_time"],
                name="slot_tally_key",
            )
        ]
        indexes = [
            # The key with the count after it: a round's compliance counts, My desk's rates and
            # the report lists' group sizes are read from the index alone.
            models.Index(
                fields=[
                    "round",
                    "instrument",
                    "party",
                    "state",
                    "endorsed",
                    "started",
                    "in_time",
                    "n",
                ],
                name="slot_tally_counts",
            ),
        ]


class ActivityTally(models.Model):
    """Reports by round, instrument and activity: the activities a round expects a report on,
    each with how many (one per reporting party), kept by the same triggers as the other
    tallies. A round's compliance pages count and page its activities from these (~8,500 rows
    for a round of ~70,000 reports at ten times today's data) instead of finding the distinct
    activities among the reports on every request.

    The gate is the round's and the instrument's: that a slot exists is what anyone who may see
    both knows of it (a draft reads as "not started"); nothing of a report's content is here.
    """

    visibility_parents = ("round", "instrument")

    round = _untied(ReportingRound)
    instrument = _untied("workplans.Instrument")
    activity = _untied("workplans.Activity")
    n = models.IntegerField()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index the pages read: whether an activity has a slot in a round, and a
            # round's activities counted per instrument, from it alone.
            models.UniqueConstraint(
                fields=["round", "activity", "instrument"], name="activity_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.instrument_id} · {self.activity_id}: {self.n}"
