"""Edit forms for the Secretariat. They only collect input: every rule is in ``services``.

Choices of meetings and instruments are limited to what the editor may see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.core import references
from mufakat.core.forms import RestrictionFields, VersionField
from mufakat.core.text import SafeTextForm
from mufakat.core.title_translations import TitleTranslationsField
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans import selectors
from mufakat.workplans.models import Indicator, Instrument, InstrumentLink


def year_field(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1900, max_value=2200, required=False, help_text=help_text
    )


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.start_date:%Y-%m-%d})"


class MeetingMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.start_date:%Y-%m-%d})"


class PartyMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class InstrumentForm(RestrictionFields):
    key = forms.SlugField(
        label=_("Key"), max_length=80, help_text=_("Stable short identifier used in addresses.")
    )
    title = forms.CharField(label=_("Title"), max_length=400)
    title_translations = TitleTranslationsField()
    short_title = forms.CharField(label=_("Short title"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    start_year = year_field(_("From year"))
    end_year = year_field(
        _("To year"), _("Leave empty for a declaration or convention without a term.")
    )
    adopted_on = forms.CharField(
        label=_("Adopted on"),
        required=False,
        help_text=_("YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known."),
    )
    place = forms.CharField(label=_("Place of adoption"), max_length=120, required=False)
    adopted_at = MeetingChoice(
        label=_("Adopted at (meeting)"), queryset=Meeting.objects.none(), required=False
    )
    reviewed_at = MeetingMultipleChoice(
        label=_("Reviewed at (meetings)"),
        queryset=Meeting.objects.none(),
        required=False,
    )
    extended_to_year = year_field(_("Extended to year"))
    extended_at = MeetingChoice(
        label=_("Extended at (meeting)"), queryset=Meeting.objects.none(), required=False
    )
    parties = PartyMultipleChoice(label=_("Parties"), queryset=Party.objects.none(), required=False)
    in_force_on = forms.DateField(
        label=_("In force since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Where this record comes from, so readers can check it."),
    )
    lock_version = VersionField()

    field_order = [
        "key",
        "title",
        "title_translations",
        "short_title",
        "kind",
        "description",
        "start_year",
        "end_year",
        "adopted_on",
        "place",
        "adopted_at",
        "reviewed_at",
        "extended_to_year",
        "extended_at",
        "parties",
        "in_force_on",
        "source",
        "audience",
        "tlp",
        "sharing_groups",
    ]

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = selectors.meeting_choices(user=user)
        self.fields["adopted_at"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["extended_at"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["reviewed_at"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["parties"].queryset = selectors.party_choices()  # type: ignore[attr-defined]
        if editing:
            self.fields["key"].disabled = True
        self._keep_hidden_meetings(user)

    def _keep_hidden_meetings(self, user: Any) -> None:
        """A meeting the editor cannot see stays as it is: not offered, not cleared, and shown
        as restricted (:mod:`mufakat.core.references`)."""
        names = ("adopted_at", "extended_at")
        visible = references.visible_ids(user, Meeting, [self.initial.get(n) for n in names])
        for name in names:
            current = self.initial.get(name)
            if current and current not in visible:
                self.fields[name] = forms.CharField(
                    label=self.fields[name].label,
                    disabled=True,
                    required=False,
                    initial=references.RESTRICTED,
                    help_text=_("Set to a meeting you cannot see; kept as it is."),
                )
                self.initial[name] = references.RESTRICTED

    @staticmethod
    def initial_for(instrument: Instrument) -> dict[str, Any]:
        return {
            **{
                name: getattr(instrument, name)
                for name in (
                    "key",
                    "title",
                    "title_translations",
                    "short_title",
                    "kind",
                    "description",
                    "start_year",
                    "end_year",
                    "place",
                    "extended_to_year",
                    "in_force_on",
                    "source",
                    "audience",
                    "tlp",
                )
            },
            "adopted_on": str(instrument.adopted) if instrument.adopted else "",
            "adopted_at": instrument.adopted_at_id,
            "extended_at": instrument.extended_at_id,
            "reviewed_at": list(instrument.reviewed_at.values_list("pk", flat=True)),
            "parties": list(instrument.parties.values_list("pk", flat=True)),
            "sharing_groups": list(instrument.sharing_groups.values_list("pk", flat=True)),
            "lock_version": instrument.lock_version,
        }

    def service_data(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "lock_version" and not self.fields[name].disabled
        }


class LinkForm(SafeTextForm):
    kind = forms.ChoiceField(label=_("Relation"), choices=InstrumentLink.Kind.choices)
    target = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = selectors.instrument_choices(  # type: ignore[attr-defined]
            user=user, exclude=instrument
        )


class PriorityAreaForm(SafeTextForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    position = forms.IntegerField(
        label=_("Position"), min_value=1, required=False, help_text=_("Empty: placed last.")
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    crime_areas = forms.ModelMultipleChoiceField(
        label=_("Crime areas"), queryset=CrimeArea.objects.order_by("order", "name"), required=False
    )
    source = forms.CharField(label=_("Source"), widget=forms.Textarea, required=False)
    lock_version = VersionField()

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ActivityForm(SafeTextForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=400)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead_parties = PartyMultipleChoice(
        label=_("Lead parties"), queryset=Party.objects.none(), required=False
    )
    participating_parties = PartyMultipleChoice(
        label=_("Participating parties"),
        queryset=Party.objects.none(),
        required=False,
    )
    start_year = year_field(_("From year"))
    end_year = year_field(_("To year"))
    outputs = forms.CharField(
        label=_("Expected outputs"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One per line."),
    )
    source = forms.CharField(label=_("Source"), widget=forms.Textarea, required=False)
    lock_version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = selectors.party_choices()
        self.fields["lead_parties"].queryset = parties  # type: ignore[attr-defined]
        self.fields["participating_parties"].queryset = parties  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class IndicatorForm(SafeTextForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Indicator.Kind.choices)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.CharField(label=_("Baseline"), max_length=200, required=False)
    target = forms.CharField(label=_("Target"), max_length=200, required=False)
    source = forms.CharField(label=_("Source"), widget=forms.Textarea, required=False)
    lock_version = VersionField()

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class InstrumentFilterForm(SafeTextForm):
    """The list's filters; invalid values are ignored rather than refused."""

    q = forms.CharField(label=_("Title contains"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *Instrument.Kind.choices], required=False
    )
    party = forms.ChoiceField(label=_("Party"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("period", _("By period, newest first")),
            ("kind", _("Grouped by kind")),
            ("title", _("By title")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [  # type: ignore[attr-defined]
            ("", _("Any party")),
            *((p.code, f"{p.code} — {p.name}") for p in selectors.party_choices()),
        ]
