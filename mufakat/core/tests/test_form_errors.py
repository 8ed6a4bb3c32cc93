"""A field's error is announced when the form comes back, and a screen reader reads it with the
field: the field names the error's id in aria-describedby, and the error carries that id."""

from django import forms
from django.template.loader import render_to_string


class MeetingTitle(forms.Form):
    title = forms.CharField(help_text="As on the invitation.")


def test_a_field_error_is_announced_and_described_by_its_field() -> None:
    form = MeetingTitle(data={})
    assert not form.is_valid()

    html = render_to_string("includes/form_fields.html", {"form": form})

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert '<ul class="errorlist" id="id_title_error" role="alert">' in html
    assert '<p class="help" id="id_title_helptext">' in html
