"""Forms of the reporting workflow. They collect input; every rule is in ``services``.

Choices (instruments, meetings, previous rounds) are limited to what the user may see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mufakat.core.audience import TLP, Audience
from mufakat.core.forms import RestrictionFields, VersionField
from mufakat.meetings.models import Meeting
from mufakat.monitoring.evidence_files import max_bytes
from mufakat.monitoring.models import ProgressReport, ProgressStatus, ReportingRound
from mufakat.monitoring.services import indicator_display
from mufakat.registry.models import Party
from mufakat.workplans.models import Indicator, Instrument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class CodedPartyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.start_date:%Y-%m-%d})" if obj.start_date else obj.title


class RoundForm(RestrictionFields):
    title = forms.CharField(
        label=_("Title"), max_length=300, help_text=_("For example “Round for the 24th SOMTC”.")
    )
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments"), queryset=Instrument.objects.none()
    )
    reporting_parties = CodedPartyChoice(
        label=_("Reporting parties"),
        queryset=Party.objects.order_by("code"),
        help_text=_("Each reports on the activities it leads or joins."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE_WIDGET)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)
    meeting = MeetingChoice(
        label=_("Feeds the meeting"), queryset=Meeting.objects.none(), required=False
    )
    previous = forms.ModelChoiceField(
        label=_("Previous round"),
        queryset=ReportingRound.objects.none(),
        required=False,
        help_text=_("Its reports are shown alongside, for comparison."),
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Where this round was decided, so readers can check it."),
    )

    field_order = [
        "title",
        "instruments",
        "reporting_parties",
        "opens_on",
        "due_date",
        "meeting",
        "previous",
        "audience",
        "tlp",
        "sharing_groups",
        "source",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = Instrument.objects.visible_to(user).order_by("title")  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.visible_to(user).select_related("body").order_by("-start_date")
        )
        self.fields["previous"].queryset = ReportingRound.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["audience"].initial = Audience.SHARING_GROUP
        self.fields["tlp"].initial = TLP.AMBER

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["instruments"] = list(data["instruments"])
        data["reporting_parties"] = list(data["reporting_parties"])
        data["sharing_groups"] = list(data.get("sharing_groups") or [])
        return data


class ReportForm(forms.Form):
    """Status, percent, narrative and one field per indicator of the activity."""

    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    percent = forms.CharField(
        label=_("Percent complete"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done since the last round, what is next, any obstacle."),
    )
    lock_version = VersionField()

    def __init__(
        self, *args: Any, report: ProgressReport, derived: bool = False, **kwargs: Any
    ) -> None:
        values = {v.indicator_id: indicator_display(v) for v in report.indicator_values.all()}
        initial = {
            "status": report.status,
            "percent": "" if report.percent is None else report.percent,
            "narrative": report.narrative,
            "lock_version": report.lock_version,
        }
        self.indicators = list(report.activity.indicators.all())
        for indicator in self.indicators:
            initial[self.indicator_field(indicator)] = values.get(indicator.pk, "")
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if derived:
            self.fields["percent"].help_text = _(
                "Leave empty to derive it from the status; a value you enter is kept."
            )
        else:
            self.fields["percent"].help_text = _("A whole number from 0 to 100.")
        for indicator in self.indicators:
            label = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
            hint = []
            if indicator.baseline:
                hint.append(_("baseline %s") % indicator.baseline)
            if indicator.target:
                hint.append(_("target %s") % indicator.target)
            self.fields[self.indicator_field(indicator)] = forms.CharField(
                label=label,
                required=False,
                help_text=", ".join(str(h) for h in hint),
                widget=(
                    forms.TextInput(attrs={"inputmode": "decimal"})
                    if indicator.kind == Indicator.Kind.NUMERIC
                    else forms.Textarea(attrs={"rows": 2})
                ),
            )

    @staticmethod
    def indicator_field(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "percent": data.get("percent") or None,
            "narrative": data.get("narrative", ""),
            "indicators": {i.pk: data.get(self.indicator_field(i), "") for i in self.indicators},
        }

    def add_error(self, field: str | None, error: Any) -> None:
        # The service names a bad indicator value "indicators"; show it above the form.
        super().add_error(field if field in self.fields or field is None else None, error)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, up to %s."
        ) % filesizeformat(max_bytes())


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the report."),
    )
