"""A press statement read into proposals, waiting for a person to confirm them.

Nothing in the registry changes until the draft is confirmed: the draft keeps the text, the
extractor's JSON and, once confirmed, a summary of what was created and updated. Drafts are
private to their owner (and the Secretariat), so they are read through :mod:`selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def draft_path(instance: IngestDraft, filename: str) -> str:
    return f"ingest/{filename}"


class IngestDraft(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ingest_drafts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(upload_to=draft_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    published = models.DateField(_("publication date"), null=True, blank=True)
    text = models.TextField(_("text"))
    extraction = models.JSONField(default=dict)
    #: Versions of the matched records when the draft was made: a confirm that updates one
    #: changed since then conflicts instead of overwriting someone's edit.
    match_versions = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"Draft {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("ingest:review", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.DRAFT
