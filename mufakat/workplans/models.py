"""Instruments (declarations → plans of action → work plans), their sections and activities.

Lineage is explicit (:class:`InstrumentLink`); each change to an instrument leaves an
:class:`InstrumentVersion`, so a revised work plan can be compared with what was adopted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import RestrictedModel, TrackedModel
from mufakat.core.partial_dates import PartialDate, Precision, partial
from mufakat.core.visibility import VisibleQuerySet


class Instrument(RestrictedModel):
    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        CONVENTION = "convention", _("Convention")
        PLAN_OF_ACTION = "plan_of_action", _("Plan of action")
        WORK_PLAN = "work_plan", _("Work plan")
        WORK_PROGRAMME = "work_programme", _("Work programme")
        ROADMAP = "roadmap", _("Roadmap")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        OTHER = "other", _("Other")

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable short identifier.")
    )
    title = models.CharField(_("title"), max_length=400)
    #: The title in other interface languages, {language code: title} (core.title_translations).
    title_translations = models.JSONField(_("title in other languages"), default=dict, blank=True)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    extended_to_year = models.PositiveSmallIntegerField(_("extended to"), null=True, blank=True)
    extended_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("extended at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="extended_instruments",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(_("place of adoption"), max_length=120, blank=True)
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_instruments",
    )
    reviewed_at = models.ManyToManyField(
        "meetings.Meeting",
        verbose_name=_("reviewed at"),
        blank=True,
        related_name="reviewed_instruments",
    )
    parties = models.ManyToManyField(
        "registry.Party", verbose_name=_("parties"), blank=True, related_name="instruments"
    )
    in_force_on = models.DateField(_("in force since"), null=True, blank=True)

    class Meta:
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="instrument_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("workplans:instrument", args=[self.key])

    @property
    def adopted(self) -> PartialDate | None:
        return partial(self.adopted_on, self.adopted_precision)

    @property
    def period(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or "")


class InstrumentLink(TrackedModel):
    """A lineage edge: ``source`` derives from / supersedes / amends ``target``."""

    visibility_parents = ("source", "target")

    class Kind(models.TextChoices):
        DERIVES_FROM = "derives_from", _("derives from")
        IMPLEMENTS = "implements", _("implements")
        SUPERSEDES = "supersedes", _("supersedes")
        AMENDS = "amends", _("amends")

    # Shadows TrackedModel.source (the provenance note, which goes into ``note`` here).
    source = models.ForeignKey(  # type: ignore[assignment]
        Instrument, on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["source", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="instrument_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="instrument_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class InstrumentVersion(models.Model):
    """An immutable copy of an instrument as it stood after a change."""

    visibility_parents = ("instrument",)

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class PriorityArea(TrackedModel):
    visibility_parents = ("instrument",)

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="priority_areas"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    crime_areas = models.ManyToManyField(
        "registry.CrimeArea",
        verbose_name=_("crime areas"),
        blank=True,
        related_name="priority_areas",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "position"]

    def __str__(self) -> str:
        return self.title


class Activity(TrackedModel):
    visibility_parents = ("priority_area__instrument",)

    priority_area = models.ForeignKey(
        PriorityArea, on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    lead_parties = models.ManyToManyField(
        "registry.Party", verbose_name=_("lead parties"), blank=True, related_name="led_activities"
    )
    participating_parties = models.ManyToManyField(
        "registry.Party",
        verbose_name=_("participating parties"),
        blank=True,
        related_name="joined_activities",
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    outputs = models.TextField(_("expected outputs"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["priority_area", "code"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workplans:activity", args=[self.pk])


class Indicator(TrackedModel):
    visibility_parents = ("activity__priority_area__instrument",)

    class Kind(models.TextChoices):
        NUMERIC = "numeric", _("Numeric")
        QUALITATIVE = "qualitative", _("Qualitative")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.name


class SpreadsheetUpload(models.Model):
    """A workbook uploaded for an instrument (or for a new one), kept between its preview and
    its confirmation. Only its uploader reads it; confirming compares ``base_fingerprint``
    with the instrument as it then stands, so an edit made meanwhile is never overwritten."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        APPLIED = "applied", _("Applied")

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="spreadsheet_uploads",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField()
    base_fingerprint = models.CharField(max_length=80)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    applied_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or str(self.token)
