"""The mapping editor's and the mirror's small forms; the choices are what the editor may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mufakat.frameworks.models import FrameworkItem
from mufakat.workplans.models import Instrument


def _grouped(items: list[FrameworkItem]) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for item in items:
        title = item.title if len(item.title) <= 90 else item.title[:88] + "…"
        groups.setdefault(str(item.framework), []).append((item.pk, f"{item.label} — {title}"))
    return list(groups.items())


class AddItemForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Framework item"), coerce=int)

    def __init__(self, *args: Any, items: list[FrameworkItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [("", "—"), *_grouped(items)]  # type: ignore[attr-defined]

    def chosen(self) -> FrameworkItem:
        return self.items[self.cleaned_data["item"]]


class MirrorForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.none(), to_field_name="key"
    )

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
