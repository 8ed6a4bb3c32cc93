"""Forms of the meeting pages. They only parse input; the rules are in ``services``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from mufakat.core.forms import RestrictionFields, VersionField
from mufakat.core.text import SafeTextForm
from mufakat.core.title_translations import TitleTranslationsField
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, MeetingDocument, Outcome
from mufakat.registry.models import Body, Party


def _code_choice(model: type[Body] | type[Party], label: Any, required: bool = True) -> Any:
    """A select whose value is the canonical code the services expect."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model._default_manager.order_by("code"),
        to_field_name="code",
        required=required,
    )


def code_of(value: Any) -> str | None:
    return value.code if value is not None else None


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class ListSelect(forms.Select):
    """A select of a filter form written in one pass, as Django's select templates write it.

    The list filters offer every body and party (over a hundred options); rendering each option
    through its own template was a fifth of a meetings list page. Grouped choices fall back to
    the templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"'
            f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            for _group, group_options, _index in groups
            for option in group_options
        )
        return mark_safe(  # every value above is escaped
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{options}\n</select>"
        )


def _body_choices(bodies: list[Body]) -> list[tuple[str, Any]]:
    return [("", _("All bodies"))] + [
        (b.code, f"{b.code} — {b.short_name or b.name}") for b in bodies
    ]


class MeetingFilterForm(SafeTextForm):
    """The GET filter above the meeting list (all optional)."""

    body = forms.ChoiceField(label=_("Body"), required=False, widget=ListSelect)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    host = forms.ChoiceField(label=_("Host"), required=False, widget=ListSelect)

    def __init__(self, *args: Any, bodies: list[Body], parties: list[Party], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices(bodies)  # type: ignore[attr-defined]
        self.fields["host"].choices = [("", _("Any host"))] + [  # type: ignore[attr-defined]
            (p.code, p.name) for p in parties
        ]


class CalendarFilterForm(SafeTextForm):
    body = forms.ChoiceField(label=_("Body"), required=False, widget=ListSelect)

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices(bodies)  # type: ignore[attr-defined]


class MeetingForm(RestrictionFields):
    body = _code_choice(Body, _("Body"))
    number = forms.IntegerField(
        label=_("Number"), required=False, min_value=1, help_text=_("19 for the 19th meeting.")
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty for “19th <body name>”."),
    )
    title_translations = TitleTranslationsField()
    start_date = forms.CharField(
        label=_("Start date"),
        max_length=10,
        help_text=_("YYYY-MM-DD, or YYYY-MM for a planned meeting whose day is not fixed yet."),
    )
    end_date = forms.CharField(
        label=_("End date"), required=False, max_length=10, help_text=_("YYYY-MM-DD")
    )
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    is_virtual = forms.BooleanField(label=_("Virtual meeting"), required=False)
    host = _code_choice(Party, _("Host"), required=False)
    chair = _code_choice(Party, _("Chair"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Where this comes from, so readers can check it."),
    )
    owner_party = _code_choice(Party, _("Owning party"), required=False)
    lock_version = VersionField()

    field_order = [
        "body",
        "number",
        "title",
        "title_translations",
        "start_date",
        "end_date",
        "city",
        "is_virtual",
        "host",
        "chair",
        "status",
        "summary",
        "source",
        "audience",
        "tlp",
        "owner_party",
        "sharing_groups",
    ]

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "body": meeting.body.code,
            "number": meeting.number,
            "title": meeting.title,
            "title_translations": meeting.title_translations,
            "start_date": str(meeting.start),
            "end_date": meeting.end_date.isoformat() if meeting.end_date else "",
            "city": meeting.city,
            "is_virtual": meeting.is_virtual,
            "host": code_of(meeting.host),
            "chair": code_of(meeting.chair),
            "status": meeting.status,
            "summary": meeting.summary,
            "source": meeting.source,
            "audience": meeting.audience,
            "tlp": meeting.tlp,
            "owner_party": code_of(meeting.owner_party),
            "sharing_groups": list(meeting.sharing_groups.all()),
            "lock_version": meeting.lock_version,
        }

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values under the names the services take (codes for registry records)."""
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        for name in ("body", "host", "chair", "owner_party"):
            data[name] = code_of(data.get(name))
        data["sharing_groups"] = list(data.get("sharing_groups") or [])
        return data


class AgendaItemForm(SafeTextForm):
    position = forms.IntegerField(
        label=_("Item number"), required=False, min_value=1, help_text=_("Empty: at the end.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    lock_version = VersionField()


class ParticipantForm(SafeTextForm):
    party = _code_choice(Party, _("Party"))
    agency = forms.CharField(
        label=_("Agency"), required=False, max_length=30, help_text=_("Acronym, e.g. BNPT.")
    )
    head_of_delegation = forms.CharField(
        label=_("Head of delegation"), required=False, max_length=200
    )


class OutcomeForm(RestrictionFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea)
    responsible = _code_choice(Party, _("Responsible party"), required=False)
    due_date = forms.CharField(
        label=_("Due"), required=False, max_length=10, help_text=_("YYYY-MM-DD, for action items.")
    )
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea)
    owner_party = _code_choice(Party, _("Owning party"), required=False)
    lock_version = VersionField()

    field_order = [
        "kind",
        "text",
        "responsible",
        "due_date",
        "source",
        "audience",
        "tlp",
        "owner_party",
        "sharing_groups",
    ]

    @classmethod
    def initial_for(cls, outcome: Outcome) -> dict[str, Any]:
        return {
            "kind": outcome.kind,
            "text": outcome.text,
            "responsible": code_of(outcome.responsible),
            "due_date": outcome.due_date.isoformat() if outcome.due_date else "",
            "source": outcome.source,
            "audience": outcome.audience,
            "tlp": outcome.tlp,
            "owner_party": code_of(outcome.owner_party),
            "sharing_groups": list(outcome.sharing_groups.all()),
            "lock_version": outcome.lock_version,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        for name in ("responsible", "owner_party"):
            data[name] = code_of(data.get(name))
        data["sharing_groups"] = list(data.get("sharing_groups") or [])
        return data


class ServiceCheckedChoice(forms.TypedChoiceField):
    """A select of suggestions whose value the service checks (so its message is the one shown)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return True


class ForwardForm(SafeTextForm):
    to_meeting = ServiceCheckedChoice(label=_("Forward to"))

    def __init__(self, *args: Any, meetings: Iterable[Meeting], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.title} ({m.start.display()})") for m in meetings
        ]


class DecisionForm(SafeTextForm):
    status = forms.ChoiceField(label=_("Decision"), choices=Forwarding.Status.choices)
    decision_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    resulting_outcome = ServiceCheckedChoice(
        label=_("Resulting outcome"),
        required=False,
        help_text=_("The outcome of the receiving meeting that took this up, if any."),
    )
    lock_version = VersionField()

    def __init__(self, *args: Any, outcomes: Iterable[Outcome], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("None"))]
        choices += [(o.pk, f"{o.reference}: {o.text[:80]}") for o in outcomes]
        self.fields["resulting_outcome"].choices = choices  # type: ignore[attr-defined]


# -- meeting documents -------------------------------------------------------------------------


class MeetingDocumentForm(RestrictionFields):
    """A document of a meeting: file or text, where it belongs, its own marking."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingDocument.Kind.choices)
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, empty_value=None, required=False
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX) or text; presentations as PDF."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Optional with a file: the file's text is read for search."),
    )
    published = forms.DateField(label=_("Date of the document"), required=False)
    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=1000, assume_scheme="https"
    )
    lock_version = VersionField()

    field_order = [
        "title",
        "kind",
        "agenda_item",
        "file",
        "text",
        "published",
        "source_url",
        "audience",
        "tlp",
        "sharing_groups",
    ]

    def __init__(
        self,
        *args: Any,
        agenda: Iterable[AgendaItem],
        groups: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("General (the whole meeting)"))] + [  # type: ignore[attr-defined]
            (a.pk, f"{a.position}. {a.title}") for a in agenda
        ]
        self.fields["sharing_groups"].queryset = groups  # type: ignore[attr-defined]
        self.fields["audience"].help_text = _(
            "Never wider than the meeting's audience; the TLP label caps it too."
        )
        if editing:
            for name in ("file", "text"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, doc: MeetingDocument) -> dict[str, Any]:
        return {
            "title": doc.title,
            "kind": doc.kind,
            "agenda_item": doc.agenda_item_id,
            "published": doc.published,
            "source_url": doc.source_url,
            "audience": doc.audience,
            "tlp": doc.tlp,
            "sharing_groups": list(doc.sharing_groups.all()),
            "lock_version": doc.lock_version,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        data.pop("file", None)
        data["sharing_groups"] = list(data.get("sharing_groups") or [])
        data["source_url"] = data.get("source_url") or ""
        return data


class DocumentVersionForm(SafeTextForm):
    file = forms.FileField(label=_("New file"))
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("Kept with the version it replaces, e.g. “Comments of Viet Nam added”."),
    )
    lock_version = VersionField()


# -- invitations and delegations ---------------------------------------------------------------


class InvitationForm(SafeTextForm):
    parties = forms.MultipleChoiceField(
        label=_("Parties to invite"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, parties: Iterable[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].choices = [  # type: ignore[attr-defined]
            (p.code, f"{p.name} ({p.code})") for p in parties
        ]


class DelegateForm(SafeTextForm):
    """One row of a delegation; an empty name leaves the row out."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    position = forms.CharField(label=_("Title"), required=False, max_length=200)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    is_head = forms.BooleanField(label=_("Head of delegation"), required=False)

    def __init__(self, *args: Any, agencies: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (a.acronym, f"{a.acronym} — {a.name}") for a in agencies
        ]


DelegateFormSet = forms.formset_factory(DelegateForm, extra=0, max_num=40, absolute_max=40)


class NominationForm(SafeTextForm):
    """The version of the invitation the delegation form was built from."""

    lock_version = VersionField()
