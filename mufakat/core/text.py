"""Text that may be stored and shown: one rule for every API schema and every form.

Two kinds of characters are refused wherever a person or a client sends text:

* NUL (U+0000): PostgreSQL cannot store it, so it would fail deep in the database instead of
  at the door; lone surrogates cannot be encoded at all.
* Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
  text display in another order than it is stored ("Trojan Source"), so a title or a note could
  read differently to the Secretariat than to a search or an audit trail.

The API gets the rule through :class:`mufakat.core.schemas.InputSchema` and :data:`SafeText`,
forms through :class:`SafeTextForm`; both answer with a message that names the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator

_NUL = "\x00"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unsafe_text_reason(value: str) -> str | None:
    """Why ``value`` may not be stored, or None when it may."""
    if _NUL in value:
        return _("Must not contain the NUL character.")
    if _BIDI.search(value):
        return _(
            "Must not contain bidirectional override characters (U+202A–U+202E, U+2066–U+2069)."
        )
    if _SURROGATE.search(value):
        return _("Must not contain unpaired surrogate characters.")
    return None


def unsafe_value_reason(value: Any) -> str | None:
    """The same for a value that may hold text in lists or mappings (JSON, query lists)."""
    if isinstance(value, str):
        return unsafe_text_reason(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return next((r for r in map(unsafe_value_reason, value) if r), None)
    if isinstance(value, dict):
        for key, item in value.items():
            reason = unsafe_value_reason(key) or unsafe_value_reason(item)
            if reason:
                return reason
    return None


def validate_safe_text(value: Any) -> None:
    """Django validator: raise ``ValidationError`` for NUL or bidi-override characters."""
    reason = unsafe_value_reason(value)
    if reason:
        raise ValidationError(reason, code="unsafe_text")


def _checked(value: Any) -> Any:
    reason = unsafe_value_reason(value)
    if reason:
        raise ValueError(reason)
    return value


SafeText = Annotated[str, AfterValidator(_checked)]
"""A ``str`` for API parameters (path, query) that refuses what :func:`unsafe_text_reason` does."""


def check_pydantic_value(value: Any) -> Any:
    """Pydantic field check (ValueError → 422 on that field) used by the input schemas."""
    return _checked(value)


class SafeTextForm(forms.Form):
    """Base form: every text field refuses NUL and bidi-override characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_safe_text not in field.validators:
                field.validators.append(validate_safe_text)
