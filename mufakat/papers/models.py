"""Stored meeting papers: the report of the meeting with its versions and comments, and every
document produced for a reader.

The report of a meeting goes chair's draft → circulated to delegations (they comment) →
adopted. Each :class:`RecordVersion` stores its paragraphs as JSON, each with the record it
states (``ref``, e.g. ``"meetings.outcome:12"``): a paragraph whose record a reader may not see
is left out when the version is rendered for that reader, so one adopted text serves every
delegation without leaking. An adopted version is frozen (:meth:`RecordVersion.save` refuses
changes to its paragraphs); a correction is a new version.

A :class:`ProducedDocument` is one PDF or DOCX produced for one reader (its audience is that
person only), stored so it can be downloaded again and audited: who produced which version of
which paper, for whom, with which marking and hash.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import RestrictedModel, TrackedModel
from mufakat.core.visibility import VisibleQuerySet


class RecordState(models.TextChoices):
    DRAFT = "draft", _("Chair's draft")
    CIRCULATED = "circulated", _("Circulated to delegations")
    ADOPTED = "adopted", _("Adopted")


class MeetingRecord(TrackedModel):
    """The report of one meeting ("Report of the 23rd SOMTC"): its versions and their state."""

    visibility_parents = ("meeting",)

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="record"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of the meeting")

    def __str__(self) -> str:
        return f"Report of {self.meeting}"


class RecordVersion(models.Model):
    """One version of a report of the meeting. ``paragraphs``: a list of
    ``{"key", "section", "text", "ref"}`` — ``section`` is the heading it belongs under,
    ``ref`` the record it states (``"app_label.model:pk"``) or ``""`` for the chair's own text,
    which every reader of the meeting may read."""

    visibility_parents = ("record__meeting",)

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=RecordState.choices, default=RecordState.DRAFT
    )
    paragraphs = models.JSONField(default=list)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["record", "number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="unique_record_version")
        ]

    def __str__(self) -> str:
        return f"{self.record} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An adopted version is frozen: its text never changes (a correction is a new version)."""
        if self.pk is not None:
            stored = RecordVersion.objects.filter(pk=self.pk).values("state", "paragraphs").first()
            if (
                stored
                and stored["state"] == RecordState.ADOPTED
                and (stored["paragraphs"] != self.paragraphs or self.state != RecordState.ADOPTED)
            ):
                raise ValidationError(
                    _("An adopted version is frozen; record a correction as a new version.")
                )
        super().save(*args, **kwargs)


class RecordComment(TrackedModel):
    """A delegation's comment on a circulated version, anchored to a paragraph's ``key``."""

    visibility_parents = ("version__record__meeting",)

    version = models.ForeignKey(RecordVersion, on_delete=models.CASCADE, related_name="comments")
    paragraph_key = models.CharField(max_length=40, blank=True)
    party = models.ForeignKey(
        "registry.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["version", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.version} by {self.author}"


class PaperKind(models.TextChoices):
    BRIEF = "brief", _("Meeting brief")
    RECORD = "record", _("Report of the meeting")
    STATUS_REPORT = "status_report", _("Implementation status report")


class PaperFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


def produced_path(instance: ProducedDocument, filename: str) -> str:
    return f"papers/{timezone.now():%Y/%m}/{filename}"


class ProducedDocument(RestrictedModel):
    """One PDF/DOCX of a paper produced for one reader. Its audience is that reader alone
    (``named``), its TLP the paper's marking; the meeting or instrument it is about must stay
    visible to them too."""

    visibility_parents = ("meeting", "instrument")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being produced")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("paper"), max_length=16, choices=PaperKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=PaperFormat.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="produced_papers",
    )
    instrument = models.ForeignKey(
        "workplans.Instrument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="produced_papers",
    )
    snapshot = models.ForeignKey(
        "monitoring.Snapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    record_version = models.ForeignKey(
        RecordVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    produced_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="produced_papers"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to=produced_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.format})"
