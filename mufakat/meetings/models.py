"""Meetings of bodies, what they produced (outcomes), and where outcomes were forwarded.

An outcome forwarded to a later meeting gets a decision there (noted, endorsed, …), recorded on
the :class:`Forwarding` and shown at the origin, so a recommendation can be traced
WG → SOMTC → AMMTC and back.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mufakat.core.models import RestrictedModel, TrackedModel
from mufakat.core.partial_dates import PartialDate, Precision, partial
from mufakat.core.urlcache import cached_reverse
from mufakat.core.visibility import VisibleQuerySet


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class Meeting(RestrictedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey("registry.Body", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    #: The title in other interface languages, {language code: title} (core.title_translations).
    title_translations = models.JSONField(_("title in other languages"), default=dict, blank=True)
    start_date = models.DateField(_("start date"))
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    is_virtual = models.BooleanField(_("virtual meeting"), default=False)
    host = models.ForeignKey(
        "registry.Party",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    chair = models.ForeignKey(
        "registry.Party",
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-start_date", "body__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique_per_body",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_end_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("meetings:detail", self.pk)

    @property
    def start(self) -> PartialDate:
        return PartialDate(self.start_date, self.start_precision)

    @property
    def end(self) -> PartialDate | None:
        return partial(self.end_date, Precision.DAY)

    @property
    def place(self) -> str:
        return str(_("online")) if self.is_virtual and not self.city else self.city

    def default_title(self) -> str:
        name = self.body.name
        return f"{ordinal(self.number)} {name}" if self.number else name


class AgendaItem(TrackedModel):
    visibility_parents = ("meeting",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Participant(TrackedModel):
    visibility_parents = ("meeting",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_of_delegation = models.CharField(_("head of delegation"), max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="participant_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.party.code} at {self.meeting}"


class FollowUp(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Outcome(RestrictedModel):
    """Something a meeting produced; numbered per meeting ("19/3").

    An *action item* is an outcome of that kind, or any outcome with both a responsible party and
    a due date; its follow-up (open/done) is kept by :class:`ActionItemUpdate` records.
    """

    visibility_parents = ("meeting",)

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")
        AGREEMENT = "agreement", _("Agreement")
        ENDORSEMENT = "endorsement", _("Endorsement")
        ADOPTION = "adoption", _("Adoption of an instrument")
        ACTION_ITEM = "action_item", _("Action item")
        REPORT = "report", _("Report")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    responsible = models.ForeignKey(
        "registry.Party",
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    instrument = models.ForeignKey(
        "workplans.Instrument",
        verbose_name=_("instrument concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    # Follow-up of an action item (see meetings.action_items): set only by its updates.
    follow_up = models.CharField(
        _("follow-up"), max_length=6, choices=FollowUp.choices, default=FollowUp.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="outcome_number_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"

    @property
    def reference(self) -> str:
        prefix = self.meeting.number if self.meeting.number else self.meeting.start_date.year
        return f"{self.meeting.body.code} {prefix}/{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.meeting_id]) + f"#outcome-{self.pk}"


class Forwarding(TrackedModel):
    """An outcome submitted to a later meeting, and what that meeting made of it."""

    visibility_parents = ("outcome", "to_meeting")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        NOTED = "noted", _("Noted")
        ENDORSED = "endorsed", _("Endorsed")
        ADOPTED = "adopted", _("Adopted")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="forwardings")
    to_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="received_forwardings"
    )
    status = models.CharField(
        _("status at destination"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_note = models.TextField(_("decision"), blank=True)
    resulting_outcome = models.ForeignKey(
        Outcome,
        verbose_name=_("resulting outcome"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="originating_forwardings",
        help_text=_("The outcome of the receiving meeting that took this one up, if any."),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["to_meeting__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "to_meeting"], name="forward_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome.reference} → {self.to_meeting}"


def document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingDocument(RestrictedModel):
    """A document about a meeting (press statement, report, record), with its text.

    Inherits the meeting's visibility (the most restrictive wins); the file, if any, is stored
    under an unguessable name and served only through a gated view, never as media.
    """

    visibility_parents = ("meeting",)

    class Kind(models.TextChoices):
        PROVISIONAL_AGENDA = "provisional_agenda", _("Provisional agenda")
        ANNOTATED_AGENDA = "annotated_agenda", _("Annotated agenda")
        WORKING_PAPER = "working_paper", _("Working paper")
        COUNTRY_REPORT = "country_report", _("Country report")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report of the meeting")
        PRESS_STATEMENT = "press_statement", _("Press statement")
        RECORD = "record", _("Meeting record")
        OTHER = "other", _("Other document")

    class TextStatus(models.TextChoices):
        NONE = "none", _("No file")
        PENDING = "pending", _("Text extraction pending")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Text extraction failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    text_status = models.CharField(
        max_length=8, choices=TextStatus.choices, default=TextStatus.NONE
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PRESS_STATEMENT
    )
    title = models.CharField(_("title"), max_length=300)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(upload_to=document_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    crime_areas = models.ManyToManyField(
        "registry.CrimeArea", verbose_name=_("crime areas"), blank=True, related_name="+"
    )
    parties = models.ManyToManyField(
        "registry.Party", verbose_name=_("parties"), blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-published", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", args=[self.pk])


def document_version_path(instance: "MeetingDocumentVersion", filename: str) -> str:
    return f"meetings/{instance.document.meeting_id}/versions/{filename}"


class MeetingDocumentVersion(models.Model):
    """A file a document carried before it was replaced; never changed again."""

    visibility_parents = ("document",)

    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_version_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="meeting_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


def action_evidence_path(instance: "ActionItemUpdate", filename: str) -> str:
    return f"action-items/{instance.outcome_id}/{filename}"


class ActionItemUpdate(TrackedModel):
    """A note on an action item by the responsible party (or the Secretariat), optionally with
    evidence, and the follow-up state it leaves the item in."""

    visibility_parents = ("outcome",)

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="updates")
    follow_up = models.CharField(_("follow-up"), max_length=6, choices=FollowUp.choices)
    note = models.TextField(_("note"))
    evidence = models.FileField(upload_to=action_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.outcome.reference}: {self.get_follow_up_display()}"


class Invitation(TrackedModel):
    """A party invited to a planned meeting, and whether it has named its delegation."""

    visibility_parents = ("meeting",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(_("delegation named"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="invitation_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.party.code} invited to {self.meeting}"


class Delegate(TrackedModel):
    """A member of a party's delegation to a meeting (the head first)."""

    visibility_parents = ("meeting",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegates")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("title"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "party__name", "-is_head", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "party"],
                condition=Q(is_head=True),
                name="one_head_per_delegation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.code})"


class CalendarToken(models.Model):
    """A secret in calendar subscription addresses: a calendar program reads its owner's feeds.

    Only the SHA-256 of the key is stored (as for API tokens, :mod:`mufakat.accounts.models`);
    the clear key is shown once, in the addresses given when it is made. It opens the meeting
    feeds and nothing else, and reads them as its owner *now*: a change of party, group or
    account applies at the next request. Issued and revoked by :mod:`mufakat.meetings.calendar_tokens`.
    """

    PREFIX = "mfc_"
    HINT_LENGTH = 10

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text=_("First characters, to recognise the token."))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active
