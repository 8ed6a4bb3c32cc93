"""Forms of the knowledge exchange. They only collect input: every rule is in ``services``.

Meetings, instruments and activities offered as links are limited to what the author may see;
a link an editor cannot see is kept as it is, never offered and never cleared.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.models import User
from mufakat.core import references
from mufakat.core.audience import TLP, Audience
from mufakat.core.forms import RestrictionFields, VersionField
from mufakat.core.models import SharingGroup
from mufakat.core.text import SafeTextForm
from mufakat.core.title_translations import TitleTranslationsField
from mufakat.core.uploads import ALL_TYPES, accepted_description, upload_max_bytes
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import Activity, Instrument

from . import selectors
from .models import LANGUAGES, KnowledgeItem


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class ItemFilterForm(SafeTextForm):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False)
    party = forms.ChoiceField(label=_("Party"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1967, max_value=2200)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = selectors.filter_choices()
        self.fields["kind"].choices = _blank(KnowledgeItem.Kind.choices)  # type: ignore[attr-defined]
        self.fields["crime_area"].choices = _blank(choices["crime_areas"])  # type: ignore[attr-defined]
        self.fields["party"].choices = _blank(choices["parties"])  # type: ignore[attr-defined]
        self.fields["language"].choices = _blank(LANGUAGES)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class CodedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class PeopleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        party = f" ({obj.party.code})" if obj.party_id else ""
        return f"{obj.get_full_name() or obj.username}{party}"


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.start_date:%Y-%m-%d})"


#: Links to records of other apps, each limited to what the editor may see.
LINKS = ("meeting", "instrument", "activity")


class ItemForm(RestrictionFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=KnowledgeItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    title_translations = TitleTranslationsField()
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in lists and digests."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, [links](https://…), tables."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
    crime_areas = forms.ModelMultipleChoiceField(
        label=_("Crime areas"), queryset=CrimeArea.objects.order_by("order", "name"), required=False
    )
    parties = CodedChoices(
        label=_("Parties concerned"), queryset=Party.objects.order_by("code"), required=False
    )
    meeting = MeetingChoice(
        label=_("Source meeting"), queryset=Meeting.objects.none(), required=False
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False
    )
    named_users = PeopleChoices(
        label=_("Named people"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For the audience “Named people” only; you stay among them."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where this comes from, so readers can check it."),
    )
    lock_version = VersionField()

    field_order = [
        "kind",
        "title",
        "title_translations",
        "summary",
        "body",
        "language",
        "crime_areas",
        "parties",
        "meeting",
        "instrument",
        "activity",
        "audience",
        "tlp",
        "sharing_groups",
        "named_users",
        "source",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].initial = Audience.ORGANISATION
        self.fields["tlp"].initial = TLP.AMBER
        self.fields["audience"].help_text = _(
            "Who may see this item. The TLP label caps it: CLEAR allows public, GREEN all "
            "platform users, AMBER up to sharing groups, AMBER+STRICT the organisation, RED "
            "named people."
        )
        # A confidential group is offered only to those who may know it exists.
        self.fields["sharing_groups"].queryset = references.readable(SharingGroup, user)  # type: ignore[attr-defined]
        querysets = {
            "meeting": selectors.linkable_meetings(user=user),
            "instrument": selectors.linkable_instruments(user=user),
            "activity": selectors.linkable_activities(user=user),
        }
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self.fields["named_users"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, party__isnull=False)
            .select_related("party")
            .order_by("party__code", "username")
        )
        self._keep_hidden_links(user, querysets)

    def _keep_hidden_links(self, user: Any, querysets: dict[str, Any]) -> None:
        """A link to a record the editor cannot see stays as it is: not offered, not cleared,
        and shown as restricted (:mod:`mufakat.core.references`)."""
        for name, queryset in querysets.items():
            current = self.initial.get(name)
            if current and not references.visible_ids(user, queryset.model, [current]):
                self.fields[name] = forms.CharField(
                    label=self.fields[name].label,
                    disabled=True,
                    required=False,
                    help_text=_("Linked to a record you cannot see; kept as it is."),
                )
                self.initial[name] = references.RESTRICTED

    @staticmethod
    def initial_for(item: KnowledgeItem) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "title": item.title,
            "title_translations": item.title_translations,
            "summary": item.summary,
            "body": item.body,
            "language": item.language,
            "crime_areas": list(item.crime_areas.values_list("pk", flat=True)),
            "parties": list(item.parties.values_list("pk", flat=True)),
            "meeting": item.meeting_id,
            "instrument": item.instrument_id,
            "activity": item.activity_id,
            "audience": item.audience,
            "tlp": item.tlp,
            "sharing_groups": list(item.sharing_groups.values_list("pk", flat=True)),
            "named_users": list(item.named_users.values_list("pk", flat=True)),
            "source": item.source,
            "lock_version": item.lock_version,
        }

    def service_data(self) -> dict[str, Any]:
        """Model field names → values, without the fields the editor may not change."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "lock_version" and not self.fields[name].disabled
        }


class AttachmentForm(SafeTextForm):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "%(types)s, up to %(size)s. The type is read from the content, not the name."
        ) % {"types": accepted_description(ALL_TYPES), "size": filesizeformat(upload_max_bytes())}


class OfferForm(SafeTextForm):
    item = forms.ModelChoiceField(
        label=_("Offer one of your items"),
        queryset=KnowledgeItem.objects.none(),
        required=False,
        help_text=_("It must be an item the requesting party can see."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_("Who to ask, and how (name, unit, e-mail)."),
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = selectors.offerable_items(user=user)  # type: ignore[attr-defined]
