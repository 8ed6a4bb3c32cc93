"""Form helpers: the restriction fields every restricted form shares, and service errors
turned into form errors so the UI says what was wrong, where."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.core.models import SharingGroup
from mufakat.core.text import SafeTextForm

T = TypeVar("T")


class RestrictionFields(SafeTextForm):
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.PUBLIC
    )
    tlp = forms.ChoiceField(label=_("TLP label"), choices=TLP.choices, initial=TLP.CLEAR)
    sharing_groups = forms.ModelMultipleChoiceField(
        label=_("Sharing groups"), queryset=SharingGroup.objects.all(), required=False
    )


class VersionField(forms.IntegerField):
    """Hidden field carrying the version the editor started from."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call a service; on a validation error or conflict, attach it to the form and return None."""
    try:
        return call()
    except ConflictError as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    return None
