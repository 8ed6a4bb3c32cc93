"""The search index: one row per searchable record, filled explicitly by :mod:`.indexing`.

The index holds *no* audience: which documents a user may find is decided at query time by the
gate of the record each document stands for (``Model.objects.visible_to(user)``), so an
audience change can never leave a stale permission in the index.

The full-text part lives next to this table and is vendor specific (created by migration
0002): on SQLite an FTS5 table ``search_fts`` (rowid = document id); on PostgreSQL a
``tsvector`` column ``vector`` on the document table with a GIN index. Neither is a model
field — :mod:`.backends` reads and writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search knows about one record: display text, date and facet values."""

    class Type(models.TextChoices):
        ITEM = "item", _("Knowledge item")
        MEETING = "meeting", _("Meeting")
        OUTCOME = "outcome", _("Outcome")
        INSTRUMENT = "instrument", _("Instrument")
        DOCUMENT = "document", _("Meeting document")

    object_type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id"], name="search_document_once_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.title[:60]}"


class SearchFacet(models.Model):
    """A many-valued facet of a document (crime areas, parties) as canonical codes."""

    class Name(models.TextChoices):
        CRIME_AREA = "crime_area", _("Crime area")
        PARTY = "party", _("Party")

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=12, choices=Name.choices)
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "name", "value"], name="search_facet_once_per_document"
            )
        ]
        indexes = [models.Index(fields=["name", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
