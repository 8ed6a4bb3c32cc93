"""The form of the sharing-group edit page: it only parses input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.accounts.models import User
from mufakat.core.forms import VersionField
from mufakat.registry.models import Party


class UserChoiceField(forms.ModelMultipleChoiceField):
    """People by username, with their party, so the Secretariat picks the right one."""

    def label_from_instance(self, obj: Any) -> str:
        party = f" ({obj.party.code})" if obj.party_id else ""
        full_name = obj.get_full_name()
        return f"{full_name or obj.username}{party}"


class SharingGroupForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, like “ASEAN-JPN”."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "Only its members and the Secretariat will know this group exists and who is in it."
        ),
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Member parties"),
        queryset=Party.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone of these parties reads what is shared with the group."),
    )
    users = UserChoiceField(
        label=_("Named people"),
        queryset=User.objects.filter(is_active=True)
        .select_related("party")
        .order_by("party__code", "username"),
        to_field_name="username",
        required=False,
        help_text=_("People who belong to the group personally, whatever their party."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where this comes from, so readers can check it."),
    )
    lock_version = VersionField()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Codes are canonical (URLs, the API, follows refer to them); they do not change.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Codes are fixed once registered.")
