"""Forms of the report of the meeting's pages: a paragraph edited, added or commented on, and
the note of a new version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.core.forms import VersionField
from mufakat.core.text import SafeTextForm


class ParagraphForm(SafeTextForm):
    """One paragraph of a draft; ``lock_version`` is the version the editor loaded."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    lock_version = VersionField()


class AddParagraphForm(SafeTextForm):
    after_key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
    section = forms.CharField(
        label=_("Heading"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the heading of the paragraph above."),
    )
    text = forms.CharField(label=_("New paragraph"), widget=forms.Textarea(attrs={"rows": 3}))
    lock_version = VersionField()


class CommentForm(SafeTextForm):
    paragraph_key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectionForm(SafeTextForm):
    change_note = forms.CharField(
        label=_("What the new version changes"),
        max_length=300,
        help_text=_("For example: “Comments of the delegations taken in” or “Date corrected”."),
    )
