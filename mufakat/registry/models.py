"""The registry: who takes part (parties, agencies), where they meet (bodies), who leads (terms),
and what they work against (crime areas)."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import TrackedModel
from mufakat.core.urlcache import cached_reverse


def _in_period(start: dt.date, end: dt.date | None, day: dt.date | None) -> bool:
    day = day or dt.date.today()
    return start <= day and (end is None or day < end)


class Party(TrackedModel):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member state")
        OBSERVER = "observer", _("Observer")
        DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")
        ORGANISATION = "organisation", _("Organisation")
        OTHER_STATE = "other_state", _("Other state")

    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("ISO 3166-1 alpha-3, or ASEAN, UNODC …")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_asean_organ = models.BooleanField(
        _("ASEAN organ"), default=False, help_text=_("ASEAN itself or its Secretariat.")
    )
    notes = models.TextField(_("notes"), blank=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names, acronyms and spellings, one per line (read by the ingest)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("registry:party", self.code)

    def is_member_on(self, day: dt.date | None = None) -> bool:
        day = day or dt.date.today()
        return self.memberships.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day),
            status=PartyMembership.Status.MEMBER,
            start_date__lte=day,
        ).exists()


class PartyMembership(TrackedModel):
    """A dated status of a party towards ASEAN (Timor-Leste: observer 2022, member 2025)."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        OBSERVER = "observer", _("Observer")
        MEMBER = "member", _("Member")
        DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["party", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party.code} {self.status} {self.start_date}"

    def is_current_on(self, day: dt.date | None = None) -> bool:
        """Half-open period: ``end_date`` is the day the next status began."""
        return _in_period(self.start_date, self.end_date, day)


class Agency(TrackedModel):
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="agencies")
    acronym = models.CharField(_("acronym"), max_length=30)
    name = models.CharField(_("name"), max_length=250)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["party__code", "acronym"]
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["party", "acronym"], name="agency_acronym_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.acronym} ({self.party.code})"


class CrimeArea(TrackedModel):
    """One entry of the fixed taxonomy; its place on the priority list is dated, not hard-coded."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    priority_since = models.DateField(_("on the priority list since"), null=True, blank=True)
    priority_until = models.DateField(_("on the priority list until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names, acronyms and spellings, one per line (read by the ingest)."),
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def is_priority_on(self, day: dt.date | None = None) -> bool:
        day = day or dt.date.today()
        started = self.priority_since is None or self.priority_since <= day
        return started and (self.priority_until is None or day < self.priority_until)


class Body(TrackedModel):
    """A meeting body in the hierarchy: AMMTC ⊃ SOMTC ⊃ working groups; consultations."""

    class Level(models.TextChoices):
        SUMMIT = "summit", _("Summit")
        MINISTERIAL = "ministerial", _("Ministerial")
        SENIOR_OFFICIALS = "senior_officials", _("Senior officials")
        WORKING_GROUP = "working_group", _("Working group")
        CONSULTATION = "consultation", _("Consultation with partners")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    partners = models.ManyToManyField(
        Party, verbose_name=_("partners"), blank=True, related_name="consultations"
    )
    crime_areas = models.ManyToManyField(
        CrimeArea, verbose_name=_("crime areas"), blank=True, related_name="bodies"
    )
    established = models.CharField(_("established"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names, acronyms and spellings, one per line (read by the ingest)."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.short_name or self.code

    def get_absolute_url(self) -> str:
        return cached_reverse("registry:body", self.code)

    def ancestors(self) -> list["Body"]:
        chain: list[Body] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Term(TrackedModel):
    """A dated office in a body: chair, vice-chair or voluntary lead shepherd."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        LEAD_SHEPHERD = "lead_shepherd", _("Lead shepherd")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="terms")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["body", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.body.code}: {self.party.code}"

    def is_current_on(self, day: dt.date | None = None) -> bool:
        """Half-open period: ``end_date`` is the day the next holder took over."""
        return _in_period(self.start_date, self.end_date, day)
