"""Forms of the registry's edit pages.

Plain forms, not model forms: they only parse input. The services decide what is valid, and
``run_service`` puts their errors on the fields here; ``lock_version`` carries the version the
editor started from so a concurrent edit conflicts instead of overwriting.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.core.forms import VersionField
from mufakat.core.text import SafeTextForm
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _aliases_field() -> forms.CharField:
    return forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: acronyms, spellings and wordings used in statements (e.g. "
            "“SOMTC WG on CT”). Ingest recognises these names in press statements."
        ),
    )


def _source_field() -> forms.CharField:
    return forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where this comes from, so readers can check it."),
    )


class PartyForm(SafeTextForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_(
            "ISO 3166-1 alpha-3 for states (IDN, JPN …); ASEAN, UNODC … for organisations."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Party.Kind.choices)
    is_asean_organ = forms.BooleanField(
        label=_("ASEAN organ"), required=False, help_text=_("ASEAN itself or its Secretariat.")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aliases = _aliases_field()
    source = _source_field()
    lock_version = VersionField()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Codes are canonical (URLs, exports, other apps' input); they do not change.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Codes are fixed once registered.")


class MembershipForm(SafeTextForm):
    status = forms.ChoiceField(label=_("Status"), choices=PartyMembership.Status.choices)
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the next status began; leave empty while it lasts."),
    )
    source = _source_field()


class AgencyForm(SafeTextForm):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.order_by("name"), to_field_name="code"
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=250)
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    source = _source_field()
    lock_version = VersionField()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Terms and users refer to the agency through its party.
            self.fields["party"].disabled = True


class BodyForm(SafeTextForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Like SOMTC-WG-CT, or BODY+PARTY for a consultation (SOMTC+JPN)."),
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Body.Level.choices)
    parent = forms.ModelChoiceField(
        label=_("Reports to"),
        queryset=Body.objects.order_by("order", "code"),
        to_field_name="code",
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Party.objects.order_by("name"),
        to_field_name="code",
        required=False,
        help_text=_("For consultations: the partners ASEAN meets in this body."),
    )
    crime_areas = forms.ModelMultipleChoiceField(
        label=_("Crime areas"),
        queryset=CrimeArea.objects.order_by("order", "name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    established = forms.CharField(label=_("Established"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, initial=0, help_text=_("Position among its siblings.")
    )
    aliases = _aliases_field()
    source = _source_field()
    lock_version = VersionField()

    def __init__(self, *args: Any, editing: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Codes are fixed once registered.")
            parent_field = self.fields["parent"]
            assert isinstance(parent_field, forms.ModelChoiceField)
            parent_field.queryset = Body.objects.exclude(pk=editing.pk).order_by("order", "code")


class TermForm(SafeTextForm):
    role = forms.ChoiceField(label=_("Role"), choices=Term.Role.choices)
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.order_by("name"), to_field_name="code"
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.select_related("party").order_by("party__code", "acronym"),
        required=False,
        help_text=_("Optional: the agency that holds the office for its party."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the next holder took over; leave empty while the term runs."),
    )
    source = _source_field()
    lock_version = VersionField()


class CrimeAreaForm(SafeTextForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority_since = forms.DateField(
        label=_("On the priority list since"), required=False, widget=DateInput()
    )
    priority_until = forms.DateField(
        label=_("On the priority list until"),
        required=False,
        widget=DateInput(),
        help_text=_("The day it was dropped from the list; leave empty while it is a priority."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    aliases = _aliases_field()
    source = _source_field()
    lock_version = VersionField()
