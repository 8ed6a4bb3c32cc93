"""Frameworks an activity serves besides its own instrument: reference frameworks (the SDG 16
targets) and the priority areas of other instruments (the Bali Work Plan's pillars, a partner
work plan's priority issues, a plan of action's components).

A framework derived from an instrument *mirrors* its priority areas: each item points at the
area it mirrors and is kept in step with it by ``services.sync_instrument_framework``, which
``workplans.services.record_version`` calls on every change to an instrument. Nobody types an
area twice, and a mapping to an area follows it when it is renamed or moved.

Who may see a framework is its instrument's business (a reference framework has none and is
open to everyone); a mapping is visible only where both its activity and its item are.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import TrackedModel
from mufakat.core.visibility import VisibleQuerySet


class Framework(TrackedModel):
    visibility_parents = ("instrument",)

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable short identifier.")
    )
    title = models.CharField(_("title"), max_length=400)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    item_prefix = models.CharField(
        _("item prefix"),
        max_length=20,
        blank=True,
        help_text=_("Written before an item's code, as in “SDG 16.4”."),
    )
    instrument = models.OneToOneField(
        "workplans.Instrument",
        verbose_name=_("derived from"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("frameworks:framework", args=[self.key])

    @property
    def is_reference(self) -> bool:
        return self.instrument_id is None

    @property
    def prefix(self) -> str:
        return self.item_prefix or self.short_title or self.title


class FrameworkItem(TrackedModel):
    visibility_parents = ("framework__instrument",)

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    priority_area = models.OneToOneField(
        "workplans.PriorityArea",
        verbose_name=_("mirrors"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework_item",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("frameworks:item", args=[self.framework.key, self.code])

    @property
    def label(self) -> str:
        """How people cite it: “SDG 16.4”, “Bali Work Plan 2”."""
        return f"{self.framework.prefix} {self.code}"

    @property
    def reference(self) -> str:
        """The code a spreadsheet cell or an API client gives (see services.resolve_item_code)."""
        return f"{self.framework.key} / {self.code}"


class ActivityMapping(models.Model):
    """An activity serves a framework item."""

    visibility_parents = ("activity__priority_area__instrument", "item__framework__instrument")

    activity = models.ForeignKey(
        "workplans.Activity", on_delete=models.CASCADE, related_name="framework_mappings"
    )
    item = models.ForeignKey(FrameworkItem, on_delete=models.CASCADE, related_name="mappings")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "item"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "item"], name="activity_mapping_unique")
        ]
        indexes = [models.Index(fields=["item", "activity"])]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.item_id}"
