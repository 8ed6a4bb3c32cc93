"""The knowledge exchange: good practices, notes, training material and requests for expertise.

Every item is restricted (audience + TLP) and read only through the gate. Attachments, versions
and offers inherit their item's visibility; links to meetings, instruments and activities are
shown only where the reader may see the linked record too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import RestrictedModel, TrackedModel
from mufakat.core.urlcache import cached_reverse
from mufakat.core.visibility import VisibleQuerySet

#: Languages of the region (ISO 639-1) in which material is shared.
LANGUAGES = [
    ("en", _("English")),
    ("id", _("Bahasa Indonesia")),
    ("ms", _("Malay")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("fil", _("Filipino")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("my", _("Burmese")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("other", _("Other")),
]


class KnowledgeItem(RestrictedModel):
    """One piece of shared knowledge; each change leaves a :class:`KnowledgeItemVersion`."""

    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", _("Good practice")
        LESSON_LEARNED = "lesson_learned", _("Lesson learned")
        INFORMATION_NOTE = "information_note", _("Information note")
        TRAINING_MATERIAL = "training_material", _("Training material")
        LEGISLATION = "legislation", _("Legislation")
        STATISTICS = "statistics", _("Statistics")
        CASE_STUDY = "case_study", _("Case study")
        EXPERTISE_REQUEST = "expertise_request", _("Request for expertise")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    #: The title in other interface languages, {language code: title} (core.title_translations).
    title_translations = models.JSONField(_("title in other languages"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Formatted with Markdown: **bold**, lists, links.")
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="en")
    crime_areas = models.ManyToManyField(
        "registry.CrimeArea", verbose_name=_("crime areas"), blank=True, related_name="+"
    )
    parties = models.ManyToManyField(
        "registry.Party",
        verbose_name=_("parties concerned"),
        blank=True,
        related_name="knowledge_items",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("source meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
    )
    instrument = models.ForeignKey(
        "workplans.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
    )
    activity = models.ForeignKey(
        "workplans.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)
    is_open = models.BooleanField(
        _("still open"),
        default=True,
        help_text=_("For a request for expertise: whether offers are still wanted."),
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["kind", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("library:detail", self.pk)

    @property
    def is_request(self) -> bool:
        return self.kind == self.Kind.EXPERTISE_REQUEST


class KnowledgeItemVersion(models.Model):
    """An immutable copy of an item as it stood after a change (fields and restriction)."""

    visibility_parents = ("item",)

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="knowledge_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"library/{instance.item_id}/{filename}"


class Attachment(TrackedModel):
    """A file of an item; served only through a view that applies the gate, never as media."""

    visibility_parents = ("item",)

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Text extraction pending")
        DONE = "done", _("Text extracted")
        NONE = "none", _("No text to extract")
        FAILED = "failed", _("Text extraction failed")

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, help_text=_("Extracted for search."))
    text_status = models.CharField(
        max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["item", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ExpertiseOffer(TrackedModel):
    """An answer to a request for expertise: an item of one's own, or a contact, or both.

    Visible to whoever sees the request (and, when an item is offered, that item too).
    """

    visibility_parents = ("request", "item")

    request = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="offers")
    item = models.ForeignKey(
        KnowledgeItem,
        verbose_name=_("offered item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offered_for",
    )
    party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("offering party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("Who to ask, and how.")
    )
    message = models.TextField(_("message"), blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["request", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | ~Q(contact=""), name="offer_has_item_or_contact"
            )
        ]

    def __str__(self) -> str:
        return f"Offer for {self.request}"


class Follow(models.Model):
    """A user's interest in a crime area, a body or a sharing group, for the digest e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    crime_area = models.ForeignKey(
        "registry.CrimeArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        "registry.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sharing_group = models.ForeignKey(
        "core.SharingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(crime_area__isnull=False, body__isnull=True, sharing_group__isnull=True)
                    | Q(crime_area__isnull=True, body__isnull=False, sharing_group__isnull=True)
                    | Q(crime_area__isnull=True, body__isnull=True, sharing_group__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "crime_area"],
                condition=Q(crime_area__isnull=False),
                name="follow_crime_area_once",
            ),
            models.UniqueConstraint(
                fields=["user", "body"], condition=Q(body__isnull=False), name="follow_body_once"
            ),
            models.UniqueConstraint(
                fields=["user", "sharing_group"],
                condition=Q(sharing_group__isnull=False),
                name="follow_group_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.crime_area or self.body or self.sharing_group}"


class DigestDelivery(models.Model):
    """One digest sent to one user: which items up to when, so none is sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    covered_until = models.DateTimeField(help_text=_("Items published up to here are covered."))
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["user", "-covered_until"]
        get_latest_by = "covered_until"

    def __str__(self) -> str:
        return f"Digest to {self.user} until {self.covered_until:%Y-%m-%d %H:%M}"
