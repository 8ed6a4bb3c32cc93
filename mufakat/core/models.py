"""Base models every domain builds on: timestamps with optimistic locking, and restriction.

A *restricted* record carries an audience and a TLP label (DESIGN.md §3) and is read only
through :meth:`VisibleQuerySet.visible_to` — the one gate.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mufakat.core.audience import TLP, Audience, check_audience_within_tlp
from mufakat.core.visibility import VisibleQuerySet


class TrackedModel(models.Model):
    """Creation/update times and a version counter that makes concurrent edits conflict."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(
        default=1,
        help_text=_("Incremented on every change; an edit based on an older version conflicts."),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where this record comes from, so readers can check it."),
    )

    class Meta:
        abstract = True


class SharingGroup(TrackedModel):
    """A named set of parties (and optionally people) that items can be shared with."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Member list hidden from non-members.")
    )
    parties = models.ManyToManyField("registry.Party", blank=True, related_name="sharing_groups")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sharing_groups"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RestrictedModel(TrackedModel):
    """A record with an audience and a TLP label; children may name parents they inherit from."""

    #: Names of foreign keys whose target must be visible too ("children inherit").
    visibility_parents: ClassVar[tuple[str, ...]] = ()

    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ORGANISATION
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=TLP.choices, default=TLP.AMBER)
    owner_party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("owning party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("owning agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sharing_groups = models.ManyToManyField(
        SharingGroup, verbose_name=_("sharing groups"), blank=True, related_name="+"
    )
    named_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named people"), blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        check_audience_within_tlp(self.audience, self.tlp)

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC
